"""Plain values read from the desk database: what the desk layer and screens hold.

Frozen, never ORM objects, so they can cross threads and sit in Qt models safely.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from agent_desk.store.desk_schema import DeskCall, DeskLead, DeskWrapup
from agent_desk.store.facts import FactKind


@dataclass(frozen=True)
class LeadView:
    id: uuid.UUID
    campaign_id: int
    phone_e164: str
    name: str
    company: str
    extra: dict[str, Any]
    timezone: str
    priority: int
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    leased: bool
    lease_expires_at: datetime | None
    callback_due_at: datetime | None = None


@dataclass(frozen=True)
class WrapupView:
    id: uuid.UUID
    call_id: uuid.UUID
    contact_time: datetime
    outcome_code: str
    form: dict[str, Any]
    amends_id: uuid.UUID | None
    amend_reason: str
    created_at: datetime


@dataclass(frozen=True)
class CallView:
    id: uuid.UUID
    lead_id: uuid.UUID | None
    campaign_id: int | None
    phone_e164: str
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime
    ring_count: int
    talk_seconds: int
    end_reason: str
    training: bool
    # The original wrap-up first, then its amendments in the order they were made.
    wrapups: tuple[WrapupView, ...] = ()
    direction: str = "out"  # "in": the customer called (domain.call_state.CallDirection)


@dataclass(frozen=True)
class PendingCallView:
    call_id: uuid.UUID
    lead_id: uuid.UUID | None
    campaign_id: int | None
    phone_e164: str
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    ring_count: int
    end_reason: str | None
    training: bool
    draft: dict[str, Any] | None
    direction: str = "out"  # "in": an answered incoming call (desk schema version 2)


@dataclass(frozen=True)
class CallbackView:
    id: uuid.UUID
    lead_id: uuid.UUID
    owner_user_id: int | None
    due_at: datetime
    lead_name: str
    phone_e164: str
    notified_at: datetime | None


@dataclass(frozen=True)
class OutboxItem:
    seq: int
    kind: FactKind
    entity_id: str
    payload: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class Fact:
    """A fact to enqueue: its kind, the row's key and its column values."""

    kind: FactKind
    entity_id: str
    values: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)


def lead_view(row: DeskLead, callback_due: datetime | None = None) -> LeadView:
    return LeadView(
        row.id,
        row.campaign_id,
        row.phone_e164,
        row.name,
        row.company,
        dict(row.extra or {}),
        row.timezone,
        row.priority,
        row.status,
        row.attempts,
        row.next_attempt_at,
        row.last_attempt_at,
        row.leased,
        row.lease_expires_at,
        callback_due,
    )


def wrapup_view(row: DeskWrapup) -> WrapupView:
    return WrapupView(
        row.id,
        row.call_id,
        row.contact_time,
        row.outcome_code,
        dict(row.form),
        row.amends_id,
        row.amend_reason,
        row.created_at,
    )


def call_view(row: DeskCall, wrapups: tuple[WrapupView, ...] = ()) -> CallView:
    return CallView(
        row.id,
        row.lead_id,
        row.campaign_id,
        row.phone_e164,
        row.started_at,
        row.answered_at,
        row.ended_at,
        row.ring_count,
        row.talk_seconds,
        row.end_reason,
        row.training,
        wrapups,
        row.direction or "out",
    )
