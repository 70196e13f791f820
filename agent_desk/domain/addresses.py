"""Server addresses as people type them: ``host``, ``host:port``, ``[v6]:port``, bare IPv6."""

from __future__ import annotations


def split_host_port(text: str) -> tuple[str, int | None]:
    """``db.example.com:5433`` → ("db.example.com", 5433); ``[::1]:5433`` and bare IPv6
    (whose colons are not a port) too; no port → None (the caller's default).

    Raises:
        ValueError: No host, or a port that is not a number from 1 to 65535.
    """
    text = text.strip()
    port_text = ""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port_text = rest.removeprefix(":")
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    else:  # a bare name, or a bare IPv6 address
        host = text
    host = host.strip()
    if not host:
        raise ValueError("no server host given")
    if not port_text:
        return host, None
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise ValueError(f"the port must be a number from 1 to 65535: {port_text!r}")
    return host, int(port_text)
