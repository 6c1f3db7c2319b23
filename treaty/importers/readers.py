"""Reading uploaded tables (CSV, TSV, XLSX) into rows of text cells.

Dates that a spreadsheet stores as dates come out as ISO text, so the parsers see one form.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Protocol

from treaty.importers.report import ImportRejected, ImportReport, RowError

MAX_BYTES = 5 * 1024 * 1024  # the largest depositary table is a few hundred rows
MAX_ROWS = 20_000


def _refuse(message: str) -> ImportRejected:
    report = ImportReport()
    report.errors.append(RowError(0, "", message))
    return ImportRejected(report)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class Readable(Protocol):
    """Anything with ``read(size)`` giving bytes: an open file, an upload, a BytesIO."""

    def read(self, size: int = ..., /) -> bytes: ...


def read_rows(stream: Readable, filename: str) -> list[list[str]]:
    """All rows of the first sheet (XLSX) or of the text table (CSV/TSV, delimiter sniffed)."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _refuse(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: split it.")
    if not data.strip():
        raise _refuse("The file is empty.")
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        rows = _read_xlsx(data)
    elif name.endswith((".csv", ".tsv", ".txt")) or not name.rpartition(".")[1]:
        rows = _read_text(data)
    else:
        raise _refuse(f"{filename!r}: upload a .csv, .tsv, .txt or .xlsx file.")
    if len(rows) > MAX_ROWS:
        raise _refuse(f"The file has more than {MAX_ROWS} rows: split it.")
    return rows


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception as exc:  # a zip, but not a workbook: openpyxl fails in many ways (XML…)
        raise _refuse(f"Not a readable XLSX workbook ({exc.__class__.__name__}).") from None


def _read_text(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheet programs on Windows still save CSV as Windows-1252.
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise _refuse("The file is binary, not a text table: save it as CSV or XLSX.")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters="\t,;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if "\t" in sample else ","
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        return [[c.strip() for c in row] for row in reader]
    except csv.Error as exc:  # e.g. a cell beyond the csv module's field limit
        raise _refuse(f"Not a readable CSV table ({exc}): check its quoting.") from None
