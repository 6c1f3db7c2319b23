"""The entry-into-force engine (``treaty.status``), tested without the database.

The Convention's rule is art. 65: in force on the 90th day after the 40th instrument, a REIO's
instrument not counted, and for a later instrument the 30th day after its deposit or the
Convention's entry into force, whichever is later. ``TINY`` keeps the same days with a threshold of
three instruments where forty would only hide what a test is about.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treaty.status import (
    CONSENT_KINDS,
    DENUNCIATION,
    SIGNATURE,
    Action,
    EntryIntoForceRule,
    ParticipantStatus,
    Stage,
    TimelinePoint,
    denunciation_takes_effect,
    one_year_after,
    timeline,
    treaty_status,
)

CONVENTION = EntryIntoForceRule(40, 90, 30, False)
TINY = EntryIntoForceRule(3, 90, 30, False)
TINY_COUNTING_REIO = EntryIntoForceRule(3, 90, 30, True)

HANOI = date(2025, 10, 25)  # opened for signature in Hanoi
DEPOSIT = date(2026, 3, 2)  # the first instrument of the scenarios below
EU = "EUU"


def days(n: int) -> timedelta:
    return timedelta(days=n)


def sign(participant: str, on: date, *, reio: bool = False) -> Action:
    return Action(participant, SIGNATURE, on, is_reio=reio)


def ratify(participant: str, on: date, *, kind: str = "ratification", reio: bool = False) -> Action:
    return Action(participant, kind, on, is_reio=reio)


def denounce(
    participant: str, on: date, *, effective_on: date | None = None, reio: bool = False
) -> Action:
    return Action(participant, DENUNCIATION, on, is_reio=reio, effective_on=effective_on)


def states(n: int, *, first: int = 1) -> list[str]:
    """Codes of ``n`` States, ``S01``, ``S02``… (their order is the order they deposit in)."""
    return [f"S{i:02d}" for i in range(first, first + n)]


def one_a_day(participants: list[str], start: date = DEPOSIT) -> list[Action]:
    """One instrument a day, in the order given, starting on ``start``."""
    return [ratify(p, start + days(i)) for i, p in enumerate(participants)]


def forty_instruments() -> tuple[list[Action], date]:
    """Forty States deposit one a day; returns the actions and the day of the 40th."""
    actions = one_a_day(states(40))
    return actions, actions[-1].on


# --- Art. 65(1): the threshold ------------------------------------------------------------------


def test_thirty_nine_instruments_give_no_entry_into_force_date_and_one_instrument_needed():
    actions = one_a_day(states(39))

    status = treaty_status(CONVENTION, actions, DEPOSIT + days(1000))

    assert status.counting_instruments == 39
    assert status.instruments_needed == 1
    assert status.threshold_on is None
    assert status.threshold_participant is None
    assert status.entry_into_force_on is None
    assert not status.in_force
    assert status.parties == 0
    assert {s.stage for s in status.participants.values()} == {Stage.CONSENTED}
    assert all(s.entry_into_force_on is None for s in status.participants.values())


def test_treaty_enters_into_force_ninety_days_after_the_fortieth_instrument():
    actions, fortieth_on = forty_instruments()

    status = treaty_status(CONVENTION, actions, fortieth_on)

    assert status.threshold_on == fortieth_on
    assert status.entry_into_force_on == fortieth_on + days(90)
    assert status.instruments_needed == 0


def test_entry_into_force_date_is_known_from_the_fortieth_deposit_before_it_comes():
    actions, fortieth_on = forty_instruments()

    status = treaty_status(CONVENTION, actions, fortieth_on)

    assert status.entry_into_force_on == fortieth_on + days(90)
    assert not status.in_force
    assert status.parties == 0
    assert status.of("S40").stage is Stage.CONSENTED
    assert status.of("S40").entry_into_force_on == fortieth_on + days(90)


def test_treaty_is_not_in_force_on_the_eighty_ninth_day_and_is_on_the_ninetieth():
    actions, fortieth_on = forty_instruments()

    day_89 = treaty_status(CONVENTION, actions, fortieth_on + days(89))
    day_90 = treaty_status(CONVENTION, actions, fortieth_on + days(90))

    assert not day_89.in_force
    assert day_89.parties == 0
    assert day_90.in_force
    assert day_90.parties == 40


def test_threshold_participant_is_the_one_depositing_the_fortieth_instrument():
    actions, fortieth_on = forty_instruments()

    status = treaty_status(CONVENTION, actions, fortieth_on + days(400))

    assert status.threshold_participant == "S40"
    assert status.threshold_on == fortieth_on


def test_every_instrument_deposited_by_the_threshold_enters_into_force_with_the_treaty():
    actions, fortieth_on = forty_instruments()
    in_force_on = fortieth_on + days(90)

    status = treaty_status(CONVENTION, actions, in_force_on)

    assert {s.entry_into_force_on for s in status.participants.values()} == {in_force_on}
    assert {s.stage for s in status.participants.values()} == {Stage.PARTY}
    assert all(s.counts for s in status.participants.values())


def test_instruments_deposited_on_the_same_day_as_the_fortieth_all_enter_into_force_with_the_treaty():
    actions = one_a_day(states(38))
    same_day = actions[-1].on + days(1)
    actions += [ratify(p, same_day) for p in states(4, first=39)]  # the 39th to the 42nd
    in_force_on = same_day + days(90)

    status = treaty_status(CONVENTION, actions, in_force_on)

    assert status.threshold_on == same_day
    assert status.entry_into_force_on == in_force_on
    assert status.counting_instruments == 42
    for participant in states(4, first=39):
        assert status.of(participant).entry_into_force_on == in_force_on
        assert status.of(participant).stage is Stage.PARTY
    assert status.parties == 42


def test_threshold_participant_on_a_crowded_day_does_not_depend_on_the_order_given():
    actions = [ratify("S01", DEPOSIT), ratify("S02", DEPOSIT), ratify("S03", DEPOSIT)]

    forwards = treaty_status(TINY, actions, DEPOSIT)
    backwards = treaty_status(TINY, actions[::-1], DEPOSIT)

    assert forwards.threshold_participant == backwards.threshold_participant
    assert forwards.threshold_participant in {"S01", "S02", "S03"}


@pytest.mark.parametrize("kind", sorted(CONSENT_KINDS))
def test_every_kind_of_instrument_counts_towards_the_threshold(kind):
    actions = [
        ratify("S01", DEPOSIT),
        ratify("S02", DEPOSIT + days(1)),
        ratify("S03", DEPOSIT + days(2), kind=kind),
    ]

    status = treaty_status(TINY, actions, DEPOSIT + days(92))

    assert status.threshold_participant == "S03"
    assert status.of("S03").consent_kind == kind
    assert status.of("S03").stage is Stage.PARTY


def test_a_participant_counts_once_however_many_instruments_it_deposits():
    actions = [
        ratify("S01", DEPOSIT),
        ratify("S01", DEPOSIT + days(1), kind="accession"),
        ratify("S02", DEPOSIT + days(2)),
    ]

    status = treaty_status(TINY, actions, DEPOSIT + days(500))

    assert status.counting_instruments == 2
    assert status.instruments == 2
    assert status.entry_into_force_on is None
    assert status.of("S01").consent_on == DEPOSIT  # the first instrument is the one that stands
    assert status.of("S01").consent_kind == "ratification"


@pytest.mark.parametrize("kind", ["declaration", "reservation", "objection", "notification"])
def test_actions_that_are_not_signatures_instruments_or_denunciations_change_nothing(kind):
    actions = [*one_a_day(states(2)), Action("S03", kind, DEPOSIT + days(5))]

    status = treaty_status(TINY, actions, DEPOSIT + days(500))

    assert status.counting_instruments == 2
    assert status.signatures == 0
    assert status.entry_into_force_on is None
    assert status.stage_of("S03") is Stage.NONE
    assert timeline(TINY, actions, DEPOSIT + days(500)) == timeline(
        TINY, actions[:2], DEPOSIT + days(500)
    )


# --- Art. 65(1), second sentence: the REIO's instrument ----------------------------------------


def test_the_eus_instrument_does_not_count_towards_the_forty():
    actions = [*one_a_day(states(39)), ratify(EU, DEPOSIT + days(100), kind="approval", reio=True)]

    status = treaty_status(CONVENTION, actions, DEPOSIT + days(1000))

    assert status.instruments == 40
    assert status.counting_instruments == 39
    assert status.instruments_needed == 1
    assert status.entry_into_force_on is None
    assert status.of(EU).stage is Stage.CONSENTED
    assert not status.of(EU).counts


def test_the_eus_instrument_counts_when_the_rule_says_so():
    rule = EntryIntoForceRule(40, 90, 30, reio_instrument_counts=True)
    eu_on = DEPOSIT + days(100)
    actions = [*one_a_day(states(39)), ratify(EU, eu_on, kind="approval", reio=True)]

    status = treaty_status(rule, actions, eu_on)

    assert status.counting_instruments == 40
    assert status.threshold_participant == EU
    assert status.entry_into_force_on == eu_on + days(90)
    assert status.of(EU).counts


def test_the_eu_becomes_a_party_when_the_treaty_enters_into_force():
    eu = ratify(EU, DEPOSIT, kind="approval", reio=True)
    actions = [eu, *one_a_day(states(3), start=DEPOSIT + days(10))]
    in_force_on = DEPOSIT + days(12 + 90)

    before = treaty_status(TINY, actions, in_force_on - days(1))
    on_the_day = treaty_status(TINY, actions, in_force_on)

    assert on_the_day.threshold_participant == "S03"
    assert on_the_day.of(EU).entry_into_force_on == in_force_on
    assert before.of(EU).stage is Stage.CONSENTED
    assert on_the_day.of(EU).stage is Stage.PARTY
    assert on_the_day.parties == 4


def test_the_eus_later_instrument_enters_into_force_like_any_other():
    threshold_on = DEPOSIT + days(2)
    eu_on = threshold_on + days(200)
    actions = [*one_a_day(states(3)), ratify(EU, eu_on, kind="approval", reio=True)]

    status = treaty_status(TINY, actions, eu_on + days(30))

    assert status.of(EU).entry_into_force_on == eu_on + days(30)
    assert status.of(EU).stage is Stage.PARTY


# --- Art. 65(2): later instruments --------------------------------------------------------------


@pytest.mark.parametrize(
    ("deposited_after_threshold", "in_force_after_threshold"),
    [
        pytest.param(1, 90, id="thirty-days-well-within-the-ninety"),
        pytest.param(60, 90, id="thirtieth-day-is-the-treatys-day"),
        pytest.param(61, 91, id="thirtieth-day-is-one-day-later"),
        pytest.param(89, 119, id="day-before-the-treaty"),
        pytest.param(90, 120, id="on-the-treatys-day"),
        pytest.param(400, 430, id="long-after"),
    ],
)
def test_a_later_instrument_enters_into_force_on_the_later_of_thirty_days_and_the_treatys_day(
    deposited_after_threshold, in_force_after_threshold
):
    actions = one_a_day(states(3))
    threshold_on = actions[-1].on
    actions.append(ratify("LATE", threshold_on + days(deposited_after_threshold)))

    status = treaty_status(TINY, actions, threshold_on + days(1000))

    assert status.entry_into_force_on == threshold_on + days(90)
    assert status.of("LATE").entry_into_force_on == threshold_on + days(in_force_after_threshold)


def test_an_instrument_deposited_after_the_treaty_is_in_force_takes_effect_on_the_thirtieth_day():
    actions, fortieth_on = forty_instruments()
    late_on = fortieth_on + days(200)
    actions.append(ratify("LATE", late_on, kind="accession"))

    day_29 = treaty_status(CONVENTION, actions, late_on + days(29))
    day_30 = treaty_status(CONVENTION, actions, late_on + days(30))

    assert day_29.of("LATE").entry_into_force_on == late_on + days(30)
    assert day_29.of("LATE").stage is Stage.CONSENTED
    assert day_29.parties == 40
    assert day_30.of("LATE").stage is Stage.PARTY
    assert day_30.parties == 41


def test_a_later_instrument_within_the_ninety_days_becomes_a_party_with_the_treaty():
    actions, fortieth_on = forty_instruments()
    actions.append(ratify("LATE", fortieth_on + days(10)))
    in_force_on = fortieth_on + days(90)

    before = treaty_status(CONVENTION, actions, in_force_on - days(1))
    on_the_day = treaty_status(CONVENTION, actions, in_force_on)

    assert before.of("LATE").stage is Stage.CONSENTED
    assert on_the_day.of("LATE").stage is Stage.PARTY
    assert on_the_day.parties == 41
    assert on_the_day.threshold_participant == "S40"


# --- Stages -------------------------------------------------------------------------------------


def test_a_participant_with_no_actions_is_at_stage_none():
    status = treaty_status(TINY, [sign("S01", HANOI)], HANOI)

    assert status.stage_of("NOBODY") is Stage.NONE
    assert status.of("NOBODY") == ParticipantStatus("NOBODY", Stage.NONE)
    assert "NOBODY" not in status.participants


def test_no_actions_at_all_give_an_empty_status():
    status = treaty_status(CONVENTION, [], HANOI)

    assert status.participants == {}
    assert (status.signatures, status.instruments, status.counting_instruments) == (0, 0, 0)
    assert status.instruments_needed == 40
    assert status.entry_into_force_on is None
    assert not status.in_force


def test_a_signatory_without_an_instrument_is_a_signatory():
    status = treaty_status(TINY, [sign("S01", HANOI)], HANOI + days(1000))

    assert status.of("S01") == ParticipantStatus("S01", Stage.SIGNATORY, signed_on=HANOI)


def test_a_participant_is_consented_between_its_deposit_and_entry_into_force():
    actions = [sign("S01", HANOI), *one_a_day(states(3))]
    in_force_on = DEPOSIT + days(2 + 90)

    on_deposit = treaty_status(TINY, actions, DEPOSIT)
    day_before = treaty_status(TINY, actions, in_force_on - days(1))
    on_the_day = treaty_status(TINY, actions, in_force_on)

    assert on_deposit.of("S01") == ParticipantStatus(
        "S01",
        Stage.CONSENTED,
        signed_on=HANOI,
        consent_kind="ratification",
        consent_on=DEPOSIT,
        counts=True,
    )
    assert day_before.stage_of("S01") is Stage.CONSENTED
    assert on_the_day.of("S01") == ParticipantStatus(
        "S01",
        Stage.PARTY,
        signed_on=HANOI,
        consent_kind="ratification",
        consent_on=DEPOSIT,
        entry_into_force_on=in_force_on,
        counts=True,
    )


def test_an_accession_without_signature_makes_a_party_that_is_not_a_signatory():
    actions = [*one_a_day(states(2)), ratify("S03", DEPOSIT + days(5), kind="accession")]

    status = treaty_status(TINY, actions, DEPOSIT + days(95))

    assert status.of("S03").stage is Stage.PARTY
    assert status.of("S03").signed_on is None
    assert status.signatures == 0


# --- Denunciation -------------------------------------------------------------------------------


def in_force_with_denunciation(
    effective_after: int | None = 365,
) -> tuple[list[Action], date, date]:
    """Three parties from ``DEPOSIT + 92``; S01 notifies a denunciation 100 days later, taking
    effect ``effective_after`` days after the notification (``None``: no date recorded)."""
    notified_on = DEPOSIT + days(192)
    effective_on = None if effective_after is None else notified_on + days(effective_after)
    actions = [
        *one_a_day(states(3)),
        denounce("S01", notified_on, effective_on=effective_on),
    ]
    return actions, notified_on, effective_on or one_year_after(notified_on)


def test_a_party_is_still_a_party_between_its_denunciation_and_the_day_it_takes_effect():
    actions, notified_on, effective_on = in_force_with_denunciation()

    for at in (notified_on, effective_on - days(1)):
        status = treaty_status(TINY, actions, at)
        assert status.of("S01").stage is Stage.PARTY
        assert status.of("S01").denunciation_effective_on == effective_on
        assert status.of("S01").counts
        assert status.parties == 3
        assert status.counting_instruments == 3


def test_a_denounced_participant_is_denounced_from_the_day_the_denunciation_takes_effect():
    actions, _, effective_on = in_force_with_denunciation()

    status = treaty_status(TINY, actions, effective_on)

    assert status.of("S01") == ParticipantStatus(
        "S01", Stage.DENOUNCED, denunciation_effective_on=effective_on
    )
    assert status.parties == 2
    assert status.instruments == 2
    assert status.counting_instruments == 2


def test_a_denunciation_without_an_effective_date_takes_effect_a_year_after_its_notification():
    actions, notified_on, effective_on = in_force_with_denunciation(effective_after=None)

    assert effective_on == notified_on.replace(year=notified_on.year + 1)
    assert treaty_status(TINY, actions, notified_on).stage_of("S01") is Stage.PARTY
    assert treaty_status(TINY, actions, effective_on - days(1)).stage_of("S01") is Stage.PARTY
    assert treaty_status(TINY, actions, effective_on).of("S01") == ParticipantStatus(
        "S01", Stage.DENOUNCED, denunciation_effective_on=effective_on
    )


def test_a_denunciation_after_entry_into_force_does_not_undo_the_threshold():
    actions, _, effective_on = in_force_with_denunciation()

    status = treaty_status(TINY, actions, effective_on)

    assert status.counting_instruments == 2
    assert status.threshold_on == DEPOSIT + days(2)
    assert status.entry_into_force_on == DEPOSIT + days(92)
    assert status.in_force
    assert status.instruments_needed == 0


def test_re_accession_after_a_denunciation_gives_a_new_entry_into_force_date():
    actions, _, effective_on = in_force_with_denunciation()
    back_on = effective_on + days(50)
    actions.append(ratify("S01", back_on, kind="accession"))

    before = treaty_status(TINY, actions, back_on - days(1))
    consented = treaty_status(TINY, actions, back_on)
    party_again = treaty_status(TINY, actions, back_on + days(30))

    assert before.stage_of("S01") is Stage.DENOUNCED
    assert consented.of("S01").stage is Stage.CONSENTED
    assert consented.of("S01").consent_kind == "accession"
    assert consented.of("S01").consent_on == back_on
    assert consented.of("S01").entry_into_force_on == back_on + days(30)
    assert consented.of("S01").denunciation_effective_on is None
    assert party_again.stage_of("S01") is Stage.PARTY
    assert party_again.counting_instruments == 3


def test_an_instrument_denounced_before_the_threshold_no_longer_counts():
    actions = [
        ratify("S01", DEPOSIT),
        ratify("S02", DEPOSIT + days(1)),
        denounce("S01", DEPOSIT + days(2), effective_on=DEPOSIT + days(3)),
        ratify("S03", DEPOSIT + days(4)),
    ]

    short = treaty_status(TINY, actions, DEPOSIT + days(10))
    actions.append(ratify("S04", DEPOSIT + days(20)))
    reached = treaty_status(TINY, actions, DEPOSIT + days(20))

    assert short.counting_instruments == 2
    assert short.entry_into_force_on is None
    assert reached.threshold_participant == "S04"
    assert reached.entry_into_force_on == DEPOSIT + days(110)


def test_a_denunciation_not_yet_effective_before_the_threshold_still_counts():
    actions = [
        ratify("S01", DEPOSIT),
        ratify("S02", DEPOSIT + days(1)),
        denounce("S01", DEPOSIT + days(2), effective_on=DEPOSIT + days(400)),
        ratify("S03", DEPOSIT + days(4)),
    ]

    status = treaty_status(TINY, actions, DEPOSIT + days(4))

    assert status.threshold_participant == "S03"
    assert status.entry_into_force_on == DEPOSIT + days(94)


def test_a_denunciation_by_a_participant_without_an_instrument_is_ignored():
    actions = [sign("S01", HANOI), denounce("S01", DEPOSIT)]

    status = treaty_status(TINY, actions, DEPOSIT + days(10))

    assert status.of("S01") == ParticipantStatus("S01", Stage.SIGNATORY, signed_on=HANOI)


# --- as_of --------------------------------------------------------------------------------------

SCENARIO = [
    sign("S01", HANOI),
    sign(EU, HANOI, reio=True),
    ratify("S01", DEPOSIT),
    ratify(EU, DEPOSIT + days(5), kind="approval", reio=True),
    ratify("S02", DEPOSIT + days(10)),
    ratify("S03", DEPOSIT + days(20)),  # the threshold
]
SCENARIO_IN_FORCE = DEPOSIT + days(110)


@pytest.mark.parametrize(
    ("at", "stage", "signatories", "instruments", "counting", "entry_into_force_on", "in_force"),
    [
        pytest.param(HANOI - days(1), Stage.NONE, 0, 0, 0, None, False, id="before-signature"),
        pytest.param(HANOI, Stage.SIGNATORY, 2, 0, 0, None, False, id="on-signature"),
        pytest.param(DEPOSIT - days(1), Stage.SIGNATORY, 2, 0, 0, None, False, id="before-deposit"),
        pytest.param(DEPOSIT, Stage.CONSENTED, 2, 1, 1, None, False, id="on-deposit"),
        pytest.param(
            DEPOSIT + days(19), Stage.CONSENTED, 2, 3, 2, None, False, id="before-threshold"
        ),
        pytest.param(
            DEPOSIT + days(20),
            Stage.CONSENTED,
            2,
            4,
            3,
            SCENARIO_IN_FORCE,
            False,
            id="on-threshold",
        ),
        pytest.param(
            SCENARIO_IN_FORCE - days(1),
            Stage.CONSENTED,
            2,
            4,
            3,
            SCENARIO_IN_FORCE,
            False,
            id="before-entry-into-force",
        ),
        pytest.param(
            SCENARIO_IN_FORCE,
            Stage.PARTY,
            2,
            4,
            3,
            SCENARIO_IN_FORCE,
            True,
            id="on-entry-into-force",
        ),
    ],
)
def test_actions_after_the_as_of_date_are_ignored(
    at, stage, signatories, instruments, counting, entry_into_force_on, in_force
):
    status = treaty_status(TINY, SCENARIO, at)

    assert status.as_of == at
    assert status.stage_of("S01") is stage
    assert status.signatures == signatories
    assert status.instruments == instruments
    assert status.counting_instruments == counting
    assert status.entry_into_force_on == entry_into_force_on
    assert status.in_force is in_force
    assert status == treaty_status(TINY, [a for a in SCENARIO if a.on <= at], at)


def test_a_denunciation_notified_after_the_as_of_date_is_ignored():
    actions, notified_on, _ = in_force_with_denunciation()

    status = treaty_status(TINY, actions, notified_on - days(1))

    assert status.of("S01").denunciation_effective_on is None
    assert status.stage_of("S01") is Stage.PARTY


# --- Counts -------------------------------------------------------------------------------------


def test_signatories_count_every_participant_that_signed_including_the_eu():
    actions = [sign("S01", HANOI), sign("S02", HANOI), sign(EU, HANOI, reio=True)]
    actions += [ratify("S01", DEPOSIT), ratify("S03", DEPOSIT, kind="accession")]

    status = treaty_status(CONVENTION, actions, DEPOSIT)

    assert status.signatures == 3


def test_instruments_count_all_standing_instruments_and_counting_instruments_leave_out_the_eu():
    actions = [
        *one_a_day(states(5)),
        ratify(EU, DEPOSIT, kind="approval", reio=True),
        denounce("S01", DEPOSIT + days(10), effective_on=DEPOSIT + days(10)),  # effective at once
        denounce("S02", DEPOSIT + days(10), effective_on=DEPOSIT + days(400)),  # not yet
    ]

    status = treaty_status(CONVENTION, actions, DEPOSIT + days(10))

    assert status.instruments == 5  # S02 to S05 and the EU
    assert status.counting_instruments == 4  # S02 to S05
    assert status.instruments_needed == 36
    assert [p for p, s in sorted(status.participants.items()) if s.counts] == states(4, first=2)


def test_parties_count_only_participants_for_whom_the_treaty_is_in_force():
    actions = [*one_a_day(states(3)), ratify("LATE", DEPOSIT + days(200))]

    status = treaty_status(TINY, actions, DEPOSIT + days(200))

    assert status.in_force
    assert status.parties == 3
    assert status.stage_of("LATE") is Stage.CONSENTED


# --- Timeline -----------------------------------------------------------------------------------


def test_timeline_is_empty_without_actions():
    assert timeline(CONVENTION, [], HANOI) == []


def test_timeline_is_a_cumulative_series_with_one_point_per_day_with_changes():
    actions = [
        sign("S01", HANOI),
        sign("S02", HANOI),
        sign("S03", HANOI + days(7)),
        ratify("S01", DEPOSIT),
        ratify("S02", DEPOSIT),
        ratify("S04", DEPOSIT + days(3), kind="accession"),
    ]

    points = timeline(CONVENTION, actions, DEPOSIT + days(100))

    assert points == [
        TimelinePoint(HANOI, signatures=2, counting_instruments=0),
        TimelinePoint(HANOI + days(7), signatures=3, counting_instruments=0),
        TimelinePoint(DEPOSIT, signatures=3, counting_instruments=2),
        TimelinePoint(DEPOSIT + days(3), signatures=3, counting_instruments=3),
    ]


def test_timeline_leaves_the_eu_out_of_the_counting_series_but_not_out_of_the_signatories():
    actions = [
        sign("S01", HANOI),
        sign(EU, HANOI + days(1), reio=True),
        ratify(EU, DEPOSIT, kind="approval", reio=True),
        ratify("S01", DEPOSIT + days(1)),
    ]

    points = timeline(CONVENTION, actions, DEPOSIT + days(100))

    assert points == [
        TimelinePoint(HANOI, signatures=1, counting_instruments=0),
        TimelinePoint(HANOI + days(1), signatures=2, counting_instruments=0),
        TimelinePoint(DEPOSIT + days(1), signatures=2, counting_instruments=1),
    ]


def test_timeline_counts_the_eu_when_the_rule_says_so():
    actions = [ratify(EU, DEPOSIT, kind="approval", reio=True), ratify("S01", DEPOSIT + days(1))]

    points = timeline(TINY_COUNTING_REIO, actions, DEPOSIT + days(100))

    assert points == [
        TimelinePoint(DEPOSIT, signatures=0, counting_instruments=1),
        TimelinePoint(DEPOSIT + days(1), signatures=0, counting_instruments=2),
    ]


def test_timeline_ignores_actions_after_the_as_of_date():
    actions = [sign("S01", HANOI), ratify("S01", DEPOSIT)]

    assert timeline(TINY, actions, DEPOSIT - days(1)) == [TimelinePoint(HANOI, 1, 0)]


def test_timeline_drops_a_denounced_instrument_on_the_day_the_denunciation_takes_effect():
    """Regression: the series used to drop the instrument on the day of the notification, a
    year before ``treaty_status`` does."""
    actions, notified_on, effective_on = in_force_with_denunciation()

    assert timeline(TINY, actions, notified_on) == [
        TimelinePoint(DEPOSIT, 0, 1),
        TimelinePoint(DEPOSIT + days(1), 0, 2),
        TimelinePoint(DEPOSIT + days(2), 0, 3),
    ]
    assert timeline(TINY, actions, effective_on)[-1] == TimelinePoint(effective_on, 0, 2)
    assert treaty_status(TINY, actions, effective_on - days(1)).counting_instruments == 3


# --- Properties ---------------------------------------------------------------------------------

PROPERTIES = settings(max_examples=60, deadline=None)
POOL = [f"S{i}" for i in range(8)]
ORIGIN = date(2025, 10, 25)

rules = st.builds(
    EntryIntoForceRule,
    instruments_required=st.integers(1, 6),
    days_after_threshold=st.integers(0, 120),
    days_after_later_instrument=st.integers(0, 60),
    reio_instrument_counts=st.booleans(),
)
offsets = st.integers(0, 900)
consent_kinds = st.sampled_from(sorted(CONSENT_KINDS))


@st.composite
def histories(draw, participant: str, is_reio: bool) -> list[Action]:
    """One participant's record as the depositary keeps it: perhaps a signature; perhaps an
    instrument, perhaps later denounced (with or without an effective date) and perhaps followed
    by a new instrument once the denunciation has taken effect."""
    actions: list[Action] = []
    if draw(st.booleans()):
        actions.append(Action(participant, SIGNATURE, ORIGIN + days(draw(offsets)), is_reio))
    if not draw(st.booleans()):
        return actions
    consent_on = ORIGIN + days(draw(offsets))
    actions.append(Action(participant, draw(consent_kinds), consent_on, is_reio))
    if draw(st.booleans()):
        notified_on = consent_on + days(draw(st.integers(0, 500)))
        gap = draw(st.none() | st.integers(0, 400))
        effective_on = None if gap is None else notified_on + days(gap)
        actions.append(Action(participant, DENUNCIATION, notified_on, is_reio, effective_on))
        if draw(st.booleans()):
            back_on = denunciation_takes_effect(notified_on, effective_on) + days(
                draw(st.integers(1, 300))
            )
            actions.append(Action(participant, "accession", back_on, is_reio))
    return actions


@st.composite
def records(draw) -> list[Action]:
    participants = draw(st.lists(st.sampled_from(POOL), unique=True, max_size=len(POOL)))
    actions = [a for p in participants for a in draw(histories(p, is_reio=False))]
    if draw(st.booleans()):
        actions += draw(histories(EU, is_reio=True))
    return actions


as_of_dates = st.integers(-10, 2200).map(lambda n: ORIGIN + days(n))


def _later_or_never(on: date | None) -> date:
    return on or date.max


@PROPERTIES
@given(rules, records(), as_of_dates, st.sampled_from([*POOL, "NEW"]), offsets, consent_kinds)
def test_adding_an_instrument_never_delays_the_treatys_entry_into_force(
    rule, actions, at, participant, offset, kind
):
    extra = Action(participant, kind, ORIGIN + days(offset))
    if extra in actions:
        return  # already on the record: one action of a kind per participant and day

    before = treaty_status(rule, actions, at)
    after = treaty_status(rule, [*actions, extra], at)

    assert _later_or_never(after.entry_into_force_on) <= _later_or_never(before.entry_into_force_on)


@PROPERTIES
@given(rules, records(), as_of_dates)
def test_no_participant_enters_into_force_before_the_treaty(rule, actions, at):
    status = treaty_status(rule, actions, at)

    for participant in status.participants.values():
        if participant.entry_into_force_on is not None:
            assert status.entry_into_force_on is not None
            assert participant.entry_into_force_on >= status.entry_into_force_on
            assert participant.entry_into_force_on >= participant.consent_on
        if participant.stage is Stage.PARTY:
            assert status.in_force
            assert participant.entry_into_force_on <= at


@PROPERTIES
@given(rules, records(), as_of_dates, st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_the_actions_are_given_in(
    rule, actions, at, rnd: random.Random
):
    shuffled = actions[:]
    rnd.shuffle(shuffled)

    assert treaty_status(rule, shuffled, at) == treaty_status(rule, actions, at)
    assert timeline(rule, shuffled, at) == timeline(rule, actions, at)


@PROPERTIES
@given(rules, records(), as_of_dates)
def test_counting_instruments_never_exceed_the_participants_with_an_instrument(rule, actions, at):
    status = treaty_status(rule, actions, at)
    with_instrument = {a.participant for a in actions if a.kind in CONSENT_KINDS and a.on <= at}
    states_with_instrument = {p for p in with_instrument if p != EU}

    assert status.counting_instruments <= len(
        with_instrument if rule.reio_instrument_counts else states_with_instrument
    )
    assert status.counting_instruments <= status.instruments <= len(with_instrument)
    assert status.counting_instruments == sum(s.counts for s in status.participants.values())


@PROPERTIES
@given(rules, records(), as_of_dates)
def test_instruments_needed_is_zero_exactly_when_the_entry_into_force_date_is_known(
    rule, actions, at
):
    status = treaty_status(rule, actions, at)

    assert (status.instruments_needed == 0) == (status.entry_into_force_on is not None)
    if status.entry_into_force_on is not None:
        assert status.entry_into_force_on == status.threshold_on + days(rule.days_after_threshold)
        assert status.threshold_on <= at


@PROPERTIES
@given(rules, records(), as_of_dates, st.integers(0, 1500))
def test_a_known_entry_into_force_date_never_changes_with_a_later_as_of_date(
    rule, actions, at, later
):
    earlier = treaty_status(rule, actions, at)
    after = treaty_status(rule, actions, at + days(later))

    if earlier.entry_into_force_on is not None:
        assert after.entry_into_force_on == earlier.entry_into_force_on
        assert after.threshold_participant == earlier.threshold_participant


@PROPERTIES
@given(rules, records(), as_of_dates)
def test_each_timeline_point_agrees_with_the_status_on_its_day(rule, actions, at):
    points = timeline(rule, actions, at)

    assert [p.on for p in points] == sorted({p.on for p in points})
    assert all(p.on <= at for p in points)
    for point in points:
        status = treaty_status(rule, actions, point.on)
        assert (point.signatures, point.counting_instruments) == (
            status.signatures,
            status.counting_instruments,
        )
    last = points[-1] if points else TimelinePoint(at, 0, 0)
    final = treaty_status(rule, actions, at)
    assert (last.signatures, last.counting_instruments) == (
        final.signatures,
        final.counting_instruments,
    )


# --- Denunciation (art. 67): a year by default; a REIO leaves with its member States -----------

notification_days = st.dates(min_value=date(2026, 1, 1), max_value=date(2040, 12, 31))


@PROPERTIES
@given(notification_days)
def test_a_denunciation_without_a_date_takes_effect_one_year_after_its_notification(notified_on):
    actions = [*one_a_day(states(3), start=notified_on - days(400)), denounce("S01", notified_on)]
    effective_on = one_year_after(notified_on)

    assert timedelta(days=365) <= effective_on - notified_on <= timedelta(days=366)
    assert (effective_on.month, effective_on.day) == (
        (3, 1)
        if (notified_on.month, notified_on.day) == (2, 29)
        else (notified_on.month, notified_on.day)
    )
    assert treaty_status(TINY, actions, effective_on - days(1)).stage_of("S01") is Stage.PARTY
    assert treaty_status(TINY, actions, effective_on).of("S01").denunciation_effective_on == (
        effective_on
    )
    assert treaty_status(TINY, actions, effective_on).stage_of("S01") is Stage.DENOUNCED


def test_a_denunciation_notified_on_29_february_takes_effect_on_1_march():
    assert one_year_after(date(2028, 2, 29)) == date(2029, 3, 1)
    assert one_year_after(date(2027, 3, 1)) == date(2028, 3, 1)


MEMBERS = frozenset(states(4))


@st.composite
def member_denunciations(draw) -> tuple[list[Action], dict[str, date]]:
    """Four member States and their REIO, all parties; some members denounce, each on its own
    day, with or without an effective date. Returns the actions and when each denunciation
    takes effect."""
    start = date(2026, 1, 5)
    actions = [
        *one_a_day(sorted(MEMBERS), start=start),
        Action(EU, "formal_confirmation", start, is_reio=True, members=MEMBERS),
    ]
    effective: dict[str, date] = {}
    for member in draw(st.sets(st.sampled_from(sorted(MEMBERS)))):
        notified_on = start + days(draw(st.integers(100, 900)))
        later = draw(st.none() | st.integers(0, 200))
        effective_on = None if later is None else one_year_after(notified_on) + days(later)
        actions.append(denounce(member, notified_on, effective_on=effective_on))
        effective[member] = denunciation_takes_effect(notified_on, effective_on)
    return actions, effective


@PROPERTIES
@given(member_denunciations(), st.integers(0, 2500).map(lambda n: date(2026, 1, 5) + days(n)))
def test_a_reio_ceases_to_be_a_party_once_all_its_member_states_denunciations_took_effect(
    record, at
):
    actions, effective = record
    everyone_out = set(effective) == MEMBERS and max(effective.values()) <= at

    eu = treaty_status(TINY, actions, at).of(EU)

    if everyone_out:
        assert eu.stage is Stage.DENOUNCED
        assert eu.denunciation_effective_on == max(effective.values())
    else:
        assert eu.stage is not Stage.DENOUNCED


@PROPERTIES
@given(member_denunciations(), st.integers(0, 2500).map(lambda n: date(2026, 1, 5) + days(n)))
def test_without_the_rule_a_reio_stays_whatever_its_member_states_do(record, at):
    actions, _ = record
    rule = EntryIntoForceRule(3, 90, 30, False, reio_ceases_with_members=False)

    assert treaty_status(rule, actions, at).stage_of(EU) is not Stage.DENOUNCED
