"""manage.py backup FILE.xml.gz: everything — data, history, users and roles — in one file.

XML, because Django's JSON serializer rounds timestamps to the millisecond and a backup must give
back exactly what it took.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

# Rebuilt by `migrate` on the target (and referenced by natural key from the rest); sessions
# are not worth keeping.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class Command(BaseCommand):
    help = "Writes every row (data, audit history, users, roles, tokens) to one XML file (.gz compresses)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, **options: object) -> str:
        path: Path = options["file"]  # type: ignore[assignment]
        if not path.name.endswith((".xml", ".xml.gz", ".xml.bz2", ".xml.xz")):
            raise CommandError("Name the file .xml, .xml.gz, .xml.bz2 or .xml.xz.")
        path.parent.mkdir(parents=True, exist_ok=True)
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            format="xml",
            output=str(path),
            verbosity=0,
        )
        return f"Backup written to {path} ({path.stat().st_size:,} bytes)."
