"""The HR workbook written from storage.score_export's sheets: XLSX (openpyxl) with headers in the
reader's language, frozen header rows, widths, real dates, and CSV files (UTF-8 with BOM) beside it.

Text that Excel would read as a formula (starting with = + - @) is always written as text: in the XLSX
as a string cell, in the CSV behind a leading apostrophe, as Excel itself writes such text.
"""

from __future__ import annotations

import asyncio
import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from presentation.i18n import CATALOGS, t
from storage.db import Database
from storage.score_export import Progress, month_export
from storage.score_sheet import Column, Sheet

if TYPE_CHECKING:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_START = ("=", "+", "-", "@")
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm"


def header(lang: str, column: Column) -> str | date:
    """A column's header: a day of the month as a real date, an item's own title, or the catalog's."""
    if column.day is not None:
        return column.day
    if column.en is not None:
        return (column.zh or column.en) if lang.startswith("zh") else column.en
    return t(lang, f"export.col.{column.key}")


def cell_value(lang: str, column: Column, value: object) -> object:
    """A code worded in the reader's language (visit type, feedback kind ...), yes / no for flags."""
    if isinstance(value, bool):
        return t(lang, "export.yes" if value else "export.no")
    if column.values and isinstance(value, str) and f"{column.values}{value}" in CATALOGS["en"]:
        return t(lang, f"{column.values}{value}")
    return value


def formula_like(value: object) -> bool:
    """Whether Excel would take this text for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _cell(sheet: WriteOnlyWorksheet, value: object, *, bold: bool = False) -> WriteOnlyCell:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, value=value)
    if formula_like(value):
        cell.data_type = "s"  # openpyxl marks text starting with = as a formula; this is data
    elif isinstance(value, datetime):
        cell.number_format = TIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = "mm-dd" if bold else DATE_FORMAT
    if bold:
        cell.font = Font(bold=True)
    return cell


def _plain(sheet: WriteOnlyWorksheet, value: object) -> object:
    """The value itself where openpyxl writes it right (most cells: much faster than a cell object)."""
    if isinstance(value, (date, str)) and (isinstance(value, date) or formula_like(value)):
        return _cell(sheet, value)
    return value


def sheet_title(lang: str, key: str) -> str:
    """The sheet's tab name (Excel allows 31 characters)."""
    return str(t(lang, f"export.sheet.{key}"))[:31]


def write_xlsx(sheets: Sequence[Sheet], lang: str) -> bytes:
    """The workbook as bytes (write-only mode: rows stream out, a 10,000-rep month stays small in memory)."""
    # Imported here: openpyxl brings numpy, which the bot should not load at start for a monthly file.
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    for sheet in sheets:
        out = book.create_sheet(title=sheet_title(lang, sheet.key))
        out.freeze_panes = "C2"  # the header row and the team and rep columns stay in view
        for index, column in enumerate(sheet.columns, start=1):
            out.column_dimensions[get_column_letter(index)].width = column.width
        out.append([_cell(out, header(lang, column), bold=True) for column in sheet.columns])
        for row in sheet.rows:
            out.append([_plain(out, cell_value(lang, c, v)) for c, v in zip(sheet.columns, row, strict=True)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_text(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if formula_like(value):
        return "'" + str(value)
    return "" if value is None else value


def write_csv(sheet: Sheet, lang: str) -> bytes:
    """One sheet as CSV in UTF-8 with a BOM, so Excel opens the Chinese right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_text(header(lang, column)) for column in sheet.columns])
    for row in sheet.rows:
        writer.writerow([_csv_text(cell_value(lang, c, v)) for c, v in zip(sheet.columns, row, strict=True)])
    return buffer.getvalue().encode("utf-8-sig")


def csv_files(sheets: Sequence[Sheet], lang: str, stem: str) -> dict[str, bytes]:
    """`stem-<sheet>.csv` for each sheet."""
    return {f"{stem}-{sheet.key}.csv": write_csv(sheet, lang) for sheet in sheets}


def csv_zip(files: dict[str, bytes]) -> bytes:
    """The CSV files in one zip (one document to send instead of six)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@dataclass(frozen=True)
class MonthFiles:
    """A month's workbook, its CSV files, and what it holds."""

    xlsx: bytes
    csv: dict[str, bytes]
    reps: int
    sheets: int


async def month_files(
    db: Database,
    month: date,
    *,
    team_ids: Sequence[int] | None,
    lang: str,
    now: datetime,
    default_zone: str,
    progress: Progress | None = None,
) -> MonthFiles:
    """Recompute the month's scores and write the workbook and its CSV files for `team_ids` (None: all)."""
    async with db.session() as session:
        sheets = await month_export(
            session, month, team_ids=team_ids, now=now, default_zone=default_zone, progress=progress
        )
    stem = f"fieldbot-{month.isoformat()[:7]}"
    reps = len(sheets[0].rows)

    def write() -> tuple[bytes, dict[str, bytes]]:
        return write_xlsx(sheets, lang), csv_files(sheets, lang, stem)

    # A whole company's month is about a million cells, seconds of CPU: written on a thread so that the
    # bot goes on answering everyone meanwhile (the writer holds the GIL in turns, not for the whole file).
    xlsx, tables = await asyncio.to_thread(write)
    return MonthFiles(xlsx, tables, reps, len(sheets))
