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
    if campaign is None:
        return Refusal(RefusalKind.NO_LEAD, phone_e164, "no campaign is loaded yet")
    decision = decide(campaign, customer_zone(lead, phone_e164, campaign), now)
    if decision is None or not decision.allowed:
        return Refusal(RefusalKind.OUTSIDE_WINDOW, phone_e164, "", decision)
    return None
