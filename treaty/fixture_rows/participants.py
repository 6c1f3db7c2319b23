"""The participants' rows: every State of the UN terminology list, the European Union, and
their other names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from treaty.fixture_rows.sources import FixtureDataError
from treaty.models import Participant, normalize_name

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
# The taxonomy's name columns for each translated language, by the suffix of the participant's
# translated column (django-modeltranslation: name_fr… name_zh_hans).
LANGUAGES = {
    "fr": "French",
    "es": "Spanish",
    "ru": "Russian",
    "zh_hans": "Chinese",
    "ar": "Arabic",
}


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
            "name_en": un_name(row),
            **{f"name_{code}": un_name(row, lang) or None for code, lang in LANGUAGES.items()},
            # The taxonomy gives the formal name in English only.
            "formal_name": row["English Formal"],
            "formal_name_en": row["English Formal"],
            **{f"formal_name_{code}": None for code in LANGUAGES},
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
            "name_en": EU_NAME,
            **{f"name_{code}": None for code in LANGUAGES},
            "formal_name": "",
            "formal_name_en": "",
            **{f"formal_name_{code}": None for code in LANGUAGES},
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


def participant_fixture_rows(
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
