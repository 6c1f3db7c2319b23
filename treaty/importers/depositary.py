"""Importing a depositary status table in the UN Treaty Collection layout.

The table has a ``Participant`` column, a ``Signature`` column and one column of consent dates
whose suffix names the instrument::

    Participant        Signature      Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)
    Algeria            25 Oct 2025
    European Union     25 Oct 2025    12 Nov 2026 AA
    Mali4                             9 Dec 2026 a

Suffixes in the consent column: none = ratification, ``A`` = acceptance, ``AA`` = approval,
``a`` = accession, ``c`` = formal confirmation, ``d`` = succession, ``s`` = definitive signature.
In the signature column ``d`` marks a succession to a signature (recorded as a signature) and
``s`` a definitive signature. Names may carry footnote numbers, or stand in brackets when the
participant has since withdrawn.

The import is all or nothing: every row is checked with the same rules as the admin, then either
everything is written or nothing is, with a list of every problem and its line. Every row is
written through ``treaty.services`` under the rules of ``treaty.permissions``, as the API, and
the apply step refuses the rows whose record changed since the dry run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from treaty import permissions, services
from treaty.importers.report import ImportRejected, ImportReport, RowError
from treaty.models import ActionKind, Participant, SourceKind, Treaty, TreatyAction
from treaty.models.actions import CONSENT_KINDS
from treaty.names import ParticipantMatcher

CONSENT_SUFFIXES = {
    "": ActionKind.RATIFICATION,
    "A": ActionKind.ACCEPTANCE,
    "AA": ActionKind.APPROVAL,
    "a": ActionKind.ACCESSION,
    "c": ActionKind.FORMAL_CONFIRMATION,
    "d": ActionKind.SUCCESSION,
    "s": ActionKind.DEFINITIVE_SIGNATURE,
}
SIGNATURE_SUFFIXES = {
    "": ActionKind.SIGNATURE,
    "d": ActionKind.SIGNATURE,  # succession to a predecessor's signature
    "s": ActionKind.DEFINITIVE_SIGNATURE,
}
_ALLOWED = "none (ratification), A, AA, a, c, d, s"

_DATE = re.compile(
    r"^(?P<date>\d{1,2}[ \-](?:[A-Za-z]{3,9})\.?[ \-]\d{4}|\d{4}-\d{2}-\d{2})"
    r"\s*(?P<suffix>[A-Za-z]{1,2})?"
    r"(?:\s+(?P<footnote>\d+(?:\s*,\s*\d+)*))?$"
)
_MONTH_FORMATS = ("%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%B-%Y")


@dataclass(frozen=True, slots=True)
class DatedCell:
    kind: str
    on: date
    suffix: str


@dataclass(frozen=True, slots=True)
class TableRow:
    line: int
    name: str
    signature: DatedCell | None
    consent: DatedCell | None


def parse_date_cell(raw: str, suffixes: Mapping[str, str]) -> DatedCell:
    """``"12 Nov 2008 AA"`` → approval on 2008-11-12. Raises ValueError saying what is allowed."""
    text = re.sub(r"\s+", " ", raw.replace("\u00a0", " ")).strip()
    match = _DATE.match(text)
    if not match:
        raise ValueError(
            f"{raw!r} is not a date: write it as in the depositary table, e.g. '9 Dec 2003' "
            "followed by the instrument's suffix if any, or as 2003-12-09."
        )
    on = _parse_day(match.group("date"))
    if on is None:
        raise ValueError(f"{match.group('date')!r} is not a calendar date.")
    suffix = match.group("suffix") or ""
    if suffix not in suffixes:
        allowed = ", ".join(repr(s) if s else "none" for s in suffixes)
        raise ValueError(f"unknown suffix {suffix!r} in {raw!r}: allowed here are {allowed}.")
    return DatedCell(suffixes[suffix], on, suffix)


def _parse_day(text: str) -> date | None:
    if "-" in text and text[:4].isdigit():
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    cleaned = text.replace(".", "")
    for fmt in _MONTH_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    # "Sept" is common in typed tables, strptime knows only "Sep".
    try:
        return datetime.strptime(cleaned.replace("Sept ", "Sep "), "%d %b %Y").date()
    except ValueError:
        return None


def _norm_header(cell: str) -> str:
    return re.sub(r"\s+", " ", cell).strip().casefold()


def parse_table(rows: list[list[str]]) -> tuple[list[TableRow], list[RowError], list[int]]:
    """Finds the header row, then reads every participant row below it; returns the rows, the
    problems, and the lines passed over because they hold no date (notes, footnotes)."""
    errors: list[RowError] = []
    header_at = next(
        (
            i
            for i, row in enumerate(rows)
            if any(_norm_header(c).startswith("participant") for c in row)
        ),
        None,
    )
    if header_at is None:
        return [], [RowError(1, "Participant", "no header row with a 'Participant' column.")], []
    header = [_norm_header(c) for c in rows[header_at]]
    participant_col = next(i for i, h in enumerate(header) if h.startswith("participant"))
    signature_col = next((i for i, h in enumerate(header) if h.startswith("signature")), None)
    consent_col = next(
        (
            i
            for i, h in enumerate(header)
            if i not in (participant_col, signature_col)
            and any(w in h for w in ("ratification", "accession", "acceptance", "approval"))
        ),
        None,
    )
    if signature_col is None and consent_col is None:
        errors.append(
            RowError(
                header_at + 1,
                "Signature",
                "no 'Signature' column and no consent column (a header naming ratification, "
                "acceptance, approval or accession).",
            )
        )
        return [], errors, []
    names = {participant_col: "Participant"}
    if signature_col is not None:
        names[signature_col] = rows[header_at][signature_col].strip()
    if consent_col is not None:
        names[consent_col] = rows[header_at][consent_col].strip()

    parsed: list[TableRow] = []
    skipped: list[int] = []
    for offset, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = row + [""] * (max(names) + 1 - len(row))
        name = cells[participant_col].strip()
        signature_raw = cells[signature_col].strip() if signature_col is not None else ""
        consent_raw = cells[consent_col].strip() if consent_col is not None else ""
        if not (name or signature_raw or consent_raw):
            continue  # blank line
        if not name:
            errors.append(RowError(offset, "Participant", "a date without a participant name."))
            continue
        if not (signature_raw or consent_raw):
            # Every participant of a status table has a date; a line without one is a note or a
            # footnote printed under the table ("1/ With a declaration…").
            skipped.append(offset)
            continue
        signature = consent = None
        if signature_raw and signature_col is not None:
            try:
                signature = parse_date_cell(signature_raw, SIGNATURE_SUFFIXES)
            except ValueError as exc:
                errors.append(RowError(offset, names[signature_col], str(exc)))
        if consent_raw and consent_col is not None:
            try:
                consent = parse_date_cell(consent_raw, CONSENT_SUFFIXES)
            except ValueError as exc:
                errors.append(RowError(offset, names[consent_col], str(exc)))
        parsed.append(TableRow(offset, name, signature, consent))
    return parsed, errors, skipped


def import_status_table(
    *,
    treaty: Treaty,
    rows: list[list[str]],
    source: str,
    source_url: str = "",
    by: Any = None,
    apply: bool = False,
    expected: dict[str, list[int | None]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Checks (and with ``apply`` writes) a depositary status table for ``treaty``.

    Depositary actions imported from the depositary's own table, with their source, are
    published at once. A date that differs from the recorded one changes the record (its history
    keeps the old value); an action recorded here but absent from the table is left as is and
    reported. ``by`` is who imports (None: the operator of a management command): only someone
    who may publish depositary actions at once. ``expected`` is the ``seen`` of the dry run
    this apply step confirms: a row whose record changed since is refused. Raises
    ImportRejected, having written nothing, when any row has a problem.
    """
    if not permissions.can_import(by, TreatyAction):
        report = ImportReport()
        report.errors.append(
            RowError(0, "", "you may not import a status table: only an editor may.")
        )
        raise ImportRejected(report)
    if not source.strip():
        report = ImportReport()
        report.errors.append(RowError(0, "", "say where the table comes from (source)."))
        raise ImportRejected(report)
    table, errors, skipped = parse_table(rows)
    report = ImportReport(errors=errors)
    if skipped:
        report.notes.append(
            "line(s) " + ", ".join(map(str, skipped)) + " hold no date: read as notes, skipped."
        )
    matcher = ParticipantMatcher.from_database()
    seen: dict[int, int] = {}
    matched: list[tuple[TableRow, Participant]] = []
    for row in table:
        found = matcher.match(row.name)
        if found.participant is None:
            hint = (
                f" (several participants match: {', '.join(found.ambiguous)}; use the code)"
                if found.ambiguous
                else " (add it as another name of the participant, or use its ISO code)"
            )
            report.errors.append(
                RowError(row.line, "Participant", f"unknown participant {row.name!r}{hint}.")
            )
            continue
        if found.participant.pk in seen:
            report.errors.append(
                RowError(
                    row.line,
                    "Participant",
                    f"{found.participant} appears twice (also on line {seen[found.participant.pk]}).",
                )
            )
            continue
        seen[found.participant.pk] = row.line
        if found.withdrawn:
            report.notes.append(
                f"line {row.line}: {found.participant} is in brackets (withdrawn): record its "
                "denunciation from the depositary notification."
            )
        matched.append((row, found.participant))
    if report.errors:
        raise ImportRejected(report)

    with transaction.atomic():
        existing: dict[int, list[TreatyAction]] = {}
        for action in (
            TreatyAction.objects.active()
            .filter(treaty=treaty, kind__in=[ActionKind.SIGNATURE, *CONSENT_KINDS])
            .select_related("participant")
            .order_by("date")
        ):
            existing.setdefault(action.participant_id, []).append(action)
        for index, (row, participant) in enumerate(matched, start=1):
            recorded = existing.get(participant.pk, [])
            for cell, column in ((row.signature, "Signature"), (row.consent, "Consent")):
                if cell is None:
                    continue
                _apply_cell(
                    report,
                    Cell(treaty, participant, row, cell, column, source, source_url),
                    recorded,
                    by,
                    expected,
                )
            if progress:
                progress(index, len(matched))
        table_ids = {p.pk for _, p in matched}
        for participant_id, actions in existing.items():
            if participant_id not in table_ids:
                report.notes.append(
                    f"{actions[0].participant}: recorded here, absent from the table (left as is)."
                )
        if report.errors:
            transaction.set_rollback(True)
            raise ImportRejected(report)
        report.applied = apply
        if not apply:
            # A dry run makes every write and check for real, then takes it all back.
            transaction.set_rollback(True)
    return report


@dataclass(frozen=True, slots=True)
class Cell:
    """One dated cell of the table, with what it is about."""

    treaty: Treaty
    participant: Participant
    row: TableRow
    cell: DatedCell
    column: str
    source: str
    source_url: str


def _apply_cell(
    report: ImportReport,
    c: Cell,
    recorded: list[TreatyAction],
    by: Any,
    expected: dict[str, list[int | None]] | None,
) -> None:
    cell, participant, row = c.cell, c.participant, c.row
    is_signature = cell.kind == ActionKind.SIGNATURE
    current = next(
        (
            a
            for a in reversed(recorded)
            if (a.kind == ActionKind.SIGNATURE) == is_signature
            and (is_signature or a.kind in CONSENT_KINDS)
        ),
        None,
    )
    what = f"{participant}'s {'signature' if is_signature else 'instrument'}"
    if not report.check_seen(
        f"{row.line}:{c.column}", current, expected, line=row.line, column=c.column, what=what
    ):
        return
    label = ActionKind(cell.kind).label.lower()
    # The depositary's table gives the exact day: an action known only to a range of days
    # that ends on it is not unchanged, it is narrowed (and its source becomes the depositary).
    if (
        current is not None
        and current.kind == cell.kind
        and current.date == cell.on
        and current.date_earliest is None
    ):
        report.unchanged += 1
        return
    if current is not None and not permissions.can_change_record(by, current):
        report.errors.append(RowError(row.line, c.column, f"{what} is not yours to change."))
        return
    try:
        with transaction.atomic():
            if current is None:
                action = services.record_treaty_action(
                    treaty=c.treaty,
                    participant=participant,
                    kind=cell.kind,
                    date=cell.on,
                    source=c.source,
                    source_url=c.source_url,
                    source_kind=SourceKind.DEPOSITARY,
                    by=by,
                    # The depositary's own table, with its source: public at once.
                    publish=True,
                    # The table's suffix says "accession": that is the depositary's record.
                    confirm_accession_after_signature=True,
                )
                verb = "add"
            else:
                days = current.date.isoformat()
                if current.date_earliest is not None:
                    days = f"{current.date_earliest.isoformat()} to {days}"
                before = f"{current.get_kind_display().lower()} of {days}"
                current.kind, current.date, current.date_earliest = cell.kind, cell.on, None
                current.source = c.source
                current.source_kind = SourceKind.DEPOSITARY
                current.source_url = c.source_url or current.source_url
                current.confirm_accession_after_signature = True
                action = services.save_edited(
                    record=current, expected_version=current.version, by=by
                )
                verb = f"change (was {before})"
    except services.StaleRecord as exc:
        report.errors.append(RowError(row.line, c.column, f"{participant}: {exc}"))
        return
    except ValidationError as exc:
        for messages in exc.message_dict.values():
            for message in messages:
                report.errors.append(RowError(row.line, c.column, f"{participant}: {message}"))
        return
    if current is None:
        recorded.append(action)
        report.added += 1
    else:
        report.changed += 1
    report.lines.append(f"line {row.line}: {verb} {participant} {label} {cell.on.isoformat()}")
