"""Logging in to the team's PostgreSQL: every failure a rep can meet, on a real server.

People log in with their own role, a member of ``agent_desk_login``. ``.ci/run`` makes
the local server ask those roles for a password (a scram-sha-256 line in pg_hba.conf),
so the wrong-password case is real; elsewhere the server trusts 127.0.0.1.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordSetError
from sqlalchemy import text
from sqlalchemy.orm import Session

from agent_desk import connection
from agent_desk.connection import (
    KEYRING_SERVICE,
    ConnectionProblem,
    ServerSettings,
    check_connection,
    classify_error,
    forget_password,
    keyring_key,
    parse_server,
    recall_password,
    remember_password,
)
from agent_desk.store import schema, schema_version
from agent_desk.store.engine import make_engine
from agent_desk.store.migrate import upgrade_to_head
from tests.conftest import MemoryKeyring, create_pg_database, drop_pg_database

pytestmark = pytest.mark.postgres
LOGIN_GROUP = "agent_desk_login"
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
NO_PASSWORD_CHECK = (
    "the local PostgreSQL does not ask agent_desk_login members for a password: add "
    "'host all +agent_desk_login 127.0.0.1/32 scram-sha-256' at the top of pg_hba.conf "
    "and reload (.ci/run does)"
)


# -- a real team database and real people ------------------------------------------------------


def admin_sql(admin_url: str, sql: str, database_url: str | None = None) -> None:
    engine = make_engine(database_url or admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def ensure_login_group(admin_url: str) -> None:
    """The NOLOGIN group every person role belongs to (.ci/run creates it too)."""
    admin_sql(
        admin_url,
        f"DO $$ BEGIN CREATE ROLE {LOGIN_GROUP} NOLOGIN; "
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
    )


@dataclass(frozen=True)
class Person:
    settings: ServerSettings
    password: str

    @property
    def username(self) -> str:
        return self.settings.username


@dataclass(frozen=True)
class TeamDatabase:
    admin_url: str
    url: str
    roles: list[str] = field(default_factory=list)

    @property
    def settings(self) -> ServerSettings:
        """Where the database is, logged in as the server's admin (trusted locally)."""
        return ServerSettings.from_url(self.url)[0]

    def add_person(self, role: str = "rep", *, user_row: bool = True, job: bool = True) -> Person:
        """A person as the admin makes one: a login role with a password, member of
        agent_desk_login and of their job's group (unless ``job`` is False), and an Agent
        Desk user row naming that role.
        """
        name = f"t_{role[:3]}_{uuid.uuid4().hex[:8]}"
        password = f"pw-{uuid.uuid4().hex[:10]}"
        groups = [LOGIN_GROUP, f"agent_desk_{role}"] if job else [LOGIN_GROUP]
        ensure_login_group(self.admin_url)
        self.roles.append(name)
        admin_sql(
            self.admin_url,
            f"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE {', '.join(groups)}",
        )
        if user_row:
            engine = make_engine(self.url)
            with Session(engine) as s, s.begin():
                team = s.query(schema.Team).filter_by(name="Team T").one_or_none()
                if team is None:
                    team = schema.Team(name="Team T", created_at=NOW)
                    s.add(team)
                    s.flush()
                s.add(
                    schema.User(
                        username=name,
                        display_name=name.upper(),
                        role=role,
                        team_id=team.id,
                        active=True,
                        db_role=name,
                        created_at=NOW,
                    )
                )
            engine.dispose()
        return Person(replace(self.settings, username=name), password)

    def drop_people(self) -> None:
        for name in self.roles:
            # Privileges inside the team database hold the role: drop them there first.
            admin_sql(self.admin_url, f"DROP OWNED BY {name}", self.url)
            admin_sql(self.admin_url, f"DROP ROLE IF EXISTS {name}")


@contextmanager
def team_database(admin_url: str, *, at_head: bool = True) -> Iterator[TeamDatabase]:
    """A fresh shared database (at head, or empty); its people are dropped afterwards."""
    url = create_pg_database(admin_url)
    db = TeamDatabase(admin_url, url)
    try:
        if at_head:
            engine = make_engine(url)
            upgrade_to_head(engine)
            engine.dispose()
        yield db
    finally:
        db.drop_people()
        drop_pg_database(admin_url, url)


@pytest.fixture(scope="module")
def team_db(pg_server: str) -> Iterator[TeamDatabase]:
    """One team database for the tests that only add people (each their own)."""
    with team_database(pg_server) as db:
        yield db


@pytest.fixture
def own_team_db(pg_server: str) -> Iterator[TeamDatabase]:
    """A team database this test may break (schema version, database privileges)."""
    with team_database(pg_server) as db:
        yield db


@pytest.fixture
def empty_db(pg_server: str) -> Iterator[TeamDatabase]:
    with team_database(pg_server, at_head=False) as db:
        yield db


def closed_port() -> int:
    """A local port nobody listens on (just released by the OS)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def require_password_checks(person: Person) -> None:
    """Skip (locally) or fail (CI) when the server would take any password."""
    if check_connection(person.settings, person.password + "-not").ok:
        if os.environ.get("CI"):
            pytest.fail(NO_PASSWORD_CHECK)
        pytest.skip(NO_PASSWORD_CHECK)


# -- logging in ---------------------------------------------------------------------------------


def test_a_rep_logs_in_and_is_identified(team_db: TeamDatabase) -> None:
    rep = team_db.add_person("rep")
    result = check_connection(rep.settings, rep.password)
    assert result.ok, result.detail
    assert result.problem is None
    assert result.identity is not None
    assert (result.identity.username, result.identity.role) == (rep.username, "rep")
    assert result.identity.team_name == "Team T"


def test_a_supervisor_logs_in_with_their_role_for_routing(team_db: TeamDatabase) -> None:
    boss = team_db.add_person("supervisor")
    result = check_connection(boss.settings, boss.password)
    assert result.identity is not None and result.identity.role == "supervisor"


def test_wrong_password(team_db: TeamDatabase) -> None:
    rep = team_db.add_person("rep")
    require_password_checks(rep)
    result = check_connection(rep.settings, "not-" + rep.password)
    assert result.problem is ConnectionProblem.WRONG_PASSWORD, result.detail
    assert result.identity is None
    assert rep.password not in result.detail
    assert check_connection(rep.settings, "").problem is ConnectionProblem.WRONG_PASSWORD
    assert check_connection(rep.settings, rep.password).ok


def test_unknown_role(team_db: TeamDatabase) -> None:
    settings = replace(team_db.settings, username=f"nobody_{uuid.uuid4().hex[:8]}")
    result = check_connection(settings, "whatever")
    assert result.problem is ConnectionProblem.UNKNOWN_USER, result.detail


def test_a_role_without_an_active_agent_desk_user(team_db: TeamDatabase) -> None:
    stranger = team_db.add_person("rep", user_row=False)
    result = check_connection(stranger.settings, stranger.password)
    assert result.problem is ConnectionProblem.UNKNOWN_USER
    assert "no active Agent Desk user" in result.detail
    rep = team_db.add_person("rep")
    admin_sql(
        team_db.admin_url,
        f"UPDATE users SET active = false WHERE username = '{rep.username}'",
        team_db.url,
    )
    assert check_connection(rep.settings, rep.password).problem is ConnectionProblem.UNKNOWN_USER


def test_unreachable_server(pg_server: str) -> None:
    settings = ServerSettings(host="127.0.0.1", port=closed_port(), username="rep1")
    result = check_connection(settings, "secret")
    assert result.problem is ConnectionProblem.UNREACHABLE, result.detail
    unknown_host = replace(settings, host="no-such-host.invalid", port=5432)
    assert check_connection(unknown_host, "secret").problem is ConnectionProblem.UNREACHABLE


def test_unknown_database(team_db: TeamDatabase) -> None:
    settings = replace(team_db.settings, database=f"nope_{uuid.uuid4().hex[:8]}")
    result = check_connection(settings, None)
    assert result.problem is ConnectionProblem.NO_DATABASE, result.detail


def test_not_permitted(own_team_db: TeamDatabase) -> None:
    # A group role (NOLOGIN), as someone typing "agent_desk_rep" as their user name.
    group = replace(own_team_db.settings, username="agent_desk_rep")
    assert check_connection(group, None).problem is ConnectionProblem.NOT_PERMITTED
    # A login the admin gave no job (rep, supervisor) yet: no grant on users (SQLSTATE 42501).
    rep = own_team_db.add_person("rep", job=False)
    result = check_connection(rep.settings, rep.password)
    assert result.problem is ConnectionProblem.NOT_PERMITTED, result.detail
    db_name = rep.settings.database
    admin_sql(own_team_db.admin_url, f'REVOKE CONNECT ON DATABASE "{db_name}" FROM PUBLIC')
    result = check_connection(rep.settings, rep.password)
    assert result.problem is ConnectionProblem.NOT_PERMITTED, result.detail


def test_schema_empty(empty_db: TeamDatabase) -> None:
    result = check_connection(empty_db.settings, None)
    assert result.problem is ConnectionProblem.SCHEMA_EMPTY, result.detail


def test_schema_newer_than_the_app(own_team_db: TeamDatabase) -> None:
    admin_sql(
        own_team_db.admin_url,
        "UPDATE alembic_version SET version_num = 'f00dfeed9999'",
        own_team_db.url,
    )
    rep = own_team_db.add_person("rep")
    result = check_connection(rep.settings, rep.password)
    assert result.problem is ConnectionProblem.SCHEMA_NEWER, result.detail
    assert result.identity is None


def test_schema_older_than_the_app(team_db: TeamDatabase, monkeypatch: pytest.MonkeyPatch) -> None:
    # This app is one migration ahead of the database: it knows a revision beyond it.
    ahead = (*schema_version.KNOWN_REVISIONS, "9999_ahead")
    monkeypatch.setattr(schema_version, "KNOWN_REVISIONS", ahead)
    monkeypatch.setattr(schema_version, "HEAD_REVISION", ahead[-1])
    rep = team_db.add_person("rep")
    result = check_connection(rep.settings, rep.password)
    assert result.problem is ConnectionProblem.SCHEMA_OLDER, result.detail


def test_sslmode_require_is_an_ssl_answer(team_db: TeamDatabase) -> None:
    rep = team_db.add_person("rep")
    result = check_connection(replace(rep.settings, sslmode="require"), rep.password)
    # The local server may or may not have SSL; either way it is not "something else".
    assert result.ok or result.problem is ConnectionProblem.SSL_PROBLEM, result.detail


def test_missing_certificate_files(team_db: TeamDatabase, tmp_path: Path) -> None:
    settings = replace(
        team_db.settings, sslmode="verify-full", sslrootcert=str(tmp_path / "no-ca.crt")
    )
    result = check_connection(settings, None)
    assert result.problem is ConnectionProblem.SSL_PROBLEM
    assert "no-ca.crt" in result.detail


def test_failures_are_logged_without_the_password(
    team_db: TeamDatabase, caplog: pytest.LogCaptureFixture
) -> None:
    rep = team_db.add_person("rep")
    with caplog.at_level(logging.INFO, logger="agent_desk.connection"):
        check_connection(replace(rep.settings, database="nope_db"), rep.password)
        check_connection(rep.settings, rep.password)
    assert "nope_db" in caplog.text and rep.username in caplog.text
    assert rep.password not in caplog.text


# -- what a message means ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        ('FATAL:  用户 "rep1" 的密码认证失败', ConnectionProblem.WRONG_PASSWORD),
        ('FATAL:  角色 "rep9" 不存在', ConnectionProblem.UNKNOWN_USER),
        ('FATAL:  数据库 "x" 不存在', ConnectionProblem.NO_DATABASE),
        ('FATAL:  不允许角色 "g" 进行登录', ConnectionProblem.NOT_PERMITTED),
        ("FATAL:  数据库系统正在启动", ConnectionProblem.UNREACHABLE),
        (
            'FATAL:  no pg_hba.conf entry for host "10.0.0.9", user "rep1"',
            ConnectionProblem.NOT_PERMITTED,
        ),
        ("SSL error: certificate verify failed", ConnectionProblem.SSL_PROBLEM),
        ("connection timeout expired", ConnectionProblem.UNREACHABLE),
        ("FATAL:  sorry, too many clients already", ConnectionProblem.OTHER),
    ],
)
def test_server_messages_in_english_and_chinese(message: str, problem: ConnectionProblem) -> None:
    assert classify_error(None, message) is problem


def test_names_in_a_message_do_not_decide_the_problem() -> None:
    message = (
        'connection to server at "ssl.example.com" (10.0.0.5), port 5432 failed: Connection refused'
    )
    assert classify_error(None, message, ("ssl.example.com", "rep1", "agent_desk")) is (
        ConnectionProblem.UNREACHABLE
    )
    assert classify_error("42501", "permission denied for table users") is (
        ConnectionProblem.NOT_PERMITTED
    )


# -- settings -----------------------------------------------------------------------------------


def test_server_text_is_host_and_optional_port() -> None:
    assert parse_server(" db.example.com ") == ("db.example.com", 5432)
    assert parse_server("db.example.com:6432") == ("db.example.com", 6432)
    assert parse_server("[::1]:6432") == ("::1", 6432)
    assert parse_server("fe80::1") == ("fe80::1", 5432)
    for bad in ("", ":5432", "db:0", "db:70000", "db:port"):
        with pytest.raises(ValueError):
            parse_server(bad)
    settings = ServerSettings(host="::1", port=6432, username="rep1")
    assert settings.server == "[::1]:6432"
    assert ServerSettings(host="db", username="rep1").server == "db"


def test_settings_keep_no_password_and_round_trip() -> None:
    settings = ServerSettings(
        host="db.example.com",
        port=6432,
        database="team",
        username="rep1",
        sslmode="verify-full",
        sslrootcert="/etc/ca.crt",
    )
    data = settings.to_dict()
    assert "password" not in str(data)
    assert ServerSettings.from_dict(data) == settings
    assert ServerSettings.from_dict({**data, "from_a_newer_app": 1}) == settings
    url = settings.url("s3cret")
    assert url.password == "s3cret"
    assert "s3cret" not in str(url) and "s3cret" not in repr(url)
    assert url.query["sslmode"] == "verify-full" and url.query["sslrootcert"] == "/etc/ca.crt"
    assert "sslcert" not in url.query
    assert ServerSettings.from_url(url) == (settings, "s3cret")
    for bad in (
        {},
        {"host": ""},
        {**data, "port": "x"},
        {**data, "sslmode": "maybe"},
        {**data, "username": 7},
    ):
        with pytest.raises(ValueError):
            ServerSettings.from_dict(bad)
    with pytest.raises(ValueError):
        ServerSettings.from_url("sqlite:///x.sqlite3")


# -- the remembered password -------------------------------------------------------------------


class BrokenKeyring(KeyringBackend):
    """A keyring that refuses everything, like a locked or missing Secret Service."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("the keyring is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("the keyring is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringError("the keyring is locked")


def test_remember_recall_forget(memory_keyring: MemoryKeyring) -> None:
    settings = ServerSettings(host="db.example.com", username="rep1")
    other = replace(settings, database="other")
    assert recall_password(settings) is None
    assert remember_password(settings, "s3cret")
    assert memory_keyring.passwords == {
        (KEYRING_SERVICE, "rep1@db.example.com:5432/agent_desk"): "s3cret"
    }
    assert keyring_key(settings) == "rep1@db.example.com:5432/agent_desk"
    assert recall_password(settings) == "s3cret"
    assert recall_password(other) is None
    assert forget_password(settings)
    assert recall_password(settings) is None
    assert forget_password(settings)  # nothing left to forget is fine


def test_a_broken_keyring_means_not_remembered_and_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(connection, "_keyring_warned", False)
    keyring.set_keyring(BrokenKeyring())  # the autouse fixture puts the previous one back
    settings = ServerSettings(host="db.example.com", username="rep1")
    with caplog.at_level(logging.WARNING, logger="agent_desk.connection"):
        assert remember_password(settings, "s3cret") is False
        assert recall_password(settings) is None
        assert forget_password(settings) is False
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "keyring" in warnings[0].getMessage()
    assert "s3cret" not in caplog.text
