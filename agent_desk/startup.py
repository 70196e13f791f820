"""The desktop program around the windows: logs, crashes, theme, first run, smoke run.

:mod:`agent_desk.app` builds desks and team views; this module gives the running program
what a desktop product needs around them, in the order ``app.main`` calls it: logging to
the user log folder, the crash handler, the theme, the first-run choice, and for each
window its saved geometry, the Settings/About menu, notifications and the crash saver.
``agent-desk --smoke`` (:func:`smoke_run`) proves a build works: it opens the rep desk
and the team view on a throwaway demo database and exits 0.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow

from agent_desk.crash import CrashHandler, Saver
from agent_desk.logs import route_qt_messages, setup_logging
from agent_desk.paths import config_dir, data_dir, log_dir, migrations_dir, resources_dir
from agent_desk.settings import (
    NOTIFY_FLASH,
    NOTIFY_SOUND,
    NOTIFY_TRAY,
    START,
    THEME,
    Settings,
    WindowKeeper,
    theme_for,
)
from agent_desk.ui.style import icon, style_sheet

log = logging.getLogger(__name__)


# -- logs and crashes ---------------------------------------------------------------------------


def start_logging(folder: Path | None = None) -> Path | None:
    """Rotating logs in the user log folder (or ``folder``); Qt's messages go there too."""
    try:
        folder = folder or log_dir()
    except OSError as exc:
        print(f"agent-desk: no log folder: {exc}", file=sys.stderr)
        folder = None
    path = setup_logging(folder)
    route_qt_messages()
    return path


def install_crash_handler(app: QApplication, log_file: Path | None) -> CrashHandler:
    """Uncaught exceptions: log, save pending work, then the crash dialog."""
    from agent_desk.ui.crash_dialog import ask_after_crash

    handler = CrashHandler(
        log_file, ask_after_crash, on_quit=lambda: quit_after_crash(app), parent=app
    )
    handler.install()
    return handler


def quit_after_crash(app: QApplication) -> None:
    """Close the windows the normal way (queued desk writes finish), then leave."""
    for widget in app.topLevelWidgets():
        if isinstance(widget, QMainWindow) and widget.isVisible():
            widget.close()
    app.exit(70)


def draft_saver(window: QMainWindow) -> Saver:
    """For the rep window: the wrap-up being typed, written as the draft right now."""
    from agent_desk.ui.rep_window import RepWindow

    assert isinstance(window, RepWindow)

    def save() -> str | None:
        session = window.session
        if session.attempt.form is None:
            return None  # no call and no wrap-up owed: nothing typed to keep
        draft = window.form.draft()
        # On this thread, not through the operations queue: the queue may be what broke.
        session.repo.save_draft(draft.to_json_dict(), session.clock.now())
        return QCoreApplication.translate("Startup", "the wrap-up you were typing (as a draft)")

    return save


# -- theme ----------------------------------------------------------------------------------------


def apply_theme(app: QApplication, choice: str) -> str:
    """Light, dark, or the system's: Qt's palette and our style sheet. Returns the theme."""
    theme = theme_for(choice)
    # Qt's own palette too (menus, check boxes, scroll bars): not every platform theme
    # follows QStyleHints.setColorScheme, so the dark palette is set by hand.
    app.setPalette(dark_palette() if theme == "dark" else app.style().standardPalette())
    app.setStyleSheet(style_sheet(theme))
    app.setProperty("agent_desk_theme", theme)
    return theme


def dark_palette() -> QPalette:
    """A dark palette matching ``desk-dark.qss``."""
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for which, colour in (
        (role.Window, "#1e2125"),
        (role.WindowText, "#e8eaed"),
        (role.Base, "#2a2e33"),
        (role.AlternateBase, "#2e3237"),
        (role.Text, "#e8eaed"),
        (role.Button, "#2a2e33"),
        (role.ButtonText, "#e8eaed"),
        (role.ToolTipBase, "#30353b"),
        (role.ToolTipText, "#e8eaed"),
        (role.PlaceholderText, "#8a9096"),
        (role.Highlight, "#2b4a7a"),
        (role.HighlightedText, "#ffffff"),
        (role.Link, "#8ab4f8"),
        (role.Light, "#4a5058"),
        (role.Midlight, "#3a3f45"),
        (role.Mid, "#30353b"),
        (role.Dark, "#1a1c1f"),
        (role.Shadow, "#000000"),
    ):
        palette.setColor(which, QColor(colour))
    for which in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, which, QColor("#6b7280"))
    return palette


def follow_system_theme(app: QApplication, settings: Settings) -> None:
    """With "follow the system", switch when the desktop switches."""

    def changed(_: Qt.ColorScheme) -> None:
        if settings.get(THEME) == "system":
            apply_theme(app, "system")

    app.styleHints().colorSchemeChanged.connect(changed)


# -- first run -----------------------------------------------------------------------------------


def first_run_choice(settings: Settings) -> str | None:
    """ "demo" or "server": the start setting, else (nothing chosen yet) the person's choice.

    Returns None when the person closed the welcome dialog.
    """
    start = settings.get(START)
    if start != "ask":
        return start
    from agent_desk.ui.first_run import DEMO, FirstRunDialog

    dialog = FirstRunDialog()
    if not dialog.exec():
        return None
    choice = dialog.choice()
    if choice == DEMO:
        settings.set(START, "demo")  # next time straight to the demo (Settings changes it)
        settings.sync()
    return choice


# -- around each window ------------------------------------------------------------------------


def furnish(
    app: QApplication,
    window: QMainWindow,
    settings: Settings,
    crash: CrashHandler | None,
) -> WindowKeeper:
    """Saved geometry, the app menu, notifications and the crash saver for a window."""
    from agent_desk.ui.about_dialog import AboutDialog, AppFolders
    from agent_desk.ui.app_menu import AppMenu
    from agent_desk.ui.rep_window import RepWindow
    from agent_desk.ui.settings_dialog import SettingsDialog, shortcuts_of

    keeper = WindowKeeper(window, window.objectName() or "main", settings)
    if not keeper.restored:
        fit_to_screen(window)
    folders = AppFolders(data=data_dir(), config=config_dir(), logs=log_dir())

    def open_settings() -> None:
        dialog = SettingsDialog(settings, config_dir(), shortcuts_of(window), window)
        dialog.applied.connect(lambda changed: applied(app, window, settings, changed))
        dialog.exec()

    def open_about() -> None:
        AboutDialog(folders, window).exec()

    def open_logs() -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folders.logs)))

    window.app_menu = AppMenu(window, open_settings, open_about, open_logs)  # type: ignore[attr-defined]
    if isinstance(window, RepWindow):
        _notifications(app, window, settings)
        if crash is not None:
            crash.add_saver("wrap-up draft", draft_saver(window))
            window.destroyed.connect(lambda: crash.remove_saver("wrap-up draft"))
    return keeper


def applied(app: QApplication, window: QMainWindow, settings: Settings, changed: dict) -> None:
    """What a settings change does at once (others wait for the next start)."""
    if THEME.key in changed:
        apply_theme(app, settings.get(THEME))
    tray = getattr(window, "tray", None)
    if NOTIFY_TRAY.key in changed and tray is not None:
        tray.setVisible(settings.get(NOTIFY_TRAY) and tray.isSystemTrayAvailable())


def _notifications(app: QApplication, window: QMainWindow, settings: Settings) -> None:
    tray = getattr(window, "tray", None)
    if tray is not None and not settings.get(NOTIFY_TRAY):
        tray.hide()

    def due(_: object) -> None:
        if settings.get(NOTIFY_FLASH):
            QApplication.alert(window)
        if settings.get(NOTIFY_SOUND):
            QApplication.beep()

    window.session.shift.callbacks_due.connect(due)  # type: ignore[attr-defined]


def fit_to_screen(window: QMainWindow, width: int = 1366, height: int = 768) -> None:
    """The designed size, or the screen's available area when that is smaller."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width, height = min(width, area.width()), min(height, area.height())
    window.resize(width, height)


# -- the smoke run -----------------------------------------------------------------------------


def process_events(ms: int, until: Callable[[], bool] | None = None) -> None:
    clock = QElapsedTimer()
    clock.start()
    while clock.elapsed() < ms:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if until is not None and until():
            return
        time.sleep(0.01)


def smoke_run(app: QApplication, language: str) -> int:
    """Open the rep desk and the team view on a throwaway demo database; 0 when all went.

    Checks what a bundle can lose: the style sheet, the icons, the translation, the
    Alembic migrations, the demo data, the SQLite and Qt plugins, QtCharts.
    """
    from agent_desk.app import (
        DeskConfig,
        TeamConfig,
        build_rep_window,
        build_team_window,
        prepare_demo,
    )

    started = time.perf_counter()
    setup_logging(None, level=logging.WARNING)  # the terminal only: leave nothing behind
    route_qt_messages()
    try:
        problems = []
        if not style_sheet("light") or not style_sheet("dark"):
            problems.append("style sheets missing")
        if icon("app").isNull():
            problems.append("the app icon is missing")
        if (
            language != "en"
            and not (resources_dir() / "i18n" / f"agent_desk_{language}.qm").is_file()
        ):
            problems.append(f"no translation for {language}")
        if not (migrations_dir() / "env.py").is_file():
            problems.append("Alembic migrations missing")
        if problems:
            raise RuntimeError("; ".join(problems))
        with tempfile.TemporaryDirectory(prefix="agent-desk-smoke-") as folder:
            url = f"sqlite:///{Path(folder) / 'shared.sqlite3'}"
            prepare_demo(url)
            desk = build_rep_window(
                DeskConfig(
                    shared_url=url, username="rep1", data_dir=Path(folder), language=language[:2]
                )
            )
            fit_to_screen(desk)
            desk.show()
            sync = desk.session.sync
            assert sync is not None
            # The first sync cycle runs at once: it must reach the shared database.
            process_events(15_000, lambda: sync.status.online)
            if not sync.status.online:
                raise RuntimeError("the desk did not sync with the demo database")
            process_events(300)
            leads = desk.queue_panel.model.rowCount()
            desk.close()
            team = build_team_window(TeamConfig(shared_url=url, username="lead1"))
            fit_to_screen(team)
            team.show()
            process_events(1000)
            team.close()
            process_events(100)
    except Exception:
        traceback.print_exc()
        print("agent-desk: smoke run FAILED", file=sys.stderr)
        return 1
    print(
        f"agent-desk: smoke run passed in {time.perf_counter() - started:.1f} s "
        f"(language {language}, synced, {leads} leads callable now, Qt {app.platformName()})"
    )
    return 0
