"""The real SIP line: a baresip engine on the desk, driven over its control socket.

The line turns the engine's events into the desk's call events and end reasons (see
:func:`end_reason`), reports health (registered, engine down, registration lapsed) the
moment it changes, and restarts the engine when it dies or its registration lapses; a
call in progress then ends as FAILED, with what happened in the event's detail.

baresip 1.0 facts the code relies on (checked against the real program):

- ``hangup``, ``accept``, ``hold``, ``resume``, ``mute``, ``sndcode`` and ``transfer`` act on
  the engine's current call and take no call id, so the engine runs ``call_max_calls 1``:
  one call per engine, a second caller hears busy.
- No event says a hold took effect: HELD / RESUMED are emitted on the command's OK.
- ``mute`` is a toggle that answers "call muted" / "call un-muted": the line keeps the
  engine's state from those answers and toggles until it matches what the rep asked.
- DTMF goes as RTP telephone-events (RFC 4733); 1.0 has no SIP INFO mode.
"""

from __future__ import annotations

import logging
import re
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from agent_desk.clock import Clock
from agent_desk.domain.call_state import CallEvent, CallEventKind, EndReason
from agent_desk.telephony.baresip_control import ControlClient, EngineEvent, Response
from agent_desk.telephony.baresip_engine import BaresipEngine, EngineError, EngineOptions
from agent_desk.telephony.line import Capability, Line, LineBusyError, LineHealth
from agent_desk.telephony.sip_events import audio_missing, caller_id, end_reason
from agent_desk.telephony.sip_settings import SipSettings

log = logging.getLogger(__name__)

START_TIMEOUT_S = 10.0
# Restart delays after a death or a lapse (ms); the last one repeats.
RESTART_DELAYS_MS = (100, 1000, 2000, 5000, 15000, 30000)
STABLE_S = 30.0  # an engine that ran this long before dying restarts at once again
NO_ACCOUNT = "no SIP account is set up"
DEATH_WAIT_S = 0.1
HANGUP_GRACE_MS = 2000  # the engine did not report the end of a hung-up call: end it here
_DTMF = re.compile(r"[0-9*#A-Da-d]+")


@dataclass
class _Call:
    direction: str  # baresip's "outgoing" / "incoming"
    id: str = ""  # the SIP Call-ID, once an event names it
    answered: bool = False
    rang: bool = False
    local: EndReason | None = None
    transfer_to: str | None = None


@dataclass
class _Offer:
    id: str
    caller: str
    at: datetime


class SipLine(Line):
    """A line on a SIP account; it offers incoming calls (see :class:`Line`'s signals)."""

    _engine_exited = Signal(int, int, str)  # pid, exit code, log tail (from a watcher thread)

    backend_name = "sip"
    capabilities = frozenset(
        {
            Capability.HOLD,
            Capability.MUTE,
            Capability.DTMF,
            Capability.TRANSFER,
            Capability.INBOUND,
        }
    )

    def __init__(
        self,
        clock: Clock,
        settings: SipSettings | None,
        password: str | None = None,
        *,
        autostart: bool = True,
        settings_folder: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(clock, parent)
        self._settings = settings
        self.settings_folder = settings_folder  # where the account was read (for the dialog)
        self._password = password
        self.current_health = (
            LineHealth(False, "starting the SIP engine", starting=True)
            if settings is not None
            else LineHealth(False, NO_ACCOUNT)
        )
        self.registered = False
        self.engine = BaresipEngine(
            settings.engine_options() if settings is not None else EngineOptions(),
            on_exit=self._engine_exited.emit,
        )
        self._engine_exited.connect(self._on_engine_exited)
        self._control = ControlClient(self)
        self._control.connected.connect(self._on_control_open)
        self._control.disconnected.connect(self._on_control_lost)
        self._control.engine_event.connect(self._on_event)
        self._ready = False
        self._down = True
        self._closed = False
        self._ready_since = 0.0
        self._restarts = 0
        self._restart_when_idle = False
        self._call: _Call | None = None
        self._offer: _Offer | None = None
        self._done: deque[str] = deque(maxlen=64)
        self._engine_muted = False
        self._mute_sent = False
        self._restart = QTimer(self)
        self._restart.setSingleShot(True)
        self._restart.timeout.connect(self.start)
        self._no_answer = QTimer(self)
        self._no_answer.setSingleShot(True)
        self._no_answer.timeout.connect(self._on_no_answer)
        self._grace = QTimer(self)
        self._grace.setSingleShot(True)
        self._grace.timeout.connect(self._on_hangup_unreported)
        if autostart:
            self.start()

    def _pid(self) -> int:
        return self.engine.pid or 0

    @property
    def has_account(self) -> bool:
        """A SIP account is set up (without one the line waits for :meth:`apply_settings`)."""
        return self._settings is not None

    @property
    def settings(self) -> SipSettings:
        """The account in use.

        Raises:
            LineBusyError: None is set up yet.
        """
        if self._settings is None:
            raise LineBusyError(NO_ACCOUNT)
        return self._settings

    @property
    def ready(self) -> bool:
        """The engine runs and holds the account: calls can be placed."""
        return self._ready

    # -- the engine ------------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        """Start the engine (again); the account is added once the control socket opens."""
        if self._closed or self.engine.running or self._settings is None:
            return
        self._ready = False
        self.registered = False
        try:
            self.engine.start()
        except EngineError as exc:
            self._set_health(False, str(exc))  # not installed: a restart would not help
            return
        self._down = False
        self._control.connect_to(self.engine.ctrl_port, START_TIMEOUT_S)

    @Slot()
    def _on_control_open(self) -> None:
        try:
            account = self.settings.account_line(self._password)
        except ValueError as exc:
            self._set_health(False, str(exc))
            return
        # Added only now, so the registration's events reach us.
        self._control.command("uanew", account, self._on_account_added)

    def _on_account_added(self, response: Response) -> None:
        if not response.ok:
            self._set_health(False, f"the SIP engine refused the account: {response.data}")
            return
        missing = self.engine.missing_audio
        if missing:  # a call could not open the headset: say so now, not at the first call
            self._set_health(False, audio_missing(missing))
            return
        self._ready = True
        self._ready_since = time.monotonic()
        if not self.settings.register:
            self._set_health(True, f"ready to call {self.settings.hostport} directly")

    @Slot(str)
    def _on_control_lost(self, why: str) -> None:
        # A dead engine closes its socket a moment before the process is reaped: a short
        # wait (only on this rare path) names the death rather than the socket.
        code = self.engine.exit_code(DEATH_WAIT_S)
        if code is not None:
            why = f"the SIP engine stopped (exit code {code}): {self.engine.log_tail()}"
        self._lost(why)

    @Slot(int, int, str)
    def _on_engine_exited(self, pid: int, code: int, tail: str) -> None:
        if pid == self._pid():
            self._lost(f"the SIP engine stopped (exit code {code}): {tail}")

    def _lost(self, why: str) -> None:
        """The engine died or cannot be reached: end the call, tell the rep, restart."""
        if self._down or self._closed:
            return
        self._down = True
        self._ready = False
        self.registered = False
        ran = time.monotonic() - self._ready_since if self._ready_since else 0.0
        self._ready_since = 0.0
        self._control.close()
        self.engine.stop()  # kills what is left and removes the config folder
        self._end_everything(why)
        self._set_health(False, why, retrying=True)
        if ran >= STABLE_S:
            self._restarts = 0
        self._schedule_restart()

    def _schedule_restart(self) -> None:
        delay = RESTART_DELAYS_MS[min(self._restarts, len(RESTART_DELAYS_MS) - 1)]
        self._restarts += 1
        log.info("restarting the SIP engine in %d ms", delay)
        self._restart.start(delay)

    def _restart_engine(self, why: str) -> None:
        """Restart a live engine (registration lapsed), once no call is on it."""
        if self._call is not None:
            self._restart_when_idle = True
            return
        self._restart_when_idle = False
        self._lost(why)

    def apply_settings(self, settings: SipSettings, password: str | None) -> None:
        """Use another account or devices: the engine restarts now, or after the live call."""
        self._settings = settings
        self._password = password
        self.engine.options = settings.engine_options()
        if self._closed:
            return
        if self._down:  # not running (no account, or a restart is waiting): start now
            self._restart.stop()
            self._restarts = 0
            self._set_health(False, "starting the SIP engine", starting=True)
            self.start()
            return
        self._restart_engine("the SIP settings changed: restarting the line")

    def _end_everything(self, why: str) -> None:
        if self._call is not None:
            self._end(self._call, EndReason.FAILED, why)
        if self._offer is not None:
            self._offer = None
            self.incoming_ended.emit(why)

    def _set_health(
        self, ok: bool, detail: str, *, starting: bool = False, retrying: bool = False
    ) -> None:
        health = LineHealth(ok, detail, starting, retrying)
        if health == self.current_health:
            return
        self.current_health = health
        (log.info if ok else log.warning)("SIP line %s: %s", "up" if ok else "down", detail)
        self.health.emit(health)

    def close(self) -> None:
        """End any call, stop the engine (``quit``, then kill) and stay stopped."""
        if self._closed:
            return
        self._restart.stop()
        self._no_answer.stop()
        self._grace.stop()
        call = self._call
        if call is not None:
            if self._control.is_connected:
                self._control.command("hangup")
            reason = EndReason.AGENT_HANGUP if call.answered else EndReason.CANCELLED
            self._end(call, reason, "the desk closed the line")
        self._closed = True
        self._offer = None
        control = self._control
        if control.is_connected:
            self.engine.stop(lambda: control.command("quit"))
        else:
            self.engine.stop()
        control.close()
        self._ready = False

    # -- engine events ---------------------------------------------------------------------------

    @Slot(object)
    def _on_event(self, event: EngineEvent) -> None:
        kind = event.kind
        if kind == "REGISTER_OK":
            self.registered = True
            self._set_health(True, f"registered as {self.settings.user}@{self.settings.hostport}")
        elif kind == "REGISTER_FAIL":
            self._on_register_failed(event.param)
        elif kind == "CALL_INCOMING":
            self._on_incoming(event)
        elif event.event_class == "call" and event.call_id:
            self._on_call_event(event)

    def _on_register_failed(self, param: str) -> None:
        self.registered = False
        self._set_health(False, f"registration failed: {param}")
        code = param.split(" ", 1)[0]
        if code not in ("401", "403", "404", "407"):  # a wrong password needs the rep, not us
            self._restart_engine(f"registration lapsed: {param}")

    def _on_incoming(self, event: EngineEvent) -> None:
        if self._call is not None or self._offer is not None:
            return  # the engine takes one call at a time; it cannot offer a second
        self._offer = _Offer(event.call_id, caller_id(event.peer_uri), self.clock.now())
        self.incoming.emit(self._offer.caller)

    def _on_call_event(self, event: EngineEvent) -> None:
        offer = self._offer
        if offer is not None and event.call_id == offer.id:
            if event.kind == "CALL_CLOSED":
                self._offer = None
                self._done.append(offer.id)
                self.incoming_ended.emit(event.param)
            return
        call = self._call
        if call is None or event.call_id in self._done:
            return
        if not call.id:
            if event.direction and event.direction != call.direction:
                return
            call.id = event.call_id
        if event.call_id != call.id:
            return
        if event.kind in ("CALL_RINGING", "CALL_PROGRESS") and not call.answered:
            call.rang = True
            self._emit(CallEventKind.RINGING)
        elif event.kind == "CALL_ESTABLISHED" and not call.answered:
            call.answered = True
            self._no_answer.stop()
            self._emit(CallEventKind.CONNECTED)
            self._sync_mute()
        elif event.kind == "CALL_CLOSED":
            reason = end_reason(
                event.param,
                answered=call.answered,
                rang=call.rang,
                local=call.local,
                transferring=call.transfer_to is not None,
            )
            detail = f"transferred to {call.transfer_to}" if call.transfer_to else event.param
            self._end(call, reason, detail)
        elif event.kind == "CALL_TRANSFER_FAILED":
            log.warning("transfer failed: %s", event.param)
            call.transfer_to = None

    def _end(self, call: _Call, reason: EndReason, detail: str) -> None:
        if call is not self._call:
            return
        self._call = None
        if call.id:
            self._done.append(call.id)
        self._no_answer.stop()
        self._grace.stop()
        self._engine_muted = False
        self._mute_sent = False
        self._emit(CallEventKind.ENDED, reason, detail)
        if self._restart_when_idle and not self._closed:
            self._restart_engine("registration lapsed")

    # -- commands --------------------------------------------------------------------------------

    def _require_ready(self) -> None:
        if not self._ready:
            raise LineBusyError(f"the SIP line is not ready: {self.current_health.detail}")

    def _dial(self, number: str) -> None:
        self._require_ready()
        if self._offer is not None:
            raise LineBusyError("a call is coming in: answer or reject it first")
        try:
            uri = self.settings.dial_uri(number)
        except ValueError as exc:
            raise LineBusyError(str(exc)) from None
        call = _Call("outgoing")
        self._call = call
        self._emit(CallEventKind.DIALING, detail=self.settings.hostport)
        self._no_answer.start(self.settings.no_answer_s * 1000)
        self._control.command("dial", uri, lambda r: self._on_dial_response(call, r))

    def _on_dial_response(self, call: _Call, response: Response) -> None:
        if not response.ok and call is self._call and not call.id:
            self._end(
                call, EndReason.FAILED, response.data.strip() or "the engine refused the dial"
            )

    @Slot()
    def _on_no_answer(self) -> None:
        call = self._call
        if call is not None and not call.answered:
            call.local = EndReason.NO_ANSWER
            self._send_hangup(call)

    def _hangup(self) -> None:
        call = self._call
        if call is None:
            super()._hangup()
            return
        if call.local is None:
            call.local = EndReason.AGENT_HANGUP if call.answered else EndReason.CANCELLED
        self._send_hangup(call)

    def _send_hangup(self, call: _Call) -> None:
        self._control.command("hangup")
        self._grace.start(HANGUP_GRACE_MS)

    @Slot()
    def _on_hangup_unreported(self) -> None:
        call = self._call
        if call is not None and call.local is not None:
            self._end(call, call.local, "the engine did not report the end of the call")

    def _connected_call(self) -> _Call:
        call = self._call
        if call is None or not call.answered:
            raise LineBusyError("the call is not connected yet")
        return call

    def _hold(self, on: bool) -> None:
        call = self._connected_call()

        def done(response: Response) -> None:
            if call is not self._call:
                return
            if response.ok:
                self._emit(CallEventKind.HELD if on else CallEventKind.RESUMED)
            else:
                log.warning("%s refused: %s", "hold" if on else "resume", response.data)

        self._control.command("hold" if on else "resume", "", done)

    def _mute(self, on: bool) -> None:
        if self._call is not None and self._call.answered:
            self._sync_mute()
        # Before the answer the engine has no call to mute: applied on CONNECTED.

    def _sync_mute(self) -> None:
        """Toggle the engine's mute until it matches ``self.muted``."""
        if self._mute_sent or self.muted == self._engine_muted or self._call is None:
            return
        self._mute_sent = True

        def done(response: Response) -> None:
            self._mute_sent = False
            if not response.ok:
                log.warning("mute refused: %s", response.data)
                return
            self._engine_muted = "un-muted" not in response.data
            self._sync_mute()

        self._control.command("mute", "", done)

    def _send_dtmf(self, digits: str) -> None:
        self._connected_call()
        if not _DTMF.fullmatch(digits):
            raise LineBusyError(f"not tones a phone can send: {digits!r}")
        self._control.command("sndcode", digits.upper())

    def _transfer(self, number: str) -> None:
        call = self._connected_call()
        try:
            uri = self.settings.dial_uri(number)
        except ValueError as exc:
            raise LineBusyError(str(exc)) from None
        call.transfer_to = number

        def done(response: Response) -> None:
            if not response.ok and call is self._call:
                log.warning("transfer refused: %s", response.data)
                call.transfer_to = None

        self._control.command("transfer", uri, done)

    # -- incoming calls --------------------------------------------------------------------------

    @property
    def offered(self) -> str | None:
        """The caller of the call being offered, or None."""
        return self._offer.caller if self._offer is not None else None

    def answer(self) -> None:
        """Take the offered call. Its attempt starts when it came in (DIALING, RINGING).

        Raises:
            LineBusyError: No call is offered, or one is live.
        """
        offer = self._offer
        if offer is None:
            raise LineBusyError("no call is coming in")
        if self.live:
            raise LineBusyError("a call is already live on this line")
        self._offer = None
        self._call = _Call("incoming", id=offer.id, rang=True)
        self.live = True
        self.call_event.emit(CallEvent(CallEventKind.DIALING, offer.at, detail="incoming"))
        self.call_event.emit(CallEvent(CallEventKind.RINGING, offer.at))
        self._control.command("accept")

    def reject(self) -> None:
        """Turn the offered call away (the caller hears busy)."""
        offer = self._offer
        if offer is None:
            return
        self._offer = None
        self._done.append(offer.id)
        self._control.command("hangup")
        self.incoming_ended.emit("rejected")
