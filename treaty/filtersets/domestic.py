"""The FilterSet of domestic steps towards consent (the API's ``domestic-steps`` and the
export)."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django.db.models import QuerySet

from treaty.filtersets.core import TREATY_HELP, ParticipantScopedFilterSet
from treaty.filtersets.fields import ChoiceInFilter
from treaty.models import DomesticStep, DomesticStepKind, Treaty


class DomesticStepFilter(ParticipantScopedFilterSet):
    treaty = django_filters.ModelChoiceFilter(
        queryset=Treaty.objects.all(), to_field_name="slug", help_text=TREATY_HELP
    )
    step = ChoiceInFilter(
        choices=DomesticStepKind.choices, help_text="Kinds of step, separated by commas."
    )

    class Meta:
        model = DomesticStep
        fields: list[str] = []

    def filter_as_of(self, queryset: Any, name: str, value: date) -> QuerySet:
        return queryset.as_of(value)
