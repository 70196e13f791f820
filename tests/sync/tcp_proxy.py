"""A small threaded TCP proxy for fault tests: cut, refuse and starve connections on cue.

Put it between a desk and PostgreSQL (``proxy.url(shared_url)``) and break the network in
the ways that matter to the outbox:

- ``cut_all()``: reset every open connection now (a cable pulled mid-transaction);
- ``refuse()``: reset every new connection at once (the server is unreachable);
- ``cut_after(n)``: let each connection forward ``n`` more bytes, then end it (the side
  those bytes went to reads them and then the end of the stream, the other side gets a
  reset): a cut that lands inside a message, at a different point of the push each time;
- ``lose_reply_to(marker)``: the next client message containing ``marker`` (``b"COMMIT"``)
  reaches the server, the server's answer is thrown away and the client's connection
  reset (the transaction committed, the desk cannot know: the retry must be idempotent);
- ``resume()``: forward normally again.

Standard library only; one accept thread and one thread per connection.
"""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import threading
from types import TracebackType

from sqlalchemy.engine import make_url

_CHUNK = 65536
_POLL_S = 0.02


def _reset(sock: socket.socket) -> None:
    """Close with RST instead of FIN, as a dropped route or a dead peer looks."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


def _hang_up(sock: socket.socket) -> None:
    """End the stream after what was sent, so the peer reads it all before the end (a
    reset can make the peer's kernel drop data it has not read yet)."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(0.2)
        while sock.recv(_CHUNK):  # until the peer closes too (or the timeout)
            pass
    with contextlib.suppress(OSError):
        sock.close()


class _Link:
    """One client connection and its upstream connection, pumped by one thread."""

    def __init__(self, proxy: TcpProxy, client: socket.socket, upstream: socket.socket) -> None:
        self.proxy = proxy
        self.client = client
        self.upstream = upstream
        self.kill = threading.Event()
        self.closed = threading.Event()
        self.budget: int | None = None  # bytes left before a cut; None: unlimited
        self.swallowing = False  # the reply to a marked message is being thrown away
        self.thread = threading.Thread(target=self._pump, name="tcp-proxy-link", daemon=True)

    def _pump(self) -> None:
        try:
            while not self.kill.is_set():
                readable, _, _ = select.select([self.client, self.upstream], [], [], _POLL_S)
                for source in readable:
                    if not self._forward(source):
                        return
        except OSError:
            pass
        finally:
            _reset(self.client)
            _reset(self.upstream)
            self.closed.set()
            self.proxy._forget(self)

    def _forward(self, source: socket.socket) -> bool:
        """Move one chunk; False when this link is finished (closed or cut)."""
        data = source.recv(_CHUNK)
        if not data:
            return False
        upward = source is self.client
        if not upward and self.swallowing:
            # The server answered the marked message: it is done, the client never hears.
            self.proxy._count("lost_replies")
            self.upstream.close()  # a clean FIN upstream; the client gets a reset
            return False
        target = self.upstream if upward else self.client
        with self.proxy._lock:
            if self.budget is None and self.proxy._budget is not None:
                self.budget = self.proxy._budget
            budget = self.budget
            marker = self.proxy._marker if upward else None
            if marker is not None and marker in data:
                self.proxy._marker = None  # one message only
                self.swallowing = True
        if budget is not None and len(data) >= budget:
            target.sendall(data[:budget])
            _hang_up(target)  # the bytes sent are received, then the end of the stream
            self.proxy._count("cuts")
            return False
        target.sendall(data)
        if budget is not None:
            self.budget = budget - len(data)
        return True


class TcpProxy:
    """Forwards ``127.0.0.1:<port>`` to ``upstream`` until told to misbehave.

    Example::

        with TcpProxy(("127.0.0.1", 5432)) as proxy:
            engine = make_engine(proxy.url(shared_url))
            proxy.cut_all()
    """

    def __init__(self, upstream: tuple[str, int], host: str = "127.0.0.1") -> None:
        self.upstream = upstream
        self._listener = socket.create_server((host, 0))
        self._listener.settimeout(_POLL_S * 5)
        self.host = host
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._links: set[_Link] = set()
        self._refusing = False
        self._budget: int | None = None
        self._marker: bytes | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="tcp-proxy", daemon=True)
        self.stats = {"accepted": 0, "refused": 0, "cuts": 0, "lost_replies": 0}

    # -- life -----------------------------------------------------------------------------

    def start(self) -> TcpProxy:
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()
        self.cut_all()

    def __enter__(self) -> TcpProxy:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def url(self, url: str) -> str:
        """The same database URL, pointed at this proxy."""
        return (
            make_url(url).set(host=self.host, port=self.port).render_as_string(hide_password=False)
        )

    # -- faults -----------------------------------------------------------------------------

    def cut_all(self) -> int:
        """Reset every open connection; returns how many there were."""
        with self._lock:
            links = list(self._links)
        for link in links:
            link.kill.set()
        for link in links:
            link.closed.wait(5)
        self._count("cuts", len(links))
        return len(links)

    def refuse(self) -> None:
        """Reset new connections as soon as they arrive (open ones are left alone)."""
        with self._lock:
            self._refusing = True

    def outage(self) -> int:
        """The server is gone: refuse new connections and cut the open ones."""
        self.refuse()
        return self.cut_all()

    def cut_after(self, nbytes: int) -> None:
        """Every open or new connection is reset after forwarding ``nbytes`` more bytes."""
        if nbytes < 0:
            raise ValueError("nbytes must be >= 0")
        with self._lock:
            self._budget = nbytes
            for link in self._links:
                link.budget = nbytes

    def lose_reply_to(self, marker: bytes) -> None:
        """The next client message containing ``marker`` gets through; its answer does not."""
        if not marker:
            raise ValueError("an empty marker would match everything")
        with self._lock:
            self._marker = marker

    def resume(self) -> None:
        """Forward normally again (connections already cut stay cut)."""
        with self._lock:
            self._refusing = False
            self._budget = None
            self._marker = None
            for link in self._links:
                link.budget = None

    @property
    def open_connections(self) -> int:
        with self._lock:
            return len(self._links)

    # -- plumbing ---------------------------------------------------------------------------

    def _count(self, key: str, n: int = 1) -> None:
        with self._lock:
            self.stats[key] += n

    def _forget(self, link: _Link) -> None:
        with self._lock:
            self._links.discard(link)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                refusing = self._refusing
            if refusing:
                self._count("refused")
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _reset(client)
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            link = _Link(self, client, upstream)
            with self._lock:
                self._links.add(link)
                self.stats["accepted"] += 1
            link.thread.start()
