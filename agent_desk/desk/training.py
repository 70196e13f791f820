"""Training mode: practice leads that exist only on this desk.

New reps practise the whole flow (script, call, wrap-up) on the simulated line before
they go live. The leads are fictional and local; their records are pushed marked as
training so the supervisor can assess the trainee, and no figure counts them.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from agent_desk.domain.campaign import CampaignConfig
from agent_desk.store.desk_repo import DeskRepo

# Practice customers: (name, company). Numbers are made up below.
_PRACTICE_ZH = (
    ("张伟", "华信贸易有限公司"),
    ("李娜", "东方物流"),
    ("王强", "新城餐饮"),
    ("刘洋", "博远科技"),
    ("陈静", "和美家居"),
    ("杨帆", "远航教育"),
)
_PRACTICE_EN = (
    ("Alex Morgan", "Northwind Traders"),
    ("Sam Lee", "Contoso Ltd"),
    ("Jordan Smith", "Fabrikam Inc"),
    ("Taylor Brown", "Tailspin Toys"),
    ("Casey Green", "Adventure Works"),
    ("Robin White", "Litware Inc"),
)


def stock_training_leads(repo: DeskRepo, campaign: CampaignConfig, now: datetime) -> int:
    """Fill the hopper with practice leads for a campaign; returns how many were added."""
    if repo.hopper_size() > 0:
        return 0
    people = _PRACTICE_ZH if campaign.language.startswith("zh") else _PRACTICE_EN
    rows = []
    for index, (name, company) in enumerate(people):
        # Valid-looking but reserved-for-practice numbers, unique per index.
        phone = f"+861380013800{index}"
        rows.append(
            {
                "id": uuid.uuid5(uuid.NAMESPACE_URL, f"agent-desk-training:{campaign.id}:{index}"),
                "campaign_id": campaign.id,
                "phone_e164": phone,
                "name": name,
                "company": company,
                "extra": {"practice": "yes"},
                "timezone": campaign.fallback_timezone,
                "priority": 100,
                "status": "new",
                "attempts": 0,
                "next_attempt_at": None,
                "last_attempt_at": None,
                "lease_expires_at": None,
            }
        )
    repo.store_leads(rows, leased=True, first_rank=repo.next_rank())
    return len(rows)
