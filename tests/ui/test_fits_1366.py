"""Every window fits a 1366x768 screen, in English and in Chinese, with no text cut off.

The rep desk and the team view are built on the demo (a weekday morning, leads queued),
laid out at 1366x768 and checked: the window's minimum size fits the screen, it takes
the size asked for, and no label or button is narrower than its text needs. The dialogs
this issue adds are checked the same way. (Screenshots of the same windows, looked at
by a person, are in docs/: docs/screenshots.py, docs/product_screenshots.py.)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QAbstractButton, QDialog, QLabel, QMainWindow, QWidget

from agent_desk.admin.demo import load_demo
from agent_desk.app import DeskConfig, TeamConfig, build_rep_window, build_team_window
from agent_desk.clock import ManualClock
from agent_desk.crash import make_report
from agent_desk.paths import resources_dir
from agent_desk.settings import Settings
from agent_desk.store.engine import make_engine
from agent_desk.store.migrate import upgrade_to_head
from agent_desk.ui.about_dialog import AboutDialog, AppFolders
from agent_desk.ui.app_menu import AppMenu
from agent_desk.ui.crash_dialog import CrashDialog
from agent_desk.ui.first_run import FirstRunDialog
from agent_desk.ui.settings_dialog import SettingsDialog, shortcuts_of

WIDTH, HEIGHT = 1366, 768
MORNING = datetime(2026, 11, 25, 2, 20, tzinfo=UTC)  # Wednesday 10:20 in Shanghai


@pytest.fixture(params=["en", "zh_CN"])
def language(request: pytest.FixtureRequest, qapp: QCoreApplication) -> Iterator[str]:
    language = str(request.param)
    translator = QTranslator()
    before = QLocale()
    if language != "en":
        assert translator.load(str(resources_dir() / "i18n" / f"agent_desk_{language}.qm"))
        QCoreApplication.installTranslator(translator)
    QLocale.setDefault(QLocale(language))
    yield language
    QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(before)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'shared.sqlite3'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    load_demo(engine, now=MORNING)
    engine.dispose()
    return url


def cut_off(window: QWidget) -> list[str]:
    """Visible one-line labels and buttons narrower than their text needs."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel):
            if widget.wordWrap() or not widget.text() or widget.pixmap().isNull() is False:
                continue
        elif not (isinstance(widget, QAbstractButton) and widget.text()):
            continue
        need = widget.minimumSizeHint().width()
        if widget.width() < need:
            name = widget.objectName() or type(widget).__name__
            text = widget.text()  # type: ignore[attr-defined]
            found.append(f"{name} {text!r}: {widget.width()} px of {need}")
    return found


def check_fits(qtbot: QtBot, window: QWidget) -> None:
    menu = None
    if isinstance(window, QMainWindow):
        menu = AppMenu(window, print, print, print)  # the app adds it to every main window
    minimum = window.minimumSizeHint()
    assert minimum.width() <= WIDTH and minimum.height() <= HEIGHT, minimum
    if isinstance(window, QMainWindow):
        window.resize(WIDTH, HEIGHT)
    else:
        window.adjustSize()
    window.show()
    qtbot.wait(50)
    size = window.size()
    assert size.width() <= WIDTH and size.height() <= HEIGHT, size
    if isinstance(window, QMainWindow):
        assert (size.width(), size.height()) == (WIDTH, HEIGHT)
    assert cut_off(window) == []
    if menu is not None:  # not pushed into the toolbar's overflow
        assert menu.button.isVisibleTo(window)


def test_rep_desk_fits(qtbot: QtBot, language: str, demo_url: str, tmp_path: Path) -> None:
    window = build_rep_window(
        DeskConfig(
            shared_url=demo_url,
            username="rep1",
            clock=ManualClock(MORNING),
            data_dir=tmp_path,
            language=language[:2],
            inline_operations=True,
            sync_thread=False,
        )
    )
    qtbot.addWidget(window)
    assert window.session.sync is not None
    window.session.sync.run_once()
    qtbot.wait_until(lambda: window.session.queue.selected is not None)
    check_fits(qtbot, window)
    window.close()


def test_team_view_fits(qtbot: QtBot, language: str, demo_url: str) -> None:
    window = build_team_window(
        TeamConfig(
            shared_url=demo_url,
            username="lead1",
            clock=ManualClock(MORNING),
            inline_operations=True,
            timers=False,
        )
    )
    qtbot.addWidget(window)
    check_fits(qtbot, window)
    window.close()


def dialogs(tmp_path: Path) -> list[QDialog]:
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    try:
        raise RuntimeError("a problem")
    except RuntimeError as exc:
        report = make_report(exc, tmp_path / "agent-desk.log", ("the draft",))
    folders = AppFolders(tmp_path / "data", tmp_path / "config", tmp_path / "logs")
    window = QMainWindow()
    return [
        FirstRunDialog(),
        SettingsDialog(settings, tmp_path, shortcuts_of(window)),
        AboutDialog(folders),
        CrashDialog(report),
    ]


def test_dialogs_fit(qtbot: QtBot, language: str, tmp_path: Path) -> None:
    for dialog in dialogs(tmp_path):
        qtbot.addWidget(dialog)
        check_fits(qtbot, dialog)
        if isinstance(dialog, SettingsDialog):
            for page in range(dialog.page_list.count()):
                dialog.page_list.setCurrentRow(page)
                qtbot.wait(10)
                assert cut_off(dialog) == [], dialog.page_list.item(page).text()
        dialog.close()


def test_the_check_sees_a_cut_label(qtbot: QtBot) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    label = QLabel("a label far too long for its twenty pixels", box)
    label.setObjectName("squeezed")
    label.setGeometry(0, 0, 20, 20)
    box.show()
    assert [line.split(" ")[0] for line in cut_off(box)] == ["squeezed"]
