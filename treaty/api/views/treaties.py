"""Treaties and their structure: treaties, chapters, articles, obligations."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_view
from rest_framework import viewsets

from treaty.api import schema as docs
from treaty.api.serializers import (
    ArticleSerializer,
    ChapterSerializer,
    ObligationSerializer,
    TreatySerializer,
)
from treaty.api.views.base import ApiViewSetMixin
from treaty.filtersets.context import sees_drafts, treaty_statuses
from treaty.filtersets.core import (
    ArticleFilter,
    ChapterFilter,
    ObligationFilter,
    TreatyFilter,
)
from treaty.models import (
    Article,
    Chapter,
    Obligation,
    Treaty,
)

TREATY_EXAMPLE = {
    "slug": "un-cybercrime-convention",
    "url": "https://tracker.example.org/api/v1/treaties/un-cybercrime-convention/",
    "title": "United Nations Convention against Cybercrime; Strengthening International "
    "Cooperation for Combating Certain Crimes Committed by Means of Information and "
    "Communications Technology Systems and for the Sharing of Evidence in Electronic Form "
    "of Serious Crimes",
    "short_title": "UN Convention against Cybercrime",
    "also_known_as": "Hanoi Convention",
    "depositary_reference": "XVIII-16",
    "parent": None,
    "adopted_on": "2024-12-24",
    "adopted_at": "New York",
    "adopted_by": "General Assembly resolution 79/243",
    "opening_notification": "C.N.123.2025.TREATIES-XVIII.16",
    "depositary": "Secretary-General of the United Nations",
    "signature_opens_on": "2025-10-25",
    "signature_closes_on": "2026-12-31",
    "signature_places": "Hanoi, 25-26 October 2025; then United Nations Headquarters",
    "instruments_required": 40,
    "days_after_threshold": 90,
    "days_after_later_instrument": 30,
    "reio_instrument_counts": False,
    "sources": ["https://treaties.un.org/"],
    "status": {
        "as_of": "2026-06-01",
        "signatures": 72,
        "signed_not_bound": 69,
        "instruments": 3,
        "counting_instruments": 3,
        "instruments_required": 40,
        "instruments_needed": 37,
        "threshold_on": None,
        "threshold_participant": None,
        "entry_into_force_on": None,
        "in_force": False,
        "parties": 0,
    },
}

CHAPTER_EXAMPLE = {
    "id": 2,
    "url": "https://tracker.example.org/api/v1/chapters/2/",
    "treaty": "un-cybercrime-convention",
    "number": 2,
    "numeral": "II",
    "title": "Criminalization",
}

ARTICLE_EXAMPLE = {
    "id": 7,
    "url": "https://tracker.example.org/api/v1/articles/7/",
    "treaty": "un-cybercrime-convention",
    "chapter": 2,
    "number": 7,
    "title": "Illegal access",
    "text": "",
    "obligations": ["art-7"],
}

OBLIGATION_EXAMPLE = {
    "id": 1,
    "url": "https://tracker.example.org/api/v1/obligations/1/",
    "treaty": "un-cybercrime-convention",
    "code": "art-7",
    "title": "Criminalize illegal access",
    "description": "Make intentional access without right to an ICT system a criminal offence.",
    "category": "domestic_law",
    "strength": "mandatory",
    "position": 7,
    "articles": [7],
}


@extend_schema_view(
    **docs.read_docs(
        "treaty",
        "treaties",
        TreatySerializer,
        example=TREATY_EXAMPLE,
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
        example=CHAPTER_EXAMPLE,
        description="The chapters of each treaty. The structure is not dated: `as_of` is "
        "accepted (and checked) for uniformity and changes nothing.",
    )
)
class ChapterViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Chapter.objects.select_related("treaty").order_by("treaty_id", "number", "pk")
    serializer_class = ChapterSerializer
    filterset_class = ChapterFilter


@extend_schema_view(
    **docs.read_docs(
        "article",
        "articles",
        ArticleSerializer,
        example=ARTICLE_EXAMPLE,
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


@extend_schema_view(
    **docs.read_docs(
        "obligation",
        "obligations",
        ObligationSerializer,
        example=OBLIGATION_EXAMPLE,
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
