"""Outside indicators in the API (``indicator-values``), with their attribution."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_view
from rest_framework import mixins, serializers, viewsets

from treaty.api import schema as docs
from treaty.api.pagination import UncountedPagination
from treaty.api.rows import ReadRowsMixin
from treaty.api.views import ApiViewSetMixin
from treaty.filtersets.laws import IndicatorValueFilter
from treaty.models import IndicatorValue


class IndicatorValueSerializer(ReadRowsMixin, serializers.ModelSerializer):
    participant: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True
    )
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    name = serializers.CharField(source="indicator.name", read_only=True)
    publisher = serializers.CharField(source="indicator.publisher", read_only=True)
    source = serializers.CharField(source="indicator.source", read_only=True)  # type: ignore[assignment]
    source_url = serializers.CharField(source="indicator.source_url", read_only=True)
    published_on = serializers.DateField(source="indicator.published_on", read_only=True)
    terms = serializers.CharField(source="indicator.terms", read_only=True)
    attribution = serializers.CharField(
        source="indicator.attribution",
        read_only=True,
        help_text="Name this wherever the value is shown: the source and its date.",
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "participant",
            "participant_name",
            "indicator",
            "name",
            "value",
            "publisher",
            "source",
            "source_url",
            "published_on",
            "terms",
            "attribution",
        ]
        read_only_fields = fields


INDICATOR_EXAMPLE = {
    "participant": "CAF",
    "participant_name": "Central African Republic",
    "indicator": "unctad-cybercrime-legislation",
    "name": "Cybercrime legislation",
    "value": "No Legislation",
    "publisher": "UNCTAD",
    "source": "UNCTAD Global Cyberlaw Tracker",
    "source_url": "https://github.com/unctad-infovis/2026-cyberlaw_tracker",
    "published_on": "2026-03-05",
    "terms": "UNCTAD allows reuse of the Global Cyberlaw Tracker with acknowledgement.",
    "attribution": "UNCTAD Global Cyberlaw Tracker, 2026-03-05",
}


@extend_schema_view(
    **docs.read_docs(
        "outside indicator value",
        "outside indicator values",
        IndicatorValueSerializer,
        example=INDICATOR_EXAMPLE,
        detail=False,
        description="Indicators that outside bodies publish per participant, each with its "
        "publisher, publication date and terms — kept apart from this tracker's assessments. "
        "Seeded with the cybercrime column of UNCTAD's Global Cyberlaw Tracker (5 March 2026): "
        "name it (`attribution`) wherever a value is shown. With `as_of`, the values published "
        "on or before that day.",
    )
)
class IndicatorValueViewSet(ApiViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = IndicatorValue.objects.select_related("participant", "indicator").order_by(
        "participant__name", "indicator__code", "-indicator__published_on", "pk"
    )
    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilter
    pagination_class = UncountedPagination
