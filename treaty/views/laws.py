"""Domestic law on the public pages: the laws page (search, filter, sort, pages), the country
page's "Domestic law" section with its coverage grid, and the laws mapped to an article or an
obligation.

The coverage grid answers "which national provision implements which article": one row per
article of the criminalization (II) and procedural (IV) chapters, with the provisions mapped to
it — directly, or through an obligation tied to it — and the strongest relation among them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.db.models import (
    CharField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Value,
)
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

# cited_provisions and provision_url are the domain's (treaty.models.laws), named here too for the
# modules that import them from this one.
from treaty.models.laws import cited_provisions as cited_provisions
from treaty.models.laws import latest_values
from treaty.models.laws import provision_url as provision_url
from treaty.views.asof import with_as_of as parse_as_of
from treaty.views.cache import cached_page
from treaty.views.common import default_treaty, page_context, with_as_of
from treaty.views.regions import region_label

# The chapters whose articles the coverage grid lists: criminalization and procedural measures.
COVERAGE_CHAPTERS = (2, 4)
# Strongest first: the relation a grid row shows when several provisions meet one article.
RELATION_ORDER = [
    MappingRelation.IMPLEMENTS,
    MappingRelation.IMPLEMENTS_IN_PART,
    MappingRelation.CONFLICTS,
    MappingRelation.RELEVANT,
]
RELATION_LABELS = dict(MappingRelation.choices)
# The status badges' colours, reused: implemented reads like "aligned", conflict like a gap.
RELATION_BADGE = {
    MappingRelation.IMPLEMENTS: "status-aligned",
    MappingRelation.IMPLEMENTS_IN_PART: "status-partial",
    MappingRelation.CONFLICTS: "status-not_started",
    MappingRelation.RELEVANT: "status-not_applicable",
    "": "status-not_assessed",
}
# Provisions named in one grid cell; the others are counted ("and 12 more").
CELL_LIMIT = 5


@dataclass(frozen=True, slots=True)
class Mapped:
    """A published mapping as the grid shows it: read as plain values (a country page may hold
    thousands; building model instances for them cost ten times the query)."""

    pk: int
    article_id: int | None
    obligation_id: int | None
    relation: str
    reference: str
    url: str
    law: Law

    @property
    def relation_label(self) -> str:
        return str(RELATION_LABELS.get(self.relation, self.relation))

    @property
    def link(self) -> str:
        """The exact place if given, else the law's official text, else nothing."""
        return self.url or self.law.official_url


@dataclass
class CoverageRow:
    """One article of the grid and the provisions mapped to it."""

    article: Article
    mappings: list[Mapped] = field(default_factory=list)

    @property
    def relation(self) -> str:
        """The strongest relation among the mappings ("" when nothing is mapped)."""
        relations = {m.relation for m in self.mappings}
        return next((r for r in RELATION_ORDER if r in relations), "")

    @property
    def relation_label(self) -> str:
        return str(RELATION_LABELS.get(self.relation, _("Nothing mapped yet")))

    @property
    def badge(self) -> str:
        return RELATION_BADGE[self.relation]

    @property
    def shown(self) -> list[Mapped]:
        return self.mappings[:CELL_LIMIT]

    @property
    def more(self) -> int:
        return max(0, len(self.mappings) - CELL_LIMIT)


def coverage_grid(
    articles: Iterable[Article],
    mappings: Iterable[Mapped],
    obligation_articles: Iterable[tuple[int, int]],
) -> list[CoverageRow]:
    """The grid's rows: each article with the mappings that reach it, directly or through an
    obligation (``obligation_articles`` pairs each obligation with its articles). Pure."""
    articles_of: dict[int, list[int]] = defaultdict(list)
    for obligation_id, article_id in obligation_articles:
        articles_of[obligation_id].append(article_id)
    rows = {a.pk: CoverageRow(a) for a in articles}
    for mapping in mappings:
        targets = (
            [mapping.article_id] if mapping.article_id else articles_of[mapping.obligation_id or 0]
        )
        for article_id in targets:
            if article_id in rows and mapping not in rows[article_id].mappings:
                rows[article_id].mappings.append(mapping)
    return list(rows.values())


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

PAGE_SIZE = 50
SORTS = {
    "participant": ("participant__name", "title", "pk"),
    "title": ("title", "pk"),
    "status": ("status", "participant__name", "title", "pk"),
    "kind": ("kind", "participant__name", "title", "pk"),
}
SORT_LABELS = {
    "participant": gettext_lazy("Participant"),
    "title": gettext_lazy("Title"),
    "kind": gettext_lazy("Kind"),
    "status": gettext_lazy("Status"),
}
DEFAULT_SORT = "participant"


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
    chosen = {
        "q": params.get("q", "").strip()[:100],
        "participant": params.get("participant", "").strip().upper()[:3],
        "region": _one_of(params.get("region"), regions),
        "kind": _one_of(params.get("kind"), Law.Kind.values),
        "status": _one_of(params.get("status"), Law.Status.values),
        "mapped": _one_of(params.get("mapped"), ["yes", "no"]),
    }
    sort = params.get("sort", DEFAULT_SORT)
    descending = sort.startswith("-")
    sort_key = sort.removeprefix("-")
    if sort_key not in SORTS:
        sort, sort_key, descending = DEFAULT_SORT, DEFAULT_SORT, False

    laws = (
        Law.objects.published()
        .as_of(at)
        .select_related("participant")
        .annotate(is_mapped=mapped_exists())
    )
    if chosen["q"]:
        laws = laws.filter(Q(title__icontains=chosen["q"]) | Q(title_en__icontains=chosen["q"]))
    if chosen["participant"]:
        laws = laws.filter(participant__iso3=chosen["participant"])
    if chosen["region"]:
        laws = laws.filter(participant__region=chosen["region"])
    if chosen["kind"]:
        laws = laws.filter(kind=chosen["kind"])
    if chosen["status"]:
        laws = laws.filter(status=chosen["status"])
    if chosen["mapped"]:
        laws = laws.filter(is_mapped=chosen["mapped"] == "yes")
    order = SORTS[sort_key]
    laws = laws.order_by(*(f"-{f}" if descending else f for f in order))

    page = Paginator(laws, PAGE_SIZE).get_page(params.get("page"))
    filters = {key: value for key, value in chosen.items() if value}
    context = page_context(request, at, page_title=_("National laws"), treaty=default_treaty())
    context.update(
        page=page,
        laws=list(page.object_list),
        chosen=chosen,
        has_filters=bool(filters),
        regions=[(r, region_label(r)) for r in regions],
        kinds=Law.Kind.choices,
        statuses=Law.Status.choices,
        headers=[
            {
                "label": label,
                "url": with_as_of(
                    request.path,
                    at,
                    **filters,
                    sort=f"-{key}" if key == sort_key and not descending else key,
                ),
                "aria_sort": ("descending" if descending else "ascending")
                if key == sort_key
                else "",
            }
            for key, label in SORT_LABELS.items()
        ],
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


def _one_of(value: str | None, allowed: Iterable[str]) -> str:
    """The value if it is one the page offers; anything else is ignored, not an error."""
    return value if value and value in allowed else ""


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
        "region": _one_of(request.GET.get("region"), regions),
        "relation": _one_of(request.GET.get("relation"), MappingRelation.values),
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
