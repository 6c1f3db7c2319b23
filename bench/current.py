"""Figure 3: the current status of every participant and obligation pair at 1M rows."""

from __future__ import annotations

import time

from bench.common import Databases, Report, Variant, interleaved, ms, verdict

TARGET = 0.100  # seconds


def current_statuses(report: Report, dbs: Databases, *, budget: float) -> None:
    """``ObligationProgress.objects.published().current()`` fetched as (participant,
    obligation, status) values, as the pages and the scorecard read it; the small database's
    time is printed next to it for scale."""
    from treaty.models import ObligationProgress

    report.section("3. Current status of every participant x obligation pair")
    fetched = {}

    def fetch(db: str) -> float:
        started = time.perf_counter()
        rows = list(
            ObligationProgress.objects.published()
            .current()
            .values_list("participant_id", "obligation_id", "status")
        )
        elapsed = time.perf_counter() - started
        fetched[db] = len(rows)
        return elapsed

    times = interleaved(
        dbs,
        [
            Variant("big", lambda: fetch("big"), "big"),
            Variant("small", lambda: fetch("small"), "small"),
        ],
        budget=budget,
    )
    report.add(
        3,
        "current status of all pairs at 1M",
        f"{ms(times['big'])} for {fetched['big']:,} pairs (14k rows: {ms(times['small'])})",
        f"<= {TARGET * 1000:.0f} ms",
        verdict(times["big"] <= TARGET),
    )
