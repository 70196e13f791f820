"""F1: every action and its shortcut, over the window, until F1 or Esc again."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from agent_desk.ui.style import accessible


class HelpOverlay(QFrame):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = parent
        accessible(self, "help_overlay", self.tr("Keyboard shortcuts"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(48, 36, 48, 36)
        title = QLabel(self.tr("Keyboard shortcuts"))
        title.setObjectName("help_title")
        self._layout.addWidget(title)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(24)
        self._layout.addLayout(self._grid)
        self._layout.addStretch(1)
        hint = QLabel(self.tr("Press F1 or Esc to close."))
        hint.setObjectName("help_hint")
        self._layout.addWidget(hint)
        parent.installEventFilter(self)
        self.entries: list[tuple[str, str]] = []  # (what, keys), as shown
        self._filled = True
        self.hide()

    def set_actions(self, entries: Sequence[tuple[str, QAction | str]]) -> None:
        """Rows of (description, action or key text), shown in two columns."""
        self.entries = [
            (
                text,
                action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                if isinstance(action, QAction)
                else action,
            )
            for text, action in entries
        ]
        self._filled = False  # the rows are made when first shown (cold start)
        if self.isVisible():
            self._fill()

    def _fill(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        half = (len(self.entries) + 1) // 2
        for index, (text, keys) in enumerate(self.entries):
            column = 0 if index < half else 2
            row = index % half
            key = QLabel(keys)
            key.setObjectName("help_key")
            self._grid.addWidget(key, row, column, Qt.AlignmentFlag.AlignRight)
            self._grid.addWidget(QLabel(text), row, column + 1)
        self._filled = True

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
            return
        if not self._filled:
            self._fill()
        self.setGeometry(self._host.rect())
        self.raise_()
        self.show()
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F1):
            self.hide()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
        return False
