"""The wrap-up form's complaint banner: transfer the customer to customer service."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from agent_desk.domain import phones
from agent_desk.ui.style import accessible, set_level, set_role


class TransferBanner(QFrame):
    """ "Customer complaint: transfer to customer service …" and a Transfer button.

    The owner listens to ``button.clicked`` and decides where the call goes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        accessible(self, "wrapup_transfer_banner", self.tr("Complaint transfer"))
        set_role(self, "card")
        set_level(self, "alert")
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        set_level(self._text, "alert")
        self.button = QPushButton(self.tr("Transfer"), self)
        accessible(self.button, "wrapup_transfer", self.tr("Transfer to customer service"))
        set_role(self.button, "danger")
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self._text, 1)
        row.addWidget(self.button)

    def offer(self, number: str | None) -> None:
        """Show the banner for a transfer to `number` (masked), or hide it (None)."""
        if number:
            self._text.setText(
                self.tr("Customer complaint: transfer to customer service {number}").format(
                    number=phones.mask(number)
                )
            )
        self.setVisible(bool(number))
