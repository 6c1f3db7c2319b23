"""Admin for domestic steps towards consent: entered, reviewed and withdrawn like every record."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from treaty import services
from treaty.admin.review import RECORD_FIELDSET, REVIEW_FIELDSET, ReviewedAdmin, WithdrawnFilter
from treaty.models import DomesticStep


@admin.register(DomesticStep)
class DomesticStepAdmin(ReviewedAdmin):
    list_display = ["participant", "step", "date", "treaty", "review_state", "withdrawn"]
    list_filter = ["review_state", WithdrawnFilter, "step", "treaty", "participant__region"]
    list_select_related = ("participant", "treaty")
    date_hierarchy = "date"
    search_fields = ["participant__name", "=participant__iso3", "source", "note"]
    autocomplete_fields = ["treaty", "participant"]
    fieldsets = [
        (None, {"fields": ["treaty", "participant", "step", "date", "date_earliest", "note"]}),
        (_("Source"), {"fields": ["source", "source_url"]}),
        REVIEW_FIELDSET,
        RECORD_FIELDSET,
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        # A record's page and history are titled with the participant's name.
        return super().get_queryset(request).select_related("participant", "treaty")

    def withdraw(self, obj: DomesticStep, *, reason: str, request: HttpRequest) -> None:
        services.withdraw_record(record=obj, reason=reason, by=request.user)
