"""Offering a language means showing it: the main content of a page in Arabic, Russian or
Chinese is written in that language's script, and a French or Spanish page carries none of the
English interface phrases. Names that stay in their own language (sources, law titles, URLs, ISO
codes) are marked as such in the markup (a ``lang`` attribute, ``<code>``, ``translate="no"``)
and are left out of the count, as a reader would leave them out.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SLUG = "un-cybercrime-convention"
PAGES = [
    "",
    "countries/",
    "countries/VNM/",
    f"treaties/{SLUG}/obligations/art-7/",
    f"treaties/{SLUG}/articles/7/",
]
# The Latin letters allowed in the main content of a page in a non-Latin script.
LATIN_SHARE_LIMIT = 0.25
ENGLISH_PHRASES = [
    "Where it stands",
    "Entry into force",
    "Countries",
    "Not assessed",
    "Latest changes",
]
# Elements whose text is not in the page's language by design.
FOREIGN_TAGS = {"code", "kbd", "samp", "script", "style", "svg", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class MainText(HTMLParser):
    """The text of <main>, without elements marked as in another language (or untranslatable)."""

    def __init__(self, page_language: str):
        super().__init__(convert_charrefs=True)
        self.page_language = page_language
        self.stack: list[bool] = []  # per open element: is its text skipped?
        self.in_main = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        values = dict(attrs)
        lang = (values.get("lang") or "").lower()
        foreign = (
            tag in FOREIGN_TAGS
            or values.get("translate") == "no"
            or bool(lang)
            and not lang.startswith(self.page_language.split("-")[0])
        )
        self.stack.append(foreign or (bool(self.stack) and self.stack[-1]))
        if tag == "main":
            self.in_main += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.stack:
            return
        self.stack.pop()
        if tag == "main":
            self.in_main -= 1

    def handle_data(self, data: str) -> None:
        if self.in_main and not (self.stack and self.stack[-1]):
            self.parts.append(data)

    @classmethod
    def of(cls, html: str, page_language: str) -> str:
        parser = cls(page_language)
        parser.feed(html)
        return " ".join(parser.parts)


def latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    latin = [c for c in letters if c.isascii()]
    return len(latin) / len(letters) if letters else 0.0


@pytest.fixture(scope="module")
def real_data(module_transaction):
    """The real reference data, loaded once for the module (the tests only read it)."""
    call_command("load_reference_data")


@pytest.mark.parametrize("language", ["ar", "ru", "zh-hans"])
@pytest.mark.parametrize("page", PAGES)
def test_pages_in_a_non_latin_script_are_written_in_it(client, real_data, language, page):
    response = client.get(f"/{language}/{page}")
    assert response.status_code == 200
    text = MainText.of(response.content.decode(), language)
    assert text.strip(), "the page has no main content"
    share = latin_share(text)
    assert share < LATIN_SHARE_LIMIT, (
        f"/{language}/{page}: {share:.0%} of the letters in the main content are Latin"
    )


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("page", PAGES)
def test_french_and_spanish_pages_carry_no_english_interface_phrase(
    client, real_data, language, page
):
    response = client.get(f"/{language}/{page}")
    assert response.status_code == 200
    text = MainText.of(response.content.decode().replace("<main", "<main", 1), language)
    html = response.content.decode()
    for phrase in ENGLISH_PHRASES:
        assert phrase not in text, f"/{language}/{page}: {phrase!r} in the main content"
    # Outside <main> too (the header, the navigation, the footer), but not in the other
    # languages' links of the switcher or the alternates.
    body = html.split("<body", 1)[1]
    for phrase in ENGLISH_PHRASES:
        assert f">{phrase}<" not in body, f"/{language}/{page}: {phrase!r} in the page"


def test_the_french_page_of_article_7s_obligation_is_titled_in_french(client, real_data):
    english = client.get(f"/en/treaties/{SLUG}/obligations/art-7/").content.decode()
    french = client.get(f"/fr/treaties/{SLUG}/obligations/art-7/").content.decode()
    title = lambda html: html.split("<h1", 1)[1].split("</h1>", 1)[0]  # noqa: E731
    assert title(french) != title(english)
    assert 'lang="en"' not in title(french)  # a real translation, not a marked fallback


def test_the_text_reader_leaves_out_marked_foreign_names():
    html = (
        '<main><p>نص <span lang="en">UNCTAD Global Cyberlaw Tracker</span> '
        "<code>VNM</code> عربي</p></main><footer>English</footer>"
    )
    text = MainText.of(html, "ar")
    for foreign in ("UNCTAD", "VNM", "English"):
        assert foreign not in text
    assert latin_share(text) == 0.0
    assert latin_share("abc دخ") == 0.6
