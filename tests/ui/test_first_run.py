"""First run: the desk asks demo or team server once, then remembers a demo choice."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from agent_desk.settings import START, Settings
from agent_desk.startup import first_run_choice
from agent_desk.ui.first_run import DEMO, SERVER, FirstRunDialog


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "agent-desk.ini"), QSettings.Format.IniFormat))


def answer_with(button_name: str) -> None:
    """Click a button of the welcome dialog once it is up."""

    def click() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FirstRunDialog):
            QTimer.singleShot(20, click)
            return
        getattr(dialog, button_name).click()

    QTimer.singleShot(0, click)


@pytest.mark.parametrize(("button", "choice"), [("demo_button", DEMO), ("server_button", SERVER)])
def test_the_dialog_returns_the_choice(qtbot: QtBot, button: str, choice: str) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    getattr(dialog, button).click()
    assert dialog.result() == FirstRunDialog.DialogCode.Accepted
    assert dialog.choice() == choice


def test_quit_chooses_nothing(qtbot: QtBot) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.quit_button.click()
    assert dialog.choice() is None


def test_a_demo_choice_is_remembered(qtbot: QtBot, settings: Settings) -> None:
    answer_with("demo_button")
    assert first_run_choice(settings) == DEMO
    assert settings.get(START) == "demo"
    assert first_run_choice(settings) == DEMO  # no dialog the second time


def test_a_server_choice_leads_to_the_login(qtbot: QtBot, settings: Settings) -> None:
    answer_with("server_button")
    assert first_run_choice(settings) == SERVER
    # Not remembered here: the login remembers the server once it worked.
    assert settings.get(START) == "ask"


def test_quitting_the_welcome_starts_nothing(qtbot: QtBot, settings: Settings) -> None:
    answer_with("quit_button")
    assert first_run_choice(settings) is None
