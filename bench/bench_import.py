"""Lead import against raw PostgreSQL COPY: how much does checking every row cost?

Usage::

    python bench/bench_import.py --rows 200000 [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Generates a messy GBK lead list (``tests/store/messy_leads.py``: Chinese headers, +86
numbers in many spellings, garbage, duplicates, DNC hits), creates its own database on
the server (dropped at the end), and times

1. ``import_leads`` on PostgreSQL, with its breakdown (read / parse / stage / insert /
   reject file);
2. a raw psycopg ``COPY`` of the very rows the import inserted, already normalised, into
   a table made ``LIKE leads INCLUDING ALL`` (same columns, indexes and constraints);
3. ``import_leads`` on a fresh SQLite file.

and prints the times and the ratio import / COPY (the design budget is 2x, the goal 1.5x).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite run")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench_import_") as folder:
        started = time.perf_counter()
        messy = make_messy_csv(Path(folder) / "leads.csv", args.rows, seed=args.seed)
        size_mb = messy.path.stat().st_size / 1e6
        print(f"file: {args.rows} rows, {size_mb:.1f} MB GBK, made in "
              f"{time.perf_counter() - started:.1f}s; expected {messy.expected}")  # fmt: skip

        name = f"agent_desk_bench_{uuid.uuid4().hex[:10]}"
        admin = make_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = normalize_url(args.pg).set(database=name)
        engine = make_engine(url)
        try:
            prepare(engine, messy)
            now = datetime.now(UTC)
            report = timed_import(engine, messy, now)
            assert report.reject_path is not None
            report.reject_path.unlink()
            copy_s = raw_copy(engine, now)
        finally:
            engine.dispose()
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()

        print(f"PostgreSQL import_leads: {breakdown(report)}")
        print(f"PostgreSQL raw COPY of the {report.imported} imported rows: {copy_s:.2f}s")
        print(f"ratio import / COPY: {report.elapsed_s / copy_s:.2f}x "
              f"(budget 2x, goal 1.5x); without parsing: "
              f"{(report.elapsed_s - report.timings['parse_s']) / copy_s:.2f}x")  # fmt: skip
        database_s = report.timings["stage_s"] + report.timings["insert_s"]
        print(
            f"database part (stage + insert): {database_s:.2f}s = {database_s / copy_s:.2f}x COPY"
        )
        per_row = report.timings["parse_s"] / report.total * 1e6
        print(f"parsing (phone normalisation, time zone, fields): {per_row:.1f} us/row")

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
