"""Fitting a list's columns to its width: the most important ones, no sideways scroll."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTableView, QTreeView

_PAD = 12  # cell margins and the focus frame


def _indexes(
    model: QAbstractItemModel, column: int, parent: QModelIndex
) -> Iterator[tuple[int, QModelIndex]]:
    """Every index of a column with its depth (0 for top-level rows)."""
    depth = 0
    walk = parent
    while walk.isValid():
        depth, walk = depth + 1, walk.parent()
    for row in range(model.rowCount(parent)):
        yield depth, model.index(row, column, parent)
        first = model.index(row, 0, parent)
        if model.rowCount(first):
            yield from _indexes(model, column, first)


def fit_columns(
    view: QTableView | QTreeView,
    priority: Sequence[int],
    limits: Mapping[int, tuple[int, int]],
    stretch: Sequence[int],
    optional: Sequence[int] = (),
) -> None:
    """Show the columns that fit the view's width, most important first.

    A column wants the width of its header or its widest cell, kept within `limits`
    (column -> (least, most)). Columns in `stretch` need only their least and share
    what is left; columns ranked after all of them show only when the stretch columns
    can also have the width they want. A column that does not fit takes what is left
    if that is at least its least (its text elides); the others are hidden, so nothing
    scrolls sideways. An `optional` column with no text in any cell is hidden too.
    """
    model = view.model()
    if model is None:
        return
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    font = QFont(view.font())
    font.setBold(True)  # due callbacks are bold; measure as if every row were
    cells = QFontMetrics(font)
    titles = header.fontMetrics()
    indent = view.indentation() if isinstance(view, QTreeView) else 0
    root = 1 if isinstance(view, QTreeView) and view.rootIsDecorated() else 0
    wants: dict[int, int] = {}
    needs: dict[int, int] = {}
    empty: set[int] = set()
    for column in priority:
        least, most = limits.get(column, (0, 10_000))
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        widest = titles.horizontalAdvance(title) + _PAD
        has_text = False
        for depth, index in _indexes(model, column, QModelIndex()):
            text = str(index.data() or "")
            has_text = has_text or bool(text)
            extra = (depth + root) * indent if column == 0 else 0
            widest = max(widest, cells.horizontalAdvance(text) + _PAD + extra)
        if column in optional and not has_text:
            empty.add(column)
        wants[column] = max(least, min(most, widest), header.minimumSectionSize())
        needs[column] = (
            max(least, header.minimumSectionSize()) if column in stretch else wants[column]
        )
    last_stretch = max((priority.index(c) for c in stretch if c in priority), default=-1)
    available = view.viewport().width()
    shown: list[int] = []
    used = 0
    for rank, column in enumerate(priority):
        if column in empty:
            continue
        room = available - used
        if rank > last_stretch:
            room -= sum(wants[c] - needs[c] for c in stretch if c in shown)
        least = limits.get(column, (0, 0))[0]
        if not shown or needs[column] <= room:
            shown.append(column)
            used += needs[column]
        elif least and least <= room and column not in stretch:
            needs[column] = room  # what is left; the text elides
            shown.append(column)
            used += room
    growing = [c for c in stretch if c in shown] or shown[-1:]
    share, rest = divmod(max(available - used, 0), len(growing))
    for column in range(model.columnCount()):
        view.setColumnHidden(column, column not in shown)
    for column in shown:
        width = needs[column]
        if column in growing:
            width += share + (rest if column == growing[-1] else 0)
        view.setColumnWidth(column, width)
