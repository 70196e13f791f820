"""Correct a saved wrap-up without touching it: the amendment is a new, linked record.

Sales records may not be tampered with (不得私自篡改销售记录), so the original stays as
it was saved; the dialog shows it read-only above a form prefilled from it, and asks
why the record is corrected.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from agent_desk.clock import Clock
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.store.desk_views import LeadView, WrapupView
from agent_desk.ui import texts
from agent_desk.ui.style import accessible, set_role, ui_language
from agent_desk.ui.wrapup_form import WrapupForm

log = logging.getLogger(__name__)

_TEXT_KEYS = ("person", "note", "complaint_summary")


def _amount_text(form: Mapping[str, Any]) -> str | None:
    """The amount as text, from ``amount`` (desk) or ``amount_cents`` (pulled rows)."""
    amount = form.get("amount")
    if amount not in (None, ""):
        return str(amount)
    cents = form.get("amount_cents")
    if cents is None:
        return None
    try:
        return str(Decimal(int(cents)).scaleb(-2))  # 129950 -> "1299.50", cents kept
    except (TypeError, ValueError, InvalidOperation):
        return None


def _grouped(amount: str) -> str:
    try:
        return format(Decimal(amount), ",f")
    except (InvalidOperation, ValueError):
        return amount


def draft_from_record(original: WrapupView) -> WrapupDraft:
    """The draft a saved wrap-up was made from, whichever database it came from.

    Wrap-ups saved on this desk keep the draft (``WrapupDraft.to_json_dict``); records
    pulled from the shared database hold its columns (``amount_cents``, nulls, datetime
    text). A record that cannot be read still gives its time and outcome.
    """
    form = dict(original.form)
    data: dict[str, Any] = {
        key: form.get(key)
        for key in ("contact_time", "outcome_code", "followup_at", "tags", "intent")
    }
    for key in ("contact_time", "followup_at"):
        if isinstance(data[key], datetime):
            data[key] = data[key].isoformat()
    data["contact_time"] = data["contact_time"] or original.contact_time.isoformat()
    data["outcome_code"] = data["outcome_code"] or original.outcome_code
    data["tags"] = list(data["tags"] or [])
    intent = data["intent"]
    data["intent"] = intent.strip().upper() if isinstance(intent, str) and intent.strip() else None
    for key in _TEXT_KEYS:
        data[key] = form.get(key) or ""
    for key in ("opening_done", "callback_for_team"):
        data[key] = bool(form.get(key))
    data["amount"] = _amount_text(form)
    rating = form.get("satisfaction")  # the same key in both forms
    data["satisfaction"] = rating if type(rating) is int else None
    try:
        return WrapupDraft.from_json_dict(data)
    except ValueError as exc:
        log.warning(
            "wrap-up %s: unreadable form, using time and outcome only: %s", original.id, exc
        )
        return WrapupDraft(contact_time=original.contact_time, outcome_code=original.outcome_code)


class AmendDialog(QDialog):
    """The original wrap-up read-only, a prefilled form and a required reason.

    OK does not close the dialog: it asks the owner to save the amendment, and the owner
    calls ``accept()`` once it is saved, or ``form.show_errors`` when it is refused.

    Signals:
        amend_requested(WrapupDraft, str): Save this corrected draft with this reason.
    """

    amend_requested = Signal(object, str)

    def __init__(
        self,
        original: WrapupView,
        campaign: CampaignConfig,
        lead: LeadView | None,
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent)
        accessible(self, "amend_dialog", self.tr("Amend a saved wrap-up"))
        self.setWindowTitle(self.tr("Amend wrap-up"))
        self._original = original
        explain = QLabel(
            self.tr("A saved wrap-up is never edited: Amend adds a linked amendment."), self
        )
        set_role(explain, "hint")
        explain.setWordWrap(True)
        self.form = WrapupForm(self, clock=clock, embedded=True)
        tz = lead.timezone if lead else campaign.fallback_timezone
        self.form.open_draft(draft_from_record(original), campaign, tz)
        self.form.save_requested.connect(self._on_form_save)
        self._reason = QLineEdit(self)
        accessible(self._reason, "amend_reason", self.tr("Reason for the amendment"))
        self._reason.setPlaceholderText(self.tr("e.g. wrong outcome picked"))
        self._reason.textChanged.connect(self._update_ok)
        reason_row = QFormLayout()
        reason_row.setContentsMargins(0, 0, 0, 0)
        reason_row.addRow(self.tr("Reason for the amendment *"), self._reason)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setText(self.tr("Save amendment"))
        accessible(self._ok, "amend_ok", self.tr("Save the amendment"))
        set_role(self._ok, "primary")
        self._buttons.accepted.connect(self._submit)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(explain)
        layout.addWidget(self._summary(original, campaign))
        layout.addWidget(self.form, 1)
        layout.addLayout(reason_row)
        layout.addWidget(self._buttons)
        self.resize(460, 680)
        self._update_ok()
        self._reason.setFocus()

    def _summary(self, original: WrapupView, campaign: CampaignConfig) -> QFrame:
        card = QFrame(self)
        accessible(card, "amend_original", self.tr("The saved wrap-up"))
        set_role(card, "card")
        rows = QFormLayout(card)
        rows.setContentsMargins(8, 6, 8, 6)
        rows.setVerticalSpacing(2)
        form = original.form
        outcome = campaign.outcomes.get(original.outcome_code)
        intent = form.get("intent")
        values = [
            (texts.field_label("contact_time"), texts.date_time(original.contact_time)),
            (texts.field_label("person"), str(form.get("person") or "")),
            (
                texts.field_label("outcome"),
                outcome.label(ui_language()) if outcome else original.outcome_code,
            ),
            (texts.field_label("intent"), texts.intent(intent) if intent else "—"),
            (texts.field_label("note"), str(form.get("note") or "")),
            (self.tr("Saved at"), texts.date_time(original.created_at)),
        ]
        amount = _amount_text(form)
        if amount is not None:
            values.insert(-1, (texts.field_label("amount"), _grouped(amount)))
        rating = form.get("satisfaction")
        if isinstance(rating, int):
            values.insert(4, (texts.field_label("satisfaction"), f"{rating} / 5"))
        if original.amend_reason:
            values.append((self.tr("Amended because"), original.amend_reason))
        for caption, value in values:
            label = QLabel(value, card)
            label.setWordWrap(True)
            label.setMaximumHeight(label.fontMetrics().lineSpacing() * 3 + 4)
            name = QLabel(caption, card)
            set_role(name, "hint")
            rows.addRow(name, label)
        return card

    def result_draft(self) -> WrapupDraft:
        """The corrected wrap-up as typed."""
        return self.form.draft()

    def reason(self) -> str:
        """Why the record is corrected, trimmed."""
        return self._reason.text().strip()

    def _update_ok(self) -> None:
        ready = bool(self.reason())
        self._ok.setEnabled(ready)
        self._ok.setToolTip("" if ready else self.tr("Give a reason for the amendment first"))

    def _submit(self) -> None:
        if not self.reason():
            self._reason.setFocus()
            return
        draft = self.form.draft()
        errors = self.form.local_errors()
        if errors:
            self.form.show_errors(errors)
            return
        self.amend_requested.emit(draft, self.reason())

    def _on_form_save(self, draft: WrapupDraft) -> None:
        # Ctrl+Enter inside the form: the same as OK, once a reason is given.
        if not self.reason():
            self._reason.setFocus()
            return
        self.amend_requested.emit(draft, self.reason())
