"""The engine's close reasons and caller addresses, as the wrap-up and the offer see them."""

from __future__ import annotations

import pytest

from agent_desk.domain.call_state import EndReason as R
from agent_desk.telephony.sip_events import caller_id, end_reason


@pytest.mark.parametrize(
    ("param", "answered", "rang", "local", "expected"),
    [
        ("486 Busy Here", False, False, None, R.BUSY),
        ("600 Busy Everywhere", False, True, None, R.BUSY),
        ("603 Decline", False, True, None, R.REJECTED),
        ("404 Not Found", False, False, None, R.INVALID_NUMBER),
        ("480 Temporarily Unavailable", False, True, None, R.NO_ANSWER),
        ("Connection reset by peer", True, True, None, R.CUSTOMER_HANGUP),
        ("Connection reset by peer", False, True, None, R.REJECTED),
        ("Connection reset by user", True, True, None, R.AGENT_HANGUP),
        ("Connection reset by user", False, True, None, R.CANCELLED),
        ("Connection reset by user", False, True, R.NO_ANSWER, R.NO_ANSWER),
        ("Connection timed out", False, True, None, R.NO_ANSWER),
        ("Connection timed out", False, False, None, R.FAILED),
        ("Connection refused", False, False, None, R.FAILED),
        ("500 Server Internal Error", False, False, None, R.FAILED),
    ],
)
def test_close_reasons(
    param: str, answered: bool, rang: bool, local: R | None, expected: R
) -> None:
    assert end_reason(param, answered=answered, rang=rang, local=local) is expected


def test_a_transfer_wins_over_the_close_text() -> None:
    closed = end_reason("Connection reset by user", answered=True, rang=True, transferring=True)
    assert closed is R.TRANSFERRED


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("sip:+8613800000005@127.0.0.1:5070", "+8613800000005"),
        ("<sips:13800000005@pbx.example.com;user=phone>", "13800000005"),
        ("sip:anonymous@anonymous.invalid", "sip:anonymous@anonymous.invalid"),
        ("sip:12@pbx", "sip:12@pbx"),  # too short for a phone number
    ],
)
def test_caller_id(uri: str, expected: str) -> None:
    assert caller_id(uri) == expected
