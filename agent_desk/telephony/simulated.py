"""The simulated line: customers played by personas, for the demo, training and tests.

Nothing leaves the desk. Which persona answers a number is decided by the seed and the
number, so a seeded line behaves the same on every run; tests can also plan a persona
for a given number.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from PySide6.QtCore import QObject, QTimer

from agent_desk.clock import Clock
from agent_desk.domain.call_state import CallEvent, CallEventKind, EndReason
from agent_desk.telephony.line import Capability, Line, LineBusyError


class Behaviour(StrEnum):
    ANSWER = "answer"
    BUSY = "busy"
    NO_ANSWER = "no_answer"
    REJECT = "reject"
    INVALID = "invalid"


@dataclass(frozen=True)
class Persona:
    """How a simulated customer behaves on the phone.

    Attributes:
        rings: Rings before answering (or, for NO_ANSWER, before the network gives up).
        hangs_up_after_s: Talk seconds after which the customer hangs up; None: never.
        lines: What the customer says, one line every few seconds (training prompts).
    """

    name: str
    behaviour: Behaviour
    rings: int = 2
    hangs_up_after_s: float | None = None
    lines: tuple[str, ...] = ()


# Training prompts are content, not UI: they are the customer's words in the campaign's
# language, like a script, so they are not run through Qt translation.
DEFAULT_PERSONAS: tuple[Persona, ...] = (
    Persona(
        "friendly",
        Behaviour.ANSWER,
        rings=2,
        lines=(
            "Hello, who is this?",
            "Oh, okay. What is it about?",
            "That sounds interesting. How much does it cost?",
        ),
    ),
    Persona("busy", Behaviour.BUSY, rings=0),
    Persona("no-answer", Behaviour.NO_ANSWER, rings=6),
    Persona(
        "price-objection",
        Behaviour.ANSWER,
        rings=3,
        lines=("Yes?", "It's too expensive for us.", "What discount can you offer?"),
    ),
    Persona(
        "hang-up",
        Behaviour.ANSWER,
        rings=1,
        hangs_up_after_s=20,
        lines=("I'm in a meeting.", "Call me later."),
    ),
    Persona(
        "not-interested",
        Behaviour.ANSWER,
        rings=4,
        lines=("Who gave you my number?", "I'm not interested, thank you."),
    ),
)

TRAINING_PERSONAS_ZH: tuple[Persona, ...] = (
    Persona(
        "友好客户",
        Behaviour.ANSWER,
        rings=2,
        lines=("喂,哪位?", "哦,是什么事情?", "听起来不错,价格怎么样?"),
    ),
    Persona("占线", Behaviour.BUSY, rings=0),
    Persona("无人接听", Behaviour.NO_ANSWER, rings=6),
    Persona(
        "嫌贵",
        Behaviour.ANSWER,
        rings=3,
        lines=("你好。", "太贵了,我们现在用的便宜多了。", "有没有优惠?"),
    ),
    Persona(
        "在开会",
        Behaviour.ANSWER,
        rings=1,
        hangs_up_after_s=20,
        lines=("我在开会。", "晚点再打给我吧。"),
    ),
    Persona("没兴趣", Behaviour.ANSWER, rings=4, lines=("你怎么有我电话的?", "不需要,谢谢。")),
)


def persona_for(number: str, seed: int, personas: Sequence[Persona]) -> Persona:
    """The persona a seeded line gives a number (stable across runs and machines)."""
    digest = hashlib.sha256(f"{seed}:{number}".encode()).digest()
    return personas[int.from_bytes(digest[:4], "big") % len(personas)]


class SimulatedLine(Line):
    """A line whose customers are personas. Times are scaled by ``ring_interval_s``."""

    backend_name = "simulated"
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
        *,
        seed: int = 1,
        ring_interval_s: float = 2.0,
        line_interval_s: float = 6.0,
        personas: Sequence[Persona] = DEFAULT_PERSONAS,
        plan: Mapping[str, Persona] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(clock, parent)
        self.seed = seed
        self.ring_interval_ms = max(1, int(ring_interval_s * 1000))
        self.line_interval_ms = max(1, int(line_interval_s * 1000))
        self.personas = tuple(personas)
        self.plan: dict[str, Persona] = dict(plan or {})
        self.dtmf_sent: list[str] = []
        self.transferred_to: str | None = None
        self._persona: Persona | None = None
        self._offered: tuple[Persona, datetime] | None = None  # a customer calling in
        self._rings = 0
        self._connected = False
        self._said = 0
        self._ticker = QTimer(self)
        self._ticker.timeout.connect(self._tick)
        self._talk = QTimer(self)
        self._talk.timeout.connect(self._speak)
        self._hangup_timer = QTimer(self)
        self._hangup_timer.setSingleShot(True)
        self._hangup_timer.timeout.connect(self._customer_hangs_up)

    def persona(self, number: str) -> Persona:
        return self.plan.get(number) or persona_for(number, self.seed, self.personas)

    def _dial(self, number: str) -> None:
        self._persona = self.persona(number)
        self._rings = 0
        self._connected = False
        self._said = 0
        self._emit(CallEventKind.DIALING, detail=self._persona.name)
        self._ticker.start(self.ring_interval_ms)

    def ring_in(self, caller: str, persona: Persona | None = None) -> None:
        """A customer calls the desk (training and tests): offered until the rep answers
        or rejects it. Answered, the persona talks as on a dialled call."""
        if self.live or self._offered is not None:
            raise LineBusyError("the simulated line is busy")
        self._offered = (persona or self.persona(caller), self.clock.now())
        self.incoming.emit(caller)

    def answer(self) -> None:
        offered = self._offered
        if offered is None:
            raise LineBusyError("no call is coming in")
        if self.live:
            raise LineBusyError("a call is already live on this line")
        self._offered = None
        persona, at = offered
        self._persona, self._rings, self._said = persona, 1, 0
        self.live = True
        self.call_event.emit(CallEvent(CallEventKind.DIALING, at, detail="incoming"))
        self.call_event.emit(CallEvent(CallEventKind.RINGING, at))
        self._answer(persona)

    def reject(self) -> None:
        if self._offered is not None:
            self._offered = None
            self.incoming_ended.emit("rejected")

    def _tick(self) -> None:
        persona = self._persona
        if persona is None:
            self._ticker.stop()
            return
        behaviour = persona.behaviour
        if behaviour is Behaviour.INVALID:
            self._end(EndReason.INVALID_NUMBER)
        elif behaviour is Behaviour.BUSY:
            self._end(EndReason.BUSY, "486 Busy Here")
        elif self._rings < persona.rings:
            self._rings += 1
            self._emit(CallEventKind.RINGING)
        elif behaviour is Behaviour.ANSWER:
            self._answer(persona)
        elif behaviour is Behaviour.REJECT:
            self._end(EndReason.REJECTED, "603 Decline")
        else:
            self._end(EndReason.NO_ANSWER, "480 Temporarily Unavailable")

    def _answer(self, persona: Persona) -> None:
        self._ticker.stop()
        self._connected = True
        self._emit(CallEventKind.CONNECTED)
        if persona.lines:
            self._speak()
            self._talk.start(self.line_interval_ms)
        if persona.hangs_up_after_s is not None:
            scale = self.ring_interval_ms / 2000  # personas are written for 2 s rings
            self._hangup_timer.start(max(1, int(persona.hangs_up_after_s * 1000 * scale)))

    def _speak(self) -> None:
        persona = self._persona
        if persona is None or self._said >= len(persona.lines):
            self._talk.stop()
            return
        self.customer_said.emit(persona.lines[self._said])
        self._said += 1

    def _customer_hangs_up(self) -> None:
        if self.live and self._connected:
            self._end(EndReason.CUSTOMER_HANGUP, "BYE from customer")

    def _end(self, reason: EndReason, detail: str = "") -> None:
        for timer in (self._ticker, self._talk, self._hangup_timer):
            timer.stop()
        self._persona = None
        self._emit(CallEventKind.ENDED, reason, detail)

    def _hangup(self) -> None:
        self._end(EndReason.AGENT_HANGUP if self._connected else EndReason.CANCELLED)

    def _hold(self, on: bool) -> None:
        if self._connected:
            self._emit(CallEventKind.HELD if on else CallEventKind.RESUMED)

    def _mute(self, on: bool) -> None:
        """Nothing to do: the simulated customer cannot hear the rep anyway."""

    def _send_dtmf(self, digits: str) -> None:
        self.dtmf_sent.append(digits)

    def _transfer(self, number: str) -> None:
        self.transferred_to = number
        self._end(EndReason.TRANSFERRED, f"transferred to {number}")
