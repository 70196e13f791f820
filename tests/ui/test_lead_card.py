"""The lead card and its call history, on real widgets with hand-built views."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QItemSelectionModel, QLocale, QModelIndex, Qt
from PySide6.QtWidgets import QLabel

from agent_desk.desk.views import LeadCard
from agent_desk.domain.calling_windows import CallingPolicy, check
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.domain.outcomes import STANDARD_OUTCOMES, IntentLevel
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.store.desk_views import CallView, LeadView, WrapupView
from agent_desk.ui import texts
from agent_desk.ui.history_model import CALL, INTENT, NOTE, OUTCOME, HistoryModel
from agent_desk.ui.lead_card import LeadCardView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

NOW = datetime(2026, 11, 25, 2, 5, tzinfo=UTC)  # Wed 10:05 in Shanghai
POLICY = CallingPolicy.from_config(
    {"windows": {"weekdays": ["09:00-12:00", "14:00-20:30"]}, "holidays": []}
)
CAMPAIGN = CampaignConfig(
    1, "bb", "Broadband upgrade 2026", "zh", "星河电信", "宽带升级", "CN", "Asia/Shanghai",
    POLICY, STANDARD_OUTCOMES, 300, 6, 60, None,
)  # fmt: skip


def lead(
    tz: str = "Asia/Shanghai",
    *,
    attempts: int = 2,
    status: str = "active",
    due: datetime | None = None,
    extra: dict[str, str] | None = None,
) -> LeadView:
    return LeadView(
        uuid.uuid4(), 1, "+8613812345678", "王建国", "川味小馆", extra or {}, tz, 100,
        status, attempts, None, None, True, None, due,
    )  # fmt: skip


def card_for(
    view: LeadView, history: tuple[CallView, ...] = (), dnc: str | None = None
) -> LeadCard:
    return LeadCard(view, CAMPAIGN, check(POLICY, NOW, view.timezone), history, dnc)


def wrapup(
    call_id: uuid.UUID,
    outcome: str,
    form: Mapping[str, object],
    at: datetime,
    amends: uuid.UUID | None = None,
    reason: str = "",
) -> WrapupView:
    return WrapupView(uuid.uuid4(), call_id, at, outcome, dict(form), amends, reason, at)


def call(
    started: datetime, wrapups: tuple[WrapupView, ...] = (), *, call_id: uuid.UUID | None = None
) -> CallView:
    return CallView(
        call_id or uuid.uuid4(), None, 1, "+8613812345678", started, started,
        started + timedelta(seconds=95), 2, 95, "customer_hangup", False, wrapups,
    )  # fmt: skip


@pytest.fixture
def history() -> tuple[CallView, ...]:
    """Three calls: an old one with an amendment (pulled shape), a sale (local shape)."""
    old_at, sale_at, empty_at = NOW - timedelta(days=3), NOW - timedelta(days=1), NOW
    old_id = uuid.uuid4()
    pulled = {  # a record pulled from the shared database: the wrap-up's columns
        "person": "前台",
        "outcome_code": "not_interested",
        "intent": "C",
        "note": "前台说老板不在",
        "amount_cents": None,
    }
    original = wrapup(old_id, "not_interested", pulled, old_at)
    correction = wrapup(
        old_id,
        "interested",
        {**pulled, "outcome_code": "interested", "intent": "B", "note": "老板让我们再打"},
        old_at + timedelta(hours=1),
        amends=original.id,
        reason="选错了结果",
    )
    sale_id = uuid.uuid4()
    draft = WrapupDraft(
        contact_time=sale_at,
        person="王建国",
        outcome_code="sale",
        intent=IntentLevel.A,
        note="签了 24 个月\n第二行不显示",
        amount=Decimal("1200.50"),
    ).to_json_dict()  # a record saved on this desk: the draft's JSON form
    sale = wrapup(sale_id, "sale", draft, sale_at)
    return (
        call(old_at, (original, correction), call_id=old_id),
        call(sale_at, (sale,), call_id=sale_id),
        call(empty_at),  # no wrap-up yet
    )


@pytest.fixture
def card_view(qtbot: QtBot) -> LeadCardView:
    view = LeadCardView()
    qtbot.addWidget(view)
    view.resize(420, 560)
    view.show()
    return view


@pytest.fixture
def chinese() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    yield
    QLocale.setDefault(previous)


def test_empty_state(card_view: LeadCardView) -> None:
    card_view.show_card(None)

    assert card_view.objectName() == "lead_card"
    assert card_view.empty.isVisible()
    assert card_view.empty.text() == "Select a lead from the queue."


def test_callable_lead(card_view: LeadCardView) -> None:
    extra = {"城市": "成都", "当前带宽": "200M", "empty": " "}
    shown = card_for(lead(extra=extra))
    card_view.show_card(shown)

    assert not card_view.empty.isVisible()
    assert card_view.name.text() == "王建国"
    assert card_view.name.font().pointSizeF() > card_view.company.font().pointSizeF()
    assert card_view.company.text() == "川味小馆"
    assert card_view.phone.text() == "+86 138****5678"
    assert card_view.attempts.text() == "In progress · Attempt 3 of 6"
    assert shown.decision is not None
    assert card_view.state_line.text() == texts.window_state(shown.decision)
    assert card_view.state_line.text() == "Callable now (customer time Wed 10:05)"
    assert card_view.state_line.property("level") == "ok"
    assert not card_view.dnc_reason.isVisible()
    assert not card_view.callback.isVisible()
    assert card_view.campaign.text() == "Campaign: Broadband upgrade 2026"
    assert card_view.extra_fields() == {"城市": "成都", "当前带宽": "200M"}  # blanks left out


def test_closed_window_says_why_and_when_it_opens(card_view: LeadCardView) -> None:
    card_view.show_card(card_for(lead("America/New_York")))

    assert card_view.state_line.property("level") == "warn"
    assert card_view.state_line.text() == (
        "Too late for the customer (customer time Tue 21:05); opens Wed 09:00"
    )


def test_do_not_call_is_an_alert_with_the_reason(card_view: LeadCardView) -> None:
    reason = "refused on a call by rep1 at 2026-11-20 03:12 UTC"
    card_view.show_card(card_for(lead(status="dnc"), dnc=reason))

    assert card_view.state_line.property("level") == "alert"
    assert card_view.state_line.text() == "On the do-not-call list — cannot be dialed"
    assert card_view.dnc_reason.isVisible()
    assert card_view.dnc_reason.text() == f"Reason: {reason}"


def test_attempts_when_used_up_and_callback_lines(card_view: LeadCardView) -> None:
    card_view.show_card(card_for(lead(attempts=6, due=NOW - timedelta(minutes=3))))
    assert card_view.attempts.text() == "In progress · All 6 attempts used"
    assert card_view.callback.isVisible()
    assert card_view.callback.property("level") == "warn"
    assert card_view.callback.text().startswith("Callback due since ")

    card_view.show_card(card_for(lead(due=NOW + timedelta(hours=2))))
    assert card_view.callback.property("level") == "info"
    assert card_view.callback.text().startswith("Callback scheduled for ")


def test_at_most_eight_extra_fields(card_view: LeadCardView) -> None:
    extra = {f"field {i}": f"value {i}" for i in range(11)}
    card_view.show_card(card_for(lead(extra=extra)))

    assert list(card_view.extra_fields()) == [f"field {i}" for i in range(8)]
    more = card_view.extra.findChild(QLabel, "lead_extra_more")
    assert more is not None and more.text() == "3 more"
    assert "field 10: value 10" in more.toolTip()


def test_tick_reopens_the_window(card_view: LeadCardView) -> None:
    card_view.show_card(card_for(lead()))
    card_view.tick(NOW + timedelta(hours=2))  # 12:05 Shanghai: lunch break
    assert card_view.state_line.property("level") == "warn"
    assert card_view.state_line.text().startswith("Customer's meal or rest time")

    card_view.tick(NOW + timedelta(hours=4))  # 14:05
    assert card_view.state_line.property("level") == "ok"
    assert card_view.state_line.text() == "Callable now (customer time Wed 14:05)"


def test_history_newest_first_with_amendments_under_the_original(
    qtbot: QtBot, history: tuple[CallView, ...]
) -> None:
    model = HistoryModel()
    model.set_history(history, CAMPAIGN)
    top = [model.index(r, OUTCOME) for r in range(model.rowCount())]

    assert [i.data() for i in top] == ["No wrap-up", "Sale · 1,200.50", "Not interested"]
    old = model.index(2, 0)
    assert model.rowCount(old) == 1
    child = model.index(0, CALL, old)
    assert child.parent() == old.siblingAtColumn(0)
    assert child.data() == "Amended: 选错了结果"
    assert model.index(0, OUTCOME, old).data() == "Interested"
    assert model.index(0, INTENT, old).data() == "B · warm"
    assert model.index(0, NOTE, old).data() == "老板让我们再打"
    # The original keeps its own values; nothing is overwritten.
    assert model.index(2, INTENT).data() == "C · cold"
    assert model.index(2, NOTE).data() == "前台说老板不在"
    assert model.index(2, CALL).data() == "01:35 · Customer hung up"
    assert model.index(1, NOTE).data() == "签了 24 个月"  # first line only
    assert "Spoke with: 王建国" in model.index(1, NOTE).data(Qt.ItemDataRole.ToolTipRole)
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.wrapup_at(model.index(0, 0)) is None


def test_outcome_labels_follow_the_ui_language(
    qtbot: QtBot, chinese: None, history: tuple[CallView, ...]
) -> None:
    model = HistoryModel()
    model.set_history(history, CAMPAIGN)

    assert model.index(2, OUTCOME).data() == "无意向"
    assert model.index(0, OUTCOME, model.index(2, 0)).data() == "有意向"


def select(view: LeadCardView, index: QModelIndex) -> None:
    view.history.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def test_amend_button_emits_the_selected_wrapup(
    qtbot: QtBot, card_view: LeadCardView, history: tuple[CallView, ...]
) -> None:
    shown = card_for(lead(), history)
    card_view.show_card(shown)
    model = card_view.history_model
    assert card_view.history.isVisible()
    assert card_view.amend.objectName() == "amend_button"
    assert not card_view.amend.isEnabled()

    select(card_view, model.index(0, 0))  # the call without a wrap-up
    assert not card_view.amend.isEnabled()
    assert card_view.history_detail.text() == "This call has no wrap-up."

    select(card_view, model.index(2, 0))  # the original
    assert card_view.amend.isEnabled()
    assert card_view.history_detail.text() == "Spoke with: 前台\n前台说老板不在"
    with qtbot.wait_signal(card_view.amend_requested) as blocker:
        qtbot.mouseClick(card_view.amend, Qt.MouseButton.LeftButton)
    assert blocker.args == [history[0].wrapups[0], shown.lead]

    select(card_view, model.index(0, 0, model.index(2, 0)))  # its amendment
    assert card_view.history_detail.text().startswith("Amended: 选错了结果\n")
    with qtbot.wait_signal(card_view.amend_requested) as blocker:
        card_view.amend.click()
    assert blocker.args == [history[0].wrapups[1], shown.lead]


def test_a_new_card_resets_the_history(
    card_view: LeadCardView, history: tuple[CallView, ...]
) -> None:
    card_view.show_card(card_for(lead(), history))
    select(card_view, card_view.history_model.index(2, 0))
    assert card_view.amend.isEnabled()

    card_view.show_card(card_for(lead()))
    assert not card_view.amend.isEnabled()
    assert card_view.history_model.rowCount() == 0
    assert not card_view.history.isVisible()
    assert card_view.no_history.isVisible()
    assert card_view.no_history.text() == "No previous calls."


def test_history_columns_fit_the_card(
    card_view: LeadCardView, history: tuple[CallView, ...]
) -> None:
    card_view.resize(590, 260)  # the card's size in the rep window at 1366x768
    card_view.show_card(card_for(lead(), history))
    tree = card_view.history
    shown = [c for c in range(5) if not tree.isColumnHidden(c)]

    # The history shares the card with the details: when and outcome always show.
    assert shown[0] == 0 and OUTCOME in shown
    assert sum(tree.columnWidth(c) for c in shown) <= tree.viewport().width()
