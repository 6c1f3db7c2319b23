"""What the import commands share: the file and treaty arguments, the user whose rules apply,
the dry run, progress on long files, every problem listed on failure, and the one-line
summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Model

from treaty import permissions
from treaty.importers.readers import read_rows
from treaty.importers.report import ImportRejected, ImportReport
from treaty.models import Treaty


def import_scope(by: Any) -> set[int] | None:
    """The participants whose rows ``by`` may import (None: every participant)."""
    if by is None:
        return None
    return set(permissions.editable_participants(by).values_list("pk", flat=True))


def publish_allowed(by: Any, model: type[Model], asked: bool) -> bool:
    """``--publish`` is honoured only for someone who may publish records of ``model``."""
    if asked and not permissions.may_publish(by, model):
        raise CommandError(
            f"--publish: {by} may not publish {model._meta.verbose_name_plural}; "
            "import without it and the rows go to review."
        )
    return asked


class ImportCommand(BaseCommand):
    """Subclasses add their own arguments and say how to run the import (``run``)."""

    progress_every = 100  # rows between two progress lines, on files of 2x that or more

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--treaty", required=True, help="Slug of the treaty.")
        parser.add_argument("--apply", action="store_true", help="Write (default: dry run).")
        parser.add_argument(
            "--user",
            default=None,
            help="Import as this user, under their role's rules (as in the admin's upload). "
            "Without it, as the server's operator: a status table is published, assessments "
            "are submitted for review.",
        )

    def run(
        self, treaty: Treaty, rows: list[list[str]], by: Any, options: dict[str, Any]
    ) -> ImportReport:
        raise NotImplementedError

    def handle(self, *args: object, **options: Any) -> str:
        path: Path = options["file"]
        treaty = Treaty.objects.filter(slug=options["treaty"]).first()
        if treaty is None:
            slugs = ", ".join(Treaty.objects.values_list("slug", flat=True)) or "none loaded"
            raise CommandError(f"No treaty {options['treaty']!r}; known: {slugs}.")
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        by = None
        if options["user"] is not None:
            by = get_user_model().objects.filter(username=options["user"], is_active=True).first()
            if by is None:
                raise CommandError(f"No active user {options['user']!r}.")
        try:
            with path.open("rb") as stream:
                rows = read_rows(stream, path.name)
            report = self.run(treaty, rows, by, options)
        except ImportRejected as rejected:
            for error in rejected.report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Nothing written: {len(rejected.report.errors)} problem(s) in "
                f"{rejected.report.rejected} row(s). {rejected.report.summary()}"
            ) from None
        if int(options["verbosity"]) > 1:
            for line in report.lines:
                self.stdout.write(line)
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        return report.summary()

    def progress(self, done: int, total: int) -> None:
        # Long files show where they are; short ones stay quiet.
        if total >= 2 * self.progress_every and (done % self.progress_every == 0 or done == total):
            self.stderr.write(f"{done}/{total} rows")
