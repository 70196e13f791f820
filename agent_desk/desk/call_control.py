"""Binds a line's events to the call state machine: one call at a time.

The line says what happened; :class:`CallSession` (domain) decides what it means; this
object keeps the two together and reports snapshots the screens can show.
"""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QObject, Signal, Slot

from agent_desk.domain.call_state import CallEvent, CallSession, CallState, CallStateError
from agent_desk.telephony.line import Line

log = logging.getLogger(__name__)


class CallControl(QObject):
    """The live call on one line.

    Signals:
        changed(CallSession): the call moved to a new state, or rang again.
        ended(CallSession): the call is over; a wrap-up is due.
    """

    changed = Signal(object)
    ended = Signal(object)

    def __init__(self, line: Line, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.line = line
        self.session: CallSession | None = None
        line.call_event.connect(self._on_event)

    @property
    def live(self) -> bool:
        return self.session is not None and self.session.is_live

    def start(self, lead_id: uuid.UUID | None, phone_e164: str, call_id: uuid.UUID) -> None:
        """Dial. The session exists before the line reports, so no event is lost."""
        self.session = CallSession(lead_id or "", phone_e164, call_id)
        self.line.dial(phone_e164)

    def answer(self, lead_id: uuid.UUID | None, phone_e164: str, call_id: uuid.UUID) -> None:
        """Take the line's offered call, as :meth:`start` dials one.

        Raises:
            LineBusyError: The offer went away (the caller gave up) or a call is live.
        """
        self.session = CallSession(lead_id or "", phone_e164, call_id)
        try:
            self.line.answer()
        except Exception:
            self.session = None
            raise

    @Slot(object)
    def _on_event(self, event: CallEvent) -> None:
        session = self.session
        if session is None or session.state is CallState.ENDED:
            log.warning("line event %s with no live call ignored", event.kind)
            return
        try:
            before = (session.state, session.ring_count)
            session.apply(event)
        except CallStateError as exc:
            # A backend out of step (e.g. a late event): keep our state, note it.
            log.warning("%s", exc.message)
            return
        if (session.state, session.ring_count) != before:
            self.changed.emit(session)
        if session.state is CallState.ENDED:
            self.ended.emit(session)

    def forget(self) -> None:
        """The ended call's wrap-up is saved; the line is free for the next call."""
        if self.session is not None and self.session.is_live:
            raise RuntimeError("cannot forget a live call")
        self.session = None
