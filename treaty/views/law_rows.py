"""The rows of the domestic-law pages, built by pure functions: the coverage grid (one row per
article of the criminalization (II) and procedural (IV) chapters, with the provisions mapped to
it and the strongest relation among them), and the laws page's filters, sorting and sortable
column headers. The queries stay in ``treaty.views.laws``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from treaty.models import Article, Law, MappingRelation
from treaty.views.common import one_of, sort_link

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
    # A mapping reaches an article once, whichever way: the (article, mapping) pairs placed, in
    # a set, rather than a search of the row's list (thousands of mappings on a country page).
    placed: set[tuple[int, int]] = set()
    for mapping in mappings:
        targets = (
            [mapping.article_id] if mapping.article_id else articles_of[mapping.obligation_id or 0]
        )
        for article_id in targets:
            if article_id in rows and (article_id, mapping.pk) not in placed:
                placed.add((article_id, mapping.pk))
                rows[article_id].mappings.append(mapping)
    return list(rows.values())


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


def chosen_filters(params: Mapping[str, str], regions: Iterable[str]) -> dict[str, str]:
    """The laws page's filters as asked for in ``params``, each cleaned ("" when absent or not
    one the page offers)."""
    return {
        "q": params.get("q", "").strip()[:100],
        "participant": params.get("participant", "").strip().upper()[:3],
        "region": one_of(params.get("region"), regions),
        "kind": one_of(params.get("kind"), Law.Kind.values),
        "status": one_of(params.get("status"), Law.Status.values),
        "mapped": one_of(params.get("mapped"), ["yes", "no"]),
    }


def law_filter(chosen: Mapping[str, str]) -> Q:
    """The chosen filters as one condition on laws (which carry the ``is_mapped`` annotation);
    an empty one when nothing is chosen."""
    condition = Q()
    if chosen["q"]:
        condition &= Q(title__icontains=chosen["q"]) | Q(title_en__icontains=chosen["q"])
    if chosen["participant"]:
        condition &= Q(participant__iso3=chosen["participant"])
    if chosen["region"]:
        condition &= Q(participant__region=chosen["region"])
    if chosen["kind"]:
        condition &= Q(kind=chosen["kind"])
    if chosen["status"]:
        condition &= Q(status=chosen["status"])
    if chosen["mapped"]:
        condition &= Q(is_mapped=chosen["mapped"] == "yes")
    return condition


def law_order(sort_key: str, descending: bool) -> list[str]:
    """The fields the laws are ordered by for a sort."""
    return [f"-{f}" if descending else f for f in SORTS[sort_key]]


def sort_headers(
    path: str, at: date | None, filters: Mapping[str, str], sort_key: str, descending: bool
) -> list[dict[str, Any]]:
    """The sortable column headers: each links to the page sorted by it (the other way round
    when it is the current sort), keeping the filters."""
    return [
        {"label": label, **sort_link(path, at, filters, key, sort_key, descending)}
        for key, label in SORT_LABELS.items()
    ]
