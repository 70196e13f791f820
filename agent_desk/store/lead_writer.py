"""The lead import's writer: checked rows into ``leads``, a chunk at a time.

`agent_desk.store.lead_import` reads and checks a lead list and hands the rows that may
become leads to a `ChunkWriter`, inside the import's one transaction. Each chunk moves
into ``leads`` by one ``INSERT … SELECT … ON CONFLICT (campaign_id, phone_e164) DO
NOTHING`` that skips DNC numbers and numbers already in the campaign, also when another
import added them a moment ago; what it did not insert was a duplicate, or DNC. No query
runs per row.

* PostgreSQL: the chunk is one JSON parameter of the insert (`_postgres_insert`): one
  round trip, and no COPY, which may not write to a table under row security (``leads``
  is, even for admins). A worker thread runs it while the next chunk is read and checked.
* SQLite: the chunk is staged in a temporary table with ``executemany``
  (`_sqlite_insert`), in the calling thread.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import Connection, TextClause, bindparam, text

from agent_desk.domain.lead_fields import LeadImportError, RowTally
from agent_desk.store.types import UtcDateTime

__all__ = ["ChunkWriter", "Target"]

_LEAD_COLUMNS = (
    "id, campaign_id, phone_e164, name, company, extra, timezone, assigned_user_id, "
    "pool_team_id, priority, status, attempts, imported_at"
)
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
_ON_DNC = "SELECT 1 AS hit FROM dnc_numbers d WHERE d.phone_e164 = t.phone_e164"
_KNOWN = (
    "SELECT 1 AS hit FROM leads l "
    "WHERE l.campaign_id = :campaign_id AND l.phone_e164 = t.phone_e164"
)


@dataclass(frozen=True)
class Target:
    """Who gets the leads: a rep, a team's pool, reps in turn, or anyone.

    Attributes:
        describe: The choice as the admin made it, for the audit log.
    """

    user_id: int | None = None
    team_id: int | None = None
    round_robin: tuple[int, ...] = ()
    describe: dict[str, str] = field(default_factory=dict)


_Outcome = tuple[int, list[str], set[str]]  # chunk size, numbers left out, DNC ones
_json = encode_basestring  # a JSON string, as json.dumps(value, ensure_ascii=False) writes it


class ChunkWriter:
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
        self, conn: Connection, campaign: Any, target: Target, now: datetime, tally: RowTally
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
        # Reps take turns in file order: this chunk goes on from the leads written so far
        # (counted here: the calling thread may not have settled the earlier chunks yet).
        params = {**self.params, "turn": self._turn}
        if self.postgres:
            found = self.conn.execute(self.statement, {**params, "rows": document}).all()
            dnc = {phone for phone, on_dnc in found if on_dnc}
            skipped = [phone for phone, _on_dnc in found]
        else:
            self._stage_sqlite(rows)
            self.stage_s += time.perf_counter() - clock
            clock = time.perf_counter()
            skipped, dnc = self._insert_sqlite(rows, params)
        self._turn += len(rows) - len(skipped)
        self.insert_s += time.perf_counter() - clock
        return len(rows), skipped, dnc

    def _stage_sqlite(self, rows: list[tuple[Any, ...]]) -> None:
        ids = _new_ids(len(rows))  # SQLite stores a Uuid as 32 hex digits
        staged = [(new_id, *row) for new_id, row in zip(ids, rows, strict=True)]
        columns = f"{_STAGING} ({_STAGING_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)"
        self.conn.exec_driver_sql(f"INSERT INTO {columns}", staged)

    def _insert_sqlite(
        self, rows: list[tuple[Any, ...]], params: dict[str, Any]
    ) -> tuple[list[str], set[str]]:
        """Move the staged chunk to ``leads``; return (numbers left out, DNC ones)."""
        conn = self.conn
        on_dnc = f"SELECT t.phone_e164 FROM {_STAGING} t JOIN dnc_numbers d USING (phone_e164)"
        dnc = set(conn.scalars(text(on_dnc)))
        inserted = set(conn.scalars(self.statement, params))
        skipped = [row[1] for row in rows if row[1] not in inserted]
        conn.exec_driver_sql(f"DELETE FROM {_STAGING}")
        return skipped, dnc


def _new_ids(count: int) -> list[str]:
    """``uuid.uuid4().hex`` ``count`` times, made in one go."""
    data = bytearray(os.urandom(16 * count))
    data[6::16] = bytes((b & 0x0F) | 0x40 for b in data[6::16])  # version 4
    data[8::16] = bytes((b & 0x3F) | 0x80 for b in data[8::16])  # RFC 4122 variant
    digits = data.hex()
    return [digits[i : i + 32] for i in range(0, 32 * count, 32)]


def _insert_statement(target: Target, postgres: bool) -> TextClause:
    """The INSERT … SELECT that moves a chunk to ``leads``, skipping DNC and known numbers."""
    sql = _postgres_insert(target) if postgres else _sqlite_insert(target)
    return text(sql).bindparams(bindparam("now", type_=UtcDateTime()))


def _sqlite_insert(target: Target) -> str:
    """From the staging table; it returns the numbers it inserted."""
    source = f"{_STAGING} t WHERE NOT EXISTS ({_ON_DNC}) AND NOT EXISTS ({_KNOWN})"
    return _into_leads(target, source)


def _postgres_insert(target: Target) -> str:
    """From the JSON parameter ``rows``; it returns the numbers it left out, and if on DNC.

    It looks numbers up one index probe at a time (LATERAL … LIMIT 1): a hash join would
    read the whole DNC list and all of the campaign's leads, earlier chunks' too, for
    every chunk.
    """
    source = f"chunk t LEFT JOIN LATERAL ({_ON_DNC} LIMIT 1) dnc ON TRUE "
    if target.round_robin:
        source += f"LEFT JOIN LATERAL ({_KNOWN} LIMIT 1) known ON TRUE "
        source += "WHERE dnc.hit IS NULL AND known.hit IS NULL"
    else:  # numbers already in the campaign: ON CONFLICT leaves them out
        source += "WHERE dnc.hit IS NULL"
    added = _into_leads(target, source)
    return (
        f"WITH chunk AS MATERIALIZED ({_CHUNK_ROWS_SQL}), added AS ({added}) "
        "SELECT t.phone_e164, dnc.hit IS NOT NULL FROM chunk t "
        f"LEFT JOIN LATERAL ({_ON_DNC} LIMIT 1) dnc ON TRUE "
        "WHERE t.phone_e164 NOT IN (SELECT phone_e164 FROM added)"
    )


def _into_leads(target: Target, source: str) -> str:
    """``INSERT INTO leads … SELECT … FROM source``, returning the numbers it inserted."""
    if target.round_robin:
        # Numbered after DNC and existing numbers are left out, so the reps get turns
        # in file order with no gaps.
        turns = " ".join(f"WHEN {i} THEN {int(u)}" for i, u in enumerate(target.round_robin))
        n = len(target.round_robin)
        order = "ROW_NUMBER() OVER (ORDER BY t.row_no) - 1 + CAST(:turn AS INTEGER)"
        assigned = f"CASE ({order}) % {n} {turns} END"
    else:
        assigned = "CAST(:user_id AS INTEGER)"
    return (
        f"INSERT INTO leads ({_LEAD_COLUMNS}) "
        f"SELECT t.id, CAST(:campaign_id AS INTEGER), t.phone_e164, t.name, t.company, "
        f"t.extra, t.timezone, {assigned}, CAST(:team_id AS INTEGER), t.priority, 'new', 0, "
        f":now FROM {source} "
        "ON CONFLICT (campaign_id, phone_e164) DO NOTHING RETURNING phone_e164"
    )
