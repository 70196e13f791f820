"""A rep's session at the desk: the one object the rep window talks to.

It composes the queue (:class:`LeadQueue`), the call attempt (:class:`Attempt`) and the
shift (:class:`Shift`), keeps the agent state (ready, paused, dialing, on call, wrap-up)
and relays the sync worker's news onto the UI thread. It lives on the UI thread, owns no
widgets, and runs every database touch as an operation so the UI never waits.

Signals:
    agent_state_changed(AgentStatus)
    sync_changed(SyncStatus)
    shift_ended()
Components carry the rest: ``queue``, ``attempt``, ``shift`` (see their docstrings).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from agent_desk.clock import Clock
from agent_desk.desk.attempt import Attempt
from agent_desk.desk.inbound import Inbound
from agent_desk.desk.lead_queue import LeadQueue
from agent_desk.desk.operations import Operations
from agent_desk.desk.shift import Shift
from agent_desk.desk.training import stock_training_leads
from agent_desk.desk.views import (
    AgentState,
    AgentStatus,
    CallSnapshot,
    Problem,
    ProblemKind,
    Refusal,
    RefusalKind,
    ShiftSummaryView,
)
from agent_desk.domain import phones
from agent_desk.domain.call_state import CallState
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.store.desk_repo import DeskRepo
from agent_desk.store.desk_views import LeadView, PendingCallView, WrapupView
from agent_desk.store.identity import Identity
from agent_desk.sync.worker import Changed, SyncWorker
from agent_desk.telephony.line import Line

log = logging.getLogger(__name__)

CALLBACK_CHECK_MS = 15_000
HEARTBEAT_MS = 30_000
SYNC_START_LATEST_MS = 2_000

_CALL_STATES = {
    CallState.DIALING: AgentState.DIALING,
    CallState.RINGING: AgentState.RINGING,
    CallState.CONNECTED: AgentState.ON_CALL,
    CallState.HELD: AgentState.ON_CALL,
    CallState.ENDED: AgentState.WRAPUP,
}


class DeskSession(QObject):
    agent_state_changed = Signal(object)
    sync_changed = Signal(object)
    shift_ended = Signal()
    # Emitted on the sync worker's thread; Qt queues them to this object's thread.
    _sync_status = Signal(object)
    _sync_news = Signal(object)

    def __init__(
        self,
        *,
        repo: DeskRepo,
        ops: Operations,
        net_ops: Operations,
        sync: SyncWorker | None,
        line: Line,
        me: Identity,
        desk_id: str,
        clock: Clock,
        training: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.repo, self.ops, self.net_ops, self.sync = repo, ops, net_ops, sync
        self.line, self.me, self.desk_id, self.clock = line, me, desk_id, clock
        self.training = training
        self.campaigns: dict[int, CampaignConfig] = {}
        self.queue = LeadQueue(repo, ops, clock, self)
        self.attempt = Attempt(
            repo=repo,
            ops=ops,
            line=line,
            me=me,
            desk_id=desk_id,
            clock=clock,
            campaigns=lambda: self.campaigns,
            training=training,
            parent=self,
        )
        self.shift = Shift(repo, ops, clock, desk_id, lambda: self.campaigns, self)
        self.inbound = Inbound(repo, ops, line, clock, self._region, self)
        self.status = AgentStatus(AgentState.READY, clock.now())
        self.attempt.call_changed.connect(self._on_call_changed)
        self.attempt.wrapup_due.connect(lambda _: self._set_state(AgentState.WRAPUP))
        self.attempt.wrapup_saved.connect(self._on_wrapup_saved)
        self.attempt.call_recorded.connect(self.shift.refresh_figures)
        self.attempt.call_recorded.connect(self._poke_sync)
        self.shift.callbacks_due.connect(self._on_callbacks_due)
        self.shift.summary_saved.connect(self._finish_shift)
        self._sync_status.connect(self.sync_changed)
        self._sync_news.connect(self._on_sync_news)
        self._callback_timer = QTimer(self)
        self._callback_timer.timeout.connect(self.shift.check_callbacks)
        self._heartbeat = QTimer(self)
        self._heartbeat.timeout.connect(self._publish_state)
        self._start_sync_thread = False
        # The latest the sync thread starts, should a first read fail (it is logged).
        self._sync_start_timer = QTimer(self)
        self._sync_start_timer.setSingleShot(True)
        self._sync_start_timer.timeout.connect(self._start_syncing)

    # -- start and stop ---------------------------------------------------------------------

    def start(self, *, sync_thread: bool = True) -> None:
        """Load what the desk has, restore an owed wrap-up, start syncing.

        Args:
            sync_thread: Run the sync worker on its thread; tests drive ``run_once``.
        """
        self._start_sync_thread = sync_thread and self.sync is not None
        if self._start_sync_thread:
            self._sync_start_timer.start(SYNC_START_LATEST_MS)
        self.ops.run(
            lambda: (self.repo.campaigns(), self.repo.pending()),
            self._on_loaded,
            lambda exc: self._start_syncing(),  # the operations log it; sync all the same
        )
        if self.sync is not None:
            self.sync.on_status = self._sync_status.emit
            self.sync.on_changed = self._sync_news.emit
        self._callback_timer.start(CALLBACK_CHECK_MS)
        self._heartbeat.start(HEARTBEAT_MS)

    def _on_loaded(self, loaded: tuple[dict[int, CampaignConfig], PendingCallView | None]) -> None:
        campaigns, pending = loaded
        self._set_campaigns(campaigns)
        if pending is not None:
            self.attempt.restore(pending)
        self.queue.refresh(then=self._first_queue_shown)
        self.shift.refresh_figures()
        self._publish_state()

    def _first_queue_shown(self) -> None:
        """The sync thread starts once what the desk has is on screen: its first cycle
        would otherwise compete with the first reads for the interpreter (a desk that ran
        before shows its hopper first; a new desk has nothing to show until it syncs)."""
        self._select_first_if_idle()
        wanted, selected = self.queue.wanted, self.queue.selected
        if wanted is None or (selected is not None and selected.lead.id == wanted):
            self._start_syncing()  # no card to wait for, or it came first (an owed wrap-up)
            return

        def card_shown(_: object) -> None:
            self.queue.lead_selected.disconnect(card_shown)
            self._start_syncing()

        self.queue.lead_selected.connect(card_shown)

    def _start_syncing(self) -> None:
        self._sync_start_timer.stop()
        if self._start_sync_thread and self.sync is not None:
            self._start_sync_thread = False
            self.sync.start()

    def shutdown(self) -> None:
        """Stop timers and workers; queued writes finish first, so nothing is lost."""
        self._start_sync_thread = False  # closed before the first queue was shown
        self._sync_start_timer.stop()
        self._callback_timer.stop()
        self._heartbeat.stop()
        self.line.close()  # ends a live call: the desk records it and owes its wrap-up
        if self.sync is not None:
            self.sync.stop()
        self.ops.shutdown(wait=True)
        self.net_ops.shutdown(wait=True)

    def _set_campaigns(self, campaigns: dict[int, CampaignConfig]) -> None:
        self.campaigns = campaigns
        self.queue.campaigns = campaigns
        campaign = next(iter(campaigns.values()), None)
        if self.training and campaign is not None:
            now = self.clock.now()
            self.ops.run(lambda: stock_training_leads(self.repo, campaign, now))

    # -- agent state ------------------------------------------------------------------------

    def _set_state(self, state: AgentState, reason: str = "") -> None:
        if state == self.status.state and reason == self.status.reason:
            return
        self.status = AgentStatus(state, self.clock.now(), reason)
        self.agent_state_changed.emit(self.status)
        self._publish_state()

    def _publish_state(self) -> None:
        if self.sync is None:
            return
        snapshot = self.attempt.snapshot()
        live = snapshot is not None and snapshot.state is not CallState.ENDED
        self.sync.set_agent_state(
            {
                "state": str(self.status.state),
                "reason": self.status.reason,
                "since": self.status.since,
                "current_lead_id": snapshot.lead_id
                if live and snapshot and not self.training
                else None,
                "current_phone_masked": phones.mask(snapshot.phone_e164)
                if live and snapshot
                else "",
            }
        )

    @Slot(object)
    def _on_call_changed(self, snapshot: CallSnapshot) -> None:
        state = _CALL_STATES.get(snapshot.state)
        if state is not None:
            self._set_state(state)

    def pause(self, reason: str) -> None:
        if self.attempt.busy is not None:
            self.attempt.problem.emit(Problem(ProblemKind.BUSY_FOR_PAUSE))
            return
        self._set_state(AgentState.PAUSED, reason)

    def resume(self) -> None:
        if self.status.state is AgentState.PAUSED:
            self._set_state(AgentState.READY)

    # -- dialing ------------------------------------------------------------------------------

    def _refusal(self) -> RefusalKind | None:
        busy = self.attempt.busy
        if busy is not None:
            return busy
        return RefusalKind.PAUSED if self.status.state is AgentState.PAUSED else None

    @property
    def can_dial(self) -> bool:
        return self._refusal() is None

    def dial_selected(self) -> None:
        selected = self.queue.selected
        kind = self._refusal() or (RefusalKind.NO_LEAD if selected is None else None)
        if kind is not None or selected is None:
            self.attempt.refuse(Refusal(kind or RefusalKind.NO_LEAD))
            return
        self.attempt.dial_lead(selected.lead.id)

    def dial_lead(self, lead_id: uuid.UUID) -> None:
        kind = self._refusal()
        if kind is not None:
            self.attempt.refuse(Refusal(kind))
            return
        self.attempt.dial_lead(lead_id)

    def dial_number(self, raw: str) -> None:
        kind = self._refusal()
        if kind is not None:
            self.attempt.refuse(Refusal(kind))
            return
        self.attempt.dial_number(raw, self.queue.campaign_hint())

    # -- calls coming in --------------------------------------------------------------------------

    def _region(self) -> str:
        campaign = self.queue.campaign_hint()
        return campaign.default_region if campaign is not None else "CN"

    def answer_incoming(self) -> None:
        """Answer the offered call: the caller's lead card comes up and the call runs like
        a dialled one. Refused while another call or a wrap-up is open."""
        offer = self.inbound.current
        if offer is None:
            return
        busy = self.attempt.busy
        if busy is not None:
            self.attempt.refuse(Refusal(busy))
            return
        lead = offer.lead
        campaign = (
            self.campaigns.get(lead.campaign_id) if lead is not None else None
        ) or self.queue.campaign_hint()
        if campaign is None:
            self.attempt.problem.emit(Problem(ProblemKind.CAMPAIGN_NOT_LOADED))
            return
        self.inbound.take()
        if lead is not None:
            self.queue.select(lead.id)
        self.attempt.answer_incoming(offer, campaign)

    def reject_incoming(self) -> None:
        self.inbound.reject()

    def select_lead(self, lead_id: uuid.UUID | None) -> None:
        """Show a lead; while a call or its wrap-up is open, the card stays on that lead."""
        if self.attempt.busy is RefusalKind.WRAPUP_PENDING or self.attempt.calls.live:
            return
        self.queue.select(lead_id)

    def next_lead(self) -> None:
        if self.can_dial:
            self.queue.select(self.queue.first_callable())

    def _select_first_if_idle(self) -> None:
        if self.queue.wanted is None and self.attempt.busy is None:
            self.queue.select(self.queue.first_callable())

    # -- wrap-up --------------------------------------------------------------------------------

    def save_wrapup(self, draft: WrapupDraft) -> bool:
        return self.attempt.save(draft)

    def amend(
        self, original: WrapupView, draft: WrapupDraft, reason: str, lead: LeadView | None
    ) -> bool:
        campaign = (
            self.campaigns.get(lead.campaign_id) if lead is not None else self.queue.campaign_hint()
        )
        if campaign is None:
            self.attempt.problem.emit(Problem(ProblemKind.CAMPAIGN_NOT_LOADED))
            return False
        return self.attempt.amend(original, draft, reason, lead, campaign)

    @Slot(object)
    def _on_wrapup_saved(self, _: uuid.UUID) -> None:
        if self.status.state is AgentState.WRAPUP:
            self._set_state(AgentState.READY)
            # The next lead first: the figures can wait behind it on the operations thread.
            self.queue.refresh(then=self.next_lead)
        else:  # an amendment: show it under the original
            self.queue.reselect()
        self._poke_sync()
        self.shift.refresh_figures()

    # -- callbacks and sync ---------------------------------------------------------------------

    def _on_callbacks_due(self, _: Any) -> None:
        self.queue.refresh()
        self._poke_sync()

    def _poke_sync(self) -> None:
        if self.sync is not None:
            self.sync.poke()

    @Slot(object)
    def _on_sync_news(self, names: set[str]) -> None:
        if Changed.CAMPAIGNS in names:

            def reloaded(campaigns: dict[int, CampaignConfig]) -> None:
                self._set_campaigns(campaigns)
                self._after_news(names)

            self.ops.run(self.repo.campaigns, reloaded)
        else:
            self._after_news(names)

    def _after_news(self, names: set[str]) -> None:
        """Redraw only what the sync cycle changed (an idle desk redraws nothing)."""
        if names & {Changed.QUEUE, Changed.DNC, Changed.CALLBACKS, Changed.CAMPAIGNS}:
            self.queue.refresh(then=lambda: self._settle_selection(names))
        if Changed.TARGET in names:
            self.shift.refresh_figures()

    def _settle_selection(self, names: set[str]) -> None:
        if self.attempt.busy is not None:
            return  # the card stays on the lead of the open call
        if self.queue.wanted is None:
            self.queue.select(self.queue.first_callable())
        elif names & {Changed.DNC, Changed.CAMPAIGNS}:
            self.queue.reselect()  # its do-not-call or calling-window state may have changed

    # -- end of shift -------------------------------------------------------------------------

    def end_shift(self) -> None:
        """Ask for the shift's summary; refused while a call or wrap-up is open."""
        busy = self.attempt.busy
        if busy is not None:
            self.attempt.refuse(Refusal(busy))
            return
        self.shift.summarise()

    def confirm_shift(self, summary: ShiftSummaryView, note: str = "") -> None:
        self.shift.confirm(summary, note)

    def _finish_shift(self) -> None:
        """Push the summary, go offline on the board and hand the leases back."""
        self._callback_timer.stop()
        self._heartbeat.stop()
        sync = self.sync
        if sync is None:
            self.shift_ended.emit()
            return

        def final_sync() -> None:
            sync.set_agent_state(
                {
                    "state": "offline",
                    "reason": "shift_end",
                    "since": self.clock.now(),
                    "current_lead_id": None,
                    "current_phone_masked": "",
                }
            )
            sync.run_once()
            sync.release_all()

        self.net_ops.run(
            final_sync, lambda _: self.shift_ended.emit(), lambda exc: self.shift_ended.emit()
        )
