"""The API's viewsets, one module per resource: read-only for the record's structure and
computed status, writable (POST to record, PATCH to correct, POST to a record's ``submit/``,
``verify/``, ``return/`` or ``withdraw/`` to move it through review) for treaty actions and
assessments, through the services and under the rules of ``treaty.permissions``
(``writes``).

Every list makes a fixed number of queries whatever the number of rows: the querysets carry
their ``select_related``/``prefetch_related``, and computed values (stages, treaty counts,
scorecards) are computed once per request from one query each, then handed to the serializer.
"""

from treaty.api.views.actions import ActionViewSet
from treaty.api.views.assessments import AssessmentViewSet
from treaty.api.views.base import ApiViewSetMixin, FilterBackend, ReviewedVisibilityMixin
from treaty.api.views.not_found import not_found
from treaty.api.views.participants import ParticipantViewSet
from treaty.api.views.progress import ProgressViewSet
from treaty.api.views.treaties import (
    ArticleViewSet,
    ChapterViewSet,
    ObligationViewSet,
    TreatyViewSet,
)
from treaty.api.views.writes import REVIEW_BODIES, ReviewFlowMixin, WriteThroughServiceMixin

__all__ = [
    "REVIEW_BODIES",
    "ActionViewSet",
    "ApiViewSetMixin",
    "ArticleViewSet",
    "AssessmentViewSet",
    "ChapterViewSet",
    "FilterBackend",
    "ObligationViewSet",
    "ParticipantViewSet",
    "ProgressViewSet",
    "ReviewFlowMixin",
    "ReviewedVisibilityMixin",
    "TreatyViewSet",
    "WriteThroughServiceMixin",
    "not_found",
]
