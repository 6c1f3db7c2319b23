"""The exports as a Frictionless data package: ``/api/v1/exports/datapackage.json``.

Nothing here is written twice. The package lists every export the site serves
(``treaty.exports.views.RESOURCES`` and the two research panels), each export's columns are
read from the table the export itself builds (so a column added to an export is described at
once), and each column's type and meaning come from the column dictionary in
``docs/exports.md``, which documents the exports for people. A column missing from that
dictionary is an error (``Undocumented``), which the tests turn into a failure, never a guess.

To add an export: add it to ``RESOURCES`` (or give ``EXTRA_EXPORTS`` an entry for an export
with its own view), document its columns in ``docs/exports.md`` under a heading ending with
``(`<name>.*`)``, and name its outside sources in ``RESOURCE_SOURCES``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.urls import reverse
from django.views.decorators.http import require_safe

from treaty.exports import panels, views
from treaty.models import (
    ActionKind,
    DatePrecision,
    DomesticStep,
    LawKind,
    LawStatus,
    MappingRelation,
    ObligationCategory,
    ObligationStrength,
    Participant,
    ProgressStatus,
    SourceKind,
)
from treaty.status import Stage
from treaty.views.cache import cached_page

DICTIONARY = Path(settings.BASE_DIR) / "docs" / "exports.md"

# The words of the column dictionary's "type" column, as Frictionless names the types.
TYPES = {
    "text": "string",
    "integer": "integer",
    "number": "number",
    "date": "date",
    "timestamp": "datetime",
    "boolean": "boolean",
}

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

SOURCES = {
    "depositary": {
        "title": "United Nations Treaty Collection, status of treaty XVIII-16, and the "
        "depositary notifications (C.N.)",
        "path": "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-16&chapter=18",
    },
    "national": {
        "title": "National treaty databases, governments and the press, as each row names "
        "(source and source_kind columns)",
    },
    "ocha": {
        "title": "OCHA Countries & Territories Taxonomy (ISO and M49 codes, regions, names), "
        "as shipped in the hdx-python-country package",
        "path": "https://data.humdata.org/dataset/countries-and-territories",
    },
    "unctad": {
        "title": "UNCTAD Global Cyberlaw Tracker, data files as published on 5 March 2026 "
        "(reuse allowed with acknowledgement: name it with its date)",
        "path": "https://unctad.org/page/cybercrime-legislation-worldwide",
    },
    "project": {
        "title": "This project's own classification of the Convention's obligations and its "
        "implementation assessments, each with its evidence",
    },
}

# The outside sources each export's rows rest on (every export also rests on the project's
# own work and is published under the package's licence).
RESOURCE_SOURCES: dict[str, tuple[str, ...]] = {
    "participants": ("depositary", "national", "ocha", "project"),
    "actions": ("depositary", "national"),
    "domestic-steps": ("national",),
    "assessments": ("project",),
    "laws": ("unctad", "national"),
    "mappings": ("project",),
    "indicator-values": ("unctad",),
    "panel-long": ("depositary", "national", "project"),
    "panel-wide": ("depositary", "national", "ocha", "project"),
}

# Columns whose values are one of a known set: the package says so, and validating a file
# against it checks every value.
_STAGES = [stage.value for stage in Stage]
ENUMS: dict[str, dict[str, list[str]]] = {
    "participants": {"stage": _STAGES, "kind": list(Participant.Kind.values)},
    "actions": {
        "kind": list(ActionKind.values),
        "date_precision": list(DatePrecision.values),
        "source_kind": list(SourceKind.values),
    },
    "domestic-steps": {"step": list(DomesticStep.Step.values)},
    "assessments": {
        "category": list(ObligationCategory.values),
        "strength": list(ObligationStrength.values),
        "status": list(ProgressStatus.values),
    },
    "laws": {"kind": list(LawKind.values), "status": list(LawStatus.values)},
    "mappings": {"relation": list(MappingRelation.values)},
}
# The wide panel's columns that depend on the data: one per year, one per obligation.
PATTERNS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "panel-wide": [
        (re.compile(r"stage_\d{4}"), "stage_YYYY"),
        (re.compile(r".+"), "one column per obligation"),
    ],
}


class Undocumented(LookupError):
    """An export's column has no row in the column dictionary (docs/exports.md)."""


@dataclass(frozen=True, slots=True)
class Export:
    """One file the site serves: its name (as in its address), the address of its CSV, and
    how to read its columns (by building its table, rows untouched)."""

    name: str
    path: Callable[[], str]
    columns: Callable[[], Sequence[str]]


def _resource_columns(name: str) -> Sequence[str]:
    spec = views.RESOURCES[name]
    filterset = views._validated(spec.filterset, QueryDict(), spec.queryset())
    return spec.build(filterset).columns


def _panel_columns(shape: str) -> Sequence[str]:
    try:
        scope, _day = views._panel_scope(QueryDict())
    except views.BadParameters:  # no treaty recorded: the identifying columns only
        return panels.LONG_COLUMNS if shape == "long" else panels.WIDE_ID_COLUMNS
    table = panels.long_panel(scope) if shape == "long" else panels.wide_panel(scope)
    return table.columns


# Exports served by views of their own (not in RESOURCES), added here.
EXTRA_EXPORTS: list[Export] = []

# Export routes the package leaves out, each with the reason (the API's front page says it too).
# The status table is the depositary's print layout, footnote lines under the table, so that
# the depositary's page and the importer read it as they are: not a tidy table a schema can
# validate. The same facts, tidy, are the `actions` export.
NOT_TABULAR = {"depositary": "the depositary's print layout, with footnote lines under the table"}


def exports() -> list[Export]:
    """Every export, in the order of the column dictionary."""
    found = [
        Export(
            name,
            functools.partial(reverse, "exports:export", args=[name, "csv"]),
            functools.partial(_resource_columns, name),
        )
        for name in views.RESOURCES
    ]
    found += [
        Export(
            f"panel-{shape}",
            functools.partial(reverse, "exports:panel", args=[shape, "csv"]),
            functools.partial(_panel_columns, shape),
        )
        for shape in ("long", "wide")
    ]
    return found + EXTRA_EXPORTS


# --- The column dictionary -------------------------------------------------------------------

_SECTION = re.compile(r"^### (?P<title>.+?) \(`(?P<name>[a-z0-9-]+)\.\*`\)\s*$")
_CODE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    description: str
    columns: dict[str, tuple[str, str]]  # column (or pattern key) -> (type, meaning)


@functools.cache
def dictionary() -> dict[str, Section]:
    """The column dictionary of docs/exports.md: for each export (by name), its title, the
    paragraph that introduces it, and each column's type and meaning. A row naming several
    columns ("`iso3`, `participant` | text, text | …") gives each its own type."""
    sections: dict[str, Section] = {}
    current: dict[str, Any] | None = None
    for line in DICTIONARY.read_text(encoding="utf-8").splitlines():
        heading = _SECTION.match(line)
        if heading:
            current = {"title": heading["title"], "text": [], "columns": {}}
            sections[heading["name"]] = current  # type: ignore[assignment]
            continue
        if current is None:
            continue
        if line.startswith("#"):
            current = None
            continue
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) < 3 or cells[0] in ("column", "---"):
                continue
            names = _CODE.findall(cells[0]) or [cells[0]]
            if cells[0].startswith("one column per"):
                names = ["one column per obligation"]
            types = [t.strip() for t in cells[1].split(",")]
            for i, column in enumerate(names):
                kind = types[i] if i < len(types) else types[-1]
                current["columns"][column] = (TYPES.get(kind, ""), "|".join(cells[2:]))
        elif line.strip() and not current["columns"]:
            current["text"].append(line.strip())
    return {
        name: Section(s["title"], " ".join(s["text"]), s["columns"])  # type: ignore[index]
        for name, s in sections.items()
    }


def schema_field(export: str, column: str) -> dict[str, Any]:
    """One column as a Frictionless field: name, type, description and, where the values are
    a known set, that set. Raises ``Undocumented`` for a column the dictionary lacks."""
    section = dictionary().get(export)
    if section is None:
        raise Undocumented(f"docs/exports.md has no section for the export “{export}”.")
    entry = section.columns.get(column)
    if entry is None:
        for pattern, key in PATTERNS.get(export, []):
            if pattern.fullmatch(column) and key in section.columns:
                entry = section.columns[key]
                break
    if entry is None or not entry[0]:
        raise Undocumented(
            f"docs/exports.md documents no type for the column “{column}” of “{export}”."
        )
    kind, meaning = entry
    field: dict[str, Any] = {"name": column, "type": kind, "description": meaning}
    enum = ENUMS.get(export, {}).get(column)
    if export == "panel-wide" and column not in section.columns:
        # A stage or an obligation's status on a day.
        enum = (
            _STAGES
            if column.startswith("stage_")
            else [*ProgressStatus.values, panels.NOT_ASSESSED]
        )
    if enum:
        field["constraints"] = {"enum": enum}
    return field


# --- The package ----------------------------------------------------------------------------


def descriptor(absolute: Callable[[str], str]) -> dict[str, Any]:
    """The data package: every export's CSV as a tabular resource (its address made absolute
    by ``absolute``), with its schema, licence and sources."""
    resources = []
    for export in exports():
        section = dictionary().get(export.name)
        if section is None:
            raise Undocumented(f"docs/exports.md has no section for the export “{export.name}”.")
        path = export.path()
        resources.append(
            {
                "name": export.name,
                "title": section.title,
                "description": (
                    f"{section.description} The same rows as JSON and XLSX: "
                    f"{absolute(path[: -len('.csv')] + '.json')}, "
                    f"{absolute(path[: -len('.csv')] + '.xlsx')}. Every export takes the "
                    "API's filters and as_of."
                ).strip(),
                "path": absolute(path),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "licenses": [LICENSE],
                "sources": [
                    SOURCES[key] for key in RESOURCE_SOURCES.get(export.name, ("project",))
                ],
                "schema": {
                    "fields": [schema_field(export.name, column) for column in export.columns()],
                    "missingValues": [""],
                },
            }
        )
    used = {key for export in exports() for key in RESOURCE_SOURCES.get(export.name, ())}
    return {
        "profile": "tabular-data-package",
        "name": "hanoi-convention-tracker",
        "title": "Hanoi Convention tracker: signatures, instruments and implementation of the "
        "United Nations Convention against Cybercrime",
        "description": (
            "Published records only (verified, not withdrawn), read on the day of the "
            "request. The column dictionary, filters and formats are documented in "
            "docs/exports.md. Cite as: Hanoi Convention tracker, with the address and the day "
            "you read it. Rows from an outside source name it (source, attribution columns): "
            "keep that attribution, as UNCTAD asks."
        ),
        "homepage": absolute(reverse("treaty:home")),
        "licenses": [LICENSE],
        "sources": [SOURCES[key] for key in SOURCES if key in used or key == "project"],
        "resources": resources,
    }


@require_safe
@views.throttled  # counted like the exports it describes
@cached_page
def datapackage(request: HttpRequest) -> HttpResponse:
    """``/api/v1/exports/datapackage.json``: the package describing every export."""
    return JsonResponse(
        descriptor(request.build_absolute_uri), json_dumps_params={"ensure_ascii": False}
    )
