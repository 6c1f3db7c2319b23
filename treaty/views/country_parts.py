"""The parts of a participant's status page built from what the view fetched: its scorecard by
category, its obligations table body and, on a regional organization's page, its member
States."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from treaty import scorecard
from treaty.models import Obligation, ObligationProgress, Participant
from treaty.status import ParticipantStatus, TreatyStatus
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
                "counts": [(s, score.by_status[s]) for s in STATUS_ORDER if score.by_status[s]],
            }
        )
    return rows


@dataclass(frozen=True, slots=True)
class ObligationRow:
    url: str
    title: str
    strength: str
    articles: str
    status: str
    # The joining obligation's status is read from the depositary record, not an assessment.
    from_record: bool
    assessment: ObligationProgress | None


@dataclass(frozen=True, slots=True)
class ObligationGroup:
    label: str
    rows: list[ObligationRow]


def obligation_rows(
    obligations: Sequence[Obligation],
    assessments: dict[int, ObligationProgress],
    mine: ParticipantStatus,
    at: date | None,
) -> list[ObligationGroup]:
    """The obligations table's rows (about 60), grouped by category; the table tag
    ``obligations_body`` draws them. The joining obligation's status comes from the
    participant's stage, never from an assessment. With no assessment published, only the
    joining obligation is listed (the page says so, rather than listing every other obligation
    as not assessed)."""

    def row(o: Obligation) -> ObligationRow:
        record = scorecard.follows_record(o.category)
        assessment = None if record else assessments.get(o.pk)
        if record:
            status = scorecard.joining_status(mine.stage)
        else:
            status = assessment.status if assessment else scorecard.NOT_ASSESSED
        return ObligationRow(
            url=with_as_of(o.get_absolute_url(), at),
            title=o.title,
            strength=str(STRENGTH_WORDS.get(o.strength, o.strength)),
            articles=articles_cell(o),
            status=status,
            from_record=record,
            assessment=assessment,
        )

    groups = []
    for category in CATEGORY_ORDER:
        members = [o for o in obligations if o.category == category]
        if not members or not (assessments or scorecard.follows_record(category)):
            continue
        groups.append(ObligationGroup(str(CATEGORY_LABELS[category]), [row(o) for o in members]))
    return groups


def articles_cell(obligation: Any) -> str:
    numbers = articles_text(getattr(obligation, "article_numbers", ""))
    return _("Art. %(numbers)s") % {"numbers": numbers} if numbers else "—"
