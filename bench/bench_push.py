"""Outbox push throughput to PostgreSQL: the desk's sync push against raw SQL doing the same.

Usage::

    .venv/bin/python bench/bench_push.py [--quick] [--calls N] [--desks 1,16]
        [--pg postgresql://postgres@127.0.0.1:5432/postgres]

For each desk count, a fresh database of its own (dropped at the end): the shared schema
at head, one team, a Chinese campaign, one rep per desk and ``--calls`` leads per desk,
leased to that desk. Each desk's outbox (its own desk SQLite file) holds a backlog of
``--calls`` ended calls with their saved wrap-ups, made as the desk makes them
(``DeskRepo.end_call``'s fact, ``build_wrapup``): outcomes in turn no answer, callback
(wrap-up + callback facts) and not interested. That is a desk coming back online after a
long outage.

- **app**: every desk at once, each in its own process as at a real desk, runs
  ``SyncWorker._push`` (the push half of a sync cycle:
  outbox read in batches of 200, ``apply_fact`` per fact in one transaction per batch,
  batch marked pushed in the desk database), on an engine from ``make_engine``.
- **raw**: the very statements each desk's push sent to PostgreSQL (captured by a
  SQLAlchemy cursor event during the app run), replayed with plain psycopg, same
  transactions, one connection and process per desk, against a copy of the database made before
  the app run (``CREATE DATABASE … TEMPLATE``). No SQLAlchemy, no desk database, no Python
  decisions: the floor for this sequence of statements.

The table gives facts per second for both and, for the app, the share of its time spent
inside PostgreSQL statements (cursor execute, round trip included), inside desk database
statements, and the rest (SQLAlchemy building and compiling statements, payload decoding,
commits, Python). With more desks than cores, statement time includes waiting for a core.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
from _common import SHANGHAI_MORNING, machine, print_table, verdict
from bench_claims import USER_BASE, create_database, drop_database, libpq_url
from sqlalchemy import Engine, event, insert, text
from sqlalchemy.engine import make_url

from agent_desk.clock import ManualClock
from agent_desk.desk.wrapup_facts import build_wrapup
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.wrapup import WrapupDraft, clean
from agent_desk.store import desk_feed, schema
from agent_desk.store.desk_repo import DeskRepo, Fact
from agent_desk.store.engine import make_engine
from agent_desk.store.facts import FactKind
from agent_desk.store.migrate import upgrade_to_head
from agent_desk.sync.worker import SyncWorker

NOW = SHANGHAI_MORNING
OUTCOMES = ("no_answer", "callback", "not_interested")
GOAL_RATIO = 2.0
COMMIT = "COMMIT"


def desk_name(index: int) -> str:
    return f"bench-desk-{index:03d}"


def seed(url: str, desks: int, calls: int) -> None:
    """Schema, a team, one rep per desk, ``calls`` leads per desk leased to that desk."""
    from tests.desk.conftest import seed_team

    engine = make_engine(url)
    try:
        upgrade_to_head(engine)
        team = seed_team(engine, leads=0, now=NOW)
        with engine.begin() as conn:
            team_id = conn.scalar(text("SELECT id FROM teams"))
            conn.execute(
                insert(schema.User),
                [
                    {"id": USER_BASE + i, "username": f"bench{i:03d}", "display_name": f"B{i}",
                     "role": "rep", "team_id": team_id, "active": True, "created_at": NOW}
                    for i in range(desks)
                ],
            )  # fmt: skip
        with psycopg.connect(libpq_url(url)) as raw, raw.cursor() as cursor:
            columns = (
                "id, campaign_id, phone_e164, name, company, extra, timezone, pool_team_id, "
                "priority, status, attempts, imported_at, lease_user_id, lease_desk, "
                "lease_expires_at"
            )
            with cursor.copy(f"COPY leads ({columns}) FROM STDIN") as copy:
                for i in range(desks * calls):
                    desk = i // calls
                    copy.write_row(
                        (uuid.uuid4(), team.campaign_id, f"+8613{i:09d}", f"客户{i}", "", "{}",
                         "Asia/Shanghai", team_id, 100, "new", 0, NOW, USER_BASE + desk,
                         desk_name(desk), NOW + timedelta(days=1))
                    )  # fmt: skip
        with psycopg.connect(libpq_url(url), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    finally:
        engine.dispose()


def fill_outbox(engine: Engine, repo: DeskRepo, index: int) -> int:
    """The desk's backlog: one call and its wrap-up per lead it holds. Returns the facts."""
    leads = schema.table(schema.Lead)
    with engine.connect() as conn:
        me = desk_feed.identify(conn, f"bench{index:03d}")
        campaign = desk_feed.campaigns(conn)[0]
        held = conn.execute(
            leads.select().where(leads.c.lease_desk == desk_name(index)).order_by(leads.c.id)
        ).all()
    facts: list[Fact] = []
    for n, lead in enumerate(held):
        outcome = OUTCOMES[n % len(OUTCOMES)]
        call_id = uuid.uuid4()
        ended = NOW + timedelta(seconds=n)
        facts.append(
            Fact(
                FactKind.CALL,
                str(call_id),
                {"id": call_id, "lead_id": lead.id, "campaign_id": campaign.id,
                 "phone_e164": lead.phone_e164, "direction": "out",
                 "started_at": ended - timedelta(seconds=40),
                 "answered_at": ended - timedelta(seconds=30), "ended_at": ended,
                 "ring_count": 2, "talk_seconds": 30, "end_reason": "hangup_local",
                 "training": False, "desk_id": desk_name(index), "line_backend": "simulated"},
            )
        )  # fmt: skip
        draft = WrapupDraft(
            contact_time=ended - timedelta(seconds=30),
            person="本人",
            outcome_code=outcome,
            intent=None if outcome == "no_answer" else IntentLevel.B,
            followup_at=NOW + timedelta(days=1) if outcome == "callback" else None,
        )
        made = build_wrapup(
            draft=clean(draft, campaign.outcomes),
            campaign=campaign,
            me=me,
            call_id=call_id,
            lead_id=lead.id,
            phone_e164=lead.phone_e164,
            lead_name=lead.name,
            lead_attempts=0,
            training=False,
            now=ended,
        )
        facts += made.facts
    repo.enqueue(facts, NOW)
    return len(facts)


@dataclass
class Pushed:
    """One desk's push: how long, and what it sent to PostgreSQL."""

    seconds: float = 0.0
    in_statements: float = 0.0  # time inside cursor execute on the shared database
    in_desk: float = 0.0  # time inside cursor execute on the desk database
    sent: list[tuple[str, Any, bool]] = field(default_factory=list)
    error: str = ""


def record(engine: Engine, desk: Engine, pushed: Pushed) -> None:
    """Keep every statement (and commit) the push sends to PostgreSQL, and time spent
    executing statements there and in the desk database."""
    started: dict[int, float] = {}

    @event.listens_for(engine, "before_cursor_execute")
    def before(conn: Any, cursor: Any, statement: str, params: Any, ctx: Any, many: bool) -> None:
        pushed.sent.append((statement, params, many))
        started[id(cursor)] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def after(conn: Any, cursor: Any, statement: str, params: Any, ctx: Any, many: bool) -> None:
        pushed.in_statements += time.perf_counter() - started.pop(id(cursor))

    @event.listens_for(engine, "commit")
    def commit(conn: Any) -> None:
        pushed.sent.append((COMMIT, None, False))

    @event.listens_for(desk, "before_cursor_execute")
    def desk_before(conn: Any, cursor: Any, *args: Any) -> None:
        started[id(cursor)] = time.perf_counter()

    @event.listens_for(desk, "after_cursor_execute")
    def desk_after(conn: Any, cursor: Any, *args: Any) -> None:
        pushed.in_desk += time.perf_counter() - started.pop(id(cursor))


def app_push(worker: SyncWorker, pushed: Pushed) -> None:
    began = time.perf_counter()
    try:
        refused = worker._push(NOW, set())
        if refused or worker.repo.waiting():
            pushed.error = f"{worker.desk_id}: {worker.repo.waiting()} left; {refused}"
    except Exception as exc:  # reported in the output
        pushed.error = f"{exc.__class__.__name__}: {exc}"
    pushed.seconds = time.perf_counter() - began


def _desk_process(index: int, url: str, twin: str, path: Path, gates: Any, out: Any) -> None:
    """One desk, in its own process as at a real desk: the app's push, then its replay."""
    repo = DeskRepo.open(path)
    shared = make_engine(url, pool_size=1)
    with shared.connect() as conn:
        me = desk_feed.identify(conn, f"bench{index:03d}")
    worker = SyncWorker(shared, repo, me, desk_name(index), ManualClock(NOW), claim_leads=False)
    pushed = Pushed()
    record(shared, repo.engine, pushed)
    with shared.connect():
        pass  # the pool's connection is open before the clock starts
    gates[0].wait()
    app_push(worker, pushed)
    shared.dispose()
    repo.close()
    raw = psycopg.connect(libpq_url(twin))
    out.put((pushed.seconds, pushed.in_statements, pushed.in_desk, pushed.error,
             sum(s != COMMIT for s, _, _ in pushed.sent)))  # fmt: skip
    gates[1].wait()
    try:
        raw_push(raw, pushed.sent)
    finally:
        raw.close()
    gates[2].wait()


def all_desks(url: str, twin: str, paths: list[Path]) -> tuple[float, float, list[Any]]:
    """Every desk's process pushes at once, then every replay at once; the wall times."""
    ctx = mp.get_context("fork")
    gates = [ctx.Barrier(len(paths) + 1) for _ in range(3)]
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_desk_process, args=(i, url, twin, path, gates, out))
        for i, path in enumerate(paths)
    ]
    for proc in procs:
        proc.start()
    gates[0].wait(timeout=300)
    began = time.perf_counter()
    desks = [out.get(timeout=3600) for _ in procs]
    app_s = time.perf_counter() - began
    gates[1].wait(timeout=300)
    began = time.perf_counter()
    gates[2].wait(timeout=3600)
    raw_s = time.perf_counter() - began
    for proc in procs:
        proc.join()
    return app_s, raw_s, desks


def raw_push(conn: psycopg.Connection[Any], sent: list[tuple[str, Any, bool]]) -> float:
    began = time.perf_counter()
    with conn.cursor() as cursor:
        for statement, params, many in sent:
            if statement == COMMIT:
                conn.commit()
            elif many:
                cursor.executemany(statement, params)
            else:
                cursor.execute(statement, params)
                if cursor.description:
                    cursor.fetchall()
    conn.commit()
    return time.perf_counter() - began


def counts(url: str) -> tuple[int, ...]:
    with psycopg.connect(libpq_url(url)) as conn:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM call_records), (SELECT count(*) FROM wrapups), "
            "(SELECT count(*) FROM callbacks), (SELECT sum(attempts) FROM leads), "
            "(SELECT count(*) FROM leads WHERE lease_desk IS NULL)"
        ).fetchone()
    assert row is not None
    return tuple(int(v or 0) for v in row)


def measure(admin: str, desks: int, calls: int, folder: Path) -> tuple[list[object], str]:
    """One desk count: the app's push, then raw SQL replaying it on a copy."""
    url = create_database(admin)
    twin = ""
    try:
        seed(url, desks, calls)
        repos = [DeskRepo.open(folder / f"{desks}-desk-{i}.sqlite3") for i in range(desks)]
        engine = make_engine(url)
        facts = sum(fill_outbox(engine, repo, i) for i, repo in enumerate(repos))
        engine.dispose()
        for repo in repos:
            repo.close()  # each desk's process opens its own
        name = make_url(url).database
        with psycopg.connect(libpq_url(admin), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}_raw" TEMPLATE "{name}"')
        twin = make_url(url).set(database=f"{name}_raw").render_as_string(hide_password=False)
        paths = [folder / f"{desks}-desk-{i}.sqlite3" for i in range(desks)]
        app_s, raw_s, results = all_desks(url, twin, paths)
        problem = "; ".join(error for _, _, _, error, _ in results if error)
        if not problem and counts(url) != counts(twin):
            problem = f"raw replay differs: app {counts(url)}, raw {counts(twin)}"
        busy = sum(r[0] for r in results)
        in_pg = sum(r[1] for r in results) / busy
        in_desk = sum(r[2] for r in results) / busy
        statements = sum(r[4] for r in results)
        label = f"{desks} desk{'s' if desks > 1 else ''} x {calls} calls"
        row: list[object] = [
            label, facts, statements, app_s, facts / app_s, raw_s, facts / raw_s,
            f"{app_s / raw_s:.2f}x", f"{in_pg:.0%}", f"{in_desk:.0%}", f"{1 - in_pg - in_desk:.0%}",
        ]  # fmt: skip
        return row, problem
    finally:
        drop_database(admin, url)
        if twin:
            drop_database(admin, twin)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="150 calls per desk, 1 and 8 desks")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--calls", type=int, help="calls in each desk's backlog (default 1000)")
    parser.add_argument("--desks", help="desk counts, comma separated (default 1,16)")
    args = parser.parse_args()
    calls = args.calls or (150 if args.quick else 1000)
    desk_counts = [int(d) for d in (args.desks or ("1,8" if args.quick else "1,16")).split(",")]

    print(f"outbox push to PostgreSQL; {machine()}")
    print("app = SyncWorker._push (batches of 200, one transaction each, desk SQLite marked); "
          "raw = the same statements and commits replayed with plain psycopg")  # fmt: skip
    rows, problems = [], []
    with tempfile.TemporaryDirectory(prefix="bench_push_") as folder:
        for desks in desk_counts:
            row, problem = measure(args.pg, desks, calls, Path(folder))
            rows.append(row)
            if problem:
                problems.append(f"{desks} desks: {problem}")
    print_table(
        ["push", "facts", "stmts", "app s", "app facts/s", "raw s", "raw facts/s", "app/raw",
         "app: in PG", "desk db", "rest"],
        rows,
    )  # fmt: skip
    for problem in problems:
        print(f"problem: {problem}")
    worst = max(float(str(row[7]).rstrip("x")) for row in rows)
    parts = ", ".join(f"{row[0]}: app {row[4]:,.0f} facts/s vs raw {row[6]:,.0f}" for row in rows)
    passed = not problems and worst <= GOAL_RATIO
    print(verdict(passed, f"{parts}; app/raw time up to {worst:.2f}x (goal <= {GOAL_RATIO:g}x)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
