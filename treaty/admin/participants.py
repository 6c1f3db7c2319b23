"""Admin for participants: their other names, and a read-friendly view of their record."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.contrib import admin
from django.db.models import Case, CharField, DateField, IntegerField, QuerySet, Value, When
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from treaty import permissions
from treaty.admin.history import HistoryAdmin
from treaty.admin.treaties import NoDeleteMixin
from treaty.models import ObligationProgress, Participant, ParticipantName, Treaty, TreatyAction
from treaty.status import Stage, TreatyStatus
from treaty.vocabulary import STAGE_LABELS, STAGE_ORDER, STAGE_RANK

# The request attribute holding the default treaty and its status, computed once per changelist
# request: the stage column, its ordering and its filter all read it, never a query per row.
STATUS_ATTR = "_tracker_default_treaty_status"


# How many assessments the participant page lists (newest first); the rest are one click away
# in the filtered assessments list. A participant has one per obligation and date, so the full
# history can run to thousands of rows.
ASSESSMENTS_SHOWN = 50

RECORD_MODELS = {TreatyAction._meta.model_name, ObligationProgress._meta.model_name}


def default_treaty_status(user: Any) -> tuple[Treaty, TreatyStatus] | None:
    """The default treaty and every participant's stage in it today, counting every standing
    action ``user`` may read (drafts included: editors see what they entered; a focal point,
    its own participants' drafts only). Two queries; None when the default treaty is not
    loaded yet."""
    treaty = Treaty.objects.default()
    if treaty is None:
        return None
    return treaty, treaty.status_on(timezone.localdate(), published_only=False, user=user)


def annotate_stage(queryset: QuerySet[Participant], status: TreatyStatus) -> QuerySet[Participant]:
    """Adds ``treaty_stage``, ``treaty_stage_rank`` and ``treaty_entry_into_force_on`` from an
    already computed status, as constant CASE expressions: no further query, and the database
    can sort and filter on them."""
    codes_by_stage: dict[Stage, list[str]] = defaultdict(list)
    codes_by_date: dict[date, list[str]] = defaultdict(list)
    for code, participant in status.participants.items():
        codes_by_stage[participant.stage].append(code)
        if participant.entry_into_force_on is not None:
            codes_by_date[participant.entry_into_force_on].append(code)
    return queryset.annotate(
        treaty_stage=Case(
            *[When(iso3__in=c, then=Value(s.value)) for s, c in codes_by_stage.items()],
            default=Value(Stage.NONE.value),
            output_field=CharField(),
        ),
        treaty_stage_rank=Case(
            *[
                # Highest furthest along (``STAGE_ORDER``): a descending sort puts parties first.
                When(iso3__in=c, then=Value(len(STAGE_ORDER) - STAGE_RANK[s]))
                for s, c in codes_by_stage.items()
            ],
            default=Value(len(STAGE_ORDER) - STAGE_RANK[Stage.NONE]),
            output_field=IntegerField(),
        ),
        treaty_entry_into_force_on=Case(
            *[When(iso3__in=c, then=Value(on)) for on, c in codes_by_date.items()],
            default=Value(None),
            output_field=DateField(),
        ),
    )


def _is_autocomplete_for_a_record(request: HttpRequest) -> bool:
    """Whether this is the participant box of a treaty action's or an assessment's form."""
    return (
        request.resolver_match is not None
        and request.resolver_match.url_name == "autocomplete"
        and request.GET.get("app_label") == "treaty"
        and request.GET.get("model_name") in RECORD_MODELS
        and request.GET.get("field_name") == "participant"
    )


class StageFilter(admin.SimpleListFilter):
    title = _("stage in the default treaty")
    parameter_name = "stage"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(stage.value, STAGE_LABELS[stage]) for stage in STAGE_ORDER]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() and "treaty_stage" in queryset.query.annotations:
            return queryset.filter(treaty_stage=self.value())
        return queryset


class ParticipantNameInline(admin.TabularInline):
    model = ParticipantName
    fields = ["name", "note"]
    extra = 1


class ReadOnlyInline(admin.TabularInline):
    """A participant's records, to read on its page; each is changed on its own page, where the
    write path's bookkeeping runs (version, current flag)."""

    extra = 0
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> Any:
        # A focal point reads the unpublished records of its own participants only.
        return permissions.readable(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TreatyActionInline(ReadOnlyInline):
    model = TreatyAction
    fields = ["treaty", "kind", "date", "review_state", "withdrawn_at", "source"]
    ordering = ["-date", "kind"]
    verbose_name_plural = _("treaty actions (newest first)")

    def get_queryset(self, request: HttpRequest) -> Any:
        # Each row shows its treaty and its title, which names the participant.
        return super().get_queryset(request).select_related("treaty", "participant")


class NewestAssessmentsFormSet(BaseInlineFormSet):
    def get_queryset(self) -> Any:
        if not hasattr(self, "_newest"):
            # Sliced after the formset has filtered on the participant (a sliced queryset can
            # no longer be filtered), and kept so the forms reuse one query's rows.
            self._newest = super().get_queryset()[:ASSESSMENTS_SHOWN]
        return self._newest


class AssessmentInline(ReadOnlyInline):
    model = ObligationProgress
    formset = NewestAssessmentsFormSet
    fields = ["obligation", "as_of", "status", "review_state", "is_current", "withdrawn_at"]
    ordering = ["-as_of", "obligation__position", "-pk"]
    verbose_name_plural = format_lazy(_("assessments (the {} newest)"), ASSESSMENTS_SHOWN)

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("obligation", "participant")


@admin.register(Participant)
class ParticipantAdmin(NoDeleteMixin, TranslationAdmin, HistoryAdmin):
    list_display = [
        "name",
        "iso3",
        "iso2",
        "kind",
        "region",
        "is_un_member",
        "stage",
        "entry_into_force_on",
    ]
    list_filter = [StageFilter, "kind", "is_un_member", "region"]
    # Listed for the search box and the admin's checks; the search itself is the domain's
    # (other names, accents and case ignored), see get_search_results.
    search_fields = ["name", "=iso3", "=iso2", "other_names__name"]
    autocomplete_fields = ["members"]
    readonly_fields = ["records"]
    inlines = [ParticipantNameInline, TreatyActionInline, AssessmentInline]
    fieldsets = [
        (None, {"fields": ["iso3", "iso2", "m49", "kind", "records"]}),
        # One input per language (django-modeltranslation: name [en], name [fr]…).
        (_("Names"), {"fields": ["name", "formal_name"]}),
        (
            _("Region"),
            {
                "fields": [
                    "region",
                    "region_code",
                    "subregion",
                    "subregion_code",
                    "intermediate_region",
                    "is_un_member",
                ]
            },
        ),
        (_("Organization"), {"fields": ["members"]}),
        (_("Import"), {"fields": ["name_pattern"], "classes": ["collapse"]}),
    ]

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> Any:
        # A participant being added has no records yet: show its other names only.
        inlines = super().get_inline_instances(request, obj)
        return inlines if obj is not None else [i for i in inlines if i.model is ParticipantName]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        found = default_treaty_status(request.user)
        setattr(request, STATUS_ATTR, found)
        if found is not None:
            treaty, status = found
            extra_context = {
                "subtitle": _(
                    "Stage in %(treaty)s on %(date)s, counting every standing action (drafts "
                    "included, withdrawn ones not)."
                )
                % {"treaty": treaty, "date": status.as_of.isoformat()},
                **(extra_context or {}),
            }
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = super().get_queryset(request)
        found = getattr(request, STATUS_ATTR, None)
        if found is not None:
            queryset = annotate_stage(queryset, found[1])
        return queryset

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # The domain's search: code, names in six languages, other names and former-name
        # patterns, accents and case ignored; already distinct (other names are a to-many join).
        found = queryset.known_as(search_term)  # type: ignore[attr-defined]
        if _is_autocomplete_for_a_record(request):
            # Offer a focal point only the participants it may enter records for.
            found = found.filter(pk__in=permissions.editable_participants(request.user))
        return found, False

    @admin.display(description=_("stage"), ordering="treaty_stage_rank")
    def stage(self, obj: Participant) -> str | None:
        return getattr(obj, "treaty_stage", None)

    @admin.display(description=_("in force for it on"), ordering="treaty_entry_into_force_on")
    def entry_into_force_on(self, obj: Participant) -> date | None:
        return getattr(obj, "treaty_entry_into_force_on", None)

    @admin.display(description=_("records"))
    def records(self, obj: Participant) -> str:
        if obj.pk is None:
            return "—"
        links = [
            (reverse("admin:treaty_treatyaction_changelist"), _("all treaty actions")),
            (reverse("admin:treaty_obligationprogress_changelist"), _("all assessments")),
        ]
        adds = [
            (reverse("admin:treaty_treatyaction_add"), _("record a treaty action")),
            (reverse("admin:treaty_obligationprogress_add"), _("add an assessment")),
        ]
        return format_html(
            "{} · {}",
            format_html_join(
                " · ",
                '<a href="{}?participant__id__exact={}">{}</a>',
                ((url, obj.pk, label) for url, label in links),
            ),
            format_html_join(
                " · ",
                '<a href="{}?participant={}">{}</a>',
                ((url, obj.pk, label) for url, label in adds),
            ),
        )


@admin.register(ParticipantName)
class ParticipantNameAdmin(admin.ModelAdmin):
    """Other names also have their own list: editors may hold the name permissions without the
    right to change a participant's reference data (see ``treaty.roles``)."""

    list_display = ["name", "participant", "note"]
    list_select_related = ("participant",)
    search_fields = ["name", "normalized", "participant__name", "=participant__iso3"]
    autocomplete_fields = ["participant"]
    readonly_fields = ["normalized"]
