"""What every admin command stands on: the program name, its error and the checked database.

A command opens the shared database with `open_engine` (which refuses a database whose
schema is not this app's) and does its writes in one transaction with `run_unit`, so a
mistake leaves nothing half-written.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from agent_desk.paths import default_shared_db_url
from agent_desk.store.engine import make_engine
from agent_desk.store.schema_version import SchemaState, check_schema

PROG = "agent-desk-admin"


class CliError(Exception):
    """A mistake in the command line or its environment, shown as one line."""


def db_url(args: argparse.Namespace) -> str:
    """``--db``, else ``$AGENT_DESK_DB``, else the embedded SQLite file."""
    url = args.db or os.environ.get("AGENT_DESK_DB")
    if not url:
        url = default_shared_db_url()
    return str(url)


def one_line(exc: DBAPIError) -> str:
    """The driver's message without SQLAlchemy's SQL echo, on one line."""
    return " ".join(str(exc.orig).split())


def shown_url(url: str) -> str:
    """The database URL as it may be printed: without its password."""
    return make_url(url).render_as_string(hide_password=True)


def open_engine(args: argparse.Namespace, *, need_head: bool = True) -> Engine:
    """The shared database engine, checked to be at this app's schema revision."""
    url = db_url(args)
    try:
        parsed = make_url(url)
        path = parsed.database
        on_disk = parsed.get_backend_name() == "sqlite" and path and path != ":memory:"
        if need_head and on_disk and not Path(str(path)).exists():
            raise CliError(f"no database at {path}: run {PROG} init (or {PROG} demo)")
        engine = make_engine(parsed)
    except (ArgumentError, ImportError) as exc:
        raise CliError(f"cannot use the database URL: {exc}") from exc
    if need_head:
        try:
            state = check_schema(engine).state
        except DBAPIError as exc:
            engine.dispose()
            raise CliError(f"cannot open the database {shown_url(url)}: {one_line(exc)}") from exc
        if state is SchemaState.NEWER:
            engine.dispose()
            raise CliError("the database is newer than this agent-desk-admin: update the app")
        if state is not SchemaState.CURRENT:
            engine.dispose()
            what = "not initialised" if state is SchemaState.EMPTY else "out of date"
            raise CliError(f"the database schema is {what}: run {PROG} init")
    return engine


def run_unit(args: argparse.Namespace, work: Callable[[Session], Any]) -> Any:
    """Run `work` in one transaction on the checked database."""
    engine = open_engine(args)
    try:
        with Session(engine) as session, session.begin():
            return work(session)
    finally:
        engine.dispose()
