"""Helpers shared by the page tests (no tests here): a crowd of participants, a pinned
"today", and a query counter that lets a test compare small and large data."""

from __future__ import annotations

import re
import string
from datetime import UTC, date, datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_action, make_assessment, make_participant
from treaty.models import Participant, ReviewState

TODAY = date(2026, 11, 23)
STATUSES = ["aligned", "partial", "in_progress", "not_started", "not_applicable"]


def frozen_today() -> time_machine.travel:
    """Pins the day to ``TODAY``: the signature window (closes 31 December 2026), the days
    left and "as of" depend on it. Use as ``with frozen_today():`` or in an autouse fixture."""
    return time_machine.travel(datetime(2026, 11, 23, 12, 0, tzinfo=UTC), tick=False)


def crowd(treaty, obligations, n: int = 25) -> list:
    """``n`` more participants: each signed, every other one ratified, each assessed on every
    obligation, some with a declaration; plus a draft and a withdrawn action that must stay
    invisible. Enough rows to reveal any query made per participant, action or assessment."""
    people = []
    codes = _free_codes(n)
    for i in range(n):
        iso2, iso3 = codes[i]
        participant = make_participant(
            iso2=iso2,
            iso3=iso3,
            region="Asia" if i % 2 else "Europe",
            subregion="South-eastern Asia" if i % 2 else "Western Europe",
        )
        make_action(treaty, participant, "signature", date(2025, 10, 25))
        if i % 2:
            make_action(treaty, participant, "ratification", date(2026, 3, 3 + i % 20))
        if i % 5 == 0:
            make_action(treaty, participant, "declaration", date(2026, 4, 1), text="We declare.")
            make_action(treaty, participant, "notification", date(2026, 4, 2), text="Authority.")
        for k, obligation in enumerate(obligations):
            make_assessment(
                participant, obligation, STATUSES[(i + k) % len(STATUSES)], as_of=date(2026, 2, 1)
            )
        people.append(participant)
    make_action(treaty, people[0], "ratification", date(2026, 5, 1), review_state=ReviewState.DRAFT)
    return people


def _free_codes(n: int) -> list[tuple[str, str]]:
    """``n`` (alpha-2, alpha-3) pairs no participant holds yet: the factory's counter runs
    through alpha-2 codes that personas may already use (FR, NO…)."""
    taken = set(Participant.objects.values_list("iso2", flat=True))
    taken |= set(Participant.objects.values_list("iso3", flat=True))
    pairs = []
    for first in "QXZ":
        for second in string.ascii_uppercase:
            iso2, iso3 = first + second, "Q" + first + second
            if iso2 not in taken and iso3 not in taken:
                pairs.append((iso2, iso3))
    return pairs[:n]


def count_queries(client, url: str, **extra) -> tuple[int, object]:
    """The response and how many SQL queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, response.content[:500]
    return len(queries.captured_queries), response


def section(html: str, element_id: str) -> str:
    """The markup of the element with this id (a <tr> or <section>), for asserting that
    something appears in one place and not another."""
    match = re.search(
        rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', html, flags=re.S
    )
    assert match, f"no element with id={element_id!r}"
    return match.group(2)
