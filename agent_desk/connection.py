"""Logging in to the team's PostgreSQL server: settings, the check, the remembered password.

A person logs in with their own database role (named like their Agent Desk username). The
server settings are plain data the app keeps (never with the password); the password lives
in memory only, or in the OS keyring when the person asks to be remembered.
:func:`check_connection` blocks on the network (run it off the UI thread) and never raises
for a failed login: it names the :class:`ConnectionProblem`, with an English detail to log.
"""

from __future__ import annotations

import logging
import re
import socket
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

import keyring
from keyring.backends import fail
from keyring.errors import KeyringError, PasswordDeleteError
from sqlalchemy import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from agent_desk.domain.addresses import split_host_port
from agent_desk.store.desk_feed import Identity, UnknownUserError, identify
from agent_desk.store.engine import make_engine
from agent_desk.store.schema_version import SchemaState, check_schema

log = logging.getLogger(__name__)

SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
CERT_FIELDS = ("sslrootcert", "sslcert", "sslkey")
KEYRING_SERVICE = "Agent Desk"
DEFAULT_PORT = 5432


@dataclass(frozen=True, kw_only=True)
class ServerSettings:
    """Where and as whom to log in; everything but the password.

    Raises:
        ValueError: An unknown sslmode, a port outside 1-65535 or a timeout below 1 s.
    """

    host: str
    port: int = DEFAULT_PORT
    database: str = "agent_desk"
    username: str = ""
    sslmode: str = "prefer"
    sslrootcert: str | None = None
    sslcert: str | None = None
    sslkey: str | None = None
    connect_timeout: int = 10

    def __post_init__(self) -> None:
        if self.sslmode not in SSL_MODES:
            raise ValueError(f"sslmode must be one of {', '.join(SSL_MODES)}: {self.sslmode!r}")
        if not 1 <= self.port <= 65535:
            raise ValueError(f"port must be 1-65535: {self.port}")
        if self.connect_timeout < 1:
            raise ValueError(f"connect_timeout must be at least 1 s: {self.connect_timeout}")

    @property
    def server(self) -> str:
        """``host`` or ``host:port`` as a person types it (the port only when not 5432)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORT else f"{host}:{self.port}"

    def describe(self) -> str:
        """For log lines: ``rep1@db.example.com:5432/agent_desk`` (never a password)."""
        return keyring_key(self)

    def url(self, password: str | None) -> URL:
        """The SQLAlchemy URL for this server, with the password only in the returned URL."""
        query = {n: getattr(self, n) for n in ("sslmode", *CERT_FIELDS) if getattr(self, n)}
        query.update(connect_timeout=str(self.connect_timeout), application_name="Agent Desk")
        return URL.create(
            "postgresql+psycopg",
            username=self.username or None,
            password=password or None,
            host=self.host,
            port=self.port,
            database=self.database,
            query=query,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the app's settings store; holds no password."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ServerSettings:
        """Settings saved by :meth:`to_dict`; unknown keys (a newer app's) are ignored.

        Raises:
            ValueError: No host, or a value of the wrong kind.
        """
        values: dict[str, Any] = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        texts = ("host", "database", "username", "sslmode", *CERT_FIELDS)
        bad = [k for k, v in values.items() if k in texts and not isinstance(v, str | None)]
        bad += [k for k in ("port", "connect_timeout") if not isinstance(values.get(k, 1), int)]
        if bad or not values.get("host"):
            raise ValueError(f"saved server settings are not usable ({', '.join(bad)}): {data!r}")
        values.update({k: values.get(k) or None for k in CERT_FIELDS})  # "" means none
        return cls(**values)

    @classmethod
    def from_url(cls, url: str | URL) -> tuple[ServerSettings, str | None]:
        """Settings and password from a ``postgresql://user:pw@host:port/db?sslmode=…`` URL.

        Raises:
            ValueError: Not a URL, not PostgreSQL, no host, or a bad sslmode or port.
        """
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise ValueError(str(exc)) from None
        if parsed.get_backend_name() != "postgresql":
            raise ValueError(f"not a PostgreSQL URL: {parsed.render_as_string()}")
        if not parsed.host:
            raise ValueError("the database URL names no server host")
        query = {k: v if isinstance(v, str) else v[-1] for k, v in parsed.query.items()}
        extra: dict[str, Any] = {k: query[k] for k in ("sslmode", *CERT_FIELDS) if k in query}
        if "connect_timeout" in query:
            extra["connect_timeout"] = int(query["connect_timeout"])
        settings = cls(
            host=parsed.host,
            port=parsed.port or DEFAULT_PORT,
            database=parsed.database or "agent_desk",
            username=parsed.username or "",
            **extra,
        )
        return settings, parsed.password if isinstance(parsed.password, str) else None


def parse_server(text: str) -> tuple[str, int]:
    """``db.example.com:5433`` → ("db.example.com", 5433); ``[::1]:5433``, bare IPv6 too.

    Raises:
        ValueError: No host, or a port that is not a number from 1 to 65535.
    """
    host, port = split_host_port(text)
    return host, DEFAULT_PORT if port is None else port


# -- the remembered password ------------------------------------------------------------------

_keyring_warned = False


def keyring_key(settings: ServerSettings) -> str:
    """The keyring entry name: one password per person, server and database."""
    return f"{settings.username}@{settings.host}:{settings.port}/{settings.database}"


def _keyring_failed(action: str, exc: KeyringError) -> None:
    # Headless desks have no keyring at all: say so once, not on every login.
    global _keyring_warned
    if not _keyring_warned:
        _keyring_warned = True
        log.warning("no system keyring (%s: %s): passwords are not remembered", action, exc)
    else:
        log.debug("keyring %s failed: %s", action, exc)


def keyring_available() -> bool:
    """False when keyring found no usable backend (a headless desk without Secret Service)."""
    try:
        return not isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception:  # a broken keyring configuration is no keyring
        return False


def remember_password(settings: ServerSettings, password: str) -> bool:
    """Keep the password in the OS keyring; False when the keyring refused."""
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_key(settings), password)
    except KeyringError as exc:
        _keyring_failed("save", exc)
        return False
    return True


def recall_password(settings: ServerSettings) -> str | None:
    """The remembered password, or None when none is kept or the keyring is unavailable."""
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_key(settings))
    except KeyringError as exc:
        _keyring_failed("read", exc)
        return None


def forget_password(settings: ServerSettings) -> bool:
    """Remove the remembered password; True also when none was kept."""
    try:
        keyring.delete_password(KEYRING_SERVICE, keyring_key(settings))
    except PasswordDeleteError:
        return True  # nothing was remembered
    except KeyringError as exc:
        _keyring_failed("delete", exc)
        return False
    return True


# -- the check --------------------------------------------------------------------------------


class ConnectionProblem(StrEnum):
    WRONG_PASSWORD = "wrong_password"
    UNKNOWN_USER = "unknown_user"  # no such role, or no active Agent Desk user of that name
    UNREACHABLE = "unreachable"  # refused, timed out, unknown host name
    SSL_PROBLEM = "ssl_problem"
    NO_DATABASE = "no_database"
    SCHEMA_EMPTY = "schema_empty"  # the database was never set up (`agent-desk-admin init`)
    SCHEMA_OLDER = "schema_older"  # the database needs an upgrade
    SCHEMA_NEWER = "schema_newer"  # this app needs an update
    NOT_PERMITTED = "not_permitted"
    OTHER = "other"


@dataclass(frozen=True)
class ConnectionCheck:
    """The answer of :func:`check_connection`: who logged in, or what went wrong.

    ``detail`` is English for the log, never shown as the person's message.
    """

    problem: ConnectionProblem | None
    detail: str
    identity: Identity | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


# Server messages are matched in English and in the server's Chinese translation: a
# Chinese team's server may run with lc_messages=zh_CN, and failed logins carry no
# SQLSTATE through libpq. Order matters: the first match wins.
_P = ConnectionProblem
_MESSAGE_RULES = [
    (problem, re.compile(pattern, re.IGNORECASE))
    for problem, pattern in [
        (_P.NOT_PERMITTED, r"pg_hba\.conf"),
        (_P.WRONG_PASSWORD, r"password authentication failed|的密码认证失败|no password supplied"),
        (_P.UNKNOWN_USER, r'role ".*" does not exist|角色 ".*" 不存在'),
        (_P.NO_DATABASE, r'database ".*" does not exist|数据库 ".*" 不存在'),
        (_P.NOT_PERMITTED, r"not permitted to log in|不允许角色|permission denied|权限不足"),
        (_P.SSL_PROBLEM, r"\bssl|certificate|\bcrl\b"),
        (
            _P.UNREACHABLE,
            r"connection refused|timeout expired|timed out|resolve host|translate host name"
            r"|name or service not known|no route to host|network is unreachable|starting up"
            r"|server closed the connection|connection reset|shutting down|数据库系统正在",
        ),
    ]
]

# 57P03: the server is starting up or shutting down.
_SQLSTATES = {"28P01": _P.WRONG_PASSWORD, "3D000": _P.NO_DATABASE, "42501": _P.NOT_PERMITTED}
_SQLSTATES["57P03"] = _P.UNREACHABLE


def classify_error(
    sqlstate: str | None, message: str, names: tuple[str, ...] = ()
) -> ConnectionProblem:
    """Which problem a driver error means, from its SQLSTATE or else its message.

    ``names`` (host, user, database) are blanked out first, so a server called
    ``ssl.example.com`` does not read as an SSL problem.
    """
    if sqlstate in _SQLSTATES:
        return _SQLSTATES[sqlstate]
    if sqlstate and sqlstate.startswith("08"):  # connection exception class
        return ConnectionProblem.UNREACHABLE
    for name in sorted(filter(None, names), key=len, reverse=True):
        message = message.replace(name, "_")
    for problem, pattern in _MESSAGE_RULES:
        if pattern.search(message):
            return problem
    if sqlstate == "28000":  # invalid authorization, with an unfamiliar message
        return ConnectionProblem.NOT_PERMITTED
    return ConnectionProblem.OTHER


def _failure(settings: ServerSettings, exc: DBAPIError) -> ConnectionCheck:
    orig = exc.orig
    message = " ".join(str(orig if orig is not None else exc).split())
    sqlstate = getattr(orig, "sqlstate", None)
    problem = classify_error(
        sqlstate if isinstance(sqlstate, str) else None,
        message,
        (settings.host, settings.username, settings.database),
    )
    if problem is ConnectionProblem.OTHER and not settings.host.startswith("/"):
        # A message we do not know (a translated client library, say): if the port does
        # not even answer, the server is unreachable whatever the words.
        unreachable = _tcp_problem(settings)
        if unreachable:
            return ConnectionCheck(ConnectionProblem.UNREACHABLE, unreachable)
    return ConnectionCheck(problem, message)


def _tcp_problem(settings: ServerSettings) -> str | None:
    """Why host:port does not accept a TCP connection, or None when it does."""
    try:
        socket.create_connection(
            (settings.host, settings.port), timeout=settings.connect_timeout
        ).close()
    except socket.gaierror as exc:
        return f"cannot resolve host {settings.host!r}: {exc.strerror}"
    except TimeoutError:
        return f"{settings.server} did not answer within {settings.connect_timeout} s"
    except OSError as exc:
        return f"cannot connect to {settings.server}: {exc.strerror or exc}"
    return None


def _missing_files(settings: ServerSettings) -> str | None:
    for name in CERT_FIELDS:
        value = getattr(settings, name)
        if value and not Path(value).expanduser().is_file():
            return f"{name} file {value} does not exist"
    return None


def check_connection(settings: ServerSettings, password: str | None) -> ConnectionCheck:
    """Log in, check the schema matches this app, find the person. Blocks on the network.

    Never raises for a failed login; even a bug here comes back as ``OTHER`` (and is logged).
    """
    result = _check(settings, password)
    if result.ok:
        log.info("logged in to %s: %s", settings.describe(), result.detail)
    else:
        log.warning(
            "login to %s failed (%s): %s", settings.describe(), result.problem, result.detail
        )
    return result


def _check(settings: ServerSettings, password: str | None) -> ConnectionCheck:
    if not settings.host.strip():
        return ConnectionCheck(ConnectionProblem.UNREACHABLE, "no server host given")
    if not settings.username.strip():
        return ConnectionCheck(ConnectionProblem.UNKNOWN_USER, "no user name given")
    missing = _missing_files(settings)
    if missing:
        return ConnectionCheck(ConnectionProblem.SSL_PROBLEM, missing)
    try:
        # One connection, used in turn by the checks, then closed.
        engine = make_engine(settings.url(password), pool_size=1, max_overflow=0)
    except Exception as exc:  # a URL the driver cannot take
        log.exception("cannot build an engine for %s", settings.describe())
        return ConnectionCheck(ConnectionProblem.OTHER, f"bad connection settings: {exc}")
    try:
        return _check_with(engine, settings)
    except DBAPIError as exc:
        return _failure(settings, exc)
    except Exception as exc:  # never let a surprise escape into the UI as a crash
        log.exception("unexpected error while checking %s", settings.describe())
        return ConnectionCheck(ConnectionProblem.OTHER, f"{type(exc).__name__}: {exc}")
    finally:
        engine.dispose()


def _check_with(engine: Engine, settings: ServerSettings) -> ConnectionCheck:
    schema = check_schema(engine)
    if schema.state is not SchemaState.CURRENT:
        return ConnectionCheck(
            ConnectionProblem(f"schema_{schema.state.value}"),
            f"database schema is {schema.state} (database at {schema.database_revision}, "
            f"app at {schema.app_revision})",
        )
    with engine.connect() as conn:
        try:
            identity = identify(conn, settings.username)
        except UnknownUserError:
            return ConnectionCheck(
                ConnectionProblem.UNKNOWN_USER,
                f"no active Agent Desk user named {settings.username!r} in the database",
            )
    team = identity.team_name or "no team"
    return ConnectionCheck(None, f"{identity.username} is a {identity.role} ({team})", identity)
