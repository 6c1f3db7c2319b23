"""The base of every FilterSet here (``ApiFilterSet``): the ``as_of`` and ``lang`` parameters
every resource takes, a parameter given twice refused, and django-filter's per-request work
cut to what the query needs.

django-filter deep-copies every filter of the class and builds a new form class, with a new
form field for each filter, for every request, and validates that form even when the query
names no filter at all (``?limit=100``): about 2 ms of CPU a request, a sixth of an uncached
API list of 100 rows. Here:

- a query that names no filter is valid as it stands and filters nothing, so no filter is
  copied and no form is built for it. That is checked once per class, the long way (an empty
  query's form validated and every filter run on its empty value must hand back the very
  queryset it was given), not assumed;
- the form class is built once per FilterSet class: its fields come from the filters'
  declarations and the model, the same for every request (unless a filter's queryset is a
  callable, which may read the request: then it is built per request, as django-filter does).
  Each form still works on its own copy of the fields, as every Django form does.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import date
from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils.functional import cached_property

from treaty.filtersets.context import (
    AS_OF_HELP,
    CONTENT_LANGUAGES,
    LANG_HELP,
    sees_drafts,
    today,
)
from treaty.filtersets.fields import AsOfFilter, name_valid_records


class ApiFilterSet(filters.FilterSet):
    """Base of every FilterSet here: the ``as_of`` date every resource takes."""

    as_of = AsOfFilter(method="filter_as_of", help_text=AS_OF_HELP)
    lang = filters.ChoiceFilter(
        choices=CONTENT_LANGUAGES,
        method="filter_lang",
        help_text=LANG_HELP,
    )

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet | None = None,
        *,
        request: Any = None,
        prefix: str | None = None,
    ) -> None:
        # django-filter's constructor, less the copy of the filters (``filters``, when used).
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix

    @cached_property
    def filters(self) -> dict[str, Any]:
        """This FilterSet's own copies of the class's filters, as django-filter makes them."""
        copies: dict[str, Any] = copy.deepcopy(self.base_filters)
        for filter_ in copies.values():
            filter_.model = self.queryset.model
            filter_.parent = self
            name_valid_records(filter_)
        return copies

    def get_form_class(self) -> type[forms.Form]:
        cls = type(self)
        form_class: type[forms.Form] | None = cls.__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            if not any(callable(f.extra.get("queryset")) for f in self.filters.values()):
                cls._form_class = form_class
        assert form_class is not None
        return form_class

    @property
    def form(self) -> forms.Form:
        form: forms.Form = super().form
        if self.names_no_filter and not hasattr(form, "cleaned_data"):
            # Validated without it (``is_valid``): validated now for whoever reads it.
            form.is_valid()
        return form

    @cached_property
    def names_no_filter(self) -> bool:
        """Whether the query names none of the filters (only ``limit``, ``offset``,
        ``format``…) and such a query is known to filter nothing. A filter's field may read
        names made from its own (a range's ``date_after``): any name starting with a filter's
        and "_" counts as naming it."""
        if not self.is_bound or self.form_prefix is not None:
            return False
        names = self.base_filters
        prefixes = tuple(f"{name}_" for name in names)
        if any(key in names or key.startswith(prefixes) for key in self.data):
            return False
        return type(self)._empty_query_filters_nothing()

    @classmethod
    def _empty_query_filters_nothing(cls) -> bool:
        """Checked once per class: the form of a query naming no filter is valid, and every
        filter, given the value its field cleans from nothing, returns the queryset it got."""
        known: bool | None = cls.__dict__.get("_empty_filters_nothing")
        if known is None:
            nothing = cls._meta.model._default_manager.none()
            probe = cls(QueryDict(), queryset=nothing)
            probe.names_no_filter = False  # the probe takes django-filter's own path
            known = bool(
                probe.is_valid() and filters.FilterSet.filter_queryset(probe, nothing) is nothing
            )
            cls._empty_filters_nothing = known
        return known

    @property
    def errors(self) -> ErrorDict:
        if self.names_no_filter:
            return ErrorDict()
        errors: ErrorDict = super().errors
        return errors

    @property
    def cleaned(self) -> dict[str, Any]:
        """The parameters as parsed (once ``is_valid()`` is true); none when the query names
        no filter."""
        if self.names_no_filter:
            return {}
        return getattr(self.form, "cleaned_data", None) or {}

    def is_valid(self) -> bool:
        if self.names_no_filter:
            return True
        valid = super().is_valid()
        # A parameter given twice ("?stage=signatory&stage=party") would be read as its last
        # value and the rest silently ignored: a client's mistake, said as such (400), unless
        # the filter takes several values.
        getlist = getattr(self.data, "getlist", None)
        if getlist is None:
            return valid
        for name, filter_ in self.filters.items():
            given = getlist(name)
            if len(given) > 1 and not isinstance(filter_.field, forms.MultipleChoiceField):
                self.form.add_error(name, f"Give {name} once, not {len(given)} times.")
                valid = False
        return valid

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if self.names_no_filter:
            return queryset
        filtered: QuerySet = super().filter_queryset(queryset)
        return filtered

    def filter_lang(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Not a row filter: the language the response is written in (activated by the API's
        # viewsets and the exports before anything is read; see ``content_language``).
        return queryset

    def filter_as_of(self, queryset: Any, name: str, value: date) -> QuerySet:
        # Read by the resource (stages, treaty counts), not a row filter, unless a subclass
        # says otherwise.
        return queryset

    @property
    def as_of_date(self) -> date:
        """The day the record is read on: ``as_of`` when given (and valid), else today."""
        return self.cleaned.get("as_of") or today()

    @property
    def published_only(self) -> bool:
        return not sees_drafts(self.request)

    def search_q(self, value: str, fields: Iterable[str]) -> Q:
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__icontains": value})
        return query
