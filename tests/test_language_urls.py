"""Issue 12, items 1 and 6: the language in the address, and the same speed in every language.

Every public page has one address per language (``/en/``, ``/fr/``, ``/es/``, ``/ar/``, ``/ru/``,
``/zh-hans/``); the root and the addresses from before the prefixes redirect by the browser's
``Accept-Language``; each page names its versions in the other languages (``hreflang``) and links
to them (the switcher: plain links, no form, no cookie); the page cache keeps each language apart.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tests.factories import make_assessment
from tests.public_pages import (
    LANGUAGE_CODES,
    PUBLIC_PAGES,
    RIGHT_TO_LEFT,
    SLUG,
    UNPREFIXED_PAGES,
    in_language,
)
from treaty.models import Obligation, Participant

HTML_TAG = re.compile(r'<html lang="([^"]+)" dir="([^"]+)">')


def _html_tag(response) -> tuple[str, str]:
    found = HTML_TAG.search(response.content.decode())
    assert found, "no <html lang dir> tag"
    return found[1], found[2]


def _hreflang_links(page: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))


def _switcher_links(page: str) -> list[str]:
    switcher = page[page.index('<nav class="language-list"') :]
    switcher = switcher[: switcher.index("</nav>")]
    return re.findall(r"<a [^>]+>[^<]+</a>", switcher)


# --- Every public page in every language ---------------------------------------------------


def test_every_public_page_answers_in_every_language_with_its_lang_and_direction(client, db):
    """The real record (the Convention, 198 participants, the signatures, the laws) and one
    assessment, so that scorecards and bars are drawn too; every page of tests/public_pages.py
    in each of the six languages."""
    call_command("load_reference_data", verbosity=0)
    make_assessment(
        Participant.objects.get(iso3="VNM"),
        Obligation.objects.filter(treaty__slug=SLUG).order_by("position").first(),
        "in_progress",
        as_of=date(2026, 2, 1),
    )
    failures = []
    for language in LANGUAGE_CODES:
        expected = (language, "rtl" if language in RIGHT_TO_LEFT else "ltr")
        for page in PUBLIC_PAGES:
            url = in_language(page, language)
            response = client.get(url)
            if response.status_code != 200:
                failures.append(f"{url}: {response.status_code}")
            elif _html_tag(response) != expected:
                failures.append(f"{url}: {_html_tag(response)}, not {expected}")
            elif response["Content-Language"] != language:
                failures.append(f"{url}: Content-Language {response['Content-Language']}")
        for page in UNPREFIXED_PAGES:
            response = client.get(page, HTTP_ACCEPT="text/html", HTTP_ACCEPT_LANGUAGE=language)
            if response.status_code != 200 or _html_tag(response) != expected:
                failures.append(f"{page} ({language}): {response.status_code}")
    assert not failures, "\n".join(failures)
    assert len(PUBLIC_PAGES) * len(LANGUAGE_CODES) >= 6 * 19


def test_the_six_languages_are_the_un_languages_under_their_prefixes():
    assert sorted(LANGUAGE_CODES) == ["ar", "en", "es", "fr", "ru", "zh-hans"]
    for language in LANGUAGE_CODES:
        with translation.override(language):
            assert reverse("treaty:home") == f"/{language}/"
            assert reverse("treaty:country-detail", args=["VNM"]) == f"/{language}/countries/VNM/"
            assert reverse("feeds:treaty-actions", args=[SLUG]).startswith(f"/{language}/feeds/")
        # The API, its exports and the admin follow the headers: no prefix.
        with translation.override(language):
            assert reverse("api:api-root") == "/api/v1/"
            assert reverse("exports:datapackage").startswith("/api/v1/exports/")
            assert reverse("admin:index") == "/admin/"


# --- Redirects ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "language"),
    [
        ("ar,en;q=0.5", "ar"),
        ("fr-FR,fr;q=0.9,en;q=0.8", "fr"),
        ("zh-CN", "zh-hans"),  # Django's fallback of zh-cn is zh-hans
        ("zh-Hans-CN,zh;q=0.9", "zh-hans"),
        ("es-419", "es"),  # Latin American Spanish: Spanish
        ("ru;q=0.8,de;q=0.9", "ru"),  # German preferred, not offered: the next one
        ("de-DE,ja;q=0.9", "en"),  # none offered: English
        ("", "en"),
        ("*", "en"),
        ("garbage;;;q=x,,", "en"),
        ("xx-" + "a" * 300, "en"),  # over-long: ignored
    ],
)
def test_the_root_redirects_to_the_dashboard_in_the_browsers_language(
    client, db, accept_language, language
):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/"
    # The answer depends on the headers: a shared cache must not give it to everyone.
    assert "Accept-Language" in response["Vary"]


def test_without_accept_language_the_root_is_english(client, db):
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/en/")


def test_the_root_keeps_its_query_string(client, db):
    response = client.get("/?as_of=2025-10-25", HTTP_ACCEPT_LANGUAGE="ru")
    assert response["Location"] == "/ru/?as_of=2025-10-25"


@pytest.mark.parametrize(
    ("old", "accept_language", "new"),
    [
        ("/countries/VNM/", "ar,en;q=0.5", "/ar/countries/VNM/"),
        (
            "/countries/?stage=signatory&sort=-name",
            "es-419",
            "/es/countries/?stage=signatory&sort=-name",
        ),
        ("/compare/?p=FRA&p=VNM", "zh-CN", "/zh-hans/compare/?p=FRA&p=VNM"),
        (
            f"/treaties/{SLUG}/obligations/art-7/?as_of=2026-01-01",
            "fr",
            f"/fr/treaties/{SLUG}/obligations/art-7/?as_of=2026-01-01",
        ),
        ("/embed/treaty/", "", "/en/embed/treaty/"),
        (f"/feeds/treaties/{SLUG}/actions/", "ru", f"/ru/feeds/treaties/{SLUG}/actions/"),
        ("/countries", "fr", "/fr/countries/"),  # the missing slash too
    ],
)
def test_an_old_unprefixed_address_redirects_to_the_same_page_in_the_browsers_language(
    client, personas, old, accept_language, new
):
    response = client.get(old, HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == new
    assert "Accept-Language" in response["Vary"]
    assert client.get(new).status_code == 200


def test_an_address_that_is_no_page_is_still_a_404_in_any_form(client, personas):
    assert client.get("/nothing-here/", HTTP_ACCEPT_LANGUAGE="fr").status_code == 404
    assert client.get("/fr/nothing-here/").status_code == 404
    assert client.get("/de/countries/").status_code == 404  # not one of the six
    # Under a prefix the page is that language's, whatever the browser says.
    response = client.get("/fr/countries/", HTTP_ACCEPT_LANGUAGE="ar")
    assert _html_tag(response) == ("fr", "ltr")


def test_a_prefixed_address_without_its_slash_gets_it_in_the_same_language(client, personas):
    response = client.get("/fr/countries", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 301
    assert response["Location"] == "/fr/countries/"


def test_the_admin_is_not_redirected_and_follows_accept_language(client, db):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert _html_tag(response)[0] == "fr"
    assert client.get("/fr/admin/login/").status_code == 404


def test_zh_is_the_short_address_of_simplified_chinese(client, personas):
    response = client.get("/zh/countries/VNM/?as_of=2026-01-01")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/countries/VNM/?as_of=2026-01-01"
    assert client.get("/zh/")["Location"] == "/zh-hans/"
    assert client.get("/zh")["Location"] == "/zh-hans/"
    assert client.get("/zhx/").status_code == 404


def test_the_api_stays_unprefixed_and_follows_accept_language(api_client, personas):
    url = reverse("api:domestic-step-list")
    assert url == "/api/v1/domestic-steps/"
    english = api_client.get(url).json()["results"][0]
    french = api_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()["results"][0]
    assert english["step_label"] == "Parliamentary approval"
    assert french["step_label"] == "Approbation parlementaire"
    assert french["step"] == english["step"] == "parliament_approval"  # codes stay neutral
    assert api_client.get("/fr/api/v1/domestic-steps/").status_code == 404


def test_the_set_language_form_route_is_gone(client, db):
    assert client.post("/i18n/setlang/", {"language": "fr", "next": "/"}).status_code == 404


# --- hreflang and the switcher -----------------------------------------------------------


def test_every_page_names_its_six_languages_and_a_default_with_absolute_addresses(client, personas):
    page = client.get("/ru/countries/?stage=signatory&sort=-name").content.decode()
    links = _hreflang_links(page)
    query = "?stage=signatory&amp;sort=-name"
    assert links == {
        "ar": f"http://testserver/ar/countries/{query}",
        "zh-hans": f"http://testserver/zh-hans/countries/{query}",
        "en": f"http://testserver/en/countries/{query}",
        "fr": f"http://testserver/fr/countries/{query}",
        "ru": f"http://testserver/ru/countries/{query}",
        "es": f"http://testserver/es/countries/{query}",
        "x-default": f"http://testserver/countries/{query}",
    }
    # The x-default address answers with the page in the reader's language.
    response = client.get("/countries/?stage=signatory&sort=-name", HTTP_ACCEPT_LANGUAGE="es")
    assert response["Location"] == "/es/countries/?stage=signatory&sort=-name"


def test_a_page_with_arguments_names_itself_in_each_language(client, personas):
    url = f"/ar/treaties/{SLUG}/obligations/art-7/"
    links = _hreflang_links(client.get(url).content.decode())
    assert links["fr"] == f"http://testserver/fr/treaties/{SLUG}/obligations/art-7/"
    assert links["x-default"] == f"http://testserver/treaties/{SLUG}/obligations/art-7/"
    embed = _hreflang_links(client.get("/es/embed/countries/VNM/").content.decode())
    assert embed["zh-hans"] == "http://testserver/zh-hans/embed/countries/VNM/"


def test_the_switcher_is_six_plain_links_to_the_same_page_the_current_one_marked(client, personas):
    page = client.get("/fr/countries/VNM/?as_of=2026-01-01").content.decode()
    assert "<form" not in page[: page.index("</header>")]  # no form, no button, no script
    assert "set_language" not in page
    assert "setlang" not in page
    names = {code: translation.get_language_info(code)["name_local"] for code in LANGUAGE_CODES}
    assert names["ar"] == "العربيّة"
    assert names["zh-hans"] == "简体中文"
    expected = [
        f'<a lang="{code}" hreflang="{code}" href="/{code}/countries/VNM/?as_of=2026-01-01"'
        + (' aria-current="true"' if code == "fr" else "")
        + f">{names[code]}</a>"
        for code in ["ar", "zh-hans", "en", "fr", "ru", "es"]
    ]
    assert _switcher_links(page) == expected


def test_following_a_switcher_link_gives_the_page_in_that_language_without_a_cookie(
    client, personas
):
    page = client.get("/en/countries/VNM/").content.decode()
    arabic = re.search(r'hreflang="ar" href="([^"]+)"', page[page.index("language-list") :])[1]
    response = client.get(arabic)
    assert _html_tag(response) == ("ar", "rtl")
    assert "django_language" not in response.cookies
    assert not client.cookies
    # The next page, without any header, is in English again: the address says the language.
    assert _html_tag(client.get("/en/countries/")) == ("en", "ltr")


def test_an_unknown_page_under_a_prefix_offers_the_dashboard_in_each_language(client, db):
    response = client.get("/fr/nothing-here/")
    page = response.content.decode()
    assert response.status_code == 404
    assert _hreflang_links(page) == {}  # a 404 has no versions to announce
    assert 'href="/ar/"' in _switcher_links(page)[0]


def test_the_api_root_has_no_switcher_and_no_alternates(client, db):
    page = client.get("/api/v1/", HTTP_ACCEPT="text/html", HTTP_ACCEPT_LANGUAGE="fr")
    page = page.content.decode()
    assert 'lang="fr"' in page
    assert "language-list" not in page
    assert "hreflang" not in page


# --- Absolute addresses in the page's language ---------------------------------------------


def test_the_citation_canonical_feed_and_embed_links_are_absolute_in_the_pages_language(
    client, personas
):
    page = client.get("/es/countries/VNM/").content.decode()
    assert "http://testserver/es/countries/VNM/ (" in page  # How to cite
    assert '<link rel="canonical" href="http://testserver/es/countries/VNM/">' in page
    assert 'type="application/atom+xml"' in page
    assert 'href="http://testserver/es/feeds/countries/VNM/actions/"' in page
    embed = client.get("/ru/embed/countries/VNM/").content.decode()
    assert 'href="http://testserver/ru/countries/VNM/" target="_top"' in embed
    assert 'href="http://testserver/ru/methodology/#licence"' in embed
    dashboard = client.get("/fr/").content.decode()
    assert f'href="http://testserver/fr/feeds/treaties/{SLUG}/actions/"' in dashboard


def test_a_feed_is_in_its_language_with_absolute_links_in_that_language(client, personas):
    response = client.get(f"/fr/feeds/treaties/{SLUG}/actions/")
    feed = response.content.decode()
    assert response.status_code == 200
    assert 'xml:lang="fr"' in feed
    assert f'href="http://testserver/fr/feeds/treaties/{SLUG}/actions/"' in feed
    assert 'href="http://testserver/fr/countries/VNM/#action-' in feed
    assert "/en/" not in feed


# --- The page cache, per language --------------------------------------------------------


@pytest.fixture
def cached(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


def test_the_page_cache_keeps_each_language_apart(client, personas, cached):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bodies = {}
    for language in LANGUAGE_CODES:
        url = in_language("/countries/VNM/", language)
        with CaptureQueriesContext(connection) as first:
            bodies[language] = client.get(url).content
        with CaptureQueriesContext(connection) as hit:
            again = client.get(url)
        assert len(first) > 1, language  # rendered, not another language's copy
        assert len(hit) == 1, language  # then served from the cache (the freshness query)
        assert again.content == bodies[language]
        assert f'<html lang="{language}"'.encode() in bodies[language]
    assert len(set(bodies.values())) == len(LANGUAGE_CODES)


def test_a_cached_page_does_not_vary_on_headers_its_address_says_the_language(
    client, personas, cached
):
    english = client.get("/en/countries/VNM/")
    arabic_browser = client.get("/en/countries/VNM/", HTTP_ACCEPT_LANGUAGE="ar")
    assert arabic_browser.content == english.content
    assert arabic_browser["ETag"] == english["ETag"]
    assert "Accept-Language" not in english.get("Vary", "")
    assert english["Content-Language"] == "en"
    # The data package is not prefixed: it follows the headers, and says so.
    package = client.get(reverse("exports:datapackage"))
    assert "Accept-Language" in package["Vary"]


def test_each_language_of_a_page_costs_the_same_queries(
    client, personas, django_assert_num_queries
):
    """The English count, measured once, must hold in every language (the links to the other
    languages are reversed, never queried)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as english:
        client.get("/en/countries/VNM/")
    for language in LANGUAGE_CODES:
        with django_assert_num_queries(len(english)):
            client.get(in_language("/countries/VNM/", language))
