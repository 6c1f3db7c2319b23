"""The FilterSets' base (``treaty.filtersets.base``): a query that names no filter builds no
form and copies no filter, and still reads as before; one that names a filter is validated as
django-filter validates it, with the form class built once per FilterSet class."""

from __future__ import annotations

import django_filters as filters
import pytest
from django.http import QueryDict

from treaty.filtersets.base import ApiFilterSet
from treaty.filtersets.core import ActionFilter, AssessmentFilter, ParticipantFilter
from treaty.models import ObligationProgress, Participant, TreatyAction

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("filterset_class", "model"),
    [
        (ParticipantFilter, Participant),
        (ActionFilter, TreatyAction),
        (AssessmentFilter, ObligationProgress),
    ],
)
def test_a_query_naming_no_filter_builds_no_form(filterset_class, model):
    queryset = model.objects.all()
    filterset = filterset_class(QueryDict("limit=100&offset=0&format=json"), queryset=queryset)
    assert filterset.is_valid()
    assert filterset.filter_queryset(queryset) is queryset
    assert filterset.errors == {}
    assert filterset.cleaned == {}
    # Neither the filters' copies nor the form were made.
    assert "filters" not in filterset.__dict__
    assert not hasattr(filterset, "_form")
    # Whoever reads the form anyway finds it validated, every value empty.
    assert filterset.form.cleaned_data["as_of"] is None
    assert not any(filterset.form.cleaned_data.values())


def test_a_query_naming_a_filter_is_validated(treaty):
    queryset = Participant.objects.all()
    bad = ParticipantFilter(QueryDict("kind=planet&limit=10"), queryset=queryset)
    assert not bad.is_valid()
    assert "kind" in bad.errors
    twice = ParticipantFilter(QueryDict("kind=state&kind=reio"), queryset=queryset)
    assert not twice.is_valid()
    assert twice.errors["kind"] == ["Give kind once, not 2 times."]
    good = ParticipantFilter(QueryDict("treaty=un-cybercrime-convention"), queryset=queryset)
    assert good.is_valid()
    assert good.cleaned["treaty"] == treaty
    assert good.selected_treaties() == [treaty]


def test_the_form_class_is_built_once_per_filterset_class():
    queryset = Participant.objects.all()
    first = ParticipantFilter(QueryDict("kind=state"), queryset=queryset)
    second = ParticipantFilter(QueryDict("kind=reio"), queryset=queryset)
    assert first.get_form_class() is second.get_form_class()
    assert first.form is not second.form
    assert first.form.fields["kind"] is not second.form.fields["kind"]
    assert ActionFilter(QueryDict("kind=signature")).get_form_class() is not (
        first.get_form_class()
    )


class AlwaysFilters(filters.Filter):
    """A filter that filters even on an empty value (none of the project's does)."""

    def filter(self, qs, value):
        return qs.filter(kind=Participant.Kind.REIO)


class FiltersOnNothing(ApiFilterSet):
    reio_only = AlwaysFilters()

    class Meta:
        model = Participant
        fields: list[str] = []


class RangeNamed(ApiFilterSet):
    made = filters.DateFromToRangeFilter(field_name="date")

    class Meta:
        model = TreatyAction
        fields: list[str] = []


def test_a_filter_that_filters_on_nothing_keeps_the_long_path():
    queryset = Participant.objects.all()
    filterset = FiltersOnNothing(QueryDict("limit=10"), queryset=queryset)
    assert not filterset.names_no_filter
    assert filterset.is_valid()
    assert "REIO" in str(filterset.filter_queryset(queryset).query).upper()


def test_a_name_made_from_a_filters_names_it():
    filterset = RangeNamed(QueryDict("made_after=2026-01-01"))
    assert not filterset.names_no_filter
    assert filterset.is_valid()
    assert filterset.cleaned["made"].start is not None
    assert RangeNamed(QueryDict("limit=1")).names_no_filter
