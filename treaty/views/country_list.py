"""The list of participants: filter (region, sub-region, group, stage), sort, search by any
name, with the per-stage summary and each row's scorecard."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from treaty import scorecard
from treaty.models import (
    Obligation,
    Participant,
    Treaty,
    normalize_name,
)
from treaty.status import ParticipantStatus, Stage, TreatyStatus
from treaty.views import html
from treaty.views.asof import with_as_of as parse_as_of
from treaty.views.breakdowns import group_memberships
from treaty.views.cache import cached_page
from treaty.views.common import (
    CATEGORY_LABELS,
    CATEGORY_ORDER,
    CATEGORY_SHORT,
    STAGE_LABELS,
    STAGE_ORDER,
    STAGE_RANK,
    default_treaty,
    page_context,
    with_as_of,
)
from treaty.views.narrative import instrument_kind
from treaty.views.regions import region_label

# --- The list ---------------------------------------------------------------------------------

BASE_COLUMNS = [
    ("name", gettext_lazy("Participant")),
    ("region", gettext_lazy("Region")),
    ("stage", gettext_lazy("Stage")),
    ("signed", gettext_lazy("Signature")),
    ("instrument", gettext_lazy("Instrument")),
    ("force", gettext_lazy("Entry into force")),
]
DEFAULT_SORT = "name"
STAGE_VALUES = {stage.value for stage in Stage}


def by_name(participant: Participant) -> str:
    return normalize_name(participant.localized_name())


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
    treaty = default_treaty()
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
    chosen = {
        "q": params.get("q", "").strip()[:100],
        "region": _one_of(params.get("region"), regions),
        "subregion": _one_of(params.get("subregion"), subregions),
        "stage": _one_of(params.get("stage"), STAGE_VALUES),
        "group": _one_of(params.get("group"), group_members),
        "category": _one_of(params.get("category"), categories),
    }
    shown_categories = [chosen["category"]] if chosen["category"] else categories
    sort_keys = [key for key, _label in BASE_COLUMNS] + [f"cat-{c}" for c in categories]
    sort = params.get("sort", DEFAULT_SORT)
    sort_key = sort.removeprefix("-")
    if sort_key not in sort_keys:
        sort, sort_key = DEFAULT_SORT, DEFAULT_SORT
    descending = sort.startswith("-")

    rows = participants
    if chosen["q"]:
        known = set(Participant.objects.known_as(chosen["q"]).values_list("pk", flat=True))
        rows = [p for p in rows if p.pk in known]
    if chosen["region"]:
        rows = [p for p in rows if p.region == chosen["region"]]
    if chosen["subregion"]:
        rows = [p for p in rows if p.subregion == chosen["subregion"]]
    if chosen["group"]:
        in_group = set(group_members[chosen["group"]])
        rows = [p for p in rows if p.iso3 in in_group]
    # Counted within every other filter, before the stage's own.
    stage_summary = _stage_summary(request.path, rows, status, chosen, at)
    if chosen["stage"]:
        rows = [p for p in rows if status.stage_of(p.iso3) == chosen["stage"]]
    rows = _sorted(rows, sort_key, descending, status, cards)

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
        headers=_headers(request.path, filters, at, sort_key, descending, shown_categories),
        rows=_rows(rows, status, cards, shown_categories, at),
        stage_summary=stage_summary,
        has_filters=bool(filters),
        sort=sort if sort != DEFAULT_SORT else "",
        api_filters=_api_filters(chosen, at),
    )
    return render(request, "treaty/country_list.html", context)


def _stage_summary(
    path: str,
    rows: list[Participant],
    status: TreatyStatus,
    chosen: dict[str, str],
    at: date | None,
) -> list[dict[str, Any]]:
    """How many of the participants the other filters keep are at each stage, each with the
    link that shows only them (keeping the other filters)."""
    counts = Counter(status.stage_of(p.iso3) for p in rows)
    others = {key: value for key, value in chosen.items() if value and key != "stage"}
    return [
        {
            "stage": str(stage),
            "label": STAGE_LABELS[stage],
            "count": counts[stage],
            "url": with_as_of(path, at, **others, stage=str(stage)),
            "current": chosen["stage"] == stage,
        }
        for stage in STAGE_ORDER
    ]


def _one_of(value: str | None, allowed: Iterable[str]) -> str:
    """The value if it is one the page offers; anything else is ignored, not an error."""
    return value if value and value in allowed else ""


def _sort_value(
    key: str, status: TreatyStatus, cards: dict[int, scorecard.Scorecard]
) -> Callable[[Participant], Any]:
    """The value a column sorts by; None sorts last whichever the direction."""
    if key == "region":
        return lambda p: (region_label(p.region), region_label(p.subregion)) if p.region else None
    if key == "stage":
        return lambda p: STAGE_RANK[status.stage_of(p.iso3)]
    if key == "signed":
        return lambda p: status.of(p.iso3).signed_on
    if key == "instrument":
        return lambda p: status.of(p.iso3).consent_on
    if key == "force":
        return lambda p: status.of(p.iso3).entry_into_force_on
    if key.startswith("cat-"):
        category = key.removeprefix("cat-")

        def share(p: Participant) -> Any:
            score = cards[p.pk].categories.get(category)
            if score is None or not score.mandatory or not score.has_assessment:
                return None
            return (score.mandatory_aligned / score.mandatory, score.mandatory_aligned)

        return share
    return by_name


def _sorted(
    rows: list[Participant],
    key: str,
    descending: bool,
    status: TreatyStatus,
    cards: dict[int, scorecard.Scorecard],
) -> list[Participant]:
    rows = sorted(rows, key=by_name)  # ties keep alphabetical order (sorts are stable)
    value = _sort_value(key, status, cards)
    known = [p for p in rows if value(p) is not None]
    unknown = [p for p in rows if value(p) is None]
    return sorted(known, key=value, reverse=descending) + unknown


def _headers(
    path: str,
    filters: dict[str, str],
    at: date | None,
    sort_key: str,
    descending: bool,
    categories: list[str],
) -> list[dict[str, Any]]:
    """Column headers as sort links: a click sorts by the column, a second click reverses."""
    columns = [
        *BASE_COLUMNS,
        *(
            (f"cat-{c}", CATEGORY_SHORT.get(c, CATEGORY_LABELS[c]), CATEGORY_LABELS[c])
            for c in categories
        ),
    ]
    headers = []
    for key, label, *title in columns:
        current = key == sort_key
        next_sort = f"-{key}" if current and not descending else key
        headers.append(
            {
                "key": key,
                "label": label,
                "title": title[0] if title else "",
                "url": with_as_of(path, at, **filters, sort=next_sort),
                "aria_sort": ("descending" if descending else "ascending") if current else "",
                "numeric": key.startswith("cat-"),
            }
        )
    return headers


def _instrument(participant: ParticipantStatus) -> SafeString:
    if participant.consent_on is None:
        return format_html("{}", "—")
    return format_html(
        '{} <span class="nowrap">{}</span>',
        instrument_kind(participant.consent_kind).capitalize(),
        html.day(participant.consent_on),
    )


def _rows(
    participants: list[Participant],
    status: TreatyStatus,
    cards: dict[int, scorecard.Scorecard],
    categories: list[str],
    at: date | None,
) -> SafeString:
    """The table body, built here rather than in a template loop: about 200 rows × 10 cells
    (template tags in a loop cost about 10 µs each; see STACK.md "Performance findings")."""
    reio_note = format_html(' <span class="note">({})</span>', _("regional organization"))

    def category_cells(participant: Participant) -> SafeString:
        scores = cards[participant.pk].categories
        return format_html_join(
            "",
            '<td class="num">{}</td>',
            (
                # A category with nothing assessed draws a dash, not a "0 / n" bar.
                (html.score_bar(scores.get(c), label=CATEGORY_LABELS[c]),)
                for c in categories
            ),
        )

    def row(p: Participant) -> tuple[Any, ...]:
        mine = status.of(p.iso3)
        return (
            with_as_of(p.get_absolute_url(), at),
            p.localized_name(),
            reio_note if p.is_reio else "",
            _region(p),
            html.stage_badge(mine.stage),
            html.day_or_range(mine.signed_on, mine.signed_earliest),
            _instrument(mine),
            html.day(mine.entry_into_force_on),
            category_cells(p),
        )

    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a>{}</th><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}</td><td>{}</td>{}</tr>",
        (row(p) for p in participants),
    )


def _region(participant: Participant) -> SafeString:
    """The M49 region, with the sub-region beneath it when it says more ("Africa",
    "Sub-Saharan Africa")."""
    region, subregion = participant.region, participant.subregion
    if not region:
        return format_html("{}", region_label(subregion) or "—")
    if not subregion or subregion == region:
        return format_html("{}", region_label(region))
    return format_html(
        '{}<span class="subregion">{}</span>', region_label(region), region_label(subregion)
    )


def _api_filters(chosen: dict[str, str], at: date | None) -> str:
    """The page's filters in the API's vocabulary, for its "same data" links."""
    return with_as_of(
        "",
        at,
        region=chosen["region"],
        subregion=chosen["subregion"],
        stage=chosen["stage"],
        search=chosen["q"],
    )


# --- One participant ----------------------------------------------------------------------
