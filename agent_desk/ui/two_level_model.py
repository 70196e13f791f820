"""The plumbing of a two-level Qt item model: top rows, each with a list of child rows.

A top row's index carries internal id ``TOP``; a child's carries its top row + 1, so
``parent()`` needs no lookup. Subclasses keep their top rows in ``_rows``, their column
titles in ``_headers``, and say how many children a top row has.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex

Index = QModelIndex | QPersistentModelIndex

TOP = 0  # internalId of a top row; a child row's is its top row + 1


class TwoLevelModel(QAbstractItemModel):
    _rows: Sequence[Any]
    _headers: list[str]

    def _child_count(self, top: Any) -> int:
        raise NotImplementedError

    def is_child(self, index: Index) -> bool:
        return index.isValid() and index.internalId() != TOP

    def _top_of(self, index: Index) -> Any:
        """The top row an index belongs to (itself or its parent), or None."""
        if not index.isValid():
            return None
        top = index.row() if index.internalId() == TOP else index.internalId() - 1
        return self._rows[top] if 0 <= top < len(self._rows) else None

    # -- Qt model ----------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._rows)
        if parent.internalId() == TOP and parent.column() == 0:
            return self._child_count(self._rows[parent.row()])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self._headers)
