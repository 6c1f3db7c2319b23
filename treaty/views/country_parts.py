"""The parts of a participant's status page built from what the view fetched: its scorecard by
category, its obligations table body and, on a regional organization's page, its member
States."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from treaty import scorecard
from treaty.models import Obligation, ObligationProgress, Participant
from treaty.status import ParticipantStatus, TreatyStatus
from treaty.views import html
from treaty.views.common import (
    CATEGORY_LABELS,
    CATEGORY_ORDER,
    STATUS_ORDER,
    STRENGTH_WORDS,
    articles_text,
    with_as_of,
)
from treaty.views.country_rows import by_name


def reio_members(participant: Participant, status: TreatyStatus, at: date | None) -> list[Any]:
    """A REIO's member States with their stage (one query, on a REIO's page only)."""
    if not participant.is_reio:
        return []
    return [
        {
            "participant": member,
            "url": with_as_of(member.get_absolute_url(), at),
            "stage": status.stage_of(member.iso3),
        }
        for member in sorted(participant.members.all(), key=by_name)
    ]


def scorecard_rows(card: scorecard.Scorecard) -> list[dict[str, Any]]:
    """One row per category; with no implementation assessment published, only the joining
    obligation's (read from the record): the page says so rather than drawing zeros."""
    rows = []
    for category in CATEGORY_ORDER:
        score = card.categories.get(category)
        if score is None:
            continue
        if not card.implementation_assessed and not scorecard.follows_record(category):
            continue
        rows.append(
            {
                "category": category,
                "label": CATEGORY_LABELS[category],
                "score": score,
                "bar": html.score_bar(score, label=CATEGORY_LABELS[category]),
                "counts": [(s, score.by_status[s]) for s in STATUS_ORDER if score.by_status[s]],
            }
        )
    return rows


def obligation_rows(
    obligations: Sequence[Obligation],
    assessments: dict[int, ObligationProgress],
    mine: ParticipantStatus,
    at: date | None,
) -> SafeString:
    """The obligations table body (about 60 rows), grouped by category. The joining
    obligation's status comes from the participant's stage, never from an assessment. With no
    assessment published, only the joining obligation is listed (the page says so, rather
    than listing every other obligation as not assessed)."""
    from_record = format_html('<span class="note">{}</span>', _("From the depositary record."))

    def row(o: Obligation) -> tuple[Any, ...]:
        if scorecard.follows_record(o.category):
            return (
                with_as_of(o.get_absolute_url(), at),
                o.title,
                STRENGTH_WORDS.get(o.strength, o.strength),
                articles_cell(o),
                html.status_badge(scorecard.joining_status(mine.stage)),
                from_record,
                html.day(None),
                "",
            )
        assessment = assessments.get(o.pk)
        return (
            with_as_of(o.get_absolute_url(), at),
            o.title,
            STRENGTH_WORDS.get(o.strength, o.strength),
            articles_cell(o),
            html.status_badge(assessment.status if assessment else scorecard.NOT_ASSESSED),
            html.evidence(assessment),
            html.day(assessment.as_of if assessment else None),
            html.verified(assessment),
        )

    parts = []
    for category in CATEGORY_ORDER:
        members = [o for o in obligations if o.category == category]
        if not members or not (assessments or scorecard.follows_record(category)):
            continue
        parts.append(
            format_html(
                '<tr class="group"><th scope="colgroup" colspan="5">{}</th></tr>',
                CATEGORY_LABELS[category],
            )
        )
        parts.append(
            format_html_join(
                "\n",
                '<tr><th scope="row"><a href="{}">{}</a> <span class="note">({})</span></th>'
                "<td>{}</td><td>{}</td><td>{}</td><td>{} {}</td></tr>",
                (row(o) for o in members),
            )
        )
    return format_html_join("\n", "{}", ((part,) for part in parts))


def articles_cell(obligation: Any) -> str:
    numbers = articles_text(getattr(obligation, "article_numbers", ""))
    return _("Art. %(numbers)s") % {"numbers": numbers} if numbers else "—"
