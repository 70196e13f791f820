"""The rep's queue and the lead on screen.

The queue is the hopper of leased leads, due callbacks first, then the leads callable
now in the customer's time zone, then those whose window is closed (shown, not served).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from agent_desk.clock import Clock
from agent_desk.desk.operations import Operations
from agent_desk.desk.views import LeadCard, QueueEntry
from agent_desk.domain.calling_windows import CallingDecision, check
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.store.desk_repo import DeskRepo
from agent_desk.store.desk_views import CallView, LeadView


def decide(campaign: CampaignConfig | None, tz_name: str, now: datetime) -> CallingDecision | None:
    """The calling window verdict for a customer, or None when it cannot be known."""
    if campaign is None:
        return None
    try:
        return check(campaign.policy, now, tz_name)
    except ValueError:  # an unknown zone: never call blind
        return None


class LeadQueue(QObject):
    """Signals:
    queue_changed(list[QueueEntry])
    lead_selected(LeadCard | None)
    """

    queue_changed = Signal(object)
    lead_selected = Signal(object)

    def __init__(
        self, repo: DeskRepo, ops: Operations, clock: Clock, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.repo, self.ops, self.clock = repo, ops, clock
        self.campaigns: dict[int, CampaignConfig] = {}
        self.entries: list[QueueEntry] = []
        self.selected: LeadCard | None = None
        # The lead last asked for: its card may still be loading. Reloads follow it, and a
        # card that arrives for an earlier choice is dropped (it would bring back a lead
        # the rep already moved on from).
        self.wanted: uuid.UUID | None = None

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        """Reload the hopper from the desk database; ``then`` runs once it is shown."""

        def show(leads: list[LeadView]) -> None:
            now = self.clock.now()
            entries = []
            for lead in leads:
                campaign = self.campaigns.get(lead.campaign_id)
                due = lead.callback_due_at is not None and lead.callback_due_at <= now
                entries.append(
                    QueueEntry(lead, campaign, decide(campaign, lead.timezone, now), due)
                )
            entries.sort(key=lambda e: (not e.due_callback, not e.callable))
            self.entries = entries
            self.queue_changed.emit(entries)
            if then is not None:
                then()

        self.ops.run(lambda: self.repo.queue(self.clock.now()), show)

    def select(self, lead_id: uuid.UUID | None) -> None:
        """Show a lead's card: details, calling window now, history, do-not-call state."""
        self.wanted = lead_id
        if lead_id is None:
            self.selected = None
            self.lead_selected.emit(None)
            return

        def load() -> tuple[LeadView | None, list[CallView], str | None]:
            lead = self.repo.lead(lead_id)
            if lead is None:
                return None, [], None
            return lead, self.repo.history(lead_id), self.repo.dnc_reason(lead.phone_e164)

        self.ops.run(load, self._show_card)

    def _show_card(self, loaded: tuple[LeadView | None, list[CallView], str | None]) -> None:
        lead, history, dnc_reason = loaded
        if lead is not None and lead.id != self.wanted:
            return  # a newer choice is on its way
        if lead is None:
            self.selected = None
        else:
            campaign = self.campaigns.get(lead.campaign_id)
            decision = decide(campaign, lead.timezone, self.clock.now())
            self.selected = LeadCard(lead, campaign, decision, tuple(history), dnc_reason)
        self.lead_selected.emit(self.selected)

    def reselect(self) -> None:
        """Reload the card on screen (its history or window state changed)."""
        if self.wanted is not None:
            self.select(self.wanted)

    def first_callable(self) -> uuid.UUID | None:
        return next((e.lead.id for e in self.entries if e.callable), None)

    def search(self, text: str, on_result: Callable[[list[LeadView]], None]) -> None:
        self.ops.run(lambda: self.repo.search(text), on_result)

    def campaign_hint(self) -> CampaignConfig | None:
        """The campaign of the lead on screen, else the first one: for dial-pad numbers."""
        if self.selected is not None and self.selected.campaign is not None:
            return self.selected.campaign
        return next(iter(self.campaigns.values()), None)
