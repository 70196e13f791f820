"""The rep's shift: today's figures, callbacks coming due, and the end of the shift."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from agent_desk.clock import Clock
from agent_desk.desk.figures import (
    daily_target,
    figures_for,
    month_elapsed_share,
    start_of_local_day,
    target_from,
)
from agent_desk.desk.operations import Operations
from agent_desk.desk.views import ShiftSummaryView, TodayFigures
from agent_desk.desk.wrapup_facts import to_cents
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.store.desk_repo import DeskRepo
from agent_desk.store.desk_views import CallbackView, Fact
from agent_desk.store.facts import FactKind


class Shift(QObject):
    """Signals:
    figures_changed(TodayFigures)
    callbacks_due(list[CallbackView]): due callbacks not notified before
    summary_ready(ShiftSummaryView): figures for the rep to confirm
    summary_saved(): the confirmed summary is on disk, queued for the supervisor
    """

    figures_changed = Signal(object)
    callbacks_due = Signal(object)
    summary_ready = Signal(object)
    summary_saved = Signal()

    def __init__(
        self,
        repo: DeskRepo,
        ops: Operations,
        clock: Clock,
        desk_id: str,
        campaigns: Callable[[], dict[int, CampaignConfig]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.repo, self.ops, self.clock, self.desk_id = repo, ops, clock, desk_id
        self._campaigns = campaigns
        self.started_at = clock.now()

    def refresh_figures(self) -> None:
        """Today's dials, contacts, talk time and sales, and today's share of the target."""
        now = self.clock.now()
        since = start_of_local_day(now)
        campaigns = self._campaigns()

        def load() -> TodayFigures:
            figures = figures_for(self.repo.calls_since(since), campaigns)
            month = target_from(self.repo.kv_get("target"))
            today = None if month is None else daily_target(month, now)
            return TodayFigures(figures, today, month_elapsed_share(now))

        self.ops.run(load, self.figures_changed.emit)

    def check_callbacks(self) -> None:
        """Announce callbacks that came due since the last check, once each."""
        now = self.clock.now()

        def due() -> list[CallbackView]:
            found = [
                cb
                for cb in self.repo.open_callbacks()
                if cb.due_at <= now and cb.notified_at is None
            ]
            self.repo.mark_notified([cb.id for cb in found], now)
            return found

        def announce(found: list[CallbackView]) -> None:
            if found:
                self.callbacks_due.emit(found)

        self.ops.run(due, announce)

    def summarise(self) -> None:
        """The shift's figures so far, for the rep to check and confirm."""
        started, now = self.started_at, self.clock.now()
        campaigns = self._campaigns()

        def load() -> ShiftSummaryView:
            figures = figures_for(self.repo.calls_since(started), campaigns)
            intents = {str(level): count for level, count in figures.intents.items()}
            return ShiftSummaryView(started, now, figures, intents)

        self.ops.run(load, self.summary_ready.emit)

    def confirm(self, summary: ShiftSummaryView, note: str = "") -> None:
        """Save the confirmed summary for the supervisor (through the outbox)."""
        f = summary.figures
        shift_id = uuid.uuid4()
        now = self.clock.now()
        fact = Fact(
            FactKind.SHIFT,
            str(shift_id),
            {
                "id": shift_id,
                "desk_id": self.desk_id,
                "started_at": summary.started_at,
                "ended_at": summary.ended_at,
                "dials": f.dials,
                "contacts": f.contacts,
                "talk_seconds": f.talk_seconds,
                "intents": summary.intents,
                "callbacks_set": f.callbacks_set,
                "sales_count": f.sales_count,
                "sales_cents": to_cents(f.sales_amount) or 0,
                "satisfaction_count": f.rated,
                "satisfaction_sum": f.satisfaction_sum,
                "inbound_calls": f.inbound,
                "note": note,
                "confirmed_at": now,
            },
        )
        self.ops.run(lambda: self.repo.enqueue([fact], now), lambda _: self.summary_saved.emit())
