"""manage.py import_status_table FILE --treaty SLUG --source TEXT [--source-url URL] [--user USERNAME]
[--apply]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from treaty.importers.command import ImportCommand
from treaty.importers.depositary import import_status_table
from treaty.importers.report import ImportReport
from treaty.models import Treaty


class Command(ImportCommand):
    help = "Imports a depositary status table (UNTC layout; CSV, TSV or XLSX): a dry run unless --apply."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--source", required=True, help="Where the table comes from.")
        parser.add_argument("--source-url", default="")

    def run(
        self, treaty: Treaty, rows: list[list[str]], by: Any, options: dict[str, Any]
    ) -> ImportReport:
        return import_status_table(
            treaty=treaty,
            rows=rows,
            source=str(options["source"]),
            source_url=str(options["source_url"]),
            by=by,
            apply=bool(options["apply"]),
            progress=self.progress,
        )
