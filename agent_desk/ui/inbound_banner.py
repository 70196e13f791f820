"""The banner that offers a call coming in: who calls (masked, and the lead's name when the
number is one of the rep's leads), with Answer and Reject."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from agent_desk.desk.views import IncomingOffer
from agent_desk.domain import phones
from agent_desk.ui.call_controls import with_shortcut
from agent_desk.ui.style import accessible, icon, set_role

ANSWER_KEYS = "Ctrl+Shift+A"
REJECT_KEYS = "Ctrl+Shift+R"


class InboundBanner(QFrame):
    """Signals:
    answer_requested()
    reject_requested()
    """

    answer_requested = Signal()
    reject_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        accessible(self, "inbound_call", self.tr("A call is coming in"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        accessible(self.text, "inbound_caller", self.tr("Who is calling"))
        self.answer_button = QPushButton(icon("call"), self.tr("Answer"), self)
        accessible(self.answer_button, "inbound_answer", self.tr("Answer the incoming call"))
        self.answer_button.setToolTip(with_shortcut(self.tr("Answer"), ANSWER_KEYS))
        set_role(self.answer_button, "primary")
        self.reject_button = QPushButton(icon("hangup"), self.tr("Reject"), self)
        accessible(self.reject_button, "inbound_reject", self.tr("Reject the incoming call"))
        self.reject_button.setToolTip(with_shortcut(self.tr("Reject"), REJECT_KEYS))
        set_role(self.reject_button, "danger")
        self.answer_button.clicked.connect(self.answer_requested)
        self.reject_button.clicked.connect(self.reject_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 6, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.answer_button)
        row.addWidget(self.reject_button)
        self.hide()

    def offer(self, offer: IncomingOffer | None) -> None:
        """Show who is calling, or hide the banner (None)."""
        if offer is None:
            self.hide()
            return
        caller = phones.mask(offer.phone_e164) if offer.phone_e164 else self.tr("unknown number")
        lead = offer.lead
        if lead is not None:
            name = lead.name or lead.company or caller
            if lead.company and lead.company != name:
                name = self.tr("{name} ({company})").format(name=name, company=lead.company)
            text = self.tr("Incoming call: {name} · {number}").format(name=name, number=caller)
        else:
            text = self.tr("Incoming call: {number} (not one of your leads)").format(number=caller)
        self.text.setText(text)
        self.show()
        self.answer_button.setFocus()
