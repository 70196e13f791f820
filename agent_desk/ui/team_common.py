"""What the team view's tables share: read-only row models, progress cells, column fitting.

Every table of the team view is a `RowsModel` fed immutable rows from the team session:
its cells come from column specs, its items are selectable but never editable, and it
can hand the export exactly the rows and columns it shows (`export_table`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
)

from agent_desk.domain.kpi import Figures, Progress, format_satisfaction, on_pace
from agent_desk.store.export import Cell
from agent_desk.ui import team_palette
from agent_desk.ui.columns import fit_columns
from agent_desk.ui.style import accessible

Index = QModelIndex | QPersistentModelIndex

# The level that colours a row ("alert", "warn", "total", …) and a cell's progress ratio.
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 20
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 21
CELL_LEVEL_ROLE = Qt.ItemDataRole.UserRole + 22

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
HEADER_PAD = 22  # a header section's padding in the style sheet, and a little air


def money(amount: Decimal | float) -> str:
    """``12,345``: whole units, as the figures show sales."""
    return f"{amount:,.0f}"


def count(value: int) -> str:
    return f"{value:,}"


def satisfaction_cell(figures: Figures) -> str:
    """``4.3 (12)``: the average rating and how many contacts were rated; ``—`` if none."""
    if not figures.rated:
        return format_satisfaction(figures)
    return f"{format_satisfaction(figures)} ({count(figures.rated)})"


def satisfaction_average(figures: Figures) -> Decimal | None:
    """The average for an export, two places; None (an empty cell) when none was rated."""
    average = figures.avg_satisfaction
    return None if average is None else Decimal(str(round(average, 2)))


def percent(progress: Progress | None) -> str:
    if progress is None or progress.ratio is None:
        return ""
    return f"{progress.percent}%"


def progress_level(progress: Progress | None, elapsed: float) -> str:
    """``ok`` when met, ``warn`` when behind the share of the period passed, else ""."""
    if progress is None or progress.ratio is None:
        return ""
    if progress.met:
        return "ok"
    return "" if on_pace(progress, elapsed) else "warn"


def local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A moment as wall-clock time of the reporting zone (what the screens and exports show)."""
    return None if moment is None else moment.astimezone(zone).replace(tzinfo=None)


@dataclass(frozen=True)
class Column:
    """One column of a `RowsModel`.

    Attributes:
        title: The header (translated).
        text: The cell's text for a row.
        value: What the export writes (a number stays a number); default the text.
        align: Numbers go right.
        level: The cell's text colour level ("ok", "warn", "muted", …).
        tooltip: The cell's tooltip.
        progress: A ratio for a bar under the text (`ProgressDelegate`), or None.
        header_tip: The header's tooltip (what a short title means).
        tint: The cell's level colours its background too, not just its text.
    """

    title: str
    text: Callable[[Any], str]
    value: Callable[[Any], Cell] | None = None
    align: Qt.AlignmentFlag = LEFT
    level: Callable[[Any], str] | None = None
    tooltip: Callable[[Any], str] | None = None
    progress: Callable[[Any], float | None] | None = None
    header_tip: str = ""
    tint: bool = False


class RowsModel(QAbstractTableModel):
    """A read-only table of immutable rows, described by `Column` specs."""

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        row_level: Callable[[Any], str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._row_level = row_level
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def refresh_column(self, column: int) -> None:
        """Redraw one column (a clock moved)."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0, column),
                self.index(len(self._rows) - 1, column),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole],
            )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return READ_ONLY if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.columns[section].align
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section].header_tip or None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else None
        if role == CELL_LEVEL_ROLE:
            return column.level(row) if column.level else ""
        if role == Qt.ItemDataRole.ForegroundRole:
            cell = column.level(row) if column.level else ""
            return team_palette.foreground(cell or self._level(row))
        if role == LEVEL_ROLE:
            return self._level(row)
        if role == Qt.ItemDataRole.BackgroundRole:
            if column.tint and column.level:
                tinted = team_palette.tint(column.level(row))
                if tinted is not None:
                    return tinted
            return team_palette.background(self._level(row))
        if role == Qt.ItemDataRole.FontRole and self._level(row) == "total":
            font = QFont()
            font.setBold(True)
            return font
        if role == PROGRESS_ROLE:
            return column.progress(row) if column.progress else None
        return None

    def _level(self, row: Any) -> str:
        return self._row_level(row) if self._row_level else ""

    def export_table(self) -> tuple[list[str], list[list[Cell]]]:
        """The header and every row as shown, numbers as numbers."""
        header = [c.title for c in self.columns]
        rows = [
            [c.value(row) if c.value else c.text(row) for c in self.columns] for row in self._rows
        ]
        return header, rows


class ProgressDelegate(QStyledItemDelegate):
    """A cell's text with a thin bar along its bottom: how far to target, coloured by pace."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        ratio = index.data(PROGRESS_ROLE)
        if ratio is None:
            return
        level = str(index.data(CELL_LEVEL_ROLE) or "")
        rect: QRect = option.rect.adjusted(6, 0, -6, -3)
        groove = QRect(rect.left(), rect.bottom() - 3, rect.width(), 3)
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(team_palette.BAR_GROOVE))
        painter.drawRoundedRect(groove, 1.5, 1.5)
        filled = QRect(groove)
        filled.setWidth(max(int(groove.width() * min(float(ratio), 1.0)), 2 if ratio else 0))
        painter.setBrush(QColor(team_palette.BAR_COLOURS.get(level, team_palette.BAR_COLOURS[""])))
        painter.drawRoundedRect(filled, 1.5, 1.5)
        painter.restore()


def table_view(name: str, description: str, model: QAbstractItemModel) -> QTableView:
    """A read-only table: rows selectable, nothing editable, no grid, no row numbers."""
    view = QTableView()
    accessible(view, name, description)
    view.setModel(model)
    _read_only(view)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(30)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.horizontalHeader().setHighlightSections(False)
    return view


def tree_view(name: str, description: str, model: QAbstractItemModel) -> QTreeView:
    view = QTreeView()
    accessible(view, name, description)
    view.setModel(model)
    _read_only(view)
    view.setUniformRowHeights(True)
    view.header().setStretchLastSection(False)
    return view


def _read_only(view: QAbstractItemView) -> None:
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)


class ColumnFitter(QObject):
    """Keeps a view's columns fitted to its width (`columns.fit_columns`), on resize and
    whenever its model changes."""

    def __init__(
        self,
        view: QTableView | QTreeView,
        priority: Sequence[int],
        limits: Mapping[int, tuple[int, int]],
        stretch: Sequence[int],
        optional: Sequence[int] = (),
    ) -> None:
        super().__init__(view)
        self._view = view
        self._args = (list(priority), dict(limits), list(stretch), list(optional))
        view.viewport().installEventFilter(self)
        model = view.model()
        model.modelReset.connect(self.fit)
        model.layoutChanged.connect(self.fit)

    def fit(self) -> None:
        priority, limits, stretch, optional = self._args
        fit_columns(self._view, priority, self._with_titles(limits), stretch, optional)

    def _with_titles(self, limits: Mapping[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
        """Limits that leave room for each header's title: the style sheet sets headers in
        bold with padding, wider than the plain font `fit_columns` measures them in."""
        model = self._view.model()
        header = (
            self._view.horizontalHeader()
            if isinstance(self._view, QTableView)
            else self._view.header()
        )
        font = QFont(header.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        widened = dict(limits)
        for column in range(model.columnCount()):
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            need = metrics.horizontalAdvance(title) + HEADER_PAD
            least, most = limits.get(column, (0, 10_000))
            widened[column] = (max(least, need), max(most, need))
        return widened

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False
