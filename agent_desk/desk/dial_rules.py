"""May this number be dialed now? The do-not-call list and the customer's calling window.

Kept apart from the Qt objects so the rule reads in one place: a listed number is never
dialed, from anywhere; a number is dialed only inside its campaign's calling window in
the customer's local time.
"""

from __future__ import annotations

from datetime import datetime

from agent_desk.desk.lead_queue import decide
from agent_desk.desk.views import Refusal, RefusalKind
from agent_desk.domain import phones
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.store.desk_views import LeadView

# Leads in these states are not called again (the shared schema's closed states).
CLOSED_STATUSES = ("done", "dnc", "exhausted")


def customer_zone(lead: LeadView | None, phone_e164: str, campaign: CampaignConfig) -> str:
    """The customer's time zone: the lead's, else from the number itself."""
    if lead is not None:
        return lead.timezone
    return phones.timezone_for(phone_e164, campaign.fallback_timezone)


def dial_refusal(
    lead: LeadView | None,
    campaign: CampaignConfig | None,
    phone_e164: str,
    dnc_reason: str | None,
    now: datetime,
) -> Refusal | None:
    """Why this number may not be dialed now, or None when it may."""
    if dnc_reason is not None:
        return Refusal(RefusalKind.DNC, phone_e164, dnc_reason)
    if lead is not None:
        if lead.status in CLOSED_STATUSES:
            return Refusal(RefusalKind.LEAD_CLOSED, phone_e164, lead.status)
        # A callback may be dialed early on purpose; other retries wait out the gap.
        due = lead.next_attempt_at
        if lead.status != "callback" and due is not None and due > now:
            return Refusal(RefusalKind.TOO_SOON, phone_e164, due.isoformat(), not_before=due)
    if campaign is None:
        return Refusal(RefusalKind.NO_LEAD, phone_e164, "no campaign is loaded yet")
    decision = decide(campaign, customer_zone(lead, phone_e164, campaign), now)
    if decision is None or not decision.allowed:
        return Refusal(RefusalKind.OUTSIDE_WINDOW, phone_e164, "", decision)
    return None
