"""baresip's control socket (the ``ctrl_tcp`` module): commands in, responses and events out.

The protocol is JSON in netstrings (``LEN:JSON,``) on one TCP stream. A command carries a
token that its response repeats; events carry no token and may arrive *before* the
response to the command that caused them (a ``CALL_CLOSED`` before the ``hangup`` reply),
so callers correlate responses by token and calls by call id, never by order.
Human text (``data``, ``param``) may hold ANSI colour codes; they are removed here.

Two clients share the framing: :class:`ControlClient` lives on the UI thread (a
``QTcpSocket``, so events reach the line in the Qt event loop without blocking it), and
:class:`BlockingControl` is for threads without an event loop ("test my line", the bench).
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import socket
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtNetwork import QAbstractSocket, QTcpSocket

log = logging.getLogger(__name__)

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
# baresip echoes an account line back ("Creating UA for <…>;auth_pass=…"): never pass it on.
_PASSWORD = re.compile(r"(auth_pass=)[^;>,\s]*")
# A netstring longer than this is garbage, not a message (baresip's are a few kB).
MAX_MESSAGE = 1 << 20
CONNECT_RETRY_MS = 20


class ProtocolError(ValueError):
    """Bytes on the control socket that are not a netstring of JSON."""


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def encode(command: str, params: str = "", token: str = "") -> bytes:
    """One command as a netstring."""
    body = json.dumps({"command": command, "params": params, "token": token}).encode()
    return b"%d:%s," % (len(body), body)


class NetstringDecoder:
    """Splits a byte stream into JSON objects; keeps partial messages for the next feed."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        """The complete messages in the stream so far.

        Raises:
            ProtocolError: The stream is not netstrings of JSON objects (the buffer is
                dropped: the stream cannot be resynchronised).
        """
        self._buffer += data
        messages: list[dict[str, Any]] = []
        while True:
            colon = self._buffer.find(b":")
            if colon < 0:
                if len(self._buffer) > 10:
                    self._fail("no length prefix")
                return messages
            head = bytes(self._buffer[:colon])
            if not head.isdigit() or int(head) > MAX_MESSAGE:
                self._fail(f"bad length {head[:20]!r}")
            end = colon + 1 + int(head)
            if len(self._buffer) < end + 1:
                return messages
            if self._buffer[end : end + 1] != b",":
                self._fail("missing ',' after a netstring")
            body = bytes(self._buffer[colon + 1 : end])
            del self._buffer[: end + 1]
            try:
                message = json.loads(body)
            except ValueError as exc:
                self._fail(f"not JSON: {exc}")
            if isinstance(message, dict):
                messages.append(message)

    def _fail(self, why: str) -> None:
        self._buffer.clear()
        raise ProtocolError(f"control socket: {why}")


@dataclass(frozen=True)
class Response:
    """baresip's answer to one command; ``data`` is its printed text, ANSI removed."""

    ok: bool
    data: str
    token: str


@dataclass(frozen=True)
class EngineEvent:
    """One event: ``kind`` is baresip's type (``CALL_CLOSED``, ``REGISTER_OK`` …)."""

    kind: str
    event_class: str = ""
    call_id: str = ""
    param: str = ""
    direction: str = ""
    peer_uri: str = ""
    account: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def parse(message: dict[str, Any]) -> Response | EngineEvent | None:
    """A decoded message as a response or an event; None for anything else."""

    def text(key: str) -> str:
        value = message.get(key)
        return _PASSWORD.sub(r"\1***", strip_ansi(value)) if isinstance(value, str) else ""

    if message.get("response"):
        return Response(bool(message.get("ok")), text("data"), text("token"))
    if message.get("event"):
        return EngineEvent(
            text("type"),
            text("class"),
            text("id"),
            text("param"),
            text("direction"),
            text("peeruri"),
            text("accountaor"),
            message,
        )
    return None


ResponseHandler = Callable[[Response], None]


class ControlClient(QObject):
    """The control socket on the UI thread.

    Signals:
        connected(): the socket is open; commands may be sent.
        disconnected(str): the socket closed or could not be opened (why, in English).
        engine_event(EngineEvent): an event from the engine, in arrival order.
    """

    connected = Signal()
    disconnected = Signal(str)
    engine_event = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._socket: QTcpSocket | None = None
        self._decoder = NetstringDecoder()
        self._pending: dict[str, ResponseHandler | None] = {}
        self._tokens = itertools.count(1)
        self._port = 0
        self._deadline = 0.0
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._attempt)
        self._open = False

    @property
    def is_connected(self) -> bool:
        return self._open

    def connect_to(self, port: int, timeout_s: float = 10.0) -> None:
        """Connect to 127.0.0.1:port, retrying while the engine starts to listen."""
        self.close()
        self._port = port
        self._deadline = time.monotonic() + timeout_s
        self._attempt()

    @Slot()
    def _attempt(self) -> None:
        self._drop_socket()
        sock = QTcpSocket(self)
        sock.connected.connect(self._on_connected)
        sock.readyRead.connect(self._on_ready_read)
        sock.errorOccurred.connect(self._on_error)
        sock.disconnected.connect(self._on_disconnected)
        self._socket = sock
        self._decoder = NetstringDecoder()
        sock.connectToHost("127.0.0.1", self._port)

    def command(
        self, name: str, params: str = "", on_response: ResponseHandler | None = None
    ) -> str:
        """Send a command; ``on_response`` gets its response (ok=False if the socket closes).

        Returns:
            The command's token.
        """
        token = f"t{next(self._tokens)}"
        if not self._open or self._socket is None:
            if on_response is not None:
                on_response(Response(False, "the engine's control socket is not open", token))
            return token
        self._pending[token] = on_response
        self._socket.write(encode(name, params, token))
        self._socket.flush()
        return token

    def close(self) -> None:
        """Close without reporting ``disconnected`` (the owner asked for it)."""
        self._retry.stop()
        self._open = False
        self._drop_socket()
        self._fail_pending("the control socket was closed")

    def _drop_socket(self) -> None:
        sock, self._socket = self._socket, None
        if sock is not None:
            for signal in (sock.connected, sock.readyRead, sock.errorOccurred, sock.disconnected):
                signal.disconnect()
            sock.abort()
            sock.deleteLater()

    def _fail_pending(self, why: str) -> None:
        pending, self._pending = self._pending, {}
        for token, handler in pending.items():
            if handler is not None:
                handler(Response(False, why, token))

    @Slot()
    def _on_connected(self) -> None:
        self._open = True
        self.connected.emit()

    @Slot(QAbstractSocket.SocketError)
    def _on_error(self, error: QAbstractSocket.SocketError) -> None:
        if self._open:
            return  # a drop: `disconnected` follows and reports it
        refused = error is QAbstractSocket.SocketError.ConnectionRefusedError
        if refused and time.monotonic() < self._deadline:
            self._retry.start(CONNECT_RETRY_MS)  # the engine is not listening yet
            return
        why = self._socket.errorString() if self._socket is not None else str(error)
        self._drop_socket()
        self.disconnected.emit(f"cannot reach the SIP engine's control port: {why}")

    @Slot()
    def _on_disconnected(self) -> None:
        if not self._open:
            return
        self._open = False
        self._fail_pending("the SIP engine closed its control socket")
        self.disconnected.emit("the SIP engine closed its control socket")

    @Slot()
    def _on_ready_read(self) -> None:
        sock = self._socket
        if sock is None:
            return
        try:
            messages = self._decoder.feed(bytes(sock.readAll().data()))
        except ProtocolError as exc:
            log.error("%s", exc)
            return
        for message in messages:
            parsed = parse(message)
            if isinstance(parsed, Response):
                if parsed.token not in self._pending:
                    log.debug("response to no pending command: %s", parsed)
                    continue
                handler = self._pending.pop(parsed.token)
                if handler is not None:
                    handler(parsed)
            elif isinstance(parsed, EngineEvent):
                self.engine_event.emit(parsed)
            if self._socket is not sock:
                return  # a handler closed or replaced the socket


class BlockingControl:
    """The control socket for a thread without an event loop (blocking, with timeouts)."""

    def __init__(self, port: int, timeout_s: float = 10.0) -> None:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                self._sock = socket.create_connection(("127.0.0.1", port), timeout=timeout_s)
                break
            except ConnectionRefusedError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(CONNECT_RETRY_MS / 1000)  # the engine is not listening yet
        self._decoder = NetstringDecoder()
        self._tokens = itertools.count(1)
        self._events: deque[EngineEvent] = deque()
        self._responses: dict[str, Response] = {}

    def send(self, name: str, params: str = "") -> str:
        token = f"b{next(self._tokens)}"
        self._sock.sendall(encode(name, params, token))
        return token

    def command(self, name: str, params: str = "", timeout_s: float = 10.0) -> Response:
        """Send a command and wait for its response; events seen meanwhile are kept."""
        token = self.send(name, params)
        deadline = time.monotonic() + timeout_s
        while token not in self._responses:
            self._read(deadline)
        return self._responses.pop(token)

    def wait_event(
        self, wanted: Callable[[EngineEvent], bool], timeout_s: float = 10.0
    ) -> EngineEvent:
        """The first event (kept or new) that ``wanted`` accepts; older ones are dropped.

        Raises:
            TimeoutError: None came in time.
        """
        deadline = time.monotonic() + timeout_s
        while True:
            while self._events:
                event = self._events.popleft()
                if wanted(event):
                    return event
            self._read(deadline)

    def _read(self, deadline: float) -> None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the SIP engine did not answer in time")
        self._sock.settimeout(left)
        try:
            data = self._sock.recv(65536)
        except TimeoutError:
            raise TimeoutError("the SIP engine did not answer in time") from None
        if not data:
            raise ConnectionError("the SIP engine closed its control socket")
        for message in self._decoder.feed(data):
            parsed = parse(message)
            if isinstance(parsed, Response):
                self._responses[parsed.token] = parsed
            elif isinstance(parsed, EngineEvent):
                self._events.append(parsed)

    def close(self) -> None:
        self._sock.close()
