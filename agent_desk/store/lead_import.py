"""Import a lead list into a campaign: one transaction, every row accounted for.

`import_leads` reads a CSV or XLSX file (`store.lead_files`), maps its columns and checks
every row (`domain.lead_fields`), and ends each data row in exactly one state: imported,
duplicate (already in the campaign, or earlier in the file), dnc (on the do-not-call
list) or invalid (with the reason). Rejected rows are copied, with their row and line
numbers and the reason, to ``<stem>.rejects.csv`` next to the input (`store.lead_rejects`).

* The whole import is ONE transaction. Checked rows go to the database in chunks
  (`_CHUNK_ROWS`), written by `store.lead_writer`: one ``INSERT … SELECT … ON CONFLICT
  DO NOTHING`` a chunk skips DNC numbers and numbers already in the campaign, also when
  another import added them a moment ago; what it did not insert was a duplicate, or
  DNC. On PostgreSQL a worker thread inserts each chunk while the next one is read and
  checked. No query runs per row.
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

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine, String, insert, select, text

from agent_desk.domain.lead_fields import (
    LeadFileError,
    LeadImportError,
    MissingPhoneColumnError,
    Rejected,
    RowParser,
    RowTally,
    plan_columns,
)
from agent_desk.store.lead_files import LeadFile, open_lead_file
from agent_desk.store.lead_rejects import publish_rejects, reject_path_for, write_rejects
from agent_desk.store.lead_writer import ChunkWriter, Target
from agent_desk.store.schema import AuditEntry, Campaign, Lead, Team, User

__all__ = ["ImportReport", "LeadFileError", "LeadImportError", "import_leads"]

COUNTS = ("total", "imported", "duplicate", "dnc", "invalid")
# The text columns of ``leads`` that cells go into, and how long a text they hold.
_LIMITS = {c: cast(String, Lead.__table__.c[c].type).length or 0 for c in ("name", "company")}

Progress = Callable[[int, int | None], None]
PROGRESS_EVERY = 1000
_LOCK_SPACE = 0x1EAD  # first key of the PostgreSQL advisory lock, per campaign
_CHUNK_ROWS = 10_000  # rows per INSERT: the last chunk's is not overlapped
_FIRST_CHUNK_ROWS = 2_000


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
    final_rejects = reject_path_for(path)
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
                writer = ChunkWriter(conn, campaign, target, stamp, tally)
                try:
                    _stage(writer, source, parser, tally, progress, timings)
                    temporary = _rejects(writer, source, tally, final_rejects, timings)
                finally:
                    writer.close()
                tally.imported = writer.inserted
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
        reject_path = publish_rejects(temporary, final_rejects)
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
) -> Target:
    if assign:
        user = conn.execute(
            select(User.id, User.role, User.active).where(User.username == assign)
        ).one_or_none()
        if user is None:
            raise LeadImportError(f"no user {assign!r} to assign the leads to")
        if user.role != "rep" or not user.active:
            what = "not active" if user.role == "rep" else f"a {user.role}, not a rep"
            raise LeadImportError(f"cannot assign leads to {assign!r}: the user is {what}")
        return Target(user_id=user.id, describe={"assign": assign})
    if pool:
        return Target(team_id=_team_id(conn, pool), describe={"pool": pool})
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
        return Target(round_robin=reps, describe={"round_robin": round_robin})
    return Target()


def _stage(
    writer: ChunkWriter,
    source: LeadFile,
    parser: RowParser,
    tally: RowTally,
    progress: Progress | None,
    timings: dict[str, float],
) -> None:
    """Read and check every row; hand the ones that may become leads to ``writer``."""
    estimate = source.estimated_rows
    read_s = parse_s = handed_s = 0.0
    waited = writer.wait_s
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
                writer.add(chunk)
                chunk, size = [], _CHUNK_ROWS
                handed_s += clock() - handed_at
        if progress is not None and tally.total % PROGRESS_EVERY == 0:
            progress(tally.total, None if estimate is None else max(estimate, tally.total))
        mark = clock()
        parse_s += mark - parsed_at
    if chunk:
        writer.add(chunk)
    if progress is not None:
        progress(tally.total, tally.total)
    # parse: checking rows (PostgreSQL: and making chunks' JSON), not the database.
    blocked = writer.wait_s - waited if writer.postgres else handed_s
    timings.update(read_s=read_s, parse_s=parse_s - blocked)


def _rejects(
    writer: ChunkWriter, source: LeadFile, tally: RowTally, final: Path, timings: dict[str, float]
) -> Path | None:
    """Finish the database's work; write the reject file meanwhile when there is one."""
    clock, waited = time.perf_counter(), writer.wait_s
    temporary = None
    until = writer.settled_below()
    if tally.rejects and until is not None:  # settled rows go to the file meanwhile
        temporary = write_rejects(source, tally.rejects, final, until=until, settle=writer.finish)
    writer.finish()
    if tally.rejects and temporary is None:
        temporary = write_rejects(source, tally.rejects, final)
    # On PostgreSQL insert ran in the worker, alongside read, parse and stage; wait is
    # what the main thread waited for it (on SQLite stage and insert are the wait).
    wait_s = writer.wait_s if writer.postgres else writer.stage_s + writer.insert_s
    timings.update(stage_s=writer.stage_s, insert_s=writer.insert_s, wait_s=wait_s)
    if temporary is not None:
        timings["rejects_s"] = time.perf_counter() - clock - (writer.wait_s - waited)
    return temporary


def _audit(
    conn: Connection, actor: str, now: datetime, report: ImportReport, target: Target
) -> None:
    detail: dict[str, Any] = {key: getattr(report, key) for key in COUNTS}
    detail.update(file=report.path.name, encoding=report.encoding, **target.describe)
    entry = {"at": now, "actor": actor[:63], "action": "import_leads", "entity": "campaign"}
    conn.execute(
        insert(AuditEntry).values({**entry, "entity_id": report.campaign, "detail": detail})
    )
