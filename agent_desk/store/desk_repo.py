"""Reads and writes of the desk database. Every method is one unit of work.

Methods return frozen views, never ORM objects, so callers on other threads hold plain
values. The writes that matter (a call's end, a saved wrap-up) put the local row and
its outbox facts in one transaction: when the method returns, the fact is on disk.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update

from agent_desk.store.desk_leads import DeskLeads
from agent_desk.store.desk_schema import (
    DeskCall,
    DeskCallback,
    DeskDnc,
    DeskLead,
    DeskWrapup,
    PendingCall,
)
from agent_desk.store.desk_views import (
    CallView,
    Fact,
    PendingCallView,
    WrapupView,
    call_view,
    wrapup_view,
)
from agent_desk.store.facts import FactKind, to_payload


class DeskRepo(DeskLeads):
    """The whole desk database: leads (``DeskLeads``) plus calls and wrap-ups."""

    # -- calls and wrap-ups -------------------------------------------------------------

    def begin_call(self, pending: PendingCallView) -> None:
        with self._session() as s, s.begin():
            s.execute(delete(PendingCall))
            s.add(
                PendingCall(
                    id=1,
                    call_id=pending.call_id,
                    lead_id=pending.lead_id,
                    campaign_id=pending.campaign_id,
                    phone_e164=pending.phone_e164,
                    started_at=pending.started_at,
                    training=pending.training,
                    direction=pending.direction,
                )
            )

    def pending(self) -> PendingCallView | None:
        with self._reader() as s:
            row = s.get(PendingCall, 1)
            if row is None:
                return None
            return PendingCallView(
                row.call_id,
                row.lead_id,
                row.campaign_id,
                row.phone_e164,
                row.started_at,
                row.answered_at,
                row.ended_at,
                row.ring_count,
                row.end_reason,
                row.training,
                row.draft,
                row.direction,
            )

    def discard_pending(self, call_id: uuid.UUID) -> None:
        """Forget a call that never reached the line (the line refused the dial)."""
        with self._session() as s, s.begin():
            s.execute(
                delete(PendingCall).where(
                    PendingCall.call_id == call_id, PendingCall.ended_at.is_(None)
                )
            )

    def end_call(self, call: dict[str, Any], fact: Fact, now: datetime) -> None:
        """Record an ended attempt and queue it for the shared database, atomically."""
        with self._session() as s, s.begin():
            s.merge(DeskCall(**{k: v for k, v in call.items() if hasattr(DeskCall, k)}))
            s.execute(
                update(PendingCall).values(
                    answered_at=call["answered_at"],
                    ended_at=call["ended_at"],
                    ring_count=call["ring_count"],
                    end_reason=call["end_reason"],
                )
            )
            self._enqueue(s, fact, now)

    def save_draft(self, draft: dict[str, Any], now: datetime) -> None:
        with self._session() as s, s.begin():
            s.execute(update(PendingCall).values(draft=draft, draft_saved_at=now))

    def save_wrapup(
        self,
        wrapup: dict[str, Any],
        facts: Sequence[Fact],
        lead_changes: dict[str, Any] | None,
        now: datetime,
        dnc: tuple[str, str] | None = None,
    ) -> None:
        """The saved form, its facts and the lead's local state: one transaction."""
        with self._session() as s, s.begin():
            s.add(DeskWrapup(**wrapup))
            for fact in facts:
                self._enqueue(s, fact, now)
            if dnc is not None:
                s.merge(DeskDnc(phone_e164=dnc[0], reason=dnc[1], added_at=now))
            if wrapup.get("lead_id") is not None and lead_changes:
                s.execute(
                    update(DeskLead).where(DeskLead.id == wrapup["lead_id"]).values(**lead_changes)
                )
            if wrapup.get("lead_id") is not None:
                s.execute(
                    update(DeskCallback)
                    .where(DeskCallback.lead_id == wrapup["lead_id"], DeskCallback.status == "open")
                    .values(status="done")
                )
            for fact in facts:
                if fact.kind is FactKind.CALLBACK:
                    v = fact.values
                    s.add(
                        DeskCallback(
                            id=v["id"],
                            lead_id=v["lead_id"],
                            owner_user_id=v["owner_user_id"],
                            due_at=v["due_at"],
                            lead_name=fact.meta.get("lead_name", ""),
                            phone_e164=fact.meta.get("phone_e164", ""),
                        )
                    )
            if wrapup.get("amends_id") is None:
                s.execute(delete(PendingCall).where(PendingCall.call_id == wrapup["call_id"]))

    def history(self, lead_id: uuid.UUID) -> list[CallView]:
        """Calls on a lead, newest first, each with its wrap-up and amendments."""
        with self._reader() as s:
            calls = s.scalars(
                select(DeskCall)
                .where(DeskCall.lead_id == lead_id)
                .order_by(DeskCall.started_at.desc())
            ).all()
            wraps = s.scalars(
                select(DeskWrapup)
                .where(DeskWrapup.lead_id == lead_id)
                .order_by(DeskWrapup.created_at)
            ).all()
        by_call: dict[uuid.UUID, list[WrapupView]] = {}
        for w in wraps:
            by_call.setdefault(w.call_id, []).append(wrapup_view(w))
        return [
            call_view(
                c, tuple(sorted(by_call.get(c.id, []), key=lambda w: w.amends_id is not None))
            )
            for c in calls
        ]

    def store_history(
        self, calls: Sequence[dict[str, Any]], wrapups: Sequence[dict[str, Any]]
    ) -> None:
        """Merge my records pulled from the shared database (already-known ids are kept)."""
        with self._session() as s, s.begin():
            for c in calls:
                if s.get(DeskCall, c["id"]) is None:
                    s.add(
                        DeskCall(
                            **{
                                k: v
                                for k, v in c.items()
                                if hasattr(DeskCall, k) and k not in ("user_id",)
                            }
                        )
                    )
            for w in wrapups:
                if s.get(DeskWrapup, w["id"]) is None:
                    s.add(
                        DeskWrapup(
                            id=w["id"],
                            call_id=w["call_id"],
                            lead_id=w["lead_id"],
                            contact_time=w["contact_time"],
                            outcome_code=w["outcome_code"],
                            form=to_payload(w),
                            is_contact=w["is_contact"],
                            is_sale=w["is_sale"],
                            amends_id=w["amends_id"],
                            amend_reason=w["amend_reason"],
                            training=w["training"],
                            created_at=w["created_at"],
                        )
                    )

    def calls_since(self, since: datetime) -> list[tuple[CallView, WrapupView | None]]:
        """My attempts since a moment, each with its effective (latest) wrap-up."""
        with self._reader() as s:
            calls = s.scalars(
                select(DeskCall).where(DeskCall.started_at >= since).order_by(DeskCall.started_at)
            ).all()
            ids = [c.id for c in calls]
            wraps = (
                s.scalars(
                    select(DeskWrapup)
                    .where(DeskWrapup.call_id.in_(ids))
                    .order_by(DeskWrapup.created_at)
                ).all()
                if ids
                else []
            )
        latest: dict[uuid.UUID, WrapupView] = {}
        for w in wraps:
            latest[w.call_id] = wrapup_view(w)
        return [
            (
                call_view(c),
                latest.get(c.id),
            )
            for c in calls
        ]
