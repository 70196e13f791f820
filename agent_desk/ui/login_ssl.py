"""The login dialog's "Advanced" section: SSL mode and certificate files, folded away.

Most desks keep the default (``prefer``); an admin who runs the server with client
certificates tells the reps which mode and files to pick here.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.connection import SSL_MODES, ServerSettings
from agent_desk.ui.style import accessible


class SslSection(QWidget):
    """A fold-out "Advanced" button over the SSL mode and three certificate file pickers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.toggle = QToolButton()
        accessible(self.toggle, "login_advanced", self.tr("Show the SSL settings"))
        self.toggle.setText(self.tr("Advanced"))
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        # A fold-out line, not a button among buttons (no colours here: the theme's).
        self.toggle.setStyleSheet(
            "QToolButton { border: none; background: transparent; padding: 2px 0; }"
        )
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.toggled.connect(self._unfold)
        outer.addWidget(self.toggle)
        self.panel = QWidget()
        form = QFormLayout(self.panel)
        form.setContentsMargins(18, 0, 0, 0)  # indented under its fold-out line
        self.sslmode_combo = QComboBox()
        accessible(self.sslmode_combo, "login_sslmode", self.tr("How the connection is encrypted"))
        descriptions = {
            "disable": self.tr("disable: never encrypt"),
            "allow": self.tr("allow: encrypt only when the server insists"),
            "prefer": self.tr("prefer: encrypt when the server can (default)"),
            "require": self.tr("require: always encrypt"),
            "verify-ca": self.tr("verify-ca: encrypt, check the server's certificate"),
            "verify-full": self.tr("verify-full: also check the server's name"),
        }
        for mode in SSL_MODES:
            self.sslmode_combo.addItem(descriptions[mode], mode)
        form.addRow(self.tr("SSL mode"), self.sslmode_combo)
        self.sslrootcert_edit = self._file_row(
            form, "login_sslrootcert", self.tr("CA certificate"), self.tr("Server's CA file")
        )
        self.sslcert_edit = self._file_row(
            form, "login_sslcert", self.tr("Client certificate"), self.tr("Your certificate")
        )
        self.sslkey_edit = self._file_row(
            form, "login_sslkey", self.tr("Client key"), self.tr("Your certificate's key")
        )
        self.panel.hide()
        outer.addWidget(self.panel)

    def _file_row(self, form: QFormLayout, name: str, label: str, description: str) -> QLineEdit:
        row = QHBoxLayout()
        edit = QLineEdit()
        accessible(edit, name, description)
        edit.setPlaceholderText(self.tr("none"))
        browse = QPushButton(self.tr("Browse…"))
        browse.setObjectName(f"{name}_browse")
        browse.setAutoDefault(False)  # Enter in the form means Connect, never Browse
        browse.clicked.connect(lambda: self._pick_file(edit, label))
        row.addWidget(edit, 1)
        row.addWidget(browse)
        form.addRow(label, row)
        return edit

    def _pick_file(self, edit: QLineEdit, label: str) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            label,
            edit.text() or str(Path.home()),
            self.tr("Certificates and keys (*.crt *.pem *.cer *.key);;All files (*)"),
        )
        if name:
            edit.setText(name)

    def _unfold(self, shown: bool) -> None:
        self.panel.setVisible(shown)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def set_values(self, settings: ServerSettings) -> None:
        """Show the settings' SSL part; unfold when it is not the default."""
        self.sslmode_combo.setCurrentIndex(SSL_MODES.index(settings.sslmode))
        self.sslrootcert_edit.setText(settings.sslrootcert or "")
        self.sslcert_edit.setText(settings.sslcert or "")
        self.sslkey_edit.setText(settings.sslkey or "")
        files = (settings.sslrootcert, settings.sslcert, settings.sslkey)
        self.toggle.setChecked(settings.sslmode != "prefer" or any(files))

    def applied_to(self, settings: ServerSettings) -> ServerSettings:
        """The settings with this section's SSL mode and certificate files (empty: none)."""
        return replace(
            settings,
            sslmode=self.sslmode_combo.currentData() or "prefer",
            sslrootcert=self.sslrootcert_edit.text().strip() or None,
            sslcert=self.sslcert_edit.text().strip() or None,
            sslkey=self.sslkey_edit.text().strip() or None,
        )
