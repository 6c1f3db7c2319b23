"""Builds the reference fixtures (``fixtures/*.json``) from the repository's data and the OCHA taxonomy.

The fixtures are generated, never typed: the convention's structure, the signatures and the
depositary's counts come from the repository's ``data/`` folder (``convention.json``,
``signatures.csv``, ``signatures-undated.csv``, ``depositary-counts.csv``; see its README for the
source of every file), the States from the OCHA
"Countries & Territories Taxonomy" shipped inside ``hdx-python-country`` (a dev dependency), and
the European Union's member States from the EU's own list (``EU_MEMBERS_SOURCE``).

Everything here is pure: it reads files and returns rows in Django's fixture format (each file's
rows are built in ``treaty.fixture_rows``, one module per source), with natural keys instead of primary keys so that ``loaddata`` run twice overwrites the same rows. The output
is deterministic (sorted rows and keys, fixed timestamps), so a test can rebuild the fixtures and
compare them byte for byte with the committed ones.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import models

from treaty import content_translations
from treaty.fixture_rows.convention import (
    article_rows,
    chapter_rows,
    obligation_fixture_rows,
    treaty_row,
)
from treaty.fixture_rows.depositary import depositary_count_rows, signature_rows
from treaty.fixture_rows.domestic import domestic_step_rows
from treaty.fixture_rows.participants import EU_MEMBERS, EU_MEMBERS_SOURCE, participant_fixture_rows
from treaty.fixture_rows.sources import FixtureDataError
from treaty.fixture_rows.translations import (
    check_keys,
    translate_convention,
    translate_groups,
    translate_participants,
)
from treaty.group_fixtures import GROUPS_FILE, group_rows
from treaty.models import (
    Article,
    Chapter,
    DepositaryCount,
    DomesticStep,
    Group,
    Obligation,
    Participant,
    ParticipantName,
    Treaty,
    TreatyAction,
)

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
)
# Data files this project compiles itself from cited sources (each row names its source): kept in
# data/ beside the upstream's, never copied over by a refresh.
OWN_FILES = ("groups.csv", "laws.csv", "translations")
# The content translations, one file per language (data/translations/<lang>.csv; a missing file is
# a language not translated yet): see treaty/content_translations.py.
TRANSLATIONS_FOLDER = "translations"
FIXTURE_FILES = (
    "convention.json",
    "participants.json",
    "signatures.json",
    "depositary.json",
    "domestic_steps.json",
    "groups.json",
)


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


# --- The timestamp of published rows


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
    obligations = obligation_fixture_rows(convention)
    participants, other_names = participant_fixture_rows(
        read_csv(taxonomy or taxonomy_path()), signatures
    )
    try:
        translations = content_translations.read_all(folder / TRANSLATIONS_FOLDER)
    except content_translations.TranslationFileError as exc:
        raise FixtureDataError(str(exc)) from exc
    groups = group_rows(
        folder / GROUPS_FILE,
        participants,
        eu_members=EU_MEMBERS,
        eu_source_url=EU_MEMBERS_SOURCE,
    )  # fmt: skip
    check_keys(translations, [*treaty, *chapters, *articles, *obligations], participants, groups)
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
        "convention.json": translate_convention(
            [*treaty, *chapters, *articles, *obligations], translations
        ),
        "participants.json": [*translate_participants(participants, translations), *other_names],
        "signatures.json": actions,
        "domestic_steps.json": domestic_step_rows(
            convention, read_csv(folder / "domestic-steps.csv"), stamp
        ),
        "depositary.json": counts,
        "groups.json": translate_groups(groups, translations),
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
