"""Treaty actions: the depositary record, readable by all, written by editors."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_view
from rest_framework import viewsets

from treaty import services
from treaty.api import schema as docs
from treaty.api.pagination import UncountedPagination
from treaty.api.serializers import ActionSerializer
from treaty.api.views.base import ApiViewSetMixin, ReviewedVisibilityMixin, own_columns_and
from treaty.api.views.writes import REVIEW_BODIES, ReviewFlowMixin
from treaty.api.write_serializers import (
    ActionEditSerializer,
    ActionInputSerializer,
)
from treaty.filtersets.core import ActionFilter
from treaty.models import TreatyAction

ACTION_EXAMPLE = {
    "id": 12,
    "url": "https://tracker.example.org/api/v1/actions/12/",
    "treaty": "un-cybercrime-convention",
    "participant": "VNM",
    "participant_name": "Viet Nam",
    "kind": "ratification",
    "date": "2026-03-02",
    "date_earliest": None,
    "date_precision": "day",
    "effective_on": None,
    "depositary_notification": "C.N.12.2026.TREATIES-XVIII.16",
    "depositary_notification_url": "https://treaties.un.org/doc/Publication/CN/2026/CN.12.2026-Eng.pdf",
    "source": "UNTC XVIII-16 status page",
    "source_kind": "depositary",
    "source_url": "https://treaties.un.org/",
    "text": "",
    "relates_to": None,
    "review_state": "verified",
    "version": 1,
    "updated_at": "2026-03-03T09:30:00Z",
}

ACTION_EDIT_EXAMPLE = {"version": 1, "date": "2026-03-03"}

ACTION_INPUT_EXAMPLE = {
    "treaty": "un-cybercrime-convention",
    "participant": "VNM",
    "kind": "ratification",
    "date": "2026-03-02",
    "depositary_notification": "C.N.12.2026.TREATIES-XVIII.16",
    "source": "UNTC XVIII-16 status page",
    "source_url": "https://treaties.un.org/",
}


@extend_schema_view(
    **docs.read_docs(
        "treaty action",
        "treaty actions",
        ActionSerializer,
        example=ACTION_EXAMPLE,
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
        example=ACTION_INPUT_EXAMPLE,
    ),
    partial_update=docs.edit_docs(
        "a treaty action", ActionEditSerializer, ActionSerializer, example=ACTION_EDIT_EXAMPLE
    ),
    **docs.review_docs("a treaty action", REVIEW_BODIES, ActionSerializer),
)
class ActionViewSet(
    ApiViewSetMixin,
    ReviewedVisibilityMixin,
    ReviewFlowMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = (
        TreatyAction.objects.select_related("treaty", "participant")
        .only(
            *own_columns_and(TreatyAction, "treaty__slug", "participant__iso3", "participant__name")
        )
        .order_by("treaty_id", "date", "participant__name", "kind", "pk")
    )
    serializer_class = ActionSerializer
    input_serializer_class = ActionInputSerializer
    edit_serializer_class = ActionEditSerializer
    filterset_class = ActionFilter
    pagination_class = UncountedPagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def withdraw_record(self, *, record: TreatyAction, reason: str, by: Any) -> TreatyAction:
        return services.withdraw_treaty_action(action=record, reason=reason, by=by)
