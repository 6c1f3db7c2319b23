"""The public pages driven in headless Chromium (Playwright) against the live server.

Each test saves full-page screenshots under screenshots/ (git-ignored) for a person to look at.
Chromium is Debian's (see conftest.py); Playwright's own browser download is never used.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.factories import make_action, make_article, make_assessment, make_obligation

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
SHOTS = Path(settings.BASE_DIR) / "screenshots"


@pytest.fixture(scope="session")
def base_url():
    """Overrides pytest-base-url's fixture, which pytest 9 flags as deprecated (a warning, so
    an error here); the tests use ``live_server.url`` anyway."""
    return None


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def record(treaty, obligations, personas, live_server):
    """The personas with shapes on the map, a declaration, and an assessment whose evidence
    is a page of the live server (the article page), so following it stays offline."""
    for participant, m49 in ((personas.ratifier, 704), (personas.signatory, 250)):
        participant.m49 = m49
        participant.save()
    personas.eu.name_fr = "Union européenne"
    personas.eu.save()
    make_action(treaty, personas.ratifier, "declaration", date(2026, 3, 2), text="We declare.")
    article = make_article(treaty, number=40, title="Mutual legal assistance")
    central = make_obligation(
        treaty, [article], code="art-40-central-authority", title="Central authority"
    )
    make_assessment(
        personas.ratifier,
        central,
        "aligned",
        as_of=date(2026, 4, 1),
        evidence_title="Law on Mutual Legal Assistance",
        evidence_url=f"{live_server.url}{article.get_absolute_url()}",
    )
    return personas


def test_dashboard_loads_and_reads_without_javascript(page: Page, live_server, record):
    page.goto(live_server.url + "/en/")
    expect(page.locator("h1")).to_contain_text("UN Convention against Cybercrime")
    expect(page.locator("#headline")).to_contain_text("1 of 40")
    expect(page.locator("svg.chart-wide")).to_be_visible()  # the narrow one is for phones
    expect(page.locator("svg.world-map path.stage-consented")).to_have_count(1)
    # The first Tab reaches the skip link, which then shows.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    expect(page.locator(".skip-link")).to_be_in_viewport()
    shoot(page, "dashboard")


def test_country_list_filters_then_opens_a_country_then_follows_evidence(
    page: Page, live_server, record
):
    page.goto(live_server.url + "/en/countries/")
    expect(page.locator("tbody tr")).to_have_count(4)
    page.select_option("#stage", "consented")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"stage=consented"))
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).not_to_contain_text("Norway")
    shoot(page, "countries-filtered")

    page.get_by_role("link", name="Viet Nam").click()
    expect(page.locator("h1")).to_have_text("Viet Nam")
    expect(page.locator("#next-section")).to_contain_text("Instrument of ratification deposited")
    expect(page.locator("#texts-section")).to_contain_text("We declare.")
    shoot(page, "country-viet-nam")

    page.get_by_role("link", name="Law on Mutual Legal Assistance").click()
    expect(page.locator("h1")).to_have_text("Article 40. Mutual legal assistance")
    expect(page.locator("#who-section")).to_contain_text("Viet Nam")
    shoot(page, "article-from-evidence")


def test_search_by_a_former_name_and_sort_by_a_column(page: Page, live_server, record):
    page.goto(live_server.url + "/en/countries/")
    page.fill("#q", "Norvège")
    page.keyboard.press("Enter")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("Norway")
    page.goto(live_server.url + "/en/countries/")
    page.get_by_role("link", name="Signature", exact=True).click()
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Signature")
    expect(page.locator("tbody tr").last).to_contain_text("Norway")  # no signature: last


def test_the_language_switcher_turns_the_page_to_arabic_right_to_left(
    page: Page, live_server, record
):
    page.goto(live_server.url + "/en/countries/VNM/")
    page.locator(".language-list a[lang=ar]").click()
    expect(page).to_have_url(live_server.url + "/ar/countries/VNM/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator(".language-list a[aria-current=true]")).to_have_attribute("lang", "ar")
    shoot(page, "country-viet-nam-arabic")
    # The address says the language: no cookie keeps it, the site's links stay in Arabic.
    assert not page.context.cookies()
    page.locator(".site-name").click()
    expect(page).to_have_url(live_server.url + "/ar/")
    shoot(page, "dashboard-arabic")


def test_french_pages_and_a_past_day(page: Page, live_server, record):
    page.goto(live_server.url + "/en/")
    page.locator(".language-list a[lang=fr]").click()
    expect(page.locator("#headline")).to_contain_text("Pas encore en vigueur")
    page.goto(live_server.url + "/fr/?as_of=2026-03-01")
    expect(page.locator(".as-of-banner")).to_contain_text("1 mars 2026")
    expect(page.locator("#headline")).to_contain_text("0 sur 40")
    shoot(page, "dashboard-french-as-of")


def test_a_narrow_screen_keeps_the_pages_usable(page: Page, live_server, record):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/en/countries/VNM/")
    # Nothing wider than the screen but the scrollable tables themselves.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    shoot(page, "country-viet-nam-mobile")
    page.goto(live_server.url + "/en/")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    shoot(page, "dashboard-mobile")


def test_a_bad_date_and_an_unknown_code_give_readable_error_pages(page: Page, live_server, record):
    response = page.goto(live_server.url + "/en/countries/?as_of=tomorrow")
    assert response.status == 400
    expect(page.locator(".error-message")).to_contain_text("YYYY-MM-DD")
    response = page.goto(live_server.url + "/en/countries/ZZZ/")
    assert response.status == 404
    expect(page.locator("main")).to_contain_text("No participant has the code")
    shoot(page, "not-found")
