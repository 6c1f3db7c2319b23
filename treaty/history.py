"""Reading the audit history (django-simple-history) for the public: what changed, and when.

Only states the public could see are shown: a history row counts when the record was verified
at that moment. A draft's edits stay private; a published record's correction or withdrawal is
public, with its reason.

Editorial changes are shown on the day they were made. The reference data are not an editorial
change: the first history row of a record loaded from the fixtures is written when the data are
loaded (``load_reference_data`` starts each record's history), long after the record was
compiled and checked. Such a row is shown as "from the reference data", on the day the data
were checked (the record's ``created_at``), never as a change made on the day of the load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from treaty.models import (
    DomesticStep,
    ObligationProgress,
    Participant,
    ReviewState,
    Treaty,
    TreatyAction,
)
from treaty.models.translated import translated_columns

# A verification and the save that carries it are one write: a row whose verified_at is this
# close to its history date is the publication itself.
_SAME_WRITE = timedelta(seconds=2)


@dataclass(frozen=True, slots=True)
class Change:
    recorded_at: datetime  # when the change was made (for reference data: when checked)
    verb: str  # Recorded, Published, Corrected, Withdrawn, From the reference data
    kind: str  # "action", "domestic_step" or "assessment"
    record_id: int
    label: str | Promise  # the action's kind or the obligation's code
    dated: date
    status: str = ""  # an assessment's status
    detail: str = ""  # source, assessor, or the reason of a withdrawal
    dated_earliest: date | None = None  # an action known to a range of days: its first day


def _is_reference_load(row: Any) -> bool:
    """A history row started after the fact: the record existed (``created_at``) well before
    its first history row was written — the reference data's load, not an edit."""
    return row.history_type == "+" and row.history_date - row.created_at > _SAME_WRITE


def _when(row: Any) -> datetime:
    return row.created_at if _is_reference_load(row) else row.history_date


def _verb(row: Any) -> str:
    if row.withdrawn_at is not None:
        return _("Withdrawn")
    if _is_reference_load(row):
        return _("From the reference data")
    if row.history_type == "+":
        return _("Recorded")
    if row.verified_at and abs(row.history_date - row.verified_at) <= _SAME_WRITE:
        return _("Published")
    return _("Corrected")


def latest_changes(
    participant: Participant, treaty: Treaty, at: date | None = None, limit: int = 10
) -> list[Change]:
    """The participant's latest public changes under ``treaty`` (its treaty actions, domestic
    steps and assessments), newest first, as recorded up to the end of ``at`` (default: now).
    Three queries (one per history table)."""
    until = (
        timezone.make_aware(datetime.combine(at + timedelta(days=1), time.min))
        if at
        else timezone.now() + _SAME_WRITE
    )
    actions = (
        TreatyAction.history.filter(
            participant_id=participant.pk,
            treaty_id=treaty.pk,
            review_state=ReviewState.VERIFIED,
            history_date__lt=until,
        )
        .only(
            "history_date",
            "history_type",
            "created_at",
            "id",
            "kind",
            "date",
            "date_earliest",
            "source",
            "verified_at",
            "withdrawn_at",
            "withdrawn_reason",
        )
        .order_by("-history_date")[:limit]
    )
    steps = (
        DomesticStep.history.filter(
            participant_id=participant.pk,
            treaty_id=treaty.pk,
            review_state=ReviewState.VERIFIED,
            history_date__lt=until,
        )
        .only(
            "history_date",
            "history_type",
            "created_at",
            "id",
            "step",
            "date",
            "date_earliest",
            "source",
            "verified_at",
            "withdrawn_at",
            "withdrawn_reason",
        )
        .order_by("-history_date")[:limit]
    )
    assessments = (
        ObligationProgress.history.filter(
            participant_id=participant.pk,
            obligation__treaty_id=treaty.pk,
            review_state=ReviewState.VERIFIED,
            history_date__lt=until,
        )
        .select_related("obligation")
        .only(
            "history_date",
            "history_type",
            "created_at",
            "id",
            "as_of",
            "status",
            "assessed_by",
            "verified_at",
            "withdrawn_at",
            "withdrawn_reason",
            "obligation__code",
            *translated_columns("obligation__title"),
        )
        .order_by("-history_date")[:limit]
    )
    changes = (
        [
            Change(
                _when(row),
                _verb(row),
                "action",
                row.id,
                TreatyAction.Kind(row.kind).label,
                row.date,
                detail=row.withdrawn_reason if row.withdrawn_at else row.source,
                dated_earliest=row.date_earliest,
            )
            for row in actions
        ]
        + [
            Change(
                _when(row),
                _verb(row),
                "domestic_step",
                row.id,
                DomesticStep.Step(row.step).label,
                row.date,
                detail=row.withdrawn_reason if row.withdrawn_at else row.source,
                dated_earliest=row.date_earliest,
            )
            for row in steps
        ]
        + [
            Change(
                _when(row),
                _verb(row),
                "assessment",
                row.id,
                row.obligation.title if row.obligation else "",
                row.as_of,
                status=row.status,
                detail=row.withdrawn_reason if row.withdrawn_at else row.assessed_by,
            )
            for row in assessments
        ]
    )
    return sorted(changes, key=lambda c: c.recorded_at, reverse=True)[:limit]
