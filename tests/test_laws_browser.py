"""The coverage grid and the laws page driven in headless Chromium against the live server
(the pattern of tests/test_browser.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_article, make_chapter
from tests.laws_factories import make_indicator_value, make_law, make_mapping, make_provision
from tests.test_browser import shoot

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture(scope="session")
def base_url():
    return None


@pytest.fixture
def mapped(treaty, personas, live_server):
    two = make_chapter(treaty, number=2, numeral="II", title="Criminalization")
    four = make_chapter(treaty, number=4, numeral="IV", title="Procedural measures")
    art7 = make_article(treaty, two, number=7, title="Illegal access")
    make_article(treaty, two, number=8, title="Illegal interception")
    make_article(treaty, four, number=25, title="Expedited preservation")
    law = make_law(
        personas.ratifier,
        title="Law No. 02/2017 - On cybersecurity",
        source="UNCTAD Global Cyberlaw Tracker",
        official_url=f"{live_server.url}/en/countries/",
    )
    make_mapping(make_provision(law, reference="art. 3"), art7)
    make_indicator_value(personas.ratifier, "Legislation")
    return personas


def test_the_coverage_grid_shows_covered_and_uncovered_articles_and_links_to_them(
    page: Page, live_server, mapped
):
    page.goto(live_server.url + "/en/countries/VNM/")
    section = page.locator("#domestic-law-section")
    expect(section).to_contain_text("UNCTAD Global Cyberlaw Tracker (5 March 2026)")
    expect(section.locator(".laws-table")).to_contain_text("Law No. 02/2017 - On cybersecurity")
    grid = page.locator("#coverage-grid")
    expect(grid.locator("tr[data-article]")).to_have_count(3)
    expect(grid.locator('tr[data-article="7"]')).to_contain_text("Implements")
    expect(grid.locator('tr[data-article="7"]')).to_contain_text("art. 3")
    expect(grid.locator('tr[data-article="8"]')).to_contain_text("Nothing mapped yet")
    expect(grid.locator(".group")).to_have_text(
        ["Chapter II. Criminalization", "Chapter IV. Procedural measures"]
    )
    shoot(page, "country-coverage-grid")
    grid.locator('tr[data-article="7"] th a').click()
    expect(page).to_have_url(re.compile(r"/articles/7/$"))


def test_the_laws_page_filters_to_mapped_laws_and_opens_a_country(page: Page, live_server, mapped):
    make_law(mapped.signatory, title="Code pénal")
    page.goto(live_server.url + "/en/laws/")
    expect(page.locator(".laws-table tbody tr")).to_have_count(2)
    page.select_option("#mapped", "yes")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"mapped=yes"))
    expect(page.locator(".laws-table tbody tr")).to_have_count(1)
    shoot(page, "laws-page")
    page.get_by_role("link", name="Viet Nam").click()
    expect(page.locator("h1")).to_have_text("Viet Nam")
