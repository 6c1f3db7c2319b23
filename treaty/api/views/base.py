"""What every API viewset shares: the filter backend that validates the query once per
request, the schema class, the per-request row context, and who sees drafts."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from treaty import permissions
from treaty.api.conditional import ConditionalMixin, ViewSetBase
from treaty.filtersets.base import ApiFilterSet
from treaty.filtersets.context import content_language, sees_drafts
from treaty.models.translated import translated_columns


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
    schema = ApiAutoSchema()

    def filterset(self) -> ApiFilterSet:
        """The request's validated FilterSet (a bad value is a 400 naming it)."""
        return FilterBackend().validated_filterset(self.request, self.get_queryset(), self)

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        # Names and titles in the language of ``?lang=`` (else Accept-Language, which the
        # locale middleware has activated): rendered inside it, since DRF renders after the
        # view returns. The ETag and the cache key include the language.
        code = content_language(request)
        if code is None:
            return super().dispatch(request, *args, **kwargs)
        with translation.override(code):
            response: Any = super().dispatch(request, *args, **kwargs)
            if getattr(response, "is_rendered", True) is False:
                response.render()
        response.headers["Content-Language"] = code
        return response

    def check_parameters(self) -> None:
        # Before the preconditions: a bad parameter is a 400 even with If-Modified-Since.
        self.filterset()
        if self.action == "list" and self.paginator is not None:
            self.paginator.get_limit(self.request)  # type: ignore[attr-defined]
            self.paginator.get_offset(self.request)  # type: ignore[attr-defined]

    def row_context(self, rows: list[Any]) -> dict[str, Any]:
        """Values computed once for the rows about to be serialized."""
        return {}

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        context = dict(self.get_serializer_context())
        if args and args[0] is not None:
            rows = list(args[0]) if kwargs.get("many") else [args[0]]
            context.update(self.row_context(rows))
        kwargs["context"] = context
        return super().get_serializer(*args, **kwargs)


class ReviewedVisibilityMixin(ViewSetBase):
    """Published records for the public; every standing record (drafts too) for editors."""

    def get_queryset(self) -> QuerySet:
        # Asked three times a request (the permission check, the FilterSet, the list): built
        # once, each caller getting its own copy.
        visible: QuerySet | None = self.__dict__.get("_visible")
        if visible is None:
            queryset: Any = super().get_queryset()
            if not sees_drafts(self.request):
                visible = queryset.published()
            else:
                # A focal point reads its own participants' unpublished records only.
                visible = permissions.readable(self.request.user, queryset.active())
            self._visible = visible
        return visible.all()


# The related columns that have one column per language (treaty/translation.py): reading
# ``participant.name`` reads the active language's, which must be loaded too.
TRANSLATED_PATHS = ("participant__name", "obligation__title", "treaty__title")


def own_columns_and(model: Any, *related: str) -> list[str]:
    """For ``only()``: every column of ``model`` and the ``related`` ones its serializer reads
    (``participant__name``…, with a translated one's column in every language). The related
    rows' other columns are never loaded: building them was most of a list's time (a treaty
    or a participant has some thirty columns)."""
    columns = [field.name for field in model._meta.concrete_fields]
    for path in related:
        columns.extend(translated_columns(path) if path in TRANSLATED_PATHS else [path])
    return columns
