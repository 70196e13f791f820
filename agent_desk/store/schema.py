"""The shared database: one schema for every desk, the team view and the admin.

Alembic (``db/``) creates and upgrades these tables; ``tests/store/test_migrations.py``
proves the migrations and these models agree. Conventions:

* Facts made on a desk (call records, wrap-ups, callbacks, complaints, shift summaries)
  have a desk-made UUID primary key, so a repeated push is a no-op.
* Call records and wrap-ups are append-only: a correction is a new wrap-up whose
  ``amends_id`` points at the original.
* Money is stored in cents (fen) as integers: exact sums on every engine.
* Every timestamp is UTC (see :class:`UtcDateTime`).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from agent_desk.store.types import BigIntPk, UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonDoc = JSON().with_variant(JSONB(), "postgresql")

ROLES = ("rep", "supervisor", "admin")
LEAD_STATUSES = ("new", "active", "callback", "done", "dnc", "exhausted")
# Leads in these states may still be served to a desk.
CALLABLE_STATUSES = ("new", "active", "callback")
AGENT_STATES = ("ready", "paused", "dialing", "ringing", "on_call", "wrapup", "offline")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table(model: type[Base]) -> Table:
    """The Core table of a model (mypy sees ``Model.__table__`` as a bare FromClause)."""
    return cast(Table, model.__table__)


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(63), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The PostgreSQL login role of this person; None on the embedded SQLite database.
    db_role: Mapped[str | None] = mapped_column(String(63), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Campaign(Base):
    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), default="zh")
    # The company the rep introduces themselves as (the opening statement).
    company_name: Mapped[str] = mapped_column(String(200), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    default_region: Mapped[str] = mapped_column(String(2), default="CN")
    fallback_timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    # {"windows": {"mon": ["09:00-12:00", ...], ...}, "holidays": ["2026-10-01", ...]}
    # evaluated in the customer's local time (domain.calling_windows).
    calling_policy: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    soft_call_limit_s: Mapped[int] = mapped_column(Integer, default=300)
    max_attempts: Mapped[int] = mapped_column(Integer, default=6)
    min_gap_minutes: Mapped[int] = mapped_column(Integer, default=60)
    cs_transfer_number: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Outcome(Base):
    __tablename__ = "outcomes"
    __table_args__ = (
        UniqueConstraint("campaign_id", "code"),
        CheckConstraint("hotkey IS NULL OR (hotkey BETWEEN 1 AND 9)", name="hotkey"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    code: Mapped[str] = mapped_column(String(40))
    label_en: Mapped[str] = mapped_column(String(80))
    label_zh: Mapped[str] = mapped_column(String(80))
    hotkey: Mapped[int | None] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    is_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    is_sale: Mapped[bool] = mapped_column(Boolean, default=False)
    is_callback: Mapped[bool] = mapped_column(Boolean, default=False)
    is_dnc: Mapped[bool] = mapped_column(Boolean, default=False)
    is_complaint: Mapped[bool] = mapped_column(Boolean, default=False)
    is_final: Mapped[bool] = mapped_column(Boolean, default=False)


class Script(Base):
    """A talk-track version. The newest version of a campaign is the live one."""

    __tablename__ = "scripts"
    __table_args__ = (UniqueConstraint("campaign_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(63), default="")


# When a lead may next be served: the latest of its next attempt and its lease's expiry,
# or when it was imported if neither is set. Generated by the database on every write, so
# no writer can leave it stale (claims, renewals, releases, routing, imports, admin tools,
# hand-written SQL); never NULL, so one index range holds every lead available by "now".
AVAILABLE_AT_SQL = (
    "CASE WHEN lease_expires_at IS NULL OR next_attempt_at > lease_expires_at"
    " THEN coalesce(next_attempt_at, imported_at) ELSE lease_expires_at END"
)
# The serving order's first key: 0 for callbacks (due ones come first), 1 for the rest.
SERVE_GROUP_SQL = "CASE WHEN status = 'callback' THEN 0 ELSE 1 END"


class Lead(Base):
    __tablename__ = "leads"
    __table_args__ = (
        UniqueConstraint("campaign_id", "phone_e164"),
        CheckConstraint(_in("status", LEAD_STATUSES), name="status"),
        Index("ix_leads_assigned", "assigned_user_id", "status"),
        Index("ix_leads_lease", "lease_user_id", "lease_expires_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    phone_e164: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120), default="")
    company: Mapped[str] = mapped_column(String(200), default="")
    extra: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    timezone: Mapped[str] = mapped_column(String(64))
    assigned_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    pool_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    priority: Mapped[int] = mapped_column(Integer, default=100)
    status: Mapped[str] = mapped_column(String(16), default="new")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    lease_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lease_desk: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Generated (see above) for the claim indexes. STORED on PostgreSQL; migration 0003
    # adds them VIRTUAL on SQLite, which cannot add STORED columns to an existing table
    # (its indexes store the values anyway).
    available_at: Mapped[datetime] = mapped_column(
        UtcDateTime, Computed(AVAILABLE_AT_SQL, persisted=True)
    )
    serve_group: Mapped[int] = mapped_column(Integer, Computed(SERVE_GROUP_SQL, persisted=True))


def _claim_index(name: str, *leading: str, where: str) -> Index:
    """An index in the claim's serving order behind the ``leading`` equality columns.

    Callbacks first, then by priority, then by when the lead became available, then id.
    In each (group, priority) stretch the leads available by "now" come first, so a claim
    reads them in order and passes leased or not-yet-due leads in the index alone.
    """
    columns = table(Lead).c
    return Index(
        name,
        *(columns[c] for c in (*leading, "serve_group", "priority", "available_at", "id")),
        postgresql_where=text(where),
        sqlite_where=text(where),
    )


CALLABLE_SQL = _in("status", CALLABLE_STATUSES)
# Pool leads of a campaign: one range per team pool, one for everyone's (team NULL).
_claim_index(
    "ix_leads_claim",
    "campaign_id",
    "pool_team_id",
    where=f"{CALLABLE_SQL} AND assigned_user_id IS NULL",
)
# A rep's assigned leads of a campaign.
_claim_index(
    "ix_leads_claim_assigned",
    "assigned_user_id",
    "campaign_id",
    where=f"{CALLABLE_SQL} AND assigned_user_id IS NOT NULL",
)


class CallRecord(Base):
    """One call attempt, made on a desk. Append-only."""

    __tablename__ = "call_records"
    __table_args__ = (
        CheckConstraint("direction IN ('out', 'in')", name="direction"),
        Index("ix_call_records_user_started", "user_id", "started_at"),
        Index("ix_call_records_started", "started_at"),
        Index("ix_call_records_lead", "lead_id"),
        # The team view's list of records flagged on arrival (few among millions).
        Index(
            "ix_call_records_flagged",
            "user_id",
            "started_at",
            postgresql_where=text("flag IS NOT NULL"),
            sqlite_where=text("flag IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    lead_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("leads.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    desk_id: Mapped[str] = mapped_column(String(64))
    direction: Mapped[str] = mapped_column(String(3), default="out")
    phone_e164: Mapped[str] = mapped_column(String(20))
    line_backend: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ring_count: Mapped[int] = mapped_column(Integer, default=0)
    talk_seconds: Mapped[int] = mapped_column(Integer, default=0)
    end_reason: Mapped[str] = mapped_column(String(24))
    training: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set when the desk no longer held the lead's lease when the record arrived.
    flag: Mapped[str | None] = mapped_column(String(40))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Wrapup(Base):
    """The form saved after a call attempt. Append-only; corrections amend."""

    __tablename__ = "wrapups"
    __table_args__ = (
        CheckConstraint("intent IS NULL OR intent IN ('A', 'B', 'C', 'D')", name="intent"),
        # The customer's rating (客户满意度), given or not; only a contact has one.
        CheckConstraint(
            "satisfaction IS NULL OR (is_contact AND satisfaction BETWEEN 1 AND 5)",
            name="satisfaction",
        ),
        Index("ix_wrapups_user_contact", "user_id", "contact_time"),
        Index("ix_wrapups_call", "call_id"),
        Index("ix_wrapups_amends", "amends_id"),
        # The team view's records filtered by outcome (a rep's sales among their calls).
        Index("ix_wrapups_user_outcome", "user_id", "outcome_code"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    call_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("call_records.id"))
    lead_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("leads.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    contact_time: Mapped[datetime] = mapped_column(UtcDateTime)
    person: Mapped[str] = mapped_column(String(100))
    outcome_code: Mapped[str] = mapped_column(String(40))
    is_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    is_sale: Mapped[bool] = mapped_column(Boolean, default=False)
    intent: Mapped[str | None] = mapped_column(String(1))
    tags: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    amount_cents: Mapped[int | None] = mapped_column(BigInteger)
    followup_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    complaint_summary: Mapped[str] = mapped_column(Text, default="")
    opening_done: Mapped[bool] = mapped_column(Boolean, default=False)
    satisfaction: Mapped[int | None] = mapped_column(SmallInteger)
    amends_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("wrapups.id"))
    amend_reason: Mapped[str] = mapped_column(Text, default="")
    training: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Callback(Base):
    __tablename__ = "callbacks"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'done', 'cancelled')", name="status"),
        Index("ix_callbacks_due", "status", "due_at"),
        Index("ix_callbacks_owner", "owner_user_id", "status"),
        # Replacing a lead's earlier callbacks (shared_apply) looks them up by lead.
        Index("ix_callbacks_lead", "lead_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    lead_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("leads.id"))
    wrapup_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("wrapups.id"))
    # None: anyone on team_id may take it.
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(12), default="open")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by_call_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class DncNumber(Base):
    """Do-not-call list: a listed number is never served or dialed, in any campaign."""

    __tablename__ = "dnc_numbers"

    phone_e164: Mapped[str] = mapped_column(String(20), primary_key=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(16))
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Complaint(Base):
    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'handled')", name="status"),
        Index("ix_complaints_status", "status", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    call_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("call_records.id"))
    wrapup_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("wrapups.id"))
    lead_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("leads.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    summary: Mapped[str] = mapped_column(Text)
    transferred: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(12), default="open")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    handled_by: Mapped[str | None] = mapped_column(String(63))


class MonthlyTarget(Base):
    __tablename__ = "monthly_targets"
    __table_args__ = (UniqueConstraint("user_id", "month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    month: Mapped[str] = mapped_column(String(7))  # "2026-11"
    calls: Mapped[int] = mapped_column(Integer, default=0)
    contacts: Mapped[int] = mapped_column(Integer, default=0)
    interested: Mapped[int] = mapped_column(Integer, default=0)
    sales_cents: Mapped[int] = mapped_column(BigInteger, default=0)


class ShiftSummary(Base):
    """End-of-shift figures the rep confirmed, kept for the supervisor."""

    __tablename__ = "shift_summaries"
    __table_args__ = (Index("ix_shift_summaries_user_ended", "user_id", "ended_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    desk_id: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime] = mapped_column(UtcDateTime)
    dials: Mapped[int] = mapped_column(Integer)
    contacts: Mapped[int] = mapped_column(Integer)
    talk_seconds: Mapped[int] = mapped_column(Integer)
    intents: Mapped[dict[str, int]] = mapped_column(JsonDoc)
    callbacks_set: Mapped[int] = mapped_column(Integer)
    sales_count: Mapped[int] = mapped_column(Integer)
    sales_cents: Mapped[int] = mapped_column(BigInteger)
    # Rated contacts of the shift and their ratings added up (migration 0006).
    satisfaction_count: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    satisfaction_sum: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # Calls customers made to the desk (not dials; migration 0007).
    inbound_calls: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    note: Mapped[str] = mapped_column(Text, default="")
    confirmed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AgentState(Base):
    """Latest heartbeat of each person's desk, for the live board."""

    __tablename__ = "agent_states"
    __table_args__ = (CheckConstraint(_in("state", AGENT_STATES), name="state"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    desk_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(40), default="")
    since: Mapped[datetime] = mapped_column(UtcDateTime)
    current_lead_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    current_phone_masked: Mapped[str] = mapped_column(String(32), default="")
    outbox_waiting: Mapped[int] = mapped_column(Integer, default=0)
    heartbeat_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditEntry(Base):
    """Who changed what, outside the append-only facts. Nobody updates or deletes it."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(63))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)


# --- team view: settings and rollups (migration 0004) ----------------------------------


class Setting(Base):
    """Deployment-wide settings, one row per key (e.g. ``report_timezone``)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(63), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(63), default="")


class ReportTzOffset(Base):
    """UTC offsets of the reporting time zone from ``at_utc`` on (SQLite's triggers use it).

    SQLite has no time zones: its triggers find a call's local day with the latest row at
    or before the call's start. Refilled from zoneinfo whenever the zone is set.
    """

    __tablename__ = "report_tz_offsets"

    at_utc: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)
    offset_minutes: Mapped[int] = mapped_column(Integer)


class RepDayFigures(Base):
    """A rep's figures for one local day of the reporting zone. Written by triggers only.

    Each non-training call adds a dial, or an inbound call when the customer called
    (migration 0007: not a dial), and its talk time to the day it started; its
    effective wrap-up (the latest of the original and its amendments) adds the contact,
    intent, sale, callback and customer-satisfaction rating. An amendment takes back what
    the previous one added.
    """

    __tablename__ = "rep_day_figures"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    dials: Mapped[int] = mapped_column(Integer, default=0)
    contacts: Mapped[int] = mapped_column(Integer, default=0)
    talk_seconds: Mapped[int] = mapped_column(BigInteger, default=0)
    intent_a: Mapped[int] = mapped_column(Integer, default=0)
    intent_b: Mapped[int] = mapped_column(Integer, default=0)
    intent_c: Mapped[int] = mapped_column(Integer, default=0)
    intent_d: Mapped[int] = mapped_column(Integer, default=0)
    sales_count: Mapped[int] = mapped_column(Integer, default=0)
    sales_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    callbacks_set: Mapped[int] = mapped_column(Integer, default=0)
    # Rated contacts and their ratings added up (migration 0006): average = sum / count.
    satisfaction_count: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    satisfaction_sum: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # Calls customers made to the rep (migration 0007); ``dials`` are outbound only.
    inbound_calls: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class RepDayOutcome(Base):
    """How many of a rep's calls of a local day ended with each outcome (effective
    wrap-ups only). Written by triggers only; the outcome mix of days (whole months come
    from `RepMonthOutcome`)."""

    __tablename__ = "rep_day_outcomes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    outcome_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    calls: Mapped[int] = mapped_column(Integer, default=0)


class RepMonthOutcome(Base):
    """`RepDayOutcome` summed by month (``month``: its first day), for long periods.
    Written by triggers only."""

    __tablename__ = "rep_month_outcomes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    outcome_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    calls: Mapped[int] = mapped_column(Integer, default=0)
