"""Import a lead list into a campaign: one transaction, every row accounted for.

`import_leads` reads a CSV or XLSX file (`store.lead_files`), maps its columns and checks
every row (`domain.lead_fields`), and ends each data row in exactly one state: imported,
duplicate (already in the campaign, or earlier in the file), dnc (on the do-not-call
list) or invalid (with the reason). Rejected rows are copied, with their row and line
numbers and the reason, to ``<stem>.rejects.csv`` next to the input.

* The whole import is ONE transaction. Rows are first staged in a temporary table
  (PostgreSQL: ``COPY … FROM STDIN`` into a table dropped on commit; SQLite: batched
  ``executemany``), then moved into ``leads`` by one ``INSERT … SELECT … ON CONFLICT
  (campaign_id, phone_e164) DO NOTHING RETURNING phone_e164``, which skips DNC numbers
  and numbers already in the campaign, also when another import added them a moment
  ago. What it did not return was a duplicate. No query runs per row.
* Any failure, including Ctrl-C (``KeyboardInterrupt``) half-way, rolls the
  transaction back: nothing of the file is in the database. The reject file is written
  to a temporary file and renamed into place only after the commit, so a failed import
  leaves no reject file behind either; a successful import with no rejects removes a
  stale reject file of an earlier run.
* ``dry_run`` does everything, including the insert, then rolls back: the counts are
  exactly those a real import would give at that moment, and the reject file is written.
* Imports into one campaign run one at a time (a PostgreSQL advisory lock per campaign),
  so overlapping lists cannot deadlock. On SQLite the transaction holds the database's
  write lock (``BEGIN IMMEDIATE``) until it ends: desks on the same file wait for it.

Leads start with status ``new``, no attempts, due now; priority: lower is served first,
default 100. An audit row (``import_leads``) records the counts and the file name.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine, String, bindparam, insert, select, text

from agent_desk.domain.lead_fields import (
    LeadFileError,
    LeadImportError,
    MissingPhoneColumnError,
    Rejected,
    RowParser,
    RowTally,
    plan_columns,
)
from agent_desk.store.lead_files import LeadFile, open_lead_file, write_rejects
from agent_desk.store.schema import AuditEntry, Campaign, Lead, Team, User
from agent_desk.store.types import UtcDateTime

__all__ = ["ImportReport", "LeadFileError", "LeadImportError", "import_leads"]

COUNTS = ("total", "imported", "duplicate", "dnc", "invalid")
# The text columns of ``leads`` that cells go into, and how long a text they hold.
_LIMITS = {c: cast(String, Lead.__table__.c[c].type).length or 0 for c in ("name", "company")}

Progress = Callable[[int, int | None], None]
PROGRESS_EVERY = 1000
_LOCK_SPACE = 0x1EAD  # first key of the PostgreSQL advisory lock, per campaign
_STAGING = {"postgresql": "pg_temp.lead_import_rows", "sqlite": "temp.lead_import_rows"}
_CHUNK_ROWS = 10_000  # rows per INSERT: the last chunk's insert is not overlapped
_STAGING_COLUMNS = "id, row_no, phone_e164, name, company, extra, timezone, priority"
_STAGING_DDL = (
    "CREATE TEMPORARY TABLE lead_import_rows (id {} NOT NULL, row_no INTEGER NOT NULL, "
    "phone_e164 TEXT NOT NULL, name TEXT NOT NULL, company TEXT NOT NULL, extra {} NOT NULL, "
    "timezone TEXT NOT NULL, priority INTEGER NOT NULL){}"
)
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_STAGING_TYPES = {
    "postgresql": ("UUID DEFAULT gen_random_uuid()", "JSONB", " ON COMMIT DROP"),
    "sqlite": ("TEXT",) * 2 + ("",),
}


@dataclass(frozen=True)
class ImportReport:
    """What an import did. ``imported + duplicate + dnc + invalid == total``.

    Attributes:
        total: Data rows in the file (blank rows in the middle count, as invalid).
        encoding: The text encoding used, or ``"xlsx"``.
        columns: Header → field (``extra``: kept in the lead's extra document,
            ``skip``: left out).
        reject_path: The reject file, None when no row was rejected.
        timings: Seconds spent reading the file, parsing rows, staging them, inserting,
            and writing the reject file.
    """

    path: Path
    campaign: str
    total: int
    imported: int
    duplicate: int
    dnc: int
    invalid: int
    encoding: str
    columns: dict[str, str]
    reject_path: Path | None
    dry_run: bool
    elapsed_s: float
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary for the CLI and scripts."""
        data: dict[str, Any] = {"file": str(self.path)}
        for key in ("campaign", *COUNTS, "encoding", "columns", "dry_run"):
            data[key] = getattr(self, key)
        data["reject_file"] = None if self.reject_path is None else str(self.reject_path)
        data["elapsed_s"] = round(self.elapsed_s, 3)
        return data


@dataclass(frozen=True)
class _Target:  # who gets the leads: a rep, a team's pool, reps in turn, or anyone
    user_id: int | None = None
    team_id: int | None = None
    round_robin: tuple[int, ...] = ()
    describe: dict[str, str] = field(default_factory=dict)


def import_leads(
    engine: Engine,
    path: Path,
    campaign_code: str,
    *,
    assign: str | None = None,
    pool: str | None = None,
    round_robin: str | None = None,
    encoding: str | None = None,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    actor: str = "admin",
    now: datetime | None = None,
) -> ImportReport:
    """Import a CSV or XLSX lead list into a campaign (see the module docstring).

    Args:
        engine: The shared database.
        path: The lead list.
        campaign_code: The campaign the leads join.
        assign: Username of the active rep who gets every lead.
        pool: Name of the team whose pool gets the leads.
        round_robin: Name of the team whose active reps get the leads in turn
            (username order). With none of the three, every rep may get them.
        encoding: The CSV's encoding, instead of detecting it.
        mapping: Header → field overrides (``--map``), e.g. ``{"Mobil": "phone"}``.
        dry_run: Check and count everything, write the reject file, keep no lead.
        progress: Called about every 1000 rows with (rows done, estimated total).
        actor: Who imports, for the audit log.
        now: The import time (timezone-aware); defaults to the clock.

    Raises:
        LeadFileError: The file cannot be read as a lead list. Nothing was written.
        LeadImportError: Unknown campaign, rep or team, or conflicting options.
            Nothing was written.
    """
    started = time.perf_counter()
    if now is not None and now.tzinfo is None:
        raise LeadImportError("the import time must be timezone-aware")
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    chosen = [n for n, v in (("assign", assign), ("pool", pool), ("round robin", round_robin)) if v]
    if len(chosen) > 1:
        raise LeadImportError(f"choose at most one of assign, pool, round robin (got {chosen})")
    source = open_lead_file(path := Path(path), encoding)
    try:
        plan = plan_columns(source.headers, mapping)
    except MissingPhoneColumnError as exc:
        message = f"{path.name}: {exc}{source.garble_hint()}"
        raise MissingPhoneColumnError(message, exc.headers) from None
    final_rejects = path.with_name(f"{path.stem}.rejects.csv")
    tally = RowTally()
    timings: dict[str, float] = {}
    temporary: Path | None = None
    try:
        with engine.connect() as conn:
            transaction = conn.begin()
            try:
                campaign = _campaign(conn, campaign_code)
                target = _target(conn, assign, pool, round_robin)
                region, zone = campaign.default_region, campaign.fallback_timezone
                parser = RowParser(plan, region, zone, _LIMITS)
                mover = _Mover(conn, campaign, target, stamp)
                try:
                    _stage(mover, source, parser, tally, progress, timings)
                finally:
                    mover.close()
                inserted = tally.first_row.keys() - mover.skipped
                tally.settle(inserted, mover.dnc, campaign.code)
                if tally.rejects:
                    clock = time.perf_counter()
                    temporary = write_rejects(source, tally.rejects, final_rejects)
                    timings["rejects_s"] = time.perf_counter() - clock
                report = ImportReport(
                    path, campaign.code, **tally.counts(), encoding=source.encoding,
                    columns=plan.columns(), reject_path=None, dry_run=dry_run,
                    elapsed_s=time.perf_counter() - started, timings=timings,
                )  # fmt: skip
                if dry_run:
                    transaction.rollback()
                else:
                    _audit(conn, actor, stamp, report, target)
                    transaction.commit()
            finally:
                if transaction.is_active:
                    transaction.rollback()
        reject_path = _publish(temporary, final_rejects)
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    return replace(report, reject_path=reject_path, elapsed_s=time.perf_counter() - started)


def _campaign(conn: Connection, code: str) -> Any:
    """The campaign's id, code, default_region and fallback_timezone; locks it."""
    columns = (Campaign.id, Campaign.code, Campaign.default_region, Campaign.fallback_timezone)
    row = conn.execute(select(*columns).where(Campaign.code == code)).one_or_none()
    if row is None:
        known = ", ".join(conn.scalars(select(Campaign.code).order_by(Campaign.code)))
        raise LeadImportError(f"no campaign {code!r} (campaigns: {known or 'none yet'})")
    if conn.dialect.name == "postgresql":
        # Imports into one campaign wait for each other: overlapping lists inserted in
        # different orders could deadlock. SQLite's write lock serialises them anyway.
        lock = text("SELECT pg_advisory_xact_lock(:space, :id)")
        conn.execute(lock, {"space": _LOCK_SPACE, "id": row.id})
    return row


def _team_id(conn: Connection, name: str) -> int:
    team_id = conn.scalar(select(Team.id).where(Team.name == name))
    if team_id is None:
        known = ", ".join(conn.scalars(select(Team.name).order_by(Team.name)))
        raise LeadImportError(f"no team {name!r} (teams: {known or 'none yet'})")
    return team_id


def _target(
    conn: Connection, assign: str | None, pool: str | None, round_robin: str | None
) -> _Target:
    if assign:
        user = conn.execute(
            select(User.id, User.role, User.active).where(User.username == assign)
        ).one_or_none()
        if user is None:
            raise LeadImportError(f"no user {assign!r} to assign the leads to")
        if user.role != "rep" or not user.active:
            what = "not active" if user.role == "rep" else f"a {user.role}, not a rep"
            raise LeadImportError(f"cannot assign leads to {assign!r}: the user is {what}")
        return _Target(user_id=user.id, describe={"assign": assign})
    if pool:
        return _Target(team_id=_team_id(conn, pool), describe={"pool": pool})
    if round_robin:
        team_id = _team_id(conn, round_robin)
        reps = tuple(
            conn.scalars(
                select(User.id)
                .where(User.team_id == team_id, User.role == "rep", User.active.is_(True))
                .order_by(User.username)
            )
        )
        if not reps:
            raise LeadImportError(f"team {round_robin!r} has no active reps to share leads among")
        return _Target(round_robin=reps, describe={"round_robin": round_robin})
    return _Target()


class _Mover:
    """Moves checked rows into ``leads`` a chunk at a time; learns which it skipped.

    Each chunk is staged in a temporary table and moved by one ``INSERT … SELECT`` (see
    the module docstring). On PostgreSQL a worker thread sends the chunk (``COPY``) and
    runs the insert, so the server inserts one chunk while Python reads and checks the
    next; the worker holds the GIL only briefly, as the rows arrive as COPY text. The
    connection belongs to the worker until `finish` or `close` returns.

    Attributes:
        skipped: Staged numbers the insert left out (DNC, or already in the campaign).
        dnc: Those of them on the do-not-call list.
    """

    def __init__(self, conn: Connection, campaign: Any, target: _Target, now: datetime) -> None:
        self.conn, dialect = conn, conn.dialect.name
        if dialect not in _STAGING:
            raise LeadImportError(f"lead import does not support {dialect} databases")
        self.staging, self.postgres = _STAGING[dialect], dialect == "postgresql"
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {self.staging}")
        conn.exec_driver_sql(_STAGING_DDL.format(*_STAGING_TYPES[dialect]))
        self.statement = _insert_statement(self.staging, target, self.postgres)
        self.params: dict[str, Any] = {"campaign_id": campaign.id, "now": now}
        self.params.update(user_id=target.user_id, team_id=target.team_id)
        self.skipped: set[str] = set()
        self.dnc: set[str] = set()
        self.inserted = 0
        self.stage_s = self.insert_s = 0.0
        self._pool = ThreadPoolExecutor(1, "lead-import") if self.postgres else None
        self._pending: list[Future[None]] = []

    def add(self, rows: list[tuple[Any, ...]]) -> None:
        """Move these rows (staging tuples, in file order, after all earlier ones)."""
        if self._pool is None:
            self._move(rows, b"")
            return
        driver = self.conn.connection.driver_connection
        assert driver is not None
        data = _copy_text(rows).encode(driver.info.encoding)
        self._pending.append(self._pool.submit(self._move, rows, data))
        if len(self._pending) > 2:  # one chunk in the database, one waiting: enough
            self._pending.pop(0).result()

    def finish(self) -> None:
        """Wait until every chunk is in; raise what went wrong in the worker."""
        while self._pending:
            self._pending.pop(0).result()
        if not self.postgres:
            self.conn.exec_driver_sql(f"DROP TABLE {self.staging}")

    def close(self) -> None:
        """Stop the worker (after a failure: chunks not started are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _move(self, rows: list[tuple[Any, ...]], data: bytes) -> None:
        clock = time.perf_counter()
        staging, conn = self.staging, self.conn
        # Reps take turns in file order: this chunk goes on from the leads inserted so far.
        params = {**self.params, "turn": self.inserted}
        if self.postgres:
            driver = conn.connection.driver_connection
            assert driver is not None
            copy_sql = f"COPY {staging} ({_STAGING_COLUMNS[4:]}) FROM STDIN"
            with driver.cursor() as cursor, cursor.copy(copy_sql) as copy:
                copy.write(data)
            staged = time.perf_counter()
            found = conn.execute(self.statement, params).all()
            self.dnc.update(phone for phone, on_dnc in found if on_dnc)
            skipped = [phone for phone, _on_dnc in found]
            conn.exec_driver_sql(f"TRUNCATE {staging}")
        else:
            insert_sql = f"INSERT INTO {staging} ({_STAGING_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)"
            conn.exec_driver_sql(insert_sql, rows)
            staged = time.perf_counter()
            on_dnc = f"SELECT t.phone_e164 FROM {staging} t JOIN dnc_numbers d USING (phone_e164)"
            self.dnc.update(conn.scalars(text(on_dnc)))
            inserted = set(conn.scalars(self.statement, params))
            skipped = [row[2] for row in rows if row[2] not in inserted]
            conn.exec_driver_sql(f"DELETE FROM {staging}")
        self.skipped.update(skipped)
        self.inserted += len(rows) - len(skipped)
        self.stage_s += staged - clock
        self.insert_s += time.perf_counter() - staged


def _copy_text(rows: list[tuple[Any, ...]]) -> str:
    """Staging rows (all but the id) in COPY's text format."""
    lines = []
    for row in rows:
        line = "\t".join([str(row[0]), *row[1:6], str(row[6])])
        if line.count("\t") != 6 or "\\" in line or "\n" in line or "\r" in line:
            line = "\t".join([str(row[0]), *(v.translate(_COPY_ESCAPES) for v in row[1:6]),
                              str(row[6])])  # fmt: skip
        lines.append(line)
    lines.append("")
    return "\n".join(lines)


def _insert_statement(staging: str, target: _Target, postgres: bool) -> Any:
    """The INSERT … SELECT that moves staged rows to ``leads``, skipping DNC and known.

    On PostgreSQL it returns the staged numbers it skipped and whether each is on the
    DNC list, as the insert saw it; on SQLite the numbers it inserted.
    """
    if target.round_robin:
        # Numbered after DNC and existing numbers are left out, so the reps get turns
        # in file order with no gaps.
        turns = " ".join(f"WHEN {i} THEN {int(u)}" for i, u in enumerate(target.round_robin))
        n = len(target.round_robin)
        order = "ROW_NUMBER() OVER (ORDER BY t.row_no) - 1 + CAST(:turn AS INTEGER)"
        assigned = f"CASE ({order}) % {n} {turns} END"
    else:
        assigned = "CAST(:user_id AS INTEGER)"
    on_dnc = "SELECT 1 AS hit FROM dnc_numbers d WHERE d.phone_e164 = t.phone_e164"
    known = (
        "SELECT 1 AS hit FROM leads l "
        "WHERE l.campaign_id = :campaign_id AND l.phone_e164 = t.phone_e164"
    )
    if postgres:
        # One index probe per row: a hash join would read all the campaign's leads,
        # those of earlier chunks too, for every chunk.
        source = (
            f"{staging} t LEFT JOIN LATERAL ({on_dnc} LIMIT 1) dnc ON TRUE "
            f"LEFT JOIN LATERAL ({known} LIMIT 1) known ON TRUE "
            "WHERE dnc.hit IS NULL AND known.hit IS NULL"
        )
    else:
        source = f"{staging} t WHERE NOT EXISTS ({on_dnc}) AND NOT EXISTS ({known})"
    sql = (
        "INSERT INTO leads (id, campaign_id, phone_e164, name, company, extra, timezone, "
        "assigned_user_id, pool_team_id, priority, status, attempts, imported_at) "
        f"SELECT t.id, CAST(:campaign_id AS INTEGER), t.phone_e164, t.name, t.company, "
        f"t.extra, t.timezone, {assigned}, CAST(:team_id AS INTEGER), t.priority, 'new', 0, "
        f":now FROM {source} "
        "ON CONFLICT (campaign_id, phone_e164) DO NOTHING RETURNING phone_e164"
    )
    if postgres:
        sql = (
            f"WITH added AS ({sql}) SELECT t.phone_e164, dnc.hit IS NOT NULL FROM {staging} t "
            f"LEFT JOIN LATERAL ({on_dnc} LIMIT 1) dnc ON TRUE "
            "WHERE t.phone_e164 NOT IN (SELECT phone_e164 FROM added)"
        )
    return text(sql).bindparams(bindparam("now", type_=UtcDateTime()))


def _stage(
    mover: _Mover,
    source: LeadFile,
    parser: RowParser,
    tally: RowTally,
    progress: Progress | None,
    timings: dict[str, float],
) -> None:
    """Read and check every row; hand the ones that may become leads to ``mover``."""
    # SQLite stores a Uuid as 32 hex digits; PostgreSQL makes the ids itself.
    new_id: Callable[[], object] | None = None if mover.postgres else lambda: uuid.uuid4().hex
    estimate = source.estimated_rows
    read_s = parse_s = wait_s = 0.0
    clock = time.perf_counter
    chunk: list[tuple[Any, ...]] = []
    mark = clock()
    for raw in source.rows():
        parsed_at = clock()
        read_s += parsed_at - mark
        problem = raw.problem
        result = Rejected(problem) if problem else parser.parse(raw.cells)
        if (lead := tally.add(raw.number, result)) is not None:
            row = (raw.number, lead.phone_e164, lead.name, lead.company, lead.extra,
                   lead.timezone, lead.priority)  # fmt: skip
            chunk.append(row if new_id is None else (new_id(), *row))
            if len(chunk) >= _CHUNK_ROWS:
                handed_at = clock()
                mover.add(chunk)
                chunk = []
                wait_s += clock() - handed_at
        if progress is not None and tally.total % PROGRESS_EVERY == 0:
            progress(tally.total, None if estimate is None else max(estimate, tally.total))
        mark = clock()
        parse_s += mark - parsed_at
    if chunk:
        mover.add(chunk)
    mover.finish()
    if progress is not None:
        progress(tally.total, tally.total)
    # On PostgreSQL stage and insert run in the worker, alongside read and parse; wait
    # is what the rows had to wait for the database (on SQLite: stage and insert).
    tail_s = clock() - mark
    timings.update(read_s=read_s, parse_s=parse_s - wait_s, stage_s=mover.stage_s)
    timings.update(insert_s=mover.insert_s, wait_s=wait_s + tail_s)


def _audit(
    conn: Connection, actor: str, now: datetime, report: ImportReport, target: _Target
) -> None:
    detail: dict[str, Any] = {key: getattr(report, key) for key in COUNTS}
    detail.update(file=report.path.name, encoding=report.encoding, **target.describe)
    entry = {"at": now, "actor": actor[:63], "action": "import_leads", "entity": "campaign"}
    conn.execute(
        insert(AuditEntry).values({**entry, "entity_id": report.campaign, "detail": detail})
    )


def _publish(temporary: Path | None, final: Path) -> Path | None:
    """Rename the reject file into place (after the commit); drop a stale one."""
    if temporary is None:
        final.unlink(missing_ok=True)
        return None
    os.replace(temporary, final)
    return final
