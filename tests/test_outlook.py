"""The entry-into-force outlook (treaty/outlook.py): pure, tested without the database."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from treaty.outlook import OutlookState, counting_on, months_before, outlook
from treaty.status import Action as EngineAction
from treaty.status import EntryIntoForceRule, timeline

RULE = EntryIntoForceRule(instruments_required=40, days_after_threshold=90,
                          days_after_later_instrument=30)  # fmt: skip
OPENS = date(2025, 10, 25)
TODAY = date(2026, 10, 25)


def deposits(days: list[date], *, reio_on: date | None = None) -> list[EngineAction]:
    actions = [EngineAction(f"S{i:02d}", "ratification", on) for i, on in enumerate(days)]
    if reio_on:
        actions.append(EngineAction("EUU", "approval", reio_on, is_reio=True))
    return actions


def run(actions: list[EngineAction], on: date = TODAY):
    points = timeline(RULE, actions, on)
    counting = points[-1].counting_instruments if points else 0
    return outlook(
        points,
        on=on,
        required=40,
        counting=counting,
        threshold_reached=counting >= 40,
        days_after_threshold=90,
        record_starts=OPENS,
    )


def test_no_instrument_forecasts_nothing():
    result = run([EngineAction("S01", "signature", date(2025, 10, 25))])
    assert result.state is OutlookState.NO_INSTRUMENT
    assert result.needed == 40
    assert result.paces == ()
    assert result.threshold_from is None
    assert result.force_from is None


def test_steady_pace_gives_a_range_of_months_not_a_day():
    # One deposit a month for the last 12 months: 12 standing, 28 to go.
    days = [months_before(TODAY, n) - timedelta(days=1) for n in range(12)]
    result = run(deposits(days))
    assert result.state is OutlookState.FORECAST
    assert result.counting == 12
    assert result.needed == 28
    six, twelve = result.paces
    assert (six.months, six.added) == (6, 6)
    assert (twelve.months, twelve.added) == (12, 12)
    # About 28 months ahead at one a month: the range is whole months around February 2029.
    assert result.threshold_from.day == 1
    assert date(2028, 12, 1) <= result.threshold_from <= date(2029, 3, 1)
    assert result.threshold_to >= result.threshold_from + timedelta(days=27)
    assert result.force_from >= result.threshold_from + timedelta(days=60)


def test_a_faster_recent_pace_widens_the_range():
    # Two deposits a year ago, ten in the last six months.
    days = [date(2025, 11, 1), date(2025, 11, 2)] + [date(2026, 6, 1) + timedelta(days=i)
                                                     for i in range(10)]  # fmt: skip
    result = run(deposits(days))
    six, twelve = result.paces
    assert six.added == 10
    assert twelve.added == 12
    assert six.threshold_on < twelve.threshold_on
    assert result.threshold_from <= six.threshold_on
    assert result.threshold_to >= twelve.threshold_on


def test_the_eus_instrument_does_not_count():
    result = run(deposits([date(2026, 9, 1)], reio_on=date(2026, 9, 2)))
    assert result.counting == 1
    assert result.paces[0].added == 1


def test_no_deposit_in_any_window_is_no_pace():
    # The only deposit is older than 12 months (the record opened long before).
    actions = deposits([date(2024, 1, 1)])
    points = timeline(RULE, actions, TODAY)
    result = outlook(points, on=TODAY, required=40, counting=1, threshold_reached=False,
                     days_after_threshold=90)  # fmt: skip
    assert result.state is OutlookState.NO_PACE
    assert all(p.threshold_on is None for p in result.paces)


def test_window_shorter_than_the_record_starts_at_signature_opening():
    on = date(2026, 1, 25)
    result = run(deposits([date(2025, 12, 1)]), on=on)
    assert result.paces[1].since == OPENS  # 12 months back is before signature opened


def test_reached_threshold_forecasts_nothing():
    result = run(deposits([date(2026, 1, 1) + timedelta(days=i) for i in range(40)]))
    assert result.state is OutlookState.REACHED
    assert result.needed == 0


def test_months_before_keeps_the_day_or_the_months_last_day():
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2026, 3, 15), 12) == date(2025, 3, 15)
    assert months_before(date(2026, 1, 10), 1) == date(2025, 12, 10)


def test_counting_on_reads_the_timeline():
    points = timeline(RULE, deposits([date(2026, 1, 1), date(2026, 2, 1)]), TODAY)
    assert counting_on(points, date(2025, 12, 31)) == 0
    assert counting_on(points, date(2026, 1, 15)) == 1
    assert counting_on(points, TODAY) == 2


@given(
    offsets=st.lists(st.integers(min_value=0, max_value=365), min_size=1, max_size=45),
)
def test_property_range_is_ordered_and_whole_months(offsets):
    days = [TODAY - timedelta(days=o) for o in offsets]
    result = run(deposits(days))
    assert result.counting == len(offsets)
    if result.counting >= 40:
        assert result.state is OutlookState.REACHED
        return
    assert result.needed == 40 - result.counting
    assert result.state is OutlookState.FORECAST  # every deposit is within the last year
    assert result.threshold_from.day == 1
    assert (result.threshold_to + timedelta(days=1)).day == 1
    assert result.threshold_to > TODAY
    assert result.threshold_from <= result.threshold_to
    assert result.force_from <= result.force_to
    for pace in result.paces:
        if pace.threshold_on is not None:
            assert result.threshold_from <= pace.threshold_on <= result.threshold_to
            assert pace.threshold_on > TODAY
