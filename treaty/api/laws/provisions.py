"""Provisions of national laws in the API (``provisions``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers, viewsets

from treaty import services
from treaty.api import schema as docs
from treaty.api.laws.common import (
    REVIEWED_RULES,
)
from treaty.api.pagination import UncountedPagination
from treaty.api.rows import ReadRowsMixin
from treaty.api.views import (
    REVIEW_BODIES,
    ApiViewSetMixin,
    ReviewedVisibilityMixin,
    ReviewFlowMixin,
)
from treaty.api.write_serializers import (
    ServiceEditSerializer,
    ServiceInputSerializer,
)
from treaty.filtersets.context import sees_drafts
from treaty.filtersets.laws import ProvisionFilter
from treaty.models import (
    Law,
    Provision,
    ReviewState,
)


class ProvisionSerializer(ReadRowsMixin, serializers.ModelSerializer):
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

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if sees_drafts(self.request):
            return queryset
        return queryset.filter(
            law__review_state=ReviewState.VERIFIED, law__withdrawn_at__isnull=True
        )

    def withdraw_record(self, *, record: Provision, reason: str, by: Any) -> Any:
        return services.withdraw_record(record=record, reason=reason, by=by)
