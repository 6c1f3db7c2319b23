"""Writers that turn a table (a header and an iterable of row tuples) into CSV, JSON or XLSX.

CSV and JSON are generators of text chunks for a ``StreamingHttpResponse``: rows are buffered and
flushed every ``CHUNK_ROWS`` rows, so memory holds one chunk whatever the row count (one chunk per
row costs 2.5x the time; see STACK.md, "Performance findings"). XLSX is a zip archive written at
the end, so it cannot stream: openpyxl's write-only mode spools the sheet to a temporary file, and
the finished workbook goes to another, served as a file.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CHUNK_ROWS = 5000
# Excel's sheet limit: 1,048,576 rows, the header included.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_DATA_ROWS = EXCEL_MAX_ROWS - 1
BOM = "\ufeff"
# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = frozenset("=+-@\t\r")


@dataclass(frozen=True, slots=True)
class Table:
    """What an export produces: column names and the rows, lazily.

    ``count`` returns the number of rows when that is cheap to know beforehand (one COUNT query,
    or the length of a list already built); ``None`` when only writing the rows would tell. Only
    the XLSX writer asks, to refuse an export too large for Excel before writing it.
    """

    columns: Sequence[str]
    rows: Iterable[Sequence[Any]]
    count: Callable[[], int] | None = None
    # The outside sources the rows cite ("UNCTAD Global Cyberlaw Tracker, 2026-03-05"), for the
    # file's own properties where the format has them (XLSX); the rows carry it in a column too.
    attribution: Callable[[], str] | None = None


class TooManyRows(Exception):
    """The table does not fit in one Excel sheet."""

    def __init__(self, count: int | None = None) -> None:
        self.count = count
        have = f"{count:,} rows" if count is not None else "more rows than that"
        super().__init__(
            f"An Excel sheet holds at most {EXCEL_MAX_DATA_ROWS + 1:,} rows including the header, so "
            f"{EXCEL_MAX_DATA_ROWS:,} data rows; this export has {have}. Narrow it with filters "
            "or download CSV, which has no row limit."
        )


def iso_datetime(value: datetime | None) -> str | None:
    """A timestamp as ISO 8601 in UTC to the second (``2026-03-02T10:15:00Z``). Exports carry
    timestamps as these strings in every format: Excel has no time zones, and one spelling in
    CSV, JSON and XLSX keeps the column dictionary true for all three."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell no spreadsheet runs as a formula: text starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (OWASP's advice), so that
    ``=HYPERLINK(…)`` in a source is shown, never computed. Only text: numbers (negative ones
    included) and dates stay what they are."""
    if type(value) is str and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def csv_row(row: Sequence[Any]) -> list[Any]:
    """A row of cells through ``csv_cell``: every CSV this site writes goes through it."""
    return [csv_cell(value) for value in row]


def csv_chunks(table: Table, *, bom: bool = False) -> Iterator[bytes]:
    """The table as UTF-8 CSV (RFC 4180: comma, double quotes, CRLF), in chunks of
    ``CHUNK_ROWS`` rows, every cell through ``csv_cell`` (no cell starts a formula).

    Dates are ISO (``str(date)``); ``None`` is an empty cell. ``bom`` prefixes a UTF-8 byte-order
    mark, which Excel needs to read UTF-8 but which pandas would keep in the first column name
    unless told ``encoding="utf-8-sig"``: hence off by default.
    """
    chunk = _Utf8Chunk()
    writer = csv.writer(chunk.text)
    if bom:
        chunk.text.write(BOM)
    writer.writerow(csv_row(table.columns))
    pending = 0
    for row in table.rows:
        writer.writerow(csv_row(row))
        pending += 1
        if pending == CHUNK_ROWS:
            yield chunk.take()
            pending = 0
    yield chunk.take()


def json_chunks(table: Table) -> Iterator[bytes]:
    """The table as one UTF-8 JSON array of objects keyed by column name, in chunks of
    ``CHUNK_ROWS`` rows: ``[`` first, rows joined by commas, ``]`` last, so the whole is valid
    JSON while no more than a chunk is ever in memory. Dates are ISO strings."""
    encode = DjangoJSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    columns = list(table.columns)
    chunk = _Utf8Chunk()
    write = chunk.text.write
    write("[")
    pending = 0
    separator = ""
    for row in table.rows:
        write(separator)
        write(encode(dict(zip(columns, row, strict=True))))
        separator = ","
        pending += 1
        if pending == CHUNK_ROWS:
            yield chunk.take()
            pending = 0
    write("]")
    yield chunk.take()


def xlsx_file(table: Table, *, sheet_title: str) -> IO[bytes]:
    """The table as an XLSX workbook in a temporary file, rewound and ready to serve; the file
    deletes itself when closed. Raises ``TooManyRows`` past Excel's limit, before writing if the
    count is known, else as soon as the limit is passed."""
    if table.count is not None and (count := table.count()) > EXCEL_MAX_DATA_ROWS:
        raise TooManyRows(count)
    workbook = Workbook(write_only=True)
    if table.attribution is not None and (sources := table.attribution()):
        workbook.properties.description = f"Sources: {sources}"
    sheet = workbook.create_sheet(title=sheet_title[:31])  # Excel caps titles at 31 characters
    sheet.append(list(table.columns))
    for written, row in enumerate(table.rows, start=1):
        if written > EXCEL_MAX_DATA_ROWS:
            _discard(sheet)
            raise TooManyRows()
        sheet.append([_excel_cell(sheet, value) for value in row])
    # Not a context manager: the caller serves the file and the response closes (and so
    # deletes) it once sent.
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        workbook.save(output)
    except BaseException:
        output.close()
        raise
    output.seek(0)
    return output


def _excel_cell(sheet: Any, value: Any) -> Any:
    """A value as Excel should show it. Text is text: openpyxl would store "=…" as a formula
    (a source or a note must never compute anything in a reader's spreadsheet), and it refuses
    the control characters XML cannot hold, which pasted text sometimes carries."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _discard(sheet: Any) -> None:
    # End the sheet's row stream and remove the temporary file openpyxl spools it to: left
    # open, the stream fails when garbage-collected and the file stays until the process exits.
    sheet.close()
    sheet._writer.cleanup()


class _Utf8Chunk:
    """A text file whose writes land as UTF-8 bytes, taken out a chunk at a time.

    Not an ``io.StringIO``: it holds text as up to four bytes a character, and its chunk would
    then be copied once more to encode it for the response (measured on the assessments export:
    a 10 MB peak against 6 MB).
    """

    def __init__(self) -> None:
        self._bytes = io.BytesIO()
        self.text = io.TextIOWrapper(self._bytes, encoding="utf-8", newline="", write_through=True)

    def take(self) -> bytes:
        data = self._bytes.getvalue()
        self._bytes.seek(0)
        self._bytes.truncate()
        return data
