"""Mappings in the API (``mappings``): which provision implements which article or
obligation."""

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
from treaty.filtersets.laws import MappingFilter
from treaty.models import (
    Article,
    MappingRelation,
    Obligation,
    Provision,
    ProvisionMapping,
    Treaty,
)


class MappingSerializer(ReadRowsMixin, serializers.ModelSerializer):
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


class MappingInputSerializer(ServiceInputSerializer):
    """A provision mapped to an article (by number) or an obligation (by code) of a treaty
    (default: the Convention); a draft for review."""

    provision = serializers.PrimaryKeyRelatedField(
        queryset=Provision.objects.active().select_related("law__participant"),
        help_text="The provision's id (see `provisions`).",
    )
    treaty: serializers.SlugRelatedField = serializers.SlugRelatedField(
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
        treaty = attrs.pop("treaty", None) or Treaty.objects.default()
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

    def get_queryset(self) -> QuerySet:
        queryset: Any = super().get_queryset()
        return queryset if sees_drafts(self.request) else queryset.public()

    def withdraw_record(self, *, record: ProvisionMapping, reason: str, by: Any) -> Any:
        return services.withdraw_record(record=record, reason=reason, by=by)
