"""Shared fixtures: the test treaty and its personas.

Personas (each with a stated role):
- ``ratifier``: signed, ratified and reports progress — a party once the treaty is in force;
- ``signatory``: signed and never deposited an instrument;
- ``outsider``: took no action at all — must never appear in a list of signatories or parties;
- ``eu``: the European Union, a REIO whose instrument does not count towards the 40.
"""

from __future__ import annotations

import os
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from tests.factories import (
    API_TODAY,
    make_action,
    make_assessment,
    make_domestic_step,
    make_obligation,
    make_participant,
    make_treaty,
)
from treaty.models import Obligation, Participant

# Playwright's sync API runs an asyncio loop in the test thread; Django would otherwise refuse
# every later database call in the process (SynchronousOnlyOperation).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests check what holds, never how fast: on a shared two-core machine (CI runs the
# suite on two workers beside a browser) Hypothesis's timing checks fail healthy tests.
hypothesis_settings.register_profile(
    "tracker", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("tracker")


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Login lockout is tested on its own (tests/test_security.py); elsewhere test clients log
    # in without a request, which django-axes would refuse.
    settings.AXES_ENABLED = False
    # The anonymous API throttle counts in the cache: each test starts with a clean slate.
    cache.clear()
    # Page tests count the queries of a real render; tests/test_page_cache.py turns it on.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    # A French page leaves French active in this thread (LocaleMiddleware activates a language
    # per request and never resets it): every test starts in the default language.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def api_today(time_machine):
    """Pins today to ``API_TODAY`` (1 June 2026), for tests whose answers depend on the date."""
    time_machine.move_to(API_TODAY, tick=False)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def treaty(db):
    return make_treaty(
        slug="un-cybercrime-convention", short_title="UN Convention against Cybercrime"
    )


@pytest.fixture
def obligations(treaty):
    """Two mandatory obligations (criminalization, procedural) and an endeavour one."""
    return [
        make_obligation(treaty, code="art-7", title="Illegal access", position=7),
        make_obligation(
            treaty,
            code="art-25",
            title="Expedited preservation",
            position=25,
        ),
        make_obligation(
            treaty,
            code="art-53-awareness",
            title="Public awareness",
            category=Obligation.Category.AWARENESS,
            strength=Obligation.Strength.ENDEAVOUR,
            position=53,
        ),
    ]


@pytest.fixture
def personas(treaty, obligations):
    ratifier = make_participant(iso2="VN", iso3="VNM", name="Viet Nam", name_fr="Viet Nam")
    signatory = make_participant(iso2="FR", iso3="FRA", name="France", name_fr="France")
    outsider = make_participant(iso2="NO", iso3="NOR", name="Norway", name_fr="Norvège")
    eu = make_participant(
        iso2="EU", iso3="EUU", name="European Union", kind=Participant.Kind.REIO, region=""
    )
    eu.members.add(signatory)
    make_action(treaty, ratifier, "signature", date(2025, 10, 25))
    make_action(
        treaty,
        ratifier,
        "ratification",
        date(2026, 3, 2),
        depositary_notification="C.N.12.2026.TREATIES-XVIII.16",
    )
    make_domestic_step(treaty, ratifier, "parliament_approval", date(2026, 2, 1))
    make_action(treaty, signatory, "signature", date(2025, 10, 25))
    make_action(treaty, eu, "signature", date(2025, 10, 25))
    make_assessment(ratifier, obligations[0], "aligned", as_of=date(2026, 2, 1))
    make_assessment(ratifier, obligations[1], "in_progress", as_of=date(2026, 2, 1))
    return SimpleNamespace(ratifier=ratifier, signatory=signatory, outsider=outsider, eu=eu)


# --- Data loaded once for a module ------------------------------------------------------------
#
# Loading the real reference data takes seconds; the `db` tests of a module that only read it
# share one load, in a transaction kept open across them (each test still runs in a savepoint
# inside it, its own writes rolled back) and rolled back after them.


class ModuleTransaction:
    """A transaction kept open across the tests of one module, rolled back after them."""

    current: ModuleTransaction | None = None

    def __init__(self, django_db_blocker):
        self._blocker = django_db_blocker
        self._atomic = transaction.atomic()

    def open(self) -> None:
        self._blocker.unblock()
        self._atomic.__enter__()
        ModuleTransaction.current = self

    def close(self) -> None:
        if ModuleTransaction.current is not self:
            return  # closed already, before a later test of the module that does not use it
        ModuleTransaction.current = None
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)
        self._blocker.restore()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """An open transaction for the module: data its fixtures load in it is loaded once and
    rolled back after the module's last test."""
    shared = ModuleTransaction(django_db_blocker)
    shared.open()
    yield
    shared.close()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A module's transaction is for the tests that ask for it: a later test of the same module
    (a module fixture ends only with its module) starts without it, as if it ran alone — a
    transactional test must commit, and a `db` test must not see the module's data."""
    if ModuleTransaction.current is not None and "module_transaction" not in item.fixturenames:
        ModuleTransaction.current.close()


# --- Browser tests (Playwright driving Debian's Chromium; Playwright's own download is never used)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def _no_session_left_on_the_test_database(django_db_setup, django_db_blocker):
    """At the end of a run, closes what still holds the PostgreSQL test database open.

    The browser tests' live server answers in threads of its own; a page the browser was still
    fetching when the last test ended can keep its thread's connection open, and PostgreSQL
    then refuses to drop the test database ("being accessed by other users"), failing a run
    whose tests all passed. SQLite has nothing to close."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.hookimpl(trylast=True)  # after pytest-django has sorted the tests
def pytest_collection_modifyitems(config, items):
    _check_module_transactions_are_used_in_one_run(items)
    _skip_browser_tests_without_chromium(items)


def _check_module_transactions_are_used_in_one_run(items) -> None:
    """The tests of a module that use its transaction must run one after another (pytest-django
    sorts the tests by their kind of database access, keeping the order within each kind): once
    the transaction is closed for another test of the module, a later one would find its data
    gone."""
    uses: dict[str, list[bool]] = {}
    for item in items:
        module = item.nodeid.split("::")[0]
        uses.setdefault(module, []).append("module_transaction" in item.fixturenames)
    for module, flags in uses.items():
        marked = [i for i, flag in enumerate(flags) if flag]
        if marked and not all(flags[marked[0] : marked[-1] + 1]):
            raise pytest.UsageError(
                f"{module}: the tests that use module_transaction are not consecutive."
            )


def _skip_browser_tests_without_chromium(items) -> None:
    """Without Chromium, browser tests fail in CI and are skipped loudly on a user's machine."""
    if os.path.exists(CHROMIUM):
        return
    message = (
        f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install chromium) "
        "or set CHROMIUM_PATH; `make test` tries to install it."
    )
    if os.environ.get("CI"):
        raise pytest.UsageError(message + " CI must run the browser tests.")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=message))
