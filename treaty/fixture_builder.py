"""Builds the reference fixtures (``fixtures/*.json``) from the repository's data and the OCHA taxonomy.

The fixtures are generated, never typed: the convention's structure, the signatures and the
depositary's counts come from the repository's ``data/`` folder (``convention.json``,
``signatures.csv``, ``signatures-undated.csv``, ``depositary-counts.csv``; see its README for the
source of every file), the States from the OCHA
"Countries & Territories Taxonomy" shipped inside ``hdx-python-country`` (a dev dependency), and
the European Union's member States from the EU's own list (``EU_MEMBERS_SOURCE``).

Everything here is pure: it reads files and returns rows in Django's fixture format, with natural
keys instead of primary keys so that ``loaddata`` run twice overwrites the same rows. The output
is deterministic (sorted rows and keys, fixed timestamps), so a test can rebuild the fixtures and
compare them byte for byte with the committed ones.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from django.db import models

from treaty.group_fixtures import GROUPS_FILE, group_rows
from treaty.models import (
    ActionKind,
    Article,
    Chapter,
    DepositaryCount,
    DomesticStep,
    DomesticStepKind,
    Group,
    Obligation,
    ObligationCategory,
    ObligationStrength,
    Participant,
    ParticipantName,
    ReviewState,
    SourceKind,
    Treaty,
    TreatyAction,
    normalize_name,
)

TREATY_SLUG = "un-cybercrime-convention"

# When the data were compiled and checked. The signatures are published (verified) rows,
# and their timestamps must not change from one build to the next, or the fixtures would never be
# byte-identical; override with `build_fixtures --compiled-at` when the data are re-checked.
DATA_COMPILED_AT = "2026-11-23T00:00:00Z"

# What the fixtures are built from, in data/.
SOURCE_FILES = (
    "convention.json",
    "signatures.csv",
    "signatures-undated.csv",
    "depositary-counts.csv",
)
# Every data file the repository keeps from its upstream (`build_fixtures --from`): the fixtures'
# sources and the files other loaders read (counts, domestic steps, UNCTAD's indicator and laws).
UPSTREAM_FILES = (
    "convention.json",
    "signatures.csv",
    "signatures-undated.csv",
    "depositary-counts.csv",
    "domestic-steps.csv",
    "unctad-cybercrime-legislation.csv",
    "unctad-cybercrime-laws.csv",
    "groups.csv",
)
FIXTURE_FILES = (
    "convention.json",
    "participants.json",
    "signatures.json",
    "depositary.json",
    "domestic_steps.json",
    "groups.json",
)

# The kind of each row's source, from the start of its text (the first rule that matches wins;
# any other source is the press). Read off the rows of data/: the UN Treaty Collection's own
# pages are the depositary record, the Netherlands Treaty Database a national treaty database,
# and the UK Foreign Office's and Global Affairs Canada's releases government statements; the
# rest are press reports (including UNODC's list as the press reported it). See data/README.md.
SOURCE_KIND_RULES: tuple[tuple[str, SourceKind], ...] = (
    ("UNTC", SourceKind.DEPOSITARY),
    ("UN Treaty Collection", SourceKind.DEPOSITARY),
    ("C.N.", SourceKind.DEPOSITARY),
    ("Netherlands Treaty Database", SourceKind.NATIONAL_TREATY_DATABASE),
    ("UK Foreign Office", SourceKind.GOVERNMENT),
    ("Global Affairs Canada", SourceKind.GOVERNMENT),
)

# The 27 member States of the European Union, by ISO alpha-3 code, as listed in the EU
# Publications Office's "eu-country" code list (version 20230915-0); Eurostat's glossary entry
# "European Union (EU)" gives the same 27 and records the United Kingdom's departure on
# 31 January 2020:
# https://ec.europa.eu/eurostat/statistics-explained/index.php?title=Glossary:European_Union_(EU)
EU_MEMBERS_SOURCE = "https://docs.ted.europa.eu/eforms/latest/reference/code-lists/eu-country.html"
EU_MEMBERS = (
    "AUT", "BEL", "BGR", "CYP", "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA", "GRC", "HRV",
    "HUN", "IRL", "ITA", "LTU", "LUX", "LVA", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN",
    "SWE",
)  # fmt: skip

# The EU as the depositary data name it (signatures.csv uses EUU; ISO 3166 reserves EU).
EU_ISO3 = "EUU"
EU_ISO2 = "EU"
EU_NAME = "European Union"

# What the UN terminology list must give: 193 Member States plus the Holy See, the State of
# Palestine, the Cook Islands and Niue. A different count means the taxonomy changed under us.
EXPECTED_UN_MEMBERS = 193
EXPECTED_STATES = 197

# convention.json's strength words, as the model's strengths ("mixed" articles are split below).
STRENGTHS = {
    "shall": ObligationStrength.MANDATORY,
    "may": ObligationStrength.OPTIONAL,
    "soft": ObligationStrength.ENDEAVOUR,
}

# Columns of the OCHA taxonomy whose names, when they differ from the English short name, become
# other names of the State (in this order: the first spelling seen is the one kept).
OTHER_NAME_COLUMNS = (
    "English Short",
    "Preferred Term",
    "ISO Alt Term",
    "DGACM Alt Term",
    "HPC Tools Alt Term",
    "RW Short Name",
    "RW API Alt Term",
    "English Formal",
    "M49 English",
)
DEPOSITARY_NAME_NOTE = "name in the depositary record"
LANGUAGES = {"fr": "French", "es": "Spanish", "ru": "Russian", "zh": "Chinese", "ar": "Arabic"}

_URL_IN_PARENTHESES = re.compile(r"\((https?://[^\s()]+)\)")


class FixtureDataError(ValueError):
    """The data or the taxonomy do not say what the fixtures need; the message says
    what to fix."""


@dataclass(frozen=True)
class Part:
    """One obligation cut out of an article: this project's classification, not treaty text."""

    suffix: str
    title: str
    description: str
    category: str
    strength: str


# Articles that hold distinct deliverables, or both "shall" and "may", become several obligations
# so that each can be assessed on its own. Descriptions only re-cut convention.json's paraphrase.
SPLITS: dict[int, tuple[Part, ...]] = {
    # Art. 19 is mixed: participation must be criminalized, attempt and preparation may be.
    19: (
        Part(
            "participation",
            "Participation in offences",
            "Criminalize participation.",
            ObligationCategory.DOMESTIC_LAW,
            ObligationStrength.MANDATORY,
        ),
        Part(
            "attempt",
            "Attempt and preparation",
            "May criminalize attempt and preparation.",
            ObligationCategory.DOMESTIC_LAW,
            ObligationStrength.OPTIONAL,
        ),
    ),
    # Art. 22 is mixed: territorial, ship and aircraft jurisdiction is required; nationality and
    # passive personality are options.
    22: (
        Part(
            "territorial",
            "Jurisdiction over its territory, ships and aircraft",
            "Establish jurisdiction over offences on its territory, ships and aircraft.",
            ObligationCategory.DOMESTIC_LAW,
            ObligationStrength.MANDATORY,
        ),
        Part(
            "nationality",
            "Jurisdiction by nationality and passive personality",
            "May establish jurisdiction on the grounds of nationality and passive personality.",
            ObligationCategory.DOMESTIC_LAW,
            ObligationStrength.OPTIONAL,
        ),
    ),
    # Art. 40 asks for two deliverables: mutual legal assistance, and a central authority
    # designated and notified to the Secretary-General (a one-off act, tracked on its own).
    40: (
        Part(
            "mutual-legal-assistance",
            "Mutual legal assistance",
            "Afford the widest measure of mutual legal assistance.",
            ObligationCategory.INTERNATIONAL_COOPERATION,
            ObligationStrength.MANDATORY,
        ),
        Part(
            "central-authority",
            "Central authority for mutual legal assistance",
            "Designate a central authority and notify the Secretary-General.",
            ObligationCategory.INTERNATIONAL_COOPERATION,
            ObligationStrength.MANDATORY,
        ),
    ),
    # Art. 41 (the 24/7 point of contact) is already an obligation of its own: no split needed.
    # Art. 53 mixes awareness work with cooperation with the private sector and civil society,
    # which belong to two categories of the catalogue.
    53: (
        Part(
            "awareness",
            "Prevention: public awareness, education and victim support",
            "Endeavour to develop prevention policies: public awareness, education, victim "
            "support.",
            ObligationCategory.AWARENESS,
            ObligationStrength.ENDEAVOUR,
        ),
        Part(
            "private-sector",
            "Prevention: cooperation with the private sector and civil society",
            "Endeavour to develop prevention policies that include cooperation with the "
            "private sector and civil society.",
            ObligationCategory.PUBLIC_PRIVATE,
            ObligationStrength.ENDEAVOUR,
        ),
    ),
}


@dataclass(frozen=True)
class SourceData:
    """The data folder's files the fixtures are built from, as read."""

    convention: dict[str, Any]
    signatures: list[dict[str, str]]
    undated: list[dict[str, str]]
    counts: list[dict[str, str]]


@dataclass
class Fixtures:
    """The fixture files as rows, and what they hold."""

    files: dict[str, list[dict[str, Any]]]
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self, out: str) -> str:
        c = self.counts
        return (
            f"Wrote {c['treaties']} treaty, {c['chapters']} chapters, {c['articles']} articles, "
            f"{c['obligations']} obligations, {c['participants']} participants, "
            f"{c['other_names']} other names, {c['signatures']} signatures "
            f"({c['ranges']} known to a range of days), {c['counts']} depositary counts to "
            f"{out} (EU members: {EU_MEMBERS_SOURCE})"
        )


# --- Reading the inputs


def taxonomy_path() -> Path:
    """The OCHA taxonomy CSV shipped inside the installed ``hdx-python-country`` package.

    Located through the package, never by a machine path, and read as a file: hdx's ``Country``
    class would fetch live data from the internet.
    """
    spec = importlib.util.find_spec("hdx.location")
    if spec is None or not spec.submodule_search_locations:
        raise FixtureDataError(
            "hdx-python-country is not installed: it ships the OCHA taxonomy the participants "
            "are built from. Install the dev dependencies: pip install -e '.[dev]'."
        )
    folder = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(folder.glob("*Taxonomy*.csv"))
    if len(found) != 1:
        raise FixtureDataError(
            f"Expected one '*Taxonomy*.csv' in the hdx.location package ({folder.name}/), "
            f"found {len(found)}: check the installed hdx-python-country version."
        )
    return found[0]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_data(folder: Path) -> SourceData:
    """``convention.json`` and the rows of the CSV files the fixtures are built from."""
    if not folder.is_dir():
        raise FixtureDataError(
            f"Data folder {folder} not found: pass --data with the folder that holds "
            f"{', '.join(SOURCE_FILES)}."
        )
    missing = [name for name in SOURCE_FILES if not (folder / name).is_file()]
    if missing:
        raise FixtureDataError(
            f"{', '.join(missing)} missing from {folder}: the fixtures are built from "
            f"{', '.join(SOURCE_FILES)}; restore them (git checkout data/) or pass --data."
        )
    with (folder / "convention.json").open(encoding="utf-8") as handle:
        convention = json.load(handle)
    return SourceData(
        convention=convention,
        signatures=read_csv(folder / "signatures.csv"),
        undated=read_csv(folder / "signatures-undated.csv"),
        counts=read_csv(folder / "depositary-counts.csv"),
    )


def refresh_from_upstream(upstream: Path, folder: Path) -> list[str]:
    """Copies the upstream's data files into ``folder`` (the repository's data/) and returns the
    names of those whose content changed. Every file must be there: a partial upstream would
    leave data/ half old, half new."""
    missing = [name for name in UPSTREAM_FILES if not (upstream / name).is_file()]
    if missing:
        raise FixtureDataError(
            f"{', '.join(missing)} missing from the upstream {upstream}: nothing was copied."
        )
    changed = []
    for name in UPSTREAM_FILES:
        new = (upstream / name).read_bytes()
        target = folder / name
        if not target.is_file() or target.read_bytes() != new:
            target.write_bytes(new)
            changed.append(name)
    return changed


# --- The convention


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _plain_date(on: date) -> str:
    # Month names written out, not strftime's %B, which follows the machine's locale.
    return f"{on.day} {_MONTHS[on.month - 1]} {on.year}"


def _plain_span(first: date, last: date) -> str:
    """Days in plain words: 'on 25 October 2025', 'on 25 and 26 October 2025', 'from 25 to
    31 October 2025'."""
    if first == last:
        return f"on {_plain_date(first)}"
    if (first.year, first.month) != (last.year, last.month):
        return f"from {_plain_date(first)} to {_plain_date(last)}"
    joint = "and" if (last - first).days == 1 else "to"
    lead = "on" if joint == "and" else "from"
    return f"{lead} {first.day} {joint} {_plain_date(last)}"


def signature_places(signature: Mapping[str, str]) -> str:
    """Where and when the treaty is open for signature, in plain words, from convention.json's
    ``signature`` block: the first place up to a day, then another place to the closing day."""
    opens = date.fromisoformat(signature["opens"])
    until = date.fromisoformat(signature["first_place_until"])
    closes = date.fromisoformat(signature["closes"])
    return (
        f"At {signature['first_place']} {_plain_span(opens, until)}; thereafter at "
        f"{signature['then_place']}, until {_plain_date(closes)}."
    )


def treaty_row(convention: Mapping[str, Any]) -> dict[str, Any]:
    t = convention["treaty"]
    signature = t["signature"]
    force = t["entry_into_force"]
    return {
        "model": "treaty.treaty",
        "fields": {
            "slug": TREATY_SLUG,
            "title": t["title"],
            "short_title": t["short_title"],
            "also_known_as": t["also_known_as"],
            "depositary_reference": t["untc_reference"],
            "parent": None,
            "adopted_on": t["adopted_on"],
            "adopted_at": t["adopted_at"],
            "adopted_by": t["adopted_by"],
            "opening_notification": t["opening_notification"],
            "depositary": t["depositary"],
            "signature_opens_on": signature["opens"],
            "signature_closes_on": signature["closes"],
            "signature_places": signature_places(signature),
            "instruments_required": force["threshold_instruments"],
            "days_after_threshold": force["days_after_threshold"],
            "days_after_later_instrument": force["later_instrument_days"],
            "reio_instrument_counts": force["reio_instrument_counts"],
            "sources": list(t["sources"]),
        },
    }


def chapter_rows(convention: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "model": "treaty.chapter",
            "fields": {
                "treaty": [TREATY_SLUG],
                "number": chapter["number"],
                "numeral": chapter["numeral"],
                "title": chapter["title"],
            },
        }
        for chapter in sorted(convention["chapters"], key=lambda c: c["number"])
    ]


def article_rows(convention: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per article, each in the chapter whose article range holds it."""
    chapters = convention["chapters"]
    articles = sorted(convention["articles"], key=lambda a: a["number"])
    numbers = [a["number"] for a in articles]
    if numbers != list(range(1, len(numbers) + 1)):
        raise FixtureDataError(
            "convention.json: articles must be numbered 1, 2, 3… without gaps or repeats."
        )
    rows = []
    for article in articles:
        holding = [
            c["number"]
            for c in chapters
            if c["first_article"] <= article["number"] <= c["last_article"]
        ]
        if holding != [article["chapter"]]:
            raise FixtureDataError(
                f"convention.json: article {article['number']} says chapter {article['chapter']} "
                f"but the chapter ranges put it in {holding or 'none'}; fix one of them."
            )
        rows.append(
            {
                "model": "treaty.article",
                "fields": {
                    "treaty": [TREATY_SLUG],
                    "chapter": [TREATY_SLUG, article["chapter"]],
                    "number": article["number"],
                    "title": article["title"],
                    "text": "",
                },
            }
        )
    return rows


def obligation_rows(convention: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The obligation catalogue: one obligation per article that carries one, in article order.

    An article with no strength carries none, and only articles of an obligation category carry
    one ("general" is not one). An article listed in ``SPLITS`` becomes one obligation per part;
    a "mixed" article must be listed there, since an obligation has one strength.
    """
    catalogue: list[tuple[int, str, Part]] = []
    for article in sorted(convention["articles"], key=lambda a: a["number"]):
        number, strength = article["number"], article["strength"]
        if strength is None:
            if number in SPLITS:
                raise FixtureDataError(
                    f"Article {number} is in SPLITS but carries no obligation in "
                    "convention.json: remove it from SPLITS."
                )
            continue
        if article["category"] not in ObligationCategory.values:
            raise FixtureDataError(
                f"convention.json: article {number} carries an obligation but its category "
                f"{article['category']!r} is not one of {', '.join(ObligationCategory.values)}."
            )
        if strength == "mixed" and number not in SPLITS:
            raise FixtureDataError(
                f"convention.json: article {number} is 'mixed': add it to SPLITS in "
                "treaty/fixture_builder.py with one part per strength."
            )
        if strength != "mixed" and strength not in STRENGTHS:
            raise FixtureDataError(
                f"convention.json: article {number} has an unknown strength {strength!r} "
                f"(expected one of {', '.join(STRENGTHS)}, 'mixed' or null)."
            )
        if number not in SPLITS:
            whole = Part(
                "",
                article["title"],
                article["obligation"],
                article["category"],
                STRENGTHS[strength],
            )
            catalogue.append((number, f"art-{number}", whole))
            continue
        for part in SPLITS[number]:
            # A split re-cuts the article; it does not change what convention.json says of it.
            if strength != "mixed" and part.strength != STRENGTHS[strength]:
                raise FixtureDataError(
                    f"SPLITS gives article {number} a {part.strength} part, but convention.json "
                    f"says {strength!r}: keep the split in line with the data."
                )
            catalogue.append((number, f"art-{number}-{part.suffix}", part))
    return [
        {
            "model": "treaty.obligation",
            "fields": {
                "treaty": [TREATY_SLUG],
                "code": code,
                "title": part.title,
                "description": part.description,
                "category": str(part.category),
                "strength": str(part.strength),
                "articles": [[TREATY_SLUG, number]],
                "position": position,
            },
        }
        for position, (number, code, part) in enumerate(catalogue, start=1)
    ]


# --- Participants


def _int_or_none(value: str) -> int | None:
    return int(value) if value.strip() else None


def _note_for(columns: list[str], from_record: bool) -> str:
    notes = []
    if columns:
        notes.append(f"OCHA taxonomy: {', '.join(columns)}")
    if from_record:
        notes.append(DEPOSITARY_NAME_NOTE)
    return "; ".join(notes)


def _short_names_disagree_with_m49(row: Mapping[str, str]) -> bool:
    """Whether the taxonomy's short names for this State are off: its English short name
    differs in substance from the UN Statistics Division's M49 name (the taxonomy gives Nauru as
    "Naoero" in every language); a mere typographic difference (’ for ') does not count."""
    m49 = row["M49 English"]
    return bool(m49) and normalize_name(m49) != normalize_name(row["English Short"])


def un_name(row: Mapping[str, str], language: str = "English") -> str:
    """The State's short name in ``language`` as the UN uses it: the "<language> Short" column,
    or the M49 name where the short names are off (see above) or missing."""
    short, m49 = row[f"{language} Short"], row[f"M49 {language}"]
    if _short_names_disagree_with_m49(row) and m49:
        return m49
    return short or m49


def _state_row(row: Mapping[str, str]) -> dict[str, Any]:
    """A State as the taxonomy describes it; names in the other UN languages fall back from the
    "<Language> Short" column to the M49 one."""
    return {
        "model": "treaty.participant",
        "fields": {
            "iso3": row["ISO 3166-1 Alpha 3-Codes"],
            "iso2": row["ISO 3166-1 Alpha 2-Codes"],
            "m49": _int_or_none(row["m49 numerical code"]),
            "kind": Participant.Kind.STATE.value,
            "name": un_name(row),
            "formal_name": row["English Formal"],
            **{f"name_{code}": un_name(row, lang) for code, lang in LANGUAGES.items()},
            "region": row["Region Name"],
            "region_code": _int_or_none(row["Region Code"]),
            "subregion": row["Sub-region Name"],
            "subregion_code": _int_or_none(row["Sub-region Code"]),
            "intermediate_region": row["Intermediate Region Name"],
            "is_un_member": row["Appears in DGACM list"] == "Y",
            "name_pattern": row["Regex"],
            "members": [],
        },
    }


def _eu_row() -> dict[str, Any]:
    """The European Union: a REIO with no M49 code or region, and its names in other languages
    left blank until a source gives them."""
    return {
        "model": "treaty.participant",
        "fields": {
            "iso3": EU_ISO3,
            "iso2": EU_ISO2,
            "m49": None,
            "kind": Participant.Kind.REIO.value,
            "name": EU_NAME,
            "formal_name": "",
            **{f"name_{code}": "" for code in LANGUAGES},
            "region": "",
            "region_code": None,
            "subregion": "",
            "subregion_code": None,
            "intermediate_region": "",
            "is_un_member": False,
            "name_pattern": "",
            "members": [[iso3] for iso3 in sorted(EU_MEMBERS)],
        },
    }


def _other_name_rows(
    states: Mapping[str, Mapping[str, str]],
    names: Mapping[str, str],
    signatures: Iterable[Mapping[str, str]],
) -> list[dict[str, Any]]:
    """Other names from the taxonomy's alternative columns and from the depositary record, one
    per participant and comparison form (``normalize_name``); the first spelling seen is kept
    and its note lists every place it was found."""
    found: dict[tuple[str, str], tuple[str, list[str], bool]] = {}

    def add(iso3: str, name: str, column: str | None) -> None:
        name = name.strip()
        key = normalize_name(name)
        if not name or key == normalize_name(names[iso3]):
            return
        spelling, columns, from_record = found.get((iso3, key), (name, [], False))
        if column is None:
            from_record = True
        elif column not in columns:
            columns.append(column)
        found[(iso3, key)] = (spelling, columns, from_record)

    for iso3 in sorted(states):
        for column in OTHER_NAME_COLUMNS:
            add(iso3, states[iso3][column], column)
    for row in signatures:
        if row["iso3"] not in names:
            raise FixtureDataError(
                f"signatures.csv names {row['participant']!r} with code {row['iso3']!r}, which "
                f"is neither a State of the UN terminology list nor the EU ({EU_ISO3})."
            )
        add(row["iso3"], row["participant"], None)

    rows = [
        {
            "model": "treaty.participantname",
            "fields": {
                "participant": [iso3],
                "name": spelling,
                # loaddata saves raw, without ParticipantName.save(): the key is filled here.
                "normalized": normalize_name(spelling),
                "note": _note_for(columns, from_record),
            },
        }
        for (iso3, _key), (spelling, columns, from_record) in found.items()
    ]
    return sorted(rows, key=lambda r: (r["fields"]["participant"], r["fields"]["name"]))


def participant_rows(
    taxonomy: Iterable[Mapping[str, str]], signatures: Iterable[Mapping[str, str]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every State of the UN terminology list and the European Union, and their other names.

    A State is in the list when the taxonomy's "Appears in UNTERM list" is "Y", and a Member
    State of the United Nations when "Appears in DGACM list" is "Y". Other names are the
    taxonomy's alternative spellings and the names the depositary record (signatures.csv) uses,
    kept when their comparison form (``normalize_name``) differs from the name's: a spelling that
    differs only in quotes or accents finds the State already.
    """
    listed = [row for row in taxonomy if row["Appears in UNTERM list"] == "Y"]
    un_members = [row for row in listed if row["Appears in DGACM list"] == "Y"]
    if len(listed) != EXPECTED_STATES or len(un_members) != EXPECTED_UN_MEMBERS:
        raise FixtureDataError(
            f"The OCHA taxonomy lists {len(listed)} States in the UN terminology list and "
            f"{len(un_members)} UN Member States; expected {EXPECTED_STATES} and "
            f"{EXPECTED_UN_MEMBERS}. Check the installed hdx-python-country version and its "
            "'Appears in UNTERM list' / 'Appears in DGACM list' columns."
        )
    states = {row["ISO 3166-1 Alpha 3-Codes"]: row for row in listed}
    if len(states) != len(listed):
        raise FixtureDataError("The OCHA taxonomy repeats an ISO alpha-3 code among States.")
    not_states = sorted(set(EU_MEMBERS) - set(states))
    if len(set(EU_MEMBERS)) != 27 or not_states:
        raise FixtureDataError(
            f"EU_MEMBERS must list the 27 member States once each by ISO alpha-3 code; not "
            f"States of the taxonomy: {', '.join(not_states) or '-'} (see {EU_MEMBERS_SOURCE})."
        )

    # The EU comes after the States it lists as members, so loaddata meets them first.
    participants = [*(_state_row(states[iso3]) for iso3 in sorted(states)), _eu_row()]
    names = {row["fields"]["iso3"]: row["fields"]["name"] for row in participants}
    return participants, _other_name_rows(states, names, signatures)


# --- Signatures


def parse_compiled_at(value: str) -> str:
    """An aware ISO 8601 timestamp, written as Django's serializer writes one (UTC, ``Z``)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise FixtureDataError(
            f"--compiled-at {value!r} is not an ISO 8601 timestamp, e.g. {DATA_COMPILED_AT}."
        ) from exc
    if moment.tzinfo is None:
        raise FixtureDataError(
            f"--compiled-at {value!r} has no time zone: add one, e.g. {DATA_COMPILED_AT}."
        )
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def source_kind(source: str) -> SourceKind:
    """The kind of a source, by ``SOURCE_KIND_RULES``: the press unless a rule says otherwise."""
    text = source.strip()
    return next(
        (kind for start, kind in SOURCE_KIND_RULES if text.startswith(start)), SourceKind.PRESS
    )


def source_url(source: str, status_page: str) -> str:
    """Where to read a row's source: the UNTC status page for rows read there, the address the
    source text gives in parentheses, or nothing."""
    if source.strip().startswith(("UNTC", "UN Treaty Collection")):
        return status_page
    match = _URL_IN_PARENTHESES.search(source)
    return match.group(1) if match else ""


def _day(value: str, where: str, column: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise FixtureDataError(
            f"{where}: {column} {value!r} is not a day written YYYY-MM-DD."
        ) from exc


def signature_rows(
    convention: Mapping[str, Any],
    signatures: Iterable[Mapping[str, str]],
    compiled_at: str,
    undated: Iterable[Mapping[str, str]] = (),
    participants: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """One published treaty action per row of signatures.csv (an exact day) and of
    signatures-undated.csv (a range of days: ``date`` is the latest possible day, the one the
    action counts from, and ``date_earliest`` the earliest; no day is made up).

    The rows are facts read in their sources and checked when the data were compiled, so they
    are verified, at ``compiled_at``, in their first version. ``participants`` (ISO alpha-3
    codes), when given, are the only participants a row may name.
    """
    window = convention["treaty"]["signature"]
    opens, closes = date.fromisoformat(window["opens"]), date.fromisoformat(window["closes"])
    status_page = convention["treaty"]["sources"][0]
    known = set(participants) if participants is not None else None
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    signed: dict[str, str] = {}
    dated = [("signatures.csv", line, row, None) for line, row in enumerate(signatures, start=2)]
    ranged = [
        ("signatures-undated.csv", line, row, row["earliest"])
        for line, row in enumerate(undated, start=2)
    ]
    for name, line, row, earliest_text in [*dated, *ranged]:
        where = f"{name} line {line}"
        kind = row["action"]
        if kind not in ActionKind.values:
            raise FixtureDataError(
                f"{where}: unknown action {kind!r} "
                f"(expected one of {', '.join(ActionKind.values)})."
            )
        if known is not None and row["iso3"] not in known:
            raise FixtureDataError(
                f"{where}: {row['participant']!r} has code {row['iso3']!r}, which is neither a "
                f"State of the UN terminology list nor the EU ({EU_ISO3})."
            )
        if earliest_text is None:
            on, earliest = _day(row["date"], where, "date"), None
        else:
            on = _day(row["latest"], where, "latest")
            earliest = _day(earliest_text, where, "earliest")
            if earliest >= on:
                raise FixtureDataError(
                    f"{where}: earliest {earliest} must come before latest {on}; a signature "
                    "known to the day belongs in signatures.csv."
                )
        if kind == ActionKind.SIGNATURE:
            for day in (earliest, on):
                if day is not None and not opens <= day <= closes:
                    raise FixtureDataError(
                        f"{where}: {row['participant']} signed on {day}, outside the "
                        f"signature window {opens} to {closes}."
                    )
            if row["iso3"] in signed:
                raise FixtureDataError(
                    f"{where}: {row['participant']} already signed ({signed[row['iso3']]}): "
                    "one signature per participant."
                )
            signed[row["iso3"]] = where
        if not row["source"].strip():
            raise FixtureDataError(f"{where}: every row needs its source.")
        key = (row["iso3"], kind, on.isoformat())
        if key in rows:
            raise FixtureDataError(f"{where}: {key} appears twice.")
        rows[key] = {
            "model": "treaty.treatyaction",
            "fields": {
                "treaty": [TREATY_SLUG],
                "participant": [row["iso3"]],
                "kind": kind,
                "date": on.isoformat(),
                "date_earliest": earliest.isoformat() if earliest else None,
                "effective_on": None,
                "depositary_notification": "",
                "source": row["source"],
                "source_kind": source_kind(row["source"]).value,
                "source_url": source_url(row["source"], status_page),
                "text": "",
                "relates_to": None,
                "review_state": ReviewState.VERIFIED.value,
                "verified_by": None,
                "verified_at": compiled_at,
                "review_comment": "",
                "created_by": None,
                "created_at": compiled_at,
                "updated_at": compiled_at,
                "withdrawn_at": None,
                "withdrawn_reason": "",
                "version": 1,
            },
        }
    return [rows[key] for key in sorted(rows)]


# --- The depositary's counts


def depositary_count_rows(
    convention: Mapping[str, Any], counts: Iterable[Mapping[str, str]], compiled_at: str
) -> list[dict[str, Any]]:
    """One count per row of depositary-counts.csv: the totals of signatures ("signatories" in
    the depositary's header) and parties stated on a day, with the source that stated them."""
    adopted = date.fromisoformat(convention["treaty"]["adopted_on"])
    status_page = convention["treaty"]["sources"][0]
    rows: dict[str, dict[str, Any]] = {}
    for line, row in enumerate(counts, start=2):
        where = f"depositary-counts.csv line {line}"
        on = _day(row["as_of"], where, "as_of")
        if on < adopted:
            raise FixtureDataError(f"{where}: {on} is before the treaty's adoption ({adopted}).")
        totals = {}
        for column in ("signatories", "parties"):
            value = row[column].strip()
            if not value.isdigit():
                raise FixtureDataError(f"{where}: {column} {value!r} is not a whole number.")
            totals[column] = int(value)
        if not row["source"].strip():
            raise FixtureDataError(f"{where}: every row needs its source.")
        if on.isoformat() in rows:
            raise FixtureDataError(f"{where}: a count on {on} appears twice.")
        rows[on.isoformat()] = {
            "model": "treaty.depositarycount",
            "fields": {
                "treaty": [TREATY_SLUG],
                "as_of": on.isoformat(),
                "signatures": totals["signatories"],
                "parties": totals["parties"],
                "source": row["source"],
                "source_kind": source_kind(row["source"]).value,
                "source_url": source_url(row["source"], status_page),
                "recorded_by": None,
                "created_at": compiled_at,
                "updated_at": compiled_at,
            },
        }
    return [rows[key] for key in sorted(rows)]


# --- Domestic steps


def domestic_step_rows(
    convention: Mapping[str, Any], steps: Iterable[Mapping[str, str]], compiled_at: str
) -> list[dict[str, Any]]:
    """One published domestic step per row of domestic-steps.csv (participant, iso3, step,
    date, source; optional date_earliest for a step known only within a range).

    Like the signatures, the rows were checked against their sources when the data were
    compiled: verified at ``compiled_at``, in their first version.
    """
    adopted = date.fromisoformat(convention["treaty"]["adopted_on"])
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    for line, row in enumerate(steps, start=2):
        where = f"domestic-steps.csv line {line}"
        step = row.get("step", "")
        if step not in DomesticStepKind.values:
            raise FixtureDataError(
                f"{where}: unknown step {step!r} (expected one of "
                f"{', '.join(DomesticStepKind.values)})."
            )
        try:
            on = date.fromisoformat(row.get("date", ""))
            earliest = (
                date.fromisoformat(row["date_earliest"]) if row.get("date_earliest") else None
            )
        except ValueError as exc:
            raise FixtureDataError(f"{where}: a date is not YYYY-MM-DD ({exc}).") from exc
        if on < adopted:
            raise FixtureDataError(
                f"{where}: {row['participant']}'s step on {on} comes before the Convention's "
                f"adoption ({adopted})."
            )
        if earliest is not None and earliest >= on:
            raise FixtureDataError(
                f"{where}: date_earliest {earliest} must come before date {on} (the latest "
                "possible day); for an exact day leave it empty."
            )
        if not row.get("source", "").strip():
            raise FixtureDataError(f"{where}: every row needs its source.")
        if not re.fullmatch(r"[A-Z]{3}", row.get("iso3", "")):
            raise FixtureDataError(f"{where}: iso3 {row.get('iso3')!r} is not an alpha-3 code.")
        key = (row["iso3"], step, on.isoformat())
        if key in rows:
            raise FixtureDataError(f"{where}: {key} appears twice.")
        rows[key] = {
            "model": "treaty.domesticstep",
            "fields": {
                "treaty": [TREATY_SLUG],
                "participant": [row["iso3"]],
                "step": step,
                "date": on.isoformat(),
                "date_earliest": earliest.isoformat() if earliest else None,
                "source": row["source"],
                "source_url": source_url(row["source"], ""),
                "note": "",
                "review_state": ReviewState.VERIFIED.value,
                "verified_by": None,
                "verified_at": compiled_at,
                "review_comment": "",
                "created_by": None,
                "created_at": compiled_at,
                "updated_at": compiled_at,
                "withdrawn_at": None,
                "withdrawn_reason": "",
                "version": 1,
            },
        }
    return [rows[key] for key in sorted(rows)]


# --- Checks, assembly and output

_MODELS: dict[str, type[models.Model]] = {
    "treaty.treaty": Treaty,
    "treaty.chapter": Chapter,
    "treaty.article": Article,
    "treaty.obligation": Obligation,
    "treaty.participant": Participant,
    "treaty.participantname": ParticipantName,
    "treaty.treatyaction": TreatyAction,
    "treaty.domesticstep": DomesticStep,
    "treaty.depositarycount": DepositaryCount,
    "treaty.group": Group,
}


def check_lengths(rows: Iterable[Mapping[str, Any]]) -> None:
    """Every text fits its column: SQLite would store a longer one, PostgreSQL would refuse it."""
    for row in rows:
        model = _MODELS[row["model"]]
        for name, value in row["fields"].items():
            column = model._meta.get_field(name)
            limit = getattr(column, "max_length", None)
            if isinstance(value, str) and limit is not None and len(value) > limit:
                raise FixtureDataError(
                    f"{row['model']}.{name} is {len(value)} characters, over its {limit}: "
                    f"{value[:60]!r}… Shorten the data or widen the field."
                )


def build(
    folder: Path, taxonomy: Path | None = None, compiled_at: str = DATA_COMPILED_AT
) -> Fixtures:
    """Every fixture file from the data folder and the OCHA taxonomy."""
    data = read_data(folder)
    convention, signatures = data.convention, data.signatures
    stamp = parse_compiled_at(compiled_at)
    treaty = [treaty_row(convention)]
    chapters = chapter_rows(convention)
    articles = article_rows(convention)
    obligations = obligation_rows(convention)
    participants, other_names = participant_rows(read_csv(taxonomy or taxonomy_path()), signatures)
    actions = signature_rows(
        convention,
        signatures,
        stamp,
        undated=data.undated,
        participants=[row["fields"]["iso3"] for row in participants],
    )
    counts = depositary_count_rows(convention, data.counts, stamp)
    files = {
        # Each file lists its models in dependency order, so loaddata meets a key before its use.
        "convention.json": [*treaty, *chapters, *articles, *obligations],
        "participants.json": [*participants, *other_names],
        "signatures.json": actions,
        "domestic_steps.json": domestic_step_rows(
            convention, read_csv(folder / "domestic-steps.csv"), stamp
        ),
        "depositary.json": counts,
        "groups.json": group_rows(
            folder / GROUPS_FILE,
            participants,
            eu_members=EU_MEMBERS,
            eu_source_url=EU_MEMBERS_SOURCE,
        ),  # fmt: skip
    }
    for rows in files.values():
        check_lengths(rows)
    return Fixtures(
        files=files,
        counts={
            "treaties": len(treaty),
            "chapters": len(chapters),
            "articles": len(articles),
            "obligations": len(obligations),
            "participants": len(participants),
            "other_names": len(other_names),
            "signatures": len(actions),
            "ranges": sum(1 for row in actions if row["fields"]["date_earliest"]),
            "counts": len(counts),
        },
    )


def render(rows: list[dict[str, Any]]) -> str:
    """The file text: sorted keys, one-space indent, UTF-8 as is, a trailing newline."""
    return json.dumps(rows, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def write(fixtures: Fixtures, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in fixtures.files.items():
        # newline="\n": the same bytes on every platform.
        with (out / name).open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(render(rows))
