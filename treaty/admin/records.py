"""Admin for the reviewed records: treaty actions and assessments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _

from treaty import permissions, services
from treaty.admin.imports import ASSESSMENTS, STATUS_TABLE
from treaty.admin.review import (
    RECORD_FIELDSET,
    REVIEW_FIELDSET,
    ReviewedAdmin,
    VersionCheckedForm,
    WithdrawnFilter,
)
from treaty.admin.upload_flow import upload_view
from treaty.models import ObligationProgress, TreatyAction


class TreatyActionForm(VersionCheckedForm):
    publish = forms.BooleanField(
        label=_("Publish now"),
        required=False,
        help_text=_(
            "For an action copied from the depositary's record with its source: it needs no "
            "second pair of eyes. Leave unticked to start a draft."
        ),
    )

    confirm_accession_after_signature = forms.BooleanField(
        label=_("Accession after signature"),
        required=False,
        help_text=_(
            "A signatory normally ratifies, accepts or approves. Tick this only when the "
            "depositary records an accession by a participant that signed."
        ),
    )

    class Meta:
        model = TreatyAction
        fields: list[str] = []  # the admin sets them from its fieldsets

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # The rule is the model's (TreatyAction._check_consent): the form passes the answer on.
        self.instance.confirm_accession_after_signature = bool(
            cleaned.get("confirm_accession_after_signature")
        )
        return cleaned


@admin.register(TreatyAction)
class TreatyActionAdmin(ReviewedAdmin):
    form = TreatyActionForm
    list_display = [
        "participant",
        "kind",
        "date",
        "date_earliest",
        "treaty",
        "review_state",
        "withdrawn",
        "depositary_notification",
    ]
    list_filter = [
        "review_state",
        WithdrawnFilter,
        "kind",
        "source_kind",
        "treaty",
        "participant__region",
    ]
    list_select_related = ("participant", "treaty")
    date_hierarchy = "date"
    search_fields = [
        "participant__name",
        "=participant__iso3",
        "depositary_notification",
        "source",
        "text",
    ]
    autocomplete_fields = ["treaty", "participant", "relates_to"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "treaty",
                    "participant",
                    "kind",
                    "confirm_accession_after_signature",
                    "date",
                    "date_earliest",
                    "effective_on",
                    "relates_to",
                    "text",
                ]
            },
        ),
        (
            _("Source"),
            {"fields": ["source", "source_kind", "source_url", "depositary_notification"]},
        ),
        REVIEW_FIELDSET,
        RECORD_FIELDSET,
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        # A record's page and history are titled with the participant's name.
        return super().get_queryset(request).select_related("participant", "treaty")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None and permissions.can_publish_directly(request.user, TreatyAction):
            return [*fieldsets, (_("Publication"), {"fields": ["publish"]})]
        return fieldsets

    def publish_on_add(self, request: HttpRequest, form: Any) -> bool:
        # As record_treaty_action(publish=True): an editor's depositary action is public at once.
        return bool(form.cleaned_data.get("publish")) and permissions.can_publish_directly(
            request.user, TreatyAction
        )

    def withdraw(self, obj: TreatyAction, *, reason: str, request: HttpRequest) -> None:
        services.withdraw_record(record=obj, reason=reason, by=request.user)

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(lambda r: upload_view(self, r, STATUS_TABLE))
        return [path("import/", view, name="treaty_treatyaction_import"), *super().get_urls()]


@admin.register(ObligationProgress)
class ObligationProgressAdmin(ReviewedAdmin):
    list_display = [
        "participant",
        "obligation",
        "as_of",
        "status",
        "review_state",
        "is_current",
        "withdrawn",
        "assessed_by",
    ]
    list_filter = [
        "review_state",
        WithdrawnFilter,
        "is_current",
        "status",
        "obligation__category",
        "obligation__strength",
        "obligation__treaty",
        "participant__region",
    ]
    list_select_related = ("participant", "obligation")
    date_hierarchy = "as_of"
    search_fields = [
        "participant__name",
        "=participant__iso3",
        "obligation__code",
        "obligation__title",
        "evidence_title",
        "evidence_citation",
        "assessed_by",
    ]
    autocomplete_fields = ["participant", "obligation"]
    readonly_fields = ["is_current"]
    fieldsets = [
        (None, {"fields": ["participant", "obligation", "as_of", "status", "is_current"]}),
        (
            _("Evidence"),
            {
                "fields": [
                    "evidence_title",
                    "evidence_citation",
                    "evidence_url",
                    "evidence_adopted_on",
                    "notes",
                    "assessed_by",
                ]
            },
        ),
        REVIEW_FIELDSET,
        RECORD_FIELDSET,
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        # A record's page and history are titled with the participant and the obligation.
        return super().get_queryset(request).select_related("participant", "obligation")

    def withdraw(self, obj: ObligationProgress, *, reason: str, request: HttpRequest) -> None:
        services.withdraw_record(record=obj, reason=reason, by=request.user)

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(lambda r: upload_view(self, r, ASSESSMENTS))
        return [
            path("import/", view, name="treaty_obligationprogress_import"),
            *super().get_urls(),
        ]
