"""``manage.py build_fixtures``: regenerate fixtures/ from the shared data and the OCHA taxonomy."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from treaty import fixture_builder


def _shown(path: Path) -> str:
    """The output folder as the summary shows it: relative to the project when inside it."""
    try:
        return f"{path.resolve().relative_to(Path(settings.BASE_DIR).resolve())}{os.sep}"
    except ValueError:
        return f"{path}{os.sep}"


class Command(BaseCommand):
    help = "Build fixtures/{convention,participants,signatures}.json from the shared data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--shared",
            type=Path,
            default=Path(settings.BASE_DIR).parent / "shared" / "data",
            help="Folder holding convention.json and signatures.csv (default: ../shared/data).",
        )
        parser.add_argument(
            "--out",
            type=Path,
            default=Path(settings.BASE_DIR) / "fixtures",
            help="Folder the fixtures are written to (default: fixtures/).",
        )
        parser.add_argument(
            "--compiled-at",
            default=fixture_builder.DATA_COMPILED_AT,
            help="When the data were checked: the published signatures' timestamps "
            f"(default: {fixture_builder.DATA_COMPILED_AT}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            fixtures = fixture_builder.build(options["shared"], compiled_at=options["compiled_at"])
            fixture_builder.write(fixtures, options["out"])
        except fixture_builder.FixtureDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(fixtures.summary(_shown(options["out"])))
