"""The schema describes the API as it behaves (trust issue, item 8): schemathesis explores every
operation through a real HTTP server with every check (`--checks all`: no server error, status
codes, content types and bodies as documented, schema-valid requests accepted and
schema-violating ones refused, …), anonymously and with an editor's token, and finds nothing.

Bounded (few examples, fixed seed, no coverage phase) to keep CI near a minute; `make fuzz`
runs the long exploration, every phase, against `make run`'s server. `schemathesis.toml` holds the one allowance: a well-formed write
may still break a rule of the stored record (a 400 naming it), which OpenAPI cannot express.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle

from tests.factories import make_action, make_assessment, make_user
from treaty import roles
from treaty.models import ReviewState

ROOT = Path(__file__).resolve().parent.parent
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")

pytestmark = pytest.mark.skipif(
    not SCHEMATHESIS.exists(), reason="schemathesis is a dev dependency: pip install -e '.[dev]'"
)


@pytest.fixture
def server(live_server, personas, treaty, obligations, monkeypatch):
    """The test server with records in every review state, and no throttle to get in the way
    of a few thousand requests (the throttle is tested in test_api_treaties.py)."""
    monkeypatch.setattr(AnonRateThrottle, "rate", "1000000/minute", raising=False)
    author = make_user("author", groups=(roles.EDITOR,))
    make_action(
        treaty,
        personas.outsider,
        "signature",
        date(2026, 1, 10),
        review_state=ReviewState.DRAFT,
        verified_at=None,
        created_by=author,
    )
    make_assessment(
        personas.signatory, obligations[2], "in_progress", as_of=date(2026, 3, 1), publish=False
    )
    return live_server


def schemathesis(url: str, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(ROOT / "schemathesis.toml"),
            "run",
            f"{url}/api/v1/schema/",
            "--checks",
            "all",
            "--max-examples",
            "5",
            "--seed",
            "1",
            # The coverage phase enumerates boundary values of every parameter, however many
            # examples are asked for (minutes): `make fuzz` runs it.
            "--phases",
            "examples,fuzzing,stateful",
            "--no-color",
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_schemathesis_finds_nothing_anonymously(server):
    run = schemathesis(server.url)

    assert run.returncode == 0, run.stdout[-20_000:] + run.stderr[-5_000:]


def test_schemathesis_finds_nothing_with_an_editors_token(server):
    token = Token.objects.create(user=make_user("editor", groups=(roles.EDITOR,))).key

    run = schemathesis(server.url, "--header", f"Authorization: Token {token}")

    assert run.returncode == 0, run.stdout[-20_000:] + run.stderr[-5_000:]
