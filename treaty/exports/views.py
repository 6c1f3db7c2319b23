"""Export views: validate the query string with the API's own FilterSets (``treaty.filtersets``),
build the table, write it.

Exports carry published records only, whoever asks: a file travels further than a page, and
editors review drafts in the admin and the API. A bad parameter is a 400 whose JSON body maps
each parameter to its messages, as the API answers (``{"as_of": ["Enter a date as …"]}``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import (
    FileResponse,
    HttpRequest,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from treaty.exports import laws, panels, tables
from treaty.exports.writers import Table, TooManyRows, csv_chunks, json_chunks, xlsx_file
from treaty.filtersets.context import content_language
from treaty.filtersets.core import (
    ActionFilter,
    AssessmentFilter,
    ObligationFilter,
    ParticipantFilter,
)
from treaty.filtersets.domestic import DomesticStepFilter
from treaty.filtersets.laws import IndicatorValueFilter, LawFilter, MappingFilter
from treaty.models import (
    DomesticStep,
    IndicatorValue,
    Law,
    Obligation,
    ObligationProgress,
    Participant,
    ProvisionMapping,
    TreatyAction,
)

FILENAME_PREFIX = "hanoi-tracker"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TRUE_VALUES = {"1", "true", "yes"}
FALSE_VALUES = {"", "0", "false", "no"}
# Panel parameters read by the obligation FilterSet, by the name it gives them.
PANEL_OBLIGATION_PARAMS = {
    "obligation": "code",
    "category": "category",
    "strength": "strength",
    "chapter": "chapter",
}


class PublicReader:
    """Stands in for the request in the FilterSets and the engine cache: someone who sees
    published records only, on whom the FilterSets may keep their per-request memo (so the
    stage filter and the stage column share one run of the engine)."""

    user = AnonymousUser()


class ExportRateThrottle(AnonRateThrottle):
    """Anonymous exports, counted per address like the API's anonymous reads but at their own
    rate (``DEFAULT_THROTTLE_RATES["exports"]``, from ``EXPORT_ANON_RATE``): one export costs
    the server far more than one API page. Signed-in users are not counted, as in the API."""

    scope = "exports"

    def get_rate(self) -> str | None:
        # Read when asked, not when the class was defined: the setting may change (tests).
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return None if rate is None else str(rate)


def throttled(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Answers 429 with ``Retry-After`` (seconds) once an address passes the export rate."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        throttle = ExportRateThrottle()
        # DRF's throttle reads only the address and the user, which a plain request carries.
        if not throttle.allow_request(request, None):  # type: ignore[arg-type]
            wait = math.ceil(throttle.wait() or 1)
            response = JsonResponse(
                {"detail": f"Too many exports from your address: try again in {wait} seconds."},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        return view(request, *args, **kwargs)

    return wrapper


@dataclass(frozen=True, slots=True)
class Resource:
    filterset: type
    queryset: Callable[[], Any]
    build: Callable[[Any], Table]


RESOURCES = {
    "participants": Resource(ParticipantFilter, Participant.objects.all, tables.participants_table),
    "actions": Resource(ActionFilter, TreatyAction.objects.published, tables.actions_table),
    "assessments": Resource(
        AssessmentFilter, ObligationProgress.objects.published, tables.assessments_table
    ),
    "domestic-steps": Resource(
        DomesticStepFilter, DomesticStep.objects.published, tables.domestic_steps_table
    ),
    # Domestic law (treaty.exports.laws).
    "laws": Resource(LawFilter, Law.objects.published, laws.laws_table),
    "mappings": Resource(MappingFilter, ProvisionMapping.objects.public, laws.mappings_table),
    "indicator-values": Resource(
        IndicatorValueFilter, IndicatorValue.objects.all, laws.indicators_table
    ),
}


class BadParameters(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(errors)


@require_safe
@throttled
def export(request: HttpRequest, resource: str, fmt: str) -> HttpResponseBase:
    """``/api/v1/exports/<resource>.<fmt>``: participants, actions or assessments as CSV, JSON
    or XLSX, with the API's filters and ``as_of``."""
    spec = RESOURCES[resource]
    try:
        bom = _bom(request.GET)
        filterset = _validated(spec.filterset, request.GET, spec.queryset())
    except BadParameters as exc:
        return JsonResponse(exc.errors, status=400)
    filename = f"{FILENAME_PREFIX}-{resource}-{filterset.as_of_date.isoformat()}.{fmt}"
    # Label columns (names, titles, regions) in ``?lang=``'s language, English by default
    # whatever the browser asks: a file is shared beyond its first reader. Codes never change.
    with translation.override(content_language(request, default="en")):
        table = spec.build(filterset)
    return _respond(table, fmt, filename=filename, sheet=resource, bom=bom)


@require_safe
@throttled
def panel(request: HttpRequest, shape: str, fmt: str) -> HttpResponseBase:
    """``/api/v1/exports/panel-<shape>.<fmt>``: the long or wide research panel of one treaty,
    for the participants and obligations the filters choose."""
    try:
        bom = _bom(request.GET)
        scope, day = _panel_scope(request.GET)
    except BadParameters as exc:
        return JsonResponse(exc.errors, status=400)
    table = panels.long_panel(scope) if shape == "long" else panels.wide_panel(scope)
    filename = f"{FILENAME_PREFIX}-panel-{shape}-{scope.treaty.slug}-{day.isoformat()}.{fmt}"
    return _respond(table, fmt, filename=filename, sheet=f"panel-{shape}", bom=bom)


def _panel_scope(params: QueryDict) -> tuple[panels.PanelScope, date]:
    """Participants are chosen with the participants' filters (but always sorted by iso3: the
    long panel merges two streams in that order), obligations with ``obligation``,
    ``category``, ``strength`` and ``chapter``."""
    participant_params = params.copy()
    participant_params.pop("ordering", None)
    obligation_params = QueryDict(mutable=True)
    for ours, theirs in PANEL_OBLIGATION_PARAMS.items():
        if ours in params:
            obligation_params.setlist(theirs, params.getlist(ours))

    errors: dict[str, list[str]] = {}
    participants = obligations = None
    try:
        participants = _validated(ParticipantFilter, participant_params, Participant.objects.all())
    except BadParameters as exc:
        errors.update(exc.errors)
    try:
        obligations = _validated(ObligationFilter, obligation_params, Obligation.objects.all())
    except BadParameters as exc:
        names = {theirs: ours for ours, theirs in PANEL_OBLIGATION_PARAMS.items()}
        errors.update({names.get(key, key): value for key, value in exc.errors.items()})
    if errors:
        raise BadParameters(errors)
    assert participants is not None
    assert obligations is not None

    treaty = tables.chosen_treaty(participants)
    if treaty is None:
        raise BadParameters({"treaty": ["No treaty is recorded yet: there is no panel to build."]})
    at = participants.as_of_date
    scope = panels.PanelScope(
        treaty=treaty,
        participants=participants.qs,
        obligations=panels.catalogue(treaty, obligations.qs),
        at=at,
        language=content_language(params, default="en") or "en",
    )
    return scope, at


def _validated(filterset_class: type, params: QueryDict, queryset: Any) -> Any:
    filterset = filterset_class(params, queryset=queryset, request=PublicReader())
    if not filterset.is_valid():
        raise BadParameters(
            {
                field: [error["message"] for error in messages]
                for field, messages in filterset.errors.get_json_data().items()
            }
        )
    return filterset


def given_once(name: str, params: QueryDict) -> None:
    """A parameter given twice is the client's mistake, said as such, not its last value read
    (as the API's FilterSets do for theirs)."""
    count = len(params.getlist(name))
    if count > 1:
        raise BadParameters({name: [f"Give {name} once, not {count} times."]})


def _bom(params: QueryDict) -> bool:
    """``?bom=1`` starts a CSV with a UTF-8 byte-order mark, for Excel (see ``csv_chunks``)."""
    given_once("bom", params)
    value = params.get("bom", "").strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise BadParameters(
        {
            "bom": [
                "Give bom=1 to start the CSV with a byte-order mark (for Excel), or leave it out."
            ]
        }
    )


def _respond(table: Table, fmt: str, *, filename: str, sheet: str, bom: bool) -> HttpResponseBase:
    response: HttpResponseBase
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_chunks(table, bom=bom), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "json":
        response = StreamingHttpResponse(
            json_chunks(table), content_type="application/json; charset=utf-8"
        )
    else:
        try:
            workbook = xlsx_file(table, sheet_title=sheet)
        except TooManyRows as exc:
            return JsonResponse({"detail": str(exc)}, status=400)
        return FileResponse(workbook, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
