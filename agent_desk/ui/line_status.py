"""The phone line's state in the status bar (SIP desks): registered, down, starting.

Clicking it opens the SIP account settings; saved changes restart the line's engine
(after the call, if one is live).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QToolButton, QWidget

from agent_desk.telephony.line import Line, LineHealth
from agent_desk.ui.style import accessible, set_level

SETTINGS_KEYS = "Ctrl+Shift+L"


class LineStatus(QToolButton):
    """Signals:
    went_down(LineHealth): the line became unusable (why in English, whether it retries).
    came_back(): the line is usable again after being down.
    """

    went_down = Signal(object)
    came_back = Signal()

    def __init__(self, line: Line, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        accessible(self, "line_status", self.tr("The phone line: click for its settings"))
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.line = line
        self._was_down = False
        self.refresh()
        line.health.connect(self.show_health)
        self.clicked.connect(self.open_settings)

    def refresh(self) -> None:
        """Show (and report) the line's health as it is now."""
        self.show_health(getattr(self.line, "current_health", LineHealth(False, "")))

    def show_health(self, health: LineHealth) -> None:
        if health.ok:
            text, level = self.tr("Line ready"), "ok"
        elif health.starting:
            text, level = self.tr("Line starting…"), "info"
        else:
            text, level = self.tr("Line down"), "alert"
        self.setText(text)
        self.setToolTip(health.detail)
        set_level(self, level)
        if not health.ok and not health.starting:
            self.went_down.emit(health)
        elif health.ok and self._was_down:
            self.came_back.emit()
        # Down until it is up again: a restart passes through "starting".
        self._was_down = not health.ok and (not health.starting or self._was_down)

    def settings_folder(self) -> Path | None:
        folder = getattr(self.line, "settings_folder", None)
        return folder if isinstance(folder, Path) else None

    def open_settings(self) -> None:
        """The SIP account dialog; saved settings go to the line at once."""
        from agent_desk.paths import config_dir
        from agent_desk.ui.sip_settings_dialog import SipSettingsDialog

        dialog = SipSettingsDialog(self.settings_folder() or config_dir(), self.window())
        line: Any = self.line

        def saved() -> None:
            settings = dialog.saved_settings()
            if settings is not None and hasattr(line, "apply_settings"):
                line.apply_settings(settings, dialog.password())

        dialog.accepted.connect(saved)
        dialog.open()
