"""The rep's status bar: state, shift clock, today's figures against target, sync."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from agent_desk.desk.views import AgentState, AgentStatus, TodayFigures
from agent_desk.domain.kpi import progress
from agent_desk.sync.worker import SyncStatus
from agent_desk.ui import texts
from agent_desk.ui.style import accessible, set_level


def money(amount: Decimal) -> str:
    return f"{amount:,.0f}"


class DeskStatusBar(QStatusBar):
    def __init__(self, shift_started_at: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self._shift_started_at = shift_started_at
        self._status: AgentStatus | None = None
        self.agent_state = QLabel()
        accessible(self.agent_state, "agent_state", self.tr("Your state"))
        self.agent_state.setMinimumWidth(160)
        self.shift_clock = QLabel()
        accessible(self.shift_clock, "shift_clock", self.tr("Time since the shift started"))
        self.figures = QLabel()
        accessible(self.figures, "today_figures", self.tr("Today's figures against target"))
        self.sync_status = QLabel(self.tr("Connecting…"))
        accessible(self.sync_status, "sync_status", self.tr("Connection to the team database"))
        self.training = QLabel(self.tr("TRAINING — nothing reaches real customers"))
        self.training.setObjectName("training_badge")
        set_level(self.training, "warn")
        self.training.hide()
        self.addWidget(self.agent_state)
        self.addWidget(self.shift_clock)
        self.addWidget(self.training)
        self.addPermanentWidget(self.figures)
        self.addPermanentWidget(self.sync_status)

    def set_training(self, on: bool) -> None:
        self.training.setVisible(on)

    def update_state(self, status: AgentStatus) -> None:
        self._status = status
        level = {
            AgentState.READY: "ok",
            AgentState.PAUSED: "warn",
            AgentState.WRAPUP: "info",
        }.get(status.state, "info")
        set_level(self.agent_state, level)
        self._show_state(status.since)

    def _show_state(self, now: datetime) -> None:
        status = self._status
        if status is None:
            return
        seconds = max(int((now - status.since).total_seconds()), 0)
        self.agent_state.setText(
            self.tr("{state} · {time}").format(
                state=texts.agent_state(status), time=texts.duration(seconds)
            )
        )

    def update_sync(self, status: SyncStatus) -> None:
        self.sync_status.setText(texts.sync_status(status))
        if status.refused:
            level, tip = "alert", status.refused
        elif not status.online:
            level, tip = (
                "warn",
                self.tr("Saved work is kept on this desk and sent when the connection is back."),
            )
        else:
            level, tip = ("info" if status.waiting else "ok"), ""
        set_level(self.sync_status, level)
        self.sync_status.setToolTip(tip)

    def update_figures(self, today: TodayFigures) -> None:
        """Today's dials, contacts and sales; with a target, against today's share of it."""
        f, target = today.figures, today.target
        if target is None:
            text = self.tr("Today: {dials} dials · {contacts} contacts · sales {sales}").format(
                dials=f.dials, contacts=f.contacts, sales=money(f.sales_amount)
            )
            set_level(self.figures, "muted")
        else:
            text = self.tr(
                "Today: dials {dials}/{t_dials} · contacts {contacts}/{t_contacts} · "
                "sales {sales}/{t_sales}"
            ).format(
                dials=f.dials,
                t_dials=target.calls,
                contacts=f.contacts,
                t_contacts=target.contacts,
                sales=money(f.sales_amount),
                t_sales=money(target.sales_amount),
            )
            met = all(p.met for p in progress(f, target).values())
            set_level(self.figures, "ok" if met else "info")
        self.figures.setText(text)
        self.figures.setToolTip(
            self.tr("Contact rate {rate:.0%} · talk time {talk}").format(
                rate=f.contact_rate, talk=texts.duration(f.talk_seconds)
            )
        )

    def tick(self, now: datetime) -> None:
        self.shift_clock.setText(
            self.tr("Shift {time}").format(
                time=texts.duration(int((now - self._shift_started_at).total_seconds()))
            )
        )
        self._show_state(now)
