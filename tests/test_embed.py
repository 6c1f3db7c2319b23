"""The embeddable views (/embed/…): only they may be framed, they run no script, they name the
tracker and link back, in a fixed number of queries, and they are cached like other pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.test_page_support import crowd

pytestmark = pytest.mark.django_db

EMBEDS = ["/en/embed/treaty/", "/en/embed/countries/VNM/", "/en/embed/countries/vnm/"]


def frameable(response) -> bool:
    policy = response["Content-Security-Policy"]
    return "X-Frame-Options" not in response and "frame-ancestors https: http:" in policy


@pytest.mark.parametrize("url", EMBEDS)
def test_an_embed_may_be_framed_by_any_site(client, personas, url):
    response = client.get(url)

    assert response.status_code == 200
    assert frameable(response)
    # The rest of the policy holds: no script from anywhere, nothing from outside.
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/countries/",
        "/en/countries/VNM/",
        "/en/methodology/",
        "/en/laws/",
        "/api/v1/",
        "/admin/login/",
    ],
)
def test_every_other_page_still_refuses_to_be_framed(client, personas, url):
    response = client.get(url, HTTP_ACCEPT="text/html")

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("url", EMBEDS)
def test_an_embed_runs_no_script_and_links_back_with_attribution(client, personas, url):
    html = client.get(url).content.decode()

    assert "<script" not in html
    assert "Hanoi Convention tracker" in html
    assert 'target="_top"' in html
    assert "http://testserver/" in html  # an absolute link back, valid inside any frame
    assert '<html lang="en"' in html


def test_the_country_badge_says_where_the_participant_stands(client, personas):
    html = client.get("/en/embed/countries/VNM/").content.decode()

    assert 'href="http://testserver/en/countries/VNM/"' in html
    assert "Viet Nam" in html
    assert "badge stage-consented" in html
    assert '<time datetime="2026-03-02">' in html  # its ratification


def test_the_treaty_card_counts_instruments_towards_the_threshold(client, personas):
    html = client.get("/en/embed/treaty/").content.decode()

    assert "1 of the 40 instruments needed for entry into force" in html
    assert 'href="http://testserver/en/treaties/un-cybercrime-convention/"' in html


def test_an_embed_keeps_the_as_of_day(client, personas):
    html = client.get("/en/embed/countries/VNM/?as_of=2026-01-31").content.decode()

    assert "badge stage-signatory" in html
    assert "As recorded on 31 January 2026." in html
    assert "/en/countries/VNM/?as_of=2026-01-31" in html


def test_an_unknown_participant_is_a_404(client, personas):
    assert client.get("/en/embed/countries/ZZZ/").status_code == 404


@pytest.mark.parametrize("url", ["/en/embed/treaty/", "/en/embed/countries/VNM/"])
def test_an_embed_costs_the_same_queries_whatever_the_record(
    client, personas, treaty, obligations, url
):
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    crowd(treaty, obligations, n=20)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)
    assert len(small) <= 4


def test_an_embed_is_cached_and_still_frameable_from_the_cache(client, personas, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    url = reverse("treaty:embed-treaty")
    first = client.get(url)
    with CaptureQueriesContext(connection) as again:
        second = client.get(url)

    assert second.content == first.content
    assert len(again) <= 1  # the freshness check only
    assert frameable(second)
