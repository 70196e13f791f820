"""Import a lead list into a campaign: one transaction, every row accounted for.

`import_leads` reads a CSV or XLSX file (`store.lead_files`), maps its columns and checks
every row (`domain.lead_fields`), and ends each data row in exactly one state: imported,
duplicate (already in the campaign, or earlier in the file), dnc (on the do-not-call
list) or invalid (with the reason). Rejected rows are copied, with their row and line
numbers and the reason, to ``<stem>.rejects.csv`` next to the input.

* The whole import is ONE transaction. Checked rows go to the database in chunks
  (`_CHUNK_ROWS`), each moved into ``leads`` by one ``INSERT … SELECT … ON CONFLICT
  (campaign_id, phone_e164) DO NOTHING`` that skips DNC numbers and numbers already in
  the campaign, also when another import added them a moment ago; what it did not
  insert was a duplicate, or DNC. PostgreSQL: the chunk is one JSON parameter of the
  insert (no COPY: it may not write to a table under row security, and ``leads`` is,
  even for admins), run by a worker thread while the next chunk is read and checked.
  SQLite: the chunk is staged in a temporary table (``executemany``). No query runs
  per row.
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
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from json.encoder import encode_basestring
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
_CHUNK_ROWS = 10_000  # rows per INSERT: the last chunk's is not overlapped
_FIRST_CHUNK_ROWS = 2_000
_LEAD_COLUMNS = (
    "id, campaign_id, phone_e164, name, company, extra, timezone, assigned_user_id, "
    "pool_team_id, priority, status, attempts, imported_at"
)
# SQLite stages each chunk in a temporary table. PostgreSQL gets it as one JSON
# parameter of the insert: one round trip, and nothing for COPY, which may not write to
# a table under row security anyway (leads is, even for admins).
_STAGING = "temp.lead_import_rows"
_STAGING_COLUMNS = "id, row_no, phone_e164, name, company, extra, timezone, priority"
_STAGING_DDL = (
    "CREATE TEMPORARY TABLE lead_import_rows (id TEXT NOT NULL, row_no INTEGER NOT NULL, "
    "phone_e164 TEXT NOT NULL, name TEXT NOT NULL, company TEXT NOT NULL, extra TEXT NOT NULL, "
    "timezone TEXT NOT NULL, priority INTEGER NOT NULL)"
)
_CHUNK_ROWS_SQL = (  # the JSON parameter's rows, as the staging table's columns
    "SELECT gen_random_uuid() AS id, r.n AS row_no, r.p AS phone_e164, r.a AS name, "
    "r.c AS company, r.x AS extra, r.z AS timezone, r.o AS priority "
    "FROM jsonb_to_recordset(CAST(:rows AS jsonb)) "
    "AS r(n integer, p text, a text, c text, x jsonb, z text, o integer)"
)


@dataclass(frozen=True)
class ImportReport:
    """What an import did. ``imported + duplicate + dnc + invalid == total``.

    Attributes:
        total: Data rows in the file (blank rows in the middle count, as invalid).
        encoding: The text encoding used, or ``"xlsx"``.
        columns: Header → field (``extra``: kept in the lead's extra document,
            ``skip``: left out).
        reject_path: The reject file, None when no row was rejected.
        timings: Seconds spent reading the file (``read_s``), checking rows
            (``parse_s``), making chunks of them (``stage_s``), inserting them
            (``insert_s``: on PostgreSQL in a worker thread, at the same time as the
            others), waiting for the database (``wait_s``) and writing the reject file
            (``rejects_s``, on PostgreSQL while the last chunks go in).
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
                mover = _Mover(conn, campaign, target, stamp, tally)
                try:
                    _stage(mover, source, parser, tally, progress, timings)
                    temporary = _rejects(mover, source, tally, final_rejects, timings)
                finally:
                    mover.close()
                tally.imported = mover.inserted
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


_Outcome = tuple[int, list[str], set[str]]  # chunk size, numbers left out, DNC ones
_json = encode_basestring  # a JSON string, as json.dumps(value, ensure_ascii=False) writes it


class _Mover:
    """Writes checked rows to ``leads`` a chunk at a time; learns which it left out.

    Each chunk goes in with one ``INSERT … SELECT`` (see the module docstring). On
    PostgreSQL a worker thread runs it, so the server inserts one chunk while Python
    reads and checks the next: the chunk arrives as one JSON parameter made in the
    calling thread, and the insert returns only the rows it left out, so the worker
    needs the GIL for little more than one round trip. The connection is the worker's
    until `finish` or `close` returns. On SQLite each chunk is staged in a temporary
    table, in the calling thread.

    Each chunk's outcome goes to ``tally`` (`RowTally.leave_out`) in the calling thread,
    as chunks complete: rows numbered below `settled_below` have their final state.

    Attributes:
        inserted: How many leads were written.
        stage_s, insert_s: Seconds spent making chunks (JSON; SQLite: staging them)
            and inserting them (PostgreSQL: in the worker).
        wait_s: Seconds the calling thread waited for the worker.
    """

    def __init__(
        self, conn: Connection, campaign: Any, target: _Target, now: datetime, tally: RowTally
    ) -> None:
        self.conn, dialect = conn, conn.dialect.name
        if dialect not in ("postgresql", "sqlite"):
            raise LeadImportError(f"lead import does not support {dialect} databases")
        self.postgres = dialect == "postgresql"
        if not self.postgres:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {_STAGING}")
            conn.exec_driver_sql(_STAGING_DDL)
        self.statement = _insert_statement(target, self.postgres)
        self.params: dict[str, Any] = {"campaign_id": campaign.id, "now": now}
        self.params.update(user_id=target.user_id, team_id=target.team_id)
        self.tally, self.campaign_code = tally, campaign.code
        self.inserted = self._turn = 0  # _turn: leads written, as the worker counts
        self.stage_s = self.insert_s = self.wait_s = 0.0
        self._pending: list[tuple[int, Future[_Outcome]]] = []  # (first row, outcome)
        self._pool = ThreadPoolExecutor(1, "lead-import") if self.postgres else None
        self._finished = False

    def add(self, rows: list[tuple[Any, ...]]) -> None:
        """Write these rows (row number, phone, name, company, extra, zone, priority)."""
        if self._pool is None:
            self._settle(self._move(rows, ""))
            return
        clock = time.perf_counter()
        # ``extra`` is JSON already; phone numbers and priorities need no quotes.
        objects = ",".join(
            f'{{"n":{number},"p":"{phone}","a":{_json(name)},"c":{_json(company)},'
            f'"x":{extra},"z":{_json(zone)},"o":{priority}}}'
            for number, phone, name, company, extra, zone, priority in rows
        )
        self.stage_s += time.perf_counter() - clock
        self._pending.append((rows[0][0], self._pool.submit(self._move, rows, f"[{objects}]")))
        while len(self._pending) > 2 or (self._pending and self._pending[0][1].done()):
            self._next()  # one chunk in the database and one waiting are enough

    def settled_below(self) -> int | None:
        """The first row whose chunk is not settled yet (None: all are)."""
        return self._pending[0][0] if self._pending else None

    def finish(self) -> None:
        """Wait until every chunk is in and settled; raise what went wrong in the worker."""
        while self._pending:
            self._next()
        if not self.postgres and not self._finished:
            self.conn.exec_driver_sql(f"DROP TABLE {_STAGING}")
        self._finished = True

    def close(self) -> None:
        """Stop the worker (after a failure: chunks not started are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _next(self) -> None:
        clock = time.perf_counter()
        outcome = self._pending.pop(0)[1].result()
        self.wait_s += time.perf_counter() - clock
        self._settle(outcome)

    def _settle(self, outcome: _Outcome) -> None:
        size, skipped, dnc = outcome
        self.tally.leave_out(skipped, dnc, self.campaign_code)
        self.inserted += size - len(skipped)

    def _move(self, rows: list[tuple[Any, ...]], document: str) -> _Outcome:
        """Insert one chunk (PostgreSQL: in the worker thread)."""
        clock = time.perf_counter()
        conn = self.conn
        # Reps take turns in file order: this chunk goes on from the leads written so far
        # (counted here: the calling thread may not have settled the earlier chunks yet).
        params = {**self.params, "turn": self._turn}
        if self.postgres:
            found = conn.execute(self.statement, {**params, "rows": document}).all()
            dnc = {phone for phone, on_dnc in found if on_dnc}
            skipped = [phone for phone, _on_dnc in found]
        else:
            ids = _new_ids(len(rows))  # SQLite stores a Uuid as 32 hex digits
            staged = [(new_id, *row) for new_id, row in zip(ids, rows, strict=True)]
            columns = f"{_STAGING} ({_STAGING_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)"
            conn.exec_driver_sql(f"INSERT INTO {columns}", staged)
            self.stage_s += time.perf_counter() - clock
            clock = time.perf_counter()
            on_dnc = f"SELECT t.phone_e164 FROM {_STAGING} t JOIN dnc_numbers d USING (phone_e164)"
            dnc = set(conn.scalars(text(on_dnc)))
            inserted = set(conn.scalars(self.statement, params))
            skipped = [row[1] for row in rows if row[1] not in inserted]
            conn.exec_driver_sql(f"DELETE FROM {_STAGING}")
        self._turn += len(rows) - len(skipped)
        self.insert_s += time.perf_counter() - clock
        return len(rows), skipped, dnc


def _new_ids(count: int) -> list[str]:
    """``uuid.uuid4().hex`` ``count`` times, made in one go."""
    data = bytearray(os.urandom(16 * count))
    data[6::16] = bytes((b & 0x0F) | 0x40 for b in data[6::16])  # version 4
    data[8::16] = bytes((b & 0x3F) | 0x80 for b in data[8::16])  # RFC 4122 variant
    digits = data.hex()
    return [digits[i : i + 32] for i in range(0, 32 * count, 32)]


def _insert_statement(target: _Target, postgres: bool) -> Any:
    """The INSERT … SELECT that moves a chunk to ``leads``, skipping DNC and known numbers.

    SQLite: from the staging table; it returns the numbers it inserted. PostgreSQL: from
    the JSON parameter ``rows``; it returns the numbers it left out, and whether each is
    on the DNC list. It looks numbers up one index probe at a time (LATERAL … LIMIT 1):
    a hash join would read the whole DNC list and all of the campaign's leads, earlier
    chunks' too, for every chunk.
    """
    on_dnc = "SELECT 1 AS hit FROM dnc_numbers d WHERE d.phone_e164 = t.phone_e164"
    known = (
        "SELECT 1 AS hit FROM leads l "
        "WHERE l.campaign_id = :campaign_id AND l.phone_e164 = t.phone_e164"
    )
    if target.round_robin:
        # Numbered after DNC and existing numbers are left out, so the reps get turns
        # in file order with no gaps.
        turns = " ".join(f"WHEN {i} THEN {int(u)}" for i, u in enumerate(target.round_robin))
        n = len(target.round_robin)
        order = "ROW_NUMBER() OVER (ORDER BY t.row_no) - 1 + CAST(:turn AS INTEGER)"
        assigned = f"CASE ({order}) % {n} {turns} END"
    else:
        assigned = "CAST(:user_id AS INTEGER)"
    if not postgres:
        source = f"{_STAGING} t WHERE NOT EXISTS ({on_dnc}) AND NOT EXISTS ({known})"
    else:
        source = f"chunk t LEFT JOIN LATERAL ({on_dnc} LIMIT 1) dnc ON TRUE "
        if target.round_robin:
            source += f"LEFT JOIN LATERAL ({known} LIMIT 1) known ON TRUE "
            source += "WHERE dnc.hit IS NULL AND known.hit IS NULL"
        else:  # numbers already in the campaign: ON CONFLICT leaves them out
            source += "WHERE dnc.hit IS NULL"
    sql = (
        f"INSERT INTO leads ({_LEAD_COLUMNS}) "
        f"SELECT t.id, CAST(:campaign_id AS INTEGER), t.phone_e164, t.name, t.company, "
        f"t.extra, t.timezone, {assigned}, CAST(:team_id AS INTEGER), t.priority, 'new', 0, "
        f":now FROM {source} "
        "ON CONFLICT (campaign_id, phone_e164) DO NOTHING RETURNING phone_e164"
    )
    if postgres:
        sql = (
            f"WITH chunk AS MATERIALIZED ({_CHUNK_ROWS_SQL}), added AS ({sql}) "
            "SELECT t.phone_e164, dnc.hit IS NOT NULL FROM chunk t "
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
    estimate = source.estimated_rows
    read_s = parse_s = handed_s = 0.0
    waited = mover.wait_s
    clock = time.perf_counter
    chunk: list[tuple[Any, ...]] = []
    size = min(_CHUNK_ROWS, _FIRST_CHUNK_ROWS)  # a small first one sets the database going
    mark = clock()
    for raw in source.rows():
        parsed_at = clock()
        read_s += parsed_at - mark
        problem = raw.problem
        result = Rejected(problem) if problem else parser.parse(raw.cells)
        if (lead := tally.add(raw.number, result)) is not None:
            chunk.append((raw.number, lead.phone_e164, lead.name, lead.company, lead.extra,
                          lead.timezone, lead.priority))  # fmt: skip
            if len(chunk) >= size:
                handed_at = clock()
                mover.add(chunk)
                chunk, size = [], _CHUNK_ROWS
                handed_s += clock() - handed_at
        if progress is not None and tally.total % PROGRESS_EVERY == 0:
            progress(tally.total, None if estimate is None else max(estimate, tally.total))
        mark = clock()
        parse_s += mark - parsed_at
    if chunk:
        mover.add(chunk)
    if progress is not None:
        progress(tally.total, tally.total)
    # parse: checking rows, and (PostgreSQL) writing them as COPY text; not the database.
    blocked = mover.wait_s - waited if mover.postgres else handed_s
    timings.update(read_s=read_s, parse_s=parse_s - blocked)


def _rejects(
    mover: _Mover, source: LeadFile, tally: RowTally, final: Path, timings: dict[str, float]
) -> Path | None:
    """Finish the database's work; write the reject file meanwhile when there is one."""
    clock, waited = time.perf_counter(), mover.wait_s
    temporary = None
    until = mover.settled_below()
    if tally.rejects and until is not None:  # settled rows go to the file meanwhile
        temporary = write_rejects(source, tally.rejects, final, until=until, settle=mover.finish)
    mover.finish()
    if tally.rejects and temporary is None:
        temporary = write_rejects(source, tally.rejects, final)
    # On PostgreSQL stage and insert ran in the worker, alongside read and parse; wait
    # is what the main thread waited for it (on SQLite stage and insert are the wait).
    wait_s = mover.wait_s if mover.postgres else mover.stage_s + mover.insert_s
    timings.update(stage_s=mover.stage_s, insert_s=mover.insert_s, wait_s=wait_s)
    if temporary is not None:
        timings["rejects_s"] = time.perf_counter() - clock - (mover.wait_s - waited)
    return temporary


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
