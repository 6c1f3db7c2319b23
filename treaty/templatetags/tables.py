"""The bodies of the long tables, drawn from the rows the pages build as data: the list of
participants (about 200 rows x 10 cells), a participant's obligations (about 60), an
obligation's participants, an article's matrix and the depositary's status table.

Built here with ``format_html_join`` rather than in a template loop: a tag or a variable in a
loop costs microseconds each, thousands of them per table (figure 2 of bench/RESULTS.md). The
cells' markup is ``treaty.templatetags.fragments``', the same as the tags of ``tracker``
draw."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from treaty.templatetags.fragments import (
    day,
    day_or_range,
    evidence,
    score_bar,
    stage_badge,
    status_badge,
    verified,
)

if TYPE_CHECKING:
    from treaty.views.country_parts import ObligationGroup
    from treaty.views.country_table import CountryRow
    from treaty.views.depositary import Cell, TableRow
    from treaty.views.obligation_rows import MatrixRow, ParticipantRow

register = template.Library()
NOTHING = SafeString("")


@register.simple_tag
def countries_body(rows: Sequence[CountryRow]) -> SafeString:
    """The list of participants: name, region, stage, signature, instrument, entry into force,
    then a bar (or a dash, for nothing assessed) per category."""
    language = get_language()
    reio_note = format_html(' <span class="note">({})</span>', _("regional organization"))
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a>{}</th><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}</td><td>{}</td>{}</tr>",
        (
            (
                row.url,
                row.name,
                reio_note if row.is_reio else NOTHING,
                _region(row),
                stage_badge(row.stage, language=language),
                day_or_range(row.signed_on, row.signed_earliest, language=language),
                _instrument(row, language),
                day(row.entry_into_force_on, language=language),
                SafeString(
                    "".join(
                        f'<td class="num">{score_bar(score, label=label, language=language)}</td>'
                        for score, label in row.scores
                    )
                ),
            )
            for row in rows
        ),
    )


def _region(row: CountryRow) -> SafeString:
    if not row.subregion:
        return format_html("{}", row.region)
    return format_html('{}<span class="subregion">{}</span>', row.region, row.subregion)


def _instrument(row: CountryRow, language: str | None) -> SafeString:
    if row.consent_on is None:
        return format_html("{}", "—")
    return format_html(
        '{} <span class="nowrap">{}</span>', row.instrument, day(row.consent_on, language=language)
    )


@register.simple_tag
def obligations_body(groups: Sequence[ObligationGroup]) -> SafeString:
    """A participant's obligations, under a heading row per category: title, strength,
    articles, status, evidence, as of, and who verified it."""
    language = get_language()
    from_record = format_html('<span class="note">{}</span>', _("From the depositary record."))
    parts = []
    for group in groups:
        parts.append(
            format_html(
                '<tr class="group"><th scope="colgroup" colspan="5">{}</th></tr>', group.label
            )
        )
        parts.append(
            format_html_join(
                "\n",
                '<tr><th scope="row"><a href="{}">{}</a> <span class="note">({})</span></th>'
                "<td>{}</td><td>{}</td><td>{}</td><td>{} {}</td></tr>",
                (
                    (
                        row.url,
                        row.title,
                        row.strength,
                        row.articles,
                        status_badge(row.status, language=language),
                        from_record if row.from_record else evidence(row.assessment),
                        day(row.assessment.as_of if row.assessment else None, language=language),
                        NOTHING if row.from_record else verified(row.assessment),
                    )
                    for row in group.rows
                ),
            )
        )
    return format_html_join("\n", "{}", ((part,) for part in parts))


@register.simple_tag
def participants_body(rows: Sequence[ParticipantRow]) -> SafeString:
    """An obligation's participants: stage, status on the obligation, evidence, as of."""
    language = get_language()
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}</td></tr>",
        (
            (
                row.url,
                row.name,
                stage_badge(row.stage, language=language),
                status_badge(row.status, language=language),
                evidence(row.assessment),
                day(row.assessment.as_of if row.assessment else None, language=language),
            )
            for row in rows
        ),
    )


@register.simple_tag
def matrix_body(rows: Sequence[MatrixRow]) -> SafeString:
    """An article's participants: stage, then the status on each obligation."""
    language = get_language()
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td>{}</tr>',
        (
            (
                row.url,
                row.name,
                stage_badge(row.stage, language=language),
                SafeString(
                    "".join(
                        f"<td>{status_badge(status, language=language)}</td>"
                        for status in row.statuses
                    )
                ),
            )
            for row in rows
        ),
    )


@register.simple_tag
def depositary_body(rows: Sequence[TableRow]) -> SafeString:
    """The depositary's status table: participant with its footnote marks, signature,
    instrument."""
    language = get_language()
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a>{}</th><td>{}</td><td>{}</td></tr>',
        (
            (
                row.url,
                row.name,
                _marks(row.footnotes),
                _cell(row.signature, language),
                _cell(row.consent, language),
            )
            for row in rows
        ),
    )


def _cell(cell: Cell | None, language: str | None) -> SafeString:
    """A day with the depositary's suffix, where it was read when not in the depositary's own
    record, and the depositary notification linked."""
    if cell is None:
        return NOTHING
    parts = [day_or_range(cell.on, cell.earliest, language=language)]
    if cell.suffix:
        parts.append(format_html(' <abbr title="{}">{}</abbr>', cell.suffix_title, cell.suffix))
    if cell.source_kind is not None:
        parts.append(format_html(' <span class="source-kind">({})</span>', cell.source_kind))
    if cell.notification_url:
        parts.append(
            format_html(
                ' <a class="notification" href="{}" rel="external">{}</a>',
                cell.notification_url,
                cell.notification,
            )
        )
    elif cell.notification:
        parts.append(format_html(' <span class="notification">{}</span>', cell.notification))
    return SafeString("".join(parts))


def _marks(footnotes: list[int]) -> SafeString:
    if not footnotes:
        return NOTHING
    return format_html(
        "<sup>{}</sup>",
        format_html_join(
            ",",
            '<a href="#note-{}"><span class="visually-hidden">{} </span>{}</a>',
            ((n, _("footnote"), n) for n in footnotes),
        ),
    )
