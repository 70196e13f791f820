"""Drives the real ``agent-desk`` program in its own process (see test_desktop_start.py).

    python tests/e2e/desktop_driver.py first|again|crash

It starts ``agent_desk.app.main`` as a person would, and once the application exists it
answers what the program shows: the welcome dialog (the demo), the rep's desk (closes
it, or raises from a slot for ``crash``) and the crash dialog (Quit). It prints what it
saw, one line each, for the test to read.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from agent_desk import app, startup
from agent_desk.ui.crash_dialog import CrashDialog
from agent_desk.ui.first_run import FirstRunDialog
from agent_desk.ui.rep_window import RepWindow

MODE = sys.argv[1]
seen: set[str] = set()


def say(line: str) -> None:
    print(line, flush=True)


def boom() -> None:
    raise RuntimeError("the queue broke while dialing +8613800138000")


def poll() -> None:
    qt = QApplication.instance()
    assert isinstance(qt, QApplication)
    modal = qt.activeModalWidget()
    if isinstance(modal, FirstRunDialog):
        say("first run shown")
        modal.demo_button.click()
    elif isinstance(modal, CrashDialog):
        say(f"crash shown: {modal.what.text()}")
        say(f"crash log: {modal.log_label.text()}")
        modal.quit_button.click()
        return
    desks = [w for w in qt.topLevelWidgets() if isinstance(w, RepWindow) and w.isVisible()]
    if desks and "desk" not in seen:
        seen.add("desk")
        desk = desks[0]
        say(f"desk: {desk.windowTitle()}")
        menu = desk.app_menu  # type: ignore[attr-defined]
        say(f"menu: {menu.settings_action.shortcut().toString()}")
        say(f"theme: {qt.property('agent_desk_theme')}")
        if MODE == "crash":
            QTimer.singleShot(0, boom)
        else:
            QTimer.singleShot(200, desk.close)
            return
    QTimer.singleShot(50, poll)


original = startup.install_crash_handler


def install_and_drive(qt: QApplication, log_file: object) -> startup.CrashHandler:
    QTimer.singleShot(0, poll)  # the application exists from here on
    return original(qt, log_file)  # type: ignore[arg-type]


startup.install_crash_handler = install_and_drive  # type: ignore[assignment]
sys.exit(app.main(["--lang", "en"]))
