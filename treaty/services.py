"""Every write that touches more than one row or enforces a rule across rows.

Services are keyword-only, run in one transaction, validate with ``full_clean()`` (so the admin,
the API and the importers share the model's rules) and return the saved object.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from treaty import permissions
from treaty.models import (
    Article,
    DepositaryCount,
    DomesticStep,
    Law,
    Obligation,
    ObligationProgress,
    Participant,
    Provision,
    ProvisionMapping,
    ReviewState,
    Treaty,
    TreatyAction,
)
from treaty.models.review import Reviewed

User = AbstractBaseUser | AnonymousUser | None


def _user_or_none(by: User) -> Any:
    return by if by is not None and by.is_authenticated else None


def _lock_participant(participant: Participant) -> None:
    # Rules span a participant's rows (one signature, no second instrument, one current
    # assessment per obligation): taking its row lock first makes two concurrent writes for the
    # same participant run one after the other on PostgreSQL. SQLite serializes writers anyway
    # (transactions start IMMEDIATE, see settings).
    Participant.objects.select_for_update().filter(pk=participant.pk).first()


def _publish(record: Reviewed, by: User) -> None:
    record.review_state = ReviewState.VERIFIED
    record.verified_by = _user_or_none(by)
    record.verified_at = timezone.now()


def record_treaty_action(
    *,
    treaty: Treaty,
    participant: Participant,
    kind: str,
    date: date,
    source: str,
    by: User = None,
    publish: bool = False,
    confirm_accession_after_signature: bool = False,
    **fields: Any,
) -> TreatyAction:
    """Records one event of the depositary record after checking every rule of the record.

    ``publish`` makes it public at once: an editor entering an action straight from the
    depositary's own record, with its source, needs no second pair of eyes (see README,
    "Review"). Otherwise it starts as a draft. ``confirm_accession_after_signature`` says that
    an accession by a participant that signed is what the depositary recorded (a signatory
    normally ratifies, accepts or approves).
    """
    action = TreatyAction(
        treaty=treaty, participant=participant, kind=kind, date=date, source=source, **fields
    )
    action.confirm_accession_after_signature = confirm_accession_after_signature
    return save_new(record=action, by=by, publish=publish)


def save_new(*, record: Reviewed, by: User = None, publish: bool = False) -> Any:
    """Saves a new action or assessment built by its caller (a form, a service), with its
    author; published at once only with ``publish`` (checked by the caller against
    ``permissions.can_publish_directly``), otherwise a draft. A published assessment becomes
    its pair's current one when it is the latest."""
    record.created_by = record.content_by = _user_or_none(by)
    if publish:
        _publish(record, by)
    return _save(record, by)


def save_depositary_count(*, count: DepositaryCount, by: User = None) -> DepositaryCount:
    """Records (or corrects) a count the depositary stated, after its checks; the history keeps
    who did it. A new count is also the day the record was last checked against the
    depositary (shown in every page's footer)."""
    with transaction.atomic():
        if count.pk is None:
            count.recorded_by = _user_or_none(by)
        count._history_user = _user_or_none(by)  # type: ignore[attr-defined]
        count.full_clean()
        count.save()
        return count


def record_domestic_step(
    *,
    treaty: Treaty,
    participant: Participant,
    step: str,
    date: date,
    source: str,
    by: User = None,
    **fields: Any,
) -> DomesticStep:
    """Records a domestic step towards consent (a cabinet decision, a parliamentary approval,
    the approving law's promulgation…) with its source. It starts as a draft and is published
    through review (``submit``, ``verify``), withdrawn (``withdraw_record``) and edited
    (``save_edited``) like every reviewed record: it is read in the press or a gazette, not in
    the depositary's record."""
    with transaction.atomic():
        _lock_participant(participant)
        record = DomesticStep(
            treaty=treaty,
            participant=participant,
            step=step,
            date=date,
            source=source,
            created_by=_user_or_none(by),
            **fields,
        )
        record.full_clean()
        record.save()
        return record


def record_progress(
    *,
    participant: Participant,
    obligation: Obligation,
    as_of: date,
    status: str,
    assessed_by: str,
    by: User = None,
    publish: bool = False,
    **evidence: Any,
) -> ObligationProgress:
    """Adds an assessment (a new dated row; earlier ones stay as history) and, when it is
    published, moves the pair's current flag to the latest published row."""
    assessment = ObligationProgress(
        participant=participant,
        obligation=obligation,
        as_of=as_of,
        status=status,
        assessed_by=assessed_by,
        **evidence,
    )
    return save_new(record=assessment, by=by, publish=publish)


class StaleRecord(Exception):
    """Someone else saved the record after the editor loaded it: their change would be lost."""

    def __init__(self, record: Reviewed, expected: int | None, stored: int | None = None):
        self.record, self.expected, self.stored = record, expected, stored
        super().__init__(
            f"This record was changed by someone else since you opened it (version {expected}, "
            "now newer): reload it, then make your change again."
        )


def check_version(*, record: Reviewed, expected_version: int | None, locked: bool = False) -> None:
    """Raises StaleRecord unless the stored ``record`` is still at ``expected_version`` (the
    version the editor opened). Takes the row lock: called in a transaction, no other save of
    the record comes in between this check and the write that follows it. ``locked``: the
    caller has just read ``record`` under that lock, so its version is the stored one (no
    query)."""
    stored = (
        record.version
        if locked
        else type(record)
        ._default_manager.select_for_update()
        .filter(pk=record.pk)
        .values_list("version", flat=True)
        .first()
    )
    if stored is not None and stored != expected_version:
        raise StaleRecord(record, expected_version, stored)


class ReviewError(ValidationError):
    """A review step that the record's state or the user's role does not allow."""


# The columns that are a record's bookkeeping rather than its content: set by the write path
# (review, withdrawal, authorship, version), or derived (an assessment's current flag).
_BOOKKEEPING = {"id", "is_current", *(f.attname for f in Reviewed._meta.local_fields)}
# Bookkeeping an edit takes from the stored row, whatever the instance carries: an edit (a
# revert from the history included) changes a record's content, never its review state,
# verification, withdrawal or authors, which move through the review services only.
_KEPT_ON_EDIT = (
    "review_state",
    "review_comment",
    "verified_by_id",
    "verified_at",
    "withdrawn_at",
    "withdrawn_reason",
    "created_by_id",
    "content_by_id",
)


def content_fields(model: type[Reviewed]) -> list[str]:
    """The columns of ``model`` that make a record's content: what an edit changes."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in _BOOKKEEPING and f.name not in _BOOKKEEPING
    ]


def save_edited[R: Reviewed](*, record: R, expected_version: int, by: User = None) -> R:
    """Saves an edit made on the version ``expected_version`` of ``record``, or raises
    StaleRecord when another save came in between: no silent overwrite.

    Whoever changes the content becomes its author for review (``content_by``: they may not
    verify it). A published record whose content changes goes back to review (submitted),
    unless the editor may publish it directly (an editor correcting a depositary action with
    its source): then it stays published, verified by them.

    The conditional UPDATE both checks and takes the row lock, so of two concurrent saves from
    the same version exactly one wins, on PostgreSQL as on SQLite.
    """
    model = type(record)
    with transaction.atomic():
        claimed = model._default_manager.filter(pk=record.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise StaleRecord(record, expected_version)
        record.version = expected_version + 1
        fields = content_fields(model)
        stored = model._default_manager.filter(pk=record.pk).values(*fields, *_KEPT_ON_EDIT).get()
        for kept in _KEPT_ON_EDIT:
            setattr(record, kept, stored[kept])
        if any(stored[f] != getattr(record, f) for f in fields):
            record.content_by = _user_or_none(by)
            if record.review_state == ReviewState.VERIFIED:
                if permissions.can_publish_directly(by, model):
                    _publish(record, by)
                else:
                    record.review_state = ReviewState.SUBMITTED
                    record.verified_by = record.verified_at = None
        saved = _save(record, by)
        if isinstance(record, ObligationProgress):
            # Moved to another participant or obligation: the pair it left needs its current
            # assessment again (``_save`` set the new pair's).
            left = (stored["participant_id"], stored["obligation_id"])
            if left != (record.participant_id, record.obligation_id):
                refresh_current_progress(participant_id=left[0], obligation_id=left[1])
        return saved


def submit(*, record: Reviewed, by: User = None) -> Reviewed:
    """Sends a draft (or a returned record) to review."""
    if record.review_state not in (ReviewState.DRAFT, ReviewState.RETURNED):
        raise ReviewError(
            "Only a draft or a returned record can be submitted; this one is "
            f"{record.get_review_state_display().lower()}."
        )
    return _move(record, ReviewState.SUBMITTED, by)


def return_for_correction(*, record: Reviewed, comment: str, by: User = None) -> Reviewed:
    """Sends a submitted record back to its author with a comment saying what to fix."""
    if not comment.strip():
        raise ReviewError("Say what needs correcting: the comment is required.")
    if record.review_state != ReviewState.SUBMITTED:
        raise ReviewError("Only a submitted record can be returned.")
    record.review_comment = comment.strip()
    return _move(record, ReviewState.RETURNED, by)


def verify(*, record: Reviewed, by: User = None) -> Reviewed:
    """Publishes a submitted record (an action or an assessment). A reviewer never verifies
    their own entry (``permissions.is_own_entry``: they entered it or last changed its
    content); a withdrawn record cannot be published, and a published one is not verified
    twice (its verifier stays on record)."""
    user = _user_or_none(by)
    if record.withdrawn_at is not None:
        raise ReviewError("This record was withdrawn: it cannot be published.")
    if record.review_state != ReviewState.SUBMITTED:
        raise ReviewError(
            "Only a submitted record can be verified; this one is "
            f"{record.get_review_state_display().lower()}: submit it first."
        )
    refusal = permissions.own_entry(user, record)
    if refusal:
        raise ReviewError(refusal)
    _publish(record, by)
    return _move(record, ReviewState.VERIFIED, by)


def _move(record: Reviewed, state: str, by: User) -> Reviewed:
    record.review_state = state
    if state != ReviewState.VERIFIED:
        record.verified_by = None
        record.verified_at = None
    record.version += 1
    return _save(record, by)


def withdraw_record(*, record: Reviewed, reason: str, by: User = None) -> Any:
    """Withdraws any reviewed record entered in error (an action, an assessment, a domestic
    step, a law, a provision, a mapping): it stays, with its history, and counts nowhere. A
    withdrawn assessment gives its pair's current status back to the previous one."""
    if not reason.strip():
        raise ValidationError({"withdrawn_reason": "Say why the record is withdrawn."})
    record.withdrawn_at = timezone.now()
    record.withdrawn_reason = reason.strip()
    record.version += 1
    # A withdrawn record may no longer pass today's rules (a date since corrected elsewhere):
    # it is kept as it was, so it is saved without them.
    return _save(record, by, validate=False)


# The names withdrawal had per kind of record, before ``withdraw_record`` served them all.
def withdraw_treaty_action(*, action: TreatyAction, reason: str, by: User = None) -> TreatyAction:
    return withdraw_record(record=action, reason=reason, by=by)


def withdraw_domestic_step(*, step: DomesticStep, reason: str, by: User = None) -> DomesticStep:
    return withdraw_record(record=step, reason=reason, by=by)


def withdraw_progress(
    *, assessment: ObligationProgress, reason: str, by: User = None
) -> ObligationProgress:
    return withdraw_record(record=assessment, reason=reason, by=by)


def _save(record: Reviewed, by: User, *, validate: bool = True) -> Any:
    """Saves one reviewed record with its author in the history, and keeps the pair's current
    assessment right."""
    with transaction.atomic():
        _lock_participant(record.participant)  # type: ignore[attr-defined]
        record._history_user = _user_or_none(by)  # type: ignore[attr-defined]
        if isinstance(record, ObligationProgress):
            # The in-memory flag may be stale (a later assessment took it since this one was
            # loaded): never write it back; refresh_current_progress sets it below.
            record.is_current = False
        if validate:
            record.full_clean()
        record.save()
        if isinstance(record, ObligationProgress):
            refresh_current_progress(
                participant_id=record.participant_id, obligation_id=record.obligation_id
            )
            record.refresh_from_db(fields=["is_current"])
        return record


def refresh_current_progress(*, participant_id: int, obligation_id: int) -> None:
    """Flags the latest published assessment of one pair as current, and no other."""
    pair = ObligationProgress.objects.filter(
        participant_id=participant_id, obligation_id=obligation_id
    )
    latest = pair.published().order_by("-as_of", "-pk").values_list("pk", flat=True).first()
    # Clear first: the one-current-row constraint would refuse a second flag for a moment.
    stale = pair.filter(is_current=True)
    (stale.exclude(pk=latest) if latest is not None else stale).update(is_current=False)
    if latest is not None:
        pair.filter(pk=latest, is_current=False).update(is_current=True)


def rebuild_current_progress() -> int:
    """Recomputes every current flag from the history; returns how many rows are current."""
    with transaction.atomic():
        ObligationProgress.objects.filter(is_current=True).update(is_current=False)
        latest_per_pair: dict[tuple[int, int], int] = {}
        rows = (
            ObligationProgress.objects.published()
            .order_by("participant_id", "obligation_id", "as_of", "pk")
            .values_list("participant_id", "obligation_id", "pk")
        )
        for participant_id, obligation_id, pk in rows.iterator(chunk_size=5000):
            latest_per_pair[(participant_id, obligation_id)] = pk
        pks = list(latest_per_pair.values())
        for start in range(0, len(pks), 5000):
            ObligationProgress.objects.filter(pk__in=pks[start : start + 5000]).update(
                is_current=True
            )
        return len(pks)


# --- Domestic law: laws, provisions, mappings to the Convention ---------------------------------
# Written like assessments: a new record starts as a draft (or, for reference data an editor
# loads from a named outside list, published at once), moves through submit / verify / return /
# withdraw above, and is corrected through save_edited(). Who may write for which participant is
# decided by treaty.permissions before these are called.


def record_law(
    *,
    participant: Participant,
    title: str,
    source: str,
    by: User = None,
    publish: bool = False,
    **fields: Any,
) -> Law:
    """Records a national law of ``participant`` (a draft unless ``publish``: reference data
    copied from a named outside list, such as UNCTAD's, is published as it is loaded)."""
    law = Law(participant=participant, title=title, source=source, **fields)
    return save_new(record=law, by=by, publish=publish)


def record_provision(
    *, law: Law, reference: str, by: User = None, publish: bool = False, **fields: Any
) -> Provision:
    """Records a provision of ``law`` ("art. 3", "s. 12(1)"), a draft until reviewed."""
    provision = Provision(law=law, reference=reference.strip(), **fields)
    return save_new(record=provision, by=by, publish=publish)


def map_provision(
    *,
    provision: Provision,
    relation: str,
    article: Article | None = None,
    obligation: Obligation | None = None,
    note: str = "",
    by: User = None,
    publish: bool = False,
) -> ProvisionMapping:
    """Links ``provision`` to an article or an obligation of the Convention (exactly one) with
    its relation; a draft until reviewed."""
    mapping = ProvisionMapping(
        provision=provision, article=article, obligation=obligation, relation=relation, note=note
    )
    return save_new(record=mapping, by=by, publish=publish)


def cite_provisions(
    *, assessment: ObligationProgress, provisions: list[Provision], by: User = None
) -> ObligationProgress:
    """Adds ``provisions`` to the evidence ``assessment`` cites (any number; its free-text
    evidence stays as it was). A provision of another participant's law is refused."""
    strangers = [p for p in provisions if p.law.participant_id != assessment.participant_id]
    if strangers:
        raise ValidationError(
            {
                "provisions": (
                    f"{strangers[0]} is a law of another participant than "
                    f"{assessment.participant}: cite its own laws only."
                )
            }
        )
    with transaction.atomic():
        _lock_participant(assessment.participant)
        assessment.evidence_provisions.add(*provisions)
    return assessment


def link_evidence_to_laws(*, by: User = None) -> int:
    """Migrates free-text evidence that names a recorded law: each standing assessment whose
    ``evidence_title`` is the title (or English title) of a standing law of its participant,
    case and spaces ignored, cites that law's provision named by ``evidence_citation`` (added
    as a draft for review when the law does not have it yet; "whole law" when no citation is
    given). The free text stays. Running it again changes nothing. Returns the links added."""
    laws: dict[tuple[int, str], Law] = {}
    for law in Law.objects.active():
        for title in (law.title, law.title_en):
            if title:
                laws.setdefault((law.participant_id, " ".join(title.split()).casefold()), law)
    added = 0
    with transaction.atomic():
        for assessment in ObligationProgress.objects.active().exclude(evidence_title=""):
            key = (
                assessment.participant_id,
                " ".join(assessment.evidence_title.split()).casefold(),
            )
            cited = laws.get(key)
            if cited is None:
                continue
            reference = assessment.evidence_citation.strip()[:120] or "whole law"
            provision = cited.provisions.active().filter(reference=reference).first()
            if provision is None:
                provision = record_provision(law=cited, reference=reference, by=by)
            if not provision.cited_by.filter(pk=assessment.pk).exists():
                provision.cited_by.add(assessment)
                added += 1
    return added
