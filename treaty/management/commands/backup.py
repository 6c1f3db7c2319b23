"""manage.py backup FILE.xml.gz: everything — data, history, users and roles — in one file.

XML, because Django's JSON serializer rounds timestamps to the millisecond and a backup must give
back exactly what it took. Every row keeps its id, and references are written as ids, except to
content types and permissions, which ``migrate`` recreates with new ids on the target: those are
written by name (natural key). The tracker's own natural keys are for fixtures, not backups (a
treaty action's names only its standing row, so a reference to a withdrawn one would be lost).

The backup is written to a temporary file in the same folder and put in place only once
complete: a failure leaves no partial file, and an older backup under the same name stays
intact. The file is readable by its owner only (it holds password hashes and tokens).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    no_translations,
)
from django.core.serializers import xml_serializer
from django.db.models import Model

# Rebuilt by `migrate` on the target (and referenced by natural key from the rest); sessions
# are not worth keeping.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
FORMAT = "tracker-backup-xml"


class Serializer(xml_serializer.Serializer):
    """Django's XML, with natural keys for content types and permissions only."""

    def _model_supports_natural_key(self, model: type[Model]) -> bool:
        # A private method of Django's serializer, which the stubs do not declare.
        supported = super()._model_supports_natural_key(model)  # type: ignore[misc]
        return model in (ContentType, Permission) and supported


# This module is also the serializer module of FORMAT: Django's XML reader reads it back.
Deserializer = xml_serializer.Deserializer

ENDINGS = (".xml", ".xml.gz", ".xml.bz2", ".xml.xz")


class Command(BaseCommand):
    help = "Writes every row (data, audit history, users, roles, tokens) to one XML file (.gz compresses)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    @no_translations  # messages for the operator, in the language of the code
    def handle(self, *args: Any, **options: Any) -> str:
        path: Path = options["file"]
        ending = next((e for e in ENDINGS if path.name.endswith(e)), None)
        if ending is None:
            raise CommandError("Name the file .xml, .xml.gz, .xml.bz2 or .xml.xz.")
        path.parent.mkdir(parents=True, exist_ok=True)
        # Same folder, so that the final rename is atomic; same ending, which tells dumpdata
        # how to compress.
        handle, partial = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=f".partial{ending}"
        )
        os.close(handle)
        if FORMAT not in serializers.get_serializer_formats():
            serializers.register_serializer(FORMAT, __name__)
        try:
            call_command(
                "dumpdata",
                exclude=EXCLUDED,
                natural_foreign=True,
                format=FORMAT,
                output=partial,
                verbosity=0,
            )
            with open(partial, "rb") as written:
                os.fsync(written.fileno())  # on disk before it replaces the older backup
            os.replace(partial, path)
        except Exception as error:
            Path(partial).unlink(missing_ok=True)
            raise CommandError(f"The backup failed ({error}); {path} was not changed.") from error
        except BaseException:  # interrupted: leave nothing behind either
            Path(partial).unlink(missing_ok=True)
            raise
        return f"Backup written to {path} ({path.stat().st_size:,} bytes)."
