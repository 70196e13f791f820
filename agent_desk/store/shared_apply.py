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

Speed (``bench/bench_push.py``): a desk back online pushes its backlog fact by fact, so
each fact's statements are built once (per fact kind and set of columns) and reused, and
on PostgreSQL a fact and its consequence travel as one statement: a ``WITH ins AS
(INSERT … RETURNING id)`` whose other part (counting the attempt, reading the lead to
route, closing earlier callbacks) acts only if ``ins`` holds the row. SQLite has no
INSERT in WITH: there the same steps are separate statements in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Table,
    bindparam,
    case,
    exists,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from agent_desk.domain.call_state import CallDirection
from agent_desk.store import schema
from agent_desk.store.desk_feed import release_on_postgres
from agent_desk.store.facts import META, FactKind, fact_tables, from_payload

LEASE_LOST = "lease_lost"

_leads = schema.table(schema.Lead)
_campaigns = schema.table(schema.Campaign)
_callbacks = schema.table(schema.Callback)
_calls = schema.table(schema.CallRecord)
_wrapups = schema.table(schema.Wrapup)

# Built statements by (dialect, purpose, columns); SQLAlchemy caches their compiled SQL.
_built: dict[tuple[Any, ...], Any] = {}


@dataclass(frozen=True)
class Pusher:
    """Who pushes: the facts must be theirs (the database enforces it on PostgreSQL)."""

    user_id: int
    team_id: int | None
    desk_id: str


def _statement(key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    found = _built.get(key)
    if found is None:
        found = _built[key] = build()
    return found


def _params(values: dict[str, Any]) -> dict[str, Any]:
    """Column values as the built statements' parameters (``p_<column>``)."""
    return {f"p_{key}": value for key, value in values.items()}


def _insert(dialect: str, table: Table, keys: Iterable[str], **computed: Any) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` of these columns from ``p_<column>`` parameters."""
    dml = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values: dict[str, Any] = {k: bindparam(f"p_{k}", type_=table.c[k].type) for k in keys}
    return dml(table).values({**values, **computed}).on_conflict_do_nothing()


def _pk(table: Table) -> Any:
    return next(iter(table.primary_key.columns))


def insert_ignore(conn: Connection, table: Table, values: dict[str, Any]) -> bool:
    """Insert a row unless its key exists. Returns whether a row was inserted."""
    dialect = conn.dialect.name
    statement = _statement(
        (dialect, "insert", table.name, tuple(values)),
        # RETURNING, not rowcount: psycopg reports -1 for INSERT … ON CONFLICT DO NOTHING.
        lambda: _insert(dialect, table, values).returning(_pk(table)),
    )
    return conn.execute(statement, _params(values)).first() is not None


def _insert_then(
    conn: Connection,
    table: Table,
    values: dict[str, Any],
    then: tuple[str, Callable[[Any], Any]],
    extra: dict[str, Any],
    flag: bool = False,
) -> Any:
    """Insert a row and, only if it was inserted, run a consequence: one statement.

    ``then`` names the consequence and builds the whole statement from the ``ins`` CTE
    (the inserted id): a SELECT, with any UPDATE as a further CTE that acts only if
    ``ins`` holds a row. ``flag`` computes a call's lease flag in the INSERT. Returns the
    SELECT's row, None when the row was there already.
    """
    dialect = conn.dialect.name
    name, build = then

    def whole() -> Any:
        computed = {"flag": _lease_flag()} if flag else {}
        inserted = _insert(dialect, table, values, **computed).returning(_pk(table)).cte("ins")
        return build(inserted)

    statement = _statement((dialect, name, tuple(values), flag), whole)
    return conn.execute(statement, {**_params(values), **extra}).first()


def apply_fact(
    conn: Connection, kind: FactKind, payload: dict[str, Any], pusher: Pusher, now: datetime
) -> bool:
    """Store one fact and its consequences. Returns False when it was already there."""
    if kind is FactKind.CALLBACK_CLOSED:
        return _close_callback(conn, payload, now)
    table = fact_tables()[kind]
    values = from_payload(table, payload)
    if "user_id" in table.c:
        values["user_id"] = pusher.user_id
    if "received_at" in table.c:
        values["received_at"] = now
    if kind is FactKind.CALL:
        return _apply_call(conn, values, pusher)
    if kind is FactKind.WRAPUP and values.get("lead_id") and not values.get("amends_id"):
        return _apply_routed_wrapup(conn, values, payload.get(META, {}), pusher)
    if kind is FactKind.CALLBACK:
        return _apply_callback(conn, values, now)
    if not insert_ignore(conn, table, values):
        return False
    if kind is FactKind.DNC:
        _close_dnc_leads(conn, values["phone_e164"], pusher)
    return True


# -- calls ------------------------------------------------------------------------------


def _lease_flag() -> Any:
    """``lease_lost`` unless the pushing desk still holds the call's lead."""
    held = exists().where(
        _leads.c.id == bindparam("p_lead_id"),
        _leads.c.lease_user_id == bindparam("f_user"),
        _leads.c.lease_desk == bindparam("f_desk"),
    )
    return case((held, None), else_=literal(LEASE_LOST))


def _count_attempt(inserted: Any = None) -> Any:
    """One more attempt on the call's lead (only if ``inserted`` holds the call)."""
    statement = update(_leads).where(_leads.c.id == bindparam("p_lead_id"))
    if inserted is not None:
        statement = statement.where(exists(select(inserted.c.id)))
    return statement.values(
        attempts=_leads.c.attempts + 1,
        last_attempt_at=bindparam("p_started_at", type_=_calls.c.started_at.type),
    )


def _apply_call(conn: Connection, call: dict[str, Any], pusher: Pusher) -> bool:
    """Flag a record whose desk no longer held the lead's lease when it arrived, store
    it, and count the attempt on the lead (not for training calls, nor for inbound calls,
    which are not attempts: ``CallDirection``)."""
    dial = CallDirection.of(call.get("direction")).is_dial
    check = bool(call.get("lead_id")) and dial
    count = bool(call.get("lead_id")) and not call.get("training") and dial
    call.pop("flag", None)
    if not check:
        call["flag"] = None
    extra = {"f_user": pusher.user_id, "f_desk": pusher.desk_id} if check else {}
    dialect = conn.dialect.name
    if count and dialect == "postgresql":

        def counted(inserted: Any) -> Any:
            return select(inserted.c.id).add_cte(_count_attempt(inserted).cte("counted"))

        then = ("call_counted", counted)
        return _insert_then(conn, _calls, call, then, extra, flag=check) is not None

    def build() -> Any:
        computed = {"flag": _lease_flag()} if check else {}
        return _insert(dialect, _calls, call, **computed).returning(_calls.c.id)

    statement = _statement((dialect, "call", tuple(call), check), build)
    if conn.execute(statement, {**_params(call), **extra}).first() is None:
        return False
    if count:
        conn.execute(
            _statement((dialect, "count_attempt"), _count_attempt),
            {"p_lead_id": call["lead_id"], "p_started_at": call["started_at"]},
        )
    return True


# -- wrap-ups: route the lead -----------------------------------------------------------

_LEAD_STATE = (
    _leads.c.attempts,
    _leads.c.status,
    _leads.c.lease_user_id,
    _leads.c.assigned_user_id,
    _campaigns.c.max_attempts,
    _campaigns.c.min_gap_minutes,
)


def _lead_state(inserted: Any = None) -> Any:
    """The routed lead's state; with ``inserted``, one row only if the wrap-up was new."""
    lead = _leads.join(_campaigns, _campaigns.c.id == _leads.c.campaign_id)
    if inserted is None:
        return select(*_LEAD_STATE).select_from(lead).where(_leads.c.id == bindparam("p_lead_id"))
    on = _leads.c.id == bindparam("p_lead_id")
    return select(inserted.c.id, *_LEAD_STATE).select_from(inserted.outerjoin(lead, on))


def _apply_routed_wrapup(
    conn: Connection, wrapup: dict[str, Any], meta: dict[str, Any], pusher: Pusher
) -> bool:
    dialect = conn.dialect.name
    if dialect == "postgresql":
        lead = _insert_then(conn, _wrapups, wrapup, ("wrapup_lead", _lead_state), {})
        if lead is None:
            return False
        if lead.status is None:  # the lead is gone from this rep's sight
            return True
    else:
        if not insert_ignore(conn, _wrapups, wrapup):
            return False
        lead = conn.execute(
            _statement((dialect, "lead_state"), _lead_state), {"p_lead_id": wrapup["lead_id"]}
        ).first()
        if lead is None:
            return True
    _route_lead(conn, wrapup, meta, pusher, lead)
    return True


def _route_lead(
    conn: Connection, wrapup: dict[str, Any], meta: dict[str, Any], pusher: Pusher, lead: Any
) -> None:
    """Decide where the lead goes next from the outcome the rep saved."""
    flags = set(meta.get("outcome_flags", ()))
    changes: dict[str, Any] = {}
    release = lead.lease_user_id == pusher.user_id
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
    elif not CallDirection.of(meta.get("direction")).is_dial:
        pass  # not an attempt: the lead keeps its status and its next attempt (the gap)
    elif lead.attempts >= lead.max_attempts:
        changes["status"] = "exhausted"
    else:
        gap = timedelta(minutes=lead.min_gap_minutes)
        changes.update(status="active", next_attempt_at=wrapup["contact_time"] + gap)
    assigned = changes.get("assigned_user_id", lead.assigned_user_id)
    # Under row security a rep may clear a lease only while the lead stays theirs to see
    # (assigned to them); otherwise the lead is routed first, then handed back.
    by_function = release and conn.dialect.name == "postgresql" and assigned != pusher.user_id
    if release and not by_function:
        changes.update(lease_user_id=None, lease_desk=None, lease_expires_at=None)
    if changes:
        _update_lead(conn, wrapup["lead_id"], changes)
    if by_function:
        release_on_postgres(conn, pusher.user_id, None, [wrapup["lead_id"]])


def _update_lead(conn: Connection, lead_id: uuid.UUID, changes: dict[str, Any]) -> None:
    def build() -> Any:
        values = {k: bindparam(f"p_{k}", type_=_leads.c[k].type) for k in changes}
        return update(_leads).where(_leads.c.id == bindparam("lead")).values(values)

    statement = _statement((conn.dialect.name, "route", tuple(changes)), build)
    conn.execute(statement, {**_params(changes), "lead": lead_id})


# -- callbacks and the do-not-call list -------------------------------------------------


def _supersede(inserted: Any = None) -> Any:
    """A new callback replaces the lead's earlier open ones."""
    statement = update(_callbacks).where(
        _callbacks.c.lead_id == bindparam("p_lead_id"),
        _callbacks.c.status == "open",
        _callbacks.c.id != bindparam("p_id"),
    )
    if inserted is not None:
        statement = statement.where(exists(select(inserted.c.id)))
    return statement.values(status="done", closed_at=bindparam("superseded_at"))


def _apply_callback(conn: Connection, callback: dict[str, Any], now: datetime) -> bool:
    dialect = conn.dialect.name
    if dialect == "postgresql":

        def superseding(inserted: Any) -> Any:
            return select(inserted.c.id).add_cte(_supersede(inserted).cte("superseded"))

        then = ("callback_superseding", superseding)
        return _insert_then(conn, _callbacks, callback, then, {"superseded_at": now}) is not None
    if not insert_ignore(conn, _callbacks, callback):
        return False
    conn.execute(
        _statement((dialect, "supersede"), _supersede),
        {"p_lead_id": callback["lead_id"], "p_id": callback["id"], "superseded_at": now},
    )
    return True


_CLOSE_DNC_SQL = text("SELECT public.agent_desk_close_dnc_leads(:phone, :user)")


def _close_dnc_leads(conn: Connection, phone: str, pusher: Pusher) -> None:
    """A listed number closes every lead with it, whoever holds the lead."""
    if conn.dialect.name == "postgresql":
        conn.execute(_CLOSE_DNC_SQL, {"phone": phone, "user": pusher.user_id})
        return
    conn.execute(
        update(_leads)
        .where(_leads.c.phone_e164 == phone)
        .values(status="dnc", lease_user_id=None, lease_desk=None, lease_expires_at=None)
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
