"""manage.py restore FILE: loads a backup into an empty (migrated) database."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings

from treaty.freshness import bump_data_version
from treaty.models import ObligationProgress, Treaty, TreatyAction


class Command(BaseCommand):
    help = "Restores a file written by `backup` into an empty database (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Erase what the database holds first (refused otherwise when it is not empty).",
        )

    def handle(self, *args: object, **options: object) -> str:
        path: Path = options["file"]  # type: ignore[assignment]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        holds_data = (
            Treaty.objects.exists()
            or TreatyAction.objects.exists()
            or ObligationProgress.objects.exists()
            or get_user_model().objects.exists()
        )
        if holds_data and not options["replace"]:
            raise CommandError(
                "This database is not empty: restore into a new database, or pass --replace "
                "to erase it first."
            )
        with transaction.atomic():
            # Rows that migrations created (the roles' groups) would collide with the backup's.
            call_command("flush", interactive=False, verbosity=0)
            # The backup holds the history itself: loading must not write new history rows
            # (simple-history records many-to-many changes even on raw loads).
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", str(path), verbosity=0)
        bump_data_version()  # the restored rows arrived without new history
        return f"Restored {path}."
