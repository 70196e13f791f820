"""What the SIP engine's words mean for the desk: close reasons as end reasons, callers
as numbers. Pure functions, checked against what baresip 1.0 really says (see the SIPp
tests)."""

from __future__ import annotations

import re

from agent_desk.domain.call_state import EndReason

_SIP_USER = re.compile(r"sips?:([^@;>\s]+)@")
_NUMBER = re.compile(r"\+?[0-9]{3,}")


def audio_missing(modules: list[str]) -> str:
    return (
        f"the SIP engine's audio module {', '.join(modules)} is not installed: "
        "install it or choose another microphone and speaker"
    )


def caller_id(uri: str) -> str:
    """The caller's number from a SIP URI (``sip:+861380…@host``), else the URI itself."""
    found = _SIP_USER.search(uri)
    if found and _NUMBER.fullmatch(found.group(1)):
        return found.group(1)
    return uri


def end_reason(
    param: str,
    *,
    answered: bool,
    rang: bool,
    local: EndReason | None = None,
    transferring: bool = False,
) -> EndReason:
    """What a ``CALL_CLOSED`` means for the wrap-up.

    Args:
        param: The event's text: a SIP status (``486 Busy Here``) or an error.
        answered: The call was connected.
        rang: The far end reported ringing.
        local: Why the desk hung up, if it did (agent, no-answer timer).
        transferring: A transfer was accepted for this call.
    """
    text = param.strip()
    code = text.split(" ", 1)[0] if text[:3].isdigit() else ""
    lowered = text.lower()
    if transferring:
        return EndReason.TRANSFERRED
    if "reset by user" in lowered:  # our own hangup or CANCEL
        if local is not None:
            return local
        return EndReason.AGENT_HANGUP if answered else EndReason.CANCELLED
    if "reset by peer" in lowered:  # a BYE from the far end
        return EndReason.CUSTOMER_HANGUP if answered else EndReason.REJECTED
    if code in ("486", "600"):
        return EndReason.BUSY
    if code in ("408", "480", "487") or "no answer" in lowered:
        return EndReason.NO_ANSWER
    if code in ("403", "603", "606"):
        return EndReason.REJECTED
    if code in ("404", "484", "604"):
        return EndReason.INVALID_NUMBER
    if "timed out" in lowered and rang:
        return EndReason.NO_ANSWER
    return EndReason.FAILED
