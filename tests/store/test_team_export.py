"""Exporting what a team screen shows: CSV (UTF-8 with BOM) and XLSX, formula-safe."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from agent_desk.store.export import ExportError, defuse, write_csv, write_export, write_xlsx

HEADER = ("代表", "lead", "amount", "when", "day", "note")
ROWS = [
    ("王芳", "=HYPERLINK(\"http://x\",\"click\")", Decimal("1299.50"),
     datetime(2026, 11, 25, 2, 0, tzinfo=UTC), date(2026, 11, 25), "+86 138****0000"),
    ("李雷", "@SUM(A1)", 3, None, None, "-1"),
    ("韩梅梅", "plain", -5, None, None, "\tTAB"),
]  # fmt: skip


def test_csv_has_a_bom_and_defuses_formulas(tmp_path: Path) -> None:
    path = tmp_path / "board.csv"
    assert write_csv(path, HEADER, ROWS) == 3
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(HEADER)
    assert rows[1] == ["王芳", "'=HYPERLINK(\"http://x\",\"click\")", "1299.50",
                       "2026-11-25 02:00:00", "2026-11-25", "'+86 138****0000"]  # fmt: skip
    assert rows[2][1:] == ["'@SUM(A1)", "3", "", "", "'-1"]
    assert rows[3][2] == "-5"  # a number stays a number
    assert rows[3][5] == "'\tTAB"
    assert defuse("ok") == "ok"


def test_xlsx_stores_text_as_text_with_a_frozen_header(tmp_path: Path) -> None:
    path = tmp_path / "board.xlsx"
    assert write_xlsx(path, HEADER, ROWS, title="Team 1 / today") == 3
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    assert sheet.freeze_panes == "A2"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == list(HEADER)
    lead = sheet["B2"]
    assert lead.value == '=HYPERLINK("http://x","click")' and lead.data_type == "s"
    assert sheet["B3"].data_type == "s" and sheet["F3"].value == "-1"
    assert sheet["C2"].value == Decimal("1299.50") or sheet["C2"].value == 1299.5
    assert sheet["D2"].value == datetime(2026, 11, 25, 2, 0)  # wall clock, no zone
    assert sheet["C4"].value == -5
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["C"].width
    assert sheet["A1"].font.bold
    assert sheet.title == "Team 1 - today"


def test_bad_exports_are_refused_and_write_nothing(tmp_path: Path) -> None:
    for name in ("short.csv", "short.xlsx"):
        with pytest.raises(ExportError, match="row 2 has 2 values for 6 columns"):
            write_export(tmp_path / name, HEADER, [ROWS[0], ("a", "b")])
        assert not (tmp_path / name).exists()
    with pytest.raises(ExportError, match=r"use a \.csv or \.xlsx"):
        write_export(tmp_path / "board.pdf", HEADER, ROWS)
    with pytest.raises(ExportError, match="at least one column"):
        write_export(tmp_path / "empty.csv", (), [])
    assert list(tmp_path.iterdir()) == []
    assert write_export(tmp_path / "Board.XLSX", HEADER, []) == 0
