"""The API's viewsets: read-only for the record's structure and computed status, writable
(POST to record, PATCH to correct, POST to a record's ``submit/``, ``verify/``, ``return/`` or
``withdraw/`` to move it through review) for treaty actions and assessments, through the
services and under the rules of ``treaty.permissions``.

Every list makes a fixed number of queries whatever the number of rows: the querysets carry
their ``select_related``/``prefetch_related``, and computed values (stages, treaty counts,
scorecards) are computed once per request from one query each, then handed to the serializer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from treaty import permissions, services
from treaty.api import schema as docs
from treaty.api.conditional import ConditionalMixin
from treaty.api.context import sees_drafts, treaty_statuses
from treaty.api.filters import (
    ActionFilter,
    ApiFilterSet,
    ArticleFilter,
    AssessmentFilter,
    ChapterFilter,
    ObligationFilter,
    ParticipantFilter,
    ProgressFilter,
    TreatyFilter,
)
from treaty.api.pagination import CountedPagination, UncountedPagination
from treaty.api.serializers import (
    ActionSerializer,
    ArticleSerializer,
    AssessmentSerializer,
    ChapterSerializer,
    ObligationSerializer,
    ParticipantSerializer,
    ProgressRow,
    ProgressSerializer,
    TreatySerializer,
)
from treaty.api.write_serializers import (
    ActionEditSerializer,
    ActionInputSerializer,
    AssessmentEditSerializer,
    AssessmentInputSerializer,
    ReturnForCorrectionSerializer,
    ReviewStepSerializer,
    WithdrawalSerializer,
    conflict_when_stale,
    validation_error,
)
from treaty.models import (
    Article,
    Chapter,
    Obligation,
    ObligationProgress,
    Participant,
    Treaty,
    TreatyAction,
)
from treaty.views.laws import cited_provisions


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, validating the query once per request and keeping the
    FilterSet on the request, so that the view reads the as-of day and the selected treaty
    from the same parse, and the check can run before the conditional-request preconditions."""

    def validated_filterset(self, request: Request, queryset: QuerySet, view: Any) -> Any:
        filterset = getattr(request, "tracker_filterset", None)
        if filterset is None:
            filterset = self.get_filterset(request, queryset, view)
            if filterset is None:
                return None
            if not filterset.is_valid():
                raise filter_utils.translate_validation(filterset.errors)
            request.tracker_filterset = filterset  # type: ignore[attr-defined]
        return filterset

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        filterset = self.validated_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        return filterset.filter_queryset(queryset.all())


class ApiAutoSchema(AutoSchema):
    def get_auth(self) -> list[dict[str, list[str]]]:
        auths = super().get_auth()
        # Reads are public (anonymous clients see published records): the empty requirement
        # says so. drf-spectacular only infers it for AllowAny and IsAuthenticatedOrReadOnly.
        if self.method in SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths


class ApiViewSetMixin(ConditionalMixin):
    filter_backends = [FilterBackend]
    pagination_class = CountedPagination
    schema = ApiAutoSchema()

    request: Request

    def filterset(self) -> ApiFilterSet:
        """The request's validated FilterSet (a bad value is a 400 naming it)."""
        return FilterBackend().validated_filterset(self.request, self.get_queryset(), self)  # type: ignore[attr-defined]

    def check_parameters(self) -> None:
        # Before the preconditions: a bad parameter is a 400 even with If-Modified-Since.
        self.filterset()
        if self.action == "list" and self.paginator is not None:  # type: ignore[attr-defined]
            self.paginator.get_limit(self.request)  # type: ignore[attr-defined]
            self.paginator.get_offset(self.request)  # type: ignore[attr-defined]

    def row_context(self, rows: list[Any]) -> dict[str, Any]:
        """Values computed once for the rows about to be serialized."""
        return {}

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        context = self.get_serializer_context()  # type: ignore[attr-defined]
        if args and args[0] is not None:
            rows = list(args[0]) if kwargs.get("many") else [args[0]]
            context.update(self.row_context(rows))
        kwargs["context"] = context
        return super().get_serializer(*args, **kwargs)  # type: ignore[misc]


class ReviewedVisibilityMixin:
    """Published records for the public; every standing record (drafts too) for editors."""

    request: Request

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()  # type: ignore[misc]
        if not sees_drafts(self.request):
            return queryset.published()
        # A focal point reads its own participants' unpublished records only.
        return permissions.readable(self.request.user, queryset.active())


class WriteThroughServiceMixin:
    """POST and PATCH by editors, under the same rules as the admin (``treaty.permissions``):
    the model permission (checked by DjangoModelPermissions), then the participant's scope (a
    focal point writes for its own participants only), then publication (only an editor's
    depositary action is published as it is entered; a published record is corrected only by
    someone who may publish). The record's own rules are the model's, run by the service."""

    input_serializer_class: Any
    edit_serializer_class: Any
    request: Request

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.input_serializer_class(
            data=request.data,
            context=self.get_serializer_context(),  # type: ignore[attr-defined]
        )
        serializer.is_valid(raise_exception=True)
        self._check_scope(serializer.validated_data["participant"])
        model = self.queryset.model  # type: ignore[attr-defined]
        if serializer.validated_data.get("publish") and not permissions.can_publish_directly(
            request.user, model
        ):
            raise PermissionDenied(
                "You may not publish this record as you enter it: send publish=false to record "
                "a draft, which a reviewer then verifies."
            )
        # A client retrying a create whose answer it lost must get the record it already
        # made, never a second one: a 409 pointing at it. Asked again when the save is
        # refused, for a retry that raced the first request.
        existing = serializer.existing_record()
        if existing is None:
            try:
                instance = serializer.save()
            except ValidationError:
                existing = serializer.existing_record()
                if existing is None:
                    raise
        if existing is not None:
            return self._already_recorded(existing)
        data = self.get_serializer(instance).data  # type: ignore[attr-defined]
        # A plain str: DRF's Hyperlink is a str subclass, which WSGI servers refuse in headers.
        return Response(
            data, status=status.HTTP_201_CREATED, headers={"Location": str(data["url"])}
        )

    def _already_recorded(self, existing: Any) -> Response:
        url = str(self.get_serializer(existing).data["url"])  # type: ignore[attr-defined]
        return Response(
            {"detail": f"This record already exists: {url}. Read or correct it there."},
            status=status.HTTP_409_CONFLICT,
            headers={"Location": url},
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self.get_object()  # type: ignore[attr-defined]
        self._check_may_change(record)
        serializer = self.edit_serializer_class(
            record,
            data=request.data,
            partial=True,
            context=self.get_serializer_context(),  # type: ignore[attr-defined]
        )
        serializer.is_valid(raise_exception=True)
        record = serializer.save()
        return Response(self.get_serializer(record).data)  # type: ignore[attr-defined]

    def _check_may_change(self, record: Any) -> None:
        """A standing record is changed (corrected, or moved through review) by someone who
        may write its participant's data; a published one only by someone who may publish."""
        if not permissions.may_change_in_state(self.request.user, record):
            raise PermissionDenied(
                "This record is published: only someone who may publish corrects it. Add a new "
                "record instead, or ask a reviewer."
            )
        self._check_scope(record.participant)

    def _check_scope(self, participant: Participant) -> None:
        if not permissions.can_edit_participant(self.request.user, participant):
            raise PermissionDenied(
                f"You may write the data of your own participants only, and {participant} is "
                "not one of them."
            )


class ReviewStepPermission(BasePermission):
    """The model permission a review step needs, the one the admin's review actions ask for:
    ``change`` to submit or withdraw, ``verify`` to verify or return. Checked before the record
    is looked up, as DjangoModelPermissions does for POST and PATCH: a user without it gets a
    403, never a hint of which drafts exist."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False  # DRF answers 401, with the WWW-Authenticate header
        return permissions.may_take_review_steps(user, view.queryset.model, view.review_permission)


# The body each review step reads, by the viewset's action (``docs.review_docs`` documents it).
REVIEW_BODIES: dict[str, type[ReviewStepSerializer]] = {
    "submit": ReviewStepSerializer,
    "verify": ReviewStepSerializer,
    "return_for_correction": ReturnForCorrectionSerializer,
    "withdraw": WithdrawalSerializer,
}


class ReviewFlowMixin(WriteThroughServiceMixin):
    """The review flow as POST sub-routes of a record: ``submit/``, ``verify/``, ``return/``,
    ``withdraw/``, each a call to its service under the rules of ``treaty.permissions`` (the
    same as the admin's review actions).

    A step the record's state does not allow is a 400 with the service's message. Verifying
    one's own entry is refused by the same service, but answered with a 403: the state is fine,
    it is the person who may not (``permissions.can_verify`` tells the two apart).
    """

    review_permission = ""  # set per route by @action: "change" or "verify"

    def _review_step(
        self,
        step: Callable[..., Any],
        *,
        refused_to: Callable[[Any, Any], bool] = lambda user, record: False,
    ) -> Response:
        """Runs ``step(record=…, by=user, **body)``; ``refused_to(user, record)`` says when
        the service's refusal is about the person rather than the record's state."""
        record = self.get_object()  # type: ignore[attr-defined]
        serializer = REVIEW_BODIES[self.action](data=self.request.data)  # type: ignore[attr-defined]
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        expected = fields.pop("version", None)
        user = self.request.user
        with conflict_when_stale(), transaction.atomic():
            # Read again under the row lock: the checks and the step see what is stored now,
            # and a save coming in between waits for this one.
            record.refresh_from_db(from_queryset=type(record)._default_manager.select_for_update())
            self._check_may_change(record)
            if expected is not None:
                services.check_version(record=record, expected_version=expected, locked=True)
            try:
                record = step(record=record, by=user, **fields)
            except services.ReviewError as exc:
                if refused_to(user, record):
                    raise PermissionDenied(" ".join(exc.messages)) from exc
                raise validation_error(exc) from exc
            except DjangoValidationError as exc:
                raise validation_error(exc) from exc
        return Response(self.get_serializer(record).data)  # type: ignore[attr-defined]

    @action(
        detail=True,
        methods=["post"],
        permission_classes=[ReviewStepPermission],
        review_permission="change",
    )
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._review_step(services.submit)

    @action(
        detail=True,
        methods=["post"],
        permission_classes=[ReviewStepPermission],
        review_permission="verify",
    )
    def verify(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._review_step(
            services.verify,
            refused_to=lambda user, record: not permissions.can_verify(user, record),
        )

    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        url_name="return",
        permission_classes=[ReviewStepPermission],
        review_permission="verify",
    )
    def return_for_correction(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._review_step(services.return_for_correction)

    @action(
        detail=True,
        methods=["post"],
        permission_classes=[ReviewStepPermission],
        review_permission="change",
    )
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._review_step(self.withdraw_record)

    def withdraw_record(self, *, record: Any, reason: str, by: Any) -> Any:
        raise NotImplementedError("Each resource calls the service that withdraws its record.")


# --- Treaties and their structure ------------------------------------------------------------


@extend_schema_view(
    **docs.read_docs(
        "treaty",
        "treaties",
        TreatySerializer,
        example=docs.TREATY_EXAMPLE,
        description=(
            "Treaties with their entry-into-force rule and `status` on the as-of date: "
            "signatures, signed not yet bound, instruments, counting instruments, instruments "
            "still needed, the "
            "threshold instrument, the entry-into-force date and whether it is in force."
        ),
    )
)
class TreatyViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Treaty.objects.select_related("parent").order_by("adopted_on", "slug", "pk")
    serializer_class = TreatySerializer
    filterset_class = TreatyFilter
    lookup_field = "slug"
    conditional_sources = ("treaties", "actions")

    def row_context(self, rows: list[Treaty]) -> dict[str, Any]:
        # One query for the actions of every treaty on the page.
        statuses = treaty_statuses(
            rows,
            self.filterset().as_of_date,
            published_only=not sees_drafts(self.request),
            request=self.request,
        )
        return {"statuses": statuses}


@extend_schema_view(
    **docs.read_docs(
        "chapter",
        "chapters",
        ChapterSerializer,
        example=docs.CHAPTER_EXAMPLE,
        description="The chapters of each treaty. The structure is not dated: `as_of` is "
        "accepted (and checked) for uniformity and changes nothing.",
    )
)
class ChapterViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Chapter.objects.select_related("treaty").order_by("treaty_id", "number", "pk")
    serializer_class = ChapterSerializer
    filterset_class = ChapterFilter
    conditional_sources = ("chapters", "treaties")


@extend_schema_view(
    **docs.read_docs(
        "article",
        "articles",
        ArticleSerializer,
        example=docs.ARTICLE_EXAMPLE,
        description="The articles of each treaty, with the codes of the obligations tracked "
        "under them. `as_of` is accepted for uniformity and changes nothing.",
    )
)
class ArticleViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = (
        Article.objects.select_related("treaty", "chapter")
        .prefetch_related(Prefetch("obligations", queryset=Obligation.objects.only("code")))
        .order_by("treaty_id", "number", "pk")
    )
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    conditional_sources = ("articles", "chapters", "obligations", "treaties")


@extend_schema_view(
    **docs.read_docs(
        "obligation",
        "obligations",
        ObligationSerializer,
        example=docs.OBLIGATION_EXAMPLE,
        description="The catalogue of obligations a participant takes on (this project's "
        "classification, not treaty text), with their category, strength and articles. "
        "`as_of` is accepted for uniformity and changes nothing.",
    )
)
class ObligationViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = (
        Obligation.objects.select_related("treaty")
        .prefetch_related(Prefetch("articles", queryset=Article.objects.only("number")))
        .order_by("treaty_id", "position", "code", "pk")
    )
    serializer_class = ObligationSerializer
    filterset_class = ObligationFilter
    conditional_sources = ("obligations", "articles", "chapters", "treaties")


# --- Participants ----------------------------------------------------------------------------


@extend_schema_view(
    **docs.read_docs(
        "participant",
        "participants",
        ParticipantSerializer,
        example=docs.PARTICIPANT_EXAMPLE,
        description=(
            "States and regional economic integration organizations, with where each stands "
            "in every treaty (or the one named by `treaty`) on the as-of date: stage, "
            "signature, instrument and the day the treaty enters into force for it."
        ),
    )
)
class ParticipantViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Participant.objects.prefetch_related(
        Prefetch("members", queryset=Participant.objects.only("iso3").order_by("iso3"))
    ).order_by("name", "pk")
    serializer_class = ParticipantSerializer
    filterset_class = ParticipantFilter
    lookup_field = "iso3"
    conditional_sources = (
        "participants",
        "memberships",
        "participant_names",
        "treaties",
        "actions",
    )

    def get_object(self) -> Participant:
        self.kwargs["iso3"] = self.kwargs["iso3"].upper()
        return super().get_object()

    def row_context(self, rows: list[Participant]) -> dict[str, Any]:
        # The engine runs once per treaty for the whole page (shared with the stage filter),
        # never once per participant.
        filterset = self.filterset()
        treaties = filterset.selected_treaties()  # type: ignore[attr-defined]
        statuses = treaty_statuses(
            treaties,
            filterset.as_of_date,
            published_only=not sees_drafts(self.request),
            request=self.request,
        )
        return {"treaties": treaties, "statuses": statuses}


# --- Treaty actions and assessments ----------------------------------------------------------


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


# --- Progress --------------------------------------------------------------------------------


@extend_schema_view(
    **docs.read_docs(
        "progress summary",
        "progress summaries",
        ProgressSerializer,
        example=docs.PROGRESS_EXAMPLE,
        detail=False,
        description=(
            "Each participant's implementation progress in a treaty (default: the "
            "Convention) on the as-of day: its obligations counted by category and by latest "
            "published status (`not_assessed` when nobody has assessed it yet), and the share "
            "of applicable mandatory obligations assessed aligned."
        ),
    )
)
class ProgressViewSet(ApiViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Participant.objects.order_by("name", "pk")
    serializer_class = ProgressSerializer
    filterset_class = ProgressFilter
    conditional_sources = (
        "assessments",
        "participants",
        "memberships",
        "participant_names",
        "obligations",
        "treaties",
        "actions",  # the stage filter
    )

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if args and kwargs.get("many"):
            args = (self.progress_rows(list(args[0])), *args[1:])
        return super().get_serializer(*args, **kwargs)

    def progress_rows(self, participants: list[Participant]) -> list[ProgressRow]:
        """Scorecards of the page's participants: two queries (the treaty's obligations and
        the assessments standing on the day), then pure counting in ``treaty.scorecard``."""
        if not participants:
            return []
        filterset = self.filterset()
        treaty = filterset.summary_treaty()  # type: ignore[attr-defined]
        at = filterset.as_of_date
        status = treaty_statuses([treaty], at, published_only=True, request=self.request)[treaty.pk]
        cards = treaty.scorecards(at, participants, status=status)
        return [ProgressRow(p, treaty, at, cards[p.pk]) for p in participants]


@csrf_exempt  # a 404 whatever the method: no form to protect, and never an HTML 403
def not_found(request: HttpRequest) -> HttpResponse:
    """Any other path under the API, for every method: a JSON 404, as every API response is
    JSON. A GET or HEAD of a route without its trailing slash is sent to it (as Django's
    APPEND_SLASH would: this catch-all leaves it nothing to do); any other method gets the 404
    with the address to use."""
    path = request.path_info
    if not path.endswith("/"):
        slashed = path + "/"
        match = _route_of(slashed)
        if match is not None and match.func is not not_found:
            if request.method in ("GET", "HEAD"):
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(
                    request.get_full_path(force_append_slash=True) if query else slashed
                )
            return JsonResponse({"detail": f"Not found. Send it to {slashed}"}, status=404)
    return JsonResponse({"detail": "Not found."}, status=404)


def _route_of(path: str) -> Any:
    try:
        return resolve(path)
    except Resolver404:
        return None
