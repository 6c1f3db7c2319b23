"""Who may write what: one place for the rules the admin and the API both apply.

A user edits a participant's data when they may edit any participant (editors, reviewers,
administrators) or are that participant's focal point. Publishing needs the verify permission
of the record's model and is never allowed on a record one created oneself — unless the user is
an editor publishing a depositary action at once, with its source (see ``treaty.roles``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from treaty.models import ObligationProgress, Participant, TreatyAction

EDIT_ANY = "treaty.edit_any_participant"


def editable_participants(user: Any) -> QuerySet[Participant]:
    """The participants whose actions and assessments ``user`` may write."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Participant.objects.none()
    if user.is_superuser or user.has_perm(EDIT_ANY):
        return Participant.objects.all()
    return Participant.objects.filter(focal_points__user=user)


def can_edit_participant(user: Any, participant: Participant | int | None) -> bool:
    if participant is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.has_perm(EDIT_ANY):
        return True
    pk = participant if isinstance(participant, int) else participant.pk
    return user.focal_points.filter(participant_id=pk).exists()


def verify_permission(model: type) -> str:
    return f"treaty.verify_{model._meta.model_name}"


def can_publish_directly(user: Any, model: type) -> bool:
    """Whether ``user`` may publish a record of ``model`` as they enter it: editors for
    depositary actions (public record, with source). Assessments always go through review."""
    return model is TreatyAction and user.has_perm(verify_permission(TreatyAction))


def can_verify(user: Any, record: TreatyAction | ObligationProgress) -> bool:
    """A reviewer verifies what someone else entered."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not user.has_perm(verify_permission(type(record))):
        return False
    return record.created_by_id != user.pk
