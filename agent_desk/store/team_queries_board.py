"""The team view's live board: each rep's state, current call and today's figures.

States come from the desks' heartbeats (``agent_states``); today's figures from the
rollups the database keeps. See `agent_desk.store.team_queries` for the whole API.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from agent_desk.domain.kpi import Figures, Progress, Target
from agent_desk.domain.phones import mask
from agent_desk.store.team_queries_base import (
    DEFAULT_SOFT_LIMIT_S,
    HEARTBEAT_STALE_S,
    LONG_LUNCH_S,
    LONG_PAUSE_S,
    LONG_WRAPUP_S,
    LUNCH_REASON,
    Attention,
    Period,
    RepRef,
    campaigns,
    leads,
    local_today,
    monthly_targets,
    period_target,
    progress_of,
    resolve_team,
    rollup_sums,
    states,
    team_reps,
)


@dataclass(frozen=True)
class BoardRow:
    """One rep on the live board.

    ``state`` is an agent state (ready, paused, dialing, ringing, on_call, wrapup,
    offline); ``stale`` says it is offline because the desk stopped sending heartbeats.
    ``state_seconds`` counts from the state's start (from the last heartbeat when stale).
    """

    rep: RepRef
    state: str
    reason: str
    since: datetime | None
    state_seconds: int
    stale: bool
    desk_id: str
    lead_id: uuid.UUID | None
    lead_name: str
    phone_masked: str
    soft_limit_s: int
    outbox_waiting: int
    heartbeat_at: datetime | None
    today: Figures
    today_target: Target | None
    progress: Mapping[str, Progress] = field(hash=False)
    attention: tuple[Attention, ...]


def _attention(
    state: str, reason: str, seconds: int, soft_limit: int, waiting: int
) -> tuple[Attention, ...]:
    found = []
    if state == "wrapup" and seconds > LONG_WRAPUP_S:
        found.append(Attention.LONG_WRAPUP)
    if state == "paused":
        limit = LONG_LUNCH_S if reason == LUNCH_REASON else LONG_PAUSE_S
        if seconds > limit:
            found.append(Attention.LONG_PAUSE)
    if state == "on_call" and seconds > soft_limit:
        found.append(Attention.OVER_LIMIT)
    if state == "offline" and waiting > 0:
        found.append(Attention.OFFLINE_WAITING)
    return tuple(found)


def board(conn: Connection, now: datetime, team_id: int | None = None) -> list[BoardRow]:
    """The live board: every active rep of the team, by display name.

    Args:
        now: The moment to judge states and durations at (aware).
        team_id: The team; None means the caller's own (a supervisor on PostgreSQL).
    """
    team = resolve_team(conn, team_id)
    reps = team_reps(conn, team, active_only=True)
    ids = [r.user_id for r in reps]
    _, today = local_today(conn, now)
    live = (
        {row.user_id: row for row in conn.execute(select(states).where(states.c.user_id.in_(ids)))}
        if ids
        else {}
    )
    lead_ids = [s.current_lead_id for s in live.values() if s.current_lead_id is not None]
    current = (
        {
            row.id: row
            for row in conn.execute(
                select(leads.c.id, leads.c.name, leads.c.phone_e164, campaigns.c.soft_call_limit_s)
                .join(campaigns, campaigns.c.id == leads.c.campaign_id)
                .where(leads.c.id.in_(lead_ids))
            )
        }
        if lead_ids
        else {}
    )
    figures = rollup_sums(conn, ids, Period.day(today))
    month_targets = monthly_targets(conn, ids, [today.strftime("%Y-%m")])
    rows = []
    for rep in reps:
        s = live.get(rep.user_id)
        today_figures = figures.get(rep.user_id, Figures.empty())
        target = period_target(month_targets.get(rep.user_id, {}), Period.day(today))
        if s is None:
            rows.append(
                BoardRow(
                    rep, "offline", "", None, 0, False, "", None, "", "", DEFAULT_SOFT_LIMIT_S,
                    0, None, today_figures, target, progress_of(today_figures, target), (),
                )
            )  # fmt: skip
            continue
        stale = now - s.heartbeat_at > timedelta(seconds=HEARTBEAT_STALE_S)
        state = "offline" if stale else s.state
        started = s.heartbeat_at if stale and s.state != "offline" else s.since
        seconds = max(int((now - started).total_seconds()), 0)
        lead = current.get(s.current_lead_id) if s.current_lead_id is not None else None
        soft_limit = DEFAULT_SOFT_LIMIT_S if lead is None else int(lead.soft_call_limit_s)
        live_call = state in ("dialing", "ringing", "on_call", "wrapup")
        phone = (mask(lead.phone_e164) if lead is not None else s.current_phone_masked) or ""
        rows.append(
            BoardRow(
                rep=rep,
                state=state,
                reason=s.reason,
                since=started,
                state_seconds=seconds,
                stale=stale,
                desk_id=s.desk_id,
                lead_id=s.current_lead_id if live_call else None,
                lead_name=lead.name if lead is not None and live_call else "",
                phone_masked=phone if live_call else "",
                soft_limit_s=soft_limit,
                outbox_waiting=s.outbox_waiting,
                heartbeat_at=s.heartbeat_at,
                today=today_figures,
                today_target=target,
                progress=progress_of(today_figures, target),
                attention=_attention(state, s.reason, seconds, soft_limit, s.outbox_waiting),
            )
        )
    return rows
