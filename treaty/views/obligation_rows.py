"""Who stands where on an obligation, built by pure functions from what the obligation and
article pages fetched: a participant's status on an obligation, who a page lists, the count
by status, and the tables' rows as data (one obligation's participants, one article's matrix)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from treaty import scorecard
from treaty.models import Obligation, ObligationProgress, Participant
from treaty.status import TreatyStatus
from treaty.views.common import ENGAGED, STATUS_LABELS, STATUS_ORDER, with_as_of

STATUS_RANK = {status: rank for rank, status in enumerate(STATUS_ORDER)}


def status_of(
    p: Participant,
    o: Obligation,
    assessments: dict[tuple[int, int], ObligationProgress],
    status: TreatyStatus,
) -> str:
    """A participant's status on an obligation: from the record for joining (art. 64), else
    from its published assessment."""
    a = assessments.get((p.pk, o.pk))
    return scorecard.obligation_status(o.category, a.status if a else None, status.stage_of(p.iso3))


def standing(
    participants: list[Participant],
    status: TreatyStatus,
    assessments: dict[tuple[int, int], ObligationProgress],
    obligations: list[Obligation],
) -> list[Participant]:
    """Who an obligation page lists: every signatory, party or participant with an
    instrument, and anyone else with a published assessment. A participant that took no
    action and was never assessed (the outsider) is not listed."""
    assessed = {participant_id for participant_id, _ob in assessments}
    return [p for p in participants if status.stage_of(p.iso3) in ENGAGED or p.pk in assessed]


def status_summary(
    participants: list[Participant],
    assessments: dict[tuple[int, int], ObligationProgress],
    obligation: Obligation,
    status: TreatyStatus,
) -> list[dict[str, Any]]:
    counts = Counter(status_of(p, obligation, assessments, status) for p in participants)
    return [
        {"status": s, "label": STATUS_LABELS[s], "count": counts[s]}
        for s in STATUS_ORDER
        if counts[s]
    ]


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    """A participant's row on an obligation's page: its stage, its status on the obligation and
    the assessment behind it (drawn by the table tag ``participants_body``)."""

    url: str
    name: str
    stage: str
    status: str
    assessment: ObligationProgress | None


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """A participant's row on an article's page: its stage and its status on each of the
    article's obligations, in their order (drawn by the table tag ``matrix_body``)."""

    url: str
    name: str
    stage: str
    statuses: list[str]


def participant_rows(
    participants: list[Participant],
    status: TreatyStatus,
    assessments: dict[tuple[int, int], ObligationProgress],
    obligation: Obligation,
    at: date | None,
) -> list[ParticipantRow]:
    return [
        ParticipantRow(
            url=with_as_of(p.get_absolute_url(), at),
            name=p.localized_name(),
            stage=status.stage_of(p.iso3),
            status=status_of(p, obligation, assessments, status),
            assessment=assessments.get((p.pk, obligation.pk)),
        )
        for p in participants
    ]


def matrix_rows(
    participants: list[Participant],
    status: TreatyStatus,
    assessments: dict[tuple[int, int], ObligationProgress],
    obligations: list[Obligation],
    at: date | None,
) -> list[MatrixRow]:
    return [
        MatrixRow(
            url=with_as_of(p.get_absolute_url(), at),
            name=p.localized_name(),
            stage=status.stage_of(p.iso3),
            statuses=[status_of(p, o, assessments, status) for o in obligations],
        )
        for p in participants
    ]
