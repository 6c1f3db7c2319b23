"""The exports in the OpenAPI schema (a drf-spectacular postprocessing hook).

The exports are plain Django views, which drf-spectacular does not see; this hook adds one
operation per export (``/api/v1/exports/<name>.{format}``, format csv, json or xlsx), the
research panels and the data package. An export takes the filters of the API list it mirrors
(the same FilterSet validates both), so its parameters are copied from that list's operation,
keeping those its FilterSet reads; the panels take the participants' filters and the
obligations' (``code`` named ``obligation`` there). It runs after ``describe_data``, so the
copies carry the codes and days the lists accept.
"""

from __future__ import annotations

import copy
from typing import Any

from django.urls import reverse

from treaty.api.schema import ERROR
from treaty.api.schema_hooks import THROTTLED
from treaty.exports.views import PANEL_OBLIGATION_PARAMS, RESOURCES, XLSX_TYPE
from treaty.filtersets.core import ParticipantFilter

JsonSchema = dict[str, Any]
API_PREFIX = "/api/v1/"
FORMATS = ["csv", "json", "xlsx"]
TAG = "exports"

FORMAT_PARAMETER = {
    "in": "path",
    "name": "format",
    "required": True,
    "description": "The file format: CSV (UTF-8, RFC 4180), JSON (an array of objects) or "
    "XLSX (one sheet).",
    "schema": {"type": "string", "enum": FORMATS},
}
BOM_PARAMETER = {
    "in": "query",
    "name": "bom",
    "required": False,
    "description": "1: start a CSV with a UTF-8 byte-order mark, for Excel (ignored by the "
    "other formats).",
    "schema": {"type": "string", "enum": ["0", "1", "true", "false", "yes", "no"]},
}
ROWS = {
    "type": "array",
    "items": {"type": "object", "additionalProperties": True},
    "description": "One object per row, keyed by column: the columns, their types and "
    "meanings are in the data package (/api/v1/exports/datapackage.json).",
}


def _responses(what: str) -> JsonSchema:
    return {
        "200": {
            "description": f"{what}, as a file (Content-Disposition: attachment).",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/json": {"schema": ROWS},
                XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
            },
        },
        "400": {
            "description": "A parameter is invalid (each named with what to fix), or the "
            "export is too large for one Excel sheet.",
            "content": {"application/json": {"schema": ERROR}},
        },
        "404": {
            "description": "No such export or format (the format is csv, json or xlsx). An "
            "address no route can read (a line break in it) gets the site's HTML 404 page.",
            "content": {
                "application/json": {"schema": ERROR},
                "text/html": {"schema": {"type": "string"}},
            },
        },
        "429": THROTTLED,
    }


def _list_parameters(result: JsonSchema, resource: str) -> list[JsonSchema]:
    operation = result.get("paths", {}).get(f"{API_PREFIX}{resource}/", {}).get("get", {})
    parameters = copy.deepcopy(operation.get("parameters", []))
    for parameter in parameters:
        schema = parameter.get("schema", {})
        items = schema.get("items", {}) if schema.get("type") == "array" else {}
        # An empty list ("?participant=") is read as no filter: the file has every row.
        if "enum" in items and "" not in items["enum"]:
            items["enum"] = [*items["enum"], ""]
    return parameters


def _kept(parameters: list[JsonSchema], names: set[str]) -> list[JsonSchema]:
    return [p for p in parameters if p.get("in") == "query" and p["name"] in names]


def _path(name: str) -> str:
    # The route's own address with the format made a path parameter.
    return name.rsplit(".", 1)[0] + ".{format}"


def describe_exports(result: JsonSchema, generator: Any, request: Any, public: bool) -> JsonSchema:
    paths = result.setdefault("paths", {})
    for name, spec in RESOURCES.items():
        filterset: Any = spec.filterset
        accepted = set(filterset.base_filters)
        parameters = _kept(_list_parameters(result, name), accepted)
        paths[_path(reverse("exports:export", args=[name, "csv"]))] = {
            "get": {
                "operationId": f"exports_{name.replace('-', '_')}",
                "summary": f"Export: {name}",
                "description": f"Every published row of `{name}` the filters choose, as one "
                "file (streamed whatever its size). Columns: docs/exports.md and the data "
                "package.",
                "tags": [TAG],
                "parameters": [FORMAT_PARAMETER, *parameters, BOM_PARAMETER],
                "responses": _responses(f"The {name} table"),
            }
        }
    # The participants' filters (not their order: a panel is sorted by iso3).
    participant_parameters = _kept(
        _list_parameters(result, "participants"),
        set(ParticipantFilter.base_filters) - {"ordering"},
    )
    obligation_parameters = []
    for p in _list_parameters(result, "obligations"):
        ours = {theirs: ours for ours, theirs in PANEL_OBLIGATION_PARAMS.items()}.get(p["name"])
        if ours and p.get("in") == "query":
            obligation_parameters.append({**p, "name": ours})
    for shape in ("long", "wide"):
        paths[_path(reverse("exports:panel", args=[shape, "csv"]))] = {
            "get": {
                "operationId": f"exports_panel_{shape}",
                "summary": f"Research panel, {shape} shape",
                "description": "One treaty's panel of the chosen participants and obligations "
                "(sorted by iso3). Columns: docs/exports.md and the data package.",
                "tags": [TAG],
                "parameters": [
                    FORMAT_PARAMETER,
                    *participant_parameters,
                    *obligation_parameters,
                    BOM_PARAMETER,
                ],
                "responses": _responses(f"The {shape} panel"),
            }
        }
    # The depositary's status table: CSV or XLSX in the depositary's own layout, which the
    # status-table importer reads back (not a table of typed columns, so not in the data package).
    depositary_parameters = _kept(_list_parameters(result, "actions"), {"treaty", "as_of"})
    depositary_format = {
        **FORMAT_PARAMETER,
        "description": "The file format: CSV (UTF-8, RFC 4180) or XLSX (one sheet).",
        "schema": {"type": "string", "enum": ["csv", "xlsx"]},
    }
    depositary_responses = _responses("The status table")
    depositary_responses["200"] = {
        **depositary_responses["200"],
        "content": {
            media: body
            for media, body in depositary_responses["200"]["content"].items()
            if media != "application/json"
        },
    }
    paths[_path(reverse("exports:depositary", args=["csv"]))] = {
        "get": {
            "operationId": "exports_depositary",
            "summary": "The depositary's status table",
            "description": "The treaty's status table as recorded on `as_of` (default today), "
            "in the layout of the depositary's status page: Participant | Signature | "
            "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d), with "
            "footnote marks after names, days as the depositary writes them ('25 Oct 2025', "
            "'12 Nov 2026 AA'), a column saying where each day was read, then the footnotes. "
            "The status-table importer reads it back unchanged.",
            "tags": [TAG],
            "parameters": [depositary_format, *depositary_parameters, BOM_PARAMETER],
            "responses": depositary_responses,
        }
    }
    paths[reverse("exports:datapackage")] = {
        "get": {
            "operationId": "exports_datapackage",
            "summary": "The data package",
            "description": "A Frictionless tabular data package describing every export: its "
            "address, columns, types, licence (CC BY 4.0) and sources.",
            "tags": [TAG],
            "parameters": [],
            "responses": {
                "200": {
                    "description": "The data package descriptor.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["name", "licenses", "resources"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "licenses": {"type": "array", "items": {"type": "object"}},
                                    "resources": {
                                        "type": "array",
                                        "items": {"type": "object"},
                                    },
                                },
                            }
                        }
                    },
                },
                "429": THROTTLED,
            },
        }
    }
    return result
