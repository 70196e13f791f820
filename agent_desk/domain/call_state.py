"""The state machine of one call attempt, whatever line backend reports the events.

Line backends (simulated, SIP, ``tel:`` hand-off) only report events; this machine
decides what they mean: when the call was answered, how long the customer talked, and
that a wrap-up is due. Every attempt that ends needs a wrap-up, answered or not.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = [
    "CallDirection",
    "CallEvent",
    "CallEventKind",
    "CallSession",
    "CallState",
    "CallStateError",
    "EndReason",
    "LeadId",
]

LeadId = int | str | uuid.UUID


class CallDirection(enum.StrEnum):
    """Who placed the call, and the one rule of what each kind counts for.

    * ``OUT``: the desk called the customer. That is a dial: it counts in the dials
      (the figures, the team rollups, the end-of-shift summary) and it is an attempt on
      its lead (the lead's attempts, its last attempt and the minimum gap before the next).
    * ``IN``: the customer called the desk. It is not a dial and not an attempt: it is
      counted as an inbound call, and the lead's attempts, last attempt and minimum-gap
      timer stay as they were; only its outcome's own consequences (do not call, a
      callback, a final outcome) move the lead. Its talk time counts, and its wrap-up
      counts like any other: a contact outcome is a contact, a sale a sale.

    Stored as ``call_records.direction`` (``'out'``/``'in'``); migration 0007 counts the
    team rollups by the same rule in SQL.
    """

    OUT = "out"
    IN = "in"

    @classmethod
    def of(cls, value: str | None) -> CallDirection:
        """A stored direction; a record without one is a dial (older records)."""
        return cls(value) if value else cls.OUT

    @property
    def is_dial(self) -> bool:
        """A dial, and an attempt on its lead: outbound calls only."""
        return self is CallDirection.OUT


class CallState(enum.StrEnum):
    """Where the attempt is."""

    IDLE = "idle"
    DIALING = "dialing"
    RINGING = "ringing"
    CONNECTED = "connected"
    HELD = "held"
    ENDED = "ended"


class EndReason(enum.StrEnum):
    """Why the attempt ended."""

    AGENT_HANGUP = "agent_hangup"
    CUSTOMER_HANGUP = "customer_hangup"
    BUSY = "busy"
    NO_ANSWER = "no_answer"
    REJECTED = "rejected"
    FAILED = "failed"  # network or engine failure
    CANCELLED = "cancelled"  # the agent hung up before the customer answered
    INVALID_NUMBER = "invalid_number"
    TRANSFERRED = "transferred"


class CallEventKind(enum.StrEnum):
    """What a line backend reports."""

    DIALING = "dialing"
    RINGING = "ringing"
    CONNECTED = "connected"
    HELD = "held"
    RESUMED = "resumed"
    ENDED = "ended"


@dataclass(frozen=True)
class CallEvent:
    """One report from the line. ENDED carries a reason; other kinds carry none."""

    kind: CallEventKind
    at: datetime
    reason: EndReason | None = None
    detail: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.at, datetime) or self.at.utcoffset() is None:
            raise ValueError(f"call event time must be timezone-aware, got {self.at!r}")
        if (self.kind is CallEventKind.ENDED) != (self.reason is not None):
            raise ValueError(f"{self.kind} event: an end reason goes with ENDED and only ENDED")


class CallStateError(RuntimeError):
    """An event that is not legal in the current state; the session is unchanged.

    Attributes:
        state: The session's state when the event arrived.
        event: The refused event.
    """

    def __init__(self, state: CallState, event: CallEvent) -> None:
        self.state = state
        self.event = event
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """English description for logs."""
        return f"call event {self.event.kind} is not allowed in state {self.state}"


_Kind = CallEventKind
_State = CallState
# (state, event) -> next state. Pairs mapping a state to itself are repeats of the
# same news (a second RINGING only counts a ring, a re-sent ENDED changes nothing).
_TRANSITIONS: dict[tuple[CallState, CallEventKind], CallState] = {
    (_State.IDLE, _Kind.DIALING): _State.DIALING,
    (_State.DIALING, _Kind.DIALING): _State.DIALING,
    (_State.DIALING, _Kind.RINGING): _State.RINGING,
    (_State.DIALING, _Kind.CONNECTED): _State.CONNECTED,  # some lines never report ringing
    (_State.DIALING, _Kind.ENDED): _State.ENDED,
    (_State.RINGING, _Kind.RINGING): _State.RINGING,
    (_State.RINGING, _Kind.CONNECTED): _State.CONNECTED,
    (_State.RINGING, _Kind.ENDED): _State.ENDED,
    (_State.CONNECTED, _Kind.CONNECTED): _State.CONNECTED,
    (_State.CONNECTED, _Kind.RESUMED): _State.CONNECTED,
    (_State.CONNECTED, _Kind.HELD): _State.HELD,
    (_State.CONNECTED, _Kind.ENDED): _State.ENDED,
    (_State.HELD, _Kind.HELD): _State.HELD,
    (_State.HELD, _Kind.RESUMED): _State.CONNECTED,
    (_State.HELD, _Kind.ENDED): _State.ENDED,
    (_State.ENDED, _Kind.ENDED): _State.ENDED,
}
_LIVE = frozenset({_State.DIALING, _State.RINGING, _State.CONNECTED, _State.HELD})


def _seconds(start: datetime | None, end: datetime | None) -> int:
    """Whole seconds from start to end; 0 when either is missing or clocks disagree."""
    if start is None or end is None:
        return 0
    return max(int((end - start).total_seconds()), 0)


class CallSession:
    """One call attempt to one lead, from dial to wrap-up.

    Attributes:
        lead_id: The lead called.
        phone: The number dialled (E.164).
        call_id: Client-made UUID; the key that makes the record's sync idempotent.
        state: Current state.
        started_at: When dialling started.
        answered_at: When the customer answered, or None.
        ended_at: When the attempt ended, or None.
        ring_count: RINGING events (and `ring` ticks) seen.
        end_reason: Why it ended, or None while live.
        events: Every accepted event, in order (repeats included), for the record.
    """

    def __init__(self, lead_id: LeadId, phone: str, call_id: uuid.UUID | None = None) -> None:
        self.lead_id = lead_id
        self.phone = phone
        self.call_id = call_id if call_id is not None else uuid.uuid4()
        self.state = CallState.IDLE
        self.started_at: datetime | None = None
        self.answered_at: datetime | None = None
        self.ended_at: datetime | None = None
        self.ring_count = 0
        self.end_reason: EndReason | None = None
        self.events: list[CallEvent] = []
        self._rang_at: datetime | None = None
        self._held_since: datetime | None = None
        self._held = timedelta(0)

    def __repr__(self) -> str:
        return f"CallSession(call_id={self.call_id}, state={self.state})"

    def apply(self, event: CallEvent) -> CallState:
        """Apply a line event and return the new state.

        Raises:
            CallStateError: The event is not legal in the current state; nothing changes.
        """
        new = _TRANSITIONS.get((self.state, event.kind))
        if new is None:
            raise CallStateError(self.state, event)
        repeat = new is self.state
        self.events.append(event)
        if event.kind is CallEventKind.RINGING:
            self.ring_count += 1
            self._rang_at = self._rang_at or event.at
        if repeat:
            return self.state
        if new is CallState.DIALING:
            self.started_at = event.at
        elif new is CallState.CONNECTED and self.answered_at is None:
            self.answered_at = event.at
        if new is CallState.HELD:
            self._held_since = event.at
        elif self._held_since is not None:  # resumed, or ended while on hold
            self._held += max(event.at - self._held_since, timedelta(0))
            self._held_since = None
        if new is CallState.ENDED:
            self.ended_at = event.at
            self.end_reason = event.reason
        self.state = new
        return new

    def ring(self) -> bool:
        """Count one ring for lines that report ringing once and then tick.

        Returns:
            True if counted; False outside RINGING (a late tick is harmless).
        """
        if self.state is not CallState.RINGING:
            return False
        self.ring_count += 1
        return True

    def talk_seconds(self, now: datetime) -> int:
        """Seconds since the answer, up to the end or `now` (hold time included)."""
        if self.answered_at is None:
            return 0
        return _seconds(self.answered_at, self.ended_at or now)

    @property
    def ring_seconds(self) -> int:
        """Seconds from the first ring to the answer or the end; 0 while still ringing."""
        return _seconds(self._rang_at, self.answered_at or self.ended_at)

    @property
    def held_seconds(self) -> int:
        """Seconds spent on completed holds (a hold in progress counts once it ends)."""
        return int(self._held.total_seconds())

    @property
    def answered(self) -> bool:
        """The customer picked up."""
        return self.answered_at is not None

    @property
    def wrapup_due(self) -> bool:
        """True once the attempt has ended: every attempt gets a wrap-up."""
        return self.state is CallState.ENDED

    @property
    def is_live(self) -> bool:
        """Dialling, ringing, connected or on hold."""
        return self.state in _LIVE
