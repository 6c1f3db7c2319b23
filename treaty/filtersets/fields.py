"""The filters and form fields the FilterSets (of the API and the exports) are built from: each
parses one query parameter and turns every bad value into an error that names it (so the API
answers 400, never 500 and never a silent empty result)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.functional import lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from treaty.asof import AsOfError, parse_as_of
from treaty.models import Obligation, Participant


def refuse_empty(value: Any) -> None:
    """A date parameter sent but empty (``?as_of=``): a client meant a day and lost it on the
    way, so it is an error, not a missing parameter."""
    if value is not None and not str(value).strip():
        raise forms.ValidationError(
            "Give the day as YYYY-MM-DD (e.g. 2026-03-01), or leave the parameter out.",
            code="required",
        )


class IsoDateField(forms.DateField):
    """A calendar date written YYYY-MM-DD and nothing else: the API is read by programs, and
    "01/02/2026" means two different days in two different countries."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": "Enter a date as YYYY-MM-DD, e.g. 2026-01-01."}

    def clean(self, value: Any) -> date | None:
        refuse_empty(value)
        return super().clean(value)


class AsOfField(forms.CharField):
    """The as-of day, checked by the same rule as the pages' ``?as_of=`` (``treaty.asof``): a
    date written YYYY-MM-DD, not in the future (nothing is recorded there yet)."""

    def clean(self, value: Any) -> date | None:
        refuse_empty(value)
        try:
            return parse_as_of(super().clean(value) or None)
        except AsOfError as exc:
            # The message quotes the value sent: pass it as a parameter, never as the format.
            raise forms.ValidationError(
                "%(message)s", code="invalid", params={"message": str(exc)}
            ) from exc


MAX_CODES = 300  # more than every participant: a bound on the size of the IN (...) list

# --- Fields ---------------------------------------------------------------------------------


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class CodeListField(forms.CharField):
    """A comma-separated list of codes or names, each checked against what the database holds,
    case-insensitively: an unknown value is an error that names it, never an empty result.

    ``known(values)`` maps each value it recognizes (as typed, upper-cased) to its canonical
    form; it runs one query, and only when the parameter is given.
    """

    def __init__(
        self,
        *,
        noun: str,
        known: Callable[[list[str]], dict[str, str]],
        pattern: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.noun = noun
        self.known = known
        self.pattern = re.compile(pattern) if pattern else None
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[str] | None:
        text = super().clean(value)
        if not text:
            return None
        typed = {v.upper(): v for v in _split(text)}  # messages quote the value as typed
        if len(typed) > MAX_CODES:
            raise forms.ValidationError(
                "Give at most %(max)s values, separated by commas.", params={"max": MAX_CODES}
            )
        # Values sent by the client go in as parameters, never into the format string.
        if self.pattern is not None:
            bad = [v for key, v in typed.items() if not self.pattern.fullmatch(key)]
            if bad:
                raise forms.ValidationError(
                    "Not a valid %(noun)s: %(values)s. %(help)s",
                    params={"noun": self.noun, "values": ", ".join(bad), "help": self.help_text},
                )
        found = self.known(list(typed))
        unknown = [v for key, v in typed.items() if key not in found]
        if unknown:
            raise forms.ValidationError(
                "Unknown %(noun)s: %(values)s.",
                params={"noun": self.noun, "values": ", ".join(unknown)},
            )
        return sorted(set(found.values()))


def _known_participants(values: list[str]) -> dict[str, str]:
    rows = Participant.objects.filter(Q(iso2__in=values) | Q(iso3__in=values)).values_list(
        "iso2", "iso3"
    )
    found: dict[str, str] = {}
    for iso2, iso3 in rows:
        found[iso2] = found[iso3] = iso3
    return found


def _known_organizations(values: list[str]) -> dict[str, str]:
    rows = (
        Participant.objects.filter(kind=Participant.Kind.REIO)
        .filter(Q(iso2__in=values) | Q(iso3__in=values))
        .values_list("iso2", "iso3")
    )
    found: dict[str, str] = {}
    for iso2, iso3 in rows:
        found[iso2] = found[iso3] = iso3
    return found


def _known_names(field: str) -> Callable[[list[str]], dict[str, str]]:
    def known(values: list[str]) -> dict[str, str]:
        # Regions are a handful of distinct values: fetch them and compare in Python, so the
        # match is case-insensitive on every database (SQLite's LIKE is ASCII-only).
        names = Participant.objects.exclude(**{field: ""}).values_list(field, flat=True)
        by_key = {name.upper(): name for name in names.order_by().distinct()}
        return {v: by_key[v] for v in values if v in by_key}

    return known


def known_obligations(values: list[str]) -> dict[str, str]:
    codes = {v.lower() for v in values}
    found = Obligation.objects.filter(code__in=codes).values_list("code", flat=True)
    return {code.upper(): code for code in found}


# --- Filters ---------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class CodeListFilter(filters.Filter):
    """Filters on a list of codes parsed by :class:`CodeListField`; ``lookup`` is the queryset
    lookup the canonical codes are matched with (``participant__iso3__in``, …)."""

    field_class = CodeListField

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


def valid_choices_message(choices: Iterable[Any]) -> str:
    """The error for a value that is not one of ``choices``, naming every valid one:
    "“ratified” is not a valid choice. Valid choices: none, signatory, …". The value typed
    goes in as a parameter, never into the format string."""
    values = ", ".join(str(value) for value, _label in choices if value not in (None, ""))
    return "“%(value)s” is not a valid choice. Valid choices: " + values.replace("%", "%%") + "."


class ValidChoicesNamed:
    """A choice filter whose error for an unknown value lists the valid values (Django's own
    only says the value "is not one of the available choices")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = self.extra.get("choices")  # type: ignore[attr-defined]
        if choices is not None and not callable(choices):
            messages = self.extra.setdefault("error_messages", {})  # type: ignore[attr-defined]
            messages.setdefault("invalid_choice", valid_choices_message(choices))


def name_valid_records(filter_: filters.Filter) -> None:
    """Makes a filter on a record by a key (``treaty`` by slug) list the valid keys when the
    value is unknown. The list is read only then: a valid value costs no extra query."""
    if not isinstance(filter_, filters.ModelChoiceFilter):
        return
    key = filter_.extra.get("to_field_name")
    queryset = filter_.extra.get("queryset")
    if not key or queryset is None or callable(queryset):
        return

    def message() -> str:
        keys = queryset.order_by(key).values_list(key, flat=True)
        return valid_choices_message((value, value) for value in keys)

    messages = filter_.extra.setdefault("error_messages", {})
    messages.setdefault("invalid_choice", lazy(message, str)())


class ChoiceFilter(ValidChoicesNamed, filters.ChoiceFilter):
    """One choice; an unknown one is an error that lists the valid values."""


class ChoiceInFilter(ValidChoicesNamed, filters.BaseInFilter, filters.ChoiceFilter):
    """One or more choices separated by commas; an unknown choice is an error that lists the
    valid values, an empty item ("a,,b") is ignored."""

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        return super().filter(qs, [v for v in value or [] if v] or None)


class IsoDateFilter(filters.DateFilter):
    field_class = IsoDateField


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 32_767})
class WholeNumberFilter(filters.NumberFilter):
    """A chapter or article number: a whole number from 1 ("1.5" is an error, not chapter 1).
    The schema states the same bounds the filter checks, so a value it allows is answered."""

    field_class = forms.IntegerField
    bounds: dict[str, int] = {"min_value": 1, "max_value": 32_767}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**self.bounds, **kwargs})


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 2_147_483_647})
class IdFilter(WholeNumberFilter):
    """A record's id: a whole number within a database integer (PostgreSQL refuses a larger
    one, so it is a 400 here, never a 500)."""

    bounds = {"min_value": 1, "max_value": 2_147_483_647}


class StrictBooleanField(forms.CharField):
    """true or false (also 1/0, yes/no, any case); anything else is an error, not ignored."""

    def clean(self, value: Any) -> bool | None:
        text = (super().clean(value) or "").strip().lower()
        if not text:
            return None
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no"):
            return False
        raise forms.ValidationError("Enter true or false.")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class StableOrderingFilter(ValidChoicesNamed, filters.OrderingFilter):
    """The client's ordering, then the primary key: rows that tie on the chosen keys would
    otherwise move between pages."""

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        keys = [self.get_ordering_value(param) for param in value or [] if param]
        return qs.order_by(*keys, "pk") if keys else qs


# The documented form (the parser also forgives spaces and empty items).
CODES_PATTERN = r"^[A-Za-z]{2,3}(,[A-Za-z]{2,3})*$"


@extend_schema_field({"type": "string", "pattern": CODES_PATTERN})
class ParticipantCodesFilter(CodeListFilter):
    """Participant codes (the schema shows their pattern)."""


def participant_codes_filter(field_name: str, **kwargs: Any) -> CodeListFilter:
    return ParticipantCodesFilter(
        field_name=field_name,
        noun="participant code",
        known=_known_participants,
        pattern=r"[A-Z]{2,3}",
        help_text=(
            "ISO 3166 alpha-2 or alpha-3 codes, any case, separated by commas (e.g. "
            "'VN,fra,EUU'); the European Union is EU / EUU."
        ),
        **kwargs,
    )


def member_of_filter() -> CodeListFilter:
    return ParticipantCodesFilter(
        method="filter_member_of",
        noun="organization code",
        known=_known_organizations,
        pattern=r"[A-Z]{2,3}",
        help_text=(
            "Member States of a regional economic integration organization, by its code "
            "(e.g. 'EUU' or 'EU' for the European Union's member States)."
        ),
    )


def region_filter(field_name: str, field: str, label: str) -> CodeListFilter:
    return CodeListFilter(
        field_name=field_name,
        noun=label,
        known=_known_names(field),
        help_text=f"UN M49 {label} names, any case, separated by commas (e.g. 'Europe,Asia').",
    )


def ordering_filter(fields: Iterable[tuple[str, str]], help_text: str) -> StableOrderingFilter:
    return StableOrderingFilter(fields=tuple(fields), help_text=help_text)


@extend_schema_field(OpenApiTypes.DATE)
class AsOfFilter(filters.Filter):
    field_class = AsOfField
