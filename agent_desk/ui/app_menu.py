"""The app's own menu on a window's toolbar: Settings, About, the log folder.

The rep window and the team view both get it (from the app's wiring), as one small
button at the end of their toolbar, so neither window's layout has to know about it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QToolButton

from agent_desk.ui.style import accessible, icon


class AppMenu(QMenu):
    """Settings…, About…, Open the log folder; each calls what the app handed in."""

    def __init__(
        self,
        window: QMainWindow,
        on_settings: Callable[[], None],
        on_about: Callable[[], None],
        on_logs: Callable[[], None],
    ) -> None:
        super().__init__(window)
        accessible(self, "app_menu", self.tr("Agent Desk menu"))
        self.settings_action = QAction(icon("settings"), self.tr("Settings…"), window)
        self.settings_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Preferences))
        if self.settings_action.shortcut().isEmpty():  # no platform default on Linux
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(on_settings)
        self.about_action = QAction(icon("app"), self.tr("About Agent Desk"), window)
        self.about_action.triggered.connect(on_about)
        self.logs_action = QAction(self.tr("Open the log folder"), window)
        self.logs_action.triggered.connect(on_logs)
        for action in (self.settings_action, self.about_action, self.logs_action):
            self.addAction(action)
            window.addAction(action)  # the shortcut works anywhere in the window
        self.button = QToolButton()
        accessible(self.button, "app_menu_button", self.tr("Settings and About"))
        self.button.setIcon(icon("settings"))
        self.button.setToolTip(self.tr("Settings and About"))
        self.button.setMenu(self)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar = window.findChild(QToolBar)
        if toolbar is not None:
            toolbar.addWidget(self.button)
