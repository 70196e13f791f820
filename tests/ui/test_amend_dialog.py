"""The amendment dialog: original shown read-only, form prefilled, reason required."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QDialog, QFrame, QLabel, QLineEdit, QPushButton

from agent_desk.clock import ManualClock
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.wrapup import FieldError, FieldErrorCode, WrapupDraft
from agent_desk.store.desk_views import WrapupView
from agent_desk.ui.amend_dialog import AmendDialog
from tests.ui.test_wrapup_form import NOW, make_campaign, make_lead

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CONTACT = datetime(2026, 11, 25, 15, 10, 5, tzinfo=UTC)
SAVED = datetime(2026, 11, 25, 15, 14, tzinfo=UTC)


def pulled_form() -> dict[str, Any]:
    """A wrap-up as it comes back from the shared database: its columns, JSON-encoded."""
    return {
        "id": str(uuid.uuid4()),
        "call_id": str(uuid.uuid4()),
        "lead_id": str(uuid.uuid4()),
        "user_id": 7,
        "contact_time": CONTACT.isoformat(),
        "person": "Customer in person",
        "outcome_code": "sale",
        "is_contact": True,
        "is_sale": True,
        "intent": "A",
        "tags": ["vip", "card"],
        "note": "Wants the 500M plan",
        "amount_cents": 129950,
        "followup_at": None,
        "complaint_summary": None,
        "opening_done": True,
        "satisfaction": 4,
        "amends_id": None,
        "amend_reason": "",
        "training": False,
        "created_at": SAVED.isoformat(),
        "received_at": SAVED.isoformat(),
    }


def view(form: dict[str, Any], outcome: str = "sale", reason: str = "") -> WrapupView:
    return WrapupView(uuid.uuid4(), uuid.uuid4(), CONTACT, outcome, form, None, reason, SAVED)


MakeDialog = Callable[[WrapupView], AmendDialog]


@pytest.fixture
def make_dialog(qtbot: QtBot) -> MakeDialog:
    def build(original: WrapupView) -> AmendDialog:
        dialog = AmendDialog(original, make_campaign(), make_lead(), clock=ManualClock(NOW))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return build


def ok_button(dialog: AmendDialog) -> QPushButton:
    button = dialog.findChild(QPushButton, "amend_ok")
    assert button is not None
    return button


def reason_field(dialog: AmendDialog) -> QLineEdit:
    field = dialog.findChild(QLineEdit, "amend_reason")
    assert field is not None
    return field


def test_a_pulled_record_prefills_the_form(make_dialog: MakeDialog) -> None:
    dialog = make_dialog(view(pulled_form()))
    assert dialog.result_draft() == WrapupDraft(
        contact_time=CONTACT,
        person="Customer in person",
        outcome_code="sale",
        intent=IntentLevel.A,
        tags=("vip", "card"),
        note="Wants the 500M plan",
        amount=Decimal("1299.50"),
        opening_done=True,
        satisfaction=4,
    )
    amount = dialog.form.findChild(QLineEdit, "wrapup_amount")
    assert amount is not None and amount.text() == "1,299.50"


def test_the_original_is_shown_read_only(make_dialog: MakeDialog) -> None:
    dialog = make_dialog(view(pulled_form()))
    card = dialog.findChild(QFrame, "amend_original")
    assert card is not None
    shown = [label.text() for label in card.findChildren(QLabel)]
    for text in ("Customer in person", "Sale", "A · hot", "Wants the 500M plan", "1,299.50",
                 "4 / 5"):  # fmt: skip
        assert text in shown
    assert not any(isinstance(w, QLineEdit) for w in card.findChildren(QLineEdit))
    explained = [label.text() for label in dialog.findChildren(QLabel)]
    assert "A saved wrap-up is never edited: Amend adds a linked amendment." in explained


def test_a_desk_record_round_trips_exactly(make_dialog: MakeDialog) -> None:
    draft = WrapupDraft(
        contact_time=CONTACT + timedelta(microseconds=4321),
        person="Colleague",
        outcome_code="callback",
        intent=IntentLevel.B,
        followup_at=datetime(2026, 11, 26, 19, 0, tzinfo=UTC),
        callback_for_team=True,
        opening_done=False,
        satisfaction=2,
    )
    dialog = make_dialog(view(draft.to_json_dict(), outcome="callback"))
    assert dialog.result_draft() == draft


def test_an_unreadable_record_still_gives_time_and_outcome(make_dialog: MakeDialog) -> None:
    form = pulled_form() | {"intent": "Z", "contact_time": "yesterday"}
    dialog = make_dialog(view(form))
    assert dialog.result_draft().contact_time == CONTACT
    assert dialog.result_draft().outcome_code == "sale"


def test_ok_needs_a_reason_and_does_not_close(make_dialog: MakeDialog, qtbot: QtBot) -> None:
    dialog = make_dialog(view(pulled_form()))
    ok = ok_button(dialog)
    assert not ok.isEnabled()
    qtbot.keyClicks(reason_field(dialog), "   ")
    assert not ok.isEnabled()
    with qtbot.assert_not_emitted(dialog.amend_requested):
        ok.click()
    reason_field(dialog).setText("  Wrong amount typed  ")
    assert ok.isEnabled()
    form_amount = dialog.form.findChild(QLineEdit, "wrapup_amount")
    assert form_amount is not None
    form_amount.setText("1,399.50")
    with qtbot.wait_signal(dialog.amend_requested) as blocker:
        ok.click()
    draft, reason = blocker.args
    assert reason == "Wrong amount typed" == dialog.reason()
    assert draft.amount == Decimal("1399.50") and draft.outcome_code == "sale"
    assert dialog.isVisible()  # the owner closes it once the amendment is saved
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_owner_errors_and_local_errors_show_in_the_form(
    make_dialog: MakeDialog, qtbot: QtBot
) -> None:
    dialog = make_dialog(view(pulled_form()))
    reason_field(dialog).setText("Person was wrong")
    amount = dialog.form.findChild(QLineEdit, "wrapup_amount")
    assert amount is not None
    amount.setText("lots")
    with qtbot.assert_not_emitted(dialog.amend_requested):
        ok_button(dialog).click()
    error = dialog.form.findChild(QLabel, "wrapup_amount_error")
    assert error is not None and error.isVisibleTo(dialog) and "Not an amount" in error.text()
    dialog.form.show_errors([FieldError("person", FieldErrorCode.TOO_LONG, {"max": 100})])
    person_error = dialog.form.findChild(QLabel, "wrapup_person_error")
    assert person_error is not None and person_error.text() == "Too long: at most 100 characters."
