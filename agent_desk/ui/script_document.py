"""Building the talk-track document: sections with anchors, placeholders marked.

Kept apart from the panel so the panel is about layout and navigation, and this about
text: escaping field values, writing each section at a known position, marking the
domain's visible placeholders for missing fields.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, QRect, QRegularExpression, QSize
from PySide6.QtGui import (
    QFont,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget

from agent_desk.domain.scripts import Script, ScriptSection

# The domain renders a missing field as "[lead.name?]" (script_fields.placeholder).
PLACEHOLDER = QRegularExpression(
    r"\[[^\W\d]\w*(?:\.[^\W\d]\w*)*\?\]",
    QRegularExpression.PatternOption.UseUnicodePropertiesOption,
)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def escape_markdown(value: str) -> str:
    """A field value as literal text: a name like ``*Li*`` must not turn italic."""
    return _MD_SPECIAL.sub(r"\\\1", value)


class FlowLayout(QLayout):
    """Buttons left to right, wrapping to the next line when the panel is narrow."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        gap = self.spacing()
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + gap
            line = max(line, hint.height())
        return y + line - rect.y()


def clear_layout(layout: QLayout) -> None:
    while (item := layout.takeAt(0)) is not None:
        widget = item.widget()
        if widget is not None:
            widget.hide()  # gone now, not when the event loop gets to deleting it
            widget.setParent(None)
            widget.deleteLater()


class DocumentBuilder:
    """Writes sections into a document and remembers where each anchor starts."""

    def __init__(self, doc: QTextDocument, base_size: float) -> None:
        doc.clear()
        self.doc = doc
        self.cursor = QTextCursor(doc)
        self.base_size = base_size
        self.anchors: dict[str, int] = {}
        self._first = True

    def _block(self, fmt: QTextBlockFormat) -> None:
        if self._first:
            self.cursor.setBlockFormat(fmt)
            self._first = False
        else:
            self.cursor.insertBlock(fmt, QTextCharFormat())

    def heading(self, anchor: str, title: str, level: int) -> None:
        block = QTextBlockFormat()
        block.setHeadingLevel(level)
        block.setTopMargin(0 if self._first else 14 if level == 2 else 8)
        block.setBottomMargin(4)
        self._block(block)
        self.anchors[anchor] = self.cursor.position()
        chars = QTextCharFormat()
        chars.setFontWeight(QFont.Weight.Bold)
        chars.setFontPointSize(self.base_size * (1.3 if level == 2 else 1.1))
        chars.setAnchor(True)
        chars.setAnchorNames([anchor])
        self.cursor.insertText(title, chars)

    def body(self, markdown: str) -> None:
        if not markdown.strip():
            return
        block = QTextBlockFormat()
        block.setBottomMargin(6)  # as the paragraphs Qt's Markdown reader makes
        self._block(block)
        start = self.cursor.block()
        self.cursor.insertMarkdown(markdown)
        # A body that opens with a list or a quote leaves the block it was inserted
        # into empty: drop it, or every such section starts with a blank line.
        if not start.text() and start.previous().isValid() and start.next().isValid():
            QTextCursor(start).deletePreviousChar()

    def section(self, section: ScriptSection, script: Script) -> None:
        if section.title:
            self.heading(section.id, section.title, 2)
        else:
            self.anchors[section.id] = self.cursor.position()
        self.body(section.body)
        if section.kind == "objections":
            for objection in script.objections:
                self.heading(objection.id, objection.title, 3)
                self.body(objection.body)

    def mark_placeholders(self, palette: QPalette) -> None:
        """Make every ``[field?]`` stand out so the rep does not read a gap aloud."""
        chars = QTextCharFormat()
        chars.setFontWeight(QFont.Weight.Bold)
        chars.setBackground(palette.color(QPalette.ColorRole.ToolTipBase))
        chars.setForeground(palette.color(QPalette.ColorRole.ToolTipText))
        found = self.doc.find(PLACEHOLDER)
        while not found.isNull():
            found.mergeCharFormat(chars)
            found = self.doc.find(PLACEHOLDER, found)
