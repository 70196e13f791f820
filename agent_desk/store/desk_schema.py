"""The desk database: one SQLite file per person and shared database, on the desk.

Everything the rep creates lands here first, in one transaction with an outbox row,
before the screen says "saved" (DESIGN.md, "Local desk database and sync"). The sync
worker pushes the outbox in order and keeps the caches below fresh. The file is a cache
plus an outbox, so it is created with ``create_all`` rather than migrated by Alembic; a
file from an earlier version is brought up to ``DESK_SCHEMA_VERSION`` in place by the
steps in ``DESK_UPGRADES`` (``desk_db``), keeping its outbox and any wrap-up it owes.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, MetaData, String, Text, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from agent_desk.store.types import UtcDateTime

DESK_SCHEMA_VERSION = 2

# The statements that bring a desk file from a version to the next, run in one
# transaction with the version's own update. Only additions, so nothing is lost.
DESK_UPGRADES: dict[int, tuple[str, ...]] = {
    # 2: the owed call remembers who placed it (an answered incoming call stays "in").
    1: ("ALTER TABLE pending_call ADD COLUMN direction VARCHAR(3) NOT NULL DEFAULT 'out'",),
}


class DeskBase(DeclarativeBase):
    metadata = MetaData()


class OutboxEntry(DeskBase):
    """A fact waiting to reach the shared database, pushed in ``seq`` order."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "pushed_at", "seq"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(24))
    entity_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    pushed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")


class DeskLead(DeskBase):
    """A lead this desk knows: leased into the hopper, or assigned to the rep (search)."""

    __tablename__ = "leads"
    __table_args__ = (Index("ix_desk_leads_hopper", "leased", "queue_rank"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(Integer)
    phone_e164: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    company: Mapped[str] = mapped_column(String(200), default="")
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    timezone: Mapped[str] = mapped_column(String(64))
    priority: Mapped[int] = mapped_column(Integer, default=100)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    leased: Mapped[bool] = mapped_column(Boolean, default=False)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Order in which the hopper serves leases (claim order; due callbacks first).
    queue_rank: Mapped[int] = mapped_column(Integer, default=0)
    # Set when this desk has worked the lead locally and the push has not caught up.
    worked_locally_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DeskCall(DeskBase):
    """Call records of this person (own, pulled and local), for the lead card history."""

    __tablename__ = "calls"
    __table_args__ = (Index("ix_desk_calls_lead", "lead_id", "started_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    lead_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    campaign_id: Mapped[int | None] = mapped_column(Integer)
    phone_e164: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(3), default="out")
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ring_count: Mapped[int] = mapped_column(Integer, default=0)
    talk_seconds: Mapped[int] = mapped_column(Integer, default=0)
    end_reason: Mapped[str] = mapped_column(String(24))
    training: Mapped[bool] = mapped_column(Boolean, default=False)


class DeskWrapup(DeskBase):
    __tablename__ = "wrapups"
    __table_args__ = (Index("ix_desk_wrapups_call", "call_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    call_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    lead_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    contact_time: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    outcome_code: Mapped[str] = mapped_column(String(40))
    # The whole saved form (domain WrapupDraft JSON), exactly as pushed.
    form: Mapped[dict[str, Any]] = mapped_column(JSON)
    is_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    is_sale: Mapped[bool] = mapped_column(Boolean, default=False)
    amends_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    amend_reason: Mapped[str] = mapped_column(Text, default="")
    training: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DeskCallback(DeskBase):
    """Open callbacks this person may take: their own and the team's."""

    __tablename__ = "callbacks"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    lead_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    owner_user_id: Mapped[int | None] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    status: Mapped[str] = mapped_column(String(12), default="open")
    lead_name: Mapped[str] = mapped_column(String(120), default="")
    phone_e164: Mapped[str] = mapped_column(String(20), default="")
    notified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DeskDnc(DeskBase):
    __tablename__ = "dnc"

    phone_e164: Mapped[str] = mapped_column(String(20), primary_key=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PendingCall(DeskBase):
    """The call in progress or waiting for its wrap-up; at most one row (id 1).

    Written when a call is dialed and updated as it ends, so that a killed desk comes
    back with the wrap-up it owes (and the draft typed so far).
    """

    __tablename__ = "pending_call"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    lead_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    campaign_id: Mapped[int | None] = mapped_column(Integer)
    phone_e164: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ring_count: Mapped[int] = mapped_column(Integer, default=0)
    end_reason: Mapped[str | None] = mapped_column(String(24))
    training: Mapped[bool] = mapped_column(Boolean, default=False)
    draft: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    draft_saved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # "in" for an answered incoming call (version 2; a version 1 row becomes "out").
    direction: Mapped[str] = mapped_column(String(3), default="out", server_default="out")


class DeskKV(DeskBase):
    """Small desk facts: desk id, sync watermarks, the pulled configuration."""

    __tablename__ = "kv"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
