"""Breakdowns by region, sub-region and group: a page of their own (``/breakdowns/``) and a
summary on the dashboard. The figures come from ``treaty.breakdowns`` (pure) over the engine's
status on the day shown and on the days compared, all from one fetch of the engine's rows.

The page makes five queries whatever the size of the record: the treaty, the engine's rows, the
participants, the groups' memberships (one join) and the footer's "last checked" line. Group
memberships are sourced data (data/groups.csv).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import get_language

from treaty import breakdowns
from treaty.models import Group, Participant, Treaty
from treaty.models.translated import language_suffix
from treaty.status import TreatyStatus, timeline, treaty_status
from treaty.views.asof import with_as_of as parse_as_of
from treaty.views.cache import cached_page
from treaty.views.common import default_treaty_or_404, page_context, percent_text, with_as_of
from treaty.views.outlook import outlook_context
from treaty.views.regions import region_label

COMPARED_MONTHS = (6, 12)
MEASURE_LABELS = {
    "signatures": gettext_lazy("Signatures"),
    "instruments": gettext_lazy("Instruments"),
    "parties": gettext_lazy("Parties"),
}

# The groups' names in the active language where the data (data/translations/<lang>.csv, into
# the group's name_<lang> column) give none.
GROUP_LABELS = {
    "eu": gettext_lazy("European Union member States"),
    "au": gettext_lazy("African Union"),
    "asean": gettext_lazy("Association of Southeast Asian Nations (ASEAN)"),
    "coe": gettext_lazy("Council of Europe"),
    "oas": gettext_lazy("Organization of American States"),
    "ldc": gettext_lazy("Least developed countries (LDC)"),
    "lldc": gettext_lazy("Landlocked developing countries (LLDC)"),
    "sids": gettext_lazy("Small island developing States (SIDS)"),
}


def group_label(code: str, name: str = "", translated: str | None = None) -> str:
    """The group's name in the active language: its translation in the data (a text other than
    the English name: on English pages the data's column is the English name itself), else the
    catalogue's, else its English name."""
    if translated and translated != name:
        return translated
    return str(GROUP_LABELS.get(code, name or code))


def group_memberships() -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """Every group (in page order, with its source) and its members' ISO alpha-3 codes: one
    query, a join of the membership table with both sides."""
    groups: dict[str, dict[str, Any]] = {}
    members: dict[str, list[str]] = {}
    # The active language's column of the name (django-modeltranslation's), in the same query.
    local_name = f"group__name_{language_suffix(get_language())}"
    rows = Group.members.through.objects.order_by(
        "group__position", "group__code", "participant__iso3"
    ).values_list(
        "group__code",
        "group__name",
        local_name,
        "group__source",
        "group__source_url",
        "group__checked_on",
        "participant__iso3",
    )
    for code, name, translated, source, url, checked_on, iso3 in rows:
        if code not in groups:
            groups[code] = {
                "code": code,
                "label": group_label(code, name, translated),
                "source": source,
                "source_url": url,
                "checked_on": checked_on,
            }
            members[code] = []
        members[code].append(iso3)
    return list(groups.values()), members


def _members(participants: list[Participant]) -> list[breakdowns.Member]:
    return [breakdowns.Member(p.iso3, p.region, p.subregion) for p in participants if not p.is_reio]


def _signed(n: int) -> str:
    if n > 0:
        return f"+{number_format(n)}"
    if n < 0:
        return f"−{number_format(-n)}"
    return "±0"


def _table(
    result: list[breakdowns.Row],
    labels: dict[str, str],
    links: dict[str, str],
    measures: tuple[str, ...],
) -> list[dict[str, Any]]:
    return [
        {
            "key": row.key,
            "label": labels.get(row.key, row.key),
            "url": links.get(row.key, ""),
            "members": row.members,
            "figures": [
                {
                    "count": figure.count,
                    "share": percent_text(figure.share),
                    "changes": [_signed(n) for n in figure.changes],
                }
                for figure in (getattr(row, measure) for measure in measures)
            ],
        }
        for row in result
    ]


def breakdown_tables(
    participants: list[Participant],
    groups: list[dict[str, Any]],
    group_members: dict[str, list[str]],
    now: TreatyStatus,
    earlier: list[TreatyStatus],
    at: date | None,
    *,
    subregions: bool = True,
) -> dict[str, Any]:
    """The tables the page and the dashboard show: by region, by sub-region, by group; each
    row links the countries list filtered to its members. ``measures``: the columns shown,
    each with its label (signatures alone until any instrument exists)."""
    countries = reverse("treaty:country-list")
    measures = breakdowns.measures_shown([now, *earlier])
    members = _members(participants)
    regions = breakdowns.by_attribute(members, "region")
    regions = dict(sorted(regions.items(), key=lambda item: region_label(item[0])))
    tables = {
        "regions": _table(
            breakdowns.rows(regions, now, earlier),
            {key: region_label(key) for key in regions},
            {key: with_as_of(countries, at, region=key) for key in regions},
            measures,
        ),
        "groups": _table(
            breakdowns.rows(group_members, now, earlier),
            {g["code"]: g["label"] for g in groups},
            {code: with_as_of(countries, at, group=code) for code in group_members},
            measures,
        ),
        "measures": [(measure, MEASURE_LABELS[measure]) for measure in measures],
    }
    if subregions:
        subs = breakdowns.by_attribute(members, "subregion")
        subs = dict(sorted(subs.items(), key=lambda item: region_label(item[0])))
        tables["subregions"] = _table(
            breakdowns.rows(subs, now, earlier),
            {key: region_label(key) for key in subs},
            {key: with_as_of(countries, at, subregion=key) for key in subs},
            measures,
        )
    return tables


def dashboard_breakdown(
    treaty: Treaty,
    rows: list,
    now: TreatyStatus,
    participants: list[Participant],
    day: date,
    at: date | None,
) -> dict[str, Any]:
    """The dashboard's summary: regions and groups, with the change over the last 12 months.
    One query (the groups' members); the engine runs again on the rows already fetched."""
    compared = breakdowns.days_compared(day, (12,), treaty.signature_opens_on or treaty.adopted_on)
    earlier = [treaty_status(treaty.rule, rows, then) for then in compared]
    groups, group_members = group_memberships()
    return {
        "compared": [date_format(then) for then in compared],
        "tables": breakdown_tables(
            participants, groups, group_members, now, earlier, at, subregions=False
        ),
    }


@cached_page
@parse_as_of
def breakdowns_page(request: HttpRequest, *, at: date | None) -> HttpResponse:
    treaty: Treaty = default_treaty_or_404()
    context = page_context(request, at, treaty=treaty, page_title=_("Breakdowns"))
    day = context["day"]
    rows = treaty.actions.published().as_of(day).engine_rows()
    now = treaty_status(treaty.rule, rows, day)
    compared = breakdowns.days_compared(
        day, COMPARED_MONTHS, treaty.signature_opens_on or treaty.adopted_on
    )
    earlier = [treaty_status(treaty.rule, rows, then) for then in compared]
    participants = list(Participant.objects.order_by("name"))
    groups, group_members = group_memberships()
    context.update(
        status=now,
        compared=[date_format(then) for then in compared],
        groups=groups,
        tables=breakdown_tables(participants, groups, group_members, now, earlier, at),
        outlook=outlook_context(treaty, now, timeline(treaty.rule, rows, day), day),
    )
    return render(request, "treaty/breakdowns.html", context)
