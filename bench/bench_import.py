"""Lead import against raw PostgreSQL COPY: how much does checking every row cost?

Usage::

    python bench/bench_import.py [--rows 200000 | --quick] [--repeat 3] [--as-admin] [--pg URL]

Generates a messy GBK lead list (``tests/store/messy_leads.py``: Chinese headers, +86
numbers in many spellings, garbage, duplicates, DNC hits), creates its own database on
the server (dropped at the end), and times

1. ``import_leads`` on PostgreSQL (as the superuser, or with ``--as-admin`` as an admin
   login, the way ``agent-desk-admin import-leads`` runs: row security on), with its
   breakdown: read, parse and stage (the main thread reads, checks and makes each chunk
   of rows into the insert's JSON parameter), insert (a worker thread inserts one chunk
   while the main thread works on the next: they overlap), wait (the main thread
   waiting for the worker) and rejects (the reject file, written while the last chunks
   go in);
2. a raw psycopg ``COPY`` of the very rows the import inserted, already normalised, back
   into ``leads`` (same table, indexes, constraints and foreign keys);
3. ``import_leads`` on a fresh SQLite file.

and prints the times, the ratio import / COPY (the design budget is 2x, the goal 1.5x)
and a one-line verdict. With ``--repeat N`` each PostgreSQL measurement is made N times,
each on a fresh database, and the medians are compared: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, insert, select, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _common import machine, verdict  # noqa: E402  (bench/ is the script's folder)

from agent_desk.store import people_repo  # noqa: E402
from agent_desk.store.engine import make_engine, normalize_url  # noqa: E402
from agent_desk.store.lead_import import ImportReport, import_leads  # noqa: E402
from agent_desk.store.migrate import upgrade_to_head  # noqa: E402
from agent_desk.store.schema import Campaign, DncNumber, Lead  # noqa: E402
from tests.store.messy_leads import MessyLeads, make_messy_csv  # noqa: E402

COLUMNS = (
    "id, campaign_id, phone_e164, name, company, extra, timezone, assigned_user_id, "
    "pool_team_id, priority, status, attempts, imported_at"
)


def prepare(engine: Engine, messy: MessyLeads) -> None:
    """Schema, a campaign, the DNC list and the numbers already in the campaign."""
    upgrade_to_head(engine)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        campaign_id = conn.scalar(
            insert(Campaign)
            .values(code="BENCH", name="bench", calling_policy={}, created_at=now)
            .returning(Campaign.id)
        )
        if messy.dnc:
            rows = [{"phone_e164": p, "source": "admin", "added_at": now} for p in messy.dnc]
            conn.execute(insert(DncNumber), rows)
        if messy.existing:
            leads = [
                {
                    "id": uuid.uuid4(),
                    "campaign_id": campaign_id,
                    "phone_e164": p,
                    "timezone": "Asia/Shanghai",
                    "imported_at": now,
                }
                for p in messy.existing
            ]
            conn.execute(insert(Lead), leads)


def timed_import(engine: Engine, messy: MessyLeads, now: datetime) -> ImportReport:
    report = import_leads(engine, messy.path, "BENCH", actor="bench", now=now)
    counts = {k: report.to_json()[k] for k in ("total", "imported", "duplicate", "dnc", "invalid")}
    expected = {k: messy.expected[k] for k in counts}
    if counts != expected:
        raise SystemExit(f"wrong counts: {counts}, expected {expected}")
    return report


def raw_copy(engine: Engine, imported_at: datetime) -> float:
    """Time COPY of the imported rows, as they are in ``leads``, back into ``leads``.

    Same table, indexes, constraints and foreign keys; only the campaign (a second one)
    and the ids differ, which is all that keeps the rows from conflicting.
    """
    with engine.begin() as conn:
        twin = conn.scalar(
            insert(Campaign)
            .values(code="BENCHCOPY", name="copy", calling_policy={}, created_at=imported_at)
            .returning(Campaign.id)
        )
        rows = [
            (uuid.uuid4(), twin, *row[2:5], json.dumps(row[5], ensure_ascii=False), *row[6:])
            for row in conn.execute(
                select(text(COLUMNS)).select_from(Lead).where(Lead.imported_at == imported_at)
            )
        ]
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None
        started = time.perf_counter()
        with driver.cursor() as cursor, cursor.copy(f"COPY leads ({COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        driver.commit()
        return time.perf_counter() - started
    finally:
        raw.close()


def breakdown(report: ImportReport) -> str:
    parts = ", ".join(f"{k[:-2]} {v:.2f}s" for k, v in report.timings.items())
    return f"{report.elapsed_s:.2f}s ({parts})"


def measure_postgres(
    server_url: str, messy: MessyLeads, as_admin: bool
) -> tuple[ImportReport, float]:
    """One import and one raw COPY of its rows, on a database of their own.

    With ``as_admin`` the import logs in as an admin, as ``agent-desk-admin
    import-leads`` does: row security applies (admins go through policies), so COPY
    may only fill the import's staging. The raw COPY runs as the server's superuser.
    """
    name = f"agent_desk_bench_{uuid.uuid4().hex[:10]}"
    login = f"bench_admin_{uuid.uuid4().hex[:8]}" if as_admin else None
    server = make_engine(server_url, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine = make_engine(normalize_url(server_url).set(database=name))
    importer = engine
    try:
        prepare(engine, messy)
        if login is not None:
            password = uuid.uuid4().hex
            with Session(engine) as session, session.begin():
                people_repo.add_user(session, login, role="admin", actor="bench", password=password)
            importer = make_engine(engine.url.set(username=login, password=password))
        now = datetime.now(UTC)
        report = timed_import(importer, messy, now)
        assert report.reject_path is not None
        report.reject_path.unlink()
        return report, raw_copy(engine, now)
    finally:
        importer.dispose()
        engine.dispose()
        with server.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if login is not None:
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{login}"')
        server.dispose()


GOAL, BUDGET = 1.5, 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None, help="data rows (default 200000)")
    parser.add_argument("--quick", action="store_true", help="5000 rows (smoke test)")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--repeat", type=int, default=1, help="PostgreSQL runs (medians)")
    parser.add_argument(
        "--as-admin", action="store_true", help="import as an admin login (row security on)"
    )
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite run")
    args = parser.parse_args()
    rows = args.rows or (5000 if args.quick else 200_000)
    print(f"lead import on PostgreSQL against raw COPY; {machine()}")

    with tempfile.TemporaryDirectory(prefix="bench_import_") as folder:
        started = time.perf_counter()
        messy = make_messy_csv(Path(folder) / "leads.csv", rows, seed=args.seed)
        size_mb = messy.path.stat().st_size / 1e6
        print(f"file: {rows} rows, {size_mb:.1f} MB GBK, made in "
              f"{time.perf_counter() - started:.1f}s; expected {messy.expected}")  # fmt: skip

        runs = [measure_postgres(args.pg, messy, args.as_admin) for _ in range(max(args.repeat, 1))]
        for report, copy_s in runs if len(runs) > 1 else ():
            ratio = report.elapsed_s / copy_s
            print(f"  run: import {report.elapsed_s:.2f}s, COPY {copy_s:.2f}s = {ratio:.2f}x")
        report = sorted(runs, key=lambda run: run[0].elapsed_s)[len(runs) // 2][0]
        copy_s = statistics.median(copy for _report, copy in runs)
        ratio = report.elapsed_s / copy_s

        who = "an admin login, row security on" if args.as_admin else "the superuser"
        print(f"PostgreSQL import_leads as {who}: {breakdown(report)}")
        print(f"PostgreSQL raw COPY of the {report.imported} imported rows: {copy_s:.2f}s")
        print(f"ratio import / COPY: {ratio:.2f}x (budget {BUDGET:g}x, goal {GOAL:g}x)")
        t = report.timings
        print(
            f"main thread: read {t['read_s']:.2f}s + parse {t['parse_s']:.2f}s + stage "
            f"{t['stage_s']:.2f}s + wait for the worker {t['wait_s']:.2f}s + reject file "
            f"{t.get('rejects_s', 0.0):.2f}s; worker meanwhile: insert {t['insert_s']:.2f}s "
            f"= {t['insert_s'] / copy_s:.2f}x COPY (the floor of the import's time)"
        )
        per_row = t["parse_s"] / report.total * 1e6
        print(f"parsing (phone normalisation, time zone, fields): {per_row:.1f} us/row")
        print(verdict(ratio <= GOAL, f"import {ratio:.2f}x raw COPY (goal {GOAL:g}x, budget "
                      f"{BUDGET:g}x)"))  # fmt: skip

        if not args.no_sqlite:
            sqlite = make_engine(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
            try:
                prepare(sqlite, messy)
                sqlite_report = timed_import(sqlite, messy, datetime.now(UTC))
                print(f"SQLite import_leads: {breakdown(sqlite_report)}")
            finally:
                sqlite.dispose()


if __name__ == "__main__":
    main()
