"""Facts a desk creates, as they travel in its outbox to the shared database.

A fact is a row of a shared table (call record, wrap-up, callback, …) made on the desk
with a desk-made UUID. In the outbox it is a JSON payload; these helpers turn column
values into payloads and back using the shared table's own column types, so a new
column needs no new code here.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Table


class FactKind(StrEnum):
    CALL = "call"
    WRAPUP = "wrapup"
    CALLBACK = "callback"
    CALLBACK_CLOSED = "callback_closed"
    DNC = "dnc"
    COMPLAINT = "complaint"
    SHIFT = "shift"


@cache
def fact_tables() -> dict[FactKind, Table]:
    """The shared table each kind of fact is a row of.

    Loaded on first use (the sync thread's): the desk's window needs ``FactKind`` at start,
    not the shared schema behind these tables.
    """
    from agent_desk.store import schema

    return {
        FactKind.CALL: schema.table(schema.CallRecord),
        FactKind.WRAPUP: schema.table(schema.Wrapup),
        FactKind.CALLBACK: schema.table(schema.Callback),
        FactKind.DNC: schema.table(schema.DncNumber),
        FactKind.COMPLAINT: schema.table(schema.Complaint),
        FactKind.SHIFT: schema.table(schema.ShiftSummary),
    }


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def to_payload(values: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe copy of column values (datetimes as ISO text, UUIDs as text)."""
    return {key: _encode(value) for key, value in values.items()}


META = "_meta"
"""Payload key for facts about the fact that are not columns (e.g. the outcome's flags)."""


def from_payload(table: Table, payload: dict[str, Any]) -> dict[str, Any]:
    """Column values for ``table`` from a payload; keys the table lacks are an error."""
    values: dict[str, Any] = {}
    for key, raw in payload.items():
        if key == META:
            continue
        if key not in table.c:
            raise KeyError(f"{table.name} has no column {key!r}")
        values[key] = _decode(table, key, raw)
    return values


def _decode(table: Table, key: str, raw: Any) -> Any:
    if raw is None:
        return None
    try:
        python_type = table.c[key].type.python_type
    except NotImplementedError:  # JSON and friends hold plain values already
        return raw
    if python_type is datetime:
        return datetime.fromisoformat(raw)
    if python_type is uuid.UUID:
        return uuid.UUID(raw)
    return raw
