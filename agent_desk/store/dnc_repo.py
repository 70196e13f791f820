"""The do-not-call list: numbers no campaign may dial again.

The contract all admin repositories keep is in `agent_desk.store.admin_common`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agent_desk.domain import phones
from agent_desk.store.admin_common import AdminError, DncAdded, DncRow, record_audit, utc_now
from agent_desk.store.schema import CALLABLE_STATUSES, DncNumber, Lead


def add_dnc(
    session: Session,
    number: str,
    *,
    region: str = "CN",
    reason: str = "",
    source: str = "admin",
    actor: str,
    now: datetime | None = None,
) -> DncAdded:
    """List a number as do-not-call and close the callable leads that carry it.

    Raises:
        AdminError: The number is not a valid phone number.
    """
    try:
        e164 = phones.normalize(number, region)
    except phones.PhoneError as exc:
        raise AdminError(f"invalid phone number: {exc}") from exc
    if len(reason) > 200:
        raise AdminError("reason must be at most 200 characters")
    if session.get(DncNumber, e164) is not None:
        return DncAdded(e164, added=False, leads_closed=0)
    session.add(
        DncNumber(
            phone_e164=e164, reason=reason, source=source, added_by=None, added_at=utc_now(now)
        )
    )
    # The queue must never serve the number again, in any campaign.
    closed = session.execute(
        update(Lead)
        .where(Lead.phone_e164 == e164, Lead.status.in_(CALLABLE_STATUSES))
        .values(status="dnc")
        .returning(Lead.id)
    ).all()
    record_audit(
        session,
        actor=actor,
        action="add",
        entity="dnc",
        entity_id=phones.mask(e164),  # the audit log is a log: numbers stay masked
        detail={"reason": reason, "source": source, "leads_closed": len(closed)},
        now=now,
    )
    return DncAdded(e164, added=True, leads_closed=len(closed))


def is_dnc(session: Session, e164: str) -> bool:
    return session.get(DncNumber, e164) is not None


def list_dnc(session: Session) -> list[DncRow]:
    rows = session.scalars(select(DncNumber).order_by(DncNumber.added_at, DncNumber.phone_e164))
    return [DncRow(d.phone_e164, d.reason, d.source, d.added_at) for d in rows]
