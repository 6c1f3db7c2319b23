"""axe-core on every public page, at desktop and mobile sizes, in each language; and the pages
with a chart, a map or a wide table never wider than the screen.

axe-core is vendored under ``tests/vendor/axe-core/`` (its licence beside it): no CDN, no
download at test time. It is injected into each page with Playwright; the site's Content Security
Policy forbids injected scripts, so the browser context bypasses it (in tests only).

A page added later joins the check by adding its address to ``PUBLIC_PAGES`` (in
tests/public_pages.py, shared with tests/test_language_urls.py); a language, by adding its code
to ``LANGUAGES``. Every language is checked at desktop size; at mobile size, English and Arabic
(right to left) only: another left-to-right language at 390 px finds nothing English at 390 px
does not, and each run of the pages costs about half a minute.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser

from tests.factories import make_assessment
from tests.public_pages import PUBLIC_PAGES, SLUG, UNPREFIXED_PAGES, in_language
from treaty.models import Obligation, Participant, Treaty

# axe's verdict and the widths depend on the markup and the CSS, which the templates make from the
# same data on any engine: CI's PostgreSQL pass skips this module (engine_independent), and
# renders every page in every language there through tests/test_language_urls.py.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.engine_independent,
    pytest.mark.usefixtures("transactional_db"),
]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"

# The pages: tests/public_pages.py, each under the language's prefix, and the API root
# in the language of the browser's Accept-Language. The languages:
LANGUAGES = ["en", "fr", "ar"]
SIZES = {"desktop": (1366, 900), "mobile": (390, 844)}
# The languages checked at every size; the others at desktop size only.
EVERY_SIZE = ["en", "ar"]
RUNS = [
    (language, size)
    for language in LANGUAGES
    for size in SIZES
    if size == "desktop" or language in EVERY_SIZE
]

# Pages whose wide content (chart, map, list table) must fit the screen at both sizes.
NO_OVERFLOW_PAGES = ["/", "/countries/"]


@pytest.fixture(scope="session")
def base_url():
    """Overrides pytest-base-url's fixture (deprecated under pytest 9); tests use live_server."""
    return None


@pytest.fixture(scope="module")
def real_record(django_db_setup, django_db_blocker):
    """The real reference data (the Convention, 198 participants, the signatures, UNCTAD's
    laws) and one published assessment, so that scorecards and bars are drawn too.

    Loaded once for the module and committed (the live server answers in threads of its own),
    since its tests only read pages; emptied after the module, as a transactional test's data
    is (see ``transactional_db`` below)."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)
        treaty = Treaty.objects.get(slug=SLUG)
        obligation = Obligation.objects.filter(treaty=treaty).order_by("position").first()
        make_assessment(
            Participant.objects.get(iso3="VNM"), obligation, "in_progress", as_of=date(2026, 2, 1)
        )
    yield treaty
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def transactional_db(real_record, django_db_blocker):
    """In this module, pytest-django's transactional database (which the live server asks for)
    is the module's committed record, not an empty database flushed after each test: each test
    would otherwise load the record again (seconds each). The tests write nothing."""
    with django_db_blocker.unblock():
        yield


def _context(browser: Browser, language: str, size: str):
    width, height = SIZES[size]
    return browser.new_context(
        viewport={"width": width, "height": height},
        locale=language,
        extra_http_headers={"Accept-Language": language},
        bypass_csp=True,
    )


def _violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]


def test_the_harness_reports_what_axe_finds(browser: Browser):
    """A page with known faults, so that a silent harness (axe not injected, results not
    read) cannot pass for a clean site."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
        '<svg role="img" aria-label="map"><a href="/x"><circle r="5"/></a></svg>'
        '<img src="data:,"></main></body></html>'
    )
    found = " ".join(_violations(page))
    context.close()
    assert "image-alt" in found
    assert "nested-interactive" in found or "svg-img-alt" in found or "link-name" in found


@pytest.mark.parametrize(("language", "size"), RUNS)
def test_axe_finds_no_violation_on_any_public_page(
    browser: Browser, live_server, real_record, language, size
):
    context = _context(browser, language, size)
    page = context.new_page()
    found = {}
    for url in [*(in_language(p, language) for p in PUBLIC_PAGES), *UNPREFIXED_PAGES]:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert page.locator("html").get_attribute("lang") == language, url
        if violations := _violations(page):
            found[url] = violations
    context.close()
    assert not found, "\n".join(f"{url}: {v}" for url, vs in found.items() for v in vs)


@pytest.mark.parametrize("size", list(SIZES))
def test_the_chart_the_map_and_the_countries_list_fit_the_screen(
    browser: Browser, live_server, real_record, size
):
    for language in LANGUAGES:
        context = _context(browser, language, size)
        page = context.new_page()
        for url in NO_OVERFLOW_PAGES:
            page.goto(live_server.url + in_language(url, language))
            overflow = page.evaluate("document.scrollingElement.scrollWidth - innerWidth")
            assert overflow <= 0, (url, language, size)
        if size == "desktop":
            # At 1,366 px the countries table fits without its own scrollbar: no column is
            # cut off (Viet Nam's row draws implementation bars, the widest cells).
            page.goto(live_server.url + in_language("/countries/", language))
            widths = page.evaluate(
                "(() => { const e = document.querySelector('.country-table').closest("
                "'.table-scroll'); return [e.scrollWidth, e.clientWidth]; })()"
            )
            assert widths[0] <= widths[1], (language, widths)
        # The drawings themselves are no wider than the page: nothing hidden in a scroller.
        page.goto(live_server.url + in_language("/", language))
        for selector in ("svg.chart >> visible=true", "svg.world-map >> visible=true"):
            box = page.locator(selector).first.bounding_box()
            assert box is not None, selector
            assert box["x"] + box["width"] <= SIZES[size][0], selector
        context.close()
