"""manage.py import_assessments FILE --treaty SLUG [--user USERNAME] [--apply]"""

from __future__ import annotations

from typing import Any

from treaty.importers.assessments import import_assessments
from treaty.importers.command import ImportCommand
from treaty.importers.report import ImportReport
from treaty.models import Treaty


class Command(ImportCommand):
    help = "Imports assessments (submitted for review) from CSV, TSV or XLSX: a dry run unless --apply."
    progress_every = 500

    def run(
        self, treaty: Treaty, rows: list[list[str]], by: Any, options: dict[str, Any]
    ) -> ImportReport:
        return import_assessments(
            treaty=treaty,
            rows=rows,
            by=by,
            apply=bool(options["apply"]),
            progress=self.progress,
        )
