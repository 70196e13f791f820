"""The team view's colours, in one place.

Widgets take their colours from the style sheet (``level`` and ``role`` properties), but
QSS cannot reach a single row or cell of an item model, nor a chart's series. These are
the same tones as ``resources/styles/desk-light.qss`` uses for the same levels.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QBrush, QColor

# level -> (row or cell background, text colour); None keeps the view's own.
LEVEL_COLOURS: Mapping[str, tuple[str | None, str | None]] = {
    "alert": ("#fde2e1", "#a5221a"),
    "warn": ("#fff1c2", "#7a4a00"),
    "ok": (None, "#137333"),
    "info": (None, "#1a56c4"),
    "muted": (None, "#80868b"),
    "total": ("#eef3fb", None),  # the team's total row
    "child": ("#fafbfc", "#5f6368"),  # a record's earlier wrap-ups, under its call
}

# A cell tinted by its own level (the assessment grid: a month met, missed, behind).
CELL_TINTS: Mapping[str, str] = {
    "ok": "#e6f4ea",
    "alert": "#fce8e6",
    "warn": "#fef3d0",
}

# A progress bar in a cell: level -> bar colour; the bar's groove.
BAR_COLOURS: Mapping[str, str] = {
    "ok": "#34a853",
    "warn": "#f4b400",
    "alert": "#ea4335",
    "info": "#5b8def",
    "": "#5b8def",
}
BAR_GROOVE = "#e8ebef"

# Charts: one colour per series, the same everywhere.
SERIES_COLOURS: Mapping[str, str] = {
    "dials": "#8ab4f8",
    "contacts": "#1a73e8",
    "sales": "#34a853",
    "achieved": "#1a73e8",
    "expected": "#c4c9d0",
}
# The outcome mix, most frequent first.
OUTCOME_COLOURS = (
    "#1a73e8", "#34a853", "#f9ab00", "#e8710a", "#a142f4",
    "#12b5cb", "#e52592", "#9aa0a6", "#5f6368", "#185abc",
)  # fmt: skip
CHART_TEXT = "#3c4043"
CHART_GRID = "#e8ebef"


def background(level: str | None) -> QBrush | None:
    colour = LEVEL_COLOURS.get(level or "", (None, None))[0]
    return QBrush(QColor(colour)) if colour else None


def tint(level: str | None) -> QBrush | None:
    colour = CELL_TINTS.get(level or "")
    return QBrush(QColor(colour)) if colour else None


def foreground(level: str | None) -> QBrush | None:
    colour = LEVEL_COLOURS.get(level or "", (None, None))[1]
    return QBrush(QColor(colour)) if colour else None


def colour(name: str) -> QColor:
    """A chart series' colour by name (see SERIES_COLOURS)."""
    return QColor(SERIES_COLOURS.get(name, "#5b8def"))
