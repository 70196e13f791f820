"""The settings dialog: made from the declarations, stores only on OK or Apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLabel,
    QMainWindow,
    QTableWidget,
    QWidget,
)

from agent_desk.settings import DECLARED, LANGUAGE, LINE, NOTIFY_SOUND, THEME, Settings
from agent_desk.ui.settings_dialog import SettingsDialog, shortcuts_of


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "agent-desk.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def dialog(qtbot: QtBot, settings: Settings, tmp_path: Path) -> SettingsDialog:
    made = SettingsDialog(settings, tmp_path, [("Dial the selected lead", "F5")])
    qtbot.addWidget(made)
    made.show()
    return made


def editor(dialog: SettingsDialog, kind: type, key: str) -> QWidget:
    found = dialog.findChild(kind, "setting_" + key.replace("/", "_"))
    assert found is not None, key
    return found


def test_every_declared_setting_has_an_editor_on_a_page(dialog: SettingsDialog) -> None:
    assert set(dialog.editors) == {s.key for s in DECLARED}
    pages = [dialog.page_list.item(i).text() for i in range(dialog.page_list.count())]
    assert pages == ["General", "Phone line", "Notifications", "Keyboard"]


def test_apply_stores_the_changes_and_says_which(
    qtbot: QtBot, dialog: SettingsDialog, settings: Settings
) -> None:
    theme = editor(dialog, QComboBox, THEME.key)
    assert isinstance(theme, QComboBox)
    theme.setCurrentIndex(theme.findData("dark"))
    sound = editor(dialog, QCheckBox, NOTIFY_SOUND.key)
    assert isinstance(sound, QCheckBox)
    sound.setChecked(True)
    with qtbot.wait_signal(dialog.applied) as applied:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).click()
    assert applied.args == [{THEME.key: "dark", NOTIFY_SOUND.key: True}]
    assert settings.get(THEME) == "dark" and settings.get(NOTIFY_SOUND) is True
    assert not dialog.restart_note.isVisibleTo(dialog)  # both take effect at once


def test_cancel_stores_nothing(dialog: SettingsDialog, settings: Settings) -> None:
    theme = editor(dialog, QComboBox, THEME.key)
    assert isinstance(theme, QComboBox)
    theme.setCurrentIndex(theme.findData("dark"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert settings.get(THEME) == "system"


def test_a_language_change_waits_for_a_restart(dialog: SettingsDialog, settings: Settings) -> None:
    language = editor(dialog, QComboBox, LANGUAGE.key)
    assert isinstance(language, QComboBox)
    language.setCurrentIndex(language.findData("zh_CN"))
    dialog.apply()
    assert settings.get(LANGUAGE) == "zh_CN"
    assert dialog.restart_note.isVisibleTo(dialog)


def test_restore_defaults_fills_in_without_storing(
    dialog: SettingsDialog, settings: Settings
) -> None:
    settings.set(THEME, "dark")
    dialog.load()
    dialog.restore_defaults()
    assert dialog.value_of(THEME) == "system"
    assert settings.get(THEME) == "dark"  # until OK or Apply
    dialog.accept()
    assert settings.get(THEME) == "system"


def test_the_line_page_shows_the_options_of_the_chosen_line(dialog: SettingsDialog) -> None:
    dialog.page_list.setCurrentRow(1)
    line = editor(dialog, QComboBox, LINE.key)
    ring = editor(dialog, QDoubleSpinBox, "line/simulated_ring_seconds")
    assert isinstance(line, QComboBox)
    assert ring.isVisibleTo(dialog) and not dialog.sip_button.isVisibleTo(dialog)
    line.setCurrentIndex(line.findData("tel"))
    assert not ring.isVisibleTo(dialog) and not dialog.sip_button.isVisibleTo(dialog)
    line.setCurrentIndex(line.findData("sip"))
    assert dialog.sip_button.isVisibleTo(dialog)


def test_the_sip_button_opens_the_sip_dialog(qtbot: QtBot, dialog: SettingsDialog) -> None:
    line = editor(dialog, QComboBox, LINE.key)
    assert isinstance(line, QComboBox)
    line.setCurrentIndex(line.findData("sip"))
    opened: list[str] = []

    def close_it() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or modal is dialog:
            QTimer.singleShot(20, close_it)
            return
        opened.append(type(modal).__name__)
        modal.close()

    QTimer.singleShot(0, close_it)
    dialog.sip_button.click()
    qtbot.wait_until(lambda: bool(opened))
    try:
        import agent_desk.ui.sip_settings_dialog  # noqa: F401
    except ImportError:
        assert opened == ["QMessageBox"]  # built without the SIP line: said so
    else:
        assert opened == ["SipSettingsDialog"]


def test_the_keyboard_page_lists_the_shortcuts(dialog: SettingsDialog) -> None:
    table = dialog.findChild(QTableWidget, "settings_shortcuts")
    assert table is not None
    assert (table.item(0, 0).text(), table.item(0, 1).text()) == ("Dial the selected lead", "F5")


def test_shortcuts_are_read_from_a_windows_actions(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    for text, keys in (("&Dial", "F5"), ("End shift…", "Ctrl+Shift+E"), ("No keys", "")):
        action = QAction(text, window)
        action.setShortcut(keys)
        window.addAction(action)
    assert shortcuts_of(window) == [("Dial", "F5"), ("End shift", "Ctrl+Shift+E")]


def test_where_the_settings_are_kept_is_shown(dialog: SettingsDialog, tmp_path: Path) -> None:
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert str(tmp_path / "agent-desk.ini") in labels
