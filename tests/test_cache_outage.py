"""A cache outage slows the site down and changes nothing else (trust issue, item 13): with the
Redis of ``CACHE_URL`` unreachable, pages, the API and the exports answer 200 uncached, a warning
is logged once a minute, the login lockout keeps working, and no page goes stale."""

from __future__ import annotations

import logging
import socket
import time
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

import tracker.cache
from tests.factories import make_user
from tests.redis_server import reachable_redis_url
from tracker.cache import redis_cache
from treaty import services

ADDRESSES = [
    reverse("treaty:home"),
    reverse("treaty:country-detail", args=["FRA"]),
    reverse("treaty:country-list"),
    "/api/v1/participants/",
    "/api/v1/actions/",
    "/api/v1/exports/participants.csv",
]


def closed_port() -> int:
    """A local port nothing listens on (taken from the system, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cache_down(settings):
    """The production cache settings for ``CACHE_URL=redis://127.0.0.1:<closed port>/0``, with
    the page cache on."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    settings.CACHES = {"default": redis_cache(f"redis://:s3cret@127.0.0.1:{closed_port()}/0")}


@pytest.fixture
def cache_warnings(caplog):
    caplog.set_level(logging.INFO, logger="tracker.cache")
    return lambda: [r for r in caplog.records if r.name == "tracker.cache" and r.levelno >= 30]


@pytest.mark.parametrize("address", ADDRESSES)
def test_with_the_cache_down_pages_the_api_and_exports_answer_200(
    client, personas, cache_down, address
):
    response = client.get(address)
    assert response.status_code == 200
    again = client.get(address)
    assert again.status_code == 200


def test_with_the_cache_down_a_warning_is_logged_once_not_per_request(
    client, personas, cache_down, cache_warnings
):
    for address in ADDRESSES * 3:
        assert client.get(address).status_code == 200
    [warning] = cache_warnings()
    message = warning.getMessage()
    assert "unreachable" in message
    assert "rate limits" in message  # the throttle lets requests through, and says so
    assert "s3cret" not in message  # the cache URL's password stays out of the log


def test_the_warning_repeats_at_most_once_a_minute(
    personas, cache_down, cache_warnings, monkeypatch
):
    clock = [1000.0]
    monkeypatch.setattr(tracker.cache, "_now", lambda: clock[0])
    for step in range(0, 180, 6):  # a call every 6 seconds for three minutes
        clock[0] = 1000.0 + step
        assert cache.get("anything", "default") == "default"
    assert len(cache_warnings()) == 3


def test_a_cache_that_hangs_costs_one_short_timeout_not_one_per_request(client, personas, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{silent.getsockname()[1]}/0")}
        started = time.monotonic()
        for address in ADDRESSES:
            assert client.get(address).status_code == 200
        elapsed = time.monotonic() - started
    assert elapsed < 2 * tracker.cache.READ_TIMEOUT_SECONDS + 1.0


def test_with_the_cache_down_a_write_still_shows_on_the_next_page(
    client, personas, treaty, cache_down
):
    url = reverse("treaty:country-detail", args=["FRA"])
    before = client.get(url)
    assert "Approval" not in before.content.decode()
    services.record_treaty_action(
        treaty=treaty,
        participant=personas.signatory,
        kind="approval",
        date=date(2026, 4, 1),
        source="UNTC XVIII-16 status page",
        publish=True,
    )
    after = client.get(url)
    assert "Approval" in after.content.decode()
    assert after["ETag"] != before["ETag"]


def test_with_the_cache_down_the_anonymous_api_is_let_through_unthrottled(
    client, personas, cache_down, monkeypatch
):
    # DRF reads its rates when it is imported: set a tiny one on the throttle itself.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    codes = [client.get("/api/v1/treaties/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 200]


def test_with_the_cache_down_the_login_lockout_still_locks(client, cache_down, settings, db):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    make_user("editor", is_staff=True)
    login = reverse("admin:login")
    for _ in range(3):
        response = client.post(login, {"username": "editor", "password": "wrong"})
        assert response.status_code in (200, 429)
    response = client.post(login, {"username": "editor", "password": "secret-pass-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_change_made_while_the_cache_was_down_shows_once_it_is_back(
    client, personas, treaty, settings
):
    redis_url = reachable_redis_url()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    settings.CACHES = {"default": redis_cache(redis_url)}
    cache.clear()
    url = reverse("treaty:country-detail", args=["FRA"])
    assert "Approval" not in client.get(url).content.decode()  # now cached in Redis

    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{closed_port()}/0")}
    services.record_treaty_action(
        treaty=treaty,
        participant=personas.signatory,
        kind="approval",
        date=date(2026, 4, 1),
        source="UNTC XVIII-16 status page",
        publish=True,
    )  # its "pages are stale" notice cannot reach the cache

    settings.CACHES = {"default": redis_cache(redis_url)}
    try:
        assert "Approval" in client.get(url).content.decode()
    finally:
        cache.clear()


def test_one_redis_client_serves_every_call(settings):
    """Django builds a client object per cache call; the backend keeps one per server (the
    largest cost of a cached read, profiled). The outage tests above run through it too."""
    settings.CACHES = {"default": redis_cache(reachable_redis_url())}
    cache.clear()
    backend = cache._cache  # the backend's client maker
    first = backend.get_client("a")
    assert backend.get_client("b", write=True) is first
    cache.set("tracker-test:one-client", 1)
    assert cache.get("tracker-test:one-client") == 1
    cache.clear()
