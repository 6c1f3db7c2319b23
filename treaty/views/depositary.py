"""The depositary's status table as a page, in the UN Treaty Collection's layout.

Participant | Signature | Ratification, Acceptance (A), Approval (AA), Accession (a),
Succession (d): the instrument's day with the depositary's suffix, footnote marks for
declarations, reservations and the other actions (listed under the table), the depositary
notifications linked, where each day was read when it was not the depositary's record, and
when the record was last checked against the depositary's count. Sortable with plain links
(``?sort=``), printable, with ``?as_of=``.

Five queries whatever the size of the record: the treaty, its published actions, the
depositary's latest count, the engine's rows for the comparison with it (only when a count is
recorded), and the footer's check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from treaty.depositary_table import Row, build_table
from treaty.models import ActionKind, SourceKind, Treaty, TreatyAction, normalize_name
from treaty.views.asof import with_as_of as parse_as_of
from treaty.views.cache import cached_page
from treaty.views.common import get_or_404, page_context, sort_link, with_as_of
from treaty.views.depositary_checks import depositary_checks

DEFAULT_SORT = "participant"
COLUMNS = (
    ("participant", gettext_lazy("Participant")),
    ("signature", gettext_lazy("Signature")),
    (
        "consent",
        gettext_lazy("Ratification, Acceptance (A), Approval (AA), Accession (a), Succession (d)"),
    ),
)
# What each of the depositary's suffixes stands for, for the page's <abbr> and legend.
SUFFIX_TITLES = {
    "": "",
    "A": gettext_lazy("Acceptance"),
    "AA": gettext_lazy("Approval"),
    "a": gettext_lazy("Accession"),
    "c": gettext_lazy("Formal confirmation"),
    "d": gettext_lazy("Succession"),
    "s": gettext_lazy("Definitive signature"),
}


@cached_page
@parse_as_of
def depositary_table(request: HttpRequest, slug: str, *, at: date | None) -> HttpResponse:
    treaty = get_or_404(
        Treaty.objects, _("No treaty has the identifier “%(slug)s”.") % {"slug": slug}, slug=slug
    )
    context = page_context(request, at, treaty=treaty, page_title=_("Status table"))
    day = context["day"]
    table = build_table(treaty, day)
    count = treaty.depositary_counts.as_of(day).latest_first().first()
    check = None
    if count is not None:
        rows = treaty.actions.published().as_of(day).engine_rows()
        check = depositary_checks(treaty.rule, rows, [count])[0]

    sort = request.GET.get("sort", DEFAULT_SORT)
    key = sort.removeprefix("-")
    if key not in dict(COLUMNS):
        sort, key = DEFAULT_SORT, DEFAULT_SORT
    descending = sort.startswith("-")
    ordered = _sorted(table.rows, key, descending)
    export_query = with_as_of("", at, treaty=treaty.slug)
    context.update(
        table=table,
        rows=_table_rows(ordered, at),
        row_count=len(table.rows),
        signature_count=sum(1 for row in table.rows if row.signature),
        consent_count=sum(1 for row in table.rows if row.consent),
        footnotes=[
            {
                "number": note.number,
                "action": note.action,
                "ranged": note.ranged,
                "kind": _kind_label(note.action),
                "url": with_as_of(note.action.participant.get_absolute_url(), at),
            }
            for note in table.footnotes
        ],
        headers=_headers(request.path, at, key, descending),
        sort=sort if sort != DEFAULT_SORT else "",
        check=check,
        untc_url=next((url for url in treaty.sources if "treaties.un.org" in url), ""),
        suffixes=[(suffix, title) for suffix, title in SUFFIX_TITLES.items() if suffix],
        export_query=export_query,
    )
    return render(request, "treaty/depositary_table.html", context)


def _kind_label(action: TreatyAction) -> str:
    if action.kind == ActionKind.NOTIFICATION:
        return _("Notification")
    return str(action.get_kind_display())


def _sort_value(key: str) -> Callable[[Row], Any]:
    if key == "signature":
        return lambda row: row.signature.date if row.signature else None
    if key == "consent":
        return lambda row: row.consent.date if row.consent else None
    return lambda row: normalize_name(row.participant.localized_name())


def _sorted(rows: list[Row], key: str, descending: bool) -> list[Row]:
    """By name, or by a date with the rows that have none last whichever the direction."""
    by_name = sorted(rows, key=lambda row: normalize_name(row.participant.localized_name()))
    value = _sort_value(key)
    known = [row for row in by_name if value(row) is not None]
    unknown = [row for row in by_name if value(row) is None]
    return sorted(known, key=value, reverse=descending) + unknown


def _headers(path: str, at: date | None, key: str, descending: bool) -> list[dict[str, Any]]:
    """Column headers as sort links (``sort_link``)."""
    return [
        {
            "key": column,
            "label": label,
            **sort_link(path, at, {}, column, key, descending, default=DEFAULT_SORT),
        }
        for column, label in COLUMNS
    ]


@dataclass(frozen=True, slots=True)
class Cell:
    """A signature or an instrument: its day (or range of days), the depositary's suffix,
    where it was read when not in the depositary's own record, and the depositary
    notification."""

    on: date | None
    earliest: date | None
    suffix: str
    suffix_title: str
    # The kind of source, None when it is the depositary's record.
    source_kind: str | None
    notification: str
    notification_url: str


@dataclass(frozen=True, slots=True)
class TableRow:
    """A row of the status table, drawn by the table tag ``depositary_body``."""

    url: str
    name: str
    footnotes: list[int]
    signature: Cell | None
    consent: Cell | None


def _cell(action: TreatyAction | None, suffix: str = "") -> Cell | None:
    if action is None:
        return None
    source_kind = None
    if action.source_kind != SourceKind.DEPOSITARY:
        source_kind = (
            str(SourceKind(action.source_kind).label)
            if action.source_kind in SourceKind.values
            else ""
        )
    return Cell(
        on=action.date,
        earliest=action.date_earliest,
        suffix=suffix,
        suffix_title=str(SUFFIX_TITLES[suffix]) if suffix else "",
        source_kind=source_kind,
        notification=action.depositary_notification,
        notification_url=action.notification_url,
    )


def _table_rows(rows: list[Row], at: date | None) -> list[TableRow]:
    return [
        TableRow(
            url=with_as_of(row.participant.get_absolute_url(), at),
            name=row.participant.localized_name(),
            footnotes=list(row.footnotes),
            signature=_cell(row.signature),
            consent=_cell(row.consent, row.consent_suffix),
        )
        for row in rows
    ]
