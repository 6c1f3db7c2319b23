"""manage.py import_mappings FILE --treaty SLUG [--publish] [--apply]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from treaty.importers.command import ImportCommand, import_scope, publish_allowed
from treaty.importers.laws import import_mappings
from treaty.importers.report import ImportReport
from treaty.models import ProvisionMapping, Treaty


class Command(ImportCommand):
    help = (
        "Imports mappings of national provisions to the Convention (participant, law, provision, "
        "article or obligation, relation) from CSV, TSV or XLSX: a dry run unless --apply."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--publish", action="store_true", help="Publish at once (default: submit for review)."
        )

    def run(
        self, treaty: Treaty, rows: list[list[str]], by: Any, options: dict[str, Any]
    ) -> ImportReport:
        return import_mappings(
            treaty=treaty,
            rows=rows,
            by=by,
            publish=publish_allowed(by, ProvisionMapping, options["publish"]),
            allowed_participants=import_scope(by),
            apply=bool(options["apply"]),
            progress=self.progress,
        )
