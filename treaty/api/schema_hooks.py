"""The part of the OpenAPI schema that depends on the data: which codes, names and days the API
accepts. Filled in each time the schema is generated (a drf-spectacular postprocessing hook),
so that a request the schema allows is a request the API answers, and one it refuses is one
the schema forbids: the API refuses an unknown participant code or a day still to come with a
400, so the schema lists the codes that exist and the days up to today.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import DatabaseError

from treaty.api.schema import ERROR
from treaty.filtersets.context import today
from treaty.models import Obligation, Participant, Treaty

JsonSchema = dict[str, Any]


def describe_data(result: JsonSchema, generator: Any, request: Any, public: bool) -> JsonSchema:
    """Fills in the data-dependent parameters of every operation, and the 429 every
    anonymous read may get from the throttle."""
    try:
        schemas = data_parameter_schemas()
    except DatabaseError:
        # No tables yet (a system check, such as check --deploy, before the first migrate):
        # the schema then leaves the codes open rather than failing.
        schemas = {"as_of": (as_of_schema(today()), False)}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query" or parameter["name"] not in schemas:
                    continue
                schema, is_list = schemas[parameter["name"]]
                parameter["schema"] = schema
                if is_list:
                    # A comma-separated list: ?participant=VNM,FRA
                    parameter["style"] = "form"
                    parameter["explode"] = False
            if method == "get":
                operation["responses"].setdefault("429", THROTTLED)
            for parameter in operation.get("parameters", []):
                _no_null_characters(parameter["schema"])
    for name, component in result.get("components", {}).get("schemas", {}).items():
        for field_name, field in component.get("properties", {}).items():
            if name in WRITE_BODIES and field_name in schemas:
                schema, is_list = schemas[field_name]
                field.update(schema["items"] if is_list else schema)
            _no_null_characters(field)
    return result


# The bodies that name a treaty, a participant or an obligation by its code.
WRITE_BODIES = {"ActionInput", "AssessmentInput"}


# Django and DRF refuse a NUL character in any text (a 400): the schema says so.
NO_NUL = "^[^\\x00]*$"


def _no_null_characters(schema: JsonSchema) -> None:
    if schema.get("type") == "array":
        schema = schema.get("items", {})
    if schema.get("type") == "string" and not {"enum", "format", "pattern"} & set(schema):
        schema["pattern"] = NO_NUL


THROTTLED = {
    "description": "Too many requests from your address (anonymous clients are throttled): "
    "wait the seconds given in `Retry-After`.",
    "content": {
        "application/json": {"schema": ERROR},
    },
}


def data_parameter_schemas() -> dict[str, tuple[JsonSchema, bool]]:
    """Each data-dependent query parameter: its schema and whether it is a list. Five small
    queries, once per schema generation."""
    participants = list(Participant.objects.values_list("iso2", "iso3", "kind", "region"))
    codes = [code for iso2, iso3, _, _ in participants for code in (iso3, iso2)]
    organizations = [
        code
        for iso2, iso3, kind, _ in participants
        if kind == Participant.Kind.REIO
        for code in (iso3, iso2)
    ]
    regions = Participant.objects.exclude(region="").values_list("region", flat=True)
    subregions = Participant.objects.exclude(subregion="").values_list("subregion", flat=True)
    obligations = Obligation.objects.values_list("code", flat=True)
    treaties = sorted(Treaty.objects.values_list("slug", flat=True))
    return {
        "as_of": (as_of_schema(today()), False),
        "participant": (list_of(any_case(codes)), True),
        "member_of": (list_of(any_case(organizations)), True),
        "region": (list_of(any_case(regions.order_by().distinct())), True),
        "subregion": (list_of(any_case(subregions.order_by().distinct())), True),
        "obligation": (list_of(any_case(obligations.order_by().distinct())), True),
        "code": (list_of(any_case(obligations.order_by().distinct())), True),  # obligations
        "treaty": (enum_schema(treaties), False),
    }


def any_case(values: Iterable[str]) -> list[str]:
    """The values as stored, upper- and lower-cased: the API matches codes in any case."""
    return sorted({form for value in values for form in (value, value.upper(), value.lower())})


def list_of(values: list[str]) -> JsonSchema:
    return {"type": "array", "items": enum_schema(values), "minItems": 1}


def enum_schema(values: list[str]) -> JsonSchema:
    """A string among ``values``; any string while there are none yet (an empty database: an
    empty ``enum`` is not valid OpenAPI)."""
    return {"type": "string", "enum": values} if values else {"type": "string"}


def as_of_schema(day: date) -> JsonSchema:
    """A date written YYYY-MM-DD, up to ``day`` (the API refuses a day still to come)."""
    return {
        "type": "string",
        "format": "date",
        "pattern": f"^{not_after(day)}$",
        "description": f"A day up to today ({day.isoformat()}), written YYYY-MM-DD.",
    }


def not_after(day: date) -> str:
    """A regular expression matching the YYYY-MM-DD strings of the days up to ``day`` (which
    ones are real days is the ``date`` format's business)."""
    year, month, day_of_month = f"{day:%Y}", f"{day:%m}", f"{day:%d}"
    earlier_year = _below(year)
    earlier_month = _below(month)
    parts = [f"{earlier_year}-\\d{{2}}-\\d{{2}}"] if earlier_year else []
    if earlier_month:
        parts.append(f"{year}-{earlier_month}-\\d{{2}}")
    parts.append(f"{year}-{month}-{_up_to(day_of_month)}")
    return "(?:" + "|".join(parts) + ")"


def _up_to(digits: str) -> str:
    """A regular expression matching the numbers of ``len(digits)`` digits up to ``digits``."""
    alternatives = [digits]
    for i, digit in enumerate(digits):
        if digit != "0":
            rest = len(digits) - i - 1
            lower = "0" if digit == "1" else f"[0-{int(digit) - 1}]"
            alternatives.append(digits[:i] + lower + (f"\\d{{{rest}}}" if rest else ""))
    return "(?:" + "|".join(alternatives) + ")"


def _below(digits: str) -> str | None:
    """``_up_to`` the number before ``digits`` (same width), or None below zero."""
    number = int(digits) - 1
    return None if number < 0 else _up_to(f"{number:0{len(digits)}d}")
