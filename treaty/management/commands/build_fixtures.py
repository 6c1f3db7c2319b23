"""``manage.py build_fixtures``: regenerate fixtures/ from the repository's data/ and the OCHA
taxonomy; with ``--from``, first refresh data/ from an upstream folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from treaty import fixture_builder


def _shown(path: Path) -> str:
    """A folder as the summary shows it: relative to the project when inside it."""
    try:
        return f"{path.resolve().relative_to(Path(settings.BASE_DIR).resolve())}{os.sep}"
    except ValueError:
        return f"{path}{os.sep}"


class Command(BaseCommand):
    help = "Build fixtures/{convention,participants,signatures,depositary}.json from data/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data",
            type=Path,
            default=Path(settings.BASE_DIR) / "data",
            help="Folder holding convention.json, signatures.csv, signatures-undated.csv and "
            "depositary-counts.csv (default: data/).",
        )
        parser.add_argument(
            "--from",
            dest="upstream",
            type=Path,
            help="An upstream data folder: its files are copied into --data first (every file "
            "named in data/README.md must be there), then the fixtures are built.",
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
        folder = options["data"]
        try:
            if options["upstream"] is not None:
                changed = fixture_builder.refresh_from_upstream(options["upstream"], folder)
                self.stdout.write(
                    f"Refreshed {_shown(folder)} from {options['upstream']}: "
                    + (", ".join(changed) + " changed." if changed else "nothing changed.")
                )
            fixtures = fixture_builder.build(folder, compiled_at=options["compiled_at"])
            fixture_builder.write(fixtures, options["out"])
        except fixture_builder.FixtureDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(fixtures.summary(_shown(options["out"])))
