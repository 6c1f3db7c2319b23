"""manage.py import_status_table FILE --treaty SLUG --source TEXT [--source-url URL] [--apply]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from treaty.importers import ImportRejected
from treaty.importers.depositary import import_status_table
from treaty.importers.readers import read_rows
from treaty.models import Treaty


class Command(BaseCommand):
    help = "Imports a depositary status table (UNTC layout; CSV, TSV or XLSX): a dry run unless --apply."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--treaty", required=True, help="Slug of the treaty.")
        parser.add_argument("--source", required=True, help="Where the table comes from.")
        parser.add_argument("--source-url", default="")
        parser.add_argument("--apply", action="store_true", help="Write (default: dry run).")

    def handle(self, *args: object, **options: object) -> str:
        path: Path = options["file"]  # type: ignore[assignment]
        try:
            treaty = Treaty.objects.get(slug=options["treaty"])
        except Treaty.DoesNotExist:
            slugs = ", ".join(Treaty.objects.values_list("slug", flat=True)) or "none loaded"
            raise CommandError(f"No treaty {options['treaty']!r}; known: {slugs}.") from None
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            with path.open("rb") as stream:
                rows = read_rows(stream, path.name)
            report = import_status_table(
                treaty=treaty,
                rows=rows,
                source=str(options["source"]),
                source_url=str(options["source_url"]),
                apply=bool(options["apply"]),
                progress=self._progress,
            )
        except ImportRejected as rejected:
            for error in rejected.report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Nothing written: {len(rejected.report.errors)} problem(s) in "
                f"{rejected.report.rejected} row(s). {rejected.report.summary()}"
            ) from None
        verbosity = int(options["verbosity"])  # type: ignore[call-overload]
        for line in report.lines if verbosity > 1 else []:
            self.stdout.write(line)
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        return report.summary()

    def _progress(self, done: int, total: int) -> None:
        # Long tables show where they are; short ones stay quiet.
        if total >= 200 and (done % 100 == 0 or done == total):
            self.stderr.write(f"{done}/{total} rows")
