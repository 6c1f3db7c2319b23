"""The rows of the list of participants, built by pure functions from what the view fetched:
the filters and sort asked for, the filtering and sorting of the participants (stage and scores
are computed, not stored), the per-stage summary and the sortable column headers. The table's
rows are data built in ``treaty.views.country_table``, drawn by the ``country_rows`` tag."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy

from treaty import scorecard
from treaty.models import Participant, normalize_name
from treaty.status import Stage, TreatyStatus
from treaty.views.common import (
    CATEGORY_LABELS,
    CATEGORY_SHORT,
    STAGE_LABELS,
    STAGE_ORDER,
    STAGE_RANK,
    one_of,
    sort_link,
    with_as_of,
)
from treaty.views.regions import region_label

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


def chosen_filters(
    params: Mapping[str, str],
    regions: Iterable[str],
    subregions: Iterable[str],
    groups: Iterable[str],
    categories: Iterable[str],
) -> dict[str, str]:
    """The list's filters as asked for in ``params``, each cleaned ("" when absent or not one
    the page offers)."""
    return {
        "q": params.get("q", "").strip()[:100],
        "region": one_of(params.get("region"), regions),
        "subregion": one_of(params.get("subregion"), subregions),
        "stage": one_of(params.get("stage"), STAGE_VALUES),
        "group": one_of(params.get("group"), groups),
        "category": one_of(params.get("category"), categories),
    }


def filter_rows(
    participants: list[Participant],
    chosen: Mapping[str, str],
    group_members: Mapping[str, Iterable[str]],
    known: set[int] | None,
) -> list[Participant]:
    """The participants the search (``known``: the ids whose names match, None when not
    searching), region, sub-region and group filters keep; the stage filter comes after the
    stage summary, which counts within the others."""
    rows = participants
    if known is not None:
        rows = [p for p in rows if p.pk in known]
    if chosen["region"]:
        rows = [p for p in rows if p.region == chosen["region"]]
    if chosen["subregion"]:
        rows = [p for p in rows if p.subregion == chosen["subregion"]]
    if chosen["group"]:
        in_group = set(group_members[chosen["group"]])
        rows = [p for p in rows if p.iso3 in in_group]
    return rows


def stage_summary(
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


def sort_value(
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


def sorted_rows(
    rows: list[Participant],
    key: str,
    descending: bool,
    status: TreatyStatus,
    cards: dict[int, scorecard.Scorecard],
) -> list[Participant]:
    rows = sorted(rows, key=by_name)  # ties keep alphabetical order (sorts are stable)
    value = sort_value(key, status, cards)
    known = [p for p in rows if value(p) is not None]
    unknown = [p for p in rows if value(p) is None]
    return sorted(known, key=value, reverse=descending) + unknown


def sort_headers(
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
    return [
        {
            "key": key,
            "label": label,
            "title": title[0] if title else "",
            "numeric": key.startswith("cat-"),
            **sort_link(path, at, filters, str(key), sort_key, descending),
        }
        for key, label, *title in columns
    ]


def api_filters(chosen: dict[str, str], at: date | None) -> str:
    """The page's filters in the API's vocabulary, for its "same data" links."""
    return with_as_of(
        "",
        at,
        region=chosen["region"],
        subregion=chosen["subregion"],
        stage=chosen["stage"],
        search=chosen["q"],
    )
