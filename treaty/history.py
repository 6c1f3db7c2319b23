"""Reading the audit history (django-simple-history) for the public: what changed, and when.

Only states the public could see are shown: a history row counts when the record was verified
at that moment. A draft's edits stay private; a published record's correction or withdrawal is
public, with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from treaty.models import ObligationProgress, Participant, ReviewState, Treaty, TreatyAction

# A verification and the save that carries it are one write: a row whose verified_at is this
# close to its history date is the publication itself.
_SAME_WRITE = timedelta(seconds=2)


@dataclass(frozen=True, slots=True)
class Change:
    recorded_at: datetime
    verb: str  # Recorded, Published, Corrected, Withdrawn
    kind: str  # "action" or "assessment"
    record_id: int
    label: str  # the action's kind or the obligation's code
    dated: date
    status: str = ""  # an assessment's status
    detail: str = ""  # source, assessor, or the reason of a withdrawal
    dated_earliest: date | None = None  # an action known to a range of days: its first day


def _verb(row: Any) -> str:
    if row.withdrawn_at is not None:
        return _("Withdrawn")
    if row.history_type == "+":
        return _("Recorded")
    if row.verified_at and abs(row.history_date - row.verified_at) <= _SAME_WRITE:
        return _("Published")
    return _("Corrected")


def latest_changes(
    participant: Participant, treaty: Treaty, at: date | None = None, limit: int = 10
) -> list[Change]:
    """The participant's latest public changes under ``treaty``, newest first, as recorded up
    to the end of ``at`` (default: now). Two queries (one per history table)."""
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
            "id",
            "as_of",
            "status",
            "assessed_by",
            "verified_at",
            "withdrawn_at",
            "withdrawn_reason",
            "obligation__code",
            "obligation__title",
        )
        .order_by("-history_date")[:limit]
    )
    changes = [
        Change(
            row.history_date,
            _verb(row),
            "action",
            row.id,
            TreatyAction.Kind(row.kind).label,
            row.date,
            detail=row.withdrawn_reason if row.withdrawn_at else row.source,
            dated_earliest=row.date_earliest,
        )
        for row in actions
    ] + [
        Change(
            row.history_date,
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
    return sorted(changes, key=lambda c: c.recorded_at, reverse=True)[:limit]
