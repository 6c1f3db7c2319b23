"""The table body of the list of participants, drawn in Python rather than in a template loop
(about 200 rows × 10 cells): each participant's stage, dates and implementation by category."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from treaty import scorecard
from treaty.models import Participant
from treaty.status import ParticipantStatus, TreatyStatus
from treaty.views import html
from treaty.views.common import CATEGORY_LABELS, with_as_of
from treaty.views.narrative import instrument_kind
from treaty.views.regions import region_label


def instrument_cell(participant: ParticipantStatus) -> SafeString:
    if participant.consent_on is None:
        return format_html("{}", "—")
    return format_html(
        '{} <span class="nowrap">{}</span>',
        instrument_kind(participant.consent_kind).capitalize(),
        html.day(participant.consent_on),
    )


def table_body(
    participants: list[Participant],
    status: TreatyStatus,
    cards: dict[int, scorecard.Scorecard],
    categories: list[str],
    at: date | None,
) -> SafeString:
    """The table body, built here rather than in a template loop: about 200 rows × 10 cells
    (template tags in a loop cost about 10 µs each; see STACK.md "Performance findings")."""
    reio_note = format_html(' <span class="note">({})</span>', _("regional organization"))

    def category_cells(participant: Participant) -> SafeString:
        scores = cards[participant.pk].categories
        return format_html_join(
            "",
            '<td class="num">{}</td>',
            (
                # A category with nothing assessed draws a dash, not a "0 / n" bar.
                (html.score_bar(scores.get(c), label=CATEGORY_LABELS[c]),)
                for c in categories
            ),
        )

    def row(p: Participant) -> tuple[Any, ...]:
        mine = status.of(p.iso3)
        return (
            with_as_of(p.get_absolute_url(), at),
            p.localized_name(),
            reio_note if p.is_reio else "",
            region_cell(p),
            html.stage_badge(mine.stage),
            html.day_or_range(mine.signed_on, mine.signed_earliest),
            instrument_cell(mine),
            html.day(mine.entry_into_force_on),
            category_cells(p),
        )

    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a>{}</th><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}</td><td>{}</td>{}</tr>",
        (row(p) for p in participants),
    )


def region_cell(participant: Participant) -> SafeString:
    """The M49 region, with the sub-region beneath it when it says more ("Africa",
    "Sub-Saharan Africa")."""
    region, subregion = participant.region, participant.subregion
    if not region:
        return format_html("{}", region_label(subregion) or "—")
    if not subregion or subregion == region:
        return format_html("{}", region_label(region))
    return format_html(
        '{}<span class="subregion">{}</span>', region_label(region), region_label(subregion)
    )
