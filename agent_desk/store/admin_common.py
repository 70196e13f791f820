"""What the admin repositories share: their error, the audit row and the rows they return.

The admin repositories (`people_repo`, `campaign_repo`, `dnc_repo`) are the admin's reads
and writes on the shared database. Every function takes a SQLAlchemy `Session` whose
transaction the caller owns (the CLI runs one unit of work per command:
``with Session(engine) as s, s.begin():``) and returns the plain frozen dataclasses
below, never ORM objects. Every write adds an ``audit_log`` row in the same transaction.
A request the admin can fix raises `AdminError` with a message meant to be shown as it
is; nothing has been written when it is raised before a flush, and the caller's rollback
undoes the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from agent_desk.domain import phones
from agent_desk.domain.calling_policy import CallingPolicy
from agent_desk.domain.outcomes import OutcomeSet
from agent_desk.store.schema import AuditEntry

T = TypeVar("T")


class AdminError(Exception):
    """A request the admin can fix; the message is shown to them as it is."""


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
    team: str | None
    active: bool
    db_role: str | None


@dataclass(frozen=True)
class TeamRow:
    id: int
    name: str
    members: int


@dataclass(frozen=True)
class TargetRow:
    username: str
    display_name: str
    month: str
    calls: int
    contacts: int
    interested: int
    sales_cents: int


@dataclass(frozen=True)
class CampaignSpec:
    """A campaign as the admin describes it (see `agent_desk.admin.campaign_file`)."""

    code: str
    name: str
    policy: CallingPolicy
    outcomes: OutcomeSet
    language: str = "zh"
    company_name: str = ""
    purpose: str = ""
    default_region: str = "CN"
    fallback_timezone: str = "Asia/Shanghai"
    soft_call_limit_s: int = 300
    max_attempts: int = 6
    min_gap_minutes: int = 60
    cs_transfer_number: str | None = None
    active: bool = True


@dataclass(frozen=True)
class CampaignRow:
    id: int
    code: str
    name: str
    language: str
    company_name: str
    default_region: str
    fallback_timezone: str
    active: bool
    outcomes: int
    script_version: int | None
    leads: int


@dataclass(frozen=True)
class OutcomeRow:
    code: str
    label_en: str
    label_zh: str
    hotkey: int | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class ScriptRow:
    campaign_code: str
    version: int
    body: str
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class DncRow:
    phone_e164: str
    reason: str
    source: str
    added_at: datetime

    @property
    def masked(self) -> str:
        return phones.mask(self.phone_e164)


@dataclass(frozen=True)
class DncAdded:
    phone_e164: str
    added: bool  # False: the number was already listed
    leads_closed: int  # callable leads with this number now marked "dnc"


def utc_now(now: datetime | None = None) -> datetime:
    """`now` when the caller fixes the moment (tests, demo data), else the current time."""
    return now if now is not None else datetime.now(UTC)


def require(session: Session, query: Select[T], missing: str) -> T:
    """The one object `query` finds; `AdminError` with the `missing` message if none."""
    found = session.scalar(query)
    if found is None:
        raise AdminError(missing)
    return found


def record_audit(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str = "",
    detail: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> None:
    """Add one ``audit_log`` row to the caller's transaction."""
    session.add(
        AuditEntry(
            at=utc_now(now),
            actor=(actor or "admin")[:63],
            action=action,
            entity=entity,
            entity_id=entity_id[:64],
            detail=detail or {},
        )
    )
