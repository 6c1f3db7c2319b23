"""Participants, with where each stands in every treaty on the as-of day."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_view
from rest_framework import viewsets

from treaty.api import schema as docs
from treaty.api.context import sees_drafts, treaty_statuses
from treaty.api.filters import ParticipantFilter
from treaty.api.serializers import ParticipantSerializer
from treaty.api.views.base import ApiViewSetMixin
from treaty.models import Participant


@extend_schema_view(
    **docs.read_docs(
        "participant",
        "participants",
        ParticipantSerializer,
        example=docs.PARTICIPANT_EXAMPLE,
        description=(
            "States and regional economic integration organizations, with where each stands "
            "in every treaty (or the one named by `treaty`) on the as-of date: stage, "
            "signature, instrument and the day the treaty enters into force for it."
        ),
    )
)
class ParticipantViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Participant.objects.prefetch_related(
        Prefetch("members", queryset=Participant.objects.only("iso3").order_by("iso3"))
    ).order_by("name", "pk")
    serializer_class = ParticipantSerializer
    filterset_class = ParticipantFilter
    lookup_field = "iso3"
    conditional_sources = (
        "participants",
        "memberships",
        "participant_names",
        "treaties",
        "actions",
    )

    def get_object(self) -> Participant:
        self.kwargs["iso3"] = self.kwargs["iso3"].upper()
        return super().get_object()

    def row_context(self, rows: list[Participant]) -> dict[str, Any]:
        # The engine runs once per treaty for the whole page (shared with the stage filter),
        # never once per participant.
        filterset = self.filterset()
        treaties = filterset.selected_treaties()  # type: ignore[attr-defined]
        statuses = treaty_statuses(
            treaties,
            filterset.as_of_date,
            published_only=not sees_drafts(self.request),
            request=self.request,
        )
        return {"treaties": treaties, "statuses": statuses}
