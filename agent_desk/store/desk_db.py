"""The desk database file: opening it, small key/value facts, and the outbox.

Every method is one unit of work. ``DeskRepo`` (desk_repo.py) adds the leads, calls,
wrap-ups and callbacks on top of this.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Self

from sqlalchemy import Engine, func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from agent_desk.domain.campaign import CampaignConfig
from agent_desk.store.desk_schema import (
    DESK_SCHEMA_VERSION,
    DESK_UPGRADES,
    DeskBase,
    DeskKV,
    OutboxEntry,
)
from agent_desk.store.desk_views import Fact, OutboxItem
from agent_desk.store.engine import READ_ONLY, make_engine
from agent_desk.store.facts import FactKind, to_payload


class DeskDatabase:
    """One person's desk database against one shared database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # Reads begin deferred: they never wait for the sync thread's write lock.
        self._reads = sessionmaker(
            engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )

    @classmethod
    def open(cls, path: Path) -> Self:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(f"sqlite:///{path}")
        DeskBase.metadata.create_all(engine)
        repo = cls(engine)
        repo._check_version()
        return repo

    def close(self) -> None:
        self.engine.dispose()

    def _check_version(self) -> None:
        version = self.kv_get("schema_version")
        if version is None:
            self.kv_set("schema_version", DESK_SCHEMA_VERSION)
            return
        while version in DESK_UPGRADES and version < DESK_SCHEMA_VERSION:
            version = self._upgrade_from(version)
        if version != DESK_SCHEMA_VERSION:
            raise RuntimeError(f"desk database version {version} is not {DESK_SCHEMA_VERSION}")

    def _upgrade_from(self, version: int) -> int:
        """One step up, in one transaction: a desk killed meanwhile keeps the old file."""
        with self._session() as s, s.begin():
            for statement in DESK_UPGRADES[version]:
                s.execute(text(statement))
            s.merge(DeskKV(key="schema_version", value=version + 1))
        return version + 1

    def _session(self) -> Session:
        return self._sessions()

    def _reader(self) -> Session:
        return self._reads()

    # -- small facts ---------------------------------------------------------------

    def kv_get(self, key: str, default: Any = None) -> Any:
        with self._reader() as s:
            row = s.get(DeskKV, key)
            return default if row is None else row.value

    def kv_set(self, key: str, value: Any) -> None:
        with self._session() as s, s.begin():
            s.merge(DeskKV(key=key, value=value))

    def desk_id(self) -> str:
        """This desk's id, made once and kept (leases and records carry it)."""
        existing = self.kv_get("desk_id")
        if existing:
            return str(existing)
        made = f"desk-{uuid.uuid4().hex[:12]}"
        self.kv_set("desk_id", made)
        return made

    def campaigns(self) -> dict[int, CampaignConfig]:
        data = self.kv_get("campaigns", [])
        return {c["id"]: CampaignConfig.from_json(c) for c in data}

    def store_campaigns(self, configs: Iterable[CampaignConfig]) -> None:
        self.kv_set("campaigns", [c.to_json() for c in configs])

    # -- outbox ---------------------------------------------------------------------------

    def _enqueue(self, s: Session, fact: Fact, now: datetime) -> None:
        payload = to_payload(fact.values)
        if fact.meta:
            payload["_meta"] = fact.meta
        s.add(
            OutboxEntry(
                kind=fact.kind.value, entity_id=fact.entity_id, payload=payload, created_at=now
            )
        )

    def enqueue(self, facts: Sequence[Fact], now: datetime) -> None:
        with self._session() as s, s.begin():
            for fact in facts:
                self._enqueue(s, fact, now)

    @staticmethod
    def _unpushed_ids(s: Session, kind: FactKind) -> set[uuid.UUID]:
        rows = s.scalars(
            select(OutboxEntry.entity_id).where(
                OutboxEntry.pushed_at.is_(None), OutboxEntry.kind == kind.value
            )
        )
        return {uuid.UUID(r) for r in rows}

    def outbox_batch(self, limit: int) -> list[OutboxItem]:
        with self._reader() as s:
            rows = s.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.pushed_at.is_(None))
                .order_by(OutboxEntry.seq)
                .limit(limit)
            ).all()
        return [
            OutboxItem(r.seq, FactKind(r.kind), r.entity_id, dict(r.payload), r.attempts)
            for r in rows
        ]

    def mark_pushed(self, seqs: Sequence[int], at: datetime) -> None:
        with self._session() as s, s.begin():
            s.execute(
                update(OutboxEntry)
                .where(OutboxEntry.seq.in_(seqs))
                .values(pushed_at=at, last_error="")
            )

    def mark_failed(self, seq: int, error: str) -> None:
        with self._session() as s, s.begin():
            s.execute(
                update(OutboxEntry)
                .where(OutboxEntry.seq == seq)
                .values(attempts=OutboxEntry.attempts + 1, last_error=error[:2000])
            )

    def waiting(self) -> int:
        with self._reader() as s:
            return (
                s.scalar(
                    select(func.count())
                    .select_from(OutboxEntry)
                    .where(OutboxEntry.pushed_at.is_(None))
                )
                or 0
            )
