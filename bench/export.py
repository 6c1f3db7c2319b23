"""Figure 4: the full CSV export of 1M assessments through the real export view, against a raw
database cursor writing the same columns with ``csv.writer``; the memory the export process
grows by; on PostgreSQL also against a raw server-side cursor and ``COPY ... TO STDOUT``."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bench.common import BIG, ROOT, Databases, Report, ms, verdict
from treaty.exports.tables import ASSESSMENT_COLUMNS

TARGET = 1.5
MEMORY_MAX_MB = 50

ROUNDS = 3
CHUNK_ROWS = 5000  # as the export view: one buffer flushed every 5,000 rows
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench"
# The export view's own columns, so the raw baseline writes the same table.
COLUMNS = ASSESSMENT_COLUMNS


class Output:
    """What a run wrote: bytes, rows (CRLF or LF line ends; the synthetic data has no line
    break inside a field) and, when asked, a digest to compare outputs."""

    def __init__(self, digest: bool) -> None:
        self.size = 0
        self.lines = 0
        self.hash = hashlib.sha256() if digest else None

    def take(self, chunk: bytes) -> None:
        self.size += len(chunk)
        self.lines += chunk.count(b"\n")
        if self.hash is not None:
            self.hash.update(chunk)

    @property
    def rows(self) -> int:
        return self.lines - 1  # the header


def csv_chunks(rows: Iterable[Iterable[Any]]) -> Iterator[bytes]:
    """The baseline's writer: ``csv.writer`` into a UTF-8 buffer emptied every 5,000 rows."""
    raw = io.BytesIO()
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    pending = 0
    for row in rows:
        writer.writerow(row)
        pending += 1
        if pending == CHUNK_ROWS:
            yield raw.getvalue()
            raw.seek(0)
            raw.truncate()
            pending = 0
    yield raw.getvalue()


def _tables() -> dict[str, str]:
    from treaty.models import Article, Obligation, ObligationProgress, Participant, Treaty

    return {
        "progress": ObligationProgress._meta.db_table,
        "participant": Participant._meta.db_table,
        "obligation": Obligation._meta.db_table,
        "treaty": Treaty._meta.db_table,
        "article": Article._meta.db_table,
        "links": Obligation.articles.through._meta.db_table,
    }


def assessment_sql(vendor: str) -> str:
    """The export's columns, rows and order in one statement (published assessments, ordered
    by participant, obligation position and code, day, id)."""
    t = _tables()
    if vendor == "postgresql":
        articles = "string_agg(ar.number::text, ';' ORDER BY ar.number)"
        verified = "to_char(p.verified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
        grouped = f"""SELECT oa.obligation_id, {articles} AS articles
            FROM {t["links"]} oa JOIN {t["article"]} ar ON ar.id = oa.article_id
            GROUP BY oa.obligation_id"""
    else:
        verified = "strftime('%Y-%m-%dT%H:%M:%SZ', p.verified_at)"
        grouped = f"""SELECT obligation_id, group_concat(number, ';') AS articles FROM (
            SELECT oa.obligation_id, ar.number FROM {t["links"]} oa
            JOIN {t["article"]} ar ON ar.id = oa.article_id ORDER BY ar.number)
            GROUP BY obligation_id"""
    return f"""
        SELECT pa.iso3, pa.name, tr.slug, o.code, o.title, o.category, o.strength, a.articles,
               p.as_of, p.status, p.evidence_title, p.evidence_citation, p.evidence_url,
               p.evidence_adopted_on, p.notes, p.assessed_by, {verified}
        FROM {t["progress"]} p
        JOIN {t["participant"]} pa ON pa.id = p.participant_id
        JOIN {t["obligation"]} o ON o.id = p.obligation_id
        JOIN {t["treaty"]} tr ON tr.id = o.treaty_id
        LEFT JOIN ({grouped}) a ON a.obligation_id = o.id
        WHERE p.review_state = 'verified' AND p.withdrawn_at IS NULL
        ORDER BY pa.iso3, o.position, o.code, p.as_of, p.id"""


def export_url() -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("exports:export", args=["assessments", "csv"])
    except NoReverseMatch:
        return None


def through_view(url: str, *, digest: bool = False) -> tuple[float, Output]:
    from django.test import Client

    out = Output(digest)
    started = time.perf_counter()
    response = Client().get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    for chunk in response.streaming_content:
        out.take(chunk)
    response.close()
    return time.perf_counter() - started, out


def raw_sqlite(path: Path, *, digest: bool = False) -> tuple[float, Output]:
    out = Output(digest)
    started = time.perf_counter()
    db = sqlite3.connect(path)
    try:
        cursor = db.execute(assessment_sql("sqlite"))
        for chunk in csv_chunks(cursor):
            out.take(chunk)
    finally:
        db.close()
    return time.perf_counter() - started, out


def csv_export(report: Report, dbs: Databases, *, postgres: bool) -> None:
    report.section("4. Full CSV export of the assessments")
    url = export_url()
    if url is None:
        report.add(4, "CSV export at 1M", "-", f"<= {TARGET}x raw", "SKIP", "route missing")
        return
    # First pass of each: warms the file cache and compares the two outputs byte for byte.
    with dbs.use("big"):
        _, view_out = through_view(url, digest=True)
        _, raw_out = raw_sqlite(BIG, digest=True)
        same = view_out.hash.digest() == raw_out.hash.digest()  # type: ignore[union-attr]
        view_times, raw_times = [], []
        for r in range(ROUNDS):
            order = [("view", view_times), ("raw", raw_times)]
            for what, times in order if r % 2 == 0 else order[::-1]:
                elapsed, _ = through_view(url) if what == "view" else raw_sqlite(BIG)
                times.append(elapsed)
    view, raw = sorted(view_times)[ROUNDS // 2], sorted(raw_times)[ROUNDS // 2]
    rows = view_out.rows
    note = (
        "same bytes as the raw cursor"
        if same
        else f"output differs from the raw cursor's: {view_out.size:,} vs {raw_out.size:,} bytes"
    )
    report.add(
        4,
        f"CSV export of {rows:,} assessments (SQLite)",
        f"{rows / view:,.0f} rows/s, {ms(view)} = {view / raw:.2f}x raw sqlite3 ({ms(raw)})",
        f"<= {TARGET}x",
        verdict(view / raw <= TARGET),
        note,
    )
    growth = memory_growth(url)
    if growth is None:
        report.add(4, "export memory growth", "-", f"<= {MEMORY_MAX_MB} MB", "SKIP", "child failed")
    else:
        report.add(
            4,
            "export memory growth (peak RSS, own process)",
            f"+{growth:.1f} MB",
            f"<= {MEMORY_MAX_MB} MB",
            verdict(growth <= MEMORY_MAX_MB),
        )
    if postgres:
        postgres_export(report, dbs, url)


def memory_growth(url: str) -> float | None:
    """Peak resident memory the export adds, in MB, measured in a fresh process (the bench
    process has grown by then): the child warms up with the small exports, notes its resident
    memory, resets the kernel's peak mark, runs the 1M-row export and reads the peak."""
    child = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--child-export-memory", url],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ,
        check=False,
    )
    if child.returncode != 0:
        print(child.stderr[-2000:], file=sys.stderr)
        return None
    result = json.loads(child.stdout.strip().splitlines()[-1])
    return (result["peak"] - result["before"]) / 1024


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(field)


def child_export_memory(url: str) -> None:
    """Runs in the child process, Django set up on the 1M database: prints its resident memory
    before the export and its peak during it (KB), as JSON. The peak is reset first (Linux:
    "5" to /proc/self/clear_refs), so that start-up cannot hide the export's own peak; where
    that is not possible, the lifetime peak (``ru_maxrss``) stands in."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    for name in ("participants", "actions"):
        response = client.get(reverse("exports:export", args=[name, "csv"]))
        for _ in response.streaming_content:
            pass
    try:
        Path("/proc/self/clear_refs").write_text("5")
        before = _status_kb("VmRSS")
        through_view(url)
        peak = _status_kb("VmHWM")
    except (OSError, LookupError):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        through_view(url)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"before": before, "peak": peak}))


# --- PostgreSQL ---------------------------------------------------------------------------------


def postgres_export(report: Report, dbs: Databases, url: str) -> None:
    """The same export on PostgreSQL (built on first use), against a raw server-side cursor
    with the same writer and against ``COPY (...) TO STDOUT`` (the server writes the CSV)."""
    import dj_database_url
    import psycopg
    from django.db.utils import ConnectionHandler

    database_url = os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL)
    try:
        rows = prepare_postgres(database_url)
    except (OSError, psycopg.Error, subprocess.CalledProcessError) as exc:
        report.add(4, "CSV export at 1M (PostgreSQL)", "-", f"<= {TARGET}x", "SKIP", str(exc))
        return
    wrapper = ConnectionHandler({"default": dj_database_url.parse(database_url)})["default"]
    sql = assessment_sql("postgresql")

    def raw_cursor() -> float:
        out = Output(False)
        started = time.perf_counter()
        with psycopg.connect(database_url) as db, db.cursor(name="bench_export") as cursor:
            cursor.itersize = CHUNK_ROWS
            cursor.execute(sql)
            for chunk in csv_chunks(cursor):
                out.take(chunk)
        return time.perf_counter() - started

    def copy() -> float:
        out = Output(False)
        started = time.perf_counter()
        command = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)"
        with (
            psycopg.connect(database_url) as db,
            db.cursor() as cursor,
            cursor.copy(command) as stream,
        ):
            for block in stream:
                out.take(bytes(block))
        return time.perf_counter() - started

    with dbs.other(wrapper):
        through_view(url)
        raw_cursor()
        copy()
        samples: dict[str, list[float]] = {"view": [], "raw": [], "copy": []}
        for _ in range(ROUNDS):
            samples["view"].append(through_view(url)[0])
            samples["raw"].append(raw_cursor())
            samples["copy"].append(copy())
    wrapper.close()
    view, raw, copied = (sorted(samples[k])[ROUNDS // 2] for k in ("view", "raw", "copy"))
    report.add(
        4,
        f"CSV export of {rows:,} assessments (PostgreSQL)",
        f"{rows / view:,.0f} rows/s, {ms(view)} = {view / raw:.2f}x raw server-side cursor "
        f"({ms(raw)})",
        f"<= {TARGET}x",
        verdict(view / raw <= TARGET),
    )
    report.add(
        4,
        "PostgreSQL export against COPY ... TO STDOUT",
        f"{ms(view)} = {view / copied:.1f}x COPY ({ms(copied)})",
        "- (reported)",
        "INFO",
    )


def prepare_postgres(database_url: str) -> int:
    """Creates, migrates and fills the PostgreSQL benchmark database when it is missing or
    empty; returns its number of assessments."""
    import psycopg

    from bench.common import BIG_ASSESSMENTS

    parts = psycopg.conninfo.conninfo_to_dict(database_url)
    try:
        psycopg.connect(database_url).close()
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
        print(f"Creating the PostgreSQL database {parts['dbname']}…", flush=True)
        subprocess.run(
            [
                "createdb",
                "-h",
                str(parts.get("host", "127.0.0.1")),
                "-p",
                str(parts.get("port", 5432)),
                "-U",
                str(parts.get("user", "postgres")),
                str(parts["dbname"]),
            ],
            check=True,
        )
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "tracker.settings"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    with psycopg.connect(database_url) as db:
        count = db.execute("SELECT count(*) FROM treaty_obligationprogress").fetchone()[0]
    if count == 0:
        print("Filling the PostgreSQL benchmark database (about a minute)…", flush=True)
        subprocess.run(
            [*manage, "generate_scale_data", "--assessments", str(BIG_ASSESSMENTS)],
            env=env,
            cwd=ROOT,
            check=True,
        )
        with psycopg.connect(database_url) as db:
            db.execute("ANALYZE")
            count = db.execute("SELECT count(*) FROM treaty_obligationprogress").fetchone()[0]
    return count
