"""The team view's figures against targets, and the monthly and yearly assessment.

Figures come from the rollups the database keeps (``rep_day_figures``), never from what
a desk says. See `agent_desk.store.team_queries` for the whole API.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, extract, func, select

from agent_desk.domain.kpi import Figures, Progress, Target
from agent_desk.store.team_queries_base import (
    FIGURE_COLUMNS,
    Period,
    RepRef,
    day_figures,
    figures_from,
    local_today,
    monthly_targets,
    period_target,
    progress_of,
    resolve_team,
    rollup_sums,
    sum_targets,
    team_reps,
)


@dataclass(frozen=True)
class RepFigures:
    rep: RepRef
    figures: Figures
    target: Target | None
    progress: Mapping[str, Progress] = field(hash=False)


@dataclass(frozen=True)
class TeamFigures:
    """Each rep's and the team's figures for a period, against targets."""

    period: Period
    team_id: int
    reps: tuple[RepFigures, ...]
    total: Figures
    target: Target | None
    progress: Mapping[str, Progress] = field(hash=False)


@dataclass(frozen=True)
class MonthResult:
    """Figures of one month (``"2026-11"``) or a year (``"2026"``) against target."""

    label: str
    figures: Figures
    target: Target | None
    progress: Mapping[str, Progress] = field(hash=False)


@dataclass(frozen=True)
class RepAssessment:
    rep: RepRef
    months: tuple[MonthResult, ...]  # January to December
    year: MonthResult


@dataclass(frozen=True)
class Assessment:
    """The yearly assessment: each rep month by month and the year, and the team's."""

    year: int
    team_id: int
    reps: tuple[RepAssessment, ...]
    team_months: tuple[MonthResult, ...]
    team_year: MonthResult


def _with_figures(reps: list[RepRef], sums: dict[int, Figures]) -> list[RepRef]:
    """Active reps, and inactive ones who have figures in the period."""
    return [r for r in reps if r.active or r.user_id in sums]


def figures(conn: Connection, period: Period, team_id: int | None = None) -> TeamFigures:
    """Each rep's and the team's figures for a period, against their targets.

    The target of a single day is its share of the month's (as on the desk); of a longer
    period, the monthly targets of the months it touches, summed.
    """
    team = resolve_team(conn, team_id)
    every_rep = team_reps(conn, team)
    members = [r.user_id for r in every_rep]
    sums = rollup_sums(conn, members, period)
    reps = _with_figures(every_rep, sums)
    by_rep = monthly_targets(conn, [r.user_id for r in reps], period.months())
    results = []
    for rep in reps:
        figures_ = sums.get(rep.user_id, Figures.empty())
        target = period_target(by_rep.get(rep.user_id, {}), period)
        results.append(RepFigures(rep, figures_, target, progress_of(figures_, target)))
    total = sum((r.figures for r in results), Figures.empty())
    found = [r.target for r in results if r.target is not None]
    team_target = sum_targets(found)
    return TeamFigures(
        period, team, tuple(results), total, team_target, progress_of(total, team_target)
    )


def _result(label: str, figures_: Figures, target: Target | None) -> MonthResult:
    return MonthResult(label, figures_, target, progress_of(figures_, target))


def assessment(conn: Connection, year: int, team_id: int | None = None) -> Assessment:
    """The monthly and yearly assessment: each rep's months and year against target."""
    team = resolve_team(conn, team_id)
    every_rep = team_reps(conn, team)
    members = [r.user_id for r in every_rep]
    period = Period.year(year)
    month = extract("month", day_figures.c.day)
    by_month: dict[tuple[int, int], Figures] = {}
    if members:
        columns = [func.sum(day_figures.c[name]).label(name) for name in FIGURE_COLUMNS]
        rows = conn.execute(
            select(day_figures.c.user_id, month.label("month"), *columns)
            .where(
                day_figures.c.user_id.in_(members),
                day_figures.c.day.between(period.start, period.end),
            )
            .group_by(day_figures.c.user_id, month)
        ).mappings()
        by_month = {(row["user_id"], int(row["month"])): figures_from(row) for row in rows}
    year_sums: dict[int, Figures] = {}
    for (user, _), value in by_month.items():
        year_sums[user] = year_sums.get(user, Figures.empty()) + value
    reps = _with_figures(every_rep, year_sums)
    months = period.months()
    goals = monthly_targets(conn, [r.user_id for r in reps], months)
    results = []
    for rep in reps:
        mine = goals.get(rep.user_id, {})
        rep_months = tuple(
            _result(m, by_month.get((rep.user_id, i), Figures.empty()), mine.get(m))
            for i, m in enumerate(months, start=1)
        )
        results.append(
            RepAssessment(
                rep,
                rep_months,
                _result(
                    str(year),
                    year_sums.get(rep.user_id, Figures.empty()),
                    sum_targets(list(mine.values())),
                ),
            )
        )
    team_months = tuple(
        _result(
            m,
            sum((r.months[i].figures for r in results), Figures.empty()),
            sum_targets([t for r in results if (t := r.months[i].target) is not None]),
        )
        for i, m in enumerate(months)
    )
    team_year = _result(
        str(year),
        sum((r.year.figures for r in results), Figures.empty()),
        sum_targets([t for r in results if (t := r.year.target) is not None]),
    )
    return Assessment(year, team, tuple(results), team_months, team_year)


def today_period(conn: Connection, now: datetime) -> Period:
    """Today in the reporting zone."""
    return Period.day(local_today(conn, now)[1])


def month_period(conn: Connection, now: datetime) -> Period:
    """This month in the reporting zone (all of it: the target is the month's)."""
    today = local_today(conn, now)[1]
    return Period.month(today.year, today.month)


def year_period(conn: Connection, now: datetime) -> Period:
    today = local_today(conn, now)[1]
    return Period.year(today.year)
