"""The team view's charts: calls per hour of a day and the outcome mix of a period.

Calls per hour read the day's raw records (a few hundred per team); the outcome mix
reads ``rep_day_outcomes``, so a year costs no more than a day. See
`agent_desk.store.team_queries` for the whole API.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, or_, select

from agent_desk.domain.call_state import CallDirection
from agent_desk.store.settings_repo import report_zone
from agent_desk.store.team_queries_base import (
    Period,
    calls,
    day_figures,
    day_outcomes,
    effective_key,
    month_outcomes,
    outcomes,
    resolve_team,
    team_reps,
    wrapups,
)


@dataclass(frozen=True)
class HourCount:
    hour: int  # local hour of the reporting zone, 0-23
    dials: int
    contacts: int
    sales: int


@dataclass(frozen=True)
class OutcomeShare:
    code: str
    label_en: str
    label_zh: str
    calls: int


@dataclass(frozen=True)
class OutcomeMix:
    """Calls by the outcome of their effective wrap-up; ``unwrapped``: none saved yet."""

    period: Period
    dials: int
    shares: tuple[OutcomeShare, ...]
    unwrapped: int


def calls_per_hour(conn: Connection, day: date, team_id: int | None = None) -> list[HourCount]:
    """Dials (outbound calls), contacts and sales per local hour of a day (training left
    out), 24 rows.

    On the days clocks change, the repeated hour counts into one row, the skipped is 0.
    """
    team = resolve_team(conn, team_id)
    members = [r.user_id for r in team_reps(conn, team)]
    zone = report_zone(conn)
    begin, end = Period.day(day).utc_bounds(zone)
    dials = [0] * 24
    contacts = [0] * 24
    sales = [0] * 24
    if not members:
        return [HourCount(h, 0, 0, 0) for h in range(24)]
    window = (
        calls.c.user_id.in_(members),
        calls.c.started_at >= begin,
        calls.c.started_at < end,
        calls.c.training.is_(False),
    )
    started = {}
    query_calls = select(calls.c.id, calls.c.started_at, calls.c.direction).where(*window)
    for row in conn.execute(query_calls):
        hour = row.started_at.astimezone(zone).hour
        started[row.id] = hour
        dials[hour] += CallDirection.of(row.direction).is_dial  # inbound calls are not dials
    latest: dict[uuid.UUID, tuple[object, bool, bool]] = {}
    query = (
        select(
            wrapups.c.call_id,
            wrapups.c.created_at,
            wrapups.c.amends_id,
            wrapups.c.id,
            wrapups.c.is_contact,
            wrapups.c.is_sale,
        )
        .join(calls, calls.c.id == wrapups.c.call_id)
        .where(*window)
    )
    for w in conn.execute(query):
        key = effective_key(w.created_at, w.amends_id, w.id)
        if w.call_id not in latest or key > latest[w.call_id][0]:
            latest[w.call_id] = (key, bool(w.is_contact), bool(w.is_sale))
    for call_id, (_, contact, sale) in latest.items():
        hour = started[call_id]
        contacts[hour] += contact
        sales[hour] += sale
    return [HourCount(h, dials[h], contacts[h], sales[h]) for h in range(24)]


def outcome_mix(conn: Connection, period: Period, team_id: int | None = None) -> OutcomeMix:
    """Calls of the period by outcome (effective wrap-ups), most frequent first."""
    team = resolve_team(conn, team_id)
    members = [r.user_id for r in team_reps(conn, team)]
    if not members:
        return OutcomeMix(period, 0, (), 0)
    months, day_ranges = period.split_months()
    counts: Counter[str] = Counter()
    queries = []
    if day_ranges:
        in_days = or_(*(day_outcomes.c.day.between(a, b) for a, b in day_ranges))
        queries.append(
            select(day_outcomes.c.outcome_code, func.sum(day_outcomes.c.calls))
            .where(day_outcomes.c.user_id.in_(members), in_days)
            .group_by(day_outcomes.c.outcome_code)
        )
    if months is not None:  # whole months: a twelfth of the rows for a year
        queries.append(
            select(month_outcomes.c.outcome_code, func.sum(month_outcomes.c.calls))
            .where(month_outcomes.c.user_id.in_(members), month_outcomes.c.month.between(*months))
            .group_by(month_outcomes.c.outcome_code)
        )
    for query in queries:
        for code, count in conn.execute(query):
            counts[code] += int(count or 0)
    dials = conn.scalar(
        select(func.coalesce(func.sum(day_figures.c.dials), 0)).where(
            day_figures.c.user_id.in_(members),
            day_figures.c.day.between(period.start, period.end),
        )
    )
    labels: dict[str, tuple[str, str]] = {}
    codes = [code for code, calls in counts.items() if calls]
    if codes:
        for row in conn.execute(
            select(outcomes.c.code, outcomes.c.label_en, outcomes.c.label_zh)
            .where(outcomes.c.code.in_(codes))
            .order_by(outcomes.c.campaign_id.desc())
        ):
            labels[row.code] = (row.label_en, row.label_zh)  # the first campaign's wins
    shares = []
    for code in codes:
        label_en, label_zh = labels.get(code, (code, ""))
        shares.append(OutcomeShare(code, label_en, label_zh, counts[code]))
    shares.sort(key=lambda s: (-s.calls, s.code))
    wrapped = sum(s.calls for s in shares)
    return OutcomeMix(period, int(dials or 0), tuple(shares), max(int(dials or 0) - wrapped, 0))
