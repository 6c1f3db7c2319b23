"""The ``domestic-steps`` resource: a participant's domestic steps towards consent (cabinet
decision, parliamentary approval, promulgation of the approving law, executive ratification).

Anonymous clients read published steps; editors (every editorial role) read every standing
one with its review state. A POST records a draft through ``services.record_domestic_step``,
for a participant the user may edit (``permissions.can_edit_participant``); it is published
through review like every record.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from treaty import permissions, services
from treaty.api import schema as docs
from treaty.api.rows import ReadRowsMixin
from treaty.api.views import ApiViewSetMixin
from treaty.api.write_serializers import validation_error
from treaty.filtersets.context import sees_drafts
from treaty.filtersets.domestic import DomesticStepFilter
from treaty.models import DomesticStep, Participant, Treaty


class DomesticStepSerializer(ReadRowsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:domestic-step-detail")
    treaty: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", queryset=Treaty.objects.all()
    )
    participant: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="iso3", queryset=Participant.objects.all()
    )
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    step_label = serializers.CharField(source="get_step_display", read_only=True)

    class Meta:
        model = DomesticStep
        fields = [
            "id",
            "url",
            "treaty",
            "participant",
            "participant_name",
            "step",
            "step_label",
            "date",
            "date_earliest",
            "source",
            "source_url",
            "note",
            "review_state",
            "version",
            "updated_at",
        ]
        read_only_fields = ["review_state", "version", "updated_at"]
        # The service and the model check the rules (one place): not the serializer.
        validators: list[Any] = []

    def create(self, validated_data: dict[str, Any]) -> DomesticStep:
        user = self.context["request"].user
        if not permissions.can_edit_participant(user, validated_data["participant"]):
            raise PermissionDenied(
                "You may record steps only for the participants assigned to you."
            )
        try:
            return services.record_domestic_step(by=user, **validated_data)
        except DjangoValidationError as exc:
            raise validation_error(exc) from exc


class EditorsWrite(BasePermission):
    """Anyone reads; writing needs the add permission of domestic steps (the participant's
    scope is checked on the record, by the serializer)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return bool(request.user and request.user.has_perm("treaty.add_domesticstep"))


EXAMPLE = {
    "id": 3,
    "url": "https://tracker.example.org/api/v1/domestic-steps/3/",
    "treaty": "un-cybercrime-convention",
    "participant": "AZE",
    "participant_name": "Azerbaijan",
    "step": "parliament_approval",
    "step_label": "Parliamentary approval",
    "date": "2026-02-10",
    "date_earliest": None,
    "source": "Trend: the Milli Majlis approved the law on the ratification of the Convention",
    "source_url": "https://www.trend.az/azerbaijan/politics/4151684.html",
    "note": "",
    "review_state": "verified",
    "version": 1,
    "updated_at": "2026-11-23T00:00:00Z",
}
INPUT_EXAMPLE = {
    "treaty": "un-cybercrime-convention",
    "participant": "AZE",
    "step": "law_promulgated",
    "date": "2026-02-23",
    "source": "Trend: the President signed the law on the ratification of the Convention",
    "source_url": "https://www.trend.az/azerbaijan/politics/4156490.html",
}
DESCRIPTION = (
    "A participant's domestic steps towards consent: cabinet decision, parliamentary approval, "
    "promulgation of the approving law, executive ratification. They are not depositary "
    "actions and change no stage. Anonymous clients see published steps; editors see every "
    "standing one with its review state."
)


@extend_schema_view(
    **docs.read_docs(
        "domestic step",
        "domestic steps",
        DomesticStepSerializer,
        example=EXAMPLE,
        description=DESCRIPTION,
    ),
    create=extend_schema(
        summary="Record a domestic step",
        description="Records a domestic step as a draft for review." + docs.WRITE_RULES,
        request=DomesticStepSerializer,
        responses={
            201: DomesticStepSerializer,
            400: docs.VALIDATION_FAILED,
            401: docs.UNAUTHORIZED,
            403: docs.FORBIDDEN,
        },
        examples=[OpenApiExample("Domestic step", value=INPUT_EXAMPLE, request_only=True)],
    ),
)
class DomesticStepViewSet(
    ApiViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Domestic steps towards consent, oldest first."""

    serializer_class = DomesticStepSerializer
    filterset_class = DomesticStepFilter
    permission_classes = [EditorsWrite]

    def get_queryset(self) -> QuerySet[DomesticStep]:
        steps = DomesticStep.objects.all()
        steps = steps.active() if sees_drafts(self.request) else steps.published()
        return steps.select_related("treaty", "participant").order_by("date", "pk")
