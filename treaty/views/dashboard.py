"""The treaty dashboard: how close the treaty is to entry into force, and where the world stands.

Eight queries whatever the size of the record: the treaty, the engine's rows (the chart, every
stage, the outlook, the breakdowns and the comparison with the depositary's counts come from
them), the participants, the latest actions, the obligations, the assessments, the depositary's
counts, the groups' members (the breakdowns). The page's parts are built from them by pure functions in
``treaty.views.dashboard_parts`` and ``treaty.views.depositary_checks``.

Words and numbers (README glossary): *signatures* are every participant that signed, as the
depositary counts them (``TreatyStatus.signatures``); *signed, not yet bound* is the stage
(``TreatyStatus.signed_not_bound``). Every figure on the page comes from the engine's result.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from treaty import scorecard
from treaty.graphics import worldmap
from treaty.models import Participant, Treaty
from treaty.status import timeline
from treaty.views.asof import with_as_of as parse_as_of
from treaty.views.breakdowns import dashboard_breakdown
from treaty.views.cache import cached_page
from treaty.views.common import (
    ENGAGED,
    NO_ASSESSMENT,
    default_treaty_or_404,
    get_or_404,
    page_context,
    with_as_of,
)
from treaty.views.dashboard_parts import (
    headline,
    map_places,
    progress_rows,
    signature_chart,
    stage_groups,
    world_map,
)
from treaty.views.depositary_checks import depositary_checks
from treaty.views.outlook import outlook_context

LATEST_ACTIONS = 12


@cached_page
@parse_as_of
def home(request: HttpRequest, *, at: date | None) -> HttpResponse:
    return _dashboard(request, default_treaty_or_404(), at)


@cached_page
@parse_as_of
def treaty_detail(request: HttpRequest, slug: str, *, at: date | None) -> HttpResponse:
    treaty = get_or_404(
        Treaty.objects, _("No treaty has the identifier “%(slug)s”.") % {"slug": slug}, slug=slug
    )
    return _dashboard(request, treaty, at)


def _dashboard(request: HttpRequest, treaty: Treaty, at: date | None) -> HttpResponse:
    context = page_context(request, at, treaty=treaty)
    day = context["day"]
    # One fetch of the engine's rows serves both the status and the chart's series.
    rows = treaty.engine_rows_on(day)
    status = treaty.status_on(day, rows=rows)
    points = timeline(treaty.rule, rows, day)
    participants = list(Participant.objects.order_by("name"))
    latest = list(
        treaty.actions.published()
        .as_of(day)
        .select_related("participant")
        .order_by("-date", "-updated_at", "-pk")[:LATEST_ACTIONS]
    )
    counts = list(treaty.depositary_counts.as_of(day).latest_first())

    engaged = [p for p in participants if status.stage_of(p.iso3) in ENGAGED]
    places = map_places(participants, status, at)
    totals = scorecard.category_totals(treaty.scorecards(day, engaged, status=status).values())
    context.update(
        status=status,
        headline=headline(treaty, status, day),
        chart=signature_chart(treaty, status, points, day),
        outlook=outlook_context(treaty, status, points, day),
        breakdown=dashboard_breakdown(treaty, rows, status, participants, day, at),
        points=points,
        stage_groups=stage_groups(participants, status, at),
        world_map=world_map(places, status, day),
        europe_map=worldmap.render_inset(places, title=_("Europe, enlarged")),
        unmapped=sorted(worldmap.without_shape(places), key=lambda place: place.name),
        latest_actions=latest,
        depositary_checks=depositary_checks(treaty.rule, rows, counts),
        progress=progress_rows(totals),
        no_assessment="" if any(score.assessed for score in totals.values()) else NO_ASSESSMENT,
        engaged_count=len(engaged),
        page_title=treaty.short_title,
        api_filters=with_as_of("", at, treaty=treaty.slug),
    )
    return render(request, "treaty/dashboard.html", context)
