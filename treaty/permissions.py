"""Who may write what: one place for the rules the admin, the API, the importers and the
import commands all apply.

A user edits a participant's data when they may edit any participant (editors, reviewers,
administrators) or are that participant's focal point. A published record is corrected only by
someone who may publish it. Publishing needs the verify permission of the record's model and
is never allowed on one's own entry — the record's creator, or whoever last changed its
content — unless the user is an editor publishing a depositary action at once, with its source
(see ``treaty.roles``).

``user=None`` is code running on the server without a request (a management command run
without ``--user``): the operator, who holds the database anyway. It may publish depositary
actions (the status table import) and correct records, but verifies nothing: an assessment
always goes through a reviewer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from treaty.models import FocalPoint, ObligationProgress, Participant, ReviewState, TreatyAction

EDIT_ANY = "treaty.edit_any_participant"


def _is_operator(user: Any) -> bool:
    return user is None


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def editable_participants(user: Any) -> QuerySet[Participant]:
    """The participants whose actions and assessments ``user`` may write."""
    if _is_operator(user):
        return Participant.objects.all()
    if not _signed_in(user):
        return Participant.objects.none()
    if user.is_superuser or user.has_perm(EDIT_ANY):
        return Participant.objects.all()
    return Participant.objects.filter(focal_points__user=user)


def can_edit_participant(user: Any, participant: Participant | int | None) -> bool:
    if participant is None:
        return False
    if _is_operator(user):
        return True
    if not _signed_in(user):
        return False
    if user.is_superuser or user.has_perm(EDIT_ANY):
        return True
    pk = participant if isinstance(participant, int) else participant.pk
    return user.focal_points.filter(participant_id=pk).exists()


def verify_permission(model: type[Model]) -> str:
    return f"treaty.verify_{model._meta.model_name}"


def may_publish(user: Any, model: type[Model]) -> bool:
    """Whether ``user`` holds the verify permission of ``model``: they may correct a published
    record (the correction then goes through review again, see ``services.save_edited``)."""
    if _is_operator(user):
        return True
    return _signed_in(user) and bool(user.has_perm(verify_permission(model)))


def may_take_review_steps(user: Any, model: type[Model], permission: str) -> bool:
    """Whether ``user`` holds the model permission a review step needs, before any record is
    looked at: ``"change"`` to submit or withdraw, ``"verify"`` to verify or return. Which
    records they may then move is ``changeable_records``; their own entry, ``can_verify``."""
    if not _signed_in(user):
        return False
    if permission == "verify":
        return bool(user.has_perm(verify_permission(model)))
    return bool(user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"))


def can_publish_directly(user: Any, model: type[Model]) -> bool:
    """Whether ``user`` may publish a record of ``model`` as they enter or correct it: editors
    for depositary actions (public record, with source). Assessments always go through
    review, whoever enters them."""
    return model is TreatyAction and may_publish(user, TreatyAction)


def may_change_in_state(user: Any, record: Any) -> bool:
    """Whether the record's review state lets ``user`` change it (correct it, or move it
    through review): a standing record, yes; a published one, only if they may publish it.
    Who may write its participant's data is the other half (``changeable_records``)."""
    return record.review_state != ReviewState.VERIFIED or may_publish(user, type(record))


def changeable_records(user: Any, records: list[Any]) -> list[Any]:
    """Those of ``records`` (actions or assessments) that ``user`` may change (correct, or move
    through review): a standing record, by someone who may write its participant's data; a
    published one, only by someone who may also publish. One query, whatever the number."""
    ids = {r.participant_id for r in records}
    editable = set(editable_participants(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [r for r in records if r.participant_id in editable and may_change_in_state(user, r)]


def can_change_record(user: Any, record: TreatyAction | ObligationProgress) -> bool:
    return bool(changeable_records(user, [record]))


def own_entry(user: Any, record: Any) -> str | None:
    """Why ``user`` may not verify ``record`` because they wrote its current content (they
    entered it, or they were the last to change it), or None when they did not. Nobody
    verifies their own entry: ``services.verify`` refuses with this reason, ``can_verify``
    answers no."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.pk == record.created_by_id:
        return "You entered this record: another reviewer must verify it."
    if user.pk == record.content_by_id:
        return "You changed this record's content: another reviewer must verify it."
    return None


def is_own_entry(user: Any, record: Any) -> bool:
    """Whether ``user`` wrote the record's current content (``own_entry``)."""
    return own_entry(user, record) is not None


def can_verify(user: Any, record: TreatyAction | ObligationProgress) -> bool:
    """A reviewer verifies what someone else wrote."""
    if not _signed_in(user):
        return False
    if not user.has_perm(verify_permission(type(record))):
        return False
    return not is_own_entry(user, record)


def can_import(user: Any, model: type[Model]) -> bool:
    """Who may upload a table of records: a depositary status table, by whoever may publish
    depositary actions at once (its rows are the depositary's record, with the table as
    source); assessments, by whoever may add them (each row then within their scope)."""
    if _is_operator(user):
        return True
    if not _signed_in(user):
        return False
    add = user.has_perm(f"treaty.add_{model._meta.model_name}")
    if model is TreatyAction:
        return bool(add) and can_publish_directly(user, TreatyAction)
    return bool(add)


def readable[QS: QuerySet[Any]](user: Any, queryset: QS) -> QS:
    """The records of ``queryset`` (actions or assessments) that ``user`` may read: everyone
    reads published ones; editors, reviewers and administrators read every unpublished one
    (draft, submitted, returned, withdrawn); a focal point reads the unpublished records of its
    own participants only; anyone else, none."""
    published = Q(review_state=ReviewState.VERIFIED, withdrawn_at__isnull=True)
    if _is_operator(user):
        return queryset
    if not _signed_in(user):
        return queryset.filter(published)
    if user.is_superuser or user.has_perm(EDIT_ANY):
        return queryset
    own = FocalPoint.objects.filter(user=user).values("participant_id")
    lookup = f"{queryset.model.PARTICIPANT_LOOKUP}__in"
    return queryset.filter(published | Q(**{lookup: own}))
