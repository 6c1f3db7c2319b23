"""What an import did, or would do: counts, one line per row, and row-level errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem, placed so a person can fix the file: line number (1 = first line of the
    file), column name, what is wrong and what is allowed."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(slots=True)
class ImportReport:
    applied: bool = False
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: int = 0
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # What each row found in the database, by row key ("line" or "line:column"): the record's
    # [id, version], or [None, None] for none. The apply step compares it with what the dry run
    # saw (``expected``), so a record changed in between is never silently overwritten.
    seen: dict[str, list[int | None]] = field(default_factory=dict)

    def check_seen(
        self,
        key: str,
        record: Any,
        expected: dict[str, list[int | None]] | None,
        *,
        line: int,
        column: str,
        what: str,
    ) -> bool:
        """Notes what row ``key`` found (``record`` or None) and, on an apply step carrying
        what the dry run saw, reports the row when that changed since. False when refused."""
        now = [record.pk, record.version] if record is not None else [None, None]
        self.seen[key] = now
        if expected is None:
            return True
        before = expected.get(key)
        if before is not None and list(before) == now:
            return True
        if before is None or before[0] is None:
            change = "was added by someone else" if now[0] is not None else "changed"
        elif now[0] != before[0]:
            change = "was replaced by another record"
        else:
            change = f"was changed by someone else (version {before[1]}, now {now[1]})"
        self.errors.append(
            RowError(
                line,
                column,
                f"{what} {change} since the dry run: nothing was written; check the file "
                "again (dry run) to see the record as it is now.",
            )
        )
        return False

    def summary(self) -> str:
        verb = "Imported" if self.applied else "Dry run (nothing written)"
        return (
            f"{verb}: {self.added} added, {self.changed} changed, {self.unchanged} unchanged, "
            f"{self.rejected} rejected."
        )


class ImportRejected(Exception):
    """The file was refused as a whole; ``report.errors`` lists every row-level problem."""

    def __init__(self, report: ImportReport):
        self.report = report
        report.rejected = len({e.line for e in report.errors})
        first = "; ".join(str(e) for e in report.errors[:3])
        more = f" (and {len(report.errors) - 3} more)" if len(report.errors) > 3 else ""
        super().__init__(f"Import refused, nothing written: {first}{more}")
