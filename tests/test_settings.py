"""Declared settings over QSettings: typed values, refusals, defaults, window state apart."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMainWindow

from agent_desk.settings import (
    DECLARED,
    LANGUAGE,
    LINE,
    NOTIFY_SOUND,
    RING_SECONDS,
    SECTIONS,
    THEME,
    SettingError,
    Settings,
    WindowKeeper,
    language_for,
    theme_for,
)


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    return tmp_path / "agent-desk.ini"


@pytest.fixture
def settings(ini: Path) -> Settings:
    return Settings(QSettings(str(ini), QSettings.Format.IniFormat))


def reopened(ini: Path) -> Settings:
    return Settings(QSettings(str(ini), QSettings.Format.IniFormat))


def test_every_setting_is_declared_well() -> None:
    keys = [s.key for s in DECLARED]
    assert len(keys) == len(set(keys))
    for setting in DECLARED:
        assert setting.section in SECTIONS
        assert setting.description and setting.description[0].isupper()
        assert setting.check(setting.default) == setting.default
        assert isinstance(setting.default, setting.type)


def test_nothing_stored_gives_the_defaults(settings: Settings) -> None:
    assert {s.key: v for s, v in settings} == {s.key: s.default for s in DECLARED}


def test_values_come_back_typed_after_a_restart(settings: Settings, ini: Path) -> None:
    settings.set(THEME, "dark")
    settings.set(RING_SECONDS, 3.5)
    settings.set(NOTIFY_SOUND, True)
    settings.set_value("line/backend", "tel")
    settings.sync()
    again = reopened(ini)  # an INI file stores text: the declaration gives the type back
    assert again.get(THEME) == "dark"
    assert again.get(RING_SECONDS) == 3.5
    assert again.get(NOTIFY_SOUND) is True
    assert again.value("line/backend") == "tel"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("app/theme", "purple", "must be one of"),
        ("line/simulated_ring_seconds", 60.0, "at most 10"),
        ("line/simulated_ring_seconds", 0.1, "at least 0.5"),
        ("notify/sound", "yes", "takes a bool"),
        ("general/nothing", 1, "no setting named"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_stored(
    settings: Settings, key: str, value: object, message: str
) -> None:
    with pytest.raises(SettingError, match=message):
        settings.set_value(key, value)
    assert settings.store.value(key) is None


def test_a_hand_edited_value_falls_back_to_the_default(
    ini: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ini.write_text("[app]\ntheme=purple\n[notify]\nsound=perhaps\n", encoding="utf-8")
    settings = reopened(ini)
    with caplog.at_level(logging.WARNING):
        assert settings.get(THEME) == THEME.default
        assert settings.get(NOTIFY_SOUND) is NOTIFY_SOUND.default
    assert "app/theme" in caplog.text and "notify/sound" in caplog.text


def test_reset_keeps_the_window_state(settings: Settings, qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    settings.save_window("rep_window", window.saveGeometry(), window.saveState())
    settings.set(LINE, "tel")
    settings.reset()
    assert settings.get(LINE) == "simulated"
    geometry, state = settings.window("rep_window")
    assert geometry is not None and state is not None


def test_language_from_the_option_then_the_setting(settings: Settings) -> None:
    assert language_for(settings, None) is None  # the system's
    settings.set(LANGUAGE, "zh_CN")
    assert language_for(settings, None) == "zh_CN"
    assert language_for(settings, "en") == "en"  # --lang wins


def test_theme_follows_the_system_only_when_asked() -> None:
    assert theme_for("dark", Qt.ColorScheme.Light) == "dark"
    assert theme_for("light", Qt.ColorScheme.Dark) == "light"
    assert theme_for("system", Qt.ColorScheme.Dark) == "dark"
    assert theme_for("system", Qt.ColorScheme.Unknown) == "light"


def test_window_keeper_brings_the_geometry_back(
    settings: Settings, ini: Path, qtbot: QtBot
) -> None:
    first = QMainWindow()
    qtbot.addWidget(first)
    first.setObjectName("rep_window")
    keeper = WindowKeeper(first, "rep_window", settings)
    assert not keeper.restored
    first.resize(700, 500)
    first.show()
    first.close()  # saved on close
    second = QMainWindow()
    qtbot.addWidget(second)
    assert WindowKeeper(second, "rep_window", reopened(ini)).restored
    assert second.size().width() == 700
