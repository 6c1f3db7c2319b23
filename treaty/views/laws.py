"""Domestic law on the public pages: the laws page (search, filter, sort, pages), the country
page's "Domestic law" section with its coverage grid, and the laws mapped to an article or an
obligation: their queries and views. The rows they show (the coverage grid, the filters, sorting
and column headers of the laws page) are built by pure functions in ``treaty.views.law_rows``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, StringAgg, Value
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from treaty.models import (
    Article,
    IndicatorValue,
    Law,
    MappingRelation,
    Obligation,
    Participant,
    ProvisionMapping,
    Treaty,
)
from treaty.models.laws import latest_values
from treaty.views.asof import with_as_of as parse_as_of
from treaty.views.cache import cached_page
from treaty.views.common import chosen_sort, default_treaty_or_404, one_of, page_context, with_as_of
from treaty.views.law_rows import (
    COVERAGE_CHAPTERS,
    DEFAULT_SORT,
    PAGE_SIZE,
    SORTS,
    Mapped,
    chosen_filters,
    coverage_grid,
    law_filter,
    law_order,
    sort_headers,
)
from treaty.views.regions import region_label


def public_mappings(at: date | None) -> QuerySet[ProvisionMapping]:
    """Published mappings of published provisions of published laws, as recorded on ``at``,
    with what a page shows of each."""
    return (
        ProvisionMapping.objects.public()
        .as_of(at)
        .select_related("provision__law__participant", "article", "obligation")
        .order_by("provision__law__title", "provision__pk", "pk")
    )


def domestic_law(participant: Participant, treaty: Treaty, at: date | None) -> dict[str, Any]:
    """The country page's "Domestic law" section. Four queries, whatever the number of laws,
    provisions and mappings: its laws, its mappings, the grid's articles (with their
    obligations), its outside indicators."""
    laws = list(Law.objects.published().as_of(at).filter(participant=participant).order_by("title"))
    by_id = {law.pk: law for law in laws}
    mappings = [
        Mapped(pk, article_id, obligation_id, relation, reference, url, by_id[law_id])
        for pk, article_id, obligation_id, relation, reference, url, law_id in (
            public_mappings(at)
            .filter(provision__law__participant=participant)
            .values_list(
                "pk",
                "article_id",
                "obligation_id",
                "relation",
                "provision__reference",
                "provision__url",
                "provision__law_id",
            )
        )
        if law_id in by_id
    ]
    # The grid's articles with the ids of their obligations in one text column ("3,12"):
    # one query for both (an obligation mapping covers each of its articles).
    articles = list(
        Article.objects.filter(treaty=treaty, chapter__number__in=COVERAGE_CHAPTERS)
        .select_related("chapter", "treaty")  # the treaty: each row links to its page
        .annotate(obligation_ids=StringAgg(Cast("obligations__id", CharField()), Value(",")))
        .order_by("number")
    )
    links = [
        (int(obligation_id), article.pk)
        for article in articles
        for obligation_id in (article.obligation_ids or "").split(",")
        if obligation_id
    ]
    mapped_laws = {m.law.pk for m in mappings}
    for law in laws:
        law.is_mapped = law.pk in mapped_laws
    grid = coverage_grid(articles, mappings, links)
    chapters: dict[int, dict[str, Any]] = {}
    for row in grid:
        chapter = row.article.chapter
        chapters.setdefault(chapter.number, {"chapter": chapter, "rows": []})["rows"].append(row)
    indicators = latest_values(
        IndicatorValue.objects.filter(participant=participant).as_of(at).select_related("indicator")
    )
    return {
        "laws": laws,
        "coverage": list(chapters.values()),
        "covered_count": sum(1 for row in grid if row.mappings),
        "grid_count": len(grid),
        "indicators": indicators,
        "mapping_count": len(mappings),
        "laws_url": with_as_of(reverse("treaty:law-list"), at, participant=participant.iso3),
    }


def laws_mapped_to(
    *, article: Article | None = None, obligation: Obligation | None = None, at: date | None
) -> QuerySet[ProvisionMapping]:
    """Published mappings to an article (directly or through one of its obligations) or to an
    obligation (directly or through one of its articles), across participants."""
    if article is not None:
        reach = Q(article=article) | Q(obligation__articles=article)
    else:
        assert obligation is not None
        reach = Q(obligation=obligation) | Q(article__obligations=obligation)
    return public_mappings(at).filter(reach).distinct()


# --- The laws page ------------------------------------------------------------------------------


def mapped_exists() -> Exists:
    """An annotation: whether a law has a published mapping of a published provision."""
    return Exists(
        ProvisionMapping.objects.public().filter(provision__law=OuterRef("pk")).order_by()
    )


@cached_page
@parse_as_of
def law_list(request: HttpRequest, *, at: date | None) -> HttpResponse:
    """Every published national law: search, filters (participant, region, kind, status,
    mapped or not), sortable, 50 a page.

    Queries: the regions offered, the count, the page of laws (with participant and a "mapped"
    flag), whatever the number of laws and provisions."""
    params = request.GET
    regions = sorted(
        r
        for r in Participant.objects.exclude(region="")
        .order_by()
        .values_list("region", flat=True)
        .distinct()
    )
    chosen = chosen_filters(params, regions)
    sort, sort_key, descending = chosen_sort(params.get("sort"), SORTS, DEFAULT_SORT)
    laws = (
        Law.objects.published()
        .as_of(at)
        .select_related("participant")
        .annotate(is_mapped=mapped_exists())
    )
    laws = laws.filter(law_filter(chosen)).order_by(*law_order(sort_key, descending))

    page = Paginator(laws, PAGE_SIZE).get_page(params.get("page"))
    filters = {key: value for key, value in chosen.items() if value}
    context = page_context(
        request, at, page_title=_("National laws"), treaty=default_treaty_or_404()
    )
    context.update(
        page=page,
        laws=list(page.object_list),
        chosen=chosen,
        has_filters=bool(filters),
        regions=[(r, region_label(r)) for r in regions],
        kinds=Law.Kind.choices,
        statuses=Law.Status.choices,
        headers=sort_headers(request.path, at, filters, sort_key, descending),
        previous_url=with_as_of(
            request.path, at, **filters, sort=sort, page=page.previous_page_number()
        )
        if page.has_previous()
        else "",
        next_url=with_as_of(request.path, at, **filters, sort=sort, page=page.next_page_number())
        if page.has_next()
        else "",
    )
    return render(request, "treaty/law_list.html", context)


# --- The laws mapped to an article or an obligation ---------------------------------------------

# Rows listed on an article or obligation page; the rest are in the API (`mappings?article=`).
MAPPED_LIMIT = 200


def mapped_laws_section(
    request: HttpRequest,
    at: date | None,
    participants: Iterable[Participant],
    *,
    article: Article | None = None,
    obligation: Obligation | None = None,
) -> dict[str, Any]:
    """The "National laws mapped" section of an article or obligation page, filtered by the
    page's ``region`` and ``relation`` parameters (anything else is ignored). One query
    whatever the number of mappings (the first 200 are listed, the API has them all); the
    regions offered come from the participants the page has already fetched."""
    regions = sorted({p.region for p in participants if p.region}, key=region_label)
    chosen = {
        "region": one_of(request.GET.get("region"), regions),
        "relation": one_of(request.GET.get("relation"), MappingRelation.values),
    }
    mappings = laws_mapped_to(article=article, obligation=obligation, at=at)
    if chosen["region"]:
        mappings = mappings.filter(provision__law__participant__region=chosen["region"])
    if chosen["relation"]:
        mappings = mappings.filter(relation=chosen["relation"])
    mappings = mappings.order_by("provision__law__participant__name", "provision__law__title", "pk")
    # One query whatever the number: the rows listed and one more, which says there are more.
    rows = list(mappings[: MAPPED_LIMIT + 1])
    api_query = {"article": article.number} if article else {"obligation": obligation.code}  # type: ignore[union-attr]
    return {
        "mapped": rows[:MAPPED_LIMIT],
        "mapped_more": len(rows) > MAPPED_LIMIT,
        "mapped_chosen": chosen,
        "mapped_filtered": any(chosen.values()),
        "mapped_regions": [(r, region_label(r)) for r in regions],
        "mapped_relations": MappingRelation.choices,
        "mapped_api": with_as_of(
            reverse("api:mapping-list"),
            at,
            **api_query,
            region=chosen["region"],
            relation=chosen["relation"],
        ),
    }
