"""Export what a team view table shows to CSV or XLSX (`agent_desk.store.export`).

The table's model hands over its header and rows (`export_table`): the rows of the
current filter or period, in the order on screen, numbers as numbers. The file dialog
suggests a name that says what and when, in the last folder used.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QStandardPaths, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QToolButton, QWidget

from agent_desk.store.export import Cell, write_csv, write_xlsx
from agent_desk.ui.style import accessible

FORMATS = ("csv", "xlsx")


class Exportable(Protocol):
    def export_table(self) -> tuple[list[str], list[list[Cell]]]: ...


def safe_name(text: str) -> str:
    """A file name part: letters, digits (any script), dots and dashes."""
    cleaned = re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-_.")
    return cleaned or "export"


def write_table(model: Exportable, path: Path, sheet: str = "Export") -> int:
    """Write the model's rows to `path` (.csv or .xlsx); returns the number of rows."""
    header, rows = model.export_table()
    if path.suffix.lower() == ".xlsx":
        return write_xlsx(path, header, rows, title=sheet)
    return write_csv(path, header, rows)


class ExportButton(QToolButton):
    """The Export button, with a menu: CSV or Excel.

    Signals:
        export_requested(str): "csv" or "xlsx"
    """

    export_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        accessible(self, "team_export", self.tr("Export the table on screen to a file"))
        self.setText(self.tr("Export"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self)
        self.csv_action = QAction(self.tr("CSV file…"), self)
        self.xlsx_action = QAction(self.tr("Excel workbook (XLSX)…"), self)
        self.csv_action.triggered.connect(lambda: self.export_requested.emit("csv"))
        self.xlsx_action.triggered.connect(lambda: self.export_requested.emit("xlsx"))
        menu.addAction(self.csv_action)
        menu.addAction(self.xlsx_action)
        self.setMenu(menu)
        self.clicked.connect(lambda: self.export_requested.emit(""))


class ExportDialog:
    """Asks where to save; remembers the folder for the next export of this session."""

    def __init__(self) -> None:
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        self.folder = Path(documents) if documents else Path.home()

    def ask(self, parent: QWidget, name: str, kind: str) -> Path | None:
        """The chosen path with its suffix, or None when cancelled. `kind` may be ""."""
        csv_filter = QCoreApplication.translate("ExportButton", "CSV file (*.csv)")
        xlsx_filter = QCoreApplication.translate("ExportButton", "Excel workbook (*.xlsx)")
        suffix = kind or "xlsx"
        chosen, used_filter = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("ExportButton", "Export"),
            str(self.folder / f"{name}.{suffix}"),
            f"{xlsx_filter};;{csv_filter}",
            xlsx_filter if suffix == "xlsx" else csv_filter,
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_suffix(".csv" if used_filter == csv_filter else ".xlsx")
        self.folder = path.parent
        return path
