"""The ``domestic-steps`` resource: a participant's domestic steps towards consent (cabinet
decision, parliamentary approval, promulgation of the approving law, executive ratification).

Anonymous clients read published steps; editors (every editorial role) read every standing
one with its review state. A POST records a draft through ``services.record_domestic_step``,
for a participant the user may edit (``permissions.can_edit_participant``); it is published
through review like every record.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from treaty import permissions, services
from treaty.api.context import sees_drafts
from treaty.api.pagination import CountedPagination
from treaty.api.write_serializers import validation_error
from treaty.models import DomesticStep, DomesticStepKind, Participant, Treaty


class DomesticStepFilter(django_filters.FilterSet):
    participant = django_filters.CharFilter(
        method="filter_participant",
        help_text="ISO alpha-3 codes, comma-separated (e.g. AZE,VNM).",
    )
    treaty = django_filters.CharFilter(field_name="treaty__slug", help_text="Treaty slug.")
    step = django_filters.MultipleChoiceFilter(
        choices=DomesticStepKind.choices, help_text="Kind of step; repeat for several."
    )
    as_of = django_filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        help_text="Steps that had happened on this day (YYYY-MM-DD).",
    )

    class Meta:
        model = DomesticStep
        fields: list[str] = []

    @property
    def as_of_date(self) -> date:
        """The day the steps are read on (today by default): the exports name their file by
        it."""
        return self.form.cleaned_data.get("as_of") or timezone.localdate()

    def filter_participant(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        codes = [code.strip().upper() for code in value.split(",") if code.strip()]
        return queryset.filter(participant__iso3__in=codes)


class DomesticStepSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:domestic-step-detail")
    treaty = serializers.SlugRelatedField(slug_field="slug", queryset=Treaty.objects.all())
    participant = serializers.SlugRelatedField(
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
    """Anyone reads; writing needs the add permission of domestic steps."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return bool(request.user and request.user.has_perm("treaty.add_domesticstep"))


class DomesticStepViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Domestic steps towards consent, oldest first. They are not depositary actions: a step
    changes no participant's stage."""

    serializer_class = DomesticStepSerializer
    filterset_class = DomesticStepFilter
    filter_backends = [DjangoFilterBackend]
    pagination_class = CountedPagination
    permission_classes = [EditorsWrite]

    def get_queryset(self) -> QuerySet[DomesticStep]:
        steps = DomesticStep.objects.all()
        steps = steps.active() if sees_drafts(self.request) else steps.published()
        return steps.select_related("treaty", "participant").order_by("date", "pk")
