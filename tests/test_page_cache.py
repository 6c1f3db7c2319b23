"""The public pages' cache: a hit costs one query, and any write makes every page fresh."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.public_pages import reverse_in
from tests.redis_server import reachable_redis_url
from tracker.cache import redis_cache
from treaty import services

PAGES = [
    ("treaty:home", []),
    ("treaty:country-list", []),
    ("treaty:country-detail", ["FRA"]),
]


@pytest.fixture
def cached(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


def _get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code in (200, 304)
    return response, len(queries)


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_a_cached_page_costs_one_query_and_gives_the_same_html(
    client, personas, cached, name, args
):
    url = reverse(name, args=args)
    first, rendered = _get(client, url)
    second, hit = _get(client, url)
    assert rendered > 1
    assert hit == 1  # the freshness query
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_a_write_makes_the_cached_page_fresh_at_once(client, personas, treaty, cached):
    url = reverse("treaty:country-detail", args=["FRA"])
    before, _ = _get(client, url)
    assert "Approval" not in before.content.decode()
    services.record_treaty_action(
        treaty=treaty,
        participant=personas.signatory,
        kind="approval",
        date=date(2026, 4, 1),
        source="UNTC XVIII-16 status page",
        publish=True,
    )
    after, queries = _get(client, url)
    assert queries > 1
    assert "Approval" in after.content.decode()
    assert after["ETag"] != before["ETag"]


def test_a_browser_revalidating_gets_304_for_one_query(client, personas, cached):
    url = reverse("treaty:home")
    first, _ = _get(client, url)
    again, queries = _get(client, url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, queries) == (304, 1)


def test_languages_and_dates_are_cached_apart(client, personas, cached):
    url = reverse("treaty:country-detail", args=["VNM"])
    english, _ = _get(client, url)
    french, queries = _get(client, reverse_in("fr", "treaty:country-detail", "VNM"))
    assert queries > 1
    assert english.content != french.content
    assert 'lang="fr"' in french.content.decode()
    past, queries = _get(client, url + "?as_of=2025-11-01")
    assert queries > 1
    assert past.content != english.content


def test_pages_carry_no_per_visitor_token(client, personas, cached):
    page = client.get(reverse("treaty:home")).content.decode()
    assert "csrfmiddlewaretoken" not in page
    assert "<form" not in page.split("</header>")[0]  # the language switcher is plain links
    assert 'hreflang="fr" href="/fr/"' in page


@pytest.fixture
def shared_cache(settings):
    """The production arrangement: Redis shared by every web process (database 15, emptied)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    settings.CACHES = {"default": redis_cache(reachable_redis_url())}
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def test_with_a_shared_cache_a_hit_costs_no_query_and_any_recorded_change_refreshes(
    client, personas, treaty, shared_cache
):
    url = reverse("treaty:country-detail", args=["FRA"])
    _get(client, url)
    cached, queries = _get(client, url)
    assert queries == 0
    services.record_treaty_action(
        treaty=treaty,
        participant=personas.signatory,
        kind="approval",
        date=date(2026, 4, 1),
        source="UNTC XVIII-16 status page",
        publish=True,
    )
    fresh, queries = _get(client, url)
    assert queries > 1
    assert "Approval" in fresh.content.decode()
    assert "Approval" not in cached.content.decode()


def test_with_a_shared_cache_a_reference_data_load_refreshes_pages(client, personas, shared_cache):
    from django.core.management import call_command

    url = reverse("treaty:country-list")
    _get(client, url)
    call_command("load_reference_data")
    fresh, queries = _get(client, url)
    assert queries > 1
    assert "Algeria" in fresh.content.decode()
