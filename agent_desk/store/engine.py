"""Engines for the shared database (SQLite or PostgreSQL) with the settings we rely on."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url


def normalize_url(url: str | URL) -> URL:
    """Pick our drivers: psycopg 3 for PostgreSQL, the stdlib for SQLite."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _tune_sqlite(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets the team view read while a desk writes; FULL sync because a saved
    # wrap-up must survive a power cut; foreign keys are off by default in SQLite.
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


READ_ONLY = "agent_desk_read_only"
"""Execution option: this connection only reads, so its transaction takes no write lock."""


def _begin(conn: Any) -> None:
    # pysqlite's deferred BEGIN would let two desks both read a lead as free and
    # then fail at write time; IMMEDIATE takes the write lock up front. Reads must not
    # queue behind a writer for it, so they begin deferred (WAL gives them a snapshot).
    if conn.get_execution_options().get(READ_ONLY):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """Create an engine for the shared or desk database."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, **kwargs)
        # Take over transaction control from pysqlite so BEGIN IMMEDIATE works.
        event.listen(engine, "connect", _disable_pysqlite_begin)
        event.listen(engine, "connect", _tune_sqlite)
        event.listen(engine, "begin", _begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **kwargs)


def _disable_pysqlite_begin(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None
