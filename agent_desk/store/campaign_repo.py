"""Campaigns with their outcomes, and the versioned talk-track scripts.

The contract all admin repositories keep is in `agent_desk.store.admin_common`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from agent_desk.domain.outcomes import FLAGS
from agent_desk.store.admin_common import (
    AdminError,
    CampaignRow,
    CampaignSpec,
    OutcomeRow,
    ScriptRow,
    record_audit,
    require,
    utc_now,
)
from agent_desk.store.schema import Campaign, Lead, Outcome, Script

_SPEC_COLUMNS = (
    "name", "language", "company_name", "purpose", "default_region", "fallback_timezone",
    "soft_call_limit_s", "max_attempts", "min_gap_minutes", "cs_transfer_number", "active",
)  # fmt: skip


def _campaign(session: Session, code: str) -> Campaign:
    missing = f"no campaign with code {code!r} (load one with: campaign load FILE)"
    return require(session, select(Campaign).where(Campaign.code == code), missing)


def upsert_campaign(
    session: Session, spec: CampaignSpec, *, actor: str, now: datetime | None = None
) -> tuple[CampaignRow, bool]:
    """Create or update a campaign by code; its outcomes are replaced by the spec's.

    Returns:
        The campaign as stored, and True when it was created.
    """
    campaign = session.scalar(select(Campaign).where(Campaign.code == spec.code))
    created = campaign is None
    if campaign is None:
        campaign = Campaign(code=spec.code, created_at=utc_now(now))
        session.add(campaign)
    for name in _SPEC_COLUMNS:
        setattr(campaign, name, getattr(spec, name))
    campaign.calling_policy = spec.policy.to_config()
    session.flush()
    # Wrap-ups keep the outcome code as text, so replacing the rows loses no history.
    session.execute(delete(Outcome).where(Outcome.campaign_id == campaign.id))
    for order, outcome in enumerate(spec.outcomes):
        session.add(
            Outcome(
                campaign_id=campaign.id,
                code=outcome.code,
                label_en=outcome.label_en,
                label_zh=outcome.label_zh,
                hotkey=outcome.hotkey,
                sort_order=order,
                **{f"is_{flag}": getattr(outcome, flag) for flag in FLAGS},
            )
        )
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="add" if created else "update",
        entity="campaign",
        entity_id=spec.code,
        detail={"name": spec.name, "outcomes": len(spec.outcomes)},
        now=now,
    )
    return get_campaign(session, spec.code), created


_ROW_COLUMNS = (
    "id", "code", "name", "language", "company_name", "default_region", "fallback_timezone",
    "active",
)  # fmt: skip


def _campaign_rows(session: Session, code: str | None = None) -> list[CampaignRow]:
    outcomes = (
        select(func.count(Outcome.id)).where(Outcome.campaign_id == Campaign.id).scalar_subquery()
    )
    version = (
        select(func.max(Script.version)).where(Script.campaign_id == Campaign.id).scalar_subquery()
    )
    leads = select(func.count(Lead.id)).where(Lead.campaign_id == Campaign.id).scalar_subquery()
    query = select(Campaign, outcomes, version, leads).order_by(Campaign.code)
    if code is not None:
        query = query.where(Campaign.code == code)
    return [
        CampaignRow(
            **{f: getattr(c, f) for f in _ROW_COLUMNS},
            outcomes=n_outcomes,
            script_version=script_version,
            leads=n_leads,
        )
        for c, n_outcomes, script_version, n_leads in session.execute(query)
    ]


def get_campaign(session: Session, code: str) -> CampaignRow:
    rows = _campaign_rows(session, code)
    if not rows:
        _campaign(session, code)  # raises the friendly error
    return rows[0]


def list_campaigns(session: Session) -> list[CampaignRow]:
    return _campaign_rows(session)


def list_outcomes(session: Session, campaign_code: str) -> list[OutcomeRow]:
    campaign = _campaign(session, campaign_code)
    outcomes = session.scalars(
        select(Outcome).where(Outcome.campaign_id == campaign.id).order_by(Outcome.sort_order)
    )
    return [
        OutcomeRow(
            o.code,
            o.label_en,
            o.label_zh,
            o.hotkey,
            tuple(flag for flag in FLAGS if getattr(o, f"is_{flag}")),
        )
        for o in outcomes
    ]


def _script_row(code: str, script: Script) -> ScriptRow:
    return ScriptRow(code, script.version, script.body, script.created_at, script.created_by)


def add_script_version(
    session: Session, campaign_code: str, body: str, *, actor: str, now: datetime | None = None
) -> ScriptRow:
    """Store a new talk-track version; it becomes the live one."""
    if not body.strip():
        raise AdminError("the script is empty")
    campaign = _campaign(session, campaign_code)
    latest = session.scalar(
        select(func.max(Script.version)).where(Script.campaign_id == campaign.id)
    )
    script = Script(
        campaign_id=campaign.id,
        version=(latest or 0) + 1,
        body=body,
        created_at=utc_now(now),
        created_by=(actor or "admin")[:63],
    )
    session.add(script)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="add",
        entity="script",
        entity_id=f"{campaign_code}#{script.version}",
        detail={"chars": len(body)},
        now=now,
    )
    return _script_row(campaign_code, script)


def latest_script(session: Session, campaign_code: str) -> ScriptRow | None:
    campaign = _campaign(session, campaign_code)
    script = session.scalar(
        select(Script).where(Script.campaign_id == campaign.id).order_by(Script.version.desc())
    )
    return _script_row(campaign_code, script) if script else None


def get_script(session: Session, campaign_code: str, version: int) -> ScriptRow:
    campaign = _campaign(session, campaign_code)
    script = session.scalar(
        select(Script).where(Script.campaign_id == campaign.id, Script.version == version)
    )
    if script is None:
        raise AdminError(f"campaign {campaign_code!r} has no script version {version}")
    return _script_row(campaign_code, script)
