"""Domestic law in the API: ``laws``, ``provisions``, ``mappings`` (provision → article or
obligation) and ``indicator-values`` (outside indicators, with their attribution).

Reads: the public sees published records (a mapping only when its provision and its law are
published too); editors also see drafts. Every list takes ``as_of`` and runs a fixed number of
queries. Writes go through the services under the rules of ``treaty.permissions``, exactly as
assessments: POST records a draft, PATCH corrects with the ``version`` read, and the review
steps (``submit/``, ``verify/``, ``return/``, ``withdraw/``) are the same routes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters as filters
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema_view
from rest_framework import mixins, serializers, viewsets

from treaty import services
from treaty.api import schema as docs
from treaty.api.context import default_treaty, sees_drafts
from treaty.api.filter_fields import (
    ChoiceInFilter,
    CodeListFilter,
    IdFilter,
    StrictBooleanFilter,
    WholeNumberFilter,
    known_obligations,
    ordering_filter,
    participant_codes_filter,
    region_filter,
)
from treaty.api.filters import ParticipantScopedFilterSet
from treaty.api.pagination import UncountedPagination
from treaty.api.views import (
    REVIEW_BODIES,
    ApiViewSetMixin,
    ReviewedVisibilityMixin,
    ReviewFlowMixin,
)
from treaty.api.write_serializers import (
    ParticipantCodeField,
    ServiceEditSerializer,
    ServiceInputSerializer,
)
from treaty.models import (
    Article,
    IndicatorValue,
    Law,
    LawKind,
    LawStatus,
    MappingRelation,
    Obligation,
    Provision,
    ProvisionMapping,
    ReviewState,
    Treaty,
)
from treaty.models.laws import public_mapping_exists

PARTICIPANT_SOURCES = ("participants", "memberships", "treaties", "actions")


# --- Filters ---------------------------------------------------------------------------------

# Ids and numbers a database column holds: a larger value is a 400 naming the parameter.
REVIEW_STATE_HELP = "For editors: review states, separated by commas (the public sees verified)."


class LawFilter(ParticipantScopedFilterSet):
    kind = ChoiceInFilter(choices=LawKind.choices, help_text="Kinds, separated by commas.")
    status = ChoiceInFilter(choices=LawStatus.choices, help_text="Statuses, separated by commas.")
    source = filters.CharFilter(
        field_name="source", lookup_expr="icontains", help_text="Text in the source's name."
    )
    mapped = StrictBooleanFilter(
        method="filter_mapped",
        help_text="true: laws with a provision mapped to the Convention (published); false: "
        "laws not yet mapped to articles.",
    )
    search = filters.CharFilter(
        method="filter_search", help_text="Text in the title, English title or identifier."
    )
    review_state = ChoiceInFilter(choices=ReviewState.choices, help_text=REVIEW_STATE_HELP)
    ordering = ordering_filter(
        [
            ("participant__name", "participant"),
            ("title", "title"),
            ("status", "status"),
            ("adopted_on", "adopted_on"),
            ("updated_at", "updated_at"),
        ],
        "Sort by these keys (a '-' reverses one); default: participant, title.",
    )

    class Meta:
        model = Law
        fields: list[str] = []

    def filter_as_of(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.as_of(value)

    def filter_mapped(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        mapped = public_mapping_exists("provision__law")
        return queryset.filter(mapped if value else ~mapped)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(self.search_q(value, ["title", "title_en", "identifier"]))


class ProvisionFilter(ParticipantScopedFilterSet):
    participant_path = "law__participant__"

    participant = participant_codes_filter("law__participant__iso3")
    region = region_filter("law__participant__region", "region", "region")
    subregion = region_filter("law__participant__subregion", "subregion", "sub-region")
    law = IdFilter(field_name="law_id", help_text="The law's id.")
    assessment = IdFilter(
        field_name="cited_by",
        help_text="The provisions an assessment (by its id) cites as its evidence.",
    )
    mapped = StrictBooleanFilter(
        method="filter_mapped", help_text="true: provisions mapped to the Convention."
    )
    search = filters.CharFilter(
        method="filter_search", help_text="Text in the reference, summary or law's title."
    )
    review_state = ChoiceInFilter(choices=ReviewState.choices, help_text=REVIEW_STATE_HELP)
    ordering = ordering_filter(
        [("law__title", "law"), ("reference", "reference"), ("updated_at", "updated_at")],
        "Sort by these keys (a '-' reverses one); default: law, then the order entered.",
    )

    class Meta:
        model = Provision
        fields: list[str] = []

    def filter_as_of(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(law__in=Law.objects.as_of(value).values("pk"))

    def filter_mapped(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        mapped = public_mapping_exists("provision")
        return queryset.filter(mapped if value else ~mapped)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(self.search_q(value, ["reference", "summary", "law__title"]))


class MappingFilter(ParticipantScopedFilterSet):
    participant_path = "provision__law__participant__"

    participant = participant_codes_filter("provision__law__participant__iso3")
    region = region_filter("provision__law__participant__region", "region", "region")
    subregion = region_filter("provision__law__participant__subregion", "subregion", "sub-region")
    law = IdFilter(field_name="provision__law_id", help_text="The law's id.")
    provision = IdFilter(field_name="provision_id", help_text="The provision's id.")
    treaty = filters.ModelChoiceFilter(
        queryset=Treaty.objects.all(),
        to_field_name="slug",
        method="filter_treaty",
        help_text="The treaty of the article or obligation, by slug (default for `article`, "
        "`obligation` and `chapter`: the Convention).",
    )
    article = WholeNumberFilter(
        method="filter_article",
        help_text="Mappings that reach this article number: to it, or to an obligation tied to it.",
    )
    obligation = CodeListFilter(
        method="filter_obligation",
        noun="obligation code",
        known=known_obligations,
        help_text="Mappings that reach these obligations (codes, separated by commas): to "
        "them, or to one of their articles.",
    )
    chapter = WholeNumberFilter(
        method="filter_chapter", help_text="Mappings to an article of this chapter."
    )
    relation = ChoiceInFilter(
        choices=MappingRelation.choices, help_text="Relations, separated by commas."
    )
    review_state = ChoiceInFilter(choices=ReviewState.choices, help_text=REVIEW_STATE_HELP)
    search = filters.CharFilter(
        method="filter_search", help_text="Text in the note, the reference or the law's title."
    )
    ordering = ordering_filter(
        [
            ("provision__law__participant__name", "participant"),
            ("article__number", "article"),
            ("relation", "relation"),
            ("updated_at", "updated_at"),
        ],
        "Sort by these keys (a '-' reverses one); default: the order entered.",
    )

    class Meta:
        model = ProvisionMapping
        fields: list[str] = []

    def treaty_chosen(self) -> Treaty | None:
        data = getattr(self.form, "cleaned_data", None) or {}
        return data.get("treaty") or default_treaty()

    def filter_treaty(self, queryset: QuerySet, name: str, value: Treaty) -> QuerySet:
        return queryset.filter(Q(article__treaty=value) | Q(obligation__treaty=value))

    def filter_as_of(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.as_of(value)

    def filter_article(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        articles = Article.objects.filter(treaty=self.treaty_chosen(), number=value)
        obligations = Obligation.objects.filter(articles__in=articles)
        return queryset.filter(
            Q(article__in=articles.values("pk")) | Q(obligation__in=obligations.values("pk"))
        )

    def filter_obligation(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        obligations = Obligation.objects.filter(treaty=self.treaty_chosen(), code__in=value)
        articles = Article.objects.filter(obligations__in=obligations)
        return queryset.filter(
            Q(obligation__in=obligations.values("pk")) | Q(article__in=articles.values("pk"))
        )

    def filter_chapter(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(article__treaty=self.treaty_chosen(), article__chapter__number=value)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            self.search_q(value, ["note", "provision__reference", "provision__law__title"])
        )


class IndicatorValueFilter(ParticipantScopedFilterSet):
    indicator = filters.CharFilter(
        field_name="indicator__code",
        help_text="The indicator's code, e.g. 'unctad-cybercrime-legislation'.",
    )
    value = filters.CharFilter(
        field_name="value", lookup_expr="iexact", help_text="The value, any case."
    )
    ordering = ordering_filter(
        [("participant__name", "participant"), ("value", "value")],
        "Sort by these keys (a '-' reverses one); default: participant.",
    )

    class Meta:
        model = IndicatorValue
        fields: list[str] = []

    def filter_as_of(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(indicator__published_on__lte=value)


# --- Read serializers ------------------------------------------------------------------------


class LawSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:law-detail")
    participant = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    mapped = serializers.BooleanField(
        read_only=True,
        help_text="Whether a provision of it is mapped to the Convention (published); false "
        "reads 'not yet mapped to articles'.",
    )

    class Meta:
        model = Law
        fields = [
            "id",
            "url",
            "participant",
            "participant_name",
            "title",
            "title_en",
            "kind",
            "status",
            "adopted_on",
            "in_force_on",
            "amended_on",
            "repealed_on",
            "official_url",
            "identifier",
            "language",
            "source",
            "source_url",
            "source_date",
            "notes",
            "mapped",
            "review_state",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class ProvisionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:provision-detail")
    law_title = serializers.CharField(source="law.title", read_only=True)
    participant = serializers.CharField(source="law.participant.iso3", read_only=True)
    link = serializers.CharField(
        source="url", read_only=True, help_text="URL of the exact place in the law, or empty."
    )

    class Meta:
        model = Provision
        fields = [
            "id",
            "url",
            "law",
            "law_title",
            "participant",
            "reference",
            "summary",
            "link",
            "review_state",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class MappingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:mapping-detail")
    law = serializers.IntegerField(source="provision.law_id", read_only=True)
    law_title = serializers.CharField(source="provision.law.title", read_only=True)
    reference = serializers.CharField(source="provision.reference", read_only=True)
    participant = serializers.CharField(source="provision.law.participant.iso3", read_only=True)
    article = serializers.IntegerField(
        source="article.number", read_only=True, allow_null=True, default=None
    )
    obligation = serializers.CharField(
        source="obligation.code", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = ProvisionMapping
        fields = [
            "id",
            "url",
            "provision",
            "reference",
            "law",
            "law_title",
            "participant",
            "article",
            "obligation",
            "relation",
            "note",
            "review_state",
            "verified_at",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class IndicatorValueSerializer(serializers.ModelSerializer):
    participant = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    name = serializers.CharField(source="indicator.name", read_only=True)
    publisher = serializers.CharField(source="indicator.publisher", read_only=True)
    source = serializers.CharField(source="indicator.source", read_only=True)
    source_url = serializers.CharField(source="indicator.source_url", read_only=True)
    published_on = serializers.DateField(source="indicator.published_on", read_only=True)
    terms = serializers.CharField(source="indicator.terms", read_only=True)
    attribution = serializers.CharField(
        source="indicator.attribution",
        read_only=True,
        help_text="Name this wherever the value is shown: the source and its date.",
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "participant",
            "participant_name",
            "indicator",
            "name",
            "value",
            "publisher",
            "source",
            "source_url",
            "published_on",
            "terms",
            "attribution",
        ]
        read_only_fields = fields


# --- Write serializers -----------------------------------------------------------------------


class LawInputSerializer(ServiceInputSerializer):
    """A national law to record (a draft for review)."""

    participant = ParticipantCodeField(help_text="ISO alpha-3 code, e.g. 'ALB'.")
    title = serializers.CharField(allow_blank=True, help_text="As officially published.")
    source = serializers.CharField(allow_blank=True, help_text="Where this law was reported.")
    title_en = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=LawKind.choices, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=LawStatus.choices, required=False)
    adopted_on = serializers.DateField(required=False, allow_null=True)
    in_force_on = serializers.DateField(required=False, allow_null=True)
    amended_on = serializers.DateField(required=False, allow_null=True)
    repealed_on = serializers.DateField(required=False, allow_null=True)
    official_url = serializers.CharField(required=False, allow_blank=True)
    identifier = serializers.CharField(required=False, allow_blank=True)
    language = serializers.CharField(required=False, allow_blank=True)
    source_url = serializers.CharField(required=False, allow_blank=True)
    source_date = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)

    def call_service(self, **fields: Any) -> Law:
        return services.record_law(**fields)


class LawEditSerializer(ServiceEditSerializer):
    """A correction to a law (its participant stays)."""

    title = serializers.CharField(required=False, allow_blank=True)
    title_en = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=LawKind.choices, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=LawStatus.choices, required=False)
    adopted_on = serializers.DateField(required=False, allow_null=True)
    in_force_on = serializers.DateField(required=False, allow_null=True)
    amended_on = serializers.DateField(required=False, allow_null=True)
    repealed_on = serializers.DateField(required=False, allow_null=True)
    official_url = serializers.CharField(required=False, allow_blank=True)
    identifier = serializers.CharField(required=False, allow_blank=True)
    language = serializers.CharField(required=False, allow_blank=True)
    source = serializers.CharField(required=False, allow_blank=True)
    source_url = serializers.CharField(required=False, allow_blank=True)
    source_date = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class ProvisionInputSerializer(ServiceInputSerializer):
    """A provision of a law to record (a draft for review)."""

    law = serializers.PrimaryKeyRelatedField(
        queryset=Law.objects.active(), help_text="The law's id (see `laws`)."
    )
    reference = serializers.CharField(allow_blank=True, help_text="E.g. 'art. 3', 's. 12(1)'.")
    summary = serializers.CharField(required=False, allow_blank=True)
    link = serializers.CharField(
        source="url", required=False, allow_blank=True, help_text="URL of the exact place."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Whose data this is: the viewset checks the writer's scope on it.
        attrs["participant"] = attrs["law"].participant
        return attrs

    def call_service(self, **fields: Any) -> Provision:
        fields.pop("participant")
        return services.record_provision(**fields)


class ProvisionEditSerializer(ServiceEditSerializer):
    reference = serializers.CharField(required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    link = serializers.CharField(source="url", required=False, allow_blank=True)


class MappingInputSerializer(ServiceInputSerializer):
    """A provision mapped to an article (by number) or an obligation (by code) of a treaty
    (default: the Convention); a draft for review."""

    provision = serializers.PrimaryKeyRelatedField(
        queryset=Provision.objects.active().select_related("law__participant"),
        help_text="The provision's id (see `provisions`).",
    )
    treaty = serializers.SlugRelatedField(
        slug_field="slug", queryset=Treaty.objects.all(), required=False
    )
    article = serializers.IntegerField(
        required=False, allow_null=True, help_text="The article's number, e.g. 7."
    )
    obligation = serializers.CharField(
        required=False, allow_blank=True, help_text="Or the obligation's code, e.g. 'art-7'."
    )
    relation = serializers.ChoiceField(choices=MappingRelation.choices)
    note = serializers.CharField(required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        treaty = attrs.pop("treaty", None) or default_treaty()
        number, code = attrs.pop("article", None), attrs.pop("obligation", "") or ""
        if (number is None) == (not code):
            raise serializers.ValidationError(
                {"article": ["Give an article number or an obligation code: exactly one."]}
            )
        if number is not None:
            attrs["article"] = Article.objects.filter(treaty=treaty, number=number).first()
            if attrs["article"] is None:
                raise serializers.ValidationError(
                    {"article": [f"{treaty} has no article {number}."]}
                )
        else:
            attrs["obligation"] = Obligation.objects.filter(treaty=treaty, code=code).first()
            if attrs["obligation"] is None:
                raise serializers.ValidationError(
                    {"obligation": [f"{treaty} has no obligation with the code {code!r}."]}
                )
        attrs["participant"] = attrs["provision"].law.participant
        return attrs

    def call_service(self, **fields: Any) -> ProvisionMapping:
        fields.pop("participant")
        return services.map_provision(**fields)


class MappingEditSerializer(ServiceEditSerializer):
    relation = serializers.ChoiceField(choices=MappingRelation.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)


# --- Viewsets --------------------------------------------------------------------------------

LAW_EXAMPLE = {
    "id": 2,
    "url": "http://127.0.0.1:8000/api/v1/laws/2/",
    "participant": "ALB",
    "participant_name": "Albania",
    "title": "Law No. 02/2017 - On cybersecurity (in English)",
    "title_en": "",
    "kind": "",
    "status": "reported",
    "adopted_on": None,
    "in_force_on": None,
    "amended_on": None,
    "repealed_on": None,
    "official_url": "https://sherloc.unodc.org/cld/uploads/res/law-no-2-2017-on-cybersecurity_html/Law_No_22017_on_Cybersecurity.pdf",
    "identifier": "",
    "language": "English",
    "source": "UNCTAD Global Cyberlaw Tracker",
    "source_url": "https://github.com/unctad-infovis/2026-cyberlaw_tracker",
    "source_date": "2026-03-05",
    "notes": "",
    "mapped": False,
    "review_state": "verified",
    "version": 1,
    "updated_at": "2026-11-28T20:00:00Z",
}
LAW_INPUT_EXAMPLE = {
    "participant": "ALB",
    "title": "Criminal Code of the Republic of Albania",
    "kind": "code",
    "status": "in_force",
    "source": "Official gazette",
}
PROVISION_EXAMPLE = {
    "id": 5,
    "url": "http://127.0.0.1:8000/api/v1/provisions/5/",
    "law": 2,
    "law_title": "Law No. 02/2017 - On cybersecurity (in English)",
    "participant": "ALB",
    "reference": "art. 3",
    "summary": "Unauthorized access to a computer system.",
    "link": "",
    "review_state": "verified",
    "version": 3,
    "updated_at": "2026-11-28T20:00:00Z",
}
MAPPING_EXAMPLE = {
    "id": 9,
    "url": "http://127.0.0.1:8000/api/v1/mappings/9/",
    "provision": 5,
    "reference": "art. 3",
    "law": 2,
    "law_title": "Law No. 02/2017 - On cybersecurity (in English)",
    "participant": "ALB",
    "article": 7,
    "obligation": None,
    "relation": "implements",
    "note": "",
    "review_state": "verified",
    "verified_at": "2026-11-28T20:00:00Z",
    "version": 3,
    "updated_at": "2026-11-28T20:00:00Z",
}
INDICATOR_EXAMPLE = {
    "participant": "CAF",
    "participant_name": "Central African Republic",
    "indicator": "unctad-cybercrime-legislation",
    "name": "Cybercrime legislation",
    "value": "No Legislation",
    "publisher": "UNCTAD",
    "source": "UNCTAD Global Cyberlaw Tracker",
    "source_url": "https://github.com/unctad-infovis/2026-cyberlaw_tracker",
    "published_on": "2026-03-05",
    "terms": "UNCTAD allows reuse of the Global Cyberlaw Tracker with acknowledgement.",
    "attribution": "UNCTAD Global Cyberlaw Tracker, 2026-03-05",
}

REVIEWED_RULES = (
    " Written like assessments: a POST records a draft (`publish` is refused), a reviewer "
    "verifies it; `as_of` reads the record as it stood on that day."
)


@extend_schema_view(
    **docs.read_docs(
        "law",
        "laws",
        LawSerializer,
        example=LAW_EXAMPLE,
        description="National laws: title as published, kind, status with its dates, the "
        "official text and the source of the record (UNCTAD's Global Cyberlaw Tracker with its "
        "date for the laws it reports, status `reported` until an editor confirms them). With "
        "`as_of`, laws adopted after that day are left out." + REVIEWED_RULES,
    ),
    create=docs.create_docs("a law", LawInputSerializer, LawSerializer, example=LAW_INPUT_EXAMPLE),
    partial_update=docs.edit_docs(
        "a law", LawEditSerializer, LawSerializer, example={"version": 1, "status": "in_force"}
    ),
    **docs.review_docs("a law", REVIEW_BODIES, LawSerializer),
)
class LawViewSet(
    ApiViewSetMixin, ReviewedVisibilityMixin, ReviewFlowMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = (
        Law.objects.select_related("participant")
        .annotate(mapped=public_mapping_exists("provision__law"))
        .order_by("participant__name", "title", "pk")
    )
    serializer_class = LawSerializer
    input_serializer_class = LawInputSerializer
    edit_serializer_class = LawEditSerializer
    filterset_class = LawFilter
    pagination_class = UncountedPagination
    http_method_names = ["get", "post", "patch", "head", "options"]
    conditional_sources = ("laws", "provisions", "mappings", *PARTICIPANT_SOURCES)

    def withdraw_record(self, *, record: Law, reason: str, by: Any) -> Any:
        return services.withdraw_record(record=record, reason=reason, by=by)


@extend_schema_view(
    **docs.read_docs(
        "provision",
        "provisions",
        ProvisionSerializer,
        example=PROVISION_EXAMPLE,
        description="Provisions of national laws: the reference ('art. 3'), a summary or "
        "extract, a link to the exact place. The public sees a provision when it and its law "
        "are published." + REVIEWED_RULES,
    ),
    create=docs.create_docs(
        "a provision",
        ProvisionInputSerializer,
        ProvisionSerializer,
        example={"law": 2, "reference": "art. 3", "summary": "Illegal access."},
    ),
    partial_update=docs.edit_docs(
        "a provision",
        ProvisionEditSerializer,
        ProvisionSerializer,
        example={"version": 1, "summary": "Illegal access to a computer system."},
    ),
    **docs.review_docs("a provision", REVIEW_BODIES, ProvisionSerializer),
)
class ProvisionViewSet(
    ApiViewSetMixin, ReviewedVisibilityMixin, ReviewFlowMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = Provision.objects.select_related("law__participant").order_by("law_id", "pk")
    serializer_class = ProvisionSerializer
    input_serializer_class = ProvisionInputSerializer
    edit_serializer_class = ProvisionEditSerializer
    filterset_class = ProvisionFilter
    pagination_class = UncountedPagination
    http_method_names = ["get", "post", "patch", "head", "options"]
    conditional_sources = ("provisions", "laws", "mappings", *PARTICIPANT_SOURCES)

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if sees_drafts(self.request):
            return queryset
        return queryset.filter(
            law__review_state=ReviewState.VERIFIED, law__withdrawn_at__isnull=True
        )

    def withdraw_record(self, *, record: Provision, reason: str, by: Any) -> Any:
        return services.withdraw_record(record=record, reason=reason, by=by)


@extend_schema_view(
    **docs.read_docs(
        "mapping",
        "mappings",
        MappingSerializer,
        example=MAPPING_EXAMPLE,
        description="Which provision of which national law implements which article or "
        "obligation of the Convention, and how (implements, implements in part, relevant, "
        "conflicts). `article` and `obligation` find the mappings that reach them directly or "
        "through the obligations tied to an article. The public sees a mapping when it, its "
        "provision and its law are published; with `as_of`, those verified on or before that "
        "day." + REVIEWED_RULES,
    ),
    create=docs.create_docs(
        "a mapping",
        MappingInputSerializer,
        MappingSerializer,
        example={"provision": 5, "article": 7, "relation": "implements"},
    ),
    partial_update=docs.edit_docs(
        "a mapping",
        MappingEditSerializer,
        MappingSerializer,
        example={"version": 1, "relation": "implements_in_part"},
    ),
    **docs.review_docs("a mapping", REVIEW_BODIES, MappingSerializer),
)
class MappingViewSet(
    ApiViewSetMixin, ReviewedVisibilityMixin, ReviewFlowMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = ProvisionMapping.objects.select_related(
        "provision__law__participant", "article", "obligation"
    ).order_by("pk")
    serializer_class = MappingSerializer
    input_serializer_class = MappingInputSerializer
    edit_serializer_class = MappingEditSerializer
    filterset_class = MappingFilter
    pagination_class = UncountedPagination
    http_method_names = ["get", "post", "patch", "head", "options"]
    conditional_sources = (
        "mappings",
        "provisions",
        "laws",
        "articles",
        "obligations",
        *PARTICIPANT_SOURCES,
    )

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        return queryset if sees_drafts(self.request) else queryset.public()

    def withdraw_record(self, *, record: ProvisionMapping, reason: str, by: Any) -> Any:
        return services.withdraw_record(record=record, reason=reason, by=by)


@extend_schema_view(
    **docs.read_docs(
        "outside indicator value",
        "outside indicator values",
        IndicatorValueSerializer,
        example=INDICATOR_EXAMPLE,
        detail=False,
        description="Indicators that outside bodies publish per participant, each with its "
        "publisher, publication date and terms — kept apart from this tracker's assessments. "
        "Seeded with the cybercrime column of UNCTAD's Global Cyberlaw Tracker (5 March 2026): "
        "name it (`attribution`) wherever a value is shown. With `as_of`, the values published "
        "on or before that day.",
    )
)
class IndicatorValueViewSet(ApiViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = IndicatorValue.objects.select_related("participant", "indicator").order_by(
        "participant__name", "indicator__code", "-indicator__published_on", "pk"
    )
    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilter
    pagination_class = UncountedPagination
    conditional_sources = ("indicator_values", *PARTICIPANT_SOURCES)
