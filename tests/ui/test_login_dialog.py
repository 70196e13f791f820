"""The login dialog against the real local PostgreSQL: success, failures, keyring, Cancel."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import keyring
import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QWidget

from agent_desk.app import (
    SERVER_KEY,
    DeskConfig,
    StartupError,
    build_rep_window,
    desk_db_path,
    load_server_settings,
    login_target,
    parse_args,
    save_server_settings,
)
from agent_desk.connection import KEYRING_SERVICE, ServerSettings, keyring_key, recall_password
from agent_desk.ui.login_dialog import LoginDialog
from tests.conftest import MemoryKeyring
from tests.test_connection import (
    BrokenKeyring,
    TeamDatabase,
    admin_sql,
    closed_port,
    require_password_checks,
    team_database,
)

pytestmark = pytest.mark.postgres

IDS = (
    "login_dialog",
    "login_server",
    "login_database",
    "login_user",
    "login_password",
    "login_remember",
    "login_sslmode",
    "login_connect",
    "login_status",
)
MakeDialog = Callable[..., LoginDialog]


@pytest.fixture(scope="module")
def team(pg_server: str) -> Iterator[TeamDatabase]:
    """One team database; each test adds its own people."""
    with team_database(pg_server) as db:
        yield db


@pytest.fixture
def own_team(pg_server: str) -> Iterator[TeamDatabase]:
    with team_database(pg_server) as db:
        yield db


@pytest.fixture
def make_dialog(qtbot: QtBot) -> MakeDialog:
    def make(settings: ServerSettings | None = None, **kwargs: object) -> LoginDialog:
        dialog = LoginDialog(settings, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return make


def connect_and_wait(qtbot: QtBot, dialog: LoginDialog) -> None:
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=15000)


def inputs_enabled(dialog: LoginDialog) -> bool:
    edits = (dialog.server_edit, dialog.user_edit, dialog.password_edit, dialog.remember_box)
    return all(w.isEnabled() for w in edits) and dialog.connect_button.isEnabled()


def test_every_automation_id_is_there(make_dialog: MakeDialog) -> None:
    dialog = make_dialog()
    assert dialog.objectName() == "login_dialog"
    for name in IDS[1:]:
        widget = dialog.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName() == name
    assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password
    assert dialog.connect_button.isDefault()


def test_a_rep_logs_in(team: TeamDatabase, make_dialog: MakeDialog, qtbot: QtBot) -> None:
    rep = team.add_person("rep")
    dialog = make_dialog(rep.settings)
    assert dialog.server_edit.text() == rep.settings.server
    assert (dialog.user_edit.text(), dialog.password_edit.text()) == (rep.username, "")
    qtbot.keyClicks(dialog.password_edit, rep.password)
    # Enter in the form presses Connect; the check runs in the background, inputs locked.
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.is_busy()
    assert not dialog.inputs.isEnabled() and not dialog.connect_button.isEnabled()
    assert dialog.busy.isVisible() and dialog.cancel_button.isEnabled()
    assert dialog.status.text().startswith("Connecting to ")
    with qtbot.waitSignal(dialog.accepted, timeout=15000):
        pass
    assert dialog.result() == QDialog.DialogCode.Accepted
    identity = dialog.identity()
    assert identity is not None
    assert (identity.username, identity.role, identity.team_name) == (rep.username, "rep", "Team T")
    assert dialog.settings() == rep.settings
    assert dialog.password() == rep.password
    assert dialog.notice() == ""


def test_unreachable_server_is_said_and_the_form_comes_back(
    make_dialog: MakeDialog, qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    port = closed_port()
    dialog = make_dialog(ServerSettings(host="127.0.0.1", port=port, username="rep1"))
    qtbot.keyClicks(dialog.password_edit, "secret")
    dialog.remember_box.setChecked(True)
    connect_and_wait(qtbot, dialog)
    assert dialog.status.text() == (
        f"Cannot reach 127.0.0.1:{port}. Check the address and your network."
    )
    assert dialog.status.isVisible() and not dialog.busy.isVisible()
    assert inputs_enabled(dialog)
    assert dialog.server_edit.property("level") == "alert"
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert dialog.identity() is None
    assert memory_keyring.passwords == {}  # a failed login remembers nothing


def test_schema_newer_than_the_app(
    own_team: TeamDatabase, make_dialog: MakeDialog, qtbot: QtBot
) -> None:
    admin_sql(
        own_team.admin_url, "UPDATE alembic_version SET version_num = 'f00dfeed9999'", own_team.url
    )
    rep = own_team.add_person("rep")
    dialog = make_dialog(rep.settings, password=rep.password)
    connect_and_wait(qtbot, dialog)
    assert dialog.status.text() == (
        "This Agent Desk is older than the team database: please update it."
    )
    assert inputs_enabled(dialog) and dialog.isVisible()


def test_wrong_password_is_said(team: TeamDatabase, make_dialog: MakeDialog, qtbot: QtBot) -> None:
    rep = team.add_person("rep")
    require_password_checks(rep)
    dialog = make_dialog(rep.settings, password="not-" + rep.password)
    connect_and_wait(qtbot, dialog)
    assert dialog.status.text() == f"The password is not right for {rep.username}."
    assert dialog.password_edit.hasFocus() and dialog.password_edit.property("level") == "alert"


def test_remember_me_keeps_the_password_and_prefills_it(
    team: TeamDatabase, make_dialog: MakeDialog, qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    rep = team.add_person("rep")
    dialog = make_dialog(rep.settings, password=rep.password)
    dialog.remember_box.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=15000):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert memory_keyring.passwords == {(KEYRING_SERVICE, keyring_key(rep.settings)): rep.password}

    again = make_dialog(rep.settings)
    assert again.password_edit.text() == rep.password
    assert again.remember_box.isChecked()

    # Remembered, the dialog can log in by itself (the app's start with a saved password).
    auto = make_dialog(rep.settings, auto_connect=True)
    with qtbot.waitSignal(auto.accepted, timeout=15000):
        pass
    assert auto.identity() is not None

    # Unticking and logging in forgets it.
    again.remember_box.setChecked(False)
    with qtbot.waitSignal(again.accepted, timeout=15000):
        qtbot.mouseClick(again.connect_button, Qt.MouseButton.LeftButton)
    assert memory_keyring.passwords == {}
    assert recall_password(rep.settings) is None
    assert make_dialog(rep.settings).password_edit.text() == ""


def test_a_broken_keyring_still_logs_in_and_says_so(
    team: TeamDatabase, make_dialog: MakeDialog, qtbot: QtBot
) -> None:
    rep = team.add_person("rep")
    keyring.set_keyring(BrokenKeyring())  # the autouse fixture puts the previous one back
    dialog = make_dialog(rep.settings, password=rep.password)
    assert dialog.password_edit.text() == rep.password  # recall failed quietly
    dialog.remember_box.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=15000):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.identity() is not None
    assert "could not keep your password" in dialog.notice()
    assert dialog.status.text() == dialog.notice()


def test_cancel_stops_waiting_for_a_silent_server(make_dialog: MakeDialog, qtbot: QtBot) -> None:
    # A port that accepts connections and never answers: the login waits for its timeout.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        settings = ServerSettings(host="127.0.0.1", port=port, username="rep1", connect_timeout=1)
        dialog = make_dialog(settings, password="secret")
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        qtbot.wait(100)
        assert dialog.is_busy()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert not dialog.is_busy() and inputs_enabled(dialog)
        assert dialog.isVisible(), "Cancel while connecting stops the attempt, not the dialog"
        assert dialog.status.text() == "Cancelled. Nothing was changed."
        qtbot.wait(1500)  # the abandoned attempt times out meanwhile: its answer is dropped
        assert dialog.status.text() == "Cancelled. Nothing was changed."
        assert dialog.isVisible() and dialog.identity() is None
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("server", "database", "user", "message", "field"),
    [
        ("", "agent_desk", "rep1", "Enter the server address.", "server_edit"),
        ("db.example.com:99999", "agent_desk", "rep1", "The port after the colon", "server_edit"),
        ("db.example.com", "", "rep1", "Enter the database name.", "database_edit"),
        ("db.example.com", "agent_desk", " ", "Enter your user name.", "user_edit"),
    ],
)
def test_missing_fields_are_pointed_at_and_nothing_starts(
    make_dialog: MakeDialog, server: str, database: str, user: str, message: str, field: str
) -> None:
    dialog = make_dialog()
    dialog.server_edit.setText(server)
    dialog.database_edit.setText(database)
    dialog.user_edit.setText(user)
    dialog.try_connect()
    assert not dialog.is_busy()
    assert dialog.status.text().startswith(message)
    assert getattr(dialog, field).property("level") == "alert"
    assert inputs_enabled(dialog)


def test_ssl_settings_are_prefilled_and_read_back(make_dialog: MakeDialog) -> None:
    settings = ServerSettings(
        host="db.example.com",
        port=6432,
        username="rep1",
        sslmode="verify-full",
        sslrootcert="/etc/agent-desk/ca.crt",
    )
    dialog = make_dialog(settings)
    assert dialog.server_edit.text() == "db.example.com:6432"
    assert dialog.ssl.toggle.isChecked() and dialog.ssl.panel.isVisible()
    assert dialog.ssl.sslmode_combo.currentData() == "verify-full"
    assert dialog.settings() == settings
    dialog.ssl.sslmode_combo.setCurrentIndex(dialog.ssl.sslmode_combo.findData("require"))
    dialog.ssl.sslrootcert_edit.clear()
    assert dialog.settings() == replace(settings, sslmode="require", sslrootcert=None)
    plain = make_dialog(ServerSettings(host="db.example.com", username="rep1"))
    assert not plain.ssl.panel.isVisible()


# -- the app's side: which server, what is kept, the desk's engine ----------------------------


def test_which_server_the_app_logs_in_to() -> None:
    saved = ServerSettings(
        host="db.example.com", port=6432, database="team", username="rep1", sslmode="require"
    )

    def target(*argv: str, last: ServerSettings | None = saved) -> object:
        return login_target(parse_args(list(argv)), last)

    assert target("--demo") is None
    assert target("--db", "sqlite:///shared.sqlite3") is None
    assert target("--user", "rep1", last=None) is None  # the embedded database, as before
    assert target(last=None) == (ServerSettings(host=""), None)  # first start: empty form
    assert target() == (saved, None)
    assert target("--server", "db.example.com:6432", "--user", "rep2") == (
        replace(saved, username="rep2"),
        None,
    )
    assert target("--server", "other.example.com", "--database", "x") == (
        ServerSettings(host="other.example.com", database="x"),
        None,
    )
    assert target("--db", "postgresql://rep3:pw@db.example.com:6432/team?sslmode=require") == (
        replace(saved, username="rep3"),
        "pw",
    )
    for bad in (("--server", "db.example.com:port"), ("--db", "postgresql://rep@/team")):
        with pytest.raises(StartupError):
            target(*bad)


def test_the_last_server_is_kept_without_the_password(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = QSettings(str(tmp_path / "agent-desk.ini"), QSettings.Format.IniFormat)
    assert load_server_settings(store) is None
    settings = ServerSettings(host="db.example.com", username="rep1", sslmode="verify-full")
    save_server_settings(store, settings)
    again = QSettings(str(tmp_path / "agent-desk.ini"), QSettings.Format.IniFormat)
    assert load_server_settings(again) == settings
    assert "password" not in (tmp_path / "agent-desk.ini").read_text()
    again.setValue(SERVER_KEY, "{not json")
    assert load_server_settings(again) is None
    assert "ignoring the saved server settings" in caplog.text


def test_the_desk_opens_with_the_logins_password_kept_out_of_its_name(
    team: TeamDatabase, qtbot: QtBot, tmp_path: Path
) -> None:
    rep = team.add_person("rep")
    url = rep.settings.url(None).set(query={}).render_as_string()
    config = DeskConfig(
        shared_url=url,
        username=rep.username,
        connect_url=rep.settings.url(rep.password),
        data_dir=tmp_path,
        inline_operations=True,
        sync_thread=False,
    )
    assert rep.password not in repr(config) and rep.password not in config.shared_url
    window = build_rep_window(config)
    qtbot.addWidget(window)
    assert window.session.me.username == rep.username
    other = replace(config, connect_url=rep.settings.url("a-new-password"))
    assert desk_db_path(other) == desk_db_path(config)  # same desk after a password change
    window.close()
