"""Fixtures shared by every layer's tests: databases, keyring, Qt platform."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import Engine, text

from agent_desk.store.engine import make_engine, normalize_url
from agent_desk.store.migrate import upgrade_to_head

PG_ADMIN_URL = os.environ.get("AGENT_DESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring, so no test touches (or needs) the desk's real one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _postgres_reachable() -> str | None:
    """None when the test server answers, else why not."""
    try:
        engine = make_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure means "no server for these tests"
        return f"PostgreSQL at {PG_ADMIN_URL} does not answer: {exc}"


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The admin URL of the test PostgreSQL server.

    Locally a missing server skips PostgreSQL tests; under CI (``CI`` set) it fails them,
    because a green run without PostgreSQL would prove nothing.
    """
    problem = _postgres_reachable()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    return PG_ADMIN_URL


def create_pg_database(admin_url: str) -> str:
    """Create a throwaway database on the test server and return its URL."""
    name = f"agent_desk_t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return normalize_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(admin_url: str, url: str) -> None:
    name = normalize_url(url).database
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def empty_shared_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL: SQLite, or PostgreSQL when parametrized with "postgres"."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return
    admin_url = request.getfixturevalue("pg_server")
    url = create_pg_database(admin_url)
    try:
        yield url
    finally:
        drop_pg_database(admin_url, url)


@pytest.fixture
def shared_engine(empty_shared_url: str) -> Iterator[Engine]:
    """The shared schema at head on a fresh database."""
    engine = make_engine(empty_shared_url)
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


_BOTH_BACKEND_LAYERS = ("store", "sync", "desk")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Store and sync tests that use a shared database run on SQLite and PostgreSQL."""
    if "empty_shared_url" not in metafunc.fixturenames:
        return
    if any(
        m.name == "parametrize" and "empty_shared_url" in m.args[0]
        for m in metafunc.definition.iter_markers()
    ):
        return
    layer = Path(str(metafunc.definition.path)).parent.name
    if layer in _BOTH_BACKEND_LAYERS:
        metafunc.parametrize(
            "empty_shared_url",
            ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
            indirect=True,
        )
