"""The wrap-up form on real widgets: keys, visibility per outcome, drafts, errors, saving."""

from __future__ import annotations

import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TypeVar

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from agent_desk.clock import ManualClock
from agent_desk.desk.views import WrapupContext
from agent_desk.domain import phones
from agent_desk.domain.calling_windows import CallingPolicy, check
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.domain.outcomes import STANDARD_OUTCOMES, IntentLevel
from agent_desk.domain.wrapup import FieldError, FieldErrorCode, WrapupDraft
from agent_desk.store.desk_views import LeadView
from agent_desk.ui.followup_picker import to_qdatetime
from agent_desk.ui.wrapup_form import WrapupForm

# The offscreen platform warns when windows and completer popups show (size hints, raise,
# keyboard grab); those say nothing about the form.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

# Wednesday 2026-11-25 16:30 UTC: 11:30 in New York, 00:30 Thursday in Shanghai.
NOW = datetime(2026, 11, 25, 16, 30, tzinfo=UTC)
NEW_YORK = "America/New_York"
POLICY = CallingPolicy.from_config({"windows": {"weekdays": ["09:00-12:00", "14:00-20:30"]}})
CS_NUMBER = "+864008001234"


def make_campaign(cs_number: str | None = CS_NUMBER) -> CampaignConfig:
    return CampaignConfig(
        id=1,
        code="bb",
        name="Broadband",
        language="en",
        company_name="Star Tel",
        purpose="upgrade",
        default_region="US",
        fallback_timezone="Asia/Shanghai",
        policy=POLICY,
        outcomes=STANDARD_OUTCOMES,
        soft_call_limit_s=300,
        max_attempts=3,
        min_gap_minutes=60,
        cs_transfer_number=cs_number,
    )


def make_lead(tz: str = NEW_YORK) -> LeadView:
    return LeadView(
        uuid.uuid4(), 1, "+12125550123", "Ann Lee", "ACME", {}, tz, 0, "active", 0, None, None,
        True, None,
    )  # fmt: skip


def make_ctx(
    draft: WrapupDraft | None = None,
    *,
    answered: bool = True,
    end_reason: str = "customer_hangup",
    restored: bool = False,
) -> WrapupContext:
    started = NOW - timedelta(minutes=5, seconds=13, microseconds=250_001)
    return WrapupContext(
        call_id=uuid.uuid4(),
        lead=make_lead(),
        campaign=make_campaign(),
        phone_e164="+12125550123",
        started_at=started,
        answered_at=started + timedelta(seconds=21) if answered else None,
        ended_at=NOW,
        end_reason=end_reason,
        talk_seconds=280 if answered else 0,
        training=False,
        draft=draft or WrapupDraft(),
        restored=restored,
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def form(qtbot: QtBot, clock: ManualClock) -> WrapupForm:
    widget = WrapupForm(clock=clock)
    qtbot.addWidget(widget)
    widget.resize(380, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


W = TypeVar("W", bound=QWidget)


def child(form: QWidget, kind: type[W], name: str) -> W:
    found = form.findChild(kind, name)
    assert isinstance(found, kind), name
    return found


def outcome_button(form: WrapupForm, code: str) -> QPushButton:
    return child(form, QPushButton, f"wrapup_outcome_{code}")


def shown(form: WrapupForm, name: str) -> bool:
    return child(form, QWidget, name).isVisibleTo(form)


def ended(form: WrapupForm) -> WrapupContext:
    ctx = make_ctx()
    form.open_for(ctx)
    form.call_ended(ctx)
    return ctx


FULL_DRAFT = WrapupDraft(
    contact_time=datetime(2026, 11, 25, 16, 24, 47, 123_456, tzinfo=UTC),
    person="Mr Lee himself",
    outcome_code="interested",
    intent=IntentLevel.B,
    tags=("price", "VIP", "later"),
    note="Wants a quote.\nCall after 14:00.",
    followup_at=datetime(2026, 11, 26, 19, 0, tzinfo=UTC),
    callback_for_team=True,
    amount=Decimal("1299.50"),  # kept even though an "interested" outcome does not use it
    complaint_summary="",
    opening_done=True,
    satisfaction=4,
)


# -- empty, open, restore ------------------------------------------------------------------


def test_without_a_call_everything_is_empty_disabled_and_hinted(form: WrapupForm) -> None:
    assert form.objectName() == "wrapup_form" and form.accessibleName() == "wrapup_form"
    assert not child(form, QLineEdit, "wrapup_person").isEnabled()
    assert not child(form, QPushButton, "wrapup_save").isEnabled()
    hints = [label.text() for label in form.findChildren(QLabel) if label.isVisibleTo(form)]
    assert "The wrap-up form opens when you dial." in hints
    assert form.draft() == WrapupDraft()


def test_open_for_restores_a_draft_exactly_even_through_json(form: WrapupForm) -> None:
    restored = WrapupDraft.from_json_dict(FULL_DRAFT.to_json_dict())
    form.open_for(make_ctx(restored))
    assert form.draft() == FULL_DRAFT
    assert child(form, QLineEdit, "wrapup_person").isEnabled()
    assert child(form, QComboBox, "wrapup_followup_owner").currentIndex() == 1
    # Opening another call's form replaces everything, the stale draft included.
    form.open_for(make_ctx())
    assert form.draft().person == "" and form.draft().outcome_code is None


def test_a_restored_outcome_code_the_campaign_lacks_is_kept(form: WrapupForm) -> None:
    form.open_for(make_ctx(WrapupDraft(outcome_code="retired_code")))
    assert form.draft().outcome_code == "retired_code"
    outcome_button(form, "busy").click()
    assert form.draft().outcome_code == "busy"


def test_contact_time_is_prefilled_from_the_call_in_desk_time(form: WrapupForm) -> None:
    ctx = make_ctx()
    form.open_for(ctx)
    assert ctx.answered_at is not None
    assert form.draft().contact_time == ctx.answered_at
    edit = child(form, QDateTimeEdit, "wrapup_time")
    assert edit.calendarPopup()
    assert edit.dateTime().toMSecsSinceEpoch() == to_qdatetime(ctx.answered_at).toMSecsSinceEpoch()


def test_clear_empties_an_open_form(form: WrapupForm) -> None:
    form.open_for(make_ctx(FULL_DRAFT))
    form.clear()
    assert form.draft() == WrapupDraft()
    assert not child(form, QPlainTextEdit, "wrapup_note").isEnabled()


# -- saving ----------------------------------------------------------------------------------


def test_save_is_disabled_while_the_call_is_live(form: WrapupForm, qtbot: QtBot) -> None:
    form.open_for(make_ctx())
    save = child(form, QPushButton, "wrapup_save")
    assert not save.isEnabled()
    assert save.toolTip() == "Available when the call ends"
    person = child(form, QLineEdit, "wrapup_person")
    person.setFocus()
    assert person.isEnabled()  # the rep can type while talking
    with qtbot.assert_not_emitted(form.save_requested):
        qtbot.keyClick(person, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    form.call_ended(make_ctx())
    assert save.isEnabled() and "Ctrl" in save.text()


def test_a_restored_wrap_up_can_be_saved_at_once(form: WrapupForm) -> None:
    form.open_for(make_ctx(restored=True))
    assert child(form, QPushButton, "wrapup_save").isEnabled()


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter], ids=["return", "enter"])
def test_ctrl_enter_saves_the_draft_as_typed(form: WrapupForm, qtbot: QtBot, key: Qt.Key) -> None:
    ctx = ended(form)
    qtbot.keyClick(QApplication.focusWidget(), "8")  # focus is on the outcome buttons
    person = child(form, QLineEdit, "wrapup_person")
    qtbot.keyClicks(person, "Customer in person")
    qtbot.keyClick(person, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    amount = child(form, QLineEdit, "wrapup_amount")
    qtbot.keyClicks(amount, "¥1,299")
    child(form, QCheckBox, "wrapup_opening").setChecked(True)
    with qtbot.wait_signal(form.save_requested) as blocker:
        qtbot.keyClick(amount, key, Qt.KeyboardModifier.ControlModifier)
    draft = blocker.args[0]
    assert draft == WrapupDraft(
        contact_time=ctx.answered_at,
        person="Customer in person",
        outcome_code="sale",
        intent=IntentLevel.A,
        amount=Decimal("1299"),
        opening_done=True,
    )


def test_save_button_emits_and_tags_are_normalised(form: WrapupForm, qtbot: QtBot) -> None:
    ended(form)
    outcome_button(form, "voicemail").click()
    child(form, QLineEdit, "wrapup_tags").setText("vip， price;VIP, ,later")
    with qtbot.wait_signal(form.save_requested) as blocker:
        child(form, QPushButton, "wrapup_save").click()
    assert blocker.args[0].tags == ("vip", "price", "later")


def test_an_amount_that_is_not_a_number_blocks_saving(form: WrapupForm, qtbot: QtBot) -> None:
    ended(form)
    outcome_button(form, "sale").click()
    amount = child(form, QLineEdit, "wrapup_amount")
    amount.setText("twelve hundred")
    assert form.draft().amount is None
    errors = form.local_errors()
    assert [e.field for e in errors] == ["amount"]
    with qtbot.assert_not_emitted(form.save_requested):
        child(form, QPushButton, "wrapup_save").click()
    error = child(form, QLabel, "wrapup_amount_error")
    assert error.isVisibleTo(form) and "Not an amount" in error.text()
    assert amount.property("level") == "alert"
    assert QApplication.focusWidget() is amount
    amount.setText("1.2万")
    assert not error.isVisibleTo(form)
    assert form.local_errors() == [] and form.draft().amount == Decimal("12000")


def test_a_bad_amount_of_an_outcome_without_amount_does_not_block(form: WrapupForm) -> None:
    ended(form)
    outcome_button(form, "sale").click()
    child(form, QLineEdit, "wrapup_amount").setText("abc")
    outcome_button(form, "busy").click()
    assert form.local_errors() == []


# -- keyboard ----------------------------------------------------------------------------------


def test_digits_pick_outcomes_except_in_text_fields(form: WrapupForm, qtbot: QtBot) -> None:
    ended(form)
    seen: list[object] = []
    form.outcome_changed.connect(seen.append)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QPushButton) and focused.objectName().startswith("wrapup_outcome_")
    qtbot.keyClick(focused, "2")
    assert form.draft().outcome_code == "busy"
    assert seen[-1] == STANDARD_OUTCOMES["busy"]
    person = child(form, QLineEdit, "wrapup_person")
    person.setFocus()
    qtbot.keyClicks(person, "3")
    assert person.text() == "3"
    assert form.draft().outcome_code == "busy"
    qtbot.keyClick(person, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert form.draft().outcome_code == "voicemail"
    assert person.text() == "3"
    note = child(form, QPlainTextEdit, "wrapup_note")
    note.setFocus()
    qtbot.keyClick(note, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert form.draft().outcome_code == "not_interested"
    checkbox = child(form, QCheckBox, "wrapup_opening")
    checkbox.setFocus()
    qtbot.keyClick(checkbox, Qt.Key.Key_9, Qt.KeyboardModifier.KeypadModifier)
    assert form.draft().outcome_code == "dnc"
    assert "Alt+9" in outcome_button(form, "dnc").toolTip()
    assert outcome_button(form, "dnc").text() == "9 Refused / do not call"


def test_digits_are_ignored_without_a_call(form: WrapupForm, qtbot: QtBot) -> None:
    qtbot.keyClick(form, "1")
    assert form.draft().outcome_code is None


def test_alt_letters_pick_the_intent(form: WrapupForm, qtbot: QtBot) -> None:
    ended(form)
    outcome_button(form, "interested").click()
    button = child(form, QPushButton, "wrapup_intent_A")
    assert button.text() == "A · hot" and button.toolTip() == "Alt+A"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert form.draft().intent is IntentLevel.C
    # No intent on a non-contact outcome: the keys do nothing there.
    outcome_button(form, "busy").click()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert form.draft().intent is IntentLevel.C


def test_tab_order_follows_the_form(form: WrapupForm, qtbot: QtBot) -> None:
    ended(form)
    person = child(form, QLineEdit, "wrapup_person")
    person.setFocus()
    qtbot.keyClick(person, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is outcome_button(form, "no_answer")
    note = child(form, QPlainTextEdit, "wrapup_note")
    note.setFocus()
    qtbot.keyClick(note, Qt.Key.Key_Tab)  # moves on, no tab character typed
    assert note.toPlainText() == ""
    assert QApplication.focusWidget() is not note


# -- fields per outcome ----------------------------------------------------------------------

VISIBLE = (
    "wrapup_intent",
    "wrapup_satisfaction",
    "wrapup_followup",
    "wrapup_amount",
    "wrapup_complaint",
)
CONTACT = {"wrapup_intent", "wrapup_satisfaction"}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (None, set()),
        ("no_answer", set()),
        ("not_interested", CONTACT),
        ("callback", CONTACT | {"wrapup_followup"}),
        ("interested", CONTACT | {"wrapup_followup"}),
        ("sale", CONTACT | {"wrapup_amount"}),
        ("complaint", CONTACT | {"wrapup_complaint"}),
    ],
)
def test_only_the_fields_the_outcome_uses_are_shown(
    form: WrapupForm, code: str | None, expected: set[str]
) -> None:
    form.open_for(make_ctx())
    if code is not None:
        outcome_button(form, code).click()
    assert {name for name in VISIBLE if shown(form, name)} == expected
    for name in ("wrapup_time", "wrapup_person", "wrapup_outcome", "wrapup_tags", "wrapup_note"):
        assert shown(form, name)
    assert shown(form, "wrapup_opening") and shown(form, "wrapup_save")


def test_satisfaction_is_optional_keyboard_reachable_and_only_for_contacts(
    form: WrapupForm, qtbot: QtBot
) -> None:
    ctx = ended(form)
    box = child(form, QComboBox, "wrapup_satisfaction")
    assert box.accessibleName() == "wrapup_satisfaction"
    assert not box.isEnabled()  # no outcome yet: nobody to rate the call
    qtbot.keyClick(QApplication.focusWidget(), "5")  # not interested: a contact
    assert box.isEnabled() and shown(form, "wrapup_satisfaction")
    assert form.draft().satisfaction is None  # "not given" until the customer rates
    # Tab from the intent buttons reaches it; a digit there is a rating, not an outcome.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    intents = [b for b in form.findChildren(QAbstractButton) if b.objectName().startswith(
        "wrapup_intent_")]  # fmt: skip
    intents[-1].setFocus()
    qtbot.keyClick(intents[-1], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is box
    qtbot.keyClick(box, "4")
    assert box.currentData() == 4
    assert form.draft().outcome_code == "not_interested"
    child(form, QLineEdit, "wrapup_person").setText("Mr Lee")
    with qtbot.wait_signal(form.save_requested) as blocker:
        child(form, QPushButton, "wrapup_save").click()
    assert blocker.args[0] == WrapupDraft(
        contact_time=ctx.answered_at,
        person="Mr Lee",
        outcome_code="not_interested",
        intent=IntentLevel.D,
        satisfaction=4,
    )
    outcome_button(form, "busy").click()  # not a contact: the box goes off and out of sight
    assert not box.isEnabled() and not shown(form, "wrapup_satisfaction")


def test_a_rating_off_the_scale_shows_under_its_field(form: WrapupForm) -> None:
    form.open_for(make_ctx(FULL_DRAFT))
    form.show_errors(
        [FieldError("satisfaction", FieldErrorCode.OUT_OF_RANGE, {"min": 1, "max": 5})]
    )
    error = child(form, QLabel, "wrapup_satisfaction_error")
    assert error.isVisibleTo(form) and error.text() == "Choose a rating from 1 to 5."


# -- errors ----------------------------------------------------------------------------------


def test_errors_show_under_their_fields_and_clear_on_edit(form: WrapupForm, qtbot: QtBot) -> None:
    ended(form)
    outcome_button(form, "interested").click()
    form.show_errors(
        [
            FieldError("followup", FieldErrorCode.NOT_IN_FUTURE),
            FieldError("intent", FieldErrorCode.REQUIRED),
            FieldError("person", FieldErrorCode.REQUIRED),
        ]
    )
    person = child(form, QLineEdit, "wrapup_person")
    person_error = child(form, QLabel, "wrapup_person_error")
    assert person_error.isVisibleTo(form) and person_error.text() == "Required."
    assert person_error.property("role") == "error"
    assert person.property("level") == "alert"
    assert QApplication.focusWidget() is person  # first in form order, not in list order
    assert child(form, QWidget, "wrapup_intent").property("level") == "alert"
    followup_error = child(form, QLabel, "wrapup_followup_error")
    assert followup_error.text() == "Must be in the future."
    qtbot.keyClicks(person, "Colleague")
    assert not person_error.isVisibleTo(form) and person.property("level") == ""
    assert followup_error.isVisibleTo(form)  # other fields keep theirs
    child(form, QPushButton, "wrapup_intent_B").click()
    assert not child(form, QLabel, "wrapup_intent_error").isVisibleTo(form)
    # A new round replaces the old messages.
    form.show_errors([FieldError("tags", FieldErrorCode.TOO_MANY, {"max": 10, "count": 12})])
    assert not followup_error.isVisibleTo(form)
    assert child(form, QLabel, "wrapup_tags_error").text() == "Too many: at most 10."


def test_an_error_on_the_outcome_focuses_the_buttons(form: WrapupForm) -> None:
    ended(form)
    child(form, QLineEdit, "wrapup_person").setFocus()
    form.show_errors([FieldError("outcome", FieldErrorCode.REQUIRED)])
    assert QApplication.focusWidget() is outcome_button(form, "no_answer")


# -- call end ----------------------------------------------------------------------------------


def test_an_unanswered_call_is_prefilled(form: WrapupForm) -> None:
    ctx = make_ctx(answered=False, end_reason="busy")
    form.open_for(ctx)
    form.call_ended(ctx)
    draft = form.draft()
    assert draft.person == "No one (not answered)"
    assert draft.outcome_code == "busy"
    assert draft.contact_time == ctx.started_at
    assert QApplication.focusWidget() is outcome_button(form, "busy")
    outcome_button(form, "no_answer").click()  # the rep can still change it
    assert form.draft().outcome_code == "no_answer"


def test_call_end_keeps_what_the_rep_chose(form: WrapupForm) -> None:
    ctx = make_ctx(answered=False, end_reason="no_answer")
    form.open_for(ctx)
    child(form, QLineEdit, "wrapup_person").setText("Receptionist")
    outcome_button(form, "wrong_number").click()
    form.call_ended(ctx)
    assert form.draft().person == "Receptionist"
    assert form.draft().outcome_code == "wrong_number"


def test_call_end_refreshes_the_contact_time_unless_edited(form: WrapupForm) -> None:
    ringing = make_ctx(answered=False)
    form.open_for(ringing)
    assert form.draft().contact_time == ringing.started_at
    answered = replace(ringing, answered_at=ringing.started_at + timedelta(seconds=9))
    form.call_ended(answered)
    assert form.draft().contact_time == answered.answered_at
    # Once the rep sets the time, the call's end leaves it alone.
    form.open_for(ringing)
    typed = to_qdatetime(NOW - timedelta(minutes=30))
    child(form, QDateTimeEdit, "wrapup_time").setDateTime(typed)
    form.call_ended(answered)
    assert form.draft().contact_time == NOW - timedelta(minutes=30)


# -- follow-up ---------------------------------------------------------------------------------


def test_plus_two_hours_snaps_into_the_customers_window(form: WrapupForm) -> None:
    ended(form)
    outcome_button(form, "callback").click()
    child(form, QPushButton, "wrapup_followup_2h").click()
    # 11:30 + 2 h = 13:30 in New York: their lunch break, so 14:00 New York (19:00 UTC).
    # In Shanghai (the campaign's fallback zone) 19:00 UTC is 03:00: only New York fits.
    followup = form.draft().followup_at
    assert followup == datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
    assert check(POLICY, followup, NEW_YORK).allowed
    assert not check(POLICY, followup, "Asia/Shanghai").allowed
    label = child(form, QLabel, "wrapup_followup_customer_time")
    assert "14:00" in label.text() and "inside calling hours" in label.text()
    assert label.property("level") == "ok"


def test_tomorrow_and_next_week_are_ten_oclock_customer_time(form: WrapupForm) -> None:
    ended(form)
    outcome_button(form, "interested").click()
    child(form, QPushButton, "wrapup_followup_tomorrow").click()
    assert form.draft().followup_at == datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # 10:00 EST
    child(form, QPushButton, "wrapup_followup_next_week").click()
    assert form.draft().followup_at == datetime(2026, 12, 2, 15, 0, tzinfo=UTC)


def test_tomorrow_on_a_friday_moves_to_monday_opening(form: WrapupForm, clock: ManualClock) -> None:
    clock.set(datetime(2026, 11, 27, 15, 0, tzinfo=UTC))  # Friday 10:00 New York
    ended(form)
    outcome_button(form, "callback").click()
    child(form, QPushButton, "wrapup_followup_tomorrow").click()
    assert form.draft().followup_at == datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # Mon 09:00


def test_a_typed_follow_up_outside_the_window_is_flagged(form: WrapupForm) -> None:
    ended(form)
    outcome_button(form, "callback").click()
    edit = child(form, QDateTimeEdit, "wrapup_followup")
    edit.setDateTime(to_qdatetime(datetime(2026, 11, 26, 3, 0, tzinfo=UTC)))  # 22:00 New York
    label = child(form, QLabel, "wrapup_followup_customer_time")
    assert label.property("level") == "warn"
    assert "22:00" in label.text() and "09:00" in label.text()
    assert form.draft().followup_at == datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    child(form, QComboBox, "wrapup_followup_owner").setCurrentIndex(1)
    assert form.draft().callback_for_team


# -- complaint transfer ------------------------------------------------------------------------


def test_complaint_on_a_live_call_offers_the_transfer(form: WrapupForm, qtbot: QtBot) -> None:
    form.open_for(make_ctx())
    form.set_call_live(True, CS_NUMBER)
    banner = child(form, QWidget, "wrapup_transfer_banner")
    assert not banner.isVisibleTo(form)
    outcome_button(form, "complaint").click()
    assert banner.isVisibleTo(form)
    texts = " ".join(label.text() for label in banner.findChildren(QLabel))
    assert phones.mask(CS_NUMBER) in texts and CS_NUMBER not in texts
    with qtbot.wait_signal(form.transfer_requested) as blocker:
        child(form, QPushButton, "wrapup_transfer").click()
    assert blocker.args == [CS_NUMBER]
    form.set_call_live(False, None)
    assert not banner.isVisibleTo(form)
    form.set_call_live(True, None)  # no customer-service number: nothing to offer
    assert not banner.isVisibleTo(form)


# -- draft persistence -------------------------------------------------------------------------


def test_draft_changed_is_debounced(form: WrapupForm, qtbot: QtBot) -> None:
    form.open_for(make_ctx())
    drafts: list[WrapupDraft] = []
    form.draft_changed.connect(drafts.append)
    person = child(form, QLineEdit, "wrapup_person")
    start = time.monotonic()
    qtbot.keyClicks(person, "Family member")
    with qtbot.wait_signal(form.draft_changed, timeout=3000):
        pass
    assert time.monotonic() - start >= 0.35
    qtbot.wait(600)
    assert len(drafts) == 1
    assert drafts[0].person == "Family member"


def test_loading_a_draft_is_not_an_edit(form: WrapupForm, qtbot: QtBot) -> None:
    with qtbot.assert_not_emitted(form.draft_changed, wait=600):
        form.open_for(make_ctx(FULL_DRAFT))


def test_clear_drops_a_pending_draft(form: WrapupForm, qtbot: QtBot) -> None:
    form.open_for(make_ctx())
    child(form, QLineEdit, "wrapup_person").setText("Colleague")
    with qtbot.assert_not_emitted(form.draft_changed, wait=600):
        form.clear()


# -- completers --------------------------------------------------------------------------------


def test_person_and_tag_completers(form: WrapupForm) -> None:
    form.open_for(make_ctx())
    person = child(form, QLineEdit, "wrapup_person")
    completer = person.completer()
    model = completer.model()
    answers = {model.index(row, 0).data() for row in range(model.rowCount())}
    assert answers == {"Customer in person", "Colleague", "Family member", "Receptionist"}
    form.set_known_tags(["price", "VIP", "vip", "later"])
    tags = child(form, QLineEdit, "wrapup_tags")
    tag_completer = tags.completer()
    tag_model = tag_completer.model()
    assert tag_model.rowCount() == 3
    tags.setText("VIP, pr")
    assert tag_completer.splitPath(tags.text()) == ["pr"]
    assert tag_completer.pathFromIndex(tag_model.index(0, 0)) == "VIP, price"
    tags.setText("pri")
    assert tag_completer.pathFromIndex(tag_model.index(0, 0)) == "price"


def test_outcome_buttons_form_an_exclusive_group(form: WrapupForm) -> None:
    form.open_for(make_ctx())
    buttons = [
        b
        for b in child(form, QWidget, "wrapup_outcome").findChildren(QAbstractButton)
        if b.objectName().startswith("wrapup_outcome_")
    ]
    assert len(buttons) == len(STANDARD_OUTCOMES)
    buttons[0].click()
    buttons[1].click()
    assert [b.isChecked() for b in buttons[:2]] == [False, True]


def test_focusing_the_form_lands_where_the_rep_starts(form: WrapupForm) -> None:
    form.open_for(make_ctx())
    form.setFocus()
    assert QApplication.focusWidget() is child(form, QLineEdit, "wrapup_person")
    form.call_ended(make_ctx())
    form.setFocus()
    assert QApplication.focusWidget() is outcome_button(form, "no_answer")


def test_call_end_without_an_open_form_opens_it(form: WrapupForm) -> None:
    ctx = make_ctx(FULL_DRAFT, restored=True)
    form.call_ended(ctx)
    assert form.draft() == FULL_DRAFT
    assert child(form, QPushButton, "wrapup_save").isEnabled()
