"""Treaties and their structure: treaties, chapters, articles, obligations."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_view
from rest_framework import viewsets

from treaty.api import schema as docs
from treaty.api.context import sees_drafts, treaty_statuses
from treaty.api.filters import (
    ArticleFilter,
    ChapterFilter,
    ObligationFilter,
    TreatyFilter,
)
from treaty.api.serializers import (
    ArticleSerializer,
    ChapterSerializer,
    ObligationSerializer,
    TreatySerializer,
)
from treaty.api.views.base import ApiViewSetMixin
from treaty.models import (
    Article,
    Chapter,
    Obligation,
    Treaty,
)


@extend_schema_view(
    **docs.read_docs(
        "treaty",
        "treaties",
        TreatySerializer,
        example=docs.TREATY_EXAMPLE,
        description=(
            "Treaties with their entry-into-force rule and `status` on the as-of date: "
            "signatures, signed not yet bound, instruments, counting instruments, instruments "
            "still needed, the "
            "threshold instrument, the entry-into-force date and whether it is in force."
        ),
    )
)
class TreatyViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Treaty.objects.select_related("parent").order_by("adopted_on", "slug", "pk")
    serializer_class = TreatySerializer
    filterset_class = TreatyFilter
    lookup_field = "slug"
    conditional_sources = ("treaties", "actions")

    def row_context(self, rows: list[Treaty]) -> dict[str, Any]:
        # One query for the actions of every treaty on the page.
        statuses = treaty_statuses(
            rows,
            self.filterset().as_of_date,
            published_only=not sees_drafts(self.request),
            request=self.request,
        )
        return {"statuses": statuses}


@extend_schema_view(
    **docs.read_docs(
        "chapter",
        "chapters",
        ChapterSerializer,
        example=docs.CHAPTER_EXAMPLE,
        description="The chapters of each treaty. The structure is not dated: `as_of` is "
        "accepted (and checked) for uniformity and changes nothing.",
    )
)
class ChapterViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Chapter.objects.select_related("treaty").order_by("treaty_id", "number", "pk")
    serializer_class = ChapterSerializer
    filterset_class = ChapterFilter
    conditional_sources = ("chapters", "treaties")


@extend_schema_view(
    **docs.read_docs(
        "article",
        "articles",
        ArticleSerializer,
        example=docs.ARTICLE_EXAMPLE,
        description="The articles of each treaty, with the codes of the obligations tracked "
        "under them. `as_of` is accepted for uniformity and changes nothing.",
    )
)
class ArticleViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = (
        Article.objects.select_related("treaty", "chapter")
        .prefetch_related(Prefetch("obligations", queryset=Obligation.objects.only("code")))
        .order_by("treaty_id", "number", "pk")
    )
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    conditional_sources = ("articles", "chapters", "obligations", "treaties")


@extend_schema_view(
    **docs.read_docs(
        "obligation",
        "obligations",
        ObligationSerializer,
        example=docs.OBLIGATION_EXAMPLE,
        description="The catalogue of obligations a participant takes on (this project's "
        "classification, not treaty text), with their category, strength and articles. "
        "`as_of` is accepted for uniformity and changes nothing.",
    )
)
class ObligationViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = (
        Obligation.objects.select_related("treaty")
        .prefetch_related(Prefetch("articles", queryset=Article.objects.only("number")))
        .order_by("treaty_id", "position", "code", "pk")
    )
    serializer_class = ObligationSerializer
    filterset_class = ObligationFilter
    conditional_sources = ("obligations", "articles", "chapters", "treaties")
