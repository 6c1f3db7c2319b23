"""The translated columns of the fixtures, from ``data/translations/<lang>.csv``
(format: ``treaty/content_translations.py``).

django-modeltranslation (``treaty/translation.py``) gives each translated field one column per
language: ``title_en`` holds the English text (the same as ``title``) and ``title_fr``,
``title_es``… the translation, or null where there is none (pages then show English, marked
``lang="en"``). Every key of a translation file must name a row of the fixtures or a region of a
participant: an unknown one is an error naming the file, the line and the key.

A ``participant`` row gives a name the taxonomy lacks in that language (the European Union has
only its English one there): it fills ``name_<lang>`` only where the taxonomy gives none. A
``group`` row gives a group's name (``fixtures/groups.json``, built by
``treaty/group_fixtures.py``).
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
    groups: Iterable[Mapping[str, Any]] = (),
) -> None:
    """Every row of the translation files names something the fixtures hold."""
    participants = list(participants)
    known: dict[str, set[str]] = {kind: set() for kind, _ in TRANSLATED.values()}
    for row in convention:
        if row["model"] in TRANSLATED:
            known[TRANSLATED[row["model"]][0]].add(row_key(row))
    known["region"] = region_names(participants)
    known["participant"] = {
        str(row["fields"]["iso3"]) for row in participants if row["model"] == "treaty.participant"
    }
    known["group"] = {
        str(row["fields"]["code"]) for row in groups if row["model"] == "treaty.group"
    }
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


def translate_participants(
    rows: list[dict[str, Any]], translations: Iterable[Row]
) -> list[dict[str, Any]]:
    """The participants' rows with the files' names filled in where the taxonomy gives none in
    that language (``name_<lang>`` null or empty); a name the taxonomy gives is kept."""
    names = {
        (t.key, t.language): t.text
        for t in translations
        if t.kind == "participant" and t.field == "name"
    }
    out = []
    for row in rows:
        if row["model"] != "treaty.participant":
            out.append(row)
            continue
        columns = dict(row["fields"])
        for language in LANGUAGES:
            column = f"name_{language_suffix(language)}"
            text = names.get((str(columns["iso3"]), language))
            if text and not columns.get(column):
                columns[column] = text
        out.append({**row, "fields": columns})
    return out


def translate_groups(
    rows: list[dict[str, Any]], translations: Iterable[Row]
) -> list[dict[str, Any]]:
    """The groups' rows with ``name_en`` (the English name) and one ``name_<lang>`` per
    language (the translation, or null)."""
    names = {
        (t.key, t.language): t.text for t in translations if t.kind == "group" and t.field == "name"
    }
    out = []
    for row in rows:
        if row["model"] != "treaty.group":
            out.append(row)
            continue
        columns = dict(row["fields"])
        members = columns.pop("members", None)
        columns["name_en"] = columns["name"]
        for language in LANGUAGES:
            columns[f"name_{language_suffix(language)}"] = names.get(
                (str(columns["code"]), language)
            )
        if members is not None:
            columns["members"] = members
        out.append({**row, "fields": columns})
    return out
