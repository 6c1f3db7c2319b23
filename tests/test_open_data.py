"""Open data: the data licence, how to cite (every page, CITATION.cff), the methodology page
whose facts come from the record and the code, and the API's front door."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_obligation
from tests.public_pages import reverse_in
from treaty.models import Obligation

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def page(client, url: str, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


# --- Licence and citation --------------------------------------------------------------------


def test_the_data_licence_is_cc_by_4_and_names_unctads_terms():
    text = (ROOT / "LICENSE-DATA.md").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0" in text
    assert "https://creativecommons.org/licenses/by/4.0/" in text
    assert "UNCTAD" in text
    assert "acknowledgement" in text


def test_citation_cff_is_valid_citation_file_format_1_2_0():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    # The keys the format requires, each of the right shape.
    assert isinstance(cff["message"], str)
    assert cff["message"]
    assert isinstance(cff["title"], str)
    assert cff["title"]
    assert cff["authors"]
    assert all(("name" in a) or ("family-names" in a) for a in cff["authors"])
    assert cff["license"] == "CC-BY-4.0"
    assert cff["type"] in ("dataset", "software")


@pytest.mark.parametrize("name", ["home", "country-list", "law-list", "methodology"])
def test_every_page_ends_with_how_to_cite_it(client, personas, name, time_machine):
    time_machine.move_to("2026-11-23 12:00Z", tick=False)
    html = page(client, reverse(f"treaty:{name}"))

    citation = re.search(r'<p class="citation">(.*?)</p>', html, re.S)
    assert citation is not None
    assert f"http://testserver{reverse(f'treaty:{name}')}" in citation[1]
    assert "read on 23 November 2026" in citation[1]
    assert reverse("treaty:methodology") + "#cite" in html
    assert reverse("treaty:methodology") + "#licence" in html


def test_the_citation_is_in_french_on_a_french_page(client, personas):
    html = page(client, reverse_in("fr", "treaty:home"))
    assert "Comment citer" in html


# --- The methodology page ---------------------------------------------------------------------


def test_the_methodology_counts_the_obligations_the_catalogue_holds(client, treaty, obligations):
    make_obligation(
        treaty, code="art-99", category="training", strength=Obligation.Strength.OPTIONAL
    )
    html = page(client, reverse("treaty:methodology"))

    # The fixture: 2 mandatory (domestic law), 1 endeavour (awareness); plus 1 optional here.
    def count(attribute: str, value: str) -> str:
        found = re.search(
            rf'data-{attribute}="{value}"><th scope="row">[^<]*</th><td class="num">(\d+)<', html
        )
        assert found is not None, value
        return found[1]

    assert count("strength", "mandatory") == "2"
    assert count("strength", "optional") == "1"
    assert count("strength", "endeavour") == "1"
    assert count("category", "training") == "1"
    assert count("category", "awareness") == "1"
    assert "4 obligations, by strength" in html


def test_the_methodology_states_the_rule_and_the_review_states_of_the_code(client, treaty):
    html = page(client, reverse("treaty:methodology"))

    rule = re.search(r'<p id="rule">(.*?)</p>', html, re.S)[1]
    assert f"{treaty.days_after_threshold}th day after the {treaty.instruments_required}th" in rule
    assert f"{treaty.days_after_later_instrument}th day after its deposit" in rule
    for label in ("Draft", "Submitted for review", "Verified", "Returned for correction"):
        assert f"<li>{label}</li>" in html
    # A range of days is said as treaty.days says it.
    assert "25 or 26 October 2025 (the exact day is not confirmed)" in html
    assert "between 1 and 31 July 2026 (the exact day is not confirmed)" in html
    assert "UNCTAD" in html
    assert "CC BY 4.0" in html


def test_the_methodology_page_without_a_treaty_says_so(client, db):
    html = page(client, reverse("treaty:methodology"))
    assert "No obligation catalogue is loaded yet." in html


# --- The API's front door ---------------------------------------------------------------------


def test_a_browser_gets_a_page_of_the_site_at_the_api_root(client, treaty):
    html = page(client, "/api/v1/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")

    assert '<html lang="en"' in html
    assert "The default basic root view" not in html
    assert "<h1>API and open data</h1>" in html
    for url in (
        "/api/v1/docs/",
        "/api/v1/redoc/",
        "/api/v1/schema/",
        "/api/v1/exports/datapackage.json",
        "/api/v1/exports/participants.csv",
        "/api/v1/exports/panel-wide.xlsx",
        "/api/v1/exports/depositary.csv",
        "/api/v1/exports/depositary.xlsx",
        "http://testserver/api/v1/participants/",
    ):
        assert f'href="{url}' in html, url
    assert 'aria-current="page"' in html


def test_a_program_still_gets_the_json_index_with_links_to_the_docs(client, db):
    response = client.get("/api/v1/", HTTP_ACCEPT="application/json")

    assert response["Content-Type"] == "application/json"
    assert response.json()["participants"] == "http://testserver/api/v1/participants/"
    links = response["Link"]
    assert '<http://testserver/api/v1/schema/>; rel="service-desc"' in links
    assert '<http://testserver/api/v1/docs/>; rel="service-doc"' in links
    assert '<http://testserver/api/v1/exports/datapackage.json>; rel="describedby"' in links
    # No preference (curl, scripts): JSON too.
    assert client.get("/api/v1/").json() == response.json()


def test_the_api_root_page_is_in_french_for_a_french_reader(client, db):
    html = page(client, "/api/v1/", HTTP_ACCEPT="text/html", HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="fr"' in html
    assert "API et données ouvertes" in html


def test_every_page_links_the_data_package(client, personas):
    assert 'href="/api/v1/exports/datapackage.json"' in page(client, reverse("treaty:home"))


def test_the_methodology_costs_the_same_queries_whatever_the_catalogue(client, treaty):
    with CaptureQueriesContext(connection) as small:
        page(client, reverse("treaty:methodology"))
    for n in range(30):
        make_obligation(treaty, code=f"extra-{n}")
    with CaptureQueriesContext(connection) as large:
        page(client, reverse("treaty:methodology"))
    assert len(large) == len(small) <= 3


def test_the_methodology_says_where_each_languages_translated_titles_come_from(client):
    from django.utils.translation import get_language_info

    from treaty.content_translations import PROJECT_TRANSLATION, read_all

    html = page(client, reverse("treaty:methodology"))
    table = html.split('id="translation-sources"', 1)[1].split("</table>", 1)[0]
    rows = read_all()
    for language in ("fr", "ar", "zh-hans"):
        name = get_language_info(language)["name_local"]  # as the language switcher names it
        mine = [r for r in rows if r.language == language]
        from_un = sum(r.source != PROJECT_TRANSLATION for r in mine)
        found = re.search(
            rf'lang="{language}">{name}</th><td class="num">(\d+)</td><td class="num">(\d+)<',
            table,
        )
        assert found is not None, language
        assert (int(found[1]), int(found[2])) == (from_un, len(mine) - from_un)
        assert len(mine) > 200  # every language's file holds the catalogue's titles
