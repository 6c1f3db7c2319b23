"""National laws in the API (``laws``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers, viewsets

from treaty import services
from treaty.api import schema as docs
from treaty.api.laws.common import (
    REVIEWED_RULES,
    public_mapping_exists,
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
    ParticipantCodeField,
    ServiceEditSerializer,
    ServiceInputSerializer,
)
from treaty.filtersets.laws import LawFilter
from treaty.models import (
    Law,
    LawKind,
    LawStatus,
)


class LawSerializer(ReadRowsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:law-detail")
    participant: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True
    )
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


class LawInputSerializer(ServiceInputSerializer):
    """A national law to record (a draft for review)."""

    participant = ParticipantCodeField(help_text="ISO alpha-3 code, e.g. 'ALB'.")
    title = serializers.CharField(allow_blank=True, help_text="As officially published.")
    source = serializers.CharField(allow_blank=True, help_text="Where this law was reported.")  # type: ignore[assignment]
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
    source = serializers.CharField(required=False, allow_blank=True)  # type: ignore[assignment]
    source_url = serializers.CharField(required=False, allow_blank=True)
    source_date = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)


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

    def withdraw_record(self, *, record: Law, reason: str, by: Any) -> Any:
        return services.withdraw_record(record=record, reason=reason, by=by)
