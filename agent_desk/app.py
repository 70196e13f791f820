"""Wiring: which shared database, person, line and clock; builds the desk and its window.

Everything is constructed here, in one order, and handed to constructors (no globals):
shared engine → identity → desk database → operations → sync worker → line → session →
window. A supervisor gets the read-only team view instead: shared engine → identity →
operations → team session → team window. Tests call :func:`build_rep_window` or
:func:`build_team_window` with their own config and drive the window without running
the event loop.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import logging
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select
from sqlalchemy.engine import URL

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox

from agent_desk import __version__
from agent_desk.clock import Clock, SystemClock
from agent_desk.desk.operations import InlineExecutor, Operations
from agent_desk.desk.session import DeskSession
from agent_desk.paths import data_dir, default_shared_db_url, resources_dir
from agent_desk.store import identity
from agent_desk.store.desk_repo import DeskRepo
from agent_desk.store.engine import is_sqlite, make_engine
from agent_desk.store.schema_version import SchemaState, check_schema
from agent_desk.sync.worker import SyncWorker
from agent_desk.telephony.line import Line
from agent_desk.telephony.simulated import DEFAULT_PERSONAS, TRAINING_PERSONAS_ZH, SimulatedLine
from agent_desk.telephony.tel_handoff import TelHandoffLine, open_with_os
from agent_desk.ui.rep_window import RepWindow
from agent_desk.ui.style import icon

if TYPE_CHECKING:  # the login and team modules load only when used (cold start)
    from agent_desk.connection import ServerSettings
    from agent_desk.team.team_session import TeamSession
    from agent_desk.telephony.sip_settings import SipSettings
    from agent_desk.ui.team_window import TeamWindow

log = logging.getLogger(__name__)

LINES = ("simulated", "tel", "sip")
# Who has the team view; an admin only when they belong to a team.
TEAM_VIEW_ROLES = ("supervisor", "admin")
# The team view's queries run side by side (the board never waits behind the records).
TEAM_QUERY_THREADS = 3
# Where the last server logged in to is kept (QSettings; never the password).
SETTINGS_ORGANISATION, SETTINGS_APPLICATION = "AgentDesk", "Agent Desk"
SERVER_KEY = "login/server"


@dataclass
class DeskConfig:
    """What a desk runs with. Defaults suit a real desk; tests shrink the intervals."""

    shared_url: str
    username: str
    line: str = "simulated"
    clock: Clock = field(default_factory=SystemClock)
    data_dir: Path | None = None
    # Where the SIP account (sip.json) is kept; None: the user's config folder.
    sip_folder: Path | None = None
    training: bool = False
    seed: int = 1
    ring_interval_s: float = 2.0
    sync_interval_s: float = 5.0
    hopper_target: int = 5
    # Tests run operations inline and drive the sync worker by hand.
    inline_operations: bool = False
    sync_thread: bool = True
    tel_opener: Callable[[str], bool] = open_with_os
    language: str = "en"
    # What the shared engine opens when shared_url only names the database: the login's
    # URL with its password and SSL options. Kept out of shared_url so it is never logged
    # and a new password or SSL mode keeps the same desk database (named from shared_url).
    connect_url: str | URL | None = field(default=None, repr=False)


@dataclass
class TeamConfig:
    """What the supervisor's team view runs with.

    Attributes:
        shared_url: The shared database (named without a password, like DeskConfig's).
        username: Who looks: a supervisor (their team), or an admin with ``team_id``.
        team_id: The team to show; None means the person's own.
        inline_operations: Tests run the queries at once, on the calling thread.
        timers: Refresh by itself (board every few seconds); tests drive refreshes.
        connect_url: What the engine opens when shared_url only names the database.
    """

    shared_url: str
    username: str
    team_id: int | None = None
    clock: Clock = field(default_factory=SystemClock)
    inline_operations: bool = False
    timers: bool = True
    connect_url: str | URL | None = field(default=None, repr=False)


class StartupError(Exception):
    """The desk cannot start; the message says what the person should do."""


class WrongRoleError(StartupError):
    """The person exists but their role has another window (a supervisor at a rep desk)."""

    def __init__(self, message: str, role: str) -> None:
        super().__init__(message)
        self.role = role


def desk_db_path(config: DeskConfig) -> Path:
    """One desk database per person and shared database, in the user data folder."""
    folder = (config.data_dir or data_dir()) / "desks"
    url_key = hashlib.sha256(config.shared_url.encode()).hexdigest()[:10]
    # Training keeps its own desk database: practice leads never mix with real leases.
    mode = "-training" if config.training else ""
    return folder / f"{config.username}-{url_key}{mode}.sqlite3"


def sip_account(config: DeskConfig) -> tuple[SipSettings | None, str | None]:
    """The saved SIP account and its password (keyring); (None, None) when none is set
    up: the desk then opens with the line down, saying how to set it up."""
    from agent_desk.paths import config_dir
    from agent_desk.telephony.sip_settings import load_settings, recall_sip_password

    settings = load_settings(config.sip_folder or config_dir())
    if settings is None:
        log.warning("the SIP line has no account yet")
        return None, None
    return settings, recall_sip_password(settings) if settings.register else None


def make_line(config: DeskConfig) -> Line:
    if config.line == "sip" and not config.training:  # training never reaches customers
        from agent_desk.paths import config_dir
        from agent_desk.telephony.sip_line import SipLine  # loads only for a SIP desk

        folder = config.sip_folder or config_dir()
        return SipLine(config.clock, *sip_account(config), settings_folder=folder)
    if config.line == "tel":
        return TelHandoffLine(config.clock, config.tel_opener)
    personas = TRAINING_PERSONAS_ZH if config.language == "zh" else DEFAULT_PERSONAS
    return SimulatedLine(
        config.clock,
        seed=config.seed,
        ring_interval_s=config.ring_interval_s,
        line_interval_s=max(config.ring_interval_s * 3, 0.01),
        personas=personas,
    )


def open_shared(url: str | URL, **engine_options: Any) -> Engine:
    """The shared database's engine, once its schema is the one this app knows."""
    shared = make_engine(url, **engine_options)
    state = check_schema(shared).state
    if state is SchemaState.EMPTY:
        raise StartupError(
            "the shared database is empty: run `agent-desk-admin init` (or start with --demo)"
        )
    if state is SchemaState.OLDER:
        raise StartupError(
            "the shared database is older than this app: run `agent-desk-admin init` to upgrade it"
        )
    if state is SchemaState.NEWER:
        raise StartupError("the shared database is newer than this app: update Agent Desk")
    return shared


def build_desk_session(config: DeskConfig) -> DeskSession:
    """Everything below the window. Raises StartupError with a message for the person."""
    if config.line not in LINES:
        raise StartupError(f"unknown line {config.line!r}; choose one of {', '.join(LINES)}")
    url = config.connect_url or config.shared_url
    # Two connections at most: the sync thread and the shift end's final sync are the
    # desk's only users of the shared database (README, "Deploying on PostgreSQL").
    pool = {} if is_sqlite(url) else {"pool_size": 2, "max_overflow": 0}
    shared = open_shared(url, **pool)
    with shared.connect() as conn:
        try:
            me = identity.identify(conn, config.username)
        except identity.UnknownUserError:
            raise StartupError(
                f"no active user {config.username!r} in the shared database"
            ) from None
    if me.role != "rep":
        shared.dispose()
        raise WrongRoleError(f"{config.username} is a {me.role}, not a rep", me.role)
    repo = DeskRepo.open(desk_db_path(config))
    desk_id = repo.desk_id()

    def operations() -> Operations:
        return Operations(InlineExecutor() if config.inline_operations else None)

    sync = SyncWorker(
        shared,
        repo,
        me,
        desk_id,
        config.clock,
        hopper_target=config.hopper_target,
        interval_s=config.sync_interval_s,
        claim_leads=not config.training,
    )
    session = DeskSession(
        repo=repo,
        ops=operations(),
        net_ops=operations(),
        sync=sync,
        line=make_line(config),
        me=me,
        desk_id=desk_id,
        clock=config.clock,
        training=config.training,
    )
    return session


def build_rep_window(config: DeskConfig) -> RepWindow:
    """The rep's window for a config, started but not shown; needs a QApplication."""
    session = build_desk_session(config)
    window = RepWindow(session)
    session.start(sync_thread=config.sync_thread)
    return window


def build_team_session(config: TeamConfig) -> TeamSession:
    """The team view below its window. Raises StartupError with a message for the person."""
    from agent_desk.store import schema  # the shared ORM schema: a rep desk does without
    from agent_desk.team.team_session import TeamSession

    shared = open_shared(config.connect_url or config.shared_url)
    try:
        with shared.connect() as conn:
            try:
                me = identity.identify(conn, config.username)
            except identity.UnknownUserError:
                raise StartupError(
                    f"no active user {config.username!r} in the shared database"
                ) from None
            if me.role not in TEAM_VIEW_ROLES:
                raise WrongRoleError(
                    f"{config.username} is a {me.role}: only supervisors have the team view",
                    me.role,
                )
            team_id = config.team_id if config.team_id is not None else me.team_id
            if team_id is None:
                raise StartupError(f"{config.username} belongs to no team: name the team to show")
            team_name = conn.scalar(
                select(schema.Team.name).where(schema.Team.id == team_id)
            ) or str(team_id)
    except StartupError:
        shared.dispose()
        raise
    executor = (
        InlineExecutor()
        if config.inline_operations
        else ThreadPoolExecutor(TEAM_QUERY_THREADS, thread_name_prefix="agent-desk-team")
    )
    return TeamSession(shared, config.clock, team_id, Operations(executor), team_name=team_name)


def build_team_window(config: TeamConfig) -> TeamWindow:
    """The supervisor's read-only team view, started but not shown; needs a QApplication."""
    from agent_desk.ui.team_window import TeamWindow

    session = build_team_session(config)
    window = TeamWindow(session)
    session.start(timers=config.timers)
    return window


# -- the desktop program ------------------------------------------------------------------------


def install_translations(app: QApplication, language: str) -> None:
    """Our strings and Qt's own (dialog buttons) in the chosen language."""
    QLocale.setDefault(QLocale(language))
    ours = QTranslator(app)
    if ours.load(str(resources_dir() / "i18n" / f"agent_desk_{language}.qm")):
        app.installTranslator(ours)
    qt = QTranslator(app)
    if qt.load(
        QLocale(language),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(qt)


def choose_language(requested: str | None) -> str:
    """``--lang`` if given, else the system locale: Chinese locales get zh_CN."""
    name = requested or QLocale.system().name()
    return "zh_CN" if name.lower().startswith("zh") else "en"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="agent-desk",
        description="Agent Desk: the telemarketing rep's workstation.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use the embedded demo database (created with demo data if "
        "missing) on the simulated line, as rep1",
    )
    parser.add_argument(
        "--server",
        metavar="HOST[:PORT]",
        help="the team's PostgreSQL server: shows the login (default: the last one used)",
    )
    parser.add_argument("--database", metavar="NAME", help="database on --server (agent_desk)")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="shared database URL: sqlite:///FILE, or postgresql://USER@HOST:PORT/NAME"
        "?sslmode=… (logs in like --server); default: the last server, else the embedded file",
    )
    parser.add_argument("--user", help="your user name")
    parser.add_argument(
        "--line",
        choices=LINES,
        help="simulated line (demo, training), tel: hand-off to the OS softphone, "
        "or sip: real calls through the desk's SIP engine (baresip); default: Settings",
    )
    parser.add_argument(
        "--training",
        action="store_true",
        help="training mode: simulated customers, nothing reaches real ones",
    )
    parser.add_argument(
        "--team",
        action="store_true",
        help="the supervisor's read-only team view (with --demo: as lead1)",
    )
    parser.add_argument("--lang", help="UI language, e.g. en or zh_CN (default: Settings)")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="check this installation: open the desk and the team view on a throwaway "
        "demo database, then exit (0: all worked)",
    )
    return parser.parse_args(argv)


def prepare_demo(url: str) -> None:
    """Create the embedded demo database on first use."""
    from agent_desk.admin.demo import load_demo

    engine = make_engine(url)
    try:
        if check_schema(engine).state is SchemaState.EMPTY:
            from agent_desk.store.migrate import upgrade_to_head  # Alembic: first run only

            upgrade_to_head(engine)
            load_demo(engine)
    finally:
        engine.dispose()


# -- logging in to the team's server ---------------------------------------------------------


def app_settings() -> QSettings:
    return QSettings(SETTINGS_ORGANISATION, SETTINGS_APPLICATION)


def load_server_settings(store: QSettings) -> ServerSettings | None:
    """The last server logged in to, or None (never saved, or unreadable: logged)."""
    from agent_desk.connection import ServerSettings

    raw = store.value(SERVER_KEY)
    if not raw:
        return None
    try:
        data = json.loads(str(raw))
        return ServerSettings.from_dict(data if isinstance(data, dict) else {})
    except ValueError as exc:  # bad JSON is a ValueError too
        log.warning("ignoring the saved server settings: %s", exc)
        return None


def save_server_settings(store: QSettings, settings: ServerSettings) -> None:
    """Keep where the person logged in, for the next start (never the password)."""
    store.setValue(SERVER_KEY, json.dumps(settings.to_dict()))
    store.sync()


def login_target(
    args: argparse.Namespace, saved: ServerSettings | None
) -> tuple[ServerSettings, str | None] | None:
    """The server to log in to and a password given in --db; None: no login (SQLite).

    ``--demo`` and an SQLite ``--db`` keep the embedded database, and so does ``--user``
    alone on a desk that never logged in to a server; otherwise the last server is used,
    or an empty login form on a desk's first start.

    Raises:
        StartupError: A --server or --db that cannot be read.
    """
    from agent_desk.connection import ServerSettings, parse_server

    password = None
    try:
        if args.demo or (args.db and not args.db.startswith(("postgres:", "postgresql"))):
            return None  # the embedded SQLite database: no login
        if args.db:
            settings, password = ServerSettings.from_url(args.db)
        elif args.server:
            host, port = parse_server(args.server)
            settings = ServerSettings(host=host, port=port)
            if saved is not None and (saved.host, saved.port) == (host, port):
                settings = saved  # the same server: keep its database, user and SSL
        elif saved is not None:
            settings = saved
        elif args.user:
            return None
        else:
            settings = ServerSettings(host="")
    except ValueError as exc:
        raise StartupError(f"cannot read the server: {exc}") from None
    if args.database:
        settings = replace(settings, database=args.database)
    if args.user:
        settings = replace(settings, username=args.user)
    return settings, password


def run_server_desk(
    app: QApplication,
    config: DeskConfig,
    settings: ServerSettings,
    password: str | None,
    *,
    team: bool = False,
    furnish: Callable[[QMainWindow], object] | None = None,
) -> int:
    """Log in (the dialog checks off the UI thread), then open the person's window:
    a rep's desk, or a supervisor's team view (also with `team`)."""
    from agent_desk.ui.login_dialog import LoginDialog

    # A remembered (or --db) password logs in by itself; the dialog shows it working.
    dialog = LoginDialog(settings, password=password, auto_connect=True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return 0  # the person closed the login
    used, identity = dialog.settings(), dialog.identity()
    assert used is not None and identity is not None
    save_server_settings(app_settings(), used)
    log.info("%s (%s) logged in to %s", identity.username, identity.role, used.describe())
    config = replace(
        config,
        # The database's name without password or SSL options: what the desk is named by.
        shared_url=used.url(None).set(query={}).render_as_string(),
        connect_url=used.url(dialog.password()),
        username=used.username,
    )
    window: QMainWindow
    try:
        if team or identity.role in TEAM_VIEW_ROLES:
            window = build_team_window(
                TeamConfig(
                    shared_url=config.shared_url,
                    username=config.username,
                    connect_url=config.connect_url,
                )
            )
        else:
            window = build_rep_window(config)
    except StartupError as exc:
        print(f"agent-desk: {exc}", file=sys.stderr)
        QMessageBox.critical(None, "Agent Desk", str(exc))
        return 2
    if dialog.notice():
        window.statusBar().showMessage(dialog.notice(), 30_000)
    return run_window(app, window, furnish)


def main(argv: Sequence[str] | None = None) -> int:
    from agent_desk import startup
    from agent_desk.settings import LINE, RING_SECONDS, THEME, Settings, language_for

    args = parse_args(argv)
    # The smoke run logs to the terminal only: it must leave nothing behind.
    log_file = startup.start_logging(None) if not args.smoke else None
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Agent Desk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("agent-desk")  # resources/linux/agent-desk.desktop (Wayland)
    app.setWindowIcon(icon("app"))
    settings = Settings()
    language = choose_language(language_for(settings, args.lang))
    install_translations(app, language)
    startup.apply_theme(app, settings.get(THEME))
    startup.follow_system_theme(app, settings)
    crash = startup.install_crash_handler(app, log_file)
    if args.smoke:
        gc.enable()  # paused for start-up (agent_desk.__main__.run); the smoke run is long
        return startup.smoke_run(app, language)
    log.info("Agent Desk %s starting, language %s, log %s", __version__, language, log_file)
    try:
        saved = None if args.db or args.demo else load_server_settings(app_settings())
        if saved is None and not (args.db or args.demo or args.server or args.user):
            choice = startup.first_run_choice(settings)  # nothing configured yet: ask
            if choice is None:
                return 0
            args.demo = choice == "demo"
        target = login_target(args, saved)
    except StartupError as exc:
        print(f"agent-desk: {exc}", file=sys.stderr)
        return 2
    line = args.line or ("simulated" if args.demo else settings.get(LINE))
    if line not in LINES:
        log.warning("line %r from the settings is not in this build; using simulated", line)
        line = "simulated"
    config = DeskConfig(
        shared_url="",
        username="",
        line=line,
        training=args.training,
        language=language[:2],
        ring_interval_s=settings.get(RING_SECONDS),
    )

    def furnish(window: QMainWindow) -> object:
        return startup.furnish(app, window, settings, crash)

    if target is not None:
        return run_server_desk(app, config, *target, team=args.team, furnish=furnish)
    url = args.db or default_shared_db_url()
    username = args.user or (("lead1" if args.team else "rep1") if args.demo else None)
    if username is None:
        print("agent-desk: give --user NAME (or --demo to try the demo)", file=sys.stderr)
        return 2
    window: QMainWindow
    try:
        if args.demo and not args.db:
            prepare_demo(url)
        team = TeamConfig(shared_url=url, username=username)
        if args.team:
            window = build_team_window(team)
        else:
            try:
                window = build_rep_window(replace(config, shared_url=url, username=username))
            except WrongRoleError as exc:
                if exc.role not in TEAM_VIEW_ROLES:
                    raise
                window = build_team_window(team)  # a supervisor: their team view
    except StartupError as exc:
        print(f"agent-desk: {exc}", file=sys.stderr)
        return 2
    return run_window(app, window, furnish)


def run_window(
    app: QApplication,
    window: QMainWindow,
    furnish: Callable[[QMainWindow], object] | None = None,
) -> int:
    """Show the window and run the event loop until it closes.

    ``furnish`` gives the window what the desktop program adds (saved geometry, the
    Settings/About menu, notifications, the crash saver); without it, the designed size.
    """
    if furnish is not None:
        window.keeper = furnish(window)  # type: ignore[attr-defined]
    else:
        window.resize(1366, 768)
    window.show()
    # Everything built so far lives as long as the window: keep it out of the collector's
    # full passes, which otherwise stall the UI for ~100 ms on a busy desk. Start-up ran
    # with the collector paused (agent_desk.__main__.run): it runs from here on.
    gc.freeze()
    gc.enable()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
