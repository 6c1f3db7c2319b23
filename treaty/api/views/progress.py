"""Progress: each participant's scorecard in a treaty on the as-of day."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_view
from rest_framework import mixins, viewsets

from treaty.api import schema as docs
from treaty.api.serializers import (
    ProgressRow,
    ProgressSerializer,
)
from treaty.api.views.base import ApiViewSetMixin
from treaty.filtersets.context import treaty_statuses
from treaty.filtersets.core import ProgressFilter
from treaty.models import (
    Participant,
)

_COUNTS = {
    "not_started": 0,
    "in_progress": 1,
    "partial": 0,
    "aligned": 1,
    "not_applicable": 0,
    "not_assessed": 1,
}

PROGRESS_EXAMPLE = {
    "participant": "VNM",
    "name": "Viet Nam",
    "treaty": "un-cybercrime-convention",
    "as_of": "2026-06-01",
    "obligations": 3,
    "assessed": 2,
    "by_status": _COUNTS,
    "mandatory": 2,
    "mandatory_aligned": 1,
    "mandatory_aligned_share": 0.5,
    "categories": [
        {
            "category": "domestic_law",
            "obligations": 2,
            "by_status": {**_COUNTS, "not_assessed": 0},
            "mandatory": 2,
            "mandatory_aligned": 1,
            "aligned_share": 0.5,
        },
        {
            "category": "awareness",
            "obligations": 1,
            "by_status": {**dict.fromkeys(_COUNTS, 0), "not_assessed": 1},
            "mandatory": 0,
            "mandatory_aligned": 0,
            "aligned_share": None,  # nothing assessed in this category
        },
    ],
}


@extend_schema_view(
    **docs.read_docs(
        "progress summary",
        "progress summaries",
        ProgressSerializer,
        example=PROGRESS_EXAMPLE,
        detail=False,
        description=(
            "Each participant's implementation progress in a treaty (default: the "
            "Convention) on the as-of day: its obligations counted by category and by latest "
            "published status (`not_assessed` when nobody has assessed it yet), and the share "
            "of applicable mandatory obligations assessed aligned."
        ),
    )
)
class ProgressViewSet(ApiViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    # By the English name, in every language: "name" would be read as the active language's
    # column (django-modeltranslation) when this class is defined, not per request.
    queryset = Participant.objects.order_by("name_en", "pk")
    serializer_class = ProgressSerializer
    filterset_class = ProgressFilter

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if args and kwargs.get("many"):
            args = (self.progress_rows(list(args[0])), *args[1:])
        return super().get_serializer(*args, **kwargs)

    def progress_rows(self, participants: list[Participant]) -> list[ProgressRow]:
        """Scorecards of the page's participants (``Treaty.scorecards``): two queries, the
        treaty's obligations and the assessments standing on the day."""
        if not participants:
            return []
        filterset = self.filterset()
        treaty = filterset.summary_treaty()
        at = filterset.as_of_date
        status = treaty_statuses([treaty], at, published_only=True, request=self.request)[treaty.pk]
        cards = treaty.scorecards(at, participants, status=status)
        return [ProgressRow(p, treaty, at, cards[p.pk]) for p in participants]
