"""``make bench``: every figure of the benchmark suite, one line each with its target and verdict.

    .venv/bin/python bench/run.py [--postgres] [--only 1,2] [--load-seconds 30] [--strict]
    .venv/bin/python bench/run.py --build var/bench-1m.sqlite3 --assessments 79

The scratch databases (var/bench-1m.sqlite3, var/bench-small.sqlite3: synthetic data only) are
built when missing; delete them to rebuild. Times are medians of interleaved repetitions, so
read the ratios first: absolute times move with the machine's other work.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

# Run as a script (bench/run.py) or as a module (python -m bench.run): the repository root
# must be importable either way.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    BIG,
    BIG_ASSESSMENTS,
    BIG_PROVISIONS,
    ROOT,
    SMALL,
    SMALL_ASSESSMENTS,
    SMALL_PROVISIONS,
    Databases,
    Report,
)


def main() -> int:
    args = parse_args()
    if args.build:
        build(Path(args.build), args.assessments)
        return 0
    if args.profile:
        setup_django(SMALL if args.small else BIG)
        profile(args.profile)
        return 0
    if args.child_export_memory:
        setup_django(BIG)
        from bench.export import child_export_memory

        child_export_memory(args.child_export_memory)
        return 0

    only = {int(n) for n in args.only.split(",")} if args.only else set(range(1, 7))
    for path, assessments in ((SMALL, SMALL_ASSESSMENTS), (BIG, BIG_ASSESSMENTS)):
        if not path.exists():
            build(path, assessments)
        migrate(path)
    print(environment(args))
    setup_django(BIG)
    report = run(args, only)
    print(f"\n{report.summary()}")
    return 1 if args.strict and any(f.verdict == "MISS" for f in report.figures) else 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help="Also export on PostgreSQL.")
    parser.add_argument("--only", help="Comma-separated figure numbers, e.g. 2,3.")
    parser.add_argument("--load-seconds", type=int, default=30, help="wrk run per URL.")
    parser.add_argument(
        "--budget", type=float, default=6.0, help="Seconds of timing per variant (figures 2, 3, 5)."
    )
    parser.add_argument("--strict", action="store_true", help="Exit 1 when a figure misses.")
    parser.add_argument("--build", help="Only build this scratch database.")
    parser.add_argument("--assessments", type=int, default=BIG_ASSESSMENTS)
    parser.add_argument("--profile", metavar="URL", help="Profile one GET of URL (cProfile).")
    parser.add_argument("--small", action="store_true", help="Profile on the small database.")
    parser.add_argument("--child-export-memory", help=argparse.SUPPRESS)
    return parser.parse_args()


def run(args: argparse.Namespace, only: set[int]) -> Report:
    from bench import api, current, export, load, pages

    report = Report()
    dbs = Databases(SMALL)
    with dbs.use("big"):
        sample = pages.Sample.pick()
    if 1 in only:
        pages.query_counts(report, dbs, sample)
    if 2 in only:
        pages.page_times(report, dbs, sample, budget=args.budget)
    if 3 in only:
        current.current_statuses(report, dbs, budget=args.budget)
    if 4 in only:
        export.csv_export(report, dbs, postgres=args.postgres)
    if 5 in only:
        api.api_list(report, dbs, budget=args.budget, page=reverse_page(sample.iso3))
    if 6 in only:
        from django.urls import NoReverseMatch, reverse

        paths = []
        for title, name, kwargs in (
            ("country page", "treaty:country-detail", {"code": sample.iso3}),
            ("API list", "api:participant-list", {}),
            ("API list", "api:assessment-list", {}),
        ):
            try:
                paths.append((title, reverse(name, kwargs=kwargs)))
            except NoReverseMatch:
                report.add(6, f"load {title}", "-", "0 errors", "SKIP", "route missing")
        load.load_run(report, paths, seconds=args.load_seconds)
    return report


def profile(url: str) -> None:
    """Where one request's time goes: the queries with their times, then the functions that
    took the most time including what they call (after two warm-up requests)."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import fetch

    client = Client()
    fetch(client, url)
    fetch(client, url)
    with CaptureQueriesContext(connection) as queries:
        profiler = cProfile.Profile()
        profiler.enable()
        status, size = fetch(client, url)
        profiler.disable()
    print(f"{url}: HTTP {status}, {size:,} bytes, {len(queries)} queries")
    for query in queries.captured_queries:
        print(f"  {float(query['time']) * 1000:8.1f} ms  {query['sql'][:160]}")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


def setup_django(database: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()


def manage(database: Path, *arguments: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
    }
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments], env=env, cwd=ROOT, check=True
    )


def migrate(database: Path) -> None:
    """A database built before a new migration gets it (a no-op otherwise)."""
    manage(database, "migrate", "--noinput", "-v0")


def build(path: Path, assessments: int) -> None:
    """Builds a scratch database of synthetic data under another name and renames it when
    complete, so an interrupted build never passes for a finished one."""
    path = path.resolve()
    path.parent.mkdir(exist_ok=True)
    building = path.with_name(path.name + ".building")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"Building {shown} ({assessments} assessments a pair)…", flush=True)
    manage(building, "migrate", "--noinput", "-v0")
    # The full database also holds 100,000 national provisions mapped to the Convention (50
    # laws and 2,000 of them for the bench's country); the small one 100.
    provisions = BIG_PROVISIONS if assessments >= BIG_ASSESSMENTS else SMALL_PROVISIONS
    manage(
        building,
        "generate_scale_data",
        "--assessments",
        str(assessments),
        "--provisions",
        str(provisions),
    )
    # Fold the write-ahead log into the file before renaming it: the log is named after it.
    db = sqlite3.connect(building)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    building.rename(path)


def reverse_page(iso3: str) -> str | None:
    """The country page's address (figure 5 compares the API's cache hits with its)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("treaty:country-detail", kwargs={"code": iso3})
    except NoReverseMatch:
        return None


def environment(args: argparse.Namespace) -> str:
    import django

    def out(*command: str) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, check=False).stdout
        except OSError:
            return "(unavailable)\n"

    counts = []
    for path in (BIG, SMALL):
        db = sqlite3.connect(path)
        (n,) = db.execute("SELECT count(*) FROM treaty_obligationprogress").fetchone()
        (real,) = db.execute(
            "SELECT count(*) FROM treaty_obligationprogress WHERE assessed_by NOT LIKE 'SYNTHETIC%'"
        ).fetchone()
        db.close()
        counts.append(f"{path.relative_to(ROOT)}: {n:,} assessments ({real} not synthetic)")
    wrk = re.search(r"wrk (?:debian/)?([\w.]+)", out("wrk", "--version"))
    return "\n".join(
        [
            "Hanoi Convention tracker benchmarks",
            f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            f"command: {shlex.join([Path(sys.executable).name, *sys.argv])}",
            f"machine: nproc {out('nproc').strip()}, {platform.platform()}",
            *("  " + line for line in out("free", "-h").rstrip().splitlines()),
            f"python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"Django {django.get_version()}, wrk {wrk.group(1) if wrk else 'not installed'}",
            *counts,
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
