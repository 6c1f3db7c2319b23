"""Importing assessments from a table (CSV, TSV or XLSX), one row per assessment.

Columns (header names are case-insensitive; order is free):

    participant  obligation  status  as_of  assessed_by          (required)
    evidence_title  evidence_citation  evidence_url  evidence_adopted_on  notes   (optional)

``participant`` is an ISO code or any known name; ``obligation`` the obligation's code (e.g.
``art-7``); ``status`` a stored value or its label (``aligned``, "Partially aligned"); dates
ISO (2026-03-02) or as a spreadsheet date. A row for a participant, obligation and day already
recorded updates that assessment when something differs and leaves it alone otherwise, so
importing the same file twice changes nothing. All rows or none.

Every row is written through ``treaty.services`` under the rules of ``treaty.permissions``, as
the API: a focal point imports for their own participants only; a published assessment is
corrected only by someone who may publish, and the correction goes back to review; an import
never publishes (assessments always go through a reviewer). The apply step carries the version
of each record the dry run saw and refuses the rows whose record changed since.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from treaty import permissions, services
from treaty.importers.report import ImportRejected, ImportReport, RowError
from treaty.models import (
    Obligation,
    ObligationProgress,
    Participant,
    ProgressStatus,
    ReviewState,
    Treaty,
)
from treaty.names import ParticipantMatcher

REQUIRED = ("participant", "obligation", "status", "as_of", "assessed_by")
OPTIONAL = ("evidence_title", "evidence_citation", "evidence_url", "evidence_adopted_on", "notes")
FIELDS = ("status", "assessed_by", *OPTIONAL)
_STATUS_WORDS = {
    **{value: value for value in ProgressStatus.values},
    **{str(label).casefold(): value for value, label in ProgressStatus.choices},
    "partially aligned": ProgressStatus.PARTIALLY_ALIGNED,
    "not started": ProgressStatus.NOT_STARTED,
    "in progress": ProgressStatus.IN_PROGRESS,
    "not applicable": ProgressStatus.NOT_APPLICABLE,
}


def _parse_iso(raw: str, column: str, line: int, errors: list[RowError]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        errors.append(RowError(line, column, f"{raw!r} is not a date: write it as YYYY-MM-DD."))
        return None


def import_assessments(
    *,
    treaty: Treaty,
    rows: list[list[str]],
    by: Any = None,
    apply: bool = False,
    expected: dict[str, list[int | None]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Checks (and with ``apply`` writes) the assessments in ``rows`` as ``by`` (None: the
    operator of a management command).

    Imported assessments are submitted for review. ``expected`` is the ``seen`` of the dry run
    this apply step confirms: a row whose record changed since is refused. Raises
    ImportRejected, having written nothing, when any row has a problem.
    """
    report = ImportReport()
    if not permissions.can_import(by, ObligationProgress):
        report.errors.append(RowError(1, "", "you may not import assessments."))
        raise ImportRejected(report)
    if not rows:
        report.errors.append(RowError(1, "", "the file has no header row."))
        raise ImportRejected(report)
    header = [c.strip().casefold().replace(" ", "_") for c in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        report.errors.append(
            RowError(1, ", ".join(missing), f"missing column(s); required: {', '.join(REQUIRED)}.")
        )
        raise ImportRejected(report)
    col = {name: header.index(name) for name in (*REQUIRED, *OPTIONAL) if name in header}

    matcher = ParticipantMatcher.from_database()
    obligations = {o.code: o for o in treaty.obligations.all()}
    allowed = set(permissions.editable_participants(by).values_list("pk", flat=True))
    seen: dict[tuple[int, int, date], int] = {}
    data_rows = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]

    with transaction.atomic():
        existing = {
            (a.participant_id, a.obligation_id, a.as_of): a
            for a in ObligationProgress.objects.active()
            .filter(obligation__treaty=treaty)
            .select_related("participant")
        }
        for index, (line, row) in enumerate(data_rows, start=1):
            cells = {name: (row[i].strip() if i < len(row) else "") for name, i in col.items()}
            errors: list[RowError] = []
            for name in REQUIRED:
                if not cells[name]:
                    errors.append(RowError(line, name, "empty; this column is required."))
            participant = obligation = None
            if cells["participant"]:
                participant = matcher.match(cells["participant"]).participant
                if participant is None:
                    errors.append(
                        RowError(
                            line,
                            "participant",
                            f"unknown participant {cells['participant']!r}: use an ISO code.",
                        )
                    )
                elif participant.pk not in allowed:
                    errors.append(
                        RowError(
                            line,
                            "participant",
                            f"{participant} is not one of the participants you may edit.",
                        )
                    )
                    participant = None
            if cells["obligation"]:
                obligation = obligations.get(cells["obligation"])
                if obligation is None:
                    errors.append(
                        RowError(
                            line,
                            "obligation",
                            f"no obligation {cells['obligation']!r} in {treaty}: use a code "
                            "such as " + ", ".join(sorted(obligations)[:3]) + ".",
                        )
                    )
            status = _STATUS_WORDS.get(cells["status"].casefold()) if cells["status"] else None
            if cells["status"] and status is None:
                errors.append(
                    RowError(
                        line,
                        "status",
                        f"{cells['status']!r} is not a status; allowed: "
                        + ", ".join(ProgressStatus.values)
                        + ".",
                    )
                )
            as_of = _parse_iso(cells["as_of"], "as_of", line, errors)
            adopted = _parse_iso(
                cells.get("evidence_adopted_on", ""), "evidence_adopted_on", line, errors
            )
            if errors or participant is None or obligation is None or as_of is None:
                report.errors.extend(errors)
                continue
            key = (participant.pk, obligation.pk, as_of)
            if key in seen:
                report.errors.append(
                    RowError(line, "as_of", f"same assessment as line {seen[key]}: keep one.")
                )
                continue
            seen[key] = line
            values = {
                "status": status,
                "assessed_by": cells["assessed_by"],
                "evidence_title": cells.get("evidence_title", ""),
                "evidence_citation": cells.get("evidence_citation", ""),
                "evidence_url": cells.get("evidence_url", ""),
                "evidence_adopted_on": adopted,
                "notes": cells.get("notes", ""),
            }
            current = existing.get(key)
            what = f"the assessment of {participant.iso3} {obligation.code} {as_of.isoformat()}"
            if report.check_seen(str(line), current, expected, line=line, column="", what=what):
                _write_row(report, line, key, values, current, participant, obligation, by)
            if progress:
                progress(index, len(data_rows))

        if report.errors:
            transaction.set_rollback(True)
            raise ImportRejected(report)
        report.applied = apply
        if not apply:
            transaction.set_rollback(True)  # a dry run checks everything for real, then undoes it
    return report


def _write_row(
    report: ImportReport,
    line: int,
    key: tuple[int, int, date],
    values: dict[str, Any],
    current: ObligationProgress | None,
    participant: Participant,
    obligation: Obligation,
    by: Any,
) -> None:
    if current is not None and all(getattr(current, f) == v for f, v in values.items()):
        report.unchanged += 1
        return
    if current is not None and not permissions.can_change_record(by, current):
        report.errors.append(
            RowError(
                line,
                "",
                f"the assessment of {participant.iso3} {obligation.code} "
                f"{key[2].isoformat()} is published: only someone who may publish corrects it. "
                "Date this row's assessment another day (a new assessment), or ask a reviewer.",
            )
        )
        return
    try:
        with transaction.atomic():
            if current is None:
                record = services.record_progress(
                    participant=participant, obligation=obligation, as_of=key[2], by=by, **values
                )
            else:
                for field_name, value in values.items():
                    setattr(current, field_name, value)
                record = services.save_edited(
                    record=current, expected_version=current.version, by=by
                )
            if record.review_state in (ReviewState.DRAFT, ReviewState.RETURNED):
                services.submit(record=record, by=by)
    except services.StaleRecord as exc:
        report.errors.append(RowError(line, "", str(exc)))
        return
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            column = "" if field_name == "__all__" else field_name
            for message in messages:
                report.errors.append(RowError(line, column, message))
        return
    verb = "add" if current is None else "change"
    if current is None:
        report.added += 1
    else:
        report.changed += 1
    report.lines.append(
        f"line {line}: {verb} {participant.iso3} {obligation.code} {key[2].isoformat()} "
        f"{values['status']}"
    )
