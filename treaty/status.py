"""The entry-into-force engine: pure functions over treaty actions already fetched.

Nothing here touches the database, so a page computes every participant's stage from one query's
rows, and the rules are tested without a database. Vocabulary (see the README glossary):

- an *instrument* is a consent to be bound: ratification, acceptance, approval, accession,
  succession, formal confirmation (by an organization) or definitive signature;
- a *counting* instrument is one that counts towards the threshold of the entry-into-force rule:
  every instrument of a State, and a REIO's only if the rule says so (art. 65(1): "any instrument
  deposited by a regional economic integration organization shall not be counted as additional to
  those deposited by member States of that organization" — the depositary's practice is not to
  count it at all, and that is what this engine does);
- the *threshold instrument* is the one whose deposit brings the count to the number required;
- a participant is a *party* on a date when the treaty is in force for it on that date;
- a *denunciation* (art. 67) takes effect one year after the depositary receives its
  notification, unless the notification states a later date (``denunciation_takes_effect``);
- a REIO *ceases to be a party* when all its member States have denounced the treaty, if the
  treaty's rule says so (``reio_ceases_with_members``; on for the Convention, art. 67).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

SIGNATURE = "signature"
DENUNCIATION = "denunciation"
# Formal confirmation is an international organization's ratification; a definitive signature
# binds without a later instrument. Both appear in UNTC status tables (suffixes c and s).
CONSENT_KINDS = frozenset(
    {
        "ratification",
        "acceptance",
        "approval",
        "accession",
        "succession",
        "formal_confirmation",
        "definitive_signature",
    }
)

# Same-day order: a signature precedes an instrument, which precedes a denunciation.
_KIND_RANK = {SIGNATURE: 0, **dict.fromkeys(CONSENT_KINDS, 1), DENUNCIATION: 2}


@dataclass(frozen=True, slots=True)
class EntryIntoForceRule:
    """A treaty's entry-into-force clause as data (art. 65 of the Convention: 40, 90, 30, no)."""

    instruments_required: int
    days_after_threshold: int
    days_after_later_instrument: int
    reio_instrument_counts: bool = False
    # Art. 67 of the Convention: a REIO ceases to be a party when all its member States have
    # denounced it.
    reio_ceases_with_members: bool = True


def one_year_after(on: date) -> date:
    """The same day and month a year later; a 29 February gives 1 March of the next year (a
    full year has run only once 28 February has passed)."""
    try:
        return on.replace(year=on.year + 1)
    except ValueError:  # 29 February, and the next year is not a leap year
        return date(on.year + 1, 3, 1)


def denunciation_takes_effect(notified_on: date, effective_on: date | None = None) -> date:
    """When a denunciation takes effect (art. 67): one year after the depositary receives the
    notification (``one_year_after``), or the later date the notification states. A recorded
    date earlier than that year is refused when it is entered (``TreatyAction.clean``); here it
    is read as recorded."""
    return effective_on or one_year_after(notified_on)


@dataclass(frozen=True, slots=True)
class Action:
    """One dated event of the depositary record, as the engine needs it.

    ``effective_on`` matters for a denunciation only: the day it takes effect (if not recorded,
    one year after the notification: ``denunciation_takes_effect``). ``members`` matters for a
    REIO only: its member States, when the rule makes it cease to be a party with them (callers
    may leave it empty when no denunciation is in the rows).
    ``earliest`` is set when the record knows the action only to a range of days: ``on`` is then
    its latest possible day, the day the engine counts it from, so a status is never ahead of
    the record (README, "date range").
    """

    participant: str
    kind: str
    on: date
    is_reio: bool = False
    effective_on: date | None = None
    members: frozenset[str] = frozenset()
    earliest: date | None = None

    @property
    def takes_effect_on(self) -> date:
        if self.kind == DENUNCIATION:
            return denunciation_takes_effect(self.on, self.effective_on)
        return self.effective_on or self.on


class Stage(StrEnum):
    """Where a participant stands on a date, from nothing to party (or out again)."""

    NONE = "none"
    SIGNATORY = "signatory"
    CONSENTED = "consented"  # instrument deposited, treaty not yet in force for it
    PARTY = "party"
    DENOUNCED = "denounced"


@dataclass(frozen=True, slots=True)
class ParticipantStatus:
    participant: str
    stage: Stage
    signed_on: date | None = None
    signed_earliest: date | None = None  # set when the signature is known to a range of days
    consent_kind: str | None = None
    consent_on: date | None = None
    entry_into_force_on: date | None = None
    denunciation_effective_on: date | None = None
    counts: bool = False  # its instrument counts towards the threshold


@dataclass(frozen=True, slots=True)
class TreatyStatus:
    """The treaty as recorded on ``as_of``.

    ``entry_into_force_on`` is set as soon as the threshold instrument is recorded, even when that
    day is still ahead of ``as_of``; ``in_force`` says whether it has come.
    """

    as_of: date
    rule: EntryIntoForceRule
    # Every participant with a standing signature on ``as_of``, including those that have since
    # deposited an instrument: the depositary's "signatories" header counts them so.
    signatures: int
    instruments: int
    counting_instruments: int
    threshold_on: date | None
    threshold_participant: str | None
    entry_into_force_on: date | None
    participants: dict[str, ParticipantStatus] = field(default_factory=dict)

    @property
    def in_force(self) -> bool:
        return self.entry_into_force_on is not None and self.entry_into_force_on <= self.as_of

    @property
    def instruments_needed(self) -> int:
        """How many more counting instruments the threshold needs (0 once it is reached)."""
        if self.threshold_on is not None:
            return 0  # reached for good: a later denunciation does not undo the threshold
        return max(0, self.rule.instruments_required - self.counting_instruments)

    @property
    def parties(self) -> int:
        return self.in_stage(Stage.PARTY)

    @property
    def signed_not_bound(self) -> int:
        """Participants at the stage "signed, not yet bound" (``Stage.SIGNATORY``): signed, no
        instrument standing. Not the number of signatures, which counts these and every
        signatory that has since deposited an instrument."""
        return self.in_stage(Stage.SIGNATORY)

    def in_stage(self, stage: Stage) -> int:
        """How many participants stand at ``stage`` (none for ``Stage.NONE``: the engine knows
        only the participants that acted; count those against the list of participants)."""
        return sum(1 for p in self.participants.values() if p.stage is stage)

    def stage_of(self, participant: str) -> Stage:
        status = self.participants.get(participant)
        return status.stage if status else Stage.NONE

    def of(self, participant: str) -> ParticipantStatus:
        return self.participants.get(participant) or ParticipantStatus(participant, Stage.NONE)


def _ordered(actions: Iterable[Action], at: date) -> list[Action]:
    """Actions on or before ``at``, in a canonical order, so results never depend on the order
    the caller gives them in."""
    return sorted(
        (a for a in actions if a.on <= at),
        key=lambda a: (a.on, _KIND_RANK.get(a.kind, 3), a.participant, a.kind),
    )


def _threshold(
    rule: EntryIntoForceRule, ordered: list[Action], at: date
) -> tuple[date | None, str | None, int, set[str]]:
    """Walks instruments and effective denunciations in date order and returns the threshold
    date and participant, the count of standing counting instruments on ``at`` and who holds
    them. Each participant counts once however many instruments it deposits."""
    events: list[tuple[date, int, Action]] = []
    for action in ordered:
        if action.is_reio and not rule.reio_instrument_counts:
            continue
        if action.kind in CONSENT_KINDS:
            events.append((action.on, 0, action))
        elif action.kind == DENUNCIATION and action.takes_effect_on <= at:
            events.append((action.takes_effect_on, 1, action))
    events.sort(key=lambda e: (e[0], e[1], e[2].participant))

    standing: set[str] = set()
    threshold_on: date | None = None
    threshold_participant: str | None = None
    for on, is_denunciation, action in events:
        if is_denunciation:
            standing.discard(action.participant)
            continue
        standing.add(action.participant)
        if threshold_on is None and len(standing) >= rule.instruments_required:
            threshold_on, threshold_participant = on, action.participant
    return threshold_on, threshold_participant, len(standing), standing


def _participant_status(
    rule: EntryIntoForceRule,
    participant: str,
    actions: list[Action],
    at: date,
    threshold_on: date | None,
    treaty_in_force_on: date | None,
    counting: set[str],
) -> ParticipantStatus:
    signed_on: date | None = None
    signed_earliest: date | None = None
    consent: Action | None = None
    denounced_on: date | None = None
    for action in actions:
        if action.kind == SIGNATURE and signed_on is None:
            signed_on, signed_earliest = action.on, action.earliest
        elif action.kind in CONSENT_KINDS:
            if consent is None:
                consent, denounced_on = action, None
        elif action.kind == DENUNCIATION and consent is not None:
            if action.takes_effect_on <= at:
                consent, denounced_on = None, action.takes_effect_on
            else:
                denounced_on = action.takes_effect_on  # notified, not yet effective

    if consent is None:
        stage = Stage.DENOUNCED if denounced_on else Stage.SIGNATORY if signed_on else Stage.NONE
        return ParticipantStatus(
            participant,
            stage,
            signed_on=signed_on,
            signed_earliest=signed_earliest,
            denunciation_effective_on=denounced_on,
        )

    in_force_on: date | None = None
    if threshold_on is not None and treaty_in_force_on is not None:
        if consent.on <= threshold_on:
            in_force_on = treaty_in_force_on
        else:
            in_force_on = max(
                consent.on + timedelta(days=rule.days_after_later_instrument), treaty_in_force_on
            )
    stage = Stage.PARTY if in_force_on is not None and in_force_on <= at else Stage.CONSENTED
    return ParticipantStatus(
        participant,
        stage,
        signed_on=signed_on,
        signed_earliest=signed_earliest,
        consent_kind=consent.kind,
        consent_on=consent.on,
        entry_into_force_on=in_force_on,
        denunciation_effective_on=denounced_on,
        counts=participant in counting,
    )


def _reios_ceased(
    ordered: list[Action], participants: Mapping[str, ParticipantStatus]
) -> dict[str, date]:
    """The REIOs holding an instrument on the day that ceased to be parties because every one of
    their member States has denounced the treaty, with the day the last denunciation took
    effect (on or after the REIO's own instrument). A REIO with no member States listed never
    ceases this way."""
    members = {a.participant: a.members for a in ordered if a.is_reio and a.members}
    ceased: dict[str, date] = {}
    for reio, states in members.items():
        mine = participants.get(reio)
        if mine is None or mine.consent_on is None:
            continue
        ends = [participants.get(state) for state in states]
        if not all(end is not None and end.stage is Stage.DENOUNCED for end in ends):
            continue
        last = max(e.denunciation_effective_on for e in ends if e and e.denunciation_effective_on)
        if last >= mine.consent_on:
            ceased[reio] = last
    return ceased


def treaty_status(rule: EntryIntoForceRule, actions: Iterable[Action], at: date) -> TreatyStatus:
    """The treaty and every participant as recorded on ``at``: actions after ``at`` are ignored.

    The treaty enters into force ``days_after_threshold`` days after the deposit of the
    threshold instrument. For a participant whose instrument was deposited on or before that
    deposit, the treaty enters into force with the treaty itself; for a later one, on the
    ``days_after_later_instrument``-th day after its deposit or on the treaty's entry into
    force, whichever is later. A denunciation ends the consent on the day it takes effect
    (one year after its notification unless it states a later day), and a REIO ceases to be a
    party once all its member States' denunciations have taken effect (if the rule says so).
    """
    ordered = _ordered(actions, at)
    threshold_on, threshold_participant, counting_count, counting = _threshold(rule, ordered, at)
    in_force_on = threshold_on + timedelta(days=rule.days_after_threshold) if threshold_on else None

    by_participant: dict[str, list[Action]] = {}
    for action in ordered:
        by_participant.setdefault(action.participant, []).append(action)

    participants = {
        key: _participant_status(rule, key, acts, at, threshold_on, in_force_on, counting)
        for key, acts in by_participant.items()
    }
    if rule.reio_ceases_with_members:
        for key, ceased_on in _reios_ceased(ordered, participants).items():
            before = participants[key]
            participants[key] = ParticipantStatus(
                key,
                Stage.DENOUNCED,
                signed_on=before.signed_on,
                denunciation_effective_on=ceased_on,
            )
            if before.counts:
                counting_count -= 1
    return TreatyStatus(
        as_of=at,
        rule=rule,
        signatures=sum(1 for p in participants.values() if p.signed_on is not None),
        instruments=sum(1 for p in participants.values() if p.consent_on is not None),
        counting_instruments=counting_count,
        threshold_on=threshold_on,
        threshold_participant=threshold_participant,
        entry_into_force_on=in_force_on,
        participants=participants,
    )


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    on: date
    signatures: int
    counting_instruments: int


def timeline(rule: EntryIntoForceRule, actions: Iterable[Action], at: date) -> list[TimelinePoint]:
    """Cumulative signatures and counting instruments on each day something changed, up to
    ``at``: the series behind the dashboard chart. One pass, whatever the number of days."""
    # A denunciation changes the count on the day it takes effect (as in ``treaty_status``), not
    # on the day it is notified; one not yet effective on ``at`` changes nothing.
    events = sorted(
        (
            (a.takes_effect_on if a.kind == DENUNCIATION else a.on, _KIND_RANK.get(a.kind, 3), a)
            for a in _ordered(actions, at)
        ),
        key=lambda e: (e[0], e[1], e[2].participant, e[2].kind),
    )
    points: list[TimelinePoint] = []
    signed: set[str] = set()
    standing: set[str] = set()
    for on, _rank, action in events:
        if on > at:
            continue
        if action.kind == SIGNATURE:
            signed.add(action.participant)
        elif action.kind in CONSENT_KINDS and (rule.reio_instrument_counts or not action.is_reio):
            standing.add(action.participant)
        elif action.kind == DENUNCIATION:
            standing.discard(action.participant)
        else:
            continue
        point = TimelinePoint(on, len(signed), len(standing))
        if points and points[-1].on == on:
            points[-1] = point
        else:
            points.append(point)
    return points
