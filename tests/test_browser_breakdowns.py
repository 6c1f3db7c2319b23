"""The breakdowns and compare pages in headless Chromium (see tests/test_browser.py): usable at
390 and 1,366 px, and the comparison is chosen with a plain form (no JavaScript)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_action
from treaty.models import Group

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture(scope="session")
def base_url():
    return None


@pytest.fixture
def record(treaty, personas):
    make_action(treaty, personas.signatory, "ratification", date(2026, 6, 1))
    eu = Group.objects.create(
        code="eu", name="EU", source="EU list", source_url="https://europa.eu/", position=0
    )
    eu.members.add(personas.signatory)
    return personas


def overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [390, 1366])
def test_breakdowns_and_compare_fit_the_screen(page: Page, live_server, record, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/en/breakdowns/")
    expect(page.locator("h1")).to_have_text("Breakdowns")
    assert overflow(page) <= 1  # only the tables scroll, inside their regions
    page.goto(live_server.url + "/en/compare/?p=VNM&p=FRA")
    expect(page.locator("#compare-status")).to_contain_text("Viet Nam")
    assert overflow(page) <= 1


def test_compare_is_chosen_with_a_plain_form(page: Page, live_server, record):
    page.goto(live_server.url + "/en/compare/")
    page.select_option("#compare-1", "FRA")
    page.select_option("#compare-2", "VNM")
    page.get_by_role("button", name="Compare").click()
    assert "p=FRA" in page.url
    assert "p=VNM" in page.url
    expect(page.locator("#compare-status")).to_contain_text("France")
