"""Write what a team screen shows to CSV or XLSX: a header and rows of plain values.

CSV is UTF-8 with a byte-order mark, so Excel opens Chinese text right. Both formats are
safe against formula injection (a lead named ``=HYPERLINK(...)``): in CSV a text cell
starting with ``= + - @`` (or a tab or carriage return) gets a leading apostrophe; in XLSX
every text cell is stored as text, never as a formula. Aware datetimes are written as
their wall-clock time (convert them to the zone the screen shows first); XLSX has no
time zones.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.child import INVALID_TITLE_REGEX

Cell = str | int | float | Decimal | bool | datetime | date | time | None

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60
MIN_WIDTH = 6


class ExportError(ValueError):
    """The export cannot be written as asked (e.g. an unknown file type)."""


def _wall_clock(value: datetime) -> datetime:
    return value.replace(tzinfo=None)


def _text(value: Cell) -> str:
    """How a value reads in CSV."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _wall_clock(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def defuse(text: str) -> str:
    """A CSV cell that no spreadsheet will run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _check(header: Sequence[str], rows: list[Sequence[Cell]]) -> None:
    if not header:
        raise ExportError("an export needs at least one column")
    for number, row in enumerate(rows, start=1):
        if len(row) != len(header):
            raise ExportError(f"row {number} has {len(row)} values for {len(header)} columns")


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    """Write a CSV file (UTF-8 with BOM); returns the number of data rows."""
    materialised = list(rows)
    _check(header, materialised)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([defuse(str(h)) for h in header])
        for row in materialised:
            writer.writerow([defuse(_text(v)) if isinstance(v, str) else _text(v) for v in row])
    return len(materialised)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _xlsx_value(value: Cell) -> Cell:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return _wall_clock(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def write_xlsx(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]], *, title: str = "Export"
) -> int:
    """Write an XLSX workbook: one sheet, frozen bold header, fitted column widths.

    Returns the number of data rows.
    """
    materialised = list(rows)
    _check(header, materialised)
    book = Workbook(write_only=True)
    # Sheet names may not hold / \ ? * [ ] : and have at most 31 characters.
    cleaned = INVALID_TITLE_REGEX.sub("-", ILLEGAL_CHARACTERS_RE.sub("", title)).strip()
    sheet = book.create_sheet(title=cleaned[:31] or "Export")
    widths = [_display_width(str(h)) for h in header]
    for row in materialised:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _display_width(_text(value)))
    # Write-only sheets take their layout before the first row.
    for index, width in enumerate(widths, start=1):
        fitted = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = fitted
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value: Cell, *, header_cell: bool = False) -> WriteOnlyCell:
        made = WriteOnlyCell(sheet, value=_xlsx_value(value))
        if isinstance(value, str):
            made.data_type = "s"  # text, even when it starts with "=": never a formula
        if header_cell:
            made.font = bold
        return made

    sheet.append([cell(str(h), header_cell=True) for h in header])
    for row in materialised:
        sheet.append([cell(v) for v in row])
    book.save(path)
    return len(materialised)


def write_export(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    """CSV or XLSX by the file's suffix; `ExportError` for any other."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return write_csv(path, header, rows)
    if suffix == ".xlsx":
        return write_xlsx(path, header, rows)
    raise ExportError(f"cannot export to {path.name!r}: use a .csv or .xlsx file name")
