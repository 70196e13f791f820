"""Assertions that PostgreSQL itself refuses a statement, and how."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

DENIED = "permission denied"  # no grant: the statement never runs
VIOLATES = "violates row-level security policy"  # a row the policies do not allow


def refused(
    engine: Engine, sql: str, params: dict[str, Any] | None = None, why: str = DENIED
) -> str:
    """Run `sql` in a transaction that is rolled back; it must fail with `why`."""
    with engine.connect() as conn:
        with pytest.raises(DBAPIError) as caught:
            conn.execute(text(sql), params or {})
        conn.rollback()
    orig = caught.value.orig
    assert isinstance(orig, psycopg.errors.InsufficientPrivilege), f"{sql}: {orig!r}"
    message = str(orig)
    assert why in message, f"{sql}: {message}"
    return message


def rows(engine: Engine, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(text(sql), params or {}).all())


def changed(engine: Engine, sql: str, params: dict[str, Any] | None = None) -> int:
    """Rows a write touched; the transaction is rolled back either way."""
    with engine.connect() as conn:
        count = conn.execute(text(sql), params or {}).rowcount
        conn.rollback()
    return count
