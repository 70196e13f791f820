"""Lead claims on PostgreSQL: leads/s and p99 latency at 1, 16 and 200 desks, app vs raw SQL.

Usage::

    .venv/bin/python bench/bench_claims.py [--quick] [--leads N] [--seconds S]
        [--desks 1,16,200] [--per-claim 1,5] [--procs 4] [--connections 80] [--profile]
        [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Creates its own database on the server (dropped at the end): the shared schema at head,
one team, a Chinese campaign, one rep per desk, and ``--leads`` callable leads in the team
pool (COPY). Then, for each number of leads per claim (``--per-claim``: 1, a desk topping
its hopper up after one call; 5, a hopper of 5 filled at once) and each desk count, two
runs of ``--seconds`` each:

- **app**: what a desk's hopper does per claim: ``engine.begin()`` on an engine made by
  ``make_engine`` (pool pre-ping on), ``desk_feed.callable_zones`` (the calling window,
  in Python) and ``desk_feed.claim_leads`` for that many leads;
- **raw**: the very statements the app sent (captured from one app claim by a
  SQLAlchemy cursor event) replayed with plain psycopg: same text, same parameters with
  this desk's user and desk id, one transaction per claim; no SQLAlchemy, no pre-ping,
  no Python zone filtering.

Desks are threads spread over ``--procs`` processes (so one GIL does not cap them); each
claim is timed from asking for a connection to the commit, so waiting for a connection
counts. Desks never hold more connections than the server can give: above the budget
(``--connections``, capped by ``max_connections`` minus the connections in use) desks
share a bounded pool per process, as logical clients; the output says so.

Each desk claims as itself (``desk-007``); a claim never returns a lead the desk holds.
Claimed leads stay leased until the run ends (as leads being worked do), then every lease
is cleared and the table vacuumed, so each run starts from the same state.

The table counts both **leads leased per second** and **claims (transactions) per
second**; they differ when a claim leases several leads. After it: where the app's time
goes on one connection (raw statement, pre-ping, zone filtering, SQLAlchemy).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import multiprocessing as mp
import pstats
import queue
import re
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import psycopg
from _common import SHANGHAI_MORNING, machine, print_table, spread, verdict
from sqlalchemy import Engine, event, insert, text
from sqlalchemy.engine import make_url

from agent_desk.store import desk_feed, schema
from agent_desk.store.engine import make_engine, normalize_url
from agent_desk.store.migrate import upgrade_to_head

NOW = SHANGHAI_MORNING  # Wednesday 10:00 in Shanghai: inside the campaign's window
LEASE = timedelta(minutes=15)
USER_BASE = 100_000  # user ids no other claim parameter can equal (see Replay)
CAPTURE_DESK = "bench-capture"
GOAL_CLAIMS_S = 5000
GOAL_RATIO = 2.0


# -- the database ---------------------------------------------------------------------------


def create_database(admin_url: str) -> str:
    name = f"agent_desk_bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return normalize_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    admin.dispose()


def libpq_url(url: str) -> str:
    """The URL without SQLAlchemy's driver name, for psycopg.connect."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def seed(url: str, leads: int, desks: int) -> None:
    """Schema, a team with one rep per desk, a campaign and ``leads`` pooled leads."""
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
                    for i in range(desks + 1)
                ],
            )  # fmt: skip
        with psycopg.connect(libpq_url(url)) as raw, raw.cursor() as cursor:
            columns = (
                "id, campaign_id, phone_e164, name, company, extra, timezone, pool_team_id, "
                "priority, status, attempts, imported_at"
            )
            with cursor.copy(f"COPY leads ({columns}) FROM STDIN") as copy:
                for i in range(leads):
                    copy.write_row(
                        (uuid.uuid4(), team.campaign_id, f"+8613{i:09d}", f"客户{i}", "", "{}",
                         "Asia/Shanghai", team_id, 100 + i % 50, "new", 0, NOW)
                    )  # fmt: skip
        vacuum(url)
    finally:
        engine.dispose()


def vacuum(url: str, reset: bool = False) -> None:
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        if reset:
            conn.execute(
                "UPDATE leads SET lease_user_id = NULL, lease_desk = NULL, "
                "lease_expires_at = NULL WHERE lease_desk IS NOT NULL"
            )
        conn.execute("VACUUM ANALYZE leads")


def connection_budget(url: str, wanted: int) -> tuple[int, int]:
    """How many connections the runs may hold, and the server's max_connections."""
    with psycopg.connect(libpq_url(url)) as conn:
        row = conn.execute(
            "SELECT current_setting('max_connections')::int, "
            "current_setting('superuser_reserved_connections')::int, "
            "(SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')"
        ).fetchone()
    assert row is not None
    maximum, reserved, in_use = row
    return max(1, min(wanted, maximum - reserved - in_use - 5)), maximum


# -- the claim: app path and its raw replay -------------------------------------------------


@dataclass
class Desk:
    """What one claiming desk needs, made before the clock starts."""

    me: desk_feed.Identity
    campaign: Any
    zones: list[str]


def load_desks(engine: Engine, indexes: list[int]) -> dict[int, Desk]:
    with engine.connect() as conn:
        campaign = desk_feed.campaigns(conn)[0]
        zones = desk_feed.campaign_zones(conn, campaign.id)
        return {
            i: Desk(desk_feed.identify(conn, f"bench{i:03d}"), campaign, zones) for i in indexes
        }


def app_claim(engine: Engine, desk: Desk, slot: str, count: int) -> list[uuid.UUID]:
    with engine.begin() as conn:
        allowed = desk_feed.callable_zones(desk.campaign, desk.zones, NOW)
        rows = desk_feed.claim_leads(conn, desk.me, slot, desk.campaign, allowed, count, NOW, LEASE)
    return [row["id"] for row in rows]


@dataclass
class Replay:
    """The statements one app claim sent, to be sent again by plain psycopg."""

    statements: list[tuple[str, Any]]
    claimed: list[uuid.UUID]
    count: int

    @classmethod
    def capture(cls, url: str, count: int) -> Replay:
        engine = make_engine(url)
        sent: list[tuple[str, Any]] = []

        def record(conn: Any, cursor: Any, statement: str, params: Any, *args: Any) -> None:
            sent.append((statement, params))

        try:
            desk = load_desks(engine, [0])[0]  # bench000 is user USER_BASE
            event.listen(engine, "before_cursor_execute", record)
            claimed = app_claim(engine, desk, CAPTURE_DESK, count)
            event.remove(engine, "before_cursor_execute", record)
        finally:
            engine.dispose()
        if not claimed:
            raise SystemExit("the capture claim got no lead: is the campaign callable at NOW?")
        return cls(sent, claimed, count)

    def describe(self) -> str:
        """The statements in short: a function call by its name, else their first words."""
        parts = []
        for sql, _ in self.statements:
            flat = " ".join(sql.split())
            called = re.search(r"FROM\s+([\w.]+)\(", flat)
            parts.append(f"SELECT ... FROM {called.group(1)}(...)" if called else flat[:70] + "...")
        return f"{len(parts)} statement(s): " + "; ".join(parts)

    def run(self, conn: psycopg.Connection[Any], user_id: int, slot: str) -> list[uuid.UUID]:
        """One claim as the app made it, for another desk; returns the claimed ids."""
        mapping: dict[Any, Any] = {CAPTURE_DESK: slot, USER_BASE + 0: user_id}
        claimed: list[uuid.UUID] = []
        with conn.cursor() as cursor:
            for sql, params in self.statements:
                if _mentions(params, self.claimed) and not claimed:
                    break  # the app stops here too when nothing was found
                mapping.update(zip(self.claimed, claimed, strict=False))
                cursor.execute(sql, _swap(params, mapping))
                if cursor.description and cursor.description[0].name == "id":
                    claimed = [row[0] for row in cursor.fetchall()]
        conn.commit()
        return claimed


def _swap(value: Any, mapping: dict[Any, Any]) -> Any:
    if isinstance(value, dict):
        return {k: _swap(v, mapping) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_swap(v, mapping) for v in value)
    try:
        return mapping.get(value, value)
    except TypeError:  # unhashable: not one of ours
        return value


def _mentions(value: Any, wanted: list[uuid.UUID]) -> bool:
    if isinstance(value, dict):
        return any(_mentions(v, wanted) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_mentions(v, wanted) for v in value)
    return isinstance(value, uuid.UUID) and value in wanted


# -- one run: desks in processes, threads in each -------------------------------------------


@dataclass
class Result:
    claims: int = 0  # leads claimed inside the timed window
    transactions: int = 0  # claims (one transaction each) that ended inside the window
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, claims in the window
    ids: list[uuid.UUID] = field(default_factory=list)  # every lead claimed, window or not
    empty: int = 0  # claims that found nothing
    errors: list[str] = field(default_factory=list)

    def merge(self, other: Result) -> None:
        self.claims += other.claims
        self.transactions += other.transactions
        self.latencies += other.latencies
        self.ids += other.ids
        self.empty += other.empty
        self.errors += other.errors

    @property
    def rate(self) -> float:
        """Leads leased per second."""
        return self.claims / self.seconds if self.seconds else 0.0

    @property
    def transaction_rate(self) -> float:
        """Claims (transactions) per second."""
        return self.transactions / self.seconds if self.seconds else 0.0


def _client(
    mode: str,
    url: str,
    desks: list[int],
    connections: int,
    seconds: float,
    replay: Replay,
    ready: Any,
    start: Any,
    results: Any,
) -> None:
    """A client process: ``desks`` threads over ``connections`` connections."""
    result = Result(seconds=seconds)
    lock = threading.Lock()
    engine = make_engine(url, pool_size=connections, max_overflow=0, pool_timeout=600)
    pool: queue.LifoQueue[psycopg.Connection[Any]] = queue.LifoQueue()
    try:
        info = load_desks(engine, desks)
        if mode == "raw":
            engine.dispose()
            for _ in range(connections):
                pool.put(psycopg.connect(libpq_url(url)))
        else:  # open the pool's connections now, not on the clock
            held = [engine.connect() for _ in range(connections)]
            for conn in held:
                conn.close()
    except Exception as exc:
        ready.put(f"{exc.__class__.__name__}: {exc}")
        return
    ready.put("")
    start.wait()
    deadline = time.perf_counter() + seconds

    def work(index: int) -> None:
        desk, done = info[index], Result()
        try:
            slot = f"desk-{index:03d}"
            while (began := time.perf_counter()) < deadline:
                if mode == "app":
                    ids = app_claim(engine, desk, slot, replay.count)
                else:
                    conn = pool.get()
                    try:
                        ids = replay.run(conn, desk.me.user_id, slot)
                    finally:
                        pool.put(conn)
                ended = time.perf_counter()
                done.ids += ids
                done.empty += not ids
                if ended <= deadline:
                    done.claims += len(ids)
                    done.transactions += 1
                    done.latencies.append(ended - began)
        except Exception as exc:  # reported in the output
            done.errors.append(f"{exc.__class__.__name__}: {exc}")
        with lock:
            result.merge(done)

    threads = [threading.Thread(target=work, args=(i,)) for i in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    while not pool.empty():
        pool.get().close()
    results.put(result)


def run(
    mode: str, url: str, desks: int, connections: int, procs: int, seconds: float, replay: Replay
) -> Result:
    ctx = mp.get_context("fork")
    ready, start, results = ctx.Queue(), ctx.Event(), ctx.Queue()
    procs = max(1, min(procs, desks, connections))
    shares = [list(range(1 + p, desks + 1, procs)) for p in range(procs)]
    pools = [connections // procs + (p < connections % procs) for p in range(procs)]
    workers = [
        ctx.Process(
            target=_client,
            args=(
                mode,
                url,
                shares[p],
                min(pools[p], len(shares[p])),
                seconds,
                replay,
                ready,
                start,
                results,
            ),
        )
        for p in range(procs)
    ]
    for worker in workers:
        worker.start()
    problems = [ready.get(timeout=300) for _ in workers]
    if any(problems):
        start.set()
        raise SystemExit(f"a client could not start: {[p for p in problems if p]}")
    start.set()
    total = Result(seconds=seconds)
    for _ in workers:
        total.merge(results.get(timeout=seconds + 900))
    for worker in workers:
        worker.join()
    return total


def check_no_double_claim(url: str, result: Result) -> str:
    """ "" when every claimed lead is leased once, to the desk slot that claimed it."""
    if len(set(result.ids)) != len(result.ids):
        return f"{len(result.ids) - len(set(result.ids))} leads claimed twice"
    with psycopg.connect(libpq_url(url)) as conn:
        leased = conn.execute("SELECT count(*) FROM leads WHERE lease_desk IS NOT NULL")
        count = leased.fetchone()
    if count is None or count[0] != len(result.ids):
        return f"the server has {count} leases for {len(result.ids)} claims"
    return ""


# -- where the app's time goes --------------------------------------------------------------


def decompose(url: str, replay: Replay, seconds: float) -> list[list[object]]:
    """One connection per layer, one claim at a time, the layers taken in turn (so a busy
    machine slows them all alike): each layer of the app's claim on its own."""
    pinged = make_engine(url, pool_size=1)
    unpinged = make_engine(url, pool_size=1, pool_pre_ping=False)
    desk = load_desks(pinged, [1])[1]
    raw = psycopg.connect(libpq_url(url))

    def empty_transaction(n: int) -> None:
        with pinged.begin():
            pass

    count = replay.count
    layers: list[tuple[str, Any]] = [
        ("raw statement(s), plain psycopg",
         lambda n: replay.run(raw, desk.me.user_id, "dec-raw")),
        ("app claim, pool pre-ping off", lambda n: app_claim(unpinged, desk, "dec-np", count)),
        ("app claim as shipped (pre-ping on)", lambda n: app_claim(pinged, desk, "dec", count)),
        ("  engine.begin() + commit, nothing in it", empty_transaction),
        ("  desk_feed.callable_zones alone",
         lambda n: desk_feed.callable_zones(desk.campaign, desk.zones, NOW)),
    ]  # fmt: skip
    samples: list[list[float]] = [[] for _ in layers]
    deadline = time.perf_counter() + seconds
    try:
        n = 0
        while time.perf_counter() < deadline:
            for (_, once), times in zip(layers, samples, strict=True):
                began = time.perf_counter()
                once(n)
                times.append(time.perf_counter() - began)
            n += 1
    finally:
        raw.close()
        pinged.dispose()
        unpinged.dispose()
    base = spread(samples[0])["p50"]
    return [
        [label, len(times), spread(times)["p50"] * 1e6, spread(times)["p99"] * 1e6,
         f"{(spread(times)['p50'] - base) * 1e6:+.0f}" if i in (1, 2) else ""]
        for i, ((label, _), times) in enumerate(zip(layers, samples, strict=True))
    ]  # fmt: skip


DECOMPOSE_HEADERS = ["layer", "claims", "p50 us", "p99 us", "p50 vs raw"]


def profile(url: str, seconds: float) -> str:
    engine = make_engine(url, pool_size=1)
    desk = load_desks(engine, [1])[1]
    profiler = cProfile.Profile()
    deadline, n = time.perf_counter() + seconds, 0
    profiler.enable()
    while time.perf_counter() < deadline:
        app_claim(engine, desk, "prof", 1)
        n += 1
    profiler.disable()
    engine.dispose()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(14)
    return out.getvalue()


# -- main -------------------------------------------------------------------------------------


def measure(
    url: str, desk_counts: list[int], budget: int, args: argparse.Namespace, replay: Replay
) -> tuple[list[list[object]], dict[tuple[int, str], Result], list[str]]:
    rows: list[list[object]] = []
    results: dict[tuple[int, str], Result] = {}
    problems: list[str] = []
    for desks in desk_counts:
        connections = min(desks, budget)
        for mode in ("app", "raw"):
            result = run(mode, url, desks, connections, args.procs, args.seconds, replay)
            double = check_no_double_claim(url, result)
            problems += [f"{desks} desks, {mode}: {p}" for p in [double, *result.errors[:3]] if p]
            if result.empty:  # not wrong, but the rate then counts claims that found nothing
                print(f"note: {desks} desks, {mode}: {result.empty} claims found no lead")
            vacuum(url, reset=True)
            results[(desks, mode)] = result
        app, raw = results[(desks, "app")], results[(desks, "raw")]
        ms = {
            m: spread([x * 1000 for x in r.latencies] or [0.0])
            for m, r in (("app", app), ("raw", raw))
        }
        ratio = raw.rate / app.rate if app.rate else float("inf")
        shared = "" if connections == desks else f" ({desks / connections:.1f} desks/conn)"
        rows.append(
            [f"{desks} desks{shared}", connections, replay.count, app.rate,
             app.transaction_rate, raw.rate, f"{ratio:.2f}x", ms["app"]["p50"],
             ms["app"]["p99"], ms["raw"]["p99"], app.claims + raw.claims]
        )  # fmt: skip
    return rows, results, problems


HEADERS = ["claims", "conns", "leads/claim", "app leads/s", "app claims/s", "raw leads/s",
           "raw/app", "app p50 ms", "app p99 ms", "raw p99 ms", "claimed"]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k leads, 1.5 s runs (< 30 s)")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--leads", type=int, help="callable leads (default 100000)")
    parser.add_argument("--seconds", type=float, help="length of each run (default 5)")
    parser.add_argument("--desks", help="desk counts, comma separated (default 1,16,200)")
    parser.add_argument("--per-claim", default="1,5", help="leads per claim, comma separated")
    parser.add_argument("--procs", type=int, default=4, help="client processes")
    parser.add_argument("--connections", type=int, default=80, help="connection budget")
    parser.add_argument("--profile", action="store_true", help="cProfile the app claim")
    args = parser.parse_args()
    args.leads = args.leads or (10_000 if args.quick else 100_000)
    args.seconds = args.seconds or (1.5 if args.quick else 5.0)
    desk_counts = [int(d) for d in (args.desks or ("200" if args.quick else "1,16,200")).split(",")]
    per_claim = [int(n) for n in args.per_claim.split(",")]

    print(f"lead claims on PostgreSQL; {machine()}")
    url = create_database(args.pg)
    top = max(desk_counts)
    results: dict[int, dict[tuple[int, str], Result]] = {}
    problems: list[str] = []
    try:
        started = time.perf_counter()
        seed(url, args.leads, top)
        budget, max_connections = connection_budget(url, args.connections)
        print(f"{args.leads} pooled leads in one campaign, loaded in "
              f"{time.perf_counter() - started:.1f}s; runs of {args.seconds:g}s; "
              f"client processes: {args.procs}")  # fmt: skip
        print(f"connections: max_connections={max_connections}; runs hold at most {budget} "
              "(desks above that share a pool per process, as logical clients)")  # fmt: skip
        decompose_s = 0.6 if args.quick else 2.0
        for count in per_claim:
            replay = Replay.capture(url, count)
            vacuum(url, reset=True)
            print(f"\n{count} lead(s) per claim; app claim path: desk_feed.claim_leads -> "
                  f"{replay.describe()}")  # fmt: skip
            rows, results[count], more = measure(url, desk_counts, budget, args, replay)
            problems += more
            print_table(HEADERS, rows)
            print("\nwhere an app claim's time goes (one connection, one claim at a time):")
            print_table(DECOMPOSE_HEADERS, decompose(url, replay, decompose_s))
            vacuum(url, reset=True)
        if args.profile:
            print(profile(url, 2.0))
            vacuum(url, reset=True)
    finally:
        drop_database(args.pg, url)

    for problem in problems:
        print(f"problem: {problem}")
    parts, passed = [], False
    for count, by_run in results.items():
        app, raw = by_run[(top, "app")], by_run[(top, "raw")]
        ratio = raw.rate / app.rate if app.rate else float("inf")
        p99 = spread(app.latencies or [0.0])["p99"] * 1000
        passed |= app.rate >= GOAL_CLAIMS_S and ratio <= GOAL_RATIO
        parts.append(
            f"{count} lead(s) per claim: app {app.rate:,.0f} leads/s in "
            f"{app.transaction_rate:,.0f} claims/s, raw {raw.rate:,.0f} leads/s, raw/app "
            f"{ratio:.2f}x, app p99 {p99:,.0f} ms"
        )
    print(
        verdict(
            passed and not problems,
            f"{top} desks, {args.leads:,} leads (goal >= {GOAL_CLAIMS_S:,} leads/s, raw/app <= "
            f"{GOAL_RATIO:g}x, at any leads per claim): "
            + "; ".join(parts)
            + "; "
            + ("no lead claimed twice" if not problems else f"{len(problems)} problem(s)"),
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
