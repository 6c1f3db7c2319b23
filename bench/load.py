"""Figure 6: a bounded load run under gunicorn (2 workers, 127.0.0.1 only) with wrk, 16
connections as issue 13 measures, on the country page and the API's participants and
assessments lists, at 1M rows.

The database is the 1M SQLite scratch file unless ``BENCH_LOAD_DATABASE_URL`` names another
one holding the same synthetic data (e.g. PostgreSQL, filled with ``manage.py
generate_scale_data --assessments 79``); ``CACHE_URL`` is passed on (Redis: the anonymous
cache and the data version shared by the two workers, as in production)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.common import BIG, ROOT, VAR, Report, verdict

WORKERS = 2
CONNECTIONS = 16
TARGET_RPS = 1000  # issue 13, for the API lists
THREADS = 2
START_TIMEOUT = 60  # seconds for gunicorn to answer its first request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn_command(port: int) -> list[str]:
    beside = Path(sys.executable).with_name("gunicorn")
    gunicorn = str(beside) if beside.exists() else shutil.which("gunicorn") or "gunicorn"
    return [
        gunicorn,
        "tracker.wsgi:application",
        "-w",
        str(WORKERS),
        "-b",
        f"127.0.0.1:{port}",
        # gunicorn 27 otherwise opens a control socket in $HOME that another instance takes.
        "--no-control-socket",
    ]


def wait_until_up(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/bench/bare/", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT} s")


def stop(process: subprocess.Popen) -> None:
    """Stops the gunicorn master started here (TERM: it stops its workers), by its pid."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def parse_wrk(output: str) -> dict[str, object]:
    """Requests per second, latency percentiles and every kind of error wrk reports."""
    result: dict[str, object] = {"rps": None, "percentiles": {}, "errors": 0, "requests": 0}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = float(m.group(1))
    if m := re.search(r"(\d+) requests in", output):
        result["requests"] = int(m.group(1))
    for pct, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M):
        factor = {"us": 0.001, "ms": 1, "s": 1000}[unit]
        result["percentiles"][pct] = float(value) * factor  # type: ignore[index]
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(m.group(1))
    if m := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(g) for g in m.groups())
    result["errors"] = errors
    return result


def load_run(report: Report, paths: list[tuple[str, str]], *, seconds: int) -> None:
    # Connections are closed after each request unless DATABASE_CONN_MAX_AGE says otherwise:
    # the run uses the environment's setting, and says which.
    max_age = os.environ.get("DATABASE_CONN_MAX_AGE", "0 (default)")
    database = os.environ.get("BENCH_LOAD_DATABASE_URL") or f"sqlite:///{BIG}"
    shown = database.split("://", 1)[0]
    cache = "Redis" if os.environ.get("CACHE_URL") else "per-process cache"
    report.section(
        f"6. Load: gunicorn, {WORKERS} workers, wrk {seconds} s per URL, {CONNECTIONS} "
        f"connections, 1M rows ({shown}, {cache}), DATABASE_CONN_MAX_AGE={max_age}"
    )
    wrk = shutil.which("wrk")
    if wrk is None:
        report.add(6, "load run", "-", "0 errors", "SKIP", "wrk missing: apt-get install -y wrk")
        return
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database,
        "LOG_LEVEL": "WARNING",
    }
    log = (VAR / "bench-gunicorn.log").open("w")
    process = subprocess.Popen(
        gunicorn_command(port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_until_up(base, process)
        for title, path in paths:
            run = subprocess.run(
                [
                    wrk,
                    f"-t{THREADS}",
                    f"-c{CONNECTIONS}",
                    f"-d{seconds}s",
                    "--timeout",
                    "10s",
                    "--latency",
                    base + path,
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            result = parse_wrk(run.stdout)
            if run.returncode != 0 or result["rps"] is None:
                report.add(6, f"load {title}", "-", "0 errors", "MISS", run.stderr.strip()[-200:])
                continue
            p = result["percentiles"]
            latency = ", ".join(f"p{k} {v:.0f} ms" for k, v in p.items())  # type: ignore[union-attr]
            is_api = path.startswith("/api/")
            rps = float(result["rps"])  # type: ignore[arg-type]
            report.add(
                6,
                f"load {title} {path}",
                f"{rps:.0f} req/s ({result['requests']:,} requests), {latency}, "
                f"{result['errors']} errors",
                f">= {TARGET_RPS} req/s, 0 errors" if is_api else "0 errors",
                verdict(result["errors"] == 0 and (not is_api or rps >= TARGET_RPS)),
            )
    except RuntimeError as exc:
        report.add(6, "load run", "-", "0 errors", "MISS", f"{exc}; see var/bench-gunicorn.log")
    finally:
        stop(process)
        log.close()
