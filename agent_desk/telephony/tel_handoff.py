"""The ``tel:`` hand-off: the OS softphone places the call; the rep reports what happened.

The desk cannot see a call it does not place, so the rep marks the call connected and
ended; the times recorded are those marks. Opening the URL is injected so tests (and
desks without a registered handler) see a clear failure instead of a silent no-op.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices

from agent_desk.clock import Clock
from agent_desk.domain.call_state import CallEventKind, EndReason
from agent_desk.telephony.line import Capability, Line, LineBusyError


def open_with_os(url: str) -> bool:
    return QDesktopServices.openUrl(QUrl(url))


class TelHandoffLine(Line):
    backend_name = "tel"
    capabilities = frozenset({Capability.MANUAL_MARKING})

    def __init__(
        self,
        clock: Clock,
        open_url: Callable[[str], bool] = open_with_os,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(clock, parent)
        self._open_url = open_url
        self._connected = False
        self.opened: list[str] = []

    def _dial(self, number: str) -> None:
        url = f"tel:{number}"
        self._connected = False
        self._emit(CallEventKind.DIALING, detail=url)
        self.opened.append(url)
        if not self._open_url(url):
            self._emit(
                CallEventKind.ENDED, EndReason.FAILED, "no softphone is registered for tel: links"
            )

    def mark_connected(self) -> None:
        """The rep says the customer answered."""
        self._require_live()
        if self._connected:
            raise LineBusyError("the call is already marked connected")
        self._connected = True
        self._emit(CallEventKind.CONNECTED)

    def mark_ended(self, reason: EndReason | None = None) -> None:
        """The rep says the call is over (and, if it never connected, why)."""
        self._require_live()
        if reason is None:
            reason = EndReason.AGENT_HANGUP if self._connected else EndReason.NO_ANSWER
        self._emit(CallEventKind.ENDED, reason)

    def _hangup(self) -> None:
        self.mark_ended(EndReason.AGENT_HANGUP if self._connected else EndReason.CANCELLED)
