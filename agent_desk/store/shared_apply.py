"""Apply a desk's fact to the shared database, exactly once however often it is pushed.

Each fact is inserted with ``ON CONFLICT DO NOTHING`` on its desk-made UUID; the lead's
routing (attempts, status, next attempt, lease) changes only when the insert really
happened, in the same transaction, so a retried push never counts an attempt twice.

On PostgreSQL the pusher's own login runs this under row security: the facts must be
theirs, and only leads they hold change. Two changes take a lead out of the rep's sight,
which a plain UPDATE there may not do: handing its lease back and closing every lead of
a number put on the do-not-call list; those call the database's functions. A record
pushed after its lease was lost is stored and flagged, but under row security it no
longer moves the lead, which its new holder now works.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from agent_desk.store import schema
from agent_desk.store.desk_feed import release_on_postgres
from agent_desk.store.facts import FACT_TABLES, META, FactKind, from_payload

LEASE_LOST = "lease_lost"

_leads = schema.table(schema.Lead)
_campaigns = schema.table(schema.Campaign)
_callbacks = schema.table(schema.Callback)
_users = schema.table(schema.User)


@dataclass(frozen=True)
class Pusher:
    """Who pushes: the facts must be theirs (the database enforces it on PostgreSQL)."""

    user_id: int
    team_id: int | None
    desk_id: str


def insert_ignore(conn: Connection, table: Table, values: dict[str, Any]) -> bool:
    """Insert a row unless its key exists. Returns whether a row was inserted."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    key = next(iter(table.primary_key.columns))
    # RETURNING, not rowcount: psycopg reports -1 for INSERT … ON CONFLICT DO NOTHING.
    statement = dialect.insert(table).values(**values).on_conflict_do_nothing().returning(key)
    return conn.execute(statement).first() is not None


def apply_fact(
    conn: Connection, kind: FactKind, payload: dict[str, Any], pusher: Pusher, now: datetime
) -> bool:
    """Store one fact and its consequences. Returns False when it was already there."""
    if kind is FactKind.CALLBACK_CLOSED:
        return _close_callback(conn, payload, now)
    table = FACT_TABLES[kind]
    values = from_payload(table, payload)
    if "user_id" in table.c:
        values["user_id"] = pusher.user_id
    if "received_at" in table.c:
        values["received_at"] = now
    if kind is FactKind.CALL:
        values["flag"] = _lease_flag(conn, values, pusher)
    inserted = insert_ignore(conn, table, values)
    if not inserted:
        return False
    if kind is FactKind.CALL and values.get("lead_id") and not values.get("training"):
        _count_attempt(conn, values)
    elif kind is FactKind.WRAPUP and values.get("lead_id") and not values.get("amends_id"):
        _route_lead(conn, values, payload.get(META, {}), pusher)
    elif kind is FactKind.CALLBACK:
        _supersede_callbacks(conn, values, now)
    elif kind is FactKind.DNC and conn.dialect.name == "postgresql":
        conn.execute(
            text("SELECT public.agent_desk_close_dnc_leads(:phone, :user)"),
            {"phone": values["phone_e164"], "user": pusher.user_id},
        )
    elif kind is FactKind.DNC:
        conn.execute(
            update(_leads)
            .where(_leads.c.phone_e164 == values["phone_e164"])
            .values(status="dnc", lease_user_id=None, lease_desk=None, lease_expires_at=None)
        )
    return True


def _lease_flag(conn: Connection, call: dict[str, Any], pusher: Pusher) -> str | None:
    """Flag a record whose desk no longer held the lead's lease when it arrived."""
    if not call.get("lead_id") or call.get("direction") == "in":
        return None
    row = conn.execute(
        select(_leads.c.lease_user_id, _leads.c.lease_desk).where(_leads.c.id == call["lead_id"])
    ).first()
    if row is None:
        return LEASE_LOST
    if row.lease_user_id == pusher.user_id and row.lease_desk == pusher.desk_id:
        return None
    return LEASE_LOST


def _count_attempt(conn: Connection, call: dict[str, Any]) -> None:
    conn.execute(
        update(_leads)
        .where(_leads.c.id == call["lead_id"])
        .values(attempts=_leads.c.attempts + 1, last_attempt_at=call["started_at"])
    )


def _route_lead(
    conn: Connection, wrapup: dict[str, Any], meta: dict[str, Any], pusher: Pusher
) -> None:
    """Decide where the lead goes next from the outcome the rep saved."""
    lead = conn.execute(
        select(
            _leads.c.attempts,
            _leads.c.status,
            _leads.c.lease_user_id,
            _campaigns.c.max_attempts,
            _campaigns.c.min_gap_minutes,
        )
        .join(_campaigns, _campaigns.c.id == _leads.c.campaign_id)
        .where(_leads.c.id == wrapup["lead_id"])
    ).first()
    if lead is None:
        return
    flags = set(meta.get("outcome_flags", ()))
    changes: dict[str, Any] = {}
    if lead.lease_user_id == pusher.user_id:
        changes.update(lease_user_id=None, lease_desk=None, lease_expires_at=None)
    if lead.status == "dnc" or "dnc" in flags:
        changes["status"] = "dnc"
    elif "callback" in flags and wrapup.get("followup_at"):
        changes.update(status="callback", next_attempt_at=wrapup["followup_at"])
        if meta.get("callback_for_team") and pusher.team_id is not None:
            changes.update(assigned_user_id=None, pool_team_id=pusher.team_id)
        else:
            changes["assigned_user_id"] = pusher.user_id
    elif "final" in flags:
        changes["status"] = "done"
    elif lead.attempts >= lead.max_attempts:
        changes["status"] = "exhausted"
    else:
        gap = timedelta(minutes=lead.min_gap_minutes)
        changes.update(status="active", next_attempt_at=wrapup["contact_time"] + gap)
    if conn.dialect.name == "postgresql" and "lease_user_id" in changes:
        # Route while the lead is still the rep's to see, then hand the lease back.
        for column in ("lease_user_id", "lease_desk", "lease_expires_at"):
            del changes[column]
        conn.execute(update(_leads).where(_leads.c.id == wrapup["lead_id"]).values(**changes))
        release_on_postgres(conn, pusher.user_id, None, [wrapup["lead_id"]])
        return
    conn.execute(update(_leads).where(_leads.c.id == wrapup["lead_id"]).values(**changes))


def _supersede_callbacks(conn: Connection, callback: dict[str, Any], now: datetime) -> None:
    """A new callback replaces the lead's earlier open ones."""
    conn.execute(
        update(_callbacks)
        .where(
            _callbacks.c.lead_id == callback["lead_id"],
            _callbacks.c.status == "open",
            _callbacks.c.id != callback["id"],
        )
        .values(status="done", closed_at=now)
    )


def _close_callback(conn: Connection, payload: dict[str, Any], now: datetime) -> bool:
    result = conn.execute(
        update(_callbacks)
        .where(_callbacks.c.id == uuid.UUID(payload["id"]), _callbacks.c.status == "open")
        .values(
            status=payload.get("status", "done"),
            closed_at=now,
            closed_by_call_id=uuid.UUID(payload["call_id"]) if payload.get("call_id") else None,
        )
    )
    return result.rowcount == 1
