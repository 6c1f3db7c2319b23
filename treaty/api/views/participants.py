"""Participants, with where each stands in every treaty on the as-of day."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_view
from rest_framework import viewsets

from treaty.api import schema as docs
from treaty.api.serializers import ParticipantSerializer
from treaty.api.views.base import ApiViewSetMixin
from treaty.filtersets.context import sees_drafts, treaty_statuses
from treaty.filtersets.core import ParticipantFilter
from treaty.models import Participant

PARTICIPANT_EXAMPLE = {
    "iso3": "VNM",
    "url": "https://tracker.example.org/api/v1/participants/VNM/",
    "iso2": "VN",
    "m49": 704,
    "kind": "state",
    "name": "Viet Nam",
    "formal_name": "the Socialist Republic of Viet Nam",
    "name_en": "Viet Nam",
    "name_fr": "Viet Nam",
    "name_es": "Viet Nam",
    "name_ru": "Вьетнам",
    "name_zh_hans": "越南",
    "name_ar": "فييت نام",
    "region": "Asia",
    "region_code": 142,
    "subregion": "South-eastern Asia",
    "subregion_code": 35,
    "intermediate_region": "",
    "is_un_member": True,
    "members": [],
    "treaties": [
        {
            "treaty": "un-cybercrime-convention",
            "as_of": "2026-06-01",
            "stage": "consented",
            "signed_on": "2025-10-25",
            "signed_earliest": None,
            "consent_kind": "ratification",
            "consent_on": "2026-03-02",
            "entry_into_force_on": None,
            "denunciation_effective_on": None,
            "counts_towards_threshold": True,
        }
    ],
}


@extend_schema_view(
    **docs.read_docs(
        "participant",
        "participants",
        ParticipantSerializer,
        example=PARTICIPANT_EXAMPLE,
        description=(
            "States and regional economic integration organizations, with where each stands "
            "in every treaty (or the one named by `treaty`) on the as-of date: stage, "
            "signature, instrument and the day the treaty enters into force for it."
        ),
    )
)
class ParticipantViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    # By the English name, in every language: "name" would be read as the active language's
    # column (django-modeltranslation) when this class is defined, not per request.
    queryset = Participant.objects.order_by("name_en", "pk")
    serializer_class = ParticipantSerializer
    filterset_class = ParticipantFilter
    lookup_field = "iso3"

    def get_object(self) -> Participant:
        self.kwargs["iso3"] = self.kwargs["iso3"].upper()
        return super().get_object()

    def row_context(self, rows: list[Participant]) -> dict[str, Any]:
        # The engine runs once per treaty for the whole page (shared with the stage filter),
        # never once per participant.
        filterset = self.filterset()
        treaties = filterset.selected_treaties()
        statuses = treaty_statuses(
            treaties,
            filterset.as_of_date,
            published_only=not sees_drafts(self.request),
            request=self.request,
        )
        return {"treaties": treaties, "statuses": statuses, "members": members_of(rows)}


def members_of(participants: list[Participant]) -> dict[int, list[str]]:
    """The codes of each organization's member States, in order: one query for the page (a
    prefetch would build a queryset per participant, a third of the list's time). Every
    link is read — a few dozen: only regional organizations have members — rather than
    filtering by the page's hundred ids, which costs more to build than to read."""
    members: dict[int, list[str]] = {p.pk: [] for p in participants}
    links = Participant.members.through.objects.order_by("to_participant__iso3").values_list(
        "from_participant_id", "to_participant__iso3"
    )
    for organization, iso3 in links:
        if organization in members:
            members[organization].append(iso3)
    return members
