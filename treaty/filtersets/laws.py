"""The FilterSets of domestic law: laws, their provisions, the provisions' mappings to the
Convention, and outside indicator values (the API's resources and the exports)."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters as filters
from django.db.models import Q, QuerySet

from treaty.filtersets.core import ParticipantScopedFilterSet
from treaty.filtersets.fields import (
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

    def filter_as_of(self, queryset: Any, name: str, value: date) -> QuerySet:
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

    def filter_as_of(self, queryset: Any, name: str, value: date) -> QuerySet:
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
        return data.get("treaty") or Treaty.objects.default()

    def filter_treaty(self, queryset: QuerySet, name: str, value: Treaty) -> QuerySet:
        return queryset.filter(Q(article__treaty=value) | Q(obligation__treaty=value))

    def filter_as_of(self, queryset: Any, name: str, value: date) -> QuerySet:
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

    def filter_as_of(self, queryset: Any, name: str, value: date) -> QuerySet:
        return queryset.filter(indicator__published_on__lte=value)
