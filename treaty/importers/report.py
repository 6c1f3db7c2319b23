"""What an import did, or would do: counts, one line per row, and row-level errors."""

from __future__ import annotations

from dataclasses import dataclass, field


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
