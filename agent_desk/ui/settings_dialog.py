"""Settings: one page per section of the declared settings, plus the keyboard shortcuts.

Editors are made from the declarations in :mod:`agent_desk.settings` (a check box for a
yes/no, a list for choices, a spin box for numbers), so a new setting needs no dialog
code. Nothing is stored until OK or Apply; "Restore defaults" only fills in the
defaults. The phone line page has the SIP account and audio devices behind a button,
in their own dialog (and their own file in the config folder).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent_desk.settings import LINE, SECTIONS, Setting, Settings
from agent_desk.ui.help_overlay import HelpOverlay
from agent_desk.ui.style import accessible, icon, set_level, set_role

log = logging.getLogger(__name__)


def _t(text: str) -> str:
    """A declared text (description, choice label) in the UI language."""
    return QCoreApplication.translate("Settings", text)


def shortcuts_of(window: QWidget) -> list[tuple[str, str]]:
    """(what, keys) as the window's F1 help lists them, else its actions with shortcuts."""
    overlay = window.findChild(HelpOverlay)
    if overlay is not None and overlay.entries:
        return list(overlay.entries)
    rows = []
    for action in window.findChildren(QAction):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = action.text().replace("&", "").rstrip("…").strip()
        if keys and text:
            rows.append((text, keys))
    return rows


class SettingsDialog(QDialog):
    """Edits the declared settings.

    Signals:
        applied(dict): the settings OK or Apply changed, key → new value.
    """

    applied = Signal(dict)

    def __init__(
        self,
        settings: Settings,
        config_folder: Path,
        shortcuts: Sequence[tuple[str, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.config_folder = config_folder
        accessible(self, "settings_dialog", self.tr("Agent Desk settings"))
        self.setWindowTitle(self.tr("Agent Desk — Settings"))
        self.setWindowIcon(icon("app"))
        self.editors: dict[str, QWidget] = {}
        self._rows: dict[str, tuple[QFormLayout, QWidget]] = {}

        self.pages = QStackedWidget()
        self.page_list = QListWidget()
        accessible(self.page_list, "settings_pages", self.tr("Settings pages"))
        self.page_list.setFixedWidth(150)
        self.page_list.currentRowChanged.connect(self.pages.setCurrentIndex)
        for section, title in SECTIONS.items():
            self._add_page(_t(title), self._section_page(section))
        self._add_page(self.tr("Keyboard"), self._shortcuts_page(shortcuts))
        self.page_list.setCurrentRow(0)

        body = QHBoxLayout()
        body.addWidget(self.page_list)
        body.addWidget(self.pages, 1)

        self.restart_note = QLabel(self.tr("Some changes take effect when Agent Desk restarts."))
        accessible(self.restart_note, "settings_restart_note", self.tr("Restart needed"))
        set_level(self.restart_note, "warn")
        self.restart_note.hide()
        where = QLabel(self.tr("Kept in {file}").format(file=settings.file_name()))
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setWordWrap(True)
        set_role(where, "hint")

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons = buttons
        for button in buttons.buttons():
            button.setIcon(QIcon())  # plain words, like the rest of the desk
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self.restore_defaults
        )
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.restart_note)
        layout.addWidget(where)
        layout.addWidget(buttons)
        self.load()
        self.setMinimumSize(680, 420)

    # -- pages ---------------------------------------------------------------------------------

    def _add_page(self, title: str, page: QWidget) -> None:
        self.page_list.addItem(title)
        self.pages.addWidget(page)

    def _section_page(self, section: str) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        title = QLabel(_t(SECTIONS[section]))
        set_role(title, "title")
        outer.addWidget(title)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for setting in self.settings.declared():
            if setting.section != section:
                continue
            editor = self._editor(setting)
            self.editors[setting.key] = editor
            if setting.type is bool:
                form.addRow("", editor)
            else:
                form.addRow(QLabel(_t(setting.description)), editor)
            self._rows[setting.key] = (form, editor)
        outer.addLayout(form)
        if section == "line":
            outer.addWidget(self._sip_row())
            line = self.editors[LINE.key]
            assert isinstance(line, QComboBox)
            line.currentIndexChanged.connect(self._update_visible)
        outer.addStretch(1)
        return page

    def _editor(self, setting: Setting[Any]) -> QWidget:
        name = "setting_" + setting.key.replace("/", "_")
        description = _t(setting.description)
        editor: QWidget
        if setting.type is bool:
            editor = QCheckBox(description)
        elif setting.choices:
            combo = QComboBox()
            combo.setMinimumWidth(240)
            for value, label in setting.choices:
                combo.addItem(_t(label), value)
            editor = combo
        elif setting.type is int:
            spin = QSpinBox()
            spin.setRange(int(setting.minimum or 0), int(setting.maximum or 1_000_000))
            editor = spin
        elif setting.type is float:
            dspin = QDoubleSpinBox()
            dspin.setDecimals(1)
            dspin.setSingleStep(0.5)
            dspin.setRange(setting.minimum or 0.0, setting.maximum or 1e6)
            editor = dspin
        else:
            raise TypeError(f"no editor for {setting.key} ({setting.type.__name__})")
        accessible(editor, name, description)
        if setting.restart:
            editor.setToolTip(self.tr("Takes effect when Agent Desk restarts."))
        return editor

    def _sip_row(self) -> QWidget:
        self.sip_box = QWidget()
        row = QHBoxLayout(self.sip_box)
        row.setContentsMargins(0, 8, 0, 0)
        self.sip_button = QPushButton(self.tr("SIP account and audio…"))
        accessible(
            self.sip_button,
            "settings_sip",
            self.tr("The SIP account, the headset and the microphone of this desk"),
        )
        self.sip_button.setAutoDefault(False)
        self.sip_button.clicked.connect(self.open_sip_settings)
        row.addWidget(self.sip_button)
        row.addStretch(1)
        return self.sip_box

    def _shortcuts_page(self, shortcuts: Sequence[tuple[str, str]]) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        title = QLabel(self.tr("Keyboard shortcuts"))
        set_role(title, "title")
        layout.addWidget(title)
        table = QTableWidget(len(shortcuts), 2)
        accessible(table, "settings_shortcuts", self.tr("The desk's keyboard shortcuts"))
        table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(26)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for row, (what, keys) in enumerate(shortcuts):
            table.setItem(row, 0, QTableWidgetItem(what))
            table.setItem(row, 1, QTableWidgetItem(keys))
        self.shortcut_table = table
        layout.addWidget(table, 1)
        if not shortcuts:
            table.hide()
            layout.addWidget(QLabel(self.tr("Open a desk to see its shortcuts (F1 there).")))
        hint = QLabel(self.tr("Press F1 at the desk to see them over the window."))
        set_role(hint, "hint")
        layout.addWidget(hint)
        return page

    # -- values --------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the stored values."""
        for setting, value in self.settings:
            self._show(setting, value)
        self._update_visible()

    def restore_defaults(self) -> None:
        """Fill in every default (stored only with OK or Apply)."""
        for setting in self.settings.declared():
            self._show(setting, setting.default)
        self._update_visible()

    def _show(self, setting: Setting[Any], value: Any) -> None:
        editor = self.editors[setting.key]
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            editor.setCurrentIndex(max(index, 0))
        elif isinstance(editor, QSpinBox | QDoubleSpinBox):
            editor.setValue(value)

    def value_of(self, setting: Setting[Any]) -> Any:
        """What the editor says now (not stored yet)."""
        editor = self.editors[setting.key]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QSpinBox | QDoubleSpinBox):
            return setting.type(editor.value())
        raise TypeError(setting.key)

    def changes(self) -> dict[str, Any]:
        return {
            s.key: self.value_of(s) for s, stored in self.settings if self.value_of(s) != stored
        }

    def apply(self) -> dict[str, Any]:
        """Store what changed; returns (and emits) the changes."""
        changed = self.changes()
        for key, value in changed.items():
            self.settings.set_value(key, value)
        self.settings.sync()
        if any(self.settings.lookup(k).restart for k in changed):
            self.restart_note.show()
        if changed:
            log.info("settings changed: %s", ", ".join(sorted(changed)))
            self.applied.emit(changed)
        return changed

    def accept(self) -> None:
        self.apply()
        super().accept()

    def _update_visible(self) -> None:
        current = {s.key: self.value_of(s) for s in self.settings.declared()}
        for setting in self.settings.declared():
            if setting.shown_when is None:
                continue
            key, wanted = setting.shown_when
            form, editor = self._rows[setting.key]
            form.setRowVisible(editor, current.get(key) == wanted)
        if hasattr(self, "sip_box"):
            self.sip_box.setVisible(current.get(LINE.key) == "sip")

    # -- SIP -----------------------------------------------------------------------------------

    def open_sip_settings(self) -> None:
        """The SIP helper's dialog: account, password in the keyring, audio devices."""
        try:
            from agent_desk.ui.sip_settings_dialog import SipSettingsDialog
        except ImportError:
            log.exception("the SIP settings dialog is not available")
            QMessageBox.warning(
                self,
                self.tr("SIP line"),
                self.tr("This Agent Desk was built without the SIP line."),
            )
            return
        dialog = SipSettingsDialog(self.config_folder, self)
        dialog.exec()
