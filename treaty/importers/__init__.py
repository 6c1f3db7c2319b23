"""Bulk imports: depositary status tables and assessments, all rows or none."""

from treaty.importers.report import ImportRejected, ImportReport, RowError

__all__ = ["ImportRejected", "ImportReport", "RowError"]
