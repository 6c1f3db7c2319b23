"""Breakdowns: signatures, instruments and parties by region, sub-region and group, with their
shares of each group's members and how they changed since earlier days.

Pure functions over rows already fetched: the participants, the groups' memberships and the
engine's status on each day compared (``treaty.status.treaty_status`` run on the same fetched
actions), so a page makes no query per group or per day.

Words (README glossary): *signatures* count every member with a standing signature, including
those that have since deposited an instrument (as the depositary counts them); *instruments*
count members with an instrument standing (consented or party); *parties* those for which the
treaty is in force. A share is of the group's members; a group with no member has no share.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from treaty.outlook import months_before
from treaty.status import Stage, TreatyStatus

MEASURES = ("signatures", "instruments", "parties")


@dataclass(frozen=True, slots=True)
class Member:
    """What a breakdown needs of a participant."""

    iso3: str
    region: str = ""
    subregion: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """One measure for one group: the count on the day shown, its share of the members, and
    the count on each earlier day compared (same order as ``Breakdown.earlier``)."""

    count: int
    share: float | None  # of the members (0 to 1), None for a group without members
    earlier: tuple[int, ...]

    @property
    def changes(self) -> tuple[int, ...]:
        return tuple(self.count - then for then in self.earlier)


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    members: int
    signatures: Figure
    instruments: Figure
    parties: Figure


def counts(status: TreatyStatus, iso3s: Iterable[str]) -> tuple[int, int, int]:
    """Signatures, instruments and parties among ``iso3s`` on the status's day."""
    signed = instruments = parties = 0
    for iso3 in iso3s:
        mine = status.participants.get(iso3)
        if mine is None:
            continue
        signed += mine.signed_on is not None
        # An instrument stands for a participant that consented or is a party (not after a
        # denunciation took effect).
        instruments += mine.stage in (Stage.CONSENTED, Stage.PARTY)
        parties += mine.stage is Stage.PARTY
    return signed, instruments, parties


def measures_shown(statuses: Iterable[TreatyStatus]) -> tuple[str, ...]:
    """The measures worth a column: all three once any participant has had an instrument on
    any of the days compared; before that, signatures alone, since columns of zeros say
    nothing the page cannot say in words."""
    for status in statuses:
        if any(p.stage in (Stage.CONSENTED, Stage.PARTY) for p in status.participants.values()):
            return MEASURES
    return MEASURES[:1]


def _share(n: int, members: int) -> float | None:
    return n / members if members else None


def rows(
    buckets: Mapping[str, Sequence[str]],
    now: TreatyStatus,
    earlier: Sequence[TreatyStatus] = (),
) -> list[Row]:
    """One row per bucket (key → its members' ISO alpha-3 codes), in the buckets' order."""
    result = []
    for key, iso3s in buckets.items():
        members = len(iso3s)
        today = counts(now, iso3s)
        before = [counts(status, iso3s) for status in earlier]
        figures = [
            Figure(
                count=today[i],
                share=_share(today[i], members),
                earlier=tuple(then[i] for then in before),
            )
            for i in range(len(MEASURES))
        ]
        result.append(Row(key, members, *figures))
    return result


def by_attribute(members: Iterable[Member], attribute: str) -> dict[str, list[str]]:
    """Buckets by region or sub-region (members without one are left out: the EU)."""
    buckets: dict[str, list[str]] = {}
    for member in members:
        value = getattr(member, attribute)
        if value:
            buckets.setdefault(value, []).append(member.iso3)
    return buckets


def total(buckets: Mapping[str, Sequence[str]]) -> int:
    return sum(len(v) for v in buckets.values())


def days_compared(day: date, months: Sequence[int], starts: date | None) -> list[date]:
    """The earlier days compared with ``day``: so many months before, not before the record
    starts (a day before it would only repeat zeros)."""

    days = []
    for n in months:
        then = months_before(day, n)
        if starts is None or then >= starts:
            days.append(then)
    return days
