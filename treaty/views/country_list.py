"""The list of participants: filter (region, sub-region, group, stage), sort, search by any
name, with the per-stage summary and each row's scorecard. The view fetches; the rows are
filtered, sorted and drawn by pure functions in ``treaty.views.country_rows``."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from treaty import scorecard
from treaty.models import (
    Obligation,
    Participant,
    Treaty,
)
from treaty.views.asof import with_as_of as parse_as_of
from treaty.views.breakdowns import group_memberships
from treaty.views.cache import cached_page
from treaty.views.common import (
    CATEGORY_LABELS,
    CATEGORY_ORDER,
    STAGE_LABELS,
    STAGE_ORDER,
    chosen_sort,
    default_treaty_or_404,
    page_context,
)
from treaty.views.country_rows import (
    BASE_COLUMNS,
    DEFAULT_SORT,
    api_filters,
    chosen_filters,
    filter_rows,
    sort_headers,
    sorted_rows,
    stage_summary,
)

# by_name is named here too for the modules that import it from this one.
from treaty.views.country_rows import by_name as by_name
from treaty.views.country_table import table_rows
from treaty.views.regions import region_label


def _obligation_refs(treaty: Treaty) -> list[scorecard.ObligationRef]:
    return [
        scorecard.ObligationRef(*row)
        for row in treaty.obligations.values_list("id", "category", "strength")
    ]


@cached_page
@parse_as_of
def country_list(request: HttpRequest, *, at: date | None) -> HttpResponse:
    """Every participant with its stage, dates and implementation by category.

    Queries: the treaty, the engine's rows, the participants, the groups' members, the
    obligations, the assessments (and one more when searching: the name patterns). Filtering
    and sorting happen on the fetched rows, because stage and scores are computed, not
    stored."""
    treaty = default_treaty_or_404()
    context = page_context(request, at, treaty=treaty, page_title=_("Countries"))
    day = context["day"]
    status = treaty.status_on(day)
    participants = list(Participant.objects.all())
    obligations = _obligation_refs(treaty)
    cards = treaty.scorecards(day, participants, status=status, obligations=obligations)

    # Columns of implementation: the categories that hold mandatory obligations.
    mandatory = {o.category for o in obligations if o.strength == Obligation.Strength.MANDATORY}
    categories = [c for c in CATEGORY_ORDER if c in mandatory]
    regions = sorted({p.region for p in participants if p.region}, key=region_label)
    subregions = sorted({p.subregion for p in participants if p.subregion}, key=region_label)
    groups, group_members = group_memberships()  # one query: the groups and their members

    params = request.GET
    chosen = chosen_filters(params, regions, subregions, group_members, categories)
    shown_categories = [chosen["category"]] if chosen["category"] else categories
    sort_keys = [key for key, _label in BASE_COLUMNS] + [f"cat-{c}" for c in categories]
    sort, sort_key, descending = chosen_sort(params.get("sort"), sort_keys, DEFAULT_SORT)

    known = None
    if chosen["q"]:
        known = set(Participant.objects.known_as(chosen["q"]).values_list("pk", flat=True))
    rows = filter_rows(participants, chosen, group_members, known)
    # Counted within every other filter, before the stage's own.
    summary = stage_summary(request.path, rows, status, chosen, at)
    if chosen["stage"]:
        rows = [p for p in rows if status.stage_of(p.iso3) == chosen["stage"]]
    rows = sorted_rows(rows, sort_key, descending, status, cards)

    filters = {key: value for key, value in chosen.items() if value}
    context.update(
        status=status,
        total=len(participants),
        count=len(rows),
        chosen=chosen,
        regions=[(r, region_label(r)) for r in regions],
        subregions=[(r, region_label(r)) for r in subregions],
        groups=[(g["code"], g["label"]) for g in groups],
        stages=[(str(s), STAGE_LABELS[s]) for s in STAGE_ORDER],
        categories=[(c, CATEGORY_LABELS[c]) for c in categories],
        headers=sort_headers(request.path, filters, at, sort_key, descending, shown_categories),
        rows=table_rows(rows, status, cards, shown_categories, at),
        stage_summary=summary,
        has_filters=bool(filters),
        sort=sort if sort != DEFAULT_SORT else "",
        api_filters=api_filters(chosen, at),
    )
    return render(request, "treaty/country_list.html", context)
