"""The desk's sync worker: a background thread between the desk and the shared database.

Each cycle pushes the outbox in order, keeps the hopper of leased leads full, renews
leases, pulls the team's rules (campaigns, do-not-call list, callbacks, targets) and
publishes the rep's live state. The UI never waits on any of it; the worker reports
through two callbacks, which the desk layer turns into Qt signals.

Failures come in two kinds (STYLE.md): the database is unreachable (offline: keep
everything, retry with backoff, say since when) or a fact is refused (a bug or a policy
refusal: keep it, report it, retry it later; order is kept, nothing is dropped).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from agent_desk.clock import Clock
from agent_desk.store.desk_repo import DeskRepo
from agent_desk.store.desk_views import OutboxItem
from agent_desk.store.facts import FactKind
from agent_desk.store.identity import Identity

if TYPE_CHECKING:
    from agent_desk.store.shared_apply import Pusher

# What this thread reads and writes in the shared database (desk_feed, shared_apply) is
# imported by the methods that use it, on this thread: it loads the shared ORM schema,
# which the desk's window does not need before it shows (cold start).

log = logging.getLogger(__name__)

PUSH_BATCH = 200
MAX_BACKOFF_S = 30.0


@dataclass(frozen=True)
class SyncStatus:
    online: bool
    waiting: int
    offline_since: datetime | None = None
    last_sync: datetime | None = None
    # A fact the shared database refused (kept and retried); empty when all is well.
    refused: str = ""


class Changed:
    """Names of what a cycle changed, so screens redraw only what they show."""

    QUEUE = "queue"
    CAMPAIGNS = "campaigns"
    DNC = "dnc"
    CALLBACKS = "callbacks"
    TARGET = "target"
    LEADS = "leads"


def _is_connection_error(exc: BaseException) -> bool:
    if isinstance(exc, OperationalError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


class SyncWorker:
    """Keeps one desk and the shared database in step."""

    def __init__(
        self,
        shared: Engine,
        repo: DeskRepo,
        me: Identity,
        desk_id: str,
        clock: Clock,
        *,
        hopper_target: int = 5,
        lease: timedelta = timedelta(minutes=15),
        interval_s: float = 5.0,
        claim_leads: bool = True,
        on_status: Callable[[SyncStatus], None] = lambda status: None,
        on_changed: Callable[[set[str]], None] = lambda names: None,
    ) -> None:
        self.shared = shared
        self.repo = repo
        self.me = me
        self.desk_id = desk_id
        self.clock = clock
        self.hopper_target = hopper_target
        self.lease = lease
        self.interval_s = interval_s
        self.claim_leads = claim_leads
        self.on_status = on_status
        self.on_changed = on_changed
        self._pusher: Pusher | None = None  # made by the first push
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state: dict[str, Any] | None = None
        self._state_dirty = False
        self._cycle_requested = False
        self._state_lock = threading.Lock()
        self._zones: dict[int, list[str]] = {}
        self._status = SyncStatus(online=False, waiting=repo.waiting())
        self._backoff = 1.0
        self._last_slow_pull: datetime | None = None

    # -- thread control ---------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="agent-desk-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the cycle in progress, then stop. Nothing queued is lost either way."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def poke(self) -> None:
        """Run a cycle now (a wrap-up was saved, the hopper ran low)."""
        self._cycle_requested = True
        self._wake.set()

    def set_agent_state(self, values: dict[str, Any]) -> None:
        """Publish the rep's state soon: a heartbeat only, not a whole sync cycle."""
        with self._state_lock:
            self._state = dict(values)
            self._state_dirty = True
        self._wake.set()

    @property
    def status(self) -> SyncStatus:
        return self._status

    def _loop(self) -> None:
        next_cycle = 0.0  # time.monotonic() of the next full cycle
        while not self._stop.is_set():
            if self._cycle_requested or time.monotonic() >= next_cycle:
                self._cycle_requested = False
                status = self.run_once()
                delay = self.interval_s if status.online else self._backoff
                self._backoff = 1.0 if status.online else min(self._backoff * 2, MAX_BACKOFF_S)
                next_cycle = time.monotonic() + delay
            elif self._state_dirty and self._status.online:
                self._publish_only()
            # Flags set after this wait returns are seen at the top of the next turn.
            self._wake.wait(max(0.0, next_cycle - time.monotonic()))
            self._wake.clear()

    def _publish_only(self) -> None:
        try:
            self._publish_state(self.clock.now())
        except Exception as exc:
            if not _is_connection_error(exc):
                log.exception("publishing the agent state failed")
            self._cycle_requested = True  # the full cycle notes the outage

    # -- one cycle ------------------------------------------------------------------------

    def run_once(self) -> SyncStatus:
        """One full cycle. Safe to call directly (tests, shift end)."""
        now = self.clock.now()
        changed: set[str] = set()
        try:
            refused = self._push(now, changed)
            self._pull(now, changed)
            self._publish_state(now)
        except Exception as exc:
            if not _is_connection_error(exc):
                log.exception("sync cycle failed")
            else:
                log.warning("shared database unreachable: %s", exc.__class__.__name__)
            since = self._status.offline_since or now
            self._set_status(
                SyncStatus(
                    False, self.repo.waiting(), since, self._status.last_sync, self._status.refused
                )
            )
        else:
            self._set_status(SyncStatus(True, self.repo.waiting(), None, now, refused))
        if changed:
            self.on_changed(changed)
        return self._status

    def _set_status(self, status: SyncStatus) -> None:
        if status != self._status:
            self._status = status
            self.on_status(status)
        self._status = status

    def _push(self, now: datetime, changed: set[str]) -> str:
        """Push the outbox in order. Returns why a fact was refused, or ""."""
        while True:
            batch = self.repo.outbox_batch(PUSH_BATCH)
            if not batch:
                return ""
            try:
                self._push_batch(batch, now)
            except Exception as exc:
                if _is_connection_error(exc):
                    raise
                return self._push_one_by_one(batch, now, changed)
            self._after_push(batch, now, changed)

    def _the_pusher(self) -> Pusher:
        from agent_desk.store.shared_apply import Pusher

        if self._pusher is None:
            self._pusher = Pusher(self.me.user_id, self.me.team_id, self.desk_id)
        return self._pusher

    def _push_batch(self, batch: list[OutboxItem], now: datetime) -> None:
        from agent_desk.store.shared_apply import apply_fact

        pusher = self._the_pusher()
        with self.shared.begin() as conn:
            for item in batch:
                apply_fact(conn, item.kind, item.payload, pusher, now)

    def _push_one_by_one(self, batch: list[OutboxItem], now: datetime, changed: set[str]) -> str:
        """Find the fact the database refuses; push everything before it."""
        for item in batch:
            try:
                self._push_batch([item], now)
            except Exception as exc:
                if _is_connection_error(exc):
                    raise
                reason = f"{item.kind} {item.entity_id}: {exc.__class__.__name__}: {exc}"
                log.error("shared database refused %s", reason)
                self.repo.mark_failed(item.seq, reason)
                return reason
            self._after_push([item], now, changed)
        return ""

    def _after_push(self, batch: list[OutboxItem], now: datetime, changed: set[str]) -> None:
        self.repo.mark_pushed([item.seq for item in batch], now)
        worked = [
            uuid.UUID(i.payload["lead_id"])
            for i in batch
            if i.kind is FactKind.WRAPUP and i.payload.get("lead_id")
        ]
        if worked:
            self.repo.forget_worked(worked)
        changed.add(Changed.QUEUE)

    def _pull(self, now: datetime, changed: set[str]) -> None:
        from agent_desk.store import desk_feed

        slow_due = self._last_slow_pull is None or now - self._last_slow_pull >= timedelta(
            seconds=60
        )
        with self.shared.connect() as conn:
            if slow_due:
                self._zones.clear()  # new imports may bring customers in new zones
                fresh = desk_feed.campaigns(conn)
                if [c.to_json() for c in fresh] != self.repo.kv_get("campaigns", []):
                    self.repo.store_campaigns(fresh)
                    changed.add(Changed.CAMPAIGNS)
                row = desk_feed.month_target(conn, self.me, now.strftime("%Y-%m"))
                target = None if row is None else {k: v for k, v in row.items() if k != "id"}
                if target != self.repo.kv_get("target"):
                    self.repo.kv_set("target", target)
                    changed.add(Changed.TARGET)
            watermark = self.repo.kv_get("dnc_watermark")
            since = datetime.fromisoformat(watermark) if watermark else None
            # ">=" re-reads the rows at the watermark (a later row may share its time);
            # only numbers new to this desk count as a change.
            listed = desk_feed.dnc_since(conn, since)
            if listed:
                self.repo.kv_set("dnc_watermark", listed[-1]["added_at"].isoformat())
                if self.repo.merge_dnc(listed):
                    changed.update({Changed.DNC, Changed.QUEUE})
            if self.repo.replace_callbacks(desk_feed.open_callbacks(conn, self.me)):
                changed.update({Changed.CALLBACKS, Changed.QUEUE})
            if slow_due:
                self.repo.store_leads(desk_feed.my_leads(conn, self.me), leased=False)
                changed.add(Changed.LEADS)
        if slow_due:
            self._last_slow_pull = now
        if self.claim_leads:
            self._keep_hopper(now, changed)

    def _keep_hopper(self, now: datetime, changed: set[str]) -> None:
        """Renew this desk's leases, adopt any it did not know of, then top the hopper up.

        Claims never return a lead this desk holds already, so a top-up of ``missing``
        leads brings ``missing`` new ones. A claim whose answer was lost on the way (its
        COMMIT succeeded, the reply never came) shows up here as leases this desk did not
        know it held: they join the hopper like claimed ones. Callbacks that fell due and
        are not in the hopper are claimed on top of its target.
        """
        from agent_desk.store import desk_feed

        held = set(self.repo.leased_ids())
        with self.shared.begin() as conn:
            live = desk_feed.renew_leases(conn, self.me, self.desk_id, now, self.lease)
        lost = held - {row["id"] for row in live}
        if lost:
            self.repo.drop_leases(lost)
            changed.add(Changed.QUEUE)
        # In serving order, as a claim would have brought them (rare: a lost answer).
        adopted = sorted(
            (row for row in live if row["id"] not in held),
            key=lambda row: (row["status"] != "callback", row["priority"], row["id"]),
        )
        # Due callbacks come first (the claim serves them first) even when the hopper is
        # full: it may hold that many more until the rep works it down.
        target = self.hopper_target + self.repo.due_callbacks_waiting(now)
        missing = target - self.repo.hopper_size() - len(adopted)
        if missing <= 0 and not adopted:
            return
        claimed: list[dict[str, Any]] = []
        with self.shared.begin() as conn:
            for campaign in self.repo.campaigns().values():
                if len(claimed) >= missing:
                    break
                if campaign.id not in self._zones:
                    self._zones[campaign.id] = desk_feed.campaign_zones(conn, campaign.id)
                zones = desk_feed.callable_zones(campaign, self._zones[campaign.id], now)
                claimed += desk_feed.claim_leads(
                    conn,
                    self.me,
                    self.desk_id,
                    campaign,
                    zones,
                    missing - len(claimed),
                    now,
                    self.lease,
                )
            new = adopted + claimed
            if new:  # the lead card shows what this rep did with them before
                calls, wraps = desk_feed.my_history(conn, self.me, [r["id"] for r in new])
        if new:
            self.repo.store_history(calls, wraps)
            self.repo.store_leads(new, leased=True, first_rank=self.repo.next_rank())
            changed.add(Changed.QUEUE)

    def _publish_state(self, now: datetime) -> None:
        from agent_desk.store import desk_feed

        with self._state_lock:
            state = self._state
            self._state_dirty = False
        if state is None:
            return
        values = {
            **state,
            "user_id": self.me.user_id,
            "desk_id": self.desk_id,
            "outbox_waiting": self.repo.waiting(),
            "heartbeat_at": now,
        }
        with self.shared.begin() as conn:
            desk_feed.publish_state(conn, values)

    def release_all(self) -> None:
        """Shift end: hand every lease back so other desks can call these leads."""
        from agent_desk.store import desk_feed

        with self.shared.begin() as conn:
            desk_feed.release_leases(conn, self.me, self.desk_id)
        self.repo.drop_leases(self.repo.leased_ids())
        self._status = replace(self._status, waiting=self.repo.waiting())
