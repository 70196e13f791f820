"""About Agent Desk: version, licence, the versions underneath, and the app's folders."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk import __version__
from agent_desk.ui.style import accessible, icon, picture, set_role

LICENCE = "MIT"


@dataclass(frozen=True)
class AppFolders:
    """Where the app keeps things on this computer.

    Attributes:
        data: Desk databases and the embedded shared database.
        config: Settings (the QSettings file) and the SIP account.
        logs: The rotating log files.
    """

    data: Path
    config: Path
    logs: Path


class AboutDialog(QDialog):
    def __init__(self, folders: AppFolders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        accessible(self, "about_dialog", self.tr("About Agent Desk"))
        self.setWindowTitle(self.tr("About Agent Desk"))
        self.setWindowIcon(icon("app"))
        self.folders = folders
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        head = QHBoxLayout()
        head.addWidget(picture(icon("app").pixmap(64, 64)))
        words = QVBoxLayout()
        name = QLabel(self.tr("Agent Desk {version}").format(version=__version__))
        name.setObjectName("about_name")
        set_role(name, "title")
        words.addWidget(name)
        blurb = QLabel(
            self.tr(
                "The telemarketing rep's workstation, with a read-only team view for supervisors."
            )
        )
        blurb.setWordWrap(True)
        words.addWidget(blurb)
        self.licence = QLabel(
            self.tr("Free software under the {licence} licence.").format(licence=LICENCE)
        )
        accessible(self.licence, "about_licence", self.tr("The licence"))
        set_role(self.licence, "hint")
        words.addWidget(self.licence)
        built = QLabel(
            self.tr("Python {python} · Qt {qt} · PySide6 {pyside}").format(
                python=platform.python_version(), qt=qVersion(), pyside=PySide6.__version__
            )
        )
        set_role(built, "hint")
        built.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        words.addWidget(built)
        head.addLayout(words, 1)
        layout.addLayout(head)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setColumnStretch(1, 1)
        rows = (
            ("about_data", self.tr("Data"), folders.data),
            ("about_config", self.tr("Settings"), folders.config),
            ("about_logs", self.tr("Logs"), folders.logs),
        )
        self.path_labels: dict[str, QLabel] = {}
        for row, (key, caption, path) in enumerate(rows):
            grid.addWidget(QLabel(caption), row, 0)
            shown = QLabel(str(path))
            accessible(shown, key, self.tr("The folder: {what}").format(what=caption))
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            shown.setMinimumWidth(360)
            self.path_labels[key] = shown
            grid.addWidget(shown, row, 1)
            button = QPushButton(self.tr("Open"))
            accessible(button, f"{key}_open", self.tr("Open this folder"))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, p=path: self.open_folder(p))
            grid.addWidget(button, row, 2)
        layout.addLayout(grid)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setIcon(QIcon())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def open_folder(path: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
