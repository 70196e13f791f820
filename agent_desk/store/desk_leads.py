"""The desk's leads: the leased hopper, search, the do-not-call list, callbacks.

Methods return frozen views, never ORM objects, so callers on other threads hold plain
values. The writes that matter (a call's end, a saved wrap-up) put the local row and
its outbox facts in one transaction: when the method returns, the fact is on disk.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, or_, select, update

from agent_desk.store.desk_db import DeskDatabase
from agent_desk.store.desk_schema import (
    DeskCallback,
    DeskDnc,
    DeskLead,
)
from agent_desk.store.desk_views import (
    CallbackView,
    LeadView,
    lead_view,
)
from agent_desk.store.facts import FactKind


class DeskLeads(DeskDatabase):
    """Leads this desk knows, and what decides whether they may be called."""

    # -- leads -----------------------------------------------------------------------

    def queue(self, now: datetime) -> list[LeadView]:
        """The hopper: leased leads, due callbacks first, then in claim order."""
        with self._reader() as s:
            due = {
                cb.lead_id: cb.due_at
                for cb in s.scalars(select(DeskCallback).where(DeskCallback.status == "open"))
            }
            rows = s.scalars(
                select(DeskLead)
                .where(DeskLead.leased.is_(True), DeskLead.worked_locally_at.is_(None))
                .order_by(DeskLead.queue_rank)
            ).all()
        views = [lead_view(r, due.get(r.id)) for r in rows]

        def due_first(view: LeadView) -> tuple[int, datetime]:
            due_at = view.callback_due_at
            if due_at is not None and due_at <= now:
                return (0, due_at)
            return (1, now)

        return sorted(views, key=due_first)  # stable: claim order within each group

    def lead(self, lead_id: uuid.UUID) -> LeadView | None:
        with self._reader() as s:
            row = s.get(DeskLead, lead_id)
            if row is None:
                return None
            cb = s.scalars(
                select(DeskCallback).where(
                    DeskCallback.lead_id == lead_id, DeskCallback.status == "open"
                )
            ).first()
            return lead_view(row, cb.due_at if cb else None)

    def lead_by_phone(self, phone_e164: str) -> LeadView | None:
        with self._reader() as s:
            row = s.scalars(select(DeskLead).where(DeskLead.phone_e164 == phone_e164)).first()
            return None if row is None else lead_view(row)

    def search(self, text: str, limit: int = 200) -> list[LeadView]:
        """My leads whose name, company or number contains the text."""
        needle = text.strip()
        if not needle:
            return []
        digits = "".join(ch for ch in needle if ch.isdigit())
        conditions = [DeskLead.name.contains(needle), DeskLead.company.contains(needle)]
        if len(digits) >= 3:
            conditions.append(DeskLead.phone_e164.contains(digits))
        with self._reader() as s:
            rows = s.scalars(
                select(DeskLead).where(or_(*conditions)).order_by(DeskLead.name).limit(limit)
            ).all()
        return [lead_view(r) for r in rows]

    def store_leads(
        self, rows: Sequence[dict[str, Any]], *, leased: bool, first_rank: int = 0
    ) -> None:
        """Insert or refresh leads from the shared database.

        With ``leased``, leads that were not in the hopper join it in the given order,
        ranked from ``first_rank``; a lead already in the hopper keeps its place.
        """
        if not rows:
            return
        columns = set(DeskLead.__table__.c.keys())
        with self._session() as s, s.begin():
            # One read for all of them: a pull of a rep's leads can be thousands of rows.
            present = {
                r.id: (r.leased, r.worked_locally_at is not None)
                for r in s.execute(
                    select(DeskLead.id, DeskLead.leased, DeskLead.worked_locally_at).where(
                        DeskLead.id.in_([row["id"] for row in rows])
                    )
                )
            }
            inserts, updates = [], []
            for rank, row in enumerate(rows, start=first_rank):
                values = {k: v for k, v in row.items() if k in columns}
                known = present.get(row["id"])
                if known is None:
                    inserts.append({**values, "leased": leased, "queue_rank": rank})
                    continue
                was_leased, worked_here = known
                if worked_here:
                    continue  # our own newer facts have not reached the server yet
                if leased and not was_leased:
                    values.update(leased=True, queue_rank=rank)
                updates.append(values)
            if inserts:
                s.execute(insert(DeskLead), inserts)
            if updates:
                s.execute(update(DeskLead), updates)  # by primary key, in bulk

    def leased_ids(self) -> list[uuid.UUID]:
        with self._reader() as s:
            return list(s.scalars(select(DeskLead.id).where(DeskLead.leased.is_(True))))

    def hopper_size(self) -> int:
        with self._reader() as s:
            return (
                s.scalar(
                    select(func.count())
                    .select_from(DeskLead)
                    .where(DeskLead.leased.is_(True), DeskLead.worked_locally_at.is_(None))
                )
                or 0
            )

    def due_callbacks_waiting(self, now: datetime) -> int:
        """Open callbacks due by ``now`` whose lead is not in the hopper."""
        held = select(DeskLead.id).where(DeskLead.leased.is_(True))
        with self._reader() as s:
            return (
                s.scalar(
                    select(func.count())
                    .select_from(DeskCallback)
                    .where(
                        DeskCallback.status == "open",
                        DeskCallback.due_at <= now,
                        DeskCallback.lead_id.not_in(held),
                    )
                )
                or 0
            )

    def next_rank(self) -> int:
        with self._reader() as s:
            return (s.scalar(select(func.max(DeskLead.queue_rank))) or 0) + 1

    def drop_leases(self, lead_ids: Iterable[uuid.UUID]) -> None:
        ids = list(lead_ids)
        if not ids:
            return
        with self._session() as s, s.begin():
            s.execute(update(DeskLead).where(DeskLead.id.in_(ids)).values(leased=False))

    def forget_worked(self, lead_ids: Iterable[uuid.UUID]) -> None:
        """The server has our facts for these leads: stop overriding its view."""
        ids = list(lead_ids)
        if ids:
            with self._session() as s, s.begin():
                s.execute(
                    update(DeskLead)
                    .where(DeskLead.id.in_(ids))
                    .values(worked_locally_at=None, leased=False)
                )

    # -- do-not-call --------------------------------------------------------------------

    def dnc_reason(self, phone_e164: str) -> str | None:
        """The reason a number is listed, or None when it may be dialed."""
        with self._reader() as s:
            row = s.get(DeskDnc, phone_e164)
            return None if row is None else row.reason

    def merge_dnc(self, rows: Sequence[dict[str, Any]]) -> int:
        """Add listed numbers (and block their leads); returns how many were new here."""
        if not rows:
            return 0
        phones = [r["phone_e164"] for r in rows]
        with self._session() as s, s.begin():
            known = set(s.scalars(select(DeskDnc.phone_e164).where(DeskDnc.phone_e164.in_(phones))))
            new = [r for r in rows if r["phone_e164"] not in known]
            for row in new:
                s.add(
                    DeskDnc(
                        phone_e164=row["phone_e164"], reason=row["reason"], added_at=row["added_at"]
                    )
                )
            if new:
                s.execute(
                    update(DeskLead)
                    .where(DeskLead.phone_e164.in_([r["phone_e164"] for r in new]))
                    .values(status="dnc", leased=False)
                )
        return len(new)

    # -- callbacks ----------------------------------------------------------------------

    def replace_callbacks(self, rows: Sequence[dict[str, Any]]) -> bool:
        """The server's open callbacks for me; notification marks are kept.

        Returns whether anything changed, so an idle desk does not redraw every cycle.
        """
        wanted = {
            r["id"]: (
                r["lead_id"],
                r["owner_user_id"],
                r["due_at"],
                r.get("name") or "",
                r.get("phone_e164") or "",
            )
            for r in rows
        }
        with self._session() as s, s.begin():
            present = {cb.id: cb for cb in s.scalars(select(DeskCallback))}
            # Callbacks made here and not yet pushed stay until the server has them.
            unpushed = self._unpushed_ids(s, FactKind.CALLBACK)
            gone = set(present) - set(wanted) - unpushed
            changed = False
            for cb_id in gone:
                s.delete(present[cb_id])
                changed = True
            for cb_id, (lead_id, owner, due_at, name, phone) in wanted.items():
                cb = present.get(cb_id)
                if cb is None:
                    s.add(
                        DeskCallback(
                            id=cb_id,
                            lead_id=lead_id,
                            owner_user_id=owner,
                            due_at=due_at,
                            status="open",
                            lead_name=name,
                            phone_e164=phone,
                        )
                    )
                    changed = True
                elif (cb.due_at, cb.owner_user_id, cb.status, cb.lead_name, cb.phone_e164) != (
                    due_at,
                    owner,
                    "open",
                    name,
                    phone,
                ):
                    cb.due_at, cb.owner_user_id, cb.status = due_at, owner, "open"
                    cb.lead_name, cb.phone_e164 = name, phone
                    changed = True
        return changed

    def open_callbacks(self) -> list[CallbackView]:
        with self._reader() as s:
            rows = s.scalars(
                select(DeskCallback)
                .where(DeskCallback.status == "open")
                .order_by(DeskCallback.due_at)
            ).all()
        return [
            CallbackView(
                r.id, r.lead_id, r.owner_user_id, r.due_at, r.lead_name, r.phone_e164, r.notified_at
            )
            for r in rows
        ]

    def mark_notified(self, callback_ids: Iterable[uuid.UUID], at: datetime) -> None:
        ids = list(callback_ids)
        if ids:
            with self._session() as s, s.begin():
                s.execute(
                    update(DeskCallback).where(DeskCallback.id.in_(ids)).values(notified_at=at)
                )
