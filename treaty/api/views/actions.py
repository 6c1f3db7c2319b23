"""Treaty actions: the depositary record, readable by all, written by editors."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_view
from rest_framework import viewsets

from treaty import services
from treaty.api import schema as docs
from treaty.api.filters import ActionFilter
from treaty.api.pagination import UncountedPagination
from treaty.api.serializers import ActionSerializer
from treaty.api.views.base import ApiViewSetMixin, ReviewedVisibilityMixin
from treaty.api.views.writes import REVIEW_BODIES, ReviewFlowMixin
from treaty.api.write_serializers import (
    ActionEditSerializer,
    ActionInputSerializer,
)
from treaty.models import TreatyAction


@extend_schema_view(
    **docs.read_docs(
        "treaty action",
        "treaty actions",
        ActionSerializer,
        example=docs.ACTION_EXAMPLE,
        description=(
            "The depositary record: signatures, instruments, declarations, reservations, "
            "objections, notifications and denunciations. With `as_of`, the actions dated on "
            "or before that day. Editors also see drafts, with their `review_state`."
        ),
    ),
    create=docs.create_docs(
        "a treaty action",
        ActionInputSerializer,
        ActionSerializer,
        example=docs.ACTION_INPUT_EXAMPLE,
    ),
    partial_update=docs.edit_docs(
        "a treaty action", ActionEditSerializer, ActionSerializer, example=docs.ACTION_EDIT_EXAMPLE
    ),
    **docs.review_docs("a treaty action", REVIEW_BODIES, ActionSerializer),
)
class ActionViewSet(
    ApiViewSetMixin,
    ReviewedVisibilityMixin,
    ReviewFlowMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = TreatyAction.objects.select_related("treaty", "participant").order_by(
        "treaty_id", "date", "participant__name", "kind", "pk"
    )
    serializer_class = ActionSerializer
    input_serializer_class = ActionInputSerializer
    edit_serializer_class = ActionEditSerializer
    filterset_class = ActionFilter
    pagination_class = UncountedPagination
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Participants and memberships: the region, member_of and stage filters read them.
    conditional_sources = ("actions", "participants", "memberships", "treaties")

    def withdraw_record(self, *, record: TreatyAction, reason: str, by: Any) -> TreatyAction:
        return services.withdraw_treaty_action(action=record, reason=reason, by=by)
