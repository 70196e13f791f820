"""Server addresses as typed, for the database login and the SIP account alike."""

from __future__ import annotations

import pytest

from agent_desk.domain.addresses import split_host_port


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" pbx.example.com ", ("pbx.example.com", None)),
        ("pbx.example.com:5080", ("pbx.example.com", 5080)),
        ("[::1]:5061", ("::1", 5061)),
        ("[::1]", ("::1", None)),
        ("fe80::1", ("fe80::1", None)),
    ],
)
def test_split(text: str, expected: tuple[str, int | None]) -> None:
    assert split_host_port(text) == expected


@pytest.mark.parametrize("bad", ["", "  ", ":5060", "host:0", "host:70000", "host:sip"])
def test_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        split_host_port(bad)
