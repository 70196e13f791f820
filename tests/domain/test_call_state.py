"""The call state machine."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_desk.domain.call_state import (
    CallEvent,
    CallEventKind,
    CallSession,
    CallState,
    CallStateError,
    EndReason,
)

T0 = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)
K = CallEventKind
S = CallState


def ev(kind: CallEventKind, seconds: float, reason: EndReason | None = None) -> CallEvent:
    return CallEvent(kind, T0 + timedelta(seconds=seconds), reason)


def session() -> CallSession:
    return CallSession(lead_id=42, phone="+8613812345678")


def run(*events: CallEvent) -> CallSession:
    s = session()
    for e in events:
        s.apply(e)
    return s


def test_new_session() -> None:
    s = session()
    assert s.state is S.IDLE
    assert isinstance(s.call_id, uuid.UUID) and s.call_id.version == 4
    assert session().call_id != s.call_id
    assert not s.is_live and not s.wrapup_due and not s.answered
    assert s.talk_seconds(T0) == 0
    given_id = uuid.uuid4()
    assert CallSession("lead-1", "+1", call_id=given_id).call_id == given_id


def test_answered_call_lifecycle() -> None:
    s = session()
    assert s.apply(ev(K.DIALING, 0)) is S.DIALING
    assert s.is_live and s.started_at == T0
    assert s.apply(ev(K.RINGING, 2)) is S.RINGING
    assert s.apply(ev(K.RINGING, 5)) is S.RINGING  # repeat: only counts a ring
    assert s.ring()  # a tick from a line that reports ringing once
    assert s.ring_count == 3
    assert s.apply(ev(K.CONNECTED, 12)) is S.CONNECTED
    assert s.answered and s.answered_at == T0 + timedelta(seconds=12)
    assert s.talk_seconds(T0 + timedelta(seconds=42)) == 30
    assert s.apply(ev(K.HELD, 20)) is S.HELD
    assert s.is_live
    assert s.apply(ev(K.RESUMED, 50)) is S.CONNECTED
    assert s.held_seconds == 30
    assert not s.wrapup_due
    assert s.apply(ev(K.ENDED, 112, EndReason.CUSTOMER_HANGUP)) is S.ENDED
    assert s.wrapup_due and not s.is_live
    assert s.end_reason is EndReason.CUSTOMER_HANGUP
    assert s.ended_at == T0 + timedelta(seconds=112)
    assert s.talk_seconds(T0 + timedelta(days=1)) == 100  # hold included, stops at the end
    assert s.ring_seconds == 10
    assert not s.ring()  # late tick: ignored
    assert s.ring_count == 3
    assert len(s.events) == 7


def test_connected_straight_from_dialing() -> None:
    s = run(ev(K.DIALING, 0), ev(K.CONNECTED, 3), ev(K.ENDED, 63, EndReason.AGENT_HANGUP))
    assert s.ring_count == 0 and s.ring_seconds == 0
    assert s.talk_seconds(T0 + timedelta(hours=1)) == 60


@pytest.mark.parametrize(
    "reason", [EndReason.NO_ANSWER, EndReason.BUSY, EndReason.REJECTED, EndReason.CANCELLED]
)
def test_unanswered_attempt_still_needs_wrapup(reason: EndReason) -> None:
    s = run(ev(K.DIALING, 0), ev(K.RINGING, 1), ev(K.ENDED, 31, reason))
    assert s.state is S.ENDED and s.wrapup_due
    assert not s.answered and s.talk_seconds(T0 + timedelta(minutes=5)) == 0
    assert s.ring_seconds == 30
    assert s.end_reason is reason


def test_failure_while_dialing() -> None:
    s = run(ev(K.DIALING, 0), ev(K.ENDED, 1, EndReason.INVALID_NUMBER))
    assert s.wrapup_due and s.end_reason is EndReason.INVALID_NUMBER


def test_end_while_held_closes_the_hold() -> None:
    s = run(
        ev(K.DIALING, 0), ev(K.CONNECTED, 1), ev(K.HELD, 10), ev(K.ENDED, 25, EndReason.TRANSFERRED)
    )
    assert s.held_seconds == 15


def test_duplicates_are_idempotent() -> None:
    s = run(
        ev(K.DIALING, 0),
        ev(K.DIALING, 1),
        ev(K.RINGING, 2),
        ev(K.CONNECTED, 4),
        ev(K.CONNECTED, 6),
        ev(K.RESUMED, 7),
        ev(K.HELD, 8),
        ev(K.HELD, 9),
        ev(K.RESUMED, 10),
        ev(K.ENDED, 20, EndReason.AGENT_HANGUP),
        ev(K.ENDED, 21, EndReason.FAILED),
    )
    assert s.started_at == T0
    assert s.answered_at == T0 + timedelta(seconds=4)
    assert s.held_seconds == 2
    assert s.ended_at == T0 + timedelta(seconds=20)
    assert s.end_reason is EndReason.AGENT_HANGUP  # the first report wins
    assert s.ring_count == 1


ILLEGAL = [
    ((), K.RINGING),
    ((), K.CONNECTED),
    ((), K.HELD),
    ((), K.RESUMED),
    ((), K.ENDED),
    ((K.DIALING,), K.HELD),
    ((K.DIALING,), K.RESUMED),
    ((K.DIALING, K.RINGING), K.DIALING),
    ((K.DIALING, K.RINGING), K.HELD),
    ((K.DIALING, K.CONNECTED), K.RINGING),
    ((K.DIALING, K.CONNECTED), K.DIALING),
    ((K.DIALING, K.CONNECTED, K.HELD), K.CONNECTED),
    ((K.DIALING, K.CONNECTED, K.HELD), K.RINGING),
    ((K.DIALING, K.ENDED), K.DIALING),
    ((K.DIALING, K.ENDED), K.RINGING),
    ((K.DIALING, K.ENDED), K.CONNECTED),
    ((K.DIALING, K.CONNECTED, K.ENDED), K.HELD),
    ((K.DIALING, K.CONNECTED, K.ENDED), K.RESUMED),
]


def _event(kind: CallEventKind, at: int) -> CallEvent:
    return ev(kind, at, EndReason.FAILED if kind is K.ENDED else None)


@pytest.mark.parametrize(("before", "kind"), ILLEGAL)
def test_illegal_transitions_raise_and_change_nothing(
    before: tuple[CallEventKind, ...], kind: CallEventKind
) -> None:
    s = run(*(_event(k, i) for i, k in enumerate(before)))
    snapshot = dict(vars(s))
    snapshot["events"] = list(s.events)
    with pytest.raises(CallStateError) as caught:
        s.apply(_event(kind, 100))
    assert caught.value.state is snapshot["state"]
    assert caught.value.event.kind is kind
    assert str(kind) in str(caught.value)
    after = dict(vars(s))
    assert after == snapshot


def test_event_validation() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CallEvent(K.DIALING, datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="reason"):
        CallEvent(K.ENDED, T0)
    with pytest.raises(ValueError, match="reason"):
        CallEvent(K.RINGING, T0, EndReason.BUSY)


def test_clock_going_backwards_never_gives_negative_durations() -> None:
    s = run(
        ev(K.DIALING, 10), ev(K.RINGING, 9), ev(K.CONNECTED, 5), ev(K.HELD, 4), ev(K.RESUMED, 1)
    )
    s.apply(ev(K.ENDED, 0, EndReason.AGENT_HANGUP))
    assert s.talk_seconds(T0) == 0
    assert s.ring_seconds == 0
    assert s.held_seconds == 0


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(st.sampled_from(list(CallEventKind)), st.sampled_from(list(EndReason))),
        max_size=15,
    )
)
def test_random_event_streams(stream: list[tuple[CallEventKind, EndReason]]) -> None:
    s = session()
    for i, (kind, reason) in enumerate(stream):
        state_before = s.state
        try:
            s.apply(ev(kind, i, reason if kind is K.ENDED else None))
        except CallStateError:
            assert s.state is state_before
            continue
        if state_before is S.ENDED:
            assert s.state is S.ENDED  # terminal
    assert s.wrapup_due == (s.state is S.ENDED)
    assert s.is_live == (s.state in {S.DIALING, S.RINGING, S.CONNECTED, S.HELD})
    assert s.ring_count == sum(e.kind is K.RINGING for e in s.events)
    if s.answered:
        assert s.answered_at is not None and s.started_at is not None
    assert s.talk_seconds(T0 + timedelta(hours=1)) >= 0
