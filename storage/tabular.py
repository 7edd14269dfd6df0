"""Read a spreadsheet a person made: CSV (any accepted encoding, `,` `;` or tab) or an Excel .xlsx.

What the file is comes from its bytes, not its name: an .xlsx renamed .csv is still read as a workbook.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time

from storage.encodings import Undecodable, decode

DELIMITERS = ",;\t"
_ZIP = b"PK\x03\x04"
# Legacy .xls, and any Office file with a password (encrypted files are wrapped in this container).
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Table:
    """The header cells and each following row with its number in the file ("line" in a CSV, "row" in
    a workbook, as the person's own program shows it)."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    unit: str  # "line" or "row"


def read_table(data: bytes, expected: Collection[str]) -> Table:
    """The table in `data`; `expected` (the column names) picks the CSV delimiter. Raises Undecodable."""
    if data.startswith(_OLE2):
        raise Undecodable("file.old_excel")
    if data.startswith(_ZIP):
        return _read_workbook(data)
    text, _ = decode(data)
    return _read_csv(text, expected)


def _delimiter(first_line: str, expected: Collection[str]) -> str:
    """The delimiter that splits the header into the most expected names (then: the most cells).

    csv.Sniffer guesses from character frequencies and is easily fooled by a two-line file; the header
    we expect is a far better witness.
    """
    wanted = {name.lower() for name in expected}

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return len({cell.strip().lower() for cell in cells} & wanted), len(cells)

    return max(DELIMITERS, key=score)


def _read_csv(text: str, expected: Collection[str]) -> Table:
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line, expected))
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader, [])
        rows.extend((reader.line_num, cells) for cells in reader)
    except csv.Error:
        # A NUL byte or a quote left open to the end: the row numbers after it would be wrong anyway.
        raise Undecodable("file.broken_csv", line=reader.line_num + 1) from None
    return Table(header=header, rows=rows, unit="line")


def _read_workbook(data: bytes) -> Table:
    """The first worksheet; read-only mode streams rows instead of building the whole workbook."""
    # openpyxl (and numpy behind it) is loaded only when a workbook arrives, not at every start.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise Undecodable("file.bad_xlsx") from None
    try:
        sheet = workbook.worksheets[0]
        # min_row=1: numbering follows Excel's row numbers even when the sheet starts lower down.
        cells = [[_cell_text(v) for v in values] for values in sheet.iter_rows(min_row=1, values_only=True)]
    finally:
        workbook.close()
    header = cells[0] if cells else []
    return Table(header=header, rows=list(enumerate(cells[1:], start=2)), unit="row")


def _cell_text(value: object) -> str:
    """A cell as the person sees it: whole numbers without ".0" (phone numbers are often numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)
