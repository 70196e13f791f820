"""The team view's refresh queries on a big PostgreSQL database: under 100 ms p95 each.

Usage::

    .venv/bin/python bench/bench_team_view.py [--quick] [--reps 500] [--calls 5000000]
        [--runs 50] [--keep] [--reuse URL] [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Builds its own database with `team_data.build` (500 reps in 25 teams, 5M call records
over a year with wrap-ups, amendments, callbacks, complaints, shift summaries; printed
step by step with its time), then times every query a team screen refreshes with
(`agent_desk.store.team_queries`), ``--runs`` times each after 3 untimed warm-ups, on an
engine from ``make_engine`` (pool pre-ping on, as the app), each call in its own
connection checkout:

* as the supervisor of Team 1, logged in with their own role (row security on, team
  taken from the login: ``team_id=None``);
* as an admin person over the same team (``team_id`` given; admins' policies are
  ``true``).

Printed: p50 and p95 per query and login, and the verdict: every p95 under 100 ms.
``--quick`` builds 60 reps and 60,000 calls and runs each query 10 times (under a
minute). ``--keep`` keeps the database (and prints its URL); ``--reuse URL`` times an
existing one instead of building.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import team_data
from _common import machine, percentile, print_table, verdict
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

from agent_desk.store import team_queries as tq
from agent_desk.store.engine import make_engine

BUDGET_MS = 100.0
NOW = team_data.NOW
TODAY = team_data.TODAY
WARMUP = 3


@dataclass(frozen=True)
class Query:
    name: str
    run: Callable[[Connection, int | None], Any]


def queries(rep_id: int, page_50: tuple[datetime, uuid.UUID]) -> list[Query]:
    day = tq.Period.day(TODAY)
    month = tq.Period.month(TODAY.year, TODAY.month)
    year = tq.Period.year(TODAY.year)
    since = NOW - timedelta(days=1)
    return [
        Query("board", lambda c, t: tq.board(c, NOW, t)),
        Query("figures today", lambda c, t: tq.figures(c, day, t)),
        Query("figures this month", lambda c, t: tq.figures(c, month, t)),
        Query("figures this year", lambda c, t: tq.figures(c, year, t)),
        Query("assessment (year)", lambda c, t: tq.assessment(c, TODAY.year, t)),
        Query("calls per hour today", lambda c, t: tq.calls_per_hour(c, TODAY, t)),
        Query("outcome mix today", lambda c, t: tq.outcome_mix(c, day, t)),
        Query("outcome mix this year", lambda c, t: tq.outcome_mix(c, year, t)),
        Query("records: team, page 1", lambda c, t: tq.records(c, tq.RecordFilter(team_id=t))),
        Query(
            "records: team, page 50 (cursor)",
            lambda c, t: tq.records(c, tq.RecordFilter(team_id=t, before=page_50)),
        ),
        Query("records: one rep, page 1", lambda c, t: tq.records(c, tq.RecordFilter(rep=rep_id))),
        Query(
            "records: rep's sales",
            lambda c, t: tq.records(c, tq.RecordFilter(rep=rep_id, outcome="sale")),
        ),
        Query(
            "records: team, today",
            lambda c, t: tq.records(c, tq.RecordFilter(team_id=t, since=since)),
        ),
        Query("shift summaries (day)", lambda c, t: tq.shift_summaries(c, since, NOW, t)),
        Query("open complaints", lambda c, t: tq.open_complaints(c, t)),
        Query("overdue callbacks", lambda c, t: tq.overdue_callbacks(c, NOW, t)),
        Query("flagged records", lambda c, t: tq.flagged_records(c, t)),
    ]


def time_one(engine: Engine, query: Query, team: int | None, runs: int) -> tuple[float, float, int]:
    """p50 and p95 in ms, and the size of the last result."""
    samples = []
    size = 0
    for index in range(WARMUP + runs):
        started = time.perf_counter()
        with engine.connect() as conn:
            result = query.run(conn, team)
        elapsed = (time.perf_counter() - started) * 1000
        if index >= WARMUP:
            samples.append(elapsed)
        size = _size(result)
    return percentile(samples, 50), percentile(samples, 95), size


def _size(result: Any) -> int:
    if isinstance(result, list):
        return len(result)
    for name in ("reps", "shares"):
        if hasattr(result, name):
            return len(getattr(result, name))
    return 1


def _cursor_of_page(engine: Engine, team_id: int, pages: int) -> tuple[datetime, uuid.UUID]:
    """Where page ``pages + 1`` of the team's records starts (paging by cursor)."""
    cursor = None
    with engine.connect() as conn:
        for _ in range(pages):
            page = tq.records(conn, tq.RecordFilter(team_id=team_id, before=cursor))
            cursor = page[-1].cursor
    assert cursor is not None
    return cursor


def login(url: str, role: str) -> Engine:
    return make_engine(make_url(url).set(username=role, password=team_data.PASSWORD))


def run(url: str, team_id: int, runs: int) -> bool:
    supervisor = login(url, team_data.SUPERVISOR)
    admin = login(url, team_data.ADMIN)
    with supervisor.connect() as conn:
        assert tq.caller_team(conn) == team_id, "the supervisor should see Team 1"
        rep_id = conn.scalar(text("SELECT min(id) FROM users WHERE role = 'rep'"))
        counts = conn.execute(
            text("SELECT (SELECT count(*) FROM call_records), (SELECT count(*) FROM wrapups)")
        ).one()
    print(f"the supervisor sees {counts[0]:,} call records and {counts[1]:,} wrap-ups of Team 1")
    page_50 = _cursor_of_page(admin, team_id, 49)
    rows = []
    worst = 0.0
    for query in queries(int(rep_id), page_50):
        as_sup = time_one(supervisor, query, None, runs)
        as_admin = time_one(admin, query, team_id, runs)
        worst = max(worst, as_sup[1], as_admin[1])
        rows.append((query.name, as_sup[2], as_sup[0], as_sup[1], as_admin[0], as_admin[1]))
        print(f"  {query.name}: {as_sup[1]:.1f} / {as_admin[1]:.1f} ms p95", flush=True)
    supervisor.dispose()
    admin.dispose()
    print()
    print_table(
        ("query (Team 1)", "rows", "sup p50 ms", "sup p95 ms", "admin p50 ms", "admin p95 ms"),
        rows,
    )
    slowest = max(rows, key=lambda r: max(r[3], r[5]))
    passed = worst < BUDGET_MS
    print(
        verdict(
            passed,
            f"worst p95 {worst:.1f} ms ({slowest[0]}) against {BUDGET_MS:.0f} ms, {runs} runs"
            " per query and login",
        )
    )
    return passed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--reps", type=int, default=500)
    parser.add_argument("--calls", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="60 reps, 60,000 calls, 10 runs")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--reuse", metavar="URL", help="time this database, built before")
    args = parser.parse_args()
    if args.quick:
        args.reps, args.calls, args.runs = 60, 60_000, 10
    print(f"team view refresh queries; {machine()}")
    if args.reuse:
        url = args.reuse
        with make_engine(url).connect() as conn:
            team_id = int(conn.scalar(text("SELECT id FROM teams WHERE name = 'Team 1'")))
    else:
        started = time.perf_counter()
        built = team_data.build(args.pg, args.reps, args.calls)
        url, team_id = built.url, built.team_id
        print(f"data set built in {time.perf_counter() - started:.0f} s "
              f"({args.reps} reps, {args.calls:,} calls)")  # fmt: skip
    try:
        run(url, team_id, args.runs)
    finally:
        if args.keep or args.reuse:
            print(f"database kept: {url}")
        else:
            team_data.drop(args.pg, url)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
