"""A big shared database for the team view benchmark: teams, reps and a year of calls.

Usage (normally through ``bench_team_view.py``)::

    .venv/bin/python bench/team_data.py [--reps 500] [--calls 5000000] [--keep]

What it makes, on its own PostgreSQL database (schema at head, as ``agent-desk-admin
init`` makes it): ``reps / 20`` teams of 20 reps and a supervisor each, one campaign with
the standard outcomes, ``calls / 5`` leads (each rep's own), and ``calls`` call records
spread over the 365 days up to ``NOW`` (Wednesday 2026-11-25 10:00 in Shanghai; 09:00-18:00
local on past days, 09:00-10:00 today), 35% answered. Nearly every call has a wrap-up
(a few of the last minutes' are still open), outcomes drawn per answered/unanswered call;
2% of the not-interested ones are amended an hour later into interested; 0.5% of the calls
are training and 0.05% were flagged after a lost lease. From the wrap-ups: callbacks
(open when due within the last 3 days or later, 20% for the team), complaints (open for
the last 7 days), a confirmed shift summary per rep and day, a live state per rep, and
monthly targets for the year.

How, fast enough (minutes, not hours): rows are generated inside PostgreSQL with
``generate_series`` (no client round trips; the brief said COPY, but generating on the
server skips even the text encoding), with ``session_replication_role = replica`` so no
trigger fires (neither the rollup triggers nor the foreign-key checks; the data is
consistent by construction), secondary indexes dropped during the load and rebuilt
after, then one call of ``agent_desk_rebuild_team_figures()`` fills the rollups, a sample
of reps is checked against ``domain.kpi.compute`` over their raw rows, and ``VACUUM
ANALYZE`` leaves the tables as a long-running server would have them.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from _common import SHANGHAI_MORNING
from bench_claims import create_database, drop_database, libpq_url
from sqlalchemy import text

from agent_desk.domain.kpi import AttemptFact, Figures, compute
from agent_desk.domain.outcomes import STANDARD_OUTCOMES, IntentLevel
from agent_desk.store import security
from agent_desk.store.engine import make_engine
from agent_desk.store.migrate import upgrade_to_head

NOW = SHANGHAI_MORNING
TODAY = date(2026, 11, 25)
DAYS = 365
TEAM_SIZE = 20
PASSWORD = "bench-team-view"
SUPERVISOR = "bench_team_sup"
ADMIN = "bench_team_admin"
BIG_TABLES = ("leads", "call_records", "wrapups", "callbacks", "complaints", "shift_summaries")

# (answered, code, share from, share to, intent): how a call ends.
OUTCOME_PLAN = [
    (False, "no_answer", 0.00, 0.60, None),
    (False, "busy", 0.60, 0.80, None),
    (False, "voicemail", 0.80, 0.95, None),
    (False, "wrong_number", 0.95, 1.00, None),
    (True, "not_interested", 0.00, 0.50, "C"),
    (True, "callback", 0.50, 0.65, "B"),
    (True, "interested", 0.65, 0.80, "A"),
    (True, "sale", 0.80, 0.90, "A"),
    (True, "dnc", 0.90, 0.95, "D"),
    (True, "complaint", 0.95, 0.96, "D"),
    (True, "wrong_number", 0.96, 1.00, None),
]


@dataclass(frozen=True)
class Built:
    url: str
    reps: int
    calls: int
    seconds: dict[str, float]
    supervisor: str
    admin: str
    team_id: int  # the supervisor's team


def _timed(seconds: dict[str, float], name: str, work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = work()
    seconds[name] = time.perf_counter() - started
    print(f"  {name:<28} {seconds[name]:7.1f} s", flush=True)
    return result


def _people(url: str, reps: int) -> tuple[int, list[int]]:
    """Teams, reps, supervisors, the two bench logins, the campaign; returns it and reps."""
    from tests.desk.conftest import seed_team

    engine = make_engine(url)
    try:
        upgrade_to_head(engine)
        seeded = seed_team(engine, leads=0, now=NOW)  # Team 1, rep1/rep2, campaign "bb"
        with engine.begin() as conn:
            teams = max(reps // TEAM_SIZE, 1)
            conn.execute(
                text("INSERT INTO teams (name, created_at) SELECT 'Team ' || t, :now"
                     " FROM generate_series(2, :teams) t"),
                {"now": NOW, "teams": teams},
            )  # fmt: skip
            conn.execute(
                text("UPDATE users SET display_name = '代表 ' || username WHERE role = 'rep'")
            )
            conn.execute(
                text(
                    "INSERT INTO users (username, display_name, role, team_id, active, created_at)"
                    " SELECT 'rep' || r, '代表 rep' || r, 'rep', t.id, true, :now"
                    " FROM generate_series(3, :reps) r"
                    " JOIN teams t ON t.name = 'Team ' || ((r - 1) / :size + 1)"
                ),
                {"now": NOW, "reps": reps, "size": TEAM_SIZE},
            )
            conn.execute(
                text(
                    "INSERT INTO users (username, display_name, role, team_id, active, created_at)"
                    " SELECT 'sup' || t.id, '主管 ' || t.name, 'supervisor', t.id, true, :now"
                    " FROM teams t"
                ),
                {"now": NOW},
            )
            team_one = conn.scalar(text("SELECT id FROM teams WHERE name = 'Team 1'"))
            for name, role, team in ((SUPERVISOR, "supervisor", team_one), (ADMIN, "admin", None)):
                conn.execute(
                    text("INSERT INTO users (username, display_name, role, team_id, active,"
                         " db_role, created_at) VALUES (:n, :n, :r, :t, true, :n, :now)"),
                    {"n": name, "r": role, "t": team, "now": NOW},
                )  # fmt: skip
                security.ensure_login_role(conn, name, role, PASSWORD)
            rep_ids = list(
                conn.scalars(text("SELECT id FROM users WHERE role = 'rep' ORDER BY id"))
            )
            conn.execute(
                text(
                    "INSERT INTO monthly_targets (user_id, month, calls, contacts, interested,"
                    " sales_cents) SELECT u.id, '2026-' || lpad(m::text, 2, '0'), 600, 200,"
                    " 60, 10000000 FROM users u CROSS JOIN generate_series(1, 12) m"
                    " WHERE u.role = 'rep'"
                )
            )
    finally:
        engine.dispose()
    return seeded.campaign_id, rep_ids


CALLS_SQL = """
INSERT INTO call_records (id, lead_id, campaign_id, user_id, desk_id, direction, phone_e164,
    line_backend, started_at, answered_at, ended_at, ring_count, talk_seconds, end_reason,
    training, flag, received_at)
SELECT md5('call' || g.i)::uuid, md5('lead' || mod(g.i, %(leads)s))::uuid, %(campaign)s,
       (%(reps)s::int[])[mod(g.i, %(nreps)s) + 1], 'desk-' || mod(g.i, %(nreps)s), 'out',
       '+86138' || lpad(mod(g.i, %(leads)s)::text, 8, '0'), 'simulated',
       g.started, CASE WHEN g.answered THEN g.started + interval '8 seconds' END,
       g.started + interval '8 seconds' + make_interval(secs => g.talk),
       CASE WHEN g.answered THEN 2 ELSE 5 END, g.talk,
       CASE WHEN g.answered THEN 'agent_hangup' ELSE 'no_answer' END,
       g.r3 < 0.005, CASE WHEN g.r3 > 0.9995 THEN 'lease_lost' END,
       g.started + interval '1 minute'
FROM (
    SELECT s.i, s.answered,
           CASE WHEN s.answered THEN 20 + floor(s.r2 * 580)::int ELSE 0 END AS talk,
           %(today)s::timestamptz - make_interval(days => s.d) + interval '1 hour'
               + (CASE WHEN s.d = 0 THEN 1 ELSE 9 END) * s.r4 * interval '1 hour' AS started,
           s.r3
    FROM (
        SELECT i, mod(i / %(nreps)s, %(days)s)::int AS d, random() < 0.35 AS answered,
               random() AS r2, random() AS r3, random() AS r4
        FROM generate_series(%(first)s, %(last)s) i
    ) s
) g
"""

WRAPUPS_SQL = """
INSERT INTO wrapups (id, call_id, lead_id, user_id, contact_time, person, outcome_code,
    is_contact, is_sale, intent, tags, note, amount_cents, followup_at, complaint_summary,
    opening_done, satisfaction, amends_id, amend_reason, training, created_at, received_at)
SELECT md5('wrap' || c.id)::uuid, c.id, c.lead_id, c.user_id,
       coalesce(c.answered_at, c.started_at),
       CASE WHEN o.contact THEN '本人' ELSE '(none)' END, o.code, o.contact, o.sale,
       CASE WHEN o.code = 'not_interested' AND c.r2 < 0.5 THEN 'D' ELSE o.intent END,
       '[]', '', CASE WHEN o.sale THEN 50000 + floor(c.r2 * 500000)::bigint END,
       CASE WHEN o.callback THEN c.ended_at + interval '2 days' END,
       CASE WHEN o.code = 'complaint' THEN '客户投诉来电太频繁' ELSE '' END,
       true,
       -- Two contacts in five rated by the customer, 1 to 5.
       CASE WHEN o.contact AND c.r5 < 0.4 THEN 1 + floor(c.r5 * 12.5)::int END,
       NULL, '', c.training, c.ended_at + interval '30 seconds',
       c.ended_at + interval '1 minute'
FROM (
    SELECT c.*, random() AS r, random() AS r2, random() AS r5 FROM call_records c
) c
JOIN bench_outcomes o ON o.answered = (c.answered_at IS NOT NULL) AND c.r >= o.lo AND c.r < o.hi
WHERE NOT (c.started_at > %(now)s::timestamptz - interval '10 minutes' AND c.r2 < 0.3)
"""

AMENDMENTS_SQL = """
INSERT INTO wrapups (id, call_id, lead_id, user_id, contact_time, person, outcome_code,
    is_contact, is_sale, intent, tags, note, amount_cents, followup_at, complaint_summary,
    opening_done, satisfaction, amends_id, amend_reason, training, created_at, received_at)
SELECT md5('amend' || w.id)::uuid, w.call_id, w.lead_id, w.user_id, w.contact_time, w.person,
       'interested', true, false, 'B', '[]', '', NULL, w.created_at + interval '2 days', '',
       true, CASE WHEN w.satisfaction IS NOT NULL THEN 4 END, w.id, '听错了,客户有意向',
       w.training, w.created_at + interval '1 hour',
       w.created_at + interval '1 hour'
FROM wrapups w
WHERE w.outcome_code = 'not_interested' AND w.created_at < %(now)s::timestamptz - interval '1 hour'
  AND random() < 0.02
"""

CALLBACKS_SQL = """
INSERT INTO callbacks (id, lead_id, wrapup_id, owner_user_id, team_id, created_by, due_at,
    status, created_at, closed_at)
SELECT md5('cb' || w.id)::uuid, w.lead_id, w.id,
       CASE WHEN random() < 0.2 THEN NULL ELSE w.user_id END, u.team_id, w.user_id,
       w.followup_at,
       CASE WHEN w.followup_at > %(now)s::timestamptz - interval '3 days' THEN 'open'
            ELSE 'done' END,
       w.created_at,
       CASE WHEN w.followup_at <= %(now)s::timestamptz - interval '3 days' THEN w.followup_at END
FROM wrapups w JOIN users u ON u.id = w.user_id
WHERE w.followup_at IS NOT NULL AND NOT w.training
"""

COMPLAINTS_SQL = """
INSERT INTO complaints (id, call_id, wrapup_id, lead_id, user_id, summary, transferred, status,
    created_at, handled_at, handled_by)
SELECT md5('complaint' || w.id)::uuid, w.call_id, w.id, w.lead_id, w.user_id,
       w.complaint_summary, random() < 0.5,
       CASE WHEN w.created_at > %(now)s::timestamptz - interval '7 days' THEN 'open'
            ELSE 'handled' END,
       w.created_at,
       CASE WHEN w.created_at <= %(now)s::timestamptz - interval '7 days'
            THEN w.created_at + interval '1 day' END,
       CASE WHEN w.created_at <= %(now)s::timestamptz - interval '7 days' THEN 'cs' END
FROM wrapups w WHERE w.outcome_code = 'complaint' AND NOT w.training
"""

SHIFTS_SQL = """
INSERT INTO shift_summaries (id, user_id, desk_id, started_at, ended_at, dials, contacts,
    talk_seconds, intents, callbacks_set, sales_count, sales_cents, note, confirmed_at)
SELECT md5('shift' || f.user_id || f.day)::uuid, f.user_id, 'desk-' || f.user_id,
       f.day::timestamptz + interval '1 hour', f.day::timestamptz + interval '10 hours',
       f.dials, f.contacts, f.talk_seconds,
       jsonb_build_object('A', f.intent_a, 'B', f.intent_b, 'C', f.intent_c, 'D', f.intent_d),
       f.callbacks_set, f.sales_count, f.sales_cents, '',
       f.day::timestamptz + interval '10 hours 1 minute'
FROM rep_day_figures f WHERE f.day < %(today)s::date
"""

STATES_SQL = """
INSERT INTO agent_states (user_id, desk_id, state, reason, since, current_lead_id,
    current_phone_masked, outbox_waiting, heartbeat_at)
SELECT u.id, 'desk-' || u.id,
       (ARRAY['ready', 'on_call', 'wrapup', 'paused', 'dialing', 'offline'])[mod(u.id, 6) + 1],
       CASE WHEN mod(u.id, 6) = 3 THEN (ARRAY['break', 'lunch'])[mod(u.id, 2) + 1] ELSE '' END,
       %(now)s::timestamptz - make_interval(secs => mod(u.id * 97, 1500)),
       CASE WHEN mod(u.id, 6) IN (1, 2, 4) THEN l.id END,
       CASE WHEN mod(u.id, 6) IN (1, 2, 4) THEN '+86 138****0000' ELSE '' END,
       CASE WHEN mod(u.id, 6) = 5 THEN mod(u.id, 4) ELSE 0 END,
       %(now)s::timestamptz
           - make_interval(secs => CASE WHEN mod(u.id, 10) = 0 THEN 600 ELSE 10 END)
FROM users u
LEFT JOIN LATERAL (SELECT id FROM leads WHERE assigned_user_id = u.id LIMIT 1) l ON true
WHERE u.role = 'rep'
"""


def _outcome_table(cur: psycopg.Cursor[Any]) -> None:
    flags = {o.code: o for o in STANDARD_OUTCOMES}
    cur.execute(
        "CREATE TEMP TABLE bench_outcomes (answered boolean, code text, lo float8, hi float8,"
        " intent text, contact boolean, sale boolean, callback boolean)"
    )
    for answered, code, lo, hi, intent in OUTCOME_PLAN:
        o = flags[code]
        cur.execute(
            "INSERT INTO bench_outcomes VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            (answered, code, lo, hi, intent, o.contact, o.sale, o.callback),
        )


def _secondary_indexes(cur: psycopg.Cursor[Any]) -> list[tuple[str, str]]:
    """(name, definition) of the big tables' indexes that back no constraint."""
    cur.execute(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x"
        " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
        " WHERE t.relname = ANY(%s) AND NOT EXISTS"
        " (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
        (list(BIG_TABLES),),
    )
    return [(name, definition) for name, definition in cur.fetchall()]


def build(admin_url: str, reps: int, calls: int) -> Built:
    """Create and fill the database; returns where it is and how long each step took."""
    if reps < TEAM_SIZE or reps % TEAM_SIZE:
        raise SystemExit(f"--reps must be a multiple of {TEAM_SIZE}")
    seconds: dict[str, float] = {}
    url = create_database(admin_url)
    print(f"building {reps} reps, {calls:,} calls in {url.rsplit('/', 1)[-1]}", flush=True)
    campaign, rep_ids = _timed(seconds, "schema, people, targets", lambda: _people(url, reps))
    leads = max(calls // 5 // reps, 1) * reps
    params: dict[str, Any] = {
        "campaign": campaign, "reps": rep_ids, "nreps": len(rep_ids), "leads": leads,
        "days": DAYS, "today": TODAY.isoformat() + " 00:00+00", "now": NOW,
    }  # fmt: skip
    with psycopg.connect(libpq_url(url), autocommit=True) as pg, pg.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET work_mem = '256MB'")
        cur.execute("SET synchronous_commit = off")
        cur.execute("SET session_replication_role = replica")  # no triggers, no FK checks
        cur.execute("SELECT setseed(0.20261125)")
        indexes = _secondary_indexes(cur)
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        _outcome_table(cur)

        def load_leads() -> None:
            cur.execute(
                "INSERT INTO leads (id, campaign_id, phone_e164, name, company, extra, timezone,"
                " assigned_user_id, priority, status, attempts, imported_at)"
                " SELECT md5('lead' || j)::uuid, %(campaign)s,"
                " '+86138' || lpad(j::text, 8, '0'), '客户' || j, '', '{}', 'Asia/Shanghai',"
                " (%(reps)s::int[])[mod(j, %(nreps)s) + 1], 100, 'active', 5,"
                " %(now)s::timestamptz - interval '400 days'"
                " FROM generate_series(0, %(leads)s - 1) j",
                params,
            )

        def load_calls() -> None:
            step = 1_000_000
            for first in range(0, calls, step):
                cur.execute(CALLS_SQL, {**params, "first": first,
                                        "last": min(first + step, calls) - 1})  # fmt: skip

        _timed(seconds, f"leads ({leads:,})", load_leads)
        _timed(seconds, f"call records ({calls:,})", load_calls)
        _timed(seconds, "wrap-ups", lambda: cur.execute(WRAPUPS_SQL, params))
        _timed(seconds, "amendments", lambda: cur.execute(AMENDMENTS_SQL, params))
        _timed(seconds, "callbacks", lambda: cur.execute(CALLBACKS_SQL, params))
        _timed(seconds, "complaints", lambda: cur.execute(COMPLAINTS_SQL, params))
        _timed(seconds, "live states", lambda: cur.execute(STATES_SQL, params))

        def rebuild_indexes() -> None:
            for _, definition in indexes:
                cur.execute(definition)

        _timed(seconds, f"indexes ({len(indexes)})", rebuild_indexes)
        cur.execute("SET session_replication_role = origin")
        _timed(
            seconds,
            "rollups (one rebuild)",
            lambda: cur.execute("SELECT agent_desk_rebuild_team_figures()"),
        )
        _timed(seconds, "shift summaries", lambda: cur.execute(SHIFTS_SQL, params))
        _timed(seconds, "vacuum analyze", lambda: cur.execute("VACUUM ANALYZE"))
        cur.execute("SELECT id FROM teams WHERE name = 'Team 1'")
        row = cur.fetchone()
        assert row is not None
        team_id = int(row[0])
    _timed(
        seconds, "check a sample of reps", lambda: check_sample(url, rep_ids[:: len(rep_ids) // 4])
    )
    seconds["total"] = sum(seconds.values())
    return Built(url, reps, calls, seconds, SUPERVISOR, ADMIN, team_id)


def check_sample(url: str, rep_ids: list[int]) -> None:
    """Each sampled rep's rollup days equal kpi.compute over their raw rows."""
    outcomes = {o.code: o for o in STANDARD_OUTCOMES}
    zone = ZoneInfo("Asia/Shanghai")
    with psycopg.connect(libpq_url(url)) as pg, pg.cursor() as cur:
        for rep in rep_ids:
            cur.execute(
                "SELECT c.id, c.started_at, c.talk_seconds, c.training FROM call_records c"
                " WHERE c.user_id = %s",
                (rep,),
            )
            calls = cur.fetchall()
            cur.execute(
                "SELECT call_id, created_at, amends_id IS NOT NULL, id, outcome_code, intent,"
                " amount_cents, satisfaction FROM wrapups WHERE user_id = %s",
                (rep,),
            )
            latest: dict[Any, tuple[Any, ...]] = {}
            for row in cur.fetchall():
                if row[0] not in latest or row[1:4] > latest[row[0]][1:4]:
                    latest[row[0]] = row
            by_day: dict[date, list[AttemptFact]] = defaultdict(list)
            for call_id, started, talk, training in calls:
                w = latest.get(call_id)
                by_day[started.astimezone(zone).date()].append(
                    AttemptFact(
                        started, talk, None if w is None else outcomes[w[4]],
                        None if w is None or w[5] is None else IntentLevel(w[5]),
                        None if w is None or w[6] is None else Decimal(w[6]) / 100, training,
                        None if w is None else w[7],
                    )
                )  # fmt: skip
            want = {d: compute(f) for d, f in by_day.items() if any(not x.training for x in f)}
            cur.execute(
                "SELECT day, dials, contacts, talk_seconds, intent_a, intent_b, intent_c,"
                " intent_d, sales_count, sales_cents, callbacks_set, satisfaction_count,"
                " satisfaction_sum FROM rep_day_figures"
                " WHERE user_id = %s",
                (rep,),
            )
            got = {
                r[0]: Figures(r[1], r[2], r[3], dict(zip(IntentLevel, r[4:8], strict=True)),
                              r[8], Decimal(r[9]) / 100, r[10], r[11], r[12])
                for r in cur.fetchall()
            }  # fmt: skip
            if got != want:
                raise SystemExit(f"rollups of rep {rep} differ from kpi.compute over the raw rows")


def drop(admin_url: str, url: str) -> None:
    drop_database(admin_url, url)
    engine = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for name in (SUPERVISOR, ADMIN):
            conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--reps", type=int, default=500)
    parser.add_argument("--calls", type=int, default=5_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the database (print its URL)")
    args = parser.parse_args()
    built = build(args.pg, args.reps, args.calls)
    print(f"built in {built.seconds['total']:.0f} s: {built.url}")
    if not args.keep:
        drop(args.pg, built.url)


if __name__ == "__main__":
    main()
