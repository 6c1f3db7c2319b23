"""The rules of the depositary record that span rows, which ``TreatyAction.clean`` applies:
dates, one signature, one standing instrument, denunciation by a party, objections to
reservations. Each message says what to fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from treaty import status as engine
from treaty.models.action_kinds import CONSENT_KINDS, ActionKind

if TYPE_CHECKING:
    from treaty.models.actions import TreatyAction


def errors_of(action: TreatyAction) -> dict[str, list[str]]:
    """The errors of ``action`` against the record's other standing rows, by field."""
    errors: dict[str, list[str]] = {}
    check_dates(action, errors)
    siblings = list(
        type(action)
        .objects.active()
        .filter(treaty_id=action.treaty_id, participant_id=action.participant_id)
        .exclude(pk=action.pk)
        .order_by("date")
    )
    if action.kind == ActionKind.SIGNATURE:
        check_signature(action, errors, siblings)
    elif action.kind in CONSENT_KINDS:
        check_consent(action, errors, siblings)
    elif action.kind == ActionKind.DENUNCIATION:
        check_denunciation(action, errors, siblings)
    elif action.kind in (ActionKind.OBJECTION, ActionKind.RESERVATION_WITHDRAWAL):
        check_relates_to(action, errors)
    return errors


def check_dates(action: TreatyAction, errors: dict[str, list[str]]) -> None:
    treaty = action.treaty
    if action.date_earliest and action.date_earliest >= action.date:
        errors.setdefault("date_earliest", []).append(
            _(
                "The earliest possible day (%(earliest)s) must come before the date "
                "%(date)s, the latest possible day; for an exact day, leave it empty."
            )
            % {"earliest": date_format(action.date_earliest), "date": date_format(action.date)}
        )
    if action.first_possible_day < treaty.adopted_on:
        errors.setdefault("date", []).append(
            _("%(treaty)s was adopted on %(adopted)s: no action can be dated before that.")
            % {"treaty": treaty, "adopted": date_format(treaty.adopted_on)}
        )
    today = timezone.localdate()
    if action.date > today:
        errors.setdefault("date", []).append(
            _("The date %(date)s is in the future: record an action once it has happened.")
            % {"date": date_format(action.date)}
        )
    if action.effective_on and action.effective_on < action.date:
        errors.setdefault("effective_on", []).append(
            _(
                "An action takes effect on or after the day it is made: date the effect "
                "%(date)s or later."
            )
            % {"date": date_format(action.date)}
        )
    elif (
        action.kind == ActionKind.DENUNCIATION
        and action.effective_on
        and action.effective_on < engine.one_year_after(action.date)
    ):
        errors.setdefault("effective_on", []).append(
            _(
                "A denunciation takes effect one year after the depositary receives it, or "
                "later if it says so (art. 67): date the effect %(date)s or later, or leave "
                "it empty."
            )
            % {"date": date_format(engine.one_year_after(action.date))}
        )


def check_signature(
    action: TreatyAction, errors: dict[str, list[str]], siblings: list[TreatyAction]
) -> None:
    treaty = action.treaty
    # Every possible day of a range must fall in the window, not only the one counted.
    outside = next(
        (
            on
            for on in (action.first_possible_day, action.date)
            if not treaty.is_open_for_signature(on)
        ),
        None,
    )
    if outside is not None:
        errors.setdefault("date_earliest" if outside != action.date else "date", []).append(
            _(
                "%(treaty)s is open for signature from %(opens)s to %(closes)s; "
                "%(date)s is outside that window. After it closes a State joins by accession."
            )
            % {
                "treaty": treaty,
                "opens": date_format(treaty.signature_opens_on)
                if treaty.signature_opens_on
                else "—",
                "closes": date_format(treaty.signature_closes_on)
                if treaty.signature_closes_on
                else "—",
                "date": date_format(outside),
            }
        )
    earlier = next((s for s in siblings if s.kind == ActionKind.SIGNATURE), None)
    if earlier:
        errors.setdefault("kind", []).append(
            _("%(participant)s already signed on %(date)s: one signature per treaty.")
            % {"participant": action.participant, "date": date_format(earlier.date)}
        )


def check_consent(
    action: TreatyAction, errors: dict[str, list[str]], siblings: list[TreatyAction]
) -> None:
    needs_signature = action.kind in (
        ActionKind.RATIFICATION,
        ActionKind.ACCEPTANCE,
        ActionKind.APPROVAL,
        ActionKind.FORMAL_CONFIRMATION,
    )
    if needs_signature and not any(
        s.kind == ActionKind.SIGNATURE and s.date <= action.date for s in siblings
    ):
        errors.setdefault("kind", []).append(
            _(
                "%(participant)s has no signature on or before %(date)s: ratification, "
                "acceptance or approval follows a signature; a non-signatory joins by accession."
            )
            % {"participant": action.participant, "date": date_format(action.date)}
        )
    if action.kind == ActionKind.ACCESSION:
        check_accession_after_signature(action, errors, siblings)
    # Only a published instrument is a deposit. The latest one before this one must have
    # been denounced before this one.
    deposited = [s for s in siblings if s.is_consent and s.is_published]
    previous = [s for s in deposited if s.date <= action.date]
    later = [s for s in deposited if s.date > action.date]
    if previous:
        last = previous[-1]
        denounced = any(
            s.kind == ActionKind.DENUNCIATION and last.date <= s.date <= action.date
            for s in siblings
        )
        if not denounced:
            errors.setdefault("kind", []).append(
                _(
                    "%(participant)s already deposited an instrument (%(kind)s, %(date)s) "
                    "and has not denounced the treaty since: no second instrument."
                )
                % {
                    "participant": action.participant,
                    "kind": last.get_kind_display().lower(),
                    "date": date_format(last.date),
                }
            )
            return
    elif later and not any(s.kind == ActionKind.DENUNCIATION for s in siblings):
        errors.setdefault("kind", []).append(
            _("%(participant)s deposited an instrument on %(date)s: no second instrument.")
            % {"participant": action.participant, "date": date_format(later[0].date)}
        )
        return
    # A draft is not a deposit, but two instruments in the works contradict each other: one
    # of them has to go first.
    draft = next((s for s in siblings if s.is_consent and not s.is_published), None)
    if draft is not None:
        errors.setdefault("kind", []).append(
            _(
                "%(participant)s has a draft instrument, not yet published (%(kind)s, "
                "%(date)s, %(state)s): complete it (submit it for review, then have it "
                "verified) if the depositary recorded it, or withdraw it if not; then "
                "record this one."
            )
            % {
                "participant": action.participant,
                "kind": draft.get_kind_display().lower(),
                "date": date_format(draft.date),
                "state": draft.get_review_state_display().lower(),
            }
        )


def check_accession_after_signature(
    action: TreatyAction, errors: dict[str, list[str]], siblings: list[TreatyAction]
) -> None:
    """A signatory normally ratifies, accepts or approves: an accession after a signature
    is recorded only when the person entering it confirms it."""
    signature = next(
        (s for s in siblings if s.kind == ActionKind.SIGNATURE and s.date <= action.date), None
    )
    if signature is None or action.confirm_accession_after_signature:
        return
    if any(s.is_consent and s.is_published and s.date <= action.date for s in siblings):
        return  # rejoining after a denunciation: accession is the way back
    if not action._state.adding:
        stored = type(action).objects.filter(pk=action.pk).values_list("kind", flat=True).first()
        if stored == ActionKind.ACCESSION:
            return  # confirmed when it was entered
    errors.setdefault("kind", []).append(
        _(
            "%(participant)s signed on %(date)s: a signatory normally ratifies, accepts or "
            "approves. Choose that kind, or, if the depositary really records an accession, "
            "confirm it (admin: tick 'Accession after signature'; API: "
            "confirm_accession_after_signature: true)."
        )
        % {"participant": action.participant, "date": date_format(signature.date)}
    )


def check_denunciation(
    action: TreatyAction, errors: dict[str, list[str]], siblings: list[TreatyAction]
) -> None:
    rows = type(action).objects.active().filter(treaty_id=action.treaty_id).exclude(pk=action.pk)
    state = engine.treaty_status(action.treaty.rule, rows.engine_rows(), action.date)
    # A party whose earlier denunciation has not yet taken effect is still a party, but has
    # nothing left to denounce.
    pending = next(
        (
            s
            for s in siblings
            if s.kind == ActionKind.DENUNCIATION
            and s.date <= action.date < engine.denunciation_takes_effect(s.date, s.effective_on)
        ),
        None,
    )
    if state.stage_of(action.participant.iso3) is not engine.Stage.PARTY:
        errors.setdefault("kind", []).append(
            _(
                "%(participant)s is not a party on %(date)s (stage: %(stage)s): only a party "
                "can denounce the treaty."
            )
            % {
                "participant": action.participant,
                "date": date_format(action.date),
                "stage": state.stage_of(action.participant.iso3).value,
            }
        )
    elif pending is not None:
        errors.setdefault("kind", []).append(
            _(
                "%(participant)s already denounced the treaty on %(date)s, effective "
                "%(effective)s: withdraw that denunciation before recording another."
            )
            % {
                "participant": action.participant,
                "date": date_format(pending.date),
                "effective": date_format(
                    engine.denunciation_takes_effect(pending.date, pending.effective_on)
                ),
            }
        )


def check_relates_to(action: TreatyAction, errors: dict[str, list[str]]) -> None:
    target = action.relates_to
    if target is None:
        errors.setdefault("relates_to", []).append(
            str(_("Name the reservation this objection or withdrawal concerns."))
        )
        return
    if target.kind != ActionKind.RESERVATION or target.treaty_id != action.treaty_id:
        errors.setdefault("relates_to", []).append(
            str(_("This must be a reservation to the same treaty."))
        )
    elif action.kind == ActionKind.RESERVATION_WITHDRAWAL and (
        target.participant_id != action.participant_id
    ):
        errors.setdefault("relates_to", []).append(
            str(_("A participant can withdraw only its own reservation."))
        )
    elif action.kind == ActionKind.OBJECTION and target.participant_id == action.participant_id:
        errors.setdefault("relates_to", []).append(
            str(_("A participant does not object to its own reservation."))
        )
