"""manage.py restore FILE: loads a backup into an empty (migrated) database, all or nothing.

The whole file is read and every row checked before anything is written: the file must be a
readable backup (XML, optionally .gz/.bz2/.xz), every row must name a model and fields this
version knows, and every value must be one its field accepts (type, length, choices, format;
empty only where the column allows NULL). Then, in the same transaction, the database is
emptied and the rows are written; what only the database can check — that a reference points
at a row the file holds, the named constraints — is checked as they are written. Any problem
cancels everything (the emptying included) and names the row: its position in the file, its
model and its primary key.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.management import call_command
from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    no_translations,
)
from django.core.management.color import no_style
from django.core.serializers import xml_serializer
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Model
from django.test.utils import override_settings

from treaty.freshness import bump_data_version
from treaty.models import ObligationProgress, Treaty, TreatyAction

# How many problems a refused file lists (the count of the rest follows).
SHOWN_PROBLEMS = 20

_OPENERS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


def _open(path: Path) -> IO[bytes]:
    return _OPENERS.get(path.suffix, open)(path, "rb")  # type: ignore[operator]


# What reading one row can raise: a bad value, an unknown model or field.
READ_ERRORS = (
    ValidationError,
    ValueError,
    TypeError,
    LookupError,
    FieldDoesNotExist,
    DeserializationError,
)


class RowError(Exception):
    """A row whose values cannot be read: says which one."""

    def __init__(self, model: str, pk: str, error: Exception) -> None:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        super().__init__(f"({model} pk={pk}): {' '.join(messages)}")


class _Rows(xml_serializer.Deserializer):
    """Django's XML reader, naming the row when one of its values cannot be read."""

    def _handle_object(self, node: Any) -> Any:
        try:
            return super()._handle_object(node)  # type: ignore[misc]  # private in the stubs
        except READ_ERRORS as error:
            raise RowError(node.getAttribute("model"), node.getAttribute("pk"), error) from error


def _rows(stream: IO[bytes]) -> Iterator[Any]:
    """The backup's rows in file order; references to rows not written yet are deferred."""
    return _Rows(stream, using=connection.alias, handle_forward_references=True)


def _label(number: int, obj: Model) -> str:
    return f"row {number:,} ({obj._meta.label_lower} pk={obj.pk})"


def field_problems(obj: Model) -> list[str]:
    """What is wrong with a row's own values, before it is written: each stored value must be
    one its field accepts. Relations are checked by the database as rows are written; an
    empty value is accepted wherever the column accepts it (the database held it)."""
    problems = []
    for field in obj._meta.concrete_fields:
        if field.is_relation or getattr(field, "generated", False):
            continue
        value = getattr(obj, field.attname)
        if value is None:
            if not field.null:
                problems.append(f"{field.name}: empty, and this column cannot be")
            continue
        if value in field.empty_values:
            continue
        try:
            field.clean(value, obj)
        except ValidationError as error:
            problems.append(f"{field.name}: {' '.join(error.messages)}")
    return problems


class Command(BaseCommand):
    help = "Restores a file written by `backup` into an empty database (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Erase what the database holds first (refused otherwise when it is not empty).",
        )

    @no_translations  # messages for the operator, in the language of the code
    def handle(self, *args: Any, **options: Any) -> str:
        path: Path = options["file"]
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
            self.check_file(path)
            # Rows that migrations created (the roles' groups) would collide with the backup's.
            call_command("flush", interactive=False, verbosity=0)
            # The backup holds the history itself: loading must not write new history rows
            # (simple-history records many-to-many changes even on raw loads).
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                count = self.write_rows(path)
        bump_data_version()  # the restored rows arrived without new history
        return f"Restored {path}: {count:,} rows."

    def check_file(self, path: Path) -> None:
        """Reads every row and checks its values; nothing is written."""
        problems: list[str] = []
        number = 0
        try:
            with _open(path) as stream:
                rows = _rows(stream)
                while True:
                    try:
                        row = next(rows)
                    except StopIteration:
                        break
                    except RowError as error:  # the reader goes on with the next row
                        number += 1
                        problems.append(f"row {number:,} {error}")
                        continue
                    number += 1
                    problems += [
                        f"{_label(number, row.object)}: {problem}"
                        for problem in field_problems(row.object)
                    ]
        except Exception as error:  # noqa: BLE001 - any reading error means an unreadable file
            where = f"after row {number:,}" if number else "at its start"
            raise CommandError(
                f"{path} is not a readable backup ({where}): {error}. Nothing was restored."
            ) from error
        if not number:
            raise CommandError(f"{path} holds no rows: nothing was restored.")
        if problems:
            shown = "\n".join(f"- {p}" for p in problems[:SHOWN_PROBLEMS])
            more = len(problems) - SHOWN_PROBLEMS
            raise CommandError(
                f"{path} has {len(problems):,} problem{'s' if len(problems) > 1 else ''}; "
                f"nothing was restored:\n{shown}" + (f"\n… and {more:,} more." if more > 0 else "")
            )

    def write_rows(self, path: Path) -> int:
        """Writes the rows in file order, then checks every reference; returns the count."""
        models: set[type[Model]] = set()
        deferred = []
        number = 0
        with _open(path) as stream:
            rows = _rows(stream)
            while True:
                try:
                    row = next(rows)
                except StopIteration:
                    break
                except (ObjectDoesNotExist, DatabaseError, ValueError) as error:
                    raise CommandError(
                        f"Row {number + 1:,} of {path} refers to a row it does not hold: "
                        f"{error}. Nothing was restored."
                    ) from error
                number += 1
                missing = [
                    f"{field.name} = {value}"
                    for field, value in (row.deferred_fields or {}).items()
                    if not field.many_to_many and not field.null
                ]
                if missing:  # rows come after those they need (dumpdata orders them)
                    raise CommandError(
                        f"{_label(number, row.object)} of {path} refers to a row the file does "
                        f"not hold before it: {', '.join(missing)}. Nothing was restored."
                    )
                try:
                    row.save(using=connection.alias)
                except (DatabaseError, ValueError) as error:
                    raise CommandError(
                        f"{_label(number, row.object)} of {path} cannot be written: {error}. "
                        "Nothing was restored."
                    ) from error
                models.add(type(row.object))
                if row.deferred_fields:
                    deferred.append((number, row))
        for number, row in deferred:
            try:
                row.save_deferred_fields(using=connection.alias)
            except (ObjectDoesNotExist, DatabaseError, ValueError) as error:
                raise CommandError(
                    f"{_label(number, row.object)} of {path} refers to a row it does not "
                    f"hold: {error}. Nothing was restored."
                ) from error
        try:
            connection.check_constraints(table_names=[m._meta.db_table for m in models])
        except DatabaseError as error:
            raise CommandError(
                f"{path} refers to rows it does not hold: {error}. Nothing was restored."
            ) from error
        # Rows arrived with their ids: new rows must continue after them (PostgreSQL).
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
                cursor.execute(statement)
        return number
