"""Pause with a reason, or resume: one button, two faces."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from agent_desk.desk.views import AgentState, AgentStatus
from agent_desk.ui import texts
from agent_desk.ui.style import accessible, icon


class PauseButton(QToolButton):
    """Signals:
    pause_requested(str): a reason code from ``texts.PAUSE_REASONS``
    resume_requested()
    """

    pause_requested = Signal(str)
    resume_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        accessible(self, "pause_button", self.tr("Pause with a reason, or resume"))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._paused = False
        self.reasons = QMenu(self)
        for code in texts.PAUSE_REASONS:
            action = self.reasons.addAction(texts.pause_reason(code))
            action.setObjectName(f"pause_reason_{code}")
            action.triggered.connect(lambda _=False, c=code: self.pause_requested.emit(c))
        self.clicked.connect(self._clicked)
        self.show_status(None)

    def show_status(self, status: AgentStatus | None) -> None:
        state = status.state if status else AgentState.READY
        self._paused = state is AgentState.PAUSED
        if self._paused:
            self.setText(self.tr("Resume"))
            self.setIcon(icon("resume"))
        else:
            self.setText(self.tr("Pause"))
            self.setIcon(icon("pause"))
        self.setEnabled(state in (AgentState.READY, AgentState.PAUSED))

    def trigger_pause_or_resume(self) -> None:
        """The keyboard shortcut: resume when paused, else offer the reasons."""
        if self.isEnabled():
            self._clicked()

    def _clicked(self) -> None:
        if self._paused:
            self.resume_requested.emit()
        else:
            self.reasons.popup(self.mapToGlobal(self.rect().bottomLeft()))
