"""Every public page, once: the addresses the accessibility run (tests/test_accessibility.py)
and the every-page-every-language test (tests/test_language_urls.py) visit, with the real
reference data loaded. A new page is one line here.

The pages live under a language prefix (``/en/``, ``/fr/``, …), so the list gives each page's
address after the prefix; ``in_language`` puts one in front. ``UNPREFIXED_PAGES`` are pages
outside the prefixes, in the language of the browser's ``Accept-Language`` (the API root).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

SLUG = "un-cybercrime-convention"

# Every public page but the feeds (Atom documents, tested in tests/test_feeds.py).
PUBLIC_PAGES = [
    "/",
    f"/treaties/{SLUG}/",
    "/?as_of=2025-10-25",
    "/countries/",
    "/countries/?stage=signatory",
    "/countries/VNM/",
    "/countries/NOR/",
    f"/treaties/{SLUG}/obligations/",
    f"/treaties/{SLUG}/obligations/art-7/",
    f"/treaties/{SLUG}/articles/40/",
    f"/treaties/{SLUG}/articles/65/",
    "/laws/",
    f"/treaties/{SLUG}/status-table/",
    f"/treaties/{SLUG}/text/",
    "/breakdowns/",
    "/compare/?p=FRA&p=VNM",
    "/methodology/",
    "/embed/treaty/",
    "/embed/countries/VNM/",
]
UNPREFIXED_PAGES = ["/api/v1/"]

# The six official languages of the United Nations, as the site's prefixes spell them.
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
RIGHT_TO_LEFT = {"ar"}


def in_language(page: str, language: str) -> str:
    """``/countries/`` in French: ``/fr/countries/``."""
    return f"/{language}{page}"


def reverse_in(language: str, name: str, *args: object) -> str:
    """``reverse(name, args)`` in ``language``: the page's address under that language's prefix
    (``reverse_in("fr", "treaty:home")`` is ``/fr/``)."""
    with translation.override(language):
        return reverse(name, args=args)
