"""What a desk reads from the shared database: who I am, my leases, and the team's rules.

Leads are leased, never simply read: a claim marks a few callable leads with this desk
and an expiry, inside one transaction that locks them (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so two desks never hold the same lead.

On PostgreSQL a rep reads only leads assigned to or leased by them (row security, see
`agent_desk.store.security`); the claim, a campaign's time zones and handing leases back
need more, so they call the database's functions, which keep the Core queries' rules.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Interval,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from agent_desk.domain.calling_policy import CallingPolicy
from agent_desk.domain.calling_windows import check
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.domain.outcomes import OutcomeSet
from agent_desk.store import schema
from agent_desk.store.identity import Identity as Identity
from agent_desk.store.identity import UnknownUserError as UnknownUserError
from agent_desk.store.identity import identify as identify
from agent_desk.store.schema import CALLABLE_STATUSES
from agent_desk.store.types import UtcDateTime

_leads = schema.table(schema.Lead)
_dnc = schema.table(schema.DncNumber)

LEAD_COLUMNS = (
    _leads.c.id,
    _leads.c.campaign_id,
    _leads.c.phone_e164,
    _leads.c.name,
    _leads.c.company,
    _leads.c.extra,
    _leads.c.timezone,
    _leads.c.priority,
    _leads.c.status,
    _leads.c.attempts,
    _leads.c.next_attempt_at,
    _leads.c.last_attempt_at,
    _leads.c.lease_expires_at,
)


def campaigns(conn: Connection) -> list[CampaignConfig]:
    """Every active campaign with its outcomes and newest talk-track."""
    c, o, s = (
        schema.table(schema.Campaign),
        schema.table(schema.Outcome),
        schema.table(schema.Script),
    )
    outcome_rows: dict[int, list[dict[str, Any]]] = {}
    for row in conn.execute(select(o).order_by(o.c.campaign_id, o.c.sort_order, o.c.id)):
        flags = [
            f
            for f in ("contact", "sale", "callback", "dnc", "complaint", "final")
            if getattr(row, f"is_{f}")
        ]
        outcome_rows.setdefault(row.campaign_id, []).append(
            {
                "code": row.code,
                "en": row.label_en,
                "zh": row.label_zh,
                "hotkey": row.hotkey,
                "flags": flags,
            }
        )
    newest = (
        select(s.c.campaign_id, func.max(s.c.version).label("version"))
        .group_by(s.c.campaign_id)
        .subquery()
    )
    scripts = {
        row.campaign_id: (row.version, row.body)
        for row in conn.execute(
            select(s.c.campaign_id, s.c.version, s.c.body).join(
                newest,
                and_(newest.c.campaign_id == s.c.campaign_id, newest.c.version == s.c.version),
            )
        )
    }
    result = []
    for row in conn.execute(select(c).where(c.c.active.is_(True)).order_by(c.c.id)):
        version, body = scripts.get(row.id, (0, ""))
        result.append(
            CampaignConfig(
                id=row.id,
                code=row.code,
                name=row.name,
                language=row.language,
                company_name=row.company_name,
                purpose=row.purpose,
                default_region=row.default_region,
                fallback_timezone=row.fallback_timezone,
                policy=CallingPolicy.from_config(row.calling_policy),
                outcomes=OutcomeSet.from_config(outcome_rows.get(row.id, [])),
                soft_call_limit_s=row.soft_call_limit_s,
                max_attempts=row.max_attempts,
                min_gap_minutes=row.min_gap_minutes,
                cs_transfer_number=row.cs_transfer_number,
                script_markdown=body,
                script_version=version,
            )
        )
    return result


def campaign_zones(conn: Connection, campaign_id: int) -> list[str]:
    """The customers' time zones present in a campaign (few: one per region/area)."""
    if conn.dialect.name == "postgresql":
        zones = conn.execute(
            text("SELECT zone FROM public.agent_desk_campaign_zones(:c) AS zone"),
            {"c": campaign_id},
        )
        return [row.zone for row in zones]
    rows = conn.execute(
        select(_leads.c.timezone).where(_leads.c.campaign_id == campaign_id).distinct()
    )
    return [row.timezone for row in rows]


def callable_zones(campaign: CampaignConfig, zones: Iterable[str], now: datetime) -> list[str]:
    """Zones whose customers may be called now: the calling window, checked per zone."""
    allowed = []
    for zone in zones:
        try:
            if check(campaign.policy, now, zone).allowed:
                allowed.append(zone)
        except ValueError:  # an unknown zone string: never call blind
            continue
    return allowed


# Literal, not bound: SQLite uses a partial index only when the query repeats its WHERE.
_CALLABLE = text(schema.CALLABLE_SQL)
# The claim's serving order; each claim index holds it behind its equality columns.
_SERVING_ORDER = (_leads.c.serve_group, _leads.c.priority, _leads.c.available_at, _leads.c.id)


def serving_key(row: Any) -> tuple[Any, ...]:
    """A candidate's place in the serving order (``_SERVING_ORDER`` in Python)."""
    return (row.serve_group, row.priority, row.available_at, row.id)


def _sources(me: Identity) -> list[tuple[Any, tuple[Any, ...]]]:
    """The claim index ranges a rep may claim from: (condition, leading sort columns).

    A pool range also sorts by pool_team_id: constant there, but PostgreSQL does not see
    ``IS NULL`` as fixing a column and would sort the range instead of reading it in order.
    """
    pool = _leads.c.assigned_user_id.is_(None)
    sources: list[tuple[Any, tuple[Any, ...]]] = [(_leads.c.assigned_user_id == me.user_id, ())]
    if me.team_id is not None:
        team = and_(pool, _leads.c.pool_team_id == me.team_id)
        sources.append((team, (_leads.c.pool_team_id,)))
    sources.append((and_(pool, _leads.c.pool_team_id.is_(None)), (_leads.c.pool_team_id,)))
    return sources


def _candidates(
    source: Any,
    leading: tuple[Any, ...],
    campaign: CampaignConfig,
    zones: Sequence[str],
    cutoff: Any,
    count: int,
) -> Any:
    """Up to ``count`` claimable leads of one range, best first."""
    return (
        select(_leads.c.id, _leads.c.serve_group, _leads.c.priority, _leads.c.available_at)
        .where(
            source,
            _leads.c.campaign_id == campaign.id,
            _CALLABLE,
            _leads.c.available_at <= cutoff,
            _leads.c.attempts < campaign.max_attempts,
            _leads.c.timezone.in_(zones),
            ~exists().where(_dnc.c.phone_e164 == _leads.c.phone_e164),
        )
        .order_by(*leading, *_SERVING_ORDER)
        .limit(count)
    )


_CLAIM_SQL = text(
    "SELECT {columns} FROM public.agent_desk_claim_leads(:desk, :campaign, :zones, :count,"
    " :now, :lease, :user) WITH ORDINALITY AS claimed ORDER BY claimed.ordinality".format(
        columns=", ".join(f"claimed.{column.name}" for column in LEAD_COLUMNS)
    )
).columns(*LEAD_COLUMNS)


def claim_leads(
    conn: Connection,
    me: Identity,
    desk_id: str,
    campaign: CampaignConfig,
    zones: Sequence[str],
    count: int,
    now: datetime,
    lease: timedelta,
) -> list[dict[str, Any]]:
    """Lease up to ``count`` callable leads of one campaign to this desk.

    Claimable: callable, available (``available_at`` passed: due, and any lease expired;
    so never a lease this desk holds already, see `renew_leases`), under the campaign's
    attempt limit, in a zone that may be called now, not on the do-not-call list, and
    assigned to me or in my team's or everyone's pool. Served in order: callbacks first,
    then by priority (lower first), by when the lead became available (the oldest first;
    a never-tried lead since its import), then id; the rows come back in that order.

    Call inside a transaction; the leases are taken when it commits. PostgreSQL claims
    through ``agent_desk_claim_leads``, which applies the same conditions and order, and
    takes "now" as the earlier of ``now`` and the server's clock.
    """
    if count <= 0 or not zones:
        return []
    if conn.dialect.name == "postgresql":
        # The function acts for the login's own user; `user` matters only to roles that
        # bypass row security anyway (tools and tests connected as the owner).
        params = {"desk": desk_id, "campaign": campaign.id, "zones": list(zones)}
        params |= {"count": count, "now": now, "lease": lease, "user": me.user_id}
        return [dict(row._mapping) for row in conn.execute(_CLAIM_SQL, params)]
    return claim_with_query(conn, me, desk_id, campaign, zones, count, now, lease)


def claim_with_query(
    conn: Connection,
    me: Identity,
    desk_id: str,
    campaign: CampaignConfig,
    zones: Sequence[str],
    count: int,
    now: datetime,
    lease: timedelta,
) -> list[dict[str, Any]]:
    """`claim_leads` as Core queries: SQLite's claim, the reference for PostgreSQL's.

    Each claim index range gives its best ``count`` candidates; the best ``count`` of all
    of them are leased.
    """
    if count <= 0 or not zones:
        return []
    cutoff: Any = now
    expires: Any = now + lease
    if conn.dialect.name == "postgresql":  # as the function does
        cutoff = func.least(bindparam("now", now, UtcDateTime()), func.now(), type_=UtcDateTime())
        expires = cutoff + bindparam("lease", lease, Interval())
    candidates: list[Any] = []
    for source, leading in _sources(me):
        query = _candidates(source, leading, campaign, zones, cutoff, count)
        if conn.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True, of=_leads)
        candidates += conn.execute(query).all()
    ids = [row.id for row in sorted(candidates, key=serving_key)[:count]]
    if not ids:
        return []
    rows = conn.execute(
        update(_leads)
        .where(_leads.c.id.in_(ids))
        .values(lease_user_id=me.user_id, lease_desk=desk_id, lease_expires_at=expires)
        .returning(*LEAD_COLUMNS)
    )
    claimed = {row.id: dict(row._mapping) for row in rows}
    return [claimed[lead_id] for lead_id in ids]  # RETURNING keeps no order


def renew_leases(
    conn: Connection, me: Identity, desk_id: str, now: datetime, lease: timedelta
) -> list[dict[str, Any]]:
    """Extend every lease this desk holds; returns those leads.

    The desk compares them with its hopper: a lead it thought it held and that is not
    here was lost (the lease expired and another desk took it); one here that it did not
    know of was leased by a claim whose answer never arrived (the connection dropped
    before the COMMIT's reply), which the desk adopts. Claims never return a desk's own
    leases, so this is how such a claim is recovered. A lead whose number was put on the
    do-not-call list is not returned: the desk drops it (its lease then runs out).
    """
    rows = conn.execute(
        update(_leads)
        .where(
            _leads.c.lease_user_id == me.user_id,
            _leads.c.lease_desk == desk_id,
            _leads.c.status.in_(CALLABLE_STATUSES),
            ~exists().where(_dnc.c.phone_e164 == _leads.c.phone_e164),
        )
        .values(lease_expires_at=now + lease)
        .returning(*LEAD_COLUMNS)
    )
    return [dict(row._mapping) for row in rows]


def release_leases(
    conn: Connection, me: Identity, desk_id: str, lead_ids: Sequence[uuid.UUID] | None = None
) -> int:
    """Give leases back to the pool (shift end). None releases all of this desk's."""
    if conn.dialect.name == "postgresql":
        return release_on_postgres(conn, me.user_id, desk_id, lead_ids)
    condition = and_(_leads.c.lease_user_id == me.user_id, _leads.c.lease_desk == desk_id)
    if lead_ids is not None:
        condition = and_(condition, _leads.c.id.in_(lead_ids))
    result = conn.execute(
        update(_leads)
        .where(condition)
        .values(lease_user_id=None, lease_desk=None, lease_expires_at=None)
    )
    return result.rowcount


_RELEASE_SQL = text("SELECT public.agent_desk_release_leases(:desk, :ids, :user)")


def release_on_postgres(
    conn: Connection, user_id: int, desk_id: str | None, lead_ids: Sequence[uuid.UUID] | None
) -> int:
    """``agent_desk_release_leases``: this user's leases (of one desk, or any if None)."""
    released = conn.scalar(
        _RELEASE_SQL,
        {"desk": desk_id, "ids": None if lead_ids is None else list(lead_ids), "user": user_id},
    )
    return int(released or 0)


def lead_by_id(conn: Connection, lead_id: uuid.UUID) -> dict[str, Any] | None:
    row = conn.execute(select(*LEAD_COLUMNS).where(_leads.c.id == lead_id)).first()
    return None if row is None else dict(row._mapping)


def my_leads(conn: Connection, me: Identity, limit: int = 5000) -> list[dict[str, Any]]:
    """Leads assigned to me and not closed: what the rep can search."""
    rows = conn.execute(
        select(*LEAD_COLUMNS)
        .where(_leads.c.assigned_user_id == me.user_id, _leads.c.status.in_(CALLABLE_STATUSES))
        .order_by(_leads.c.priority, _leads.c.id)
        .limit(limit)
    )
    return [dict(row._mapping) for row in rows]


def dnc_since(conn: Connection, since: datetime | None) -> list[dict[str, Any]]:
    query = select(_dnc.c.phone_e164, _dnc.c.reason, _dnc.c.added_at).order_by(_dnc.c.added_at)
    if since is not None:
        query = query.where(_dnc.c.added_at >= since)
    return [dict(row._mapping) for row in conn.execute(query)]


def open_callbacks(conn: Connection, me: Identity) -> list[dict[str, Any]]:
    """Open callbacks I may take: mine, and my team's (owner left open)."""
    cb = schema.table(schema.Callback)
    mine = cb.c.owner_user_id == me.user_id
    team = and_(cb.c.owner_user_id.is_(None), cb.c.team_id == me.team_id)
    # An outer join: a team callback's lead waits in the team pool, which a rep cannot
    # read on PostgreSQL until they claim it; its name and number then stay empty.
    rows = conn.execute(
        select(
            cb.c.id,
            cb.c.lead_id,
            cb.c.owner_user_id,
            cb.c.due_at,
            func.coalesce(_leads.c.name, "").label("name"),
            func.coalesce(_leads.c.phone_e164, "").label("phone_e164"),
        )
        .outerjoin(_leads, _leads.c.id == cb.c.lead_id)
        .where(cb.c.status == "open", or_(mine, team) if me.team_id is not None else mine)
        .order_by(cb.c.due_at)
    )
    return [dict(row._mapping) for row in rows]


def my_history(
    conn: Connection, me: Identity, lead_ids: Sequence[uuid.UUID]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """My call records and wrap-ups on these leads, for the lead card."""
    if not lead_ids:
        return [], []
    calls_t, wraps_t = schema.table(schema.CallRecord), schema.table(schema.Wrapup)
    calls = conn.execute(
        select(calls_t).where(calls_t.c.user_id == me.user_id, calls_t.c.lead_id.in_(lead_ids))
    )
    wraps = conn.execute(
        select(wraps_t).where(wraps_t.c.user_id == me.user_id, wraps_t.c.lead_id.in_(lead_ids))
    )
    return [dict(r._mapping) for r in calls], [dict(r._mapping) for r in wraps]


def month_target(conn: Connection, me: Identity, month: str) -> dict[str, Any] | None:
    t = schema.table(schema.MonthlyTarget)
    row = conn.execute(select(t).where(t.c.user_id == me.user_id, t.c.month == month)).first()
    return None if row is None else dict(row._mapping)


def publish_state(conn: Connection, values: dict[str, Any]) -> None:
    """Upsert this person's live state for the team board."""
    table = schema.table(schema.AgentState)
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(table).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.user_id],
        set_={k: statement.excluded[k] for k in values if k != "user_id"},
    )
    conn.execute(statement)
