"""About shows the version, licence and folders; a crash saves the typed wrap-up first.

The crash tests install the real handler as ``sys.excepthook`` and raise from a real Qt
slot, so pytest-qt's own capture is turned off for them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit

from agent_desk import __version__
from agent_desk.app import DeskConfig, desk_db_path
from agent_desk.clock import ManualClock
from agent_desk.crash import CrashHandler, CrashReport, make_report
from agent_desk.desk.views import AgentState
from agent_desk.startup import draft_saver
from agent_desk.store import schema
from agent_desk.store.desk_repo import DeskRepo
from agent_desk.ui.about_dialog import AboutDialog, AppFolders
from agent_desk.ui.crash_dialog import CrashDialog
from tests.desk.conftest import SHANGHAI_MORNING, Team
from tests.ui.test_rep_window_shift import (
    ANSWERS,
    child,
    click,
    open_window,
    plan,
    wait_state,
    world,
)

__all__ = ["world"]  # the fixture, shared with the shift tests


def test_about_names_version_licence_and_folders(qtbot: QtBot, tmp_path: Path) -> None:
    folders = AppFolders(data=tmp_path / "data", config=tmp_path / "config", logs=tmp_path / "log")
    dialog = AboutDialog(folders)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert __version__ in texts and "MIT" in texts
    for key, path in (
        ("about_data", folders.data),
        ("about_config", folders.config),
        ("about_logs", folders.logs),
    ):
        assert child(dialog, QLabel, key).text() == str(path)


def boom() -> None:
    raise RuntimeError("the queue broke while dialing +8613800138000")


@pytest.fixture
def reports(tmp_path: Path) -> Iterator[tuple[CrashHandler, list[CrashReport]]]:
    shown: list[CrashReport] = []

    def present(report: CrashReport) -> bool:
        shown.append(report)
        return True  # keep working

    handler = CrashHandler(tmp_path / "agent-desk.log", present)
    handler.install()
    yield handler, shown
    handler.uninstall()


@pytest.mark.qt_no_exception_capture
def test_a_crash_keeps_the_typed_wrapup_and_the_saved_ones(
    qtbot: QtBot,
    world: tuple[Team, str],
    tmp_path: Path,
    reports: tuple[CrashHandler, list[CrashReport]],
) -> None:
    team, url = world
    handler, shown = reports
    window = open_window(qtbot, url, tmp_path, ManualClock(SHANGHAI_MORNING))
    handler.add_saver("wrap-up draft", draft_saver(window))
    # A first call, wrapped up and saved.
    plan(window, ANSWERS)
    click(qtbot, window, "dial_button")
    wait_state(qtbot, window, AgentState.ON_CALL)
    click(qtbot, window, "hangup_button")
    wait_state(qtbot, window, AgentState.WRAPUP)
    child(window, QLineEdit, "wrapup_person").setText("本人")
    click(qtbot, window, "wrapup_outcome_not_interested")
    click(qtbot, window, "wrapup_intent_D")
    click(qtbot, window, "wrapup_save")
    wait_state(qtbot, window, AgentState.READY)
    # A second call, its wrap-up being typed when the crash comes (no debounce waited).
    qtbot.wait_until(lambda: window.session.can_dial)
    plan(window, ANSWERS)
    click(qtbot, window, "dial_button")
    wait_state(qtbot, window, AgentState.ON_CALL)
    click(qtbot, window, "hangup_button")
    wait_state(qtbot, window, AgentState.WRAPUP)
    child(window, QLineEdit, "wrapup_person").setText("王先生")
    child(window, QPlainTextEdit, "wrapup_note").setPlainText("正在输入时崩溃")

    QTimer.singleShot(0, boom)  # an exception escaping a Qt slot
    qtbot.wait_until(lambda: bool(shown))

    report = shown[0]
    assert report.summary.startswith("RuntimeError: the queue broke")
    assert "13800138000" not in report.summary + report.details  # masked
    assert report.where.startswith("ui/test") or "boom" in report.where
    assert report.saved and not report.save_failed
    # Read back from the file, as the next start would.
    path = desk_db_path(DeskConfig(shared_url=url, username="rep1", data_dir=tmp_path))
    pending = DeskRepo.open(path).pending()
    assert pending is not None and pending.draft is not None
    assert pending.draft["person"] == "王先生"
    assert pending.draft["note"] == "正在输入时崩溃"
    # The saved wrap-up reaches the shared database as ever.
    window.session.sync.run_once()  # type: ignore[union-attr]
    with team.engine.connect() as conn:
        saved = conn.execute(select(schema.table(schema.Wrapup))).all()
    assert [w.outcome_code for w in saved] == ["not_interested"]
    window.close()


@pytest.mark.qt_no_exception_capture
def test_a_crash_in_another_thread_is_shown_on_the_ui_thread(
    qtbot: QtBot, reports: tuple[CrashHandler, list[CrashReport]]
) -> None:
    _, shown = reports
    worker = threading.Thread(target=boom, name="agent-desk-op_0")
    worker.start()
    worker.join()
    qtbot.wait_until(lambda: bool(shown))
    assert shown[0].thread == "agent-desk-op_0"
    assert QApplication.instance() is not None


def test_a_saver_that_fails_does_not_stop_the_others(tmp_path: Path) -> None:
    handler = CrashHandler(tmp_path / "x.log")
    handler.add_saver("broken", lambda: 1 / 0)  # type: ignore[arg-type, return-value]
    handler.add_saver("draft", lambda: "the draft")
    assert handler.save_pending() == (("the draft",), ("broken",))


def test_quit_after_a_crash_when_the_person_chooses_it(tmp_path: Path) -> None:
    quits: list[bool] = []
    handler = CrashHandler(tmp_path / "x.log", lambda _: False, on_quit=lambda: quits.append(True))
    try:
        boom()
    except RuntimeError as exc:
        assert handler.report(exc) is False
    assert quits == [True]


def crash_report(tmp_path: Path, saved: tuple[str, ...] = ("the draft",)) -> CrashReport:
    try:
        boom()
    except RuntimeError as exc:
        return make_report(exc, tmp_path / "logs" / "agent-desk.log", saved)
    raise AssertionError("boom did not raise")


def test_crash_dialog_says_what_where_and_where_the_log_is(qtbot: QtBot, tmp_path: Path) -> None:
    report = crash_report(tmp_path)
    dialog = CrashDialog(report)
    qtbot.addWidget(dialog)
    assert child(dialog, QLabel, "crash_what").text() == report.summary
    assert "test_about_and_crash.py" in child(dialog, QLabel, "crash_where").text()
    assert str(tmp_path / "logs" / "agent-desk.log") in child(dialog, QLineEdit, "crash_log").text()
    assert "the draft" in child(dialog, QLabel, "crash_saved").text()
    details = child(dialog, QPlainTextEdit, "crash_details")
    assert details.isHidden() and "Traceback" in details.toPlainText()
    dialog.details_button.click()
    assert not details.isHidden()
    copied = dialog.copy_details()
    assert report.summary in copied and QApplication.clipboard().text() == copied
    dialog.keep_button.click()
    assert dialog.result() == CrashDialog.DialogCode.Accepted
