"""Calls coming in on the line: who is calling, found among the rep's leads off the UI thread.

The line says a call is offered (a number, or a SIP address); this object looks the number
up in the desk database as an operation and then offers the call to the screens with the
lead, if the number is one of the rep's. Answering goes through :class:`DeskSession`, so an
answered call runs through the same call state machine and wrap-up as a dialled one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from agent_desk.clock import Clock
from agent_desk.desk.operations import Operations
from agent_desk.desk.views import IncomingOffer
from agent_desk.domain import phones
from agent_desk.store.desk_repo import DeskRepo
from agent_desk.store.desk_views import LeadView
from agent_desk.telephony.line import Line

log = logging.getLogger(__name__)


class Inbound(QObject):
    """The call being offered, if any.

    Signals:
        offered(IncomingOffer): a call is coming in (the lead lookup is done).
        withdrawn(str): the offered call went away unanswered: the caller gave up or the
            line was lost (why, in English). Not emitted when the rep rejects or answers.
    """

    offered = Signal(object)
    withdrawn = Signal(str)

    def __init__(
        self,
        repo: DeskRepo,
        ops: Operations,
        line: Line,
        clock: Clock,
        region: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.repo, self.ops, self.line, self.clock = repo, ops, line, clock
        self._region = region
        self.current: IncomingOffer | None = None
        # Bumped whenever the offer changes hands: a lookup for an older one is dropped.
        self._generation = 0
        self._pending = False
        line.incoming.connect(self._on_incoming)
        line.incoming_ended.connect(self._on_ended)

    @Slot(str)
    def _on_incoming(self, caller: str) -> None:
        self._generation += 1
        generation, at = self._generation, self.clock.now()
        self._pending = True
        try:
            e164 = phones.normalize(caller, self._region())
        except phones.PhoneError:
            e164 = ""  # a SIP address, or no number at all: no lead to find

        def load() -> LeadView | None:
            return self.repo.lead_by_phone(e164) if e164 else None

        def found(lead: LeadView | None) -> None:
            if generation != self._generation:
                return  # withdrawn (or taken) while the lookup ran
            self.current = IncomingOffer(caller, e164, lead, at)
            log.info("incoming call from %s", phones.mask(e164) if e164 else "an address")
            self.offered.emit(self.current)

        def failed(exc: BaseException) -> None:
            log.error("looking up the caller failed", exc_info=exc)
            found(None)

        self.ops.run(load, found, failed)

    @Slot(str)
    def _on_ended(self, why: str) -> None:
        if not self._pending:
            return  # the rep rejected or answered it: nothing to tell
        self._forget()
        self.withdrawn.emit(why)

    def _forget(self) -> None:
        self._generation += 1
        self._pending = False
        self.current = None

    def take(self) -> IncomingOffer | None:
        """The offer, now handed over for answering; None when nothing is offered."""
        offer = self.current
        if offer is not None:
            self._forget()
        return offer

    def reject(self) -> None:
        """Turn the offered call away (the caller hears busy)."""
        if self._pending:
            self._forget()
            self.line.reject()
