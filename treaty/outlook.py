"""The entry-into-force outlook: how many counting instruments are still needed and, once some
exist, when the last one would come if deposits kept the pace of the recent past.

Pure functions over the engine's timeline (``treaty.status.timeline``): nothing here touches the
database, and the rule of what counts (art. 65(1): every State's instrument, not the EU's on top
of its member States') is the engine's, not repeated here.

The method, stated on the pages with the result:

- for each window (the last 6 and the last 12 months before the day shown, or since signature
  opened if that is shorter), the *pace* is the net change in counting instruments over the
  window divided by its length in days;
- at a pace above zero, the threshold instrument would come ``needed / pace`` days after the day
  shown; at a pace of zero no date is given for that window;
- the outlook is the range between the earliest and the latest of those projections, widened to
  whole months, and the entry into force ``days_after_threshold`` days after each end: a range of
  months, never a single day, because a pace over a few deposits says little about the next ones;
- with no counting instrument yet, there is no pace to extend: the outlook says so and forecasts
  nothing; once the threshold is reached there is nothing to forecast either.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from treaty.status import TimelinePoint

WINDOWS_MONTHS = (6, 12)
# A projection further ahead than this is not dated: at such a pace the page says so instead.
HORIZON_DAYS = 100 * 365


class OutlookState(StrEnum):
    REACHED = "reached"  # the threshold instrument is recorded: nothing to forecast
    NO_INSTRUMENT = "no_instrument"  # no counting instrument yet: no pace, no forecast
    NO_PACE = "no_pace"  # instruments exist, but none came in any window
    FORECAST = "forecast"  # a range of months from at least one window's pace


@dataclass(frozen=True, slots=True)
class Pace:
    """One window's pace: ``added`` counting instruments (net of denunciations taking effect)
    from ``since`` to the day shown, and where that pace would put the threshold."""

    months: int
    since: date
    days: int
    added: int
    threshold_on: date | None  # None at a pace of zero (or less), or beyond the horizon
    beyond_horizon: bool = False  # a pace above zero, too slow to date within HORIZON_DAYS

    @property
    def per_month(self) -> float:
        """Instruments per average month (30.44 days), for the page's sentence."""
        return self.added / self.days * (365.25 / 12) if self.days else 0.0


@dataclass(frozen=True, slots=True)
class Outlook:
    state: OutlookState
    on: date
    required: int
    counting: int
    needed: int
    paces: tuple[Pace, ...] = ()
    # The range, in whole months (first day of the first month, last day of the last month).
    threshold_from: date | None = None
    threshold_to: date | None = None
    force_from: date | None = None
    force_to: date | None = None


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier, or the month's last day if it is shorter
    (31 August less 6 months is 28 or 29 February)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def counting_on(points: Sequence[TimelinePoint], on: date) -> int:
    """Counting instruments standing on ``on``, read from the timeline (0 before the first)."""
    value = 0
    for point in points:
        if point.on > on:
            break
        value = point.counting_instruments
    return value


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def outlook(
    points: Sequence[TimelinePoint],
    *,
    on: date,
    required: int,
    counting: int,
    threshold_reached: bool,
    days_after_threshold: int,
    record_starts: date | None = None,
    windows: Sequence[int] = WINDOWS_MONTHS,
) -> Outlook:
    """The outlook on ``on`` from the timeline ``points`` (sorted by day, up to ``on``).

    ``counting`` and ``threshold_reached`` come from the engine's status on the same day;
    ``record_starts`` (signature opening) shortens a window that would begin before it."""
    needed = 0 if threshold_reached else max(0, required - counting)
    base: dict[str, Any] = {"on": on, "required": required, "counting": counting, "needed": needed}
    if threshold_reached or needed == 0:
        return Outlook(OutlookState.REACHED, **base)
    if counting <= 0:
        return Outlook(OutlookState.NO_INSTRUMENT, **base)

    paces = []
    for months in windows:
        since = months_before(on, months)
        baseline_on = since  # the window runs from the day after ``since`` to ``on``
        if record_starts is not None and since <= record_starts:
            # A shorter window: from the record's first day, that day's deposits included.
            since, baseline_on = record_starts, record_starts - timedelta(days=1)
        days = (on - since).days
        if days <= 0:
            continue
        added = counting - counting_on(points, baseline_on)
        threshold_on, beyond = None, False
        if added > 0:
            # Round up: the needed-th instrument cannot come before the pace brings it.
            ahead = -(-needed * days // added)
            beyond = ahead > HORIZON_DAYS
            threshold_on = None if beyond else on + timedelta(days=ahead)
        paces.append(Pace(months, since, days, added, threshold_on, beyond))

    projected = [p.threshold_on for p in paces if p.threshold_on is not None]
    if not projected:
        return Outlook(OutlookState.NO_PACE, paces=tuple(paces), **base)
    first, last = _month_start(min(projected)), _month_end(max(projected))
    after = timedelta(days=days_after_threshold)
    return Outlook(
        OutlookState.FORECAST,
        paces=tuple(paces),
        threshold_from=first,
        threshold_to=last,
        force_from=_month_start(first + after),
        force_to=_month_end(last + after),
        **base,
    )
