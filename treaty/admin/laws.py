"""Admin for domestic law: a law with its provisions inline, a provision with its mappings to the
Convention inline (articles and obligations by autocomplete), and the outside indicators.

Laws, provisions and mappings are reviewed records like assessments: the review actions, the
withdrawal with a reason, the version check and the focal point's scope all come from
``ReviewedAdmin``. Inline rows are written through the services too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from treaty import permissions, services
from treaty.admin.history import HistoryAdmin
from treaty.admin.law_imports import LAWS, MAPPINGS
from treaty.admin.review import (
    RECORD_FIELDSET,
    REVIEW_FIELDSET,
    ReviewedAdmin,
    WithdrawnFilter,
)
from treaty.admin.upload_flow import upload_view
from treaty.models import (
    IndicatorValue,
    Law,
    OutsideIndicator,
    Provision,
    ProvisionMapping,
)

INLINE_READONLY = ("review_state", "version")


class ReviewedInline(admin.TabularInline):
    """Rows of a reviewed record shown under their parent: new rows start as drafts, verified
    rows are changed only by those who may publish, nothing is deleted (withdraw instead)."""

    extra = 1
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*INLINE_READONLY, *super().get_readonly_fields(request, obj))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or permissions.can_edit_participant(request.user, obj.participant_id)


class ProvisionInline(ReviewedInline):
    model = Provision
    fields = ["reference", "summary", "url", "mapped_to", "review_state", "version"]
    readonly_fields = ["mapped_to"]

    def get_queryset(self, request: HttpRequest) -> Any:
        # Each provision's mappings in one query, whatever their number.
        return (
            super()
            .get_queryset(request)
            .select_related("law")
            .prefetch_related("mappings__article", "mappings__obligation")
        )

    @admin.display(description=_("mapped to"))
    def mapped_to(self, obj: Provision) -> str:
        if obj.pk is None:
            return "—"
        return format_html_join(
            ", ",
            "{} ({})",
            (
                (m.article or m.obligation, m.get_relation_display())
                for m in obj.mappings.all()
                if m.withdrawn_at is None
            ),
        ) or str(_("not yet mapped to articles"))


class MappingInline(ReviewedInline):
    model = ProvisionMapping
    fields = ["article", "obligation", "relation", "note", "review_state", "version"]
    autocomplete_fields = ["article", "obligation"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return (
            super().get_queryset(request).select_related("provision__law", "article", "obligation")
        )


class ReviewedChildAdmin(ReviewedAdmin):
    """Saves of inline rows go through the services, as the parent's own save does."""

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        with transaction.atomic():
            for row in formset.save(commit=False):
                if row.pk is None:
                    self.record_child(row, request)
                else:
                    services.save_edited(record=row, expected_version=row.version, by=request.user)
            formset.save_m2m()

    def record_child(self, row: Any, request: HttpRequest) -> None:
        raise NotImplementedError


@admin.register(Law)
class LawAdmin(ReviewedChildAdmin):
    list_display = [
        "title",
        "participant",
        "kind",
        "status",
        "source",
        "review_state",
        "withdrawn",
        "official_link",
    ]
    list_filter = [
        "review_state",
        WithdrawnFilter,
        "status",
        "kind",
        "source",
        "participant__region",
    ]
    list_select_related = ("participant",)
    search_fields = ["title", "title_en", "identifier", "participant__name", "=participant__iso3"]
    autocomplete_fields = ["participant"]
    inlines = [ProvisionInline]
    fieldsets = [
        (None, {"fields": ["participant", "title", "title_en", "kind", "language"]}),
        (
            _("Status"),
            {"fields": ["status", "adopted_on", "in_force_on", "amended_on", "repealed_on"]},
        ),
        (_("Where to read it"), {"fields": ["official_url", "identifier"]}),
        (_("Source"), {"fields": ["source", "source_url", "source_date", "notes"]}),
        REVIEW_FIELDSET,
        RECORD_FIELDSET,
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("participant")

    @admin.display(description=_("official text"))
    def official_link(self, obj: Law) -> str:
        if not obj.official_url:
            return "—"
        return format_html('<a href="{}" rel="external">{}</a>', obj.official_url, _("link"))

    def record_child(self, row: Provision, request: HttpRequest) -> None:
        services.record_provision(
            law=row.law, reference=row.reference, summary=row.summary, url=row.url, by=request.user
        )

    def withdraw(self, obj: Law, *, reason: str, request: HttpRequest) -> None:
        services.withdraw_record(record=obj, reason=reason, by=request.user)

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(lambda r: upload_view(self, r, LAWS))
        return [path("import/", view, name="treaty_law_import"), *super().get_urls()]


@admin.register(Provision)
class ProvisionAdmin(ReviewedChildAdmin):
    list_display = ["reference", "law", "participant_name", "review_state", "withdrawn"]
    list_filter = ["review_state", WithdrawnFilter, "law__participant__region"]
    list_select_related = ("law__participant",)
    search_fields = ["reference", "summary", "law__title", "=law__participant__iso3"]
    autocomplete_fields = ["law"]
    inlines = [MappingInline]
    fieldsets = [
        (None, {"fields": ["law", "reference", "summary", "url"]}),
        REVIEW_FIELDSET,
        RECORD_FIELDSET,
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("law__participant")

    @admin.display(description=_("participant"), ordering="law__participant__name")
    def participant_name(self, obj: Provision) -> str:
        return str(obj.law.participant)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "law":
            kwargs["queryset"] = Law.objects.active().filter(
                participant__in=permissions.editable_participants(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def record_child(self, row: ProvisionMapping, request: HttpRequest) -> None:
        services.map_provision(
            provision=row.provision,
            article=row.article,
            obligation=row.obligation,
            relation=row.relation,
            note=row.note,
            by=request.user,
        )

    def withdraw(self, obj: Provision, *, reason: str, request: HttpRequest) -> None:
        services.withdraw_record(record=obj, reason=reason, by=request.user)


@admin.register(ProvisionMapping)
class ProvisionMappingAdmin(ReviewedAdmin):
    list_display = ["provision", "article", "obligation", "relation", "review_state", "withdrawn"]
    list_filter = [
        "review_state",
        WithdrawnFilter,
        "relation",
        "provision__law__participant__region",
    ]
    list_select_related = ("provision__law__participant", "article", "obligation")
    search_fields = [
        "provision__reference",
        "provision__law__title",
        "=provision__law__participant__iso3",
        "obligation__code",
        "=article__number",
    ]
    autocomplete_fields = ["provision", "article", "obligation"]
    fieldsets = [
        (None, {"fields": ["provision", "article", "obligation", "relation", "note"]}),
        REVIEW_FIELDSET,
        RECORD_FIELDSET,
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        return (
            super()
            .get_queryset(request)
            .select_related("provision__law__participant", "article", "obligation")
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "provision":
            kwargs["queryset"] = Provision.objects.active().filter(
                law__participant__in=permissions.editable_participants(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def withdraw(self, obj: ProvisionMapping, *, reason: str, request: HttpRequest) -> None:
        services.withdraw_record(record=obj, reason=reason, by=request.user)

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(lambda r: upload_view(self, r, MAPPINGS))
        return [path("import/", view, name="treaty_provisionmapping_import"), *super().get_urls()]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    fields = ["participant", "value"]
    autocomplete_fields = ["participant"]
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("participant")


@admin.register(OutsideIndicator)
class OutsideIndicatorAdmin(HistoryAdmin):
    """Another body's published figures, with their attribution: kept apart from assessments."""

    list_display = ["name", "source", "published_on", "publisher"]
    search_fields = ["code", "name", "source", "publisher"]
    inlines = [IndicatorValueInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
