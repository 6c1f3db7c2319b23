"""The depositary's status table as CSV and XLSX, in the depositary's own layout:
``/api/v1/exports/depositary.csv`` and ``.xlsx``.

The first row is the depositary's header (``Participant | Signature | Ratification,
Acceptance(A), Approval(AA), Accession(a), Succession(d)``), then one row per participant with
its footnote numbers after its name ("Viet Nam1,2"), the days as the depositary writes them
("25 Oct 2025", "12 Nov 2026 AA"), and a fourth column saying where each day was read. Under
the table, one line per footnote ("1/ …"), then the line saying what the file is.

A signature or instrument known only to a range of days stays out of the date columns (the
depositary writes exact days) and is a footnote saying so. So the project's own status-table
importer (``import_status_table``) reads the file back with no change: a test proves it.

Two queries: the treaty and its published actions (``treaty.depositary_table``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.http import HttpRequest, JsonResponse, QueryDict
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import override
from django.views.decorators.http import require_safe

from treaty.asof import AsOfError, parse_as_of
from treaty.days import day_text
from treaty.depositary_table import (
    HEADER,
    DepositaryTable,
    Footnote,
    Row,
    build_table,
    depositary_day,
)
from treaty.exports.views import (
    FILENAME_PREFIX,
    BadParameters,
    _bom,
    _respond,
    given_once,
    throttled,
)
from treaty.exports.writers import Table
from treaty.models import ActionKind, SourceKind, Treaty, TreatyAction

COLUMNS = (*HEADER, "Source")


@require_safe
@throttled
def depositary_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """``/api/v1/exports/depositary.<fmt>``: the status table of the treaty (``treaty``, by
    default the site's) as recorded on ``as_of`` (default today)."""
    try:
        bom = _bom(request.GET)
        treaty, at = _parameters(request.GET)
    except BadParameters as exc:
        return JsonResponse(exc.errors, status=400)
    day = at or timezone.localdate()
    table = depositary_file_table(build_table(treaty, day))
    filename = f"{FILENAME_PREFIX}-depositary-{treaty.slug}-{day.isoformat()}.{fmt}"
    return _respond(table, fmt, filename=filename, sheet="depositary", bom=bom)


def _parameters(params: QueryDict) -> tuple[Treaty, date | None]:
    for name in ("as_of", "treaty"):
        given_once(name, params)
    errors: dict[str, list[str]] = {}
    at = None
    try:
        at = parse_as_of(params.get("as_of"))
    except AsOfError as exc:
        errors["as_of"] = [str(exc)]
    slug = (params.get("treaty") or "").strip()
    treaty = Treaty.objects.filter(slug=slug).first() if slug else Treaty.objects.default()
    if treaty is None:
        errors["treaty"] = [f"No treaty has the identifier {slug[:80]!r}."]
    if errors:
        raise BadParameters(errors)
    assert treaty is not None
    return treaty, at


def depositary_file_table(table: DepositaryTable) -> Table:
    """The rows of the file, built whole (a status table has a few hundred rows at most), in
    English: the depositary's language, and the one the importer reads."""
    with override("en"):
        rows: list[Sequence[Any]] = [_row(row) for row in table.rows]
        rows.append(("", "", "", ""))
        rows.extend(
            (f"{note.number}/ {_footnote_text(note)}", "", "", "") for note in table.footnotes
        )
        rows.append((_about(table), "", "", ""))
    return Table(columns=COLUMNS, rows=rows, count=lambda: len(rows))


def _row(row: Row) -> tuple[str, str, str, str]:
    marks = ",".join(str(n) for n in row.footnotes)
    signature = row.signature if row.signature and row.signature.date_earliest is None else None
    consent = row.consent if row.consent and row.consent.date_earliest is None else None
    sources = []
    if signature is not None:
        sources.append(f"Signature: {_source(signature)}")
    if consent is not None:
        sources.append(f"{consent.get_kind_display()}: {_source(consent)}")
    return (
        f"{row.participant.name}{marks}",
        depositary_day(signature.date) if signature else "",
        f"{depositary_day(consent.date)} {row.consent_suffix}".rstrip() if consent else "",
        "; ".join(sources),
    )


def _source(action: TreatyAction) -> str:
    kind = SourceKind(action.source_kind).label if action.source_kind in SourceKind.values else ""
    text = action.source + (f" ({kind})" if kind else "")
    if action.source_url and action.source_url not in action.source:
        text += f" {action.source_url}"
    if action.depositary_notification:
        text += f", {action.depositary_notification}"
    return text


def _footnote_text(note: Footnote) -> str:
    action = note.action
    kind = action.get_kind_display()
    if action.kind == ActionKind.NOTIFICATION:
        kind = "Notification"
    text = f"{action.participant.name}: {kind}, {day_text(action.date, action.date_earliest)}"
    if note.ranged:
        text += "; not in the columns above, which give exact days"
    if action.effective_on:
        text += f", effective {day_text(action.effective_on)}"
    text += "."
    if action.text:
        text += " " + " ".join(action.text.split())
    return f"{text} Source: {_source(action)}."


def _about(table: DepositaryTable) -> str:
    treaty = table.treaty
    reference = f" ({treaty.depositary_reference})" if treaty.depositary_reference else ""
    return (
        f"{treaty.short_title}{reference}: status as recorded by the Hanoi Convention tracker "
        f"on {depositary_day(table.day)}, in the depositary's layout. Published records only; "
        "each day's source is in the Source column. Not the depositary's own table: check it "
        "at the UN Treaty Collection."
    )
