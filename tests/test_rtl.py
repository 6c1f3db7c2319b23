"""Right to left: the Arabic pages mirror their layout, and numbers, dates and codes inside
their sentences are isolated so that nothing garbles ("of 40 0").

The checks read the DOM, not words: they hold before the Arabic catalogue exists and after.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from tests.factories import make_assessment
from treaty.graphics import chart, worldmap
from treaty.models import Obligation, Participant, Treaty
from treaty.status import TimelinePoint
from treaty.templatetags.bidi import isolate, isolate_numbers_html

SLUG = "un-cybercrime-convention"
DIGITS = re.compile(r"\d+")
# Text that is a number and nothing else ("66", "1 234", "2 / 9", "42 %"): an element holding
# only that has a single direction of its own, so it needs no isolation.
ONLY_A_NUMBER = re.compile(r"^[\d\s.,/%\u00a0\u202f+−-]*$")
# Elements whose text is not shown, or is read from an attribute.
SKIPPED = {"script", "style", "template", "title", "desc"}
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.parts: list[str | Element] = []

    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text() for p in self.parts)

    def isolates(self) -> bool:
        """Sets a direction of its own: ``<bdi>``, ``dir`` (HTML) or ``direction`` (SVG)."""
        return self.tag == "bdi" or "dir" in self.attrs or "direction" in self.attrs


class Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.parts.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.parts.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.parts.append(data)


def find(element: Element, tag: str) -> Element | None:
    for part in element.parts:
        if isinstance(part, Element):
            if part.tag == tag:
                return part
            if found := find(part, tag):
                return found
    return None


def unisolated_numbers(html: str) -> list[str]:
    """Each run of digits in ``<main>`` that is neither inside an element with a direction of
    its own nor the whole text of its element, with the text around it."""
    tree = Tree()
    tree.feed(html)
    main = find(tree.root, "main")
    assert main is not None
    found: list[str] = []

    def walk(element: Element, isolated: bool) -> None:
        if element.tag in SKIPPED:
            return
        isolated = isolated or element.isolates()
        for part in element.parts:
            if isinstance(part, Element):
                walk(part, isolated)
            elif DIGITS.search(part) and not isolated and not ONLY_A_NUMBER.match(element.text()):
                found.append(f"<{element.tag}> {' '.join(element.text().split())[:120]}")

    walk(main, False)
    return found


@pytest.fixture(scope="module")
def _real_record_for_the_module(module_transaction):
    """Loaded once for the module: the tests only read it."""
    call_command("load_reference_data", verbosity=0)
    treaty = Treaty.objects.get(slug=SLUG)
    obligation = Obligation.objects.filter(treaty=treaty).order_by("position").first()
    make_assessment(
        Participant.objects.get(iso3="VNM"), obligation, "in_progress", as_of=date(2026, 2, 1)
    )
    return treaty


@pytest.fixture
def real_record(_real_record_for_the_module, db):
    """The real reference data and one published assessment (scorecards and bars drawn)."""
    return _real_record_for_the_module


def arabic_page(client, name: str, *args: object) -> str:
    """The page in Arabic, whether the language comes from the URL's prefix (reverse under
    Arabic gives it) or from the browser's preference."""
    with translation.override("ar"):
        url = reverse(name, args=args)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    return html


def test_the_checker_finds_a_number_left_in_an_arabic_sentence():
    """The DOM check itself: a number loose in a sentence is reported; in ``<bdi>``, with
    ``dir``, or alone in its cell, it is not."""
    assert unisolated_numbers("<main><p>0 of 40</p></main>") == ["<p> 0 of 40"]
    assert (
        unisolated_numbers(
            '<main><p><bdi>0</bdi> of <bdi>40</bdi></p><td>66</td><span dir="ltr">2 / 9 a</span>'
            '<svg><text direction="rtl">n: 3</text></svg><title>12 x</title></main>'
        )
        == []
    )


def test_isolate_wraps_a_value_and_isolate_numbers_every_run_of_digits_outside_tags():
    assert isolate(40) == "<bdi>40</bdi>"
    assert isolate("") == ""
    assert isolate("<b>") == "<bdi>&lt;b&gt;</bdi>"
    assert (
        isolate_numbers_html(
            mark_safe('<a href="/x/?as_of=2025-10-25">On 25 October 2025</a>, 1\u00a0234.')
        )
        == '<a href="/x/?as_of=2025-10-25">On <bdi>25</bdi> October <bdi>2025</bdi></a>, '
        "<bdi>1\u00a0234</bdi>."
    )
    assert isolate_numbers_html("<b>") == "&lt;b&gt;"
    # A character reference is not a number: "&#x27;" stays whole.
    assert isolate_numbers_html("header ('Signatories: 72')") == (
        "header (&#x27;Signatories: <bdi>72</bdi>&#x27;)"
    )
    # Inside an SVG, a script or a text area, nothing changes: no <bdi> can go there.
    svg = mark_safe("<p>3</p><svg><text>4</text><title>5</title></svg><script>6</script>7")
    assert isolate_numbers_html(svg) == (
        "<p><bdi>3</bdi></p><svg><text>4</text><title>5</title></svg><script>6</script><bdi>7</bdi>"
    )


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("treaty:home", ()),
        ("treaty:country-detail", ("VNM",)),
        ("treaty:country-list", ()),
        ("treaty:obligation-detail", (SLUG, "art-7")),
        ("treaty:article-detail", (SLUG, 40)),
        ("treaty:depositary-table", (SLUG,)),
        ("treaty:breakdowns", ()),
        ("treaty:law-list", ()),
        ("treaty:embed-country", ("VNM",)),
    ],
)
def test_every_number_in_an_arabic_page_is_isolated(client, real_record, name, args):
    html = arabic_page(client, name, *args)
    assert unisolated_numbers(html) == []
    # Isolating never breaks a character reference ("&#x27;" shown as such).
    tree = Tree()
    tree.feed(html)
    assert not re.search(r"&#?\w+;", tree.root.text())


# --- The chart and the map ------------------------------------------------------------------

CHART_TEXT = chart.ChartText(
    title="t",
    description="d",
    signatures="Signatures: 66",
    instruments="Counting instruments: 1 of 40",
    threshold="40 needed",
)
CHART_POINTS = [
    TimelinePoint(date(2025, 10, 25), 62, 0),
    TimelinePoint(date(2026, 3, 2), 66, 1),
]


def draw(language: str, width: int = chart.WIDE) -> str:
    with translation.override(language):
        return chart.timeline_chart(
            CHART_POINTS,
            start=date(2025, 10, 25),
            end=date(2026, 11, 23),
            threshold=40,
            text=CHART_TEXT,
            width=width,
        )


def first_x(svg: str, css: str) -> float:
    path = re.search(rf'class="{css}" d="M([\d.]+) ', svg)
    assert path is not None
    return float(path.group(1))


@pytest.mark.parametrize("width", [chart.WIDE, chart.NARROW])
def test_in_arabic_the_chart_is_mirrored_time_runs_from_right_to_left(width):
    ltr, rtl = draw("en", width), draw("ar", width)
    assert 'dir="ltr" lang="en"' in ltr
    assert 'dir="rtl" lang="ar"' in rtl
    # The first day sits at the start of the time axis: left in English, right in Arabic.
    assert first_x(ltr, "chart-signatures") == chart.LEFT
    assert first_x(rtl, "chart-signatures") == width - chart.LEFT
    assert first_x(rtl, "chart-instruments") == width - chart.LEFT
    # The scales stand on the other side, at the same distance from the edge.
    assert f'<text x="{chart.LEFT - 5}" ' in ltr
    assert f'<text x="{width - chart.LEFT + 5}" ' in rtl
    assert f'<text x="{chart.LEFT - 5}" ' not in rtl
    # Month ticks run the other way: the first tick is right of the last.
    ticks = [float(x) for x in re.findall(r'<line x1="([\d.]+)" y1="[\d.]+" x2="\1"', rtl)]
    assert len(ticks) >= 2
    assert ticks == sorted(ticks, reverse=True)


def test_numbers_inside_the_arabic_chart_labels_are_isolated_and_english_is_unchanged():
    # Words of the test, in Arabic letters: "signatures: 66", "1 of 40".
    arabic = chart.ChartText("t", "d", "تواقيع: 66", "1 من 40", "40")
    with translation.override("ar"):
        rtl = chart.timeline_chart(
            CHART_POINTS,
            start=date(2025, 10, 25),
            end=date(2026, 11, 23),
            threshold=40,
            text=arabic,
        )
    isolated = '<tspan unicode-bidi="isolate">{}</tspan>'
    assert "تواقيع: " + isolated.format("66") in rtl
    assert isolated.format("1") + " من " + isolated.format("40") in rtl
    ltr = draw("en")
    assert "<tspan" not in ltr
    assert "Signatures: 66" in ltr


def test_a_label_still_in_english_in_the_arabic_chart_keeps_its_own_direction():
    """Before its translation arrives, an English label in the mirrored chart is laid out left
    to right from the same point ("Signatures: 66", not "66 :Signatures")."""
    rtl = draw("ar")
    label = re.search(r'<text class="chart-label chart-instruments-label"([^>]*)>([^<]*)<', rtl)
    assert label is not None
    assert 'direction="ltr" text-anchor="end"' in label.group(1)
    assert label.group(2) == "Counting instruments: 1 of 40"


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("en", "Nov 2025"),
        ("fr", "nov. 2025"),
        ("es", "nov. 2025"),
        ("ru", "Ноя. 2025"),
        ("zh-hans", "2025年11月"),
        ("ar", "نوفمبر 2025"),
    ],
)
def test_month_labels_are_written_in_the_language_of_the_page(language, label):
    svg = draw(language)
    assert f">{label}</text>" in svg


@pytest.mark.parametrize("language", ["en", "fr", "es", "ru", "zh-hans", "ar"])
@pytest.mark.parametrize("width", [chart.WIDE, chart.NARROW])
def test_month_labels_have_room_between_them_in_every_language(language, width):
    svg = draw(language, width)
    with translation.override(language):
        labels = re.findall(r'<text x="([\d.]+)" y="[\d.]+">([^<]*[^\d<][^<]*)</text>', svg)
        xs = sorted(float(x) for x, _ in labels)
        widest = max(chart.text_width(text) for _, text in labels)
    assert len(labels) >= 2
    assert all(b - a >= widest for a, b in zip(xs, xs[1:], strict=False))


def test_the_map_speaks_the_language_of_the_page_and_isolates_names_in_its_tooltips():
    place = worldmap.Place(m49=704, name="Viet Nam", stage="party", stage_label="Party", url="/v")
    with translation.override("ar"):
        svg = worldmap.render([place], title="t", description="d")
        inset = worldmap.render_inset([place], title="t")
        label = place.label
    assert 'lang="ar" dir="rtl"' in svg
    assert 'lang="ar" dir="rtl"' in inset
    assert label == "\u2068Viet Nam\u2069: Party"
    assert f"<title>{label}</title>" in svg
    with translation.override("en"):
        assert place.label == "Viet Nam: Party"
        assert 'lang="en" dir="ltr"' in worldmap.render([place], title="t", description="d")


# --- In the browser ------------------------------------------------------------------------

SHOTS = Path(settings.BASE_DIR) / "screenshots"
SIZES = {"desktop": (1366, 900), "mobile": (390, 844)}

# The DOM check of ``unisolated_numbers``, run on the page as Chromium built it; and the Latin
# names taken from the data (sources, laws, evidence: the external links), each isolated.
DOM_CHECK = r"""() => {
  const main = document.querySelector('main');
  const only = /^[\d\s.,\/%\u00a0\u202f+−-]*$/;
  const isolated = (node) => {
    for (let e = node.parentElement; e && e !== main; e = e.parentElement) {
      if (e.tagName.toLowerCase() === 'bdi' || e.hasAttribute('dir') || e.hasAttribute('direction')) return true;
    }
    return false;
  };
  const skipped = (node) => node.parentElement.closest('script, style, title, desc');
  const numbers = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/\d/.test(node.data) || skipped(node) || isolated(node)) continue;
    if (only.test(node.parentElement.textContent)) continue;
    numbers.push(node.parentElement.textContent.trim().slice(0, 100));
  }
  const latin = [...main.querySelectorAll('a[rel~="external"]')]
    .filter((a) => /[A-Za-z]/.test(a.textContent))
    .filter((a) => !(a.hasAttribute('dir') || a.closest('bdi, [dir]:not(html)') ||
                     [...a.children].some((c) => c.matches('bdi, [dir]') &&
                                                 c.textContent === a.textContent)))
    .map((a) => a.textContent.trim().slice(0, 100));
  return {numbers, latin};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("size", list(SIZES))
def test_arabic_pages_in_the_browser_mirror_isolate_and_fit_the_screen(
    browser, live_server, transactional_db, size
):
    call_command("load_reference_data", verbosity=0)
    treaty = Treaty.objects.get(slug=SLUG)
    obligation = Obligation.objects.filter(treaty=treaty).order_by("position").first()
    make_assessment(
        Participant.objects.get(iso3="VNM"),
        obligation,
        "in_progress",
        as_of=date(2026, 2, 1),
        evidence_title="Law on Cybersecurity",
        evidence_url="https://example.org/law",
    )
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="ar",
        extra_http_headers={"Accept-Language": "ar"},
    )
    page = context.new_page()
    SHOTS.mkdir(exist_ok=True)
    with translation.override("ar"):
        pages = {
            "dashboard": reverse("treaty:home"),
            "country": reverse("treaty:country-detail", args=["VNM"]),
        }
    for name, url in pages.items():
        page.goto(live_server.url + url)
        page.screenshot(path=str(SHOTS / f"rtl-{name}-{size}.png"), full_page=True)
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert not re.search(r"&#?\w+;", page.inner_text("main")), "escaped twice"
        found = page.evaluate(DOM_CHECK)
        assert found == {"numbers": [], "latin": []}, (name, size)
        overflow = page.evaluate("document.scrollingElement.scrollWidth - innerWidth")
        assert overflow <= 0, (name, size)
    # The layout is mirrored: a headline figure's bar stands on its right, the chart's text
    # runs right to left and its time axis starts on the right.
    page.goto(live_server.url + pages["dashboard"])
    assert page.eval_on_selector(".figure", "e => getComputedStyle(e).borderRightWidth") == "5px"
    chart_svg = page.locator("svg.chart >> visible=true").first
    chart_svg.screenshot(path=str(SHOTS / f"rtl-chart-{size}.png"))
    assert chart_svg.evaluate("e => getComputedStyle(e.querySelector('text')).direction") == "rtl"
    # Every label of the mirrored chart stays inside the drawing.
    outside = chart_svg.evaluate(
        "e => [...e.querySelectorAll('text')].filter(t => { const b = t.getBBox();"
        " return b.x < 0 || b.x + b.width > e.viewBox.baseVal.width; })"
        ".map(t => t.textContent)"
    )
    assert outside == []
    box = chart_svg.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= width
    start = chart_svg.evaluate(
        "e => { const p = e.querySelector('.chart-signatures').getPointAtLength(0);"
        " return p.x / e.viewBox.baseVal.width; }"
    )
    assert start > 0.8  # the first day, at the right-hand end of the time axis
    context.close()
