"""manage.py import_assessments FILE --treaty SLUG [--publish] [--apply]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from treaty.importers import ImportRejected
from treaty.importers.assessments import import_assessments
from treaty.importers.readers import read_rows
from treaty.models import Treaty


class Command(BaseCommand):
    help = "Imports assessments from CSV, TSV or XLSX: a dry run unless --apply."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--treaty", required=True, help="Slug of the treaty.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish at once (default: submit for review)."
        )
        parser.add_argument("--apply", action="store_true", help="Write (default: dry run).")

    def handle(self, *args: object, **options: object) -> str:
        path: Path = options["file"]  # type: ignore[assignment]
        treaty = Treaty.objects.filter(slug=options["treaty"]).first()
        if treaty is None:
            raise CommandError(f"No treaty {options['treaty']!r}.")
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            with path.open("rb") as stream:
                rows = read_rows(stream, path.name)
            report = import_assessments(
                treaty=treaty,
                rows=rows,
                publish=bool(options["publish"]),
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
        if int(options["verbosity"]) > 1:  # type: ignore[call-overload]
            for line in report.lines:
                self.stdout.write(line)
        return report.summary()

    def _progress(self, done: int, total: int) -> None:
        if total >= 1000 and (done % 500 == 0 or done == total):
            self.stderr.write(f"{done}/{total} rows")
