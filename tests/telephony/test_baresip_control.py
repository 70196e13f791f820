"""The control socket's framing and parsing, without an engine."""

from __future__ import annotations

import json

import pytest

from agent_desk.telephony.baresip_control import (
    EngineEvent,
    NetstringDecoder,
    ProtocolError,
    Response,
    encode,
    parse,
)


def netstring(message: dict[str, object]) -> bytes:
    body = json.dumps(message).encode()
    return b"%d:%s," % (len(body), body)


def test_messages_split_anywhere_come_out_whole_and_in_order() -> None:
    stream = netstring({"response": True, "ok": True, "data": "a", "token": "t1"}) + netstring(
        {"event": True, "type": "CALL_CLOSED", "class": "call", "id": "x", "param": "486 Busy"}
    )
    decoder = NetstringDecoder()
    got = []
    for index in range(len(stream)):  # one byte at a time
        got += decoder.feed(stream[index : index + 1])
    assert [m.get("token") or m.get("type") for m in got] == ["t1", "CALL_CLOSED"]


def test_garbage_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError):
        NetstringDecoder().feed(b"9:not json!,")
    with pytest.raises(ProtocolError):
        NetstringDecoder().feed(b"hello world, no length")


def test_a_command_is_one_netstring() -> None:
    [message] = NetstringDecoder().feed(encode("dial", "sip:1@h", "t7"))
    assert message == {"command": "dial", "params": "sip:1@h", "token": "t7"}


def test_parse_strips_colours_and_never_passes_on_a_password() -> None:
    response = parse(
        {
            "response": True,
            "ok": False,
            "token": "t2",
            "data": "\x1b[31mCreating UA for <sip:rep1@h>;regint=300;auth_pass=S3cret;x=1\x1b[;m",
        }
    )
    assert isinstance(response, Response) and not response.ok
    assert response.data == "Creating UA for <sip:rep1@h>;regint=300;auth_pass=***;x=1"
    event = parse({"event": True, "type": "REGISTER_FAIL", "param": "403 Forbidden"})
    assert isinstance(event, EngineEvent) and event.kind == "REGISTER_FAIL"
    assert parse({"something": "else"}) is None
