"""What every figure shares: the two scratch databases, swapped in turn as the default
connection; timing interleaved between them and a baseline; one printed line per figure.

Why interleaved: the machine is shared (2 cores, other jobs running), so a figure and its
baseline are timed in alternating short bursts within one run and compared by their medians.
Load that comes and goes then hits both sides alike, and the ratio stays steady where the
absolute times drift.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
BIG = VAR / "bench-1m.sqlite3"
SMALL = VAR / "bench-small.sqlite3"
# The sizes `make bench` builds them with: 198 participants x 64 obligations (59 of the
# Convention, 5 of the synthetic protocol) x 79 dated assessments = 1,001,088 rows; x 1 = 12,672.
BIG_ASSESSMENTS = 79
# National provisions mapped to the Convention in the full database and in the small one.
BIG_PROVISIONS = 100_000
SMALL_PROVISIONS = 100
SMALL_ASSESSMENTS = 1


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


@dataclass
class Figure:
    number: int
    name: str
    value: str
    target: str
    verdict: str
    note: str = ""

    def line(self) -> str:
        note = f"  ({self.note})" if self.note else ""
        return (
            f"[{self.number}] {self.name:<46} {self.value:<52} "
            f"target {self.target:<22} {self.verdict}{note}"
        )


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)

    def add(self, number: int, name: str, value: str, target: str, verdict: str, note=""):
        figure = Figure(number, name, value, target, verdict, note)
        self.figures.append(figure)
        print(figure.line(), flush=True)
        return figure

    def section(self, title: str) -> None:
        print(f"\n== {title}", flush=True)

    def summary(self) -> str:
        counts = {v: sum(f.verdict == v for f in self.figures) for v in ("PASS", "MISS", "SKIP")}
        return ", ".join(f"{n} {v}" for v, n in counts.items() if n)


class Databases:
    """The 1M-row database (the default connection as configured) and the small one, each with
    its own open connection, so that switching costs nothing and each keeps its warm page
    cache. The Django cache is cleared on every switch: a page cached from one database must
    never answer for the other."""

    def __init__(self, small: Path) -> None:
        from django.db import connections
        from django.db.utils import ConnectionHandler

        self.connections = connections
        self.big = connections["default"]
        self.small = ConnectionHandler(
            {"default": {**connections.settings["default"], "NAME": str(small)}}
        )["default"]

    @contextmanager
    def use(self, which: str) -> Iterator[None]:
        from django.core.cache import cache

        previous = self.connections["default"]
        self.connections["default"] = self.small if which == "small" else self.big
        cache.clear()
        try:
            yield
        finally:
            self.connections["default"] = previous
            cache.clear()

    @contextmanager
    def other(self, wrapper: Any) -> Iterator[None]:
        """Any other connection (PostgreSQL) as the default one, for a while."""
        from django.core.cache import cache

        previous = self.connections["default"]
        self.connections["default"] = wrapper
        cache.clear()
        try:
            yield
        finally:
            self.connections["default"] = previous
            cache.clear()


@dataclass
class Variant:
    """One thing to time: ``run`` does one repetition and returns the seconds it took (so that
    it may prepare outside the timed part, e.g. empty the cache), on database ``db``."""

    name: str
    run: Callable[[], float]
    db: str = "big"


def interleaved(
    dbs: Databases, variants: list[Variant], *, budget: float, rounds: int = 8
) -> dict[str, float]:
    """Median seconds per repetition of each variant, timed in ``rounds`` rounds of short
    bursts, the order rotating each round. A burst's size comes from a pilot repetition, so
    that each variant gets about ``budget`` seconds in all (at least one per round, at most
    25); the first repetition of each burst warms up and is not counted."""
    per_round = {}
    for variant in variants:
        with dbs.use(variant.db):
            variant.run()
            pilot = variant.run()
        per_round[variant.name] = max(1, min(25, int(budget / rounds / max(pilot, 1e-6))))
    samples: dict[str, list[float]] = {v.name: [] for v in variants}
    for r in range(rounds):
        shift = r % len(variants)
        for variant in variants[shift:] + variants[:shift]:
            with dbs.use(variant.db):
                variant.run()
                samples[variant.name].extend(variant.run() for _ in range(per_round[variant.name]))
    return {name: statistics.median(values) for name, values in samples.items()}


def timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started
