"""The content translation files: ``data/translations/<lang>.csv``, one per language.

Each file is UTF-8 with the header ``kind,key,field,text,source``:

- ``treaty`` (key: the treaty's slug; field ``title`` or ``short_title``),
- ``chapter`` (key: the chapter's number; field ``title``),
- ``article`` (key: the article's number; field ``title``),
- ``obligation`` (key: the obligation's code; field ``title`` or ``description``),
- ``region`` (key: the English name as stored in a participant's region, sub-region or
  intermediate region; field ``name``),
- ``participant`` (key: the participant's ISO alpha-3 code; field ``name``): a name the taxonomy
  does not give in that language (the European Union's); the taxonomy's own names win,
- ``group`` (key: the group's code in ``data/groups.csv``, e.g. ``ldc``; field ``name``).

``source`` is the address of the UN document the text comes from, or exactly
``project translation`` for this project's own text (an obligation's title and paraphrase are
always this project's). A file may be absent: that language then falls back to English.

The fixture builder (``treaty/fixture_rows/translations.py``) writes the titles into the fixtures'
translated columns and checks every key against them; the region names and every row's source
are read from here at run time, once per process (``region_name``, ``translation_source``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

# The translated languages (every site language but English, the source language).
LANGUAGES = ("fr", "es", "ar", "ru", "zh-hans")
HEADER = ["kind", "key", "field", "text", "source"]
FIELDS = {
    "treaty": ("title", "short_title"),
    "chapter": ("title",),
    "article": ("title",),
    "obligation": ("title", "description"),
    "region": ("name",),
    "participant": ("name",),
    "group": ("name",),
}
PROJECT_TRANSLATION = "project translation"


class TranslationFileError(ValueError):
    """A translation file says something the loader cannot take; the message names the file,
    the line and the key."""


@dataclass(frozen=True, slots=True)
class Row:
    language: str
    line: int
    kind: str
    key: str
    field: str
    text: str
    source: str

    @property
    def is_project_translation(self) -> bool:
        return self.source == PROJECT_TRANSLATION


def folder() -> Path:
    return Path(settings.BASE_DIR) / "data" / "translations"


def read_file(path: Path, language: str) -> list[Row]:
    """The rows of one language's file, checked for their form (kind, field, text, source);
    whether each key names something is checked by the fixture builder."""
    rows: list[Row] = []
    seen: dict[tuple[str, str, str], int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != HEADER:
            raise TranslationFileError(
                f"{path.name}, line 1: the header must be {','.join(HEADER)}, not {header}."
            )
        for line, values in enumerate(reader, start=2):
            if not values:
                continue
            if len(values) != len(HEADER):
                raise TranslationFileError(
                    f"{path.name}, line {line}: {len(values)} columns, expected {len(HEADER)}."
                )
            kind, key, field, text, source = (value.strip() for value in values)
            if kind not in FIELDS:
                raise TranslationFileError(
                    f"{path.name}, line {line}: unknown kind {kind!r} (key {key!r}); "
                    f"expected one of {', '.join(FIELDS)}."
                )
            if field not in FIELDS[kind]:
                raise TranslationFileError(
                    f"{path.name}, line {line}: unknown field {field!r} for {kind} {key!r}; "
                    f"expected {' or '.join(FIELDS[kind])}."
                )
            if not text:
                raise TranslationFileError(
                    f"{path.name}, line {line}: {kind} {key!r} {field} has no text."
                )
            if source != PROJECT_TRANSLATION and not source.startswith("https://"):
                raise TranslationFileError(
                    f"{path.name}, line {line}: the source of {kind} {key!r} must be a URL of "
                    f"the UN document or exactly {PROJECT_TRANSLATION!r}, not {source!r}."
                )
            if kind == "obligation" and source != PROJECT_TRANSLATION:
                raise TranslationFileError(
                    f"{path.name}, line {line}: obligation {key!r} is this project's own text: "
                    f"its source is {PROJECT_TRANSLATION!r}."
                )
            previous = seen.setdefault((kind, key, field), line)
            if previous != line:
                raise TranslationFileError(
                    f"{path.name}, line {line}: {kind} {key!r} {field} is already on line "
                    f"{previous}."
                )
            rows.append(Row(language, line, kind, key, field, text, source))
    return rows


def read_all(where: Path | None = None) -> list[Row]:
    """Every language's rows; a missing file is a language not translated yet."""
    where = where or folder()
    if where.is_dir():
        unknown = sorted(p.name for p in where.glob("*.csv") if p.stem not in LANGUAGES)
        if unknown:
            raise TranslationFileError(
                f"{', '.join(unknown)}: not a translation file; name each <lang>.csv with one of "
                f"{', '.join(LANGUAGES)} (English is the source text, not a translation)."
            )
    rows: list[Row] = []
    for language in LANGUAGES:
        path = where / f"{language}.csv"
        if path.is_file():
            rows.extend(read_file(path, language))
    return rows


@dataclass(frozen=True)
class Lookup:
    """The files' rows by (language, kind, key, field)."""

    rows: dict[tuple[str, str, str, str], Row]

    @classmethod
    def of(cls, rows: Iterable[Row]) -> Lookup:
        return cls({(r.language, r.kind, r.key, r.field): r for r in rows})

    def get(self, language: str, kind: str, key: str, field: str) -> Row | None:
        return self.rows.get((language, kind, key, field))


@lru_cache(maxsize=1)
def lookup() -> Lookup:
    """The committed files, read once per process."""
    return Lookup.of(read_all())


@dataclass(frozen=True, slots=True)
class SourceCount:
    """How many of a language's translated titles and names come from UN documents, and how
    many are this project's own translation."""

    language: str
    from_un: int
    project: int


def source_counts() -> list[SourceCount]:
    """One count per translated language, in the site's order (no query: the files)."""
    counts = {language: [0, 0] for language in LANGUAGES}
    for row in lookup().rows.values():
        counts[row.language][1 if row.is_project_translation else 0] += 1
    return [SourceCount(language, *counts[language]) for language in LANGUAGES]


def _language(language: str | None) -> str:
    return (language or get_language() or "en").lower()


def region_name(name: str, language: str | None = None) -> str:
    """A region, sub-region or intermediate region (its English M49 name as stored) in
    ``language`` (default: the active one), or as stored when no translation is recorded."""
    if not name:
        return name
    row = lookup().get(_language(language), "region", name, "name")
    return row.text if row else name


def translation_source(
    kind: str, key: str | int, field: str, language: str | None = None
) -> str | None:
    """Where the ``language`` text of ``kind`` ``key``'s ``field`` comes from: a URL, or
    ``project translation``; None when there is no translation (English, or not translated)."""
    row = lookup().get(_language(language), kind, str(key), field)
    return row.source if row else None


def is_project_translation(
    kind: str, key: str | int, field: str, language: str | None = None
) -> bool:
    """Whether the text shown in ``language`` is this project's own translation."""
    return translation_source(kind, key, field, language) == PROJECT_TRANSLATION
