"""manage.py import_laws FILE [--publish] [--apply]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser

from treaty.importers.command import ImportCommand, import_scope, publish_allowed
from treaty.importers.laws import import_laws
from treaty.importers.report import ImportReport
from treaty.models import Law, Treaty


class Command(ImportCommand):
    help = (
        "Imports national laws from CSV, TSV or XLSX, in UNCTAD's layout (m49, country, title, "
        "url) or the project's own (participant, title, source, …): a dry run unless --apply."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        # Laws belong to no treaty; the option is kept for the shared command's checks.
        parser.add_argument("--treaty", default=settings.TRACKER_DEFAULT_TREATY, help="Unused.")
        parser.add_argument("--apply", action="store_true", help="Write (default: dry run).")
        parser.add_argument(
            "--user",
            default=None,
            help="Import as this user, under their role's rules (as in the admin's upload).",
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish at once (default: submit for review)."
        )

    def run(
        self, treaty: Treaty, rows: list[list[str]], by: Any, options: dict[str, Any]
    ) -> ImportReport:
        return import_laws(
            rows=rows,
            by=by,
            publish=publish_allowed(by, Law, options["publish"]),
            allowed_participants=import_scope(by),
            apply=bool(options["apply"]),
            progress=self.progress,
        )
