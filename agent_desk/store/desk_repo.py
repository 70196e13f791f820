"""Reads and writes of the desk database. Every method is one unit of work.

Methods return frozen views, never ORM objects, so callers on other threads hold plain
values. The writes that matter (a call's end, a saved wrap-up) put the local row and
its outbox facts in one transaction: when the method returns, the fact is on disk.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from agent_desk.domain.campaign import CampaignConfig
from agent_desk.store.desk_schema import (
    DESK_SCHEMA_VERSION,
    DeskBase,
    DeskCall,
    DeskCallback,
    DeskDnc,
    DeskKV,
    DeskLead,
    DeskWrapup,
    OutboxEntry,
    PendingCall,
)
from agent_desk.store.engine import make_engine
from agent_desk.store.facts import FactKind, to_payload


@dataclass(frozen=True)
class LeadView:
    id: uuid.UUID
    campaign_id: int
    phone_e164: str
    name: str
    company: str
    extra: dict[str, Any]
    timezone: str
    priority: int
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    leased: bool
    lease_expires_at: datetime | None
    callback_due_at: datetime | None = None


@dataclass(frozen=True)
class WrapupView:
    id: uuid.UUID
    call_id: uuid.UUID
    contact_time: datetime
    outcome_code: str
    form: dict[str, Any]
    amends_id: uuid.UUID | None
    amend_reason: str
    created_at: datetime


@dataclass(frozen=True)
class CallView:
    id: uuid.UUID
    lead_id: uuid.UUID | None
    campaign_id: int | None
    phone_e164: str
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime
    ring_count: int
    talk_seconds: int
    end_reason: str
    training: bool
    # The original wrap-up first, then its amendments in the order they were made.
    wrapups: tuple[WrapupView, ...] = ()


@dataclass(frozen=True)
class PendingCallView:
    call_id: uuid.UUID
    lead_id: uuid.UUID | None
    campaign_id: int | None
    phone_e164: str
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    ring_count: int
    end_reason: str | None
    training: bool
    draft: dict[str, Any] | None


@dataclass(frozen=True)
class CallbackView:
    id: uuid.UUID
    lead_id: uuid.UUID
    owner_user_id: int | None
    due_at: datetime
    lead_name: str
    phone_e164: str
    notified_at: datetime | None


@dataclass(frozen=True)
class OutboxItem:
    seq: int
    kind: FactKind
    entity_id: str
    payload: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class Fact:
    """A fact to enqueue: its kind, the row's key and its column values."""

    kind: FactKind
    entity_id: str
    values: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)


def _lead_view(row: DeskLead, callback_due: datetime | None = None) -> LeadView:
    return LeadView(
        row.id,
        row.campaign_id,
        row.phone_e164,
        row.name,
        row.company,
        dict(row.extra or {}),
        row.timezone,
        row.priority,
        row.status,
        row.attempts,
        row.next_attempt_at,
        row.last_attempt_at,
        row.leased,
        row.lease_expires_at,
        callback_due,
    )


def _wrapup_view(row: DeskWrapup) -> WrapupView:
    return WrapupView(
        row.id,
        row.call_id,
        row.contact_time,
        row.outcome_code,
        dict(row.form),
        row.amends_id,
        row.amend_reason,
        row.created_at,
    )


class DeskRepo:
    """The desk database of one person against one shared database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, path: Path) -> DeskRepo:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(f"sqlite:///{path}")
        DeskBase.metadata.create_all(engine)
        repo = cls(engine)
        repo._check_version()
        return repo

    def close(self) -> None:
        self.engine.dispose()

    def _check_version(self) -> None:
        version = self.kv_get("schema_version")
        if version is None:
            self.kv_set("schema_version", DESK_SCHEMA_VERSION)
        elif version != DESK_SCHEMA_VERSION:
            raise RuntimeError(f"desk database version {version} is not {DESK_SCHEMA_VERSION}")

    def _session(self) -> Session:
        return self._sessions()

    # -- small facts ---------------------------------------------------------------

    def kv_get(self, key: str, default: Any = None) -> Any:
        with self._session() as s:
            row = s.get(DeskKV, key)
            return default if row is None else row.value

    def kv_set(self, key: str, value: Any) -> None:
        with self._session() as s, s.begin():
            s.merge(DeskKV(key=key, value=value))

    def desk_id(self) -> str:
        """This desk's id, made once and kept (leases and records carry it)."""
        existing = self.kv_get("desk_id")
        if existing:
            return str(existing)
        made = f"desk-{uuid.uuid4().hex[:12]}"
        self.kv_set("desk_id", made)
        return made

    def campaigns(self) -> dict[int, CampaignConfig]:
        data = self.kv_get("campaigns", [])
        return {c["id"]: CampaignConfig.from_json(c) for c in data}

    def store_campaigns(self, configs: Iterable[CampaignConfig]) -> None:
        self.kv_set("campaigns", [c.to_json() for c in configs])

    # -- leads -----------------------------------------------------------------------

    def queue(self, now: datetime) -> list[LeadView]:
        """The hopper: leased leads, due callbacks first, then in claim order."""
        with self._session() as s:
            due = {
                cb.lead_id: cb.due_at
                for cb in s.scalars(select(DeskCallback).where(DeskCallback.status == "open"))
            }
            rows = s.scalars(
                select(DeskLead)
                .where(DeskLead.leased.is_(True), DeskLead.worked_locally_at.is_(None))
                .order_by(DeskLead.queue_rank)
            ).all()
        views = [_lead_view(r, due.get(r.id)) for r in rows]

        def due_first(view: LeadView) -> tuple[int, datetime]:
            due_at = view.callback_due_at
            if due_at is not None and due_at <= now:
                return (0, due_at)
            return (1, now)

        return sorted(views, key=due_first)  # stable: claim order within each group

    def lead(self, lead_id: uuid.UUID) -> LeadView | None:
        with self._session() as s:
            row = s.get(DeskLead, lead_id)
            if row is None:
                return None
            cb = s.scalars(
                select(DeskCallback).where(
                    DeskCallback.lead_id == lead_id, DeskCallback.status == "open"
                )
            ).first()
            return _lead_view(row, cb.due_at if cb else None)

    def lead_by_phone(self, phone_e164: str) -> LeadView | None:
        with self._session() as s:
            row = s.scalars(select(DeskLead).where(DeskLead.phone_e164 == phone_e164)).first()
            return None if row is None else _lead_view(row)

    def search(self, text: str, limit: int = 200) -> list[LeadView]:
        """My leads whose name, company or number contains the text."""
        needle = text.strip()
        if not needle:
            return []
        digits = "".join(ch for ch in needle if ch.isdigit())
        conditions = [DeskLead.name.contains(needle), DeskLead.company.contains(needle)]
        if len(digits) >= 3:
            conditions.append(DeskLead.phone_e164.contains(digits))
        with self._session() as s:
            rows = s.scalars(
                select(DeskLead).where(or_(*conditions)).order_by(DeskLead.name).limit(limit)
            ).all()
        return [_lead_view(r) for r in rows]

    def store_leads(
        self, rows: Sequence[dict[str, Any]], *, leased: bool, first_rank: int = 0
    ) -> None:
        """Insert or refresh leads from the shared database."""
        with self._session() as s, s.begin():
            for rank, row in enumerate(rows, start=first_rank):
                existing = s.get(DeskLead, row["id"])
                values = {k: v for k, v in row.items() if hasattr(DeskLead, k)}
                if existing is None:
                    s.add(DeskLead(**values, leased=leased, queue_rank=rank))
                    continue
                if existing.worked_locally_at is not None:
                    continue  # our own newer facts have not reached the server yet
                for key, value in values.items():
                    setattr(existing, key, value)
                if leased:
                    existing.leased = True
                    existing.queue_rank = rank

    def leased_ids(self) -> list[uuid.UUID]:
        with self._session() as s:
            return list(s.scalars(select(DeskLead.id).where(DeskLead.leased.is_(True))))

    def hopper_size(self) -> int:
        with self._session() as s:
            return (
                s.scalar(
                    select(func.count())
                    .select_from(DeskLead)
                    .where(DeskLead.leased.is_(True), DeskLead.worked_locally_at.is_(None))
                )
                or 0
            )

    def next_rank(self) -> int:
        with self._session() as s:
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
                )
            )

    def pending(self) -> PendingCallView | None:
        with self._session() as s:
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
        with self._session() as s:
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
            by_call.setdefault(w.call_id, []).append(_wrapup_view(w))
        return [
            CallView(
                c.id,
                c.lead_id,
                c.campaign_id,
                c.phone_e164,
                c.started_at,
                c.answered_at,
                c.ended_at,
                c.ring_count,
                c.talk_seconds,
                c.end_reason,
                c.training,
                tuple(sorted(by_call.get(c.id, []), key=lambda w: w.amends_id is not None)),
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
        with self._session() as s:
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
            latest[w.call_id] = _wrapup_view(w)
        return [
            (
                CallView(
                    c.id,
                    c.lead_id,
                    c.campaign_id,
                    c.phone_e164,
                    c.started_at,
                    c.answered_at,
                    c.ended_at,
                    c.ring_count,
                    c.talk_seconds,
                    c.end_reason,
                    c.training,
                ),
                latest.get(c.id),
            )
            for c in calls
        ]

    # -- do-not-call --------------------------------------------------------------------

    def dnc_reason(self, phone_e164: str) -> str | None:
        """The reason a number is listed, or None when it may be dialed."""
        with self._session() as s:
            row = s.get(DeskDnc, phone_e164)
            return None if row is None else row.reason

    def merge_dnc(self, rows: Sequence[dict[str, Any]]) -> None:
        with self._session() as s, s.begin():
            for row in rows:
                s.merge(
                    DeskDnc(
                        phone_e164=row["phone_e164"], reason=row["reason"], added_at=row["added_at"]
                    )
                )
            listed = [r["phone_e164"] for r in rows]
            if listed:
                s.execute(
                    update(DeskLead)
                    .where(DeskLead.phone_e164.in_(listed))
                    .values(status="dnc", leased=False)
                )

    # -- callbacks ----------------------------------------------------------------------

    def replace_callbacks(self, rows: Sequence[dict[str, Any]]) -> None:
        """The server's open callbacks for me; notification marks are kept."""
        with self._session() as s, s.begin():
            notified = {cb.id: cb.notified_at for cb in s.scalars(select(DeskCallback))}
            local_only = {cb.id for cb in s.scalars(select(DeskCallback))}
            server_ids = {r["id"] for r in rows}
            # Callbacks made here and not yet pushed stay until the server has them.
            pushed = self._unpushed_ids(s, FactKind.CALLBACK)
            for cb_id in local_only - server_ids - pushed:
                s.execute(delete(DeskCallback).where(DeskCallback.id == cb_id))
            for r in rows:
                s.merge(
                    DeskCallback(
                        id=r["id"],
                        lead_id=r["lead_id"],
                        owner_user_id=r["owner_user_id"],
                        due_at=r["due_at"],
                        status="open",
                        lead_name=r.get("name", ""),
                        phone_e164=r.get("phone_e164", ""),
                        notified_at=notified.get(r["id"]),
                    )
                )

    def open_callbacks(self) -> list[CallbackView]:
        with self._session() as s:
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

    # -- outbox ---------------------------------------------------------------------------

    def _enqueue(self, s: Session, fact: Fact, now: datetime) -> None:
        payload = to_payload(fact.values)
        if fact.meta:
            payload["_meta"] = fact.meta
        s.add(
            OutboxEntry(
                kind=fact.kind.value, entity_id=fact.entity_id, payload=payload, created_at=now
            )
        )

    def enqueue(self, facts: Sequence[Fact], now: datetime) -> None:
        with self._session() as s, s.begin():
            for fact in facts:
                self._enqueue(s, fact, now)

    @staticmethod
    def _unpushed_ids(s: Session, kind: FactKind) -> set[uuid.UUID]:
        rows = s.scalars(
            select(OutboxEntry.entity_id).where(
                OutboxEntry.pushed_at.is_(None), OutboxEntry.kind == kind.value
            )
        )
        return {uuid.UUID(r) for r in rows}

    def outbox_batch(self, limit: int) -> list[OutboxItem]:
        with self._session() as s:
            rows = s.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.pushed_at.is_(None))
                .order_by(OutboxEntry.seq)
                .limit(limit)
            ).all()
        return [
            OutboxItem(r.seq, FactKind(r.kind), r.entity_id, dict(r.payload), r.attempts)
            for r in rows
        ]

    def mark_pushed(self, seqs: Sequence[int], at: datetime) -> None:
        with self._session() as s, s.begin():
            s.execute(
                update(OutboxEntry)
                .where(OutboxEntry.seq.in_(seqs))
                .values(pushed_at=at, last_error="")
            )

    def mark_failed(self, seq: int, error: str) -> None:
        with self._session() as s, s.begin():
            s.execute(
                update(OutboxEntry)
                .where(OutboxEntry.seq == seq)
                .values(attempts=OutboxEntry.attempts + 1, last_error=error[:2000])
            )

    def waiting(self) -> int:
        with self._session() as s:
            return (
                s.scalar(
                    select(func.count())
                    .select_from(OutboxEntry)
                    .where(OutboxEntry.pushed_at.is_(None))
                )
                or 0
            )
