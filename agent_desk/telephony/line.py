"""The line a desk calls on: commands in, call events out. Backends implement it.

A backend only reports what the line does (dialing, ringing, connected, held, ended with
a reason); the call state machine (`domain.call_state`) decides what that means. One
call at a time: a second dial while a call is live is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from agent_desk.clock import Clock
from agent_desk.domain.call_state import CallEvent, CallEventKind, EndReason


class Capability(StrEnum):
    HOLD = "hold"
    MUTE = "mute"
    DTMF = "dtmf"
    TRANSFER = "transfer"
    # Calls come in: the line offers them (``incoming``) and the rep answers or rejects.
    INBOUND = "inbound"
    # The line cannot see the call (an OS softphone): the rep marks connected / ended.
    MANUAL_MARKING = "manual_marking"


class LineBusyError(RuntimeError):
    """A command needs no live call (dial) but one is live, or the reverse."""


@dataclass(frozen=True)
class LineHealth:
    ok: bool
    detail: str = ""  # English, for the log and tooltips
    starting: bool = False  # not usable yet, and nothing is wrong: the line is starting
    retrying: bool = False  # down, and the line is already trying again by itself


class Line(QObject):
    """Base of every line backend.

    Signals:
        call_event(CallEvent): the call's progress, in order.
        customer_said(str): what a simulated customer says (training personas).
        health(LineHealth): the line became usable or unusable, and why.
        incoming(str): a call is offered (INBOUND lines); the caller's number, or the
            caller's address when it has none.
        incoming_ended(str): the offered call went away unanswered (the caller gave up,
            it was rejected, the line was lost); why, in English.
    """

    call_event = Signal(object)
    customer_said = Signal(str)
    health = Signal(object)
    incoming = Signal(str)
    incoming_ended = Signal(str)

    backend_name = "line"
    capabilities: frozenset[Capability] = frozenset()

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.live = False
        self.muted = False

    def _emit(self, kind: CallEventKind, reason: EndReason | None = None, detail: str = "") -> None:
        if kind is CallEventKind.DIALING:
            self.live = True
        elif kind is CallEventKind.ENDED:
            self.live = False
            self.muted = False
        self.call_event.emit(CallEvent(kind, self.clock.now(), reason, detail))

    def _require_live(self) -> None:
        if not self.live:
            raise LineBusyError("no call is live")

    def dial(self, number: str) -> None:
        """Start an outbound call to an E.164 number."""
        if self.live:
            raise LineBusyError("a call is already live on this line")
        self._dial(number)

    def hangup(self) -> None:
        if self.live:
            self._hangup()

    def hold(self, on: bool) -> None:
        self._require_live()
        self._hold(on)

    def mute(self, on: bool) -> None:
        self._require_live()
        self.muted = on
        self._mute(on)

    def send_dtmf(self, digits: str) -> None:
        self._require_live()
        self._send_dtmf(digits)

    def transfer(self, number: str) -> None:
        """Blind transfer of the live call; the call ends for this desk."""
        self._require_live()
        self._transfer(number)

    def answer(self) -> None:
        """Take the offered call: DIALING and RINGING (dated when it came in), then the
        events of any call.

        Raises:
            LineBusyError: No call is offered (it went away), or one is live.
        """
        raise LineBusyError(f"{self.backend_name} takes no incoming calls")

    def reject(self) -> None:
        """Turn the offered call away; nothing happens when none is offered."""

    def close(self) -> None:
        """Release the line (end any call, stop engines)."""
        self.hangup()

    # Backends override these.
    def _dial(self, number: str) -> None:
        raise LineBusyError(f"{self.backend_name} cannot dial")

    def _hangup(self) -> None:
        self._emit(CallEventKind.ENDED, EndReason.AGENT_HANGUP)

    def _hold(self, on: bool) -> None:
        raise LineBusyError(f"{self.backend_name} has no hold")

    def _mute(self, on: bool) -> None:
        raise LineBusyError(f"{self.backend_name} has no mute")

    def _send_dtmf(self, digits: str) -> None:
        raise LineBusyError(f"{self.backend_name} cannot send tones")

    def _transfer(self, number: str) -> None:
        raise LineBusyError(f"{self.backend_name} cannot transfer")
