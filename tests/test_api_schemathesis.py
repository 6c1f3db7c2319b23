"""Property-based exploration of the whole API from its OpenAPI schema: no operation answers
with a server error, whatever the parameters, and every answer matches the schema (status
code, media type, body). Runs where schemathesis is installed (a dev
dependency to add: ``schemathesis~=4.32``); skipped otherwise.

The cases are drawn with Hypothesis directly: schemathesis' own pytest plugin (``parametrize``,
``from_fixture``) does not run under pytest 9 yet.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

schemathesis = pytest.importorskip("schemathesis")

from django.core import signals  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)


@pytest.fixture
def in_process_app():
    # The WSGI app is called in-process, inside the test's transaction: Django must not close
    # the test's connection at the end of each request (it would on PostgreSQL).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    from tracker.wsgi import application

    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def explorer(operation, failures):
    """A Hypothesis test drawing requests for one operation, noting every 5xx."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def explore(case):
        cache.clear()  # the anonymous throttle would answer 429 after a few hundred calls
        response = case.call()
        if response.status_code >= 500:
            failures.append((operation.label, case.path_parameters, case.query))
            return
        # What answers must also be what the schema promises: its status codes, media types
        # and body shapes.
        try:
            case.validate_response(
                response,
                checks=[
                    status_code_conformance,
                    content_type_conformance,
                    response_schema_conformance,
                ],
            )
        except Exception as exc:  # noqa: BLE001 - schemathesis groups its findings in one error
            failures.append((operation.label, case.path_parameters, case.query, str(exc)[:500]))

    return explore


def test_no_operation_answers_with_a_server_error(personas, time_machine, in_process_app):
    time_machine.move_to(datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False)
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", in_process_app)
    failures: list[tuple] = []

    for result in schema.get_all_operations():
        explorer(result.ok(), failures)()

    assert failures == []
