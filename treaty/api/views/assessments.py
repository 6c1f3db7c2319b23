"""Assessments: a participant's status on an obligation as of a day."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_view
from rest_framework import viewsets

from treaty import services
from treaty.api import schema as docs
from treaty.api.filters import AssessmentFilter
from treaty.api.pagination import UncountedPagination
from treaty.api.serializers import AssessmentSerializer
from treaty.api.views.base import ApiViewSetMixin, ReviewedVisibilityMixin
from treaty.api.views.writes import REVIEW_BODIES, ReviewFlowMixin
from treaty.api.write_serializers import (
    AssessmentEditSerializer,
    AssessmentInputSerializer,
)
from treaty.models import ObligationProgress
from treaty.views.laws import cited_provisions


@extend_schema_view(
    **docs.read_docs(
        "assessment",
        "assessments",
        AssessmentSerializer,
        example=docs.ASSESSMENT_EXAMPLE,
        description=(
            "Assessments: a participant's status on an obligation as of a day, with the "
            "evidence. Without `as_of`, the whole dated history (filter `current=true` for the "
            "latest of each pair); with `as_of`, the latest published assessment of each "
            "participant and obligation on or before that day."
        ),
    ),
    create=docs.create_docs(
        "an assessment",
        AssessmentInputSerializer,
        AssessmentSerializer,
        example=docs.ASSESSMENT_INPUT_EXAMPLE,
    ),
    partial_update=docs.edit_docs(
        "an assessment",
        AssessmentEditSerializer,
        AssessmentSerializer,
        example=docs.ASSESSMENT_EDIT_EXAMPLE,
    ),
    **docs.review_docs("an assessment", REVIEW_BODIES, AssessmentSerializer),
)
class AssessmentViewSet(
    ApiViewSetMixin,
    ReviewedVisibilityMixin,
    ReviewFlowMixin,
    viewsets.ReadOnlyModelViewSet,
):
    # The default order is the one the (participant, obligation, as_of) index serves: a page
    # is an index range scan, with no sort of the whole table (0.4 ms against 300 ms at 1M rows
    # on SQLite, once ANALYZE has run). ``ordering=participant`` sorts by name instead.
    # The cited provisions: one more query for the whole page.
    queryset = (
        ObligationProgress.objects.select_related("participant", "obligation__treaty")
        .prefetch_related(cited_provisions())
        .order_by("participant_id", "obligation_id", "as_of", "pk")
    )
    serializer_class = AssessmentSerializer
    input_serializer_class = AssessmentInputSerializer
    edit_serializer_class = AssessmentEditSerializer
    filterset_class = AssessmentFilter
    pagination_class = UncountedPagination
    http_method_names = ["get", "post", "patch", "head", "options"]
    conditional_sources = (
        "assessments",
        "participants",
        "memberships",
        "obligations",
        "articles",  # the chapter filter
        "chapters",
        "treaties",
        "actions",  # the stage filter
    )

    def withdraw_record(
        self, *, record: ObligationProgress, reason: str, by: Any
    ) -> ObligationProgress:
        return services.withdraw_progress(assessment=record, reason=reason, by=by)
