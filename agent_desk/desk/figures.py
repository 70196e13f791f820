"""The rep's own figures (today, this shift) from the desk database, via domain.kpi."""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from agent_desk.domain.call_state import CallDirection
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.domain.kpi import AttemptFact, Figures, Target, compute, daily_share
from agent_desk.domain.outcomes import IntentLevel, Outcome
from agent_desk.store.desk_views import CallView, WrapupView


def start_of_local_day(now: datetime) -> datetime:
    """Midnight of the desk's own day (the rep's shift day, not the customer's)."""
    local = now.astimezone()
    return datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)


def month_elapsed_share(now: datetime) -> float:
    local = now.astimezone()
    days = calendar.monthrange(local.year, local.month)[1]
    return local.day / days


def _outcome(
    campaigns: Mapping[int, CampaignConfig], campaign_id: int | None, code: str
) -> Outcome | None:
    if campaign_id is not None and campaign_id in campaigns:
        return campaigns[campaign_id].outcomes.get(code)
    for campaign in campaigns.values():
        found = campaign.outcomes.get(code)
        if found is not None:
            return found
    return None


def attempt_facts(
    calls: Sequence[tuple[CallView, WrapupView | None]], campaigns: Mapping[int, CampaignConfig]
) -> list[AttemptFact]:
    facts = []
    for call, wrapup in calls:
        outcome = intent = amount = satisfaction = None
        if wrapup is not None:
            outcome = _outcome(campaigns, call.campaign_id, wrapup.outcome_code)
            raw_intent = wrapup.form.get("intent")
            intent = IntentLevel(raw_intent) if raw_intent else None
            raw_amount = wrapup.form.get("amount")
            amount = Decimal(str(raw_amount)) if raw_amount not in (None, "") else None
            if raw_amount is None and wrapup.form.get("amount_cents") is not None:
                amount = Decimal(wrapup.form["amount_cents"]) / 100  # pulled from the server
            # The same key on the desk's form and on a pulled row; kpi ignores a bad one.
            rating = wrapup.form.get("satisfaction")
            satisfaction = rating if isinstance(rating, int) else None
        facts.append(
            AttemptFact(
                call.started_at,
                call.talk_seconds,
                outcome,
                intent,
                amount,
                call.training,
                satisfaction,
                CallDirection.of(call.direction),
            )
        )
    return facts


def figures_for(
    calls: Sequence[tuple[CallView, WrapupView | None]], campaigns: Mapping[int, CampaignConfig]
) -> Figures:
    return compute(attempt_facts(calls, campaigns))


def daily_target(target: Target, now: datetime) -> Target:
    """Today's share of a monthly target (the desk's own day)."""
    return daily_share(target, now.astimezone().date())


def target_from(row: Mapping[str, Any] | None) -> Target | None:
    if not row:
        return None
    return Target(
        calls=row["calls"],
        contacts=row["contacts"],
        sales_amount=Decimal(row["sales_cents"]) / 100,
        interested=row["interested"],
    )
