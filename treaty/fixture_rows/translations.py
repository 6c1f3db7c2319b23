"""The translated columns of the fixtures, from ``data/translations/<lang>.csv``
(format: ``treaty/content_translations.py``).

django-modeltranslation (``treaty/translation.py``) gives each translated field one column per
language: ``title_en`` holds the English text (the same as ``title``) and ``title_fr``,
``title_es``… the translation, or null where there is none (pages then show English, marked
``lang="en"``). Every key of a translation file must name a row of the fixtures or a region of a
participant: an unknown one is an error naming the file, the line and the key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from treaty.content_translations import LANGUAGES, Row
from treaty.fixture_rows.sources import FixtureDataError
from treaty.models.translated import language_suffix

# The translated fields of each model in the fixtures (as registered in treaty/translation.py),
# and the kind of translation row that translates them.
TRANSLATED = {
    "treaty.treaty": ("treaty", ("title", "short_title")),
    "treaty.chapter": ("chapter", ("title",)),
    "treaty.article": ("article", ("title",)),
    "treaty.obligation": ("obligation", ("title", "description")),
}
PARTICIPANT_FIELDS = ("name", "formal_name")
REGION_FIELDS = ("region", "subregion", "intermediate_region")


def row_key(row: Mapping[str, Any]) -> str:
    """The key a translation file names a fixture row by."""
    fields = row["fields"]
    if row["model"] == "treaty.treaty":
        return str(fields["slug"])
    if row["model"] == "treaty.obligation":
        return str(fields["code"])
    return str(fields["number"])


def region_names(participants: Iterable[Mapping[str, Any]]) -> set[str]:
    return {
        row["fields"][name]
        for row in participants
        if row["model"] == "treaty.participant"
        for name in REGION_FIELDS
        if row["fields"].get(name)
    }


def check_keys(
    translations: Iterable[Row],
    convention: Iterable[Mapping[str, Any]],
    participants: Iterable[Mapping[str, Any]],
) -> None:
    """Every row of the translation files names something the fixtures hold."""
    known: dict[str, set[str]] = {kind: set() for kind, _ in TRANSLATED.values()}
    for row in convention:
        if row["model"] in TRANSLATED:
            known[TRANSLATED[row["model"]][0]].add(row_key(row))
    known["region"] = region_names(participants)
    for t in translations:
        if t.key not in known[t.kind]:
            raise FixtureDataError(
                f"{t.language}.csv, line {t.line}: unknown {t.kind} key {t.key!r}: "
                f"no {t.kind} of the fixtures has it."
            )


def translate_convention(
    rows: list[dict[str, Any]], translations: Iterable[Row]
) -> list[dict[str, Any]]:
    """The convention's rows with every translated field's columns: ``<field>_en`` (the English
    text) and one per language (the translation, or null)."""
    texts = {(t.kind, t.key, t.field, t.language): t.text for t in translations}
    out = []
    for row in rows:
        if row["model"] not in TRANSLATED:
            out.append(row)
            continue
        kind, fields = TRANSLATED[row["model"]]
        key = row_key(row)
        columns = dict(row["fields"])
        for field in fields:
            columns[f"{field}_en"] = columns[field]
            for language in LANGUAGES:
                columns[f"{field}_{language_suffix(language)}"] = texts.get(
                    (kind, key, field, language)
                )
        out.append({**row, "fields": columns})
    return out
