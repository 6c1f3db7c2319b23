"""FilterSets of the records, shared by the API and the exports.

Each works on a plain queryset, with or without a request::

    filterset = ActionFilter(request.GET, queryset=TreatyAction.objects.published(), request=request)
    if not filterset.is_valid():
        ...  # filterset.errors: {"parameter": ["message"]}
    rows = filterset.qs
    at = filterset.as_of_date  # the day the record is read on (today by default)

Visibility (published records only, or drafts too for editors) is the caller's queryset, not a
filter. Every invalid value is a form error keyed by its parameter, so the API answers 400
naming it: malformed or unknown codes, unknown choices and malformed dates alike.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import django_filters as filters
from django.db.models import QuerySet

from treaty import status as engine
from treaty.filtersets.base import ApiFilterSet
from treaty.filtersets.context import treaty_statuses
from treaty.filtersets.fields import (
    ChoiceFilter,
    ChoiceInFilter,
    CodeListFilter,
    IsoDateFilter,
    StrictBooleanFilter,
    WholeNumberFilter,
    known_obligations,
    member_of_filter,
    ordering_filter,
    participant_codes_filter,
    region_filter,
)
from treaty.models import (
    ActionKind,
    Article,
    Chapter,
    Obligation,
    ObligationCategory,
    ObligationProgress,
    ObligationStrength,
    Participant,
    ProgressStatus,
    ReviewState,
    Treaty,
    TreatyAction,
)
from treaty.models.participants import ParticipantQuerySet
from treaty.vocabulary import STAGE_ORDER

# --- FilterSets (on ``ApiFilterSet``, of ``treaty.filtersets.base``) ------------------------


class TreatyFilter(ApiFilterSet):
    search = filters.CharFilter(
        method="filter_search", help_text="Text in the title, short title or other name."
    )
    ordering = ordering_filter(
        [("adopted_on", "adopted_on"), ("slug", "slug"), ("short_title", "title")],
        "Sort by these keys (a '-' reverses one), e.g. '-adopted_on'.",
    )

    class Meta:
        model = Treaty
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            self.search_q(value, ["title", "short_title", "also_known_as", "depositary_reference"])
        )


TREATY_HELP = "The treaty, by its slug (e.g. 'un-cybercrime-convention')."


class ChapterFilter(ApiFilterSet):
    treaty = filters.ModelChoiceFilter(
        queryset=Treaty.objects.all(), to_field_name="slug", help_text=TREATY_HELP
    )
    ordering = ordering_filter(
        [("number", "number")], "Sort by chapter number ('-number' reverses)."
    )

    class Meta:
        model = Chapter
        fields: list[str] = []


class ArticleFilter(ApiFilterSet):
    treaty = filters.ModelChoiceFilter(
        queryset=Treaty.objects.all(), to_field_name="slug", help_text=TREATY_HELP
    )
    chapter = WholeNumberFilter(
        field_name="chapter__number", help_text="The chapter's number (1 for chapter I)."
    )
    search = filters.CharFilter(method="filter_search", help_text="Text in the title or text.")
    ordering = ordering_filter(
        [("number", "number")], "Sort by article number ('-number' reverses)."
    )

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(self.search_q(value, ["title", "text"]))


class ObligationFilter(ApiFilterSet):
    treaty = filters.ModelChoiceFilter(
        queryset=Treaty.objects.all(), to_field_name="slug", help_text=TREATY_HELP
    )
    code = CodeListFilter(
        field_name="code",
        noun="obligation code",
        known=known_obligations,
        help_text="Obligation codes separated by commas, e.g. 'art-7,art-25'.",
    )
    category = ChoiceInFilter(
        choices=ObligationCategory.choices, help_text="Categories, separated by commas."
    )
    strength = ChoiceInFilter(
        choices=ObligationStrength.choices, help_text="Strengths, separated by commas."
    )
    chapter = WholeNumberFilter(
        method="filter_chapter",
        help_text="Obligations tied to an article of this chapter (e.g. 2 for criminalization).",
    )
    article = WholeNumberFilter(
        method="filter_article", help_text="Obligations tied to this article number."
    )
    search = filters.CharFilter(
        method="filter_search", help_text="Text in the code, title or description."
    )
    ordering = ordering_filter(
        [("position", "position"), ("code", "code"), ("category", "category")],
        "Sort by these keys (a '-' reverses one); default: catalogue order.",
    )

    class Meta:
        model = Obligation
        fields: list[str] = []

    def filter_chapter(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        # A subquery, not a join: an obligation tied to two articles of the chapter stays one row.
        return queryset.filter(
            pk__in=Obligation.objects.filter(articles__chapter__number=value).values("pk")
        )

    def filter_article(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(
            pk__in=Obligation.objects.filter(articles__number=value).values("pk")
        )

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(self.search_q(value, ["code", "title", "description"]))


STAGE_HELP = (
    "Stages computed by the entry-into-force engine on the as-of date for the treaty named by "
    "`treaty` (default: the Convention), separated by commas: none, signatory (signed, not "
    "yet bound), consented "
    "(instrument deposited, not yet in force for it), party, denounced."
)


def stage_filter() -> ChoiceInFilter:
    return ChoiceInFilter(
        choices=[(s.value, s.value) for s in STAGE_ORDER],
        method="filter_stage",
        help_text=STAGE_HELP,
    )


class ParticipantScopedFilterSet(ApiFilterSet):
    """Filters on who acted or is assessed, shared by participants, actions, assessments and
    progress. ``participant_path`` leads from the queryset's rows to their participant."""

    participant_path = "participant__"

    participant = participant_codes_filter("participant__iso3")
    region = region_filter("participant__region", "region", "region")
    subregion = region_filter("participant__subregion", "subregion", "sub-region")
    member_of = member_of_filter()
    stage = stage_filter()

    def filter_member_of(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        # A subquery, not a join: a State in two organizations stays one row.
        members = Participant.objects.filter(organizations__iso3__in=value).values("pk")
        return queryset.filter(**{f"{self.participant_path}pk__in": members})

    def stage_treaty(self) -> Treaty | None:
        """The treaty whose stages ``stage`` filters on: the one named, else the default."""
        if not hasattr(self, "_stage_treaty"):
            self._stage_treaty = self.cleaned.get("treaty") or Treaty.objects.default()
        return self._stage_treaty

    def filter_stage(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        value = [v for v in value if v]
        if not value:
            return queryset
        treaty = self.stage_treaty()
        if treaty is None:
            return queryset.none() if engine.Stage.NONE not in value else queryset
        # The engine runs once for the treaty (and the result is kept for the serializer of
        # the same request); the rows are then filtered by the participants it put at the stage.
        status = treaty_statuses(
            [treaty], self.as_of_date, published_only=self.published_only, request=self.request
        )[treaty.pk]
        wanted = set(value)
        matching = [iso3 for iso3, p in status.participants.items() if p.stage in wanted]
        field = f"{self.participant_path}iso3__in"
        if engine.Stage.NONE in wanted:
            # Participants the record never mentions are at stage "none" too.
            others = [iso3 for iso3, p in status.participants.items() if p.stage not in wanted]
            return queryset.exclude(**{field: others})
        return queryset.filter(**{field: matching})


class ParticipantFilter(ParticipantScopedFilterSet):
    participant_path = ""

    participant = participant_codes_filter("iso3")
    region = region_filter("region", "region", "region")
    subregion = region_filter("subregion", "subregion", "sub-region")

    treaty = filters.ModelChoiceFilter(
        queryset=Treaty.objects.all(),
        to_field_name="slug",
        method="filter_treaty",
        help_text=(
            "Show the status in this treaty only (by slug); also the treaty `stage` filters on."
        ),
    )
    kind = ChoiceFilter(
        choices=Participant.Kind.choices, help_text="A State or a regional organization."
    )
    un_member = StrictBooleanFilter(
        field_name="is_un_member", help_text="Only the Member States of the United Nations."
    )
    search = filters.CharFilter(
        method="filter_search",
        help_text="A code, or text in a name in any of the six UN languages or a former name.",
    )
    ordering = ordering_filter(
        [("name", "name"), ("iso3", "iso3"), ("region", "region"), ("subregion", "subregion")],
        "Sort by these keys (a '-' reverses one); default: name.",
    )

    class Meta:
        model = Participant
        fields: list[str] = []

    def filter_treaty(self, queryset: QuerySet, name: str, value: Treaty) -> QuerySet:
        # Selects the treaty shown (and staged), not rows: every participant can join it.
        return queryset

    def filter_search(self, queryset: ParticipantQuerySet, name: str, value: str) -> QuerySet:
        return queryset.known_as(value)

    def selected_treaties(self) -> list[Treaty]:
        """The treaties whose status each participant carries: the one named, else all."""
        treaty = self.cleaned.get("treaty")
        if treaty:
            return [treaty]
        # Only what is read of them: the rule the engine runs (its fields are the treaty's
        # columns of the same names) and the slug; the other thirty columns cost half a
        # millisecond a list to load.
        rule = [field.name for field in dataclasses.fields(engine.EntryIntoForceRule)]
        return list(Treaty.objects.only("slug", *rule).order_by("adopted_on", "slug"))


class ActionFilter(ParticipantScopedFilterSet):
    treaty = filters.ModelChoiceFilter(
        queryset=Treaty.objects.all(), to_field_name="slug", help_text=TREATY_HELP
    )
    kind = ChoiceInFilter(choices=ActionKind.choices, help_text="Kinds, separated by commas.")
    date_after = IsoDateFilter(
        field_name="date", lookup_expr="gte", help_text="Dated on or after this day."
    )
    date_before = IsoDateFilter(
        field_name="date", lookup_expr="lte", help_text="Dated on or before this day."
    )
    review_state = ChoiceInFilter(
        choices=ReviewState.choices,
        help_text="For editors: review states, separated by commas (the public sees verified).",
    )
    search = filters.CharFilter(
        method="filter_search",
        help_text="Text in the participant's name, the notification, the source or the text.",
    )
    ordering = ordering_filter(
        [
            ("date", "date"),
            ("participant__name", "participant"),
            ("kind", "kind"),
            ("updated_at", "updated_at"),
        ],
        "Sort by these keys (a '-' reverses one), e.g. '-date'; default: date, participant.",
    )

    class Meta:
        model = TreatyAction
        fields: list[str] = []

    def filter_as_of(self, queryset: Any, name: str, value: date) -> QuerySet:
        return queryset.as_of(value)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            self.search_q(
                value,
                ["participant__name", "depositary_notification", "source", "text"],
            )
        )


class AssessmentFilter(ParticipantScopedFilterSet):
    treaty = filters.ModelChoiceFilter(
        field_name="obligation__treaty",
        queryset=Treaty.objects.all(),
        to_field_name="slug",
        help_text=TREATY_HELP,
    )
    obligation = CodeListFilter(
        field_name="obligation__code",
        noun="obligation code",
        known=known_obligations,
        help_text="Obligation codes separated by commas, e.g. 'art-7,art-25'.",
    )
    category = ChoiceInFilter(
        field_name="obligation__category",
        choices=ObligationCategory.choices,
        help_text="Obligation categories, separated by commas.",
    )
    strength = ChoiceInFilter(
        field_name="obligation__strength",
        choices=ObligationStrength.choices,
        help_text="Obligation strengths, separated by commas.",
    )
    chapter = WholeNumberFilter(
        method="filter_chapter",
        help_text="Obligations tied to an article of this chapter (e.g. 2 for criminalization).",
    )
    status = ChoiceInFilter(
        choices=ProgressStatus.choices, help_text="Statuses, separated by commas."
    )
    date_after = IsoDateFilter(
        field_name="as_of", lookup_expr="gte", help_text="Assessing a day on or after this one."
    )
    date_before = IsoDateFilter(
        field_name="as_of", lookup_expr="lte", help_text="Assessing a day on or before this one."
    )
    current = StrictBooleanFilter(
        method="filter_current",
        help_text=(
            "true: only the latest published assessment of each participant and obligation; "
            "false: only the earlier history."
        ),
    )
    review_state = ChoiceInFilter(
        choices=ReviewState.choices,
        help_text="For editors: review states, separated by commas (the public sees verified).",
    )
    ordering = ordering_filter(
        [
            ("participant__name", "participant"),
            ("obligation__position", "obligation"),
            ("as_of", "date"),
            ("status", "status"),
            ("updated_at", "updated_at"),
        ],
        "Sort by these keys (a '-' reverses one), e.g. 'participant,obligation,-date'; "
        "default: pair by pair (participant, obligation, in the order they were added), "
        "oldest first — the order an index serves, fastest on a large history.",
    )

    class Meta:
        model = ObligationProgress
        fields: list[str] = []

    def filter_as_of(self, queryset: Any, name: str, value: date) -> QuerySet:
        # The record as it stood that day: the latest published assessment of each pair on or
        # before it (today or later: the current ones, without scanning the history).
        return queryset.at(value)

    def filter_chapter(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(
            obligation__in=Obligation.objects.filter(articles__chapter__number=value).values("pk")
        )

    def filter_current(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(is_current=value)


class ProgressFilter(ParticipantFilter):
    """Participants whose implementation progress is summarized, and the treaty and day the
    summary is about (default: the Convention, today)."""

    treaty = filters.ModelChoiceFilter(
        queryset=Treaty.objects.all(),
        to_field_name="slug",
        method="filter_treaty",
        help_text="The treaty whose obligations are counted, by slug (default: the Convention).",
    )

    class Meta:
        model = Participant
        fields: list[str] = []

    def summary_treaty(self) -> Treaty | None:
        return self.stage_treaty()
