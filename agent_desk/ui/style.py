"""Look and language helpers shared by every screen.

Colours live in ``resources/styles/desk.qss``; widgets only say what they mean through
dynamic properties (``level``: ok / warn / alert / muted / info; ``role``: primary,
danger, card, pinned, hint, error, title), so the two themes stay in one file each.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from agent_desk.paths import resources_dir


def set_level(widget: QWidget, level: str) -> None:
    """Mark a widget ok / warn / alert / muted / info and restyle it."""
    if widget.property("level") == level:
        return
    widget.setProperty("level", level)
    _restyle(widget)


def set_role(widget: QWidget, role: str) -> None:
    widget.setProperty("role", role)
    _restyle(widget)


def _restyle(widget: QWidget) -> None:
    # A widget not yet polished reads its properties when it is (at its first show; the
    # style sheet style drops what it cached before then): repolishing now would only
    # slow building a window down.
    if not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def ui_language() -> str:
    """ "zh" when the UI runs in Chinese, else "en" (picks outcome labels, scripts)."""
    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"


def icon(name: str) -> QIcon:
    """An icon from ``resources/icons`` (SVG)."""
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


def picture(pixmap: QPixmap) -> QLabel:
    """A picture at the top left of a dialog (the app's logo, a warning sign)."""
    label = QLabel()
    label.setPixmap(pixmap)
    label.setAlignment(Qt.AlignmentFlag.AlignTop)
    return label


def style_sheet(theme: str = "light") -> str:
    path = resources_dir() / "styles" / f"desk-{theme}.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def accessible(widget: QWidget, name: str, description: str) -> QWidget:
    """The automation contract: the same stable id as objectName and accessibleName.

    Test tools and screen-reader scripts find widgets by these ids whatever the UI
    language; the translated description tells a screen-reader user what it does.
    """
    widget.setObjectName(name)
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)
    return widget
