"""What an API read asks of the shared cache: the rate-limit history is read in the round trip
that reads the freshness token (``treaty.api.hits.read_ahead``), never on its own, and the
limit still counts every read."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

from tests.redis_server import reachable_redis_url
from tracker.cache import FailSafeRedisCache, redis_cache

pytestmark = pytest.mark.usefixtures("api_today")


@pytest.fixture
def calls(settings, monkeypatch):
    """The shared cache's calls, as (operation, keys)."""
    settings.CACHES = {"default": redis_cache(reachable_redis_url())}
    cache.clear()
    made: list[tuple[str, list[str]]] = []
    real = FailSafeRedisCache._call

    def spy(self, fallback, operation, *args):
        keys = args[0] if args else []
        made.append((operation.__name__, list(keys) if isinstance(keys, list | dict) else [keys]))
        return real(self, fallback, operation, *args)

    monkeypatch.setattr(FailSafeRedisCache, "_call", spy)
    yield made
    cache.clear()


def history_reads(made):
    return [
        (name, keys)
        for name, keys in made
        if name in ("get", "get_many") and any("throttle_anon" in str(k) for k in keys)
    ]


@pytest.mark.parametrize(
    "url", ["/api/v1/participants/", "/api/v1/actions/?kind=signature", "/api/v1/assessments/"]
)
def test_an_uncached_read_makes_one_read_and_one_write(api_client, personas, settings, calls, url):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    api_client.get(url)  # the data version is set on the first read
    calls.clear()

    assert api_client.get(url).status_code == 200

    assert [name for name, _keys in calls] == ["get_many", "set"]
    assert len(history_reads(calls)) == 1


def test_a_miss_of_the_anonymous_cache_reads_the_history_once(
    api_client, personas, settings, calls
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    api_client.get("/api/v1/treaties/")
    calls.clear()

    assert api_client.get("/api/v1/participants/").status_code == 200

    assert len(history_reads(calls)) == 1
    assert [name for name, _keys in calls].count("get_many") == 1


@pytest.mark.parametrize("seconds", [0, 600])
def test_uncached_reads_and_misses_still_count_for_the_rate_limit(
    api_client, personas, settings, calls, monkeypatch, seconds
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = seconds
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)
    urls = ["/api/v1/participants/", "/api/v1/actions/", "/api/v1/assessments/"] * 2

    answers = [api_client.get(url).status_code for url in urls]

    assert answers == [200, 200, 200, 429, 429, 429]
