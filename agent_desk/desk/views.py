"""Immutable values the desk hands to the screens through its signals."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from agent_desk.domain import phones
from agent_desk.domain.call_state import CallState, EndReason
from agent_desk.domain.calling_windows import CallingDecision
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.domain.kpi import Figures, Target
from agent_desk.domain.phone_errors import PhoneError
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.store.desk_views import CallView, LeadView


class AgentState(StrEnum):
    READY = "ready"
    PAUSED = "paused"
    DIALING = "dialing"
    RINGING = "ringing"
    ON_CALL = "on_call"
    WRAPUP = "wrapup"


PAUSE_REASONS = ("break", "lunch", "meeting", "training", "coaching", "technical", "other")


@dataclass(frozen=True)
class AgentStatus:
    state: AgentState
    since: datetime
    reason: str = ""  # pause reason code


@dataclass(frozen=True)
class QueueEntry:
    lead: LeadView
    campaign: CampaignConfig | None
    decision: CallingDecision | None  # None when the campaign is unknown
    due_callback: bool = False

    @property
    def callable(self) -> bool:
        return self.decision is not None and self.decision.allowed


@dataclass(frozen=True)
class LeadCard:
    lead: LeadView
    campaign: CampaignConfig | None
    decision: CallingDecision | None
    history: tuple[CallView, ...]
    dnc_reason: str | None


class RefusalKind(StrEnum):
    WRAPUP_PENDING = "wrapup_pending"
    CALL_LIVE = "call_live"
    PAUSED = "paused"
    NO_LEAD = "no_lead"
    DNC = "dnc"
    OUTSIDE_WINDOW = "outside_window"
    INVALID_NUMBER = "invalid_number"
    LEASED_ELSEWHERE = "leased_elsewhere"
    LEAD_CLOSED = "lead_closed"  # worked to a final outcome, or out of attempts
    TOO_SOON = "too_soon"  # the campaign's minimum gap since the last attempt
    LINE_ERROR = "line_error"


class ProblemKind(StrEnum):
    """Something the rep asked for that cannot be done now (not a dial refusal)."""

    BUSY_FOR_PAUSE = "busy_for_pause"  # a call or its wrap-up is open
    NO_WRAPUP_DUE = "no_wrapup_due"
    CAMPAIGN_NOT_LOADED = "campaign_not_loaded"
    LINE_COMMAND = "line_command"  # the line refused hold/mute/tones/transfer
    CALLER_GONE = "caller_gone"  # an incoming call ended before the answer got through


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    detail: str = ""  # English, for the log


@dataclass(frozen=True)
class Refusal:
    """Why a dial was refused, with what the screen needs to explain it."""

    kind: RefusalKind
    phone_e164: str = ""
    detail: str = ""  # English, for the log
    decision: CallingDecision | None = None
    phone_error: PhoneError | None = None
    not_before: datetime | None = None  # TOO_SOON: when the next attempt is allowed


@dataclass(frozen=True)
class CallSnapshot:
    call_id: uuid.UUID
    state: CallState
    phone_e164: str
    lead_id: uuid.UUID | None
    started_at: datetime | None
    answered_at: datetime | None
    ended_at: datetime | None
    ring_count: int
    end_reason: EndReason | None
    muted: bool
    soft_limit_s: int
    training: bool


@dataclass(frozen=True)
class WrapupContext:
    """A wrap-up the rep owes: the call it is for and the form so far."""

    call_id: uuid.UUID
    lead: LeadView | None
    campaign: CampaignConfig
    phone_e164: str
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime
    end_reason: str
    talk_seconds: int
    training: bool
    draft: WrapupDraft
    restored: bool = False  # came back after the desk was closed or killed
    amends: uuid.UUID | None = None  # set when this form amends a saved wrap-up
    direction: str = "out"  # "in": the customer called the desk


@dataclass(frozen=True)
class IncomingOffer:
    """A call coming in, as the rep sees it before answering.

    Attributes:
        caller: What the line gave: a number, or an address when the caller has none.
        phone_e164: The caller's number in E.164, or "" when it is not a phone number.
        lead: The rep's lead with that number, or None.
        at: When the call came in.
    """

    caller: str
    phone_e164: str
    lead: LeadView | None
    at: datetime


@dataclass(frozen=True)
class TodayFigures:
    figures: Figures
    target: Target | None
    month_days_elapsed_share: float = 0.0


@dataclass(frozen=True)
class ShiftSummaryView:
    started_at: datetime
    ended_at: datetime
    figures: Figures
    intents: dict[str, int] = field(default_factory=dict)

    @property
    def sales_amount(self) -> Decimal:
        return self.figures.sales_amount

    def as_rows(self) -> list[tuple[str, Any]]:
        """Key/value rows for the CSV export (keys are stable, not translated)."""
        f = self.figures
        return [
            ("shift_started", self.started_at.isoformat()),
            ("shift_ended", self.ended_at.isoformat()),
            ("dials", f.dials),
            ("inbound_calls", f.inbound),
            ("contacts", f.contacts),
            ("contact_rate", f"{f.contact_rate:.3f}"),
            ("talk_seconds", f.talk_seconds),
            *((f"intent_{k}", v) for k, v in self.intents.items()),
            ("callbacks_set", f.callbacks_set),
            ("sales_count", f.sales_count),
            ("sales_amount", str(f.sales_amount)),
            # Empty, not 0, when no customer rated a call.
            ("satisfaction_rated", f.rated),
            (
                "satisfaction_average",
                "" if f.avg_satisfaction is None else f"{f.avg_satisfaction:.2f}",
            ),
        ]


def script_fields(
    lead: LeadView | None, campaign: CampaignConfig | None, agent_name: str
) -> dict[str, str]:
    """Values for the talk-track's ``{{…}}`` fields (the phone masked, as on screen)."""
    fields = {"agent.name": agent_name}
    if campaign is not None:
        fields.update(
            {
                "campaign.company": campaign.company_name,
                "campaign.name": campaign.name,
                "campaign.purpose": campaign.purpose,
            }
        )
    if lead is not None:
        fields.update(
            {
                "lead.name": lead.name,
                "lead.company": lead.company,
                "lead.phone": phones.mask(lead.phone_e164),
            }
        )
        fields.update({f"lead.extra.{key}": str(value) for key, value in lead.extra.items()})
    return fields
