"""The team view's records and the lists that need action.

Calls with their wrap-ups (amendments under the original), the end-of-shift summaries
reps confirmed, open complaints, overdue callbacks and records flagged after a lost
lease. Phone numbers leave this module masked. See `agent_desk.store.team_queries`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, exists, or_, select, tuple_

from agent_desk.domain.kpi import Figures
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.phones import mask
from agent_desk.store.team_queries_base import (
    callbacks,
    calls,
    complaints,
    effective_key,
    leads,
    resolve_team,
    shifts,
    team_member_ids,
    user_names,
    users,
    wrapups,
)

MAX_PAGE = 1000
NOT_WRAPPED = ""  # RecordFilter.outcome for calls without any wrap-up yet


@dataclass(frozen=True)
class RecordFilter:
    """Which calls `records` returns, newest first.

    Attributes:
        rep: One rep's user id; None for every member of the team.
        team_id: The team when `rep` is None; None means the caller's own.
        since: Calls started at or after this moment (aware), if given.
        until: Calls started before this moment, if given.
        outcome: Only calls whose effective wrap-up has this outcome code;
            ``NOT_WRAPPED`` ("") for calls without a wrap-up.
        flagged_only: Only records flagged when they arrived (e.g. after a lost lease).
        include_training: Training calls too (marked ``training``).
        limit: Page size, 1 to 1000.
        offset: Rows to skip (paging the first pages).
        before: The next page: calls older than this ``RecordRow.cursor`` (the last row
            of the page shown). Costs the same on page 500 as on page 1, unlike offset.
    """

    rep: int | None = None
    team_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    outcome: str | None = None
    flagged_only: bool = False
    include_training: bool = True
    limit: int = 100
    offset: int = 0
    before: tuple[datetime, uuid.UUID] | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_PAGE:
            raise ValueError(f"limit must be 1 to {MAX_PAGE}, got {self.limit}")
        if self.offset < 0:
            raise ValueError(f"offset cannot be negative, got {self.offset}")
        for name in ("since", "until"):
            moment = getattr(self, name)
            if moment is not None and moment.tzinfo is None:
                raise ValueError(f"{name} must be timezone-aware")
        if self.since is not None and self.until is not None and self.until < self.since:
            raise ValueError("until cannot be before since")
        if self.before is not None and self.before[0].tzinfo is None:
            raise ValueError("before must hold a timezone-aware moment")


@dataclass(frozen=True)
class WrapupRow:
    id: uuid.UUID
    created_at: datetime
    contact_time: datetime
    person: str
    outcome_code: str
    is_contact: bool
    is_sale: bool
    intent: str | None
    amount_cents: int | None
    followup_at: datetime | None
    note: str
    tags: tuple[str, ...]
    complaint_summary: str
    opening_done: bool
    amends_id: uuid.UUID | None
    amend_reason: str
    training: bool
    effective: bool  # the one the figures count
    satisfaction: int | None = None  # the customer's rating, 1-5, if they gave one

    @property
    def amount(self) -> Decimal | None:
        return None if self.amount_cents is None else Decimal(self.amount_cents) / 100


@dataclass(frozen=True)
class RecordRow:
    """A call with its wrap-ups: the original first, then its amendments in order."""

    call_id: uuid.UUID
    user_id: int
    rep_name: str
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime
    talk_seconds: int
    end_reason: str
    direction: str
    phone_masked: str
    lead_id: uuid.UUID | None
    lead_name: str
    campaign_id: int | None
    training: bool
    flag: str | None
    received_at: datetime
    wrapups: tuple[WrapupRow, ...]

    @property
    def effective(self) -> WrapupRow | None:
        return next((w for w in self.wrapups if w.effective), None)

    @property
    def cursor(self) -> tuple[datetime, uuid.UUID]:
        """Where the next page starts (`RecordFilter.before`)."""
        return (self.started_at, self.call_id)


@dataclass(frozen=True)
class ShiftSummaryRow:
    """An end-of-shift summary as the rep confirmed it."""

    id: uuid.UUID
    user_id: int
    rep_name: str
    desk_id: str
    started_at: datetime
    ended_at: datetime
    dials: int
    contacts: int
    talk_seconds: int
    intents: Mapping[str, int] = field(hash=False)
    callbacks_set: int
    sales_count: int
    sales_cents: int
    note: str
    confirmed_at: datetime
    satisfaction_count: int = 0
    satisfaction_sum: int = 0

    @property
    def figures(self) -> Figures:
        return Figures(
            self.dials,
            self.contacts,
            self.talk_seconds,
            {IntentLevel(k): int(v) for k, v in self.intents.items() if k in _LEVELS},
            self.sales_count,
            Decimal(self.sales_cents) / 100,
            self.callbacks_set,
            self.satisfaction_count,
            self.satisfaction_sum,
        )


@dataclass(frozen=True)
class ComplaintRow:
    id: uuid.UUID
    created_at: datetime
    user_id: int
    rep_name: str
    call_id: uuid.UUID
    lead_id: uuid.UUID | None
    lead_name: str
    phone_masked: str
    summary: str
    transferred: bool  # escalated: put through to customer service on the line


@dataclass(frozen=True)
class OverdueCallback:
    id: uuid.UUID
    due_at: datetime
    late_seconds: int
    owner_user_id: int | None
    owner: str  # the owner's name, or "team" for a callback any team member may take
    lead_id: uuid.UUID
    lead_name: str
    phone_masked: str
    created_by: str


TEAM_OWNER = "team"
_LEVELS = {str(level) for level in IntentLevel}


def _later_than(later: Any, w: Any) -> ColumnElement[bool]:
    return tuple_(later.c.created_at, later.c.amends_id.is_not(None), later.c.id) > tuple_(
        w.c.created_at, w.c.amends_id.is_not(None), w.c.id
    )


def _outcome_filter(outcome: str, user_ids: list[int]) -> ColumnElement[bool]:
    """Calls whose effective wrap-up has `outcome`: found from the wrap-ups side (by rep
    and outcome, an index), so a rep's few sales do not mean reading all their calls."""
    if outcome == NOT_WRAPPED:
        return ~exists().where(wrapups.c.call_id == calls.c.id)
    w, later = wrapups.alias("w"), wrapups.alias("later")
    effective = ~exists().where(later.c.call_id == w.c.call_id, _later_than(later, w))
    found = select(w.c.call_id).where(
        w.c.user_id.in_(user_ids), w.c.outcome_code == outcome, effective
    )
    return calls.c.id.in_(found)


def _wrapup_rows(conn: Connection, call_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Any]]:
    found: dict[uuid.UUID, list[Any]] = {}
    if call_ids:
        for row in conn.execute(select(wrapups).where(wrapups.c.call_id.in_(call_ids))):
            found.setdefault(row.call_id, []).append(row)
    return found


def _ordered(rows: list[Any]) -> tuple[WrapupRow, ...]:
    """Originals first, then amendments, each by time; the latest marked effective."""
    if not rows:
        return ()
    latest = max(rows, key=lambda w: effective_key(w.created_at, w.amends_id, w.id))
    rows = sorted(rows, key=lambda w: (w.amends_id is not None, w.created_at, w.id))
    return tuple(
        WrapupRow(
            w.id, w.created_at, w.contact_time, w.person, w.outcome_code, bool(w.is_contact),
            bool(w.is_sale), w.intent, w.amount_cents, w.followup_at, w.note,
            tuple(w.tags or ()), w.complaint_summary, bool(w.opening_done), w.amends_id,
            w.amend_reason, bool(w.training), w.id == latest.id, w.satisfaction,
        )
        for w in rows
    )  # fmt: skip


def records(conn: Connection, filters: RecordFilter) -> list[RecordRow]:
    """A page of calls with their wrap-ups, newest first."""
    query = (
        select(
            calls,
            leads.c.name.label("lead_name"),
            users.c.display_name.label("rep_name"),
        )
        .select_from(
            calls.outerjoin(leads, leads.c.id == calls.c.lead_id).outerjoin(
                users, users.c.id == calls.c.user_id
            )
        )
        .order_by(calls.c.started_at.desc(), calls.c.id.desc())
        .limit(filters.limit)
        .offset(filters.offset)
    )
    if filters.rep is not None:
        members = [filters.rep]
    else:
        members = team_member_ids(conn, resolve_team(conn, filters.team_id))
    query = query.where(calls.c.user_id.in_(members))
    if filters.before is not None:
        query = query.where(tuple_(calls.c.started_at, calls.c.id) < tuple_(*filters.before))
    if filters.since is not None:
        query = query.where(calls.c.started_at >= filters.since)
    if filters.until is not None:
        query = query.where(calls.c.started_at < filters.until)
    if filters.flagged_only:
        query = query.where(calls.c.flag.is_not(None))
    if not filters.include_training:
        query = query.where(calls.c.training.is_(False))
    if filters.outcome is not None:
        query = query.where(_outcome_filter(filters.outcome, members))
    rows = conn.execute(query).all()
    wraps = _wrapup_rows(conn, [r.id for r in rows])
    return [
        RecordRow(
            r.id, r.user_id, r.rep_name or "", r.started_at, r.answered_at, r.ended_at,
            r.talk_seconds, r.end_reason, r.direction, mask(r.phone_e164), r.lead_id,
            r.lead_name or "", r.campaign_id, bool(r.training), r.flag, r.received_at,
            _ordered(wraps.get(r.id, [])),
        )
        for r in rows
    ]  # fmt: skip


def flagged_records(
    conn: Connection, team_id: int | None = None, *, limit: int = 200
) -> list[RecordRow]:
    """The team's records flagged on arrival (e.g. pushed after the lead's lease was lost)."""
    return records(conn, RecordFilter(team_id=team_id, flagged_only=True, limit=limit))


def shift_summaries(
    conn: Connection, since: datetime, until: datetime, team_id: int | None = None
) -> list[ShiftSummaryRow]:
    """Summaries of shifts that ended in [since, until), newest first."""
    members = team_member_ids(conn, resolve_team(conn, team_id))
    rows = conn.execute(
        select(shifts, users.c.display_name.label("rep_name"))
        .outerjoin(users, users.c.id == shifts.c.user_id)
        .where(
            shifts.c.user_id.in_(members),
            shifts.c.ended_at >= since,
            shifts.c.ended_at < until,
        )
        .order_by(shifts.c.ended_at.desc(), shifts.c.id)
    ).all()
    return [
        ShiftSummaryRow(
            r.id, r.user_id, r.rep_name or "", r.desk_id, r.started_at, r.ended_at, r.dials,
            r.contacts, r.talk_seconds, dict(r.intents or {}), r.callbacks_set, r.sales_count,
            r.sales_cents, r.note, r.confirmed_at, r.satisfaction_count, r.satisfaction_sum,
        )
        for r in rows
    ]  # fmt: skip


def open_complaints(conn: Connection, team_id: int | None = None) -> list[ComplaintRow]:
    """Complaints of the team not handled yet, oldest first."""
    members = team_member_ids(conn, resolve_team(conn, team_id))
    rows = conn.execute(
        select(
            complaints,
            users.c.display_name.label("rep_name"),
            leads.c.name.label("lead_name"),
            calls.c.phone_e164,
        )
        .select_from(
            complaints.outerjoin(users, users.c.id == complaints.c.user_id)
            .outerjoin(leads, leads.c.id == complaints.c.lead_id)
            .outerjoin(calls, calls.c.id == complaints.c.call_id)
        )
        .where(complaints.c.status == "open", complaints.c.user_id.in_(members))
        .order_by(complaints.c.created_at, complaints.c.id)
    ).all()
    return [
        ComplaintRow(
            r.id, r.created_at, r.user_id, r.rep_name or "", r.call_id, r.lead_id,
            r.lead_name or "", mask(r.phone_e164 or ""), r.summary, bool(r.transferred),
        )
        for r in rows
    ]  # fmt: skip


def overdue_callbacks(
    conn: Connection, now: datetime, team_id: int | None = None
) -> list[OverdueCallback]:
    """Open callbacks of the team (owned by a member or the team's) due before `now`,
    the most overdue first."""
    team = resolve_team(conn, team_id)
    members = team_member_ids(conn, team)
    rows = conn.execute(
        select(
            callbacks,
            leads.c.name.label("lead_name"),
            leads.c.phone_e164,
        )
        .select_from(callbacks.outerjoin(leads, leads.c.id == callbacks.c.lead_id))
        .where(
            callbacks.c.status == "open",
            callbacks.c.due_at < now,
            or_(callbacks.c.team_id == team, callbacks.c.owner_user_id.in_(members)),
        )
        .order_by(callbacks.c.due_at, callbacks.c.id)
    ).all()
    names = user_names(
        conn, [r.owner_user_id for r in rows if r.owner_user_id] + [r.created_by for r in rows]
    )
    return [
        OverdueCallback(
            r.id, r.due_at, int((now - r.due_at).total_seconds()), r.owner_user_id,
            TEAM_OWNER if r.owner_user_id is None else names.get(r.owner_user_id, ""),
            r.lead_id, r.lead_name or "", mask(r.phone_e164 or ""), names.get(r.created_by, ""),
        )
        for r in rows
    ]  # fmt: skip
