"""The national laws this project records itself, from ``data/laws.csv`` (its own file, each
row citing its source), in the laws importer's own layout.

They go through the same importer as an editor's upload (``treaty.importers.laws``): the same
checks, all rows or none. A law already recorded (same participant, title and source) is left
as it is, as UNCTAD's are: an editor may have confirmed or corrected it since, and a reload must
not undo that. New laws are published as reference data, like the depositary's record.
"""

from __future__ import annotations

from pathlib import Path

from treaty.importers.laws import import_laws
from treaty.importers.readers import read_rows
from treaty.models import Law
from treaty.names import ParticipantMatcher

LAWS_FILE = "laws.csv"


def load(data_dir: Path) -> int:
    """Records the file's laws not yet recorded; returns how many laws the file lists."""
    path = data_dir / LAWS_FILE
    if not path.exists():
        return 0
    with path.open("rb") as handle:
        rows = read_rows(handle, LAWS_FILE)
    header, body = rows[0], rows[1:]
    columns = {name.strip().casefold(): index for index, name in enumerate(header)}
    matcher = ParticipantMatcher.from_database()
    recorded = set(Law.objects.active().values_list("participant_id", "title", "source"))

    def is_new(row: list[str]) -> bool:
        def cell(name: str) -> str:
            return row[columns[name]].strip() if columns[name] < len(row) else ""

        participant = matcher.match(cell("participant")).participant
        if participant is None:
            return True  # let the importer report the unknown participant, by line
        return (participant.pk, cell("title"), cell("source")) not in recorded

    new_rows = [row for row in body if is_new(row)]
    if new_rows:
        import_laws(rows=[header, *new_rows], publish=True, apply=True)
    return len(body)
