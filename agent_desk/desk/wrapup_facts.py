"""Turn a valid wrap-up form into the facts the desk stores and pushes.

One saved form can make several facts: the wrap-up itself, a callback, a do-not-call
entry, a complaint escalation, and the closing of the lead's earlier callbacks.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from agent_desk.domain.call_state import CallDirection
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.store.desk_views import Fact
from agent_desk.store.facts import FactKind
from agent_desk.store.identity import Identity


@dataclass(frozen=True)
class SavedWrapup:
    """Everything one save writes, ready for ``DeskRepo.save_wrapup``."""

    wrapup_id: uuid.UUID
    local_row: dict[str, Any]
    facts: tuple[Fact, ...]
    lead_changes: dict[str, Any]
    dnc: tuple[str, str] | None


def to_cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int((amount * 100).to_integral_value())


def build_wrapup(
    *,
    draft: WrapupDraft,
    campaign: CampaignConfig,
    me: Identity,
    call_id: uuid.UUID,
    lead_id: uuid.UUID | None,
    phone_e164: str,
    lead_name: str,
    lead_attempts: int,
    training: bool,
    now: datetime,
    transferred: bool = False,
    open_callback_ids: tuple[uuid.UUID, ...] = (),
    amends: uuid.UUID | None = None,
    amend_reason: str = "",
    direction: CallDirection = CallDirection.OUT,
) -> SavedWrapup:
    """Facts for a cleaned, validated draft (see ``domain.wrapup.clean``).

    An inbound call is not an attempt on its lead (``CallDirection``): its wrap-up leaves
    the lead's attempts and minimum gap alone and moves the lead only by its outcome.
    """
    outcome = campaign.outcomes[draft.outcome_code or ""]
    wrapup_id = uuid.uuid4()
    # Training calls have no lead in the shared database and change nothing real.
    shared_lead = None if training else lead_id
    assert draft.contact_time is not None, "validated drafts have a contact time"
    row = {
        "id": wrapup_id,
        "call_id": call_id,
        "lead_id": shared_lead,
        "contact_time": draft.contact_time,
        "person": draft.person,
        "outcome_code": outcome.code,
        "is_contact": outcome.contact,
        "is_sale": outcome.sale,
        "intent": None if draft.intent is None else str(draft.intent),
        "tags": list(draft.tags),
        "note": draft.note,
        "amount_cents": to_cents(draft.amount),
        "followup_at": draft.followup_at,
        "complaint_summary": draft.complaint_summary,
        "opening_done": draft.opening_done,
        "satisfaction": draft.satisfaction,
        "amends_id": amends,
        "amend_reason": amend_reason,
        "training": training,
        "created_at": now,
    }
    meta = {
        "outcome_flags": list(outcome.flags),
        "callback_for_team": draft.callback_for_team,
        "direction": direction.value,
    }
    facts = [Fact(FactKind.WRAPUP, str(wrapup_id), row, meta)]
    dnc = None
    if not training:
        facts += _consequences(
            draft,
            outcome.callback,
            outcome.dnc,
            outcome.complaint,
            me,
            call_id,
            shared_lead,
            wrapup_id,
            phone_e164,
            lead_name,
            now,
            transferred,
        )
        if outcome.dnc:
            dnc = (phone_e164, _dnc_reason(me, now))
        if amends is None:
            facts += [
                Fact(
                    FactKind.CALLBACK_CLOSED,
                    str(cb),
                    {"id": cb, "status": "done", "call_id": call_id},
                )
                for cb in open_callback_ids
            ]
    local_row = {
        "id": wrapup_id,
        "call_id": call_id,
        "lead_id": lead_id,
        "contact_time": draft.contact_time,
        "outcome_code": outcome.code,
        "form": draft.to_json_dict(),
        "is_contact": outcome.contact,
        "is_sale": outcome.sale,
        "amends_id": amends,
        "amend_reason": amend_reason,
        "training": training,
        "created_at": now,
    }
    lead_changes: dict[str, Any] = {}
    if amends is None and not direction.is_dial:
        lead_changes = _after_inbound(draft, outcome.dnc, outcome.callback, outcome.final, now)
    elif amends is None:
        status = _local_status(outcome.dnc, outcome.callback, outcome.final)
        if lead_attempts + 1 >= campaign.max_attempts and status == "active":
            status = "exhausted"
        # Mirrors the shared database's routing (shared_apply), so the desk refuses a
        # re-dial before the push comes back: callbacks at their time, others after the gap.
        next_attempt = (
            draft.followup_at
            if status == "callback"
            else now + timedelta(minutes=campaign.min_gap_minutes)
        )
        lead_changes = {
            "worked_locally_at": now,
            "leased": False,
            "attempts": lead_attempts + 1,
            "last_attempt_at": now,
            "status": status,
            "next_attempt_at": next_attempt,
        }
    return SavedWrapup(wrapup_id, local_row, tuple(facts), lead_changes, dnc)


def _after_inbound(
    draft: WrapupDraft, dnc: bool, callback: bool, final: bool, now: datetime
) -> dict[str, Any]:
    """The lead after an inbound call: attempts, last attempt and next attempt (the
    minimum gap) as they were; only the outcome's consequences move it (as shared_apply)."""
    changes: dict[str, Any] = {"worked_locally_at": now, "leased": False}
    if dnc or callback or final:
        changes["status"] = _local_status(dnc, callback, final)
    if not dnc and callback:
        changes["next_attempt_at"] = draft.followup_at
    return changes


def _local_status(dnc: bool, callback: bool, final: bool) -> str:
    if dnc:
        return "dnc"
    if callback:
        return "callback"
    return "done" if final else "active"


def _dnc_reason(me: Identity, now: datetime) -> str:
    # Stored, not shown translated: it is an audit text for the supervisor.
    return f"refused on a call by {me.username} at {now:%Y-%m-%d %H:%M} UTC"


def _consequences(
    draft: WrapupDraft,
    callback: bool,
    dnc: bool,
    complaint: bool,
    me: Identity,
    call_id: uuid.UUID,
    lead_id: uuid.UUID | None,
    wrapup_id: uuid.UUID,
    phone_e164: str,
    lead_name: str,
    now: datetime,
    transferred: bool,
) -> list[Fact]:
    facts: list[Fact] = []
    if callback and draft.followup_at is not None and lead_id is not None:
        callback_id = uuid.uuid4()
        for_team = draft.callback_for_team and me.team_id is not None
        facts.append(
            Fact(
                FactKind.CALLBACK,
                str(callback_id),
                {
                    "id": callback_id,
                    "lead_id": lead_id,
                    "wrapup_id": wrapup_id,
                    "owner_user_id": None if for_team else me.user_id,
                    "team_id": me.team_id,
                    "created_by": me.user_id,
                    "due_at": draft.followup_at,
                    "status": "open",
                    "created_at": now,
                },
                {"lead_name": lead_name, "phone_e164": phone_e164},
            )
        )
    if dnc:
        facts.append(
            Fact(
                FactKind.DNC,
                phone_e164,
                {
                    "phone_e164": phone_e164,
                    "reason": _dnc_reason(me, now),
                    "source": "outcome",
                    "added_by": me.user_id,
                    "added_at": now,
                },
            )
        )
    if complaint:
        complaint_id = uuid.uuid4()
        facts.append(
            Fact(
                FactKind.COMPLAINT,
                str(complaint_id),
                {
                    "id": complaint_id,
                    "call_id": call_id,
                    "wrapup_id": wrapup_id,
                    "lead_id": lead_id,
                    "summary": draft.complaint_summary,
                    "transferred": transferred,
                    "status": "open",
                    "created_at": now,
                },
            )
        )
    return facts
