"""Where a treaty's authentic texts are published, in each language, and an article's
neighbours.

The addresses are data: ``treaty/data/texts/authentic_texts.csv`` (treaty, language, document
symbol, address, source; its README says where they come from), read once per process. For the Convention, the text adopted by the General
Assembly is the annex to resolution 79/243, published in the six languages of its authentic
texts by the UN's Official Document System.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from treaty.models import Article

TEXTS_FILE = Path(__file__).resolve().parent / "data" / "texts" / "authentic_texts.csv"
# Each language's own name, as a reader of that language looks for it.
LANGUAGE_NAMES = {
    "ar": "العربية",
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}


@dataclass(frozen=True, slots=True)
class AuthenticText:
    language: str
    name: str
    symbol: str
    url: str
    source: str


@lru_cache(maxsize=1)
def _all_texts() -> dict[str, tuple[AuthenticText, ...]]:
    by_treaty: dict[str, list[AuthenticText]] = {}
    with TEXTS_FILE.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            by_treaty.setdefault(row["treaty"], []).append(
                AuthenticText(
                    language=row["language"],
                    name=LANGUAGE_NAMES.get(row["language"], row["language"]),
                    symbol=row["symbol"],
                    url=row["url"],
                    source=row["source"],
                )
            )
    return {slug: tuple(texts) for slug, texts in by_treaty.items()}


def authentic_texts(treaty_slug: str) -> tuple[AuthenticText, ...]:
    """The published texts of the treaty, one per language (none known: empty)."""
    return _all_texts().get(treaty_slug, ())


@dataclass(frozen=True, slots=True)
class Neighbours:
    previous: Article | None
    next: Article | None


def neighbours(article: Article) -> Neighbours:
    """The articles before and after ``article`` in its treaty: one query, over the treaty's
    articles (its structure, which does not grow with the record)."""
    numbers = list(
        Article.objects.filter(treaty_id=article.treaty_id)
        .only("pk", "number", "title", "treaty_id")
        .order_by("number")
    )
    before = [a for a in numbers if a.number < article.number]
    after = [a for a in numbers if a.number > article.number]
    return Neighbours(before[-1] if before else None, after[0] if after else None)
