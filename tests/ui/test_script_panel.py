"""The talk-track panel, on real widgets with English and Chinese scripts."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QTextBlock, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QPushButton

from agent_desk.domain.calling_windows import CallingPolicy
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.domain.outcomes import STANDARD_OUTCOMES
from agent_desk.ui.script_panel import ScriptPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

POLICY = CallingPolicy.from_config({"windows": {"weekdays": ["09:00-20:00"]}, "holidays": []})
FILLER = "\n\n".join(f"Line {n} of filler so the text needs scrolling." for n in range(40))

EN_SCRIPT = f"""# Trial follow-up

> Check the lead card first.

## Opening

Hi {{{{lead.name}}}}, this is {{{{agent.name}}}} from {{{{campaign.company}}}}.
I am calling about your trial. If price worries you, see [the price answer](#obj-price).

## Discovery

1. How many people use it?
2. What did you use before?

{FILLER}

## Pitch

The business plan costs USD 12.

## Objections

Acknowledge first.

### It's too expensive {{#obj-price}}

Most teams save a meeting a week.

### Send me an email {{#obj-email}}

Happy to.

## Pricing table

Plans and prices.

## Close

Shall I book the onboarding?
"""

ZH_SCRIPT = """# 宽带升级

## 开场白 {#opening}

您好,请问是{{lead.company}}的{{lead.name}}吗?我是{{campaign.company}}的客户经理。

- 客户说“方便”:进入[需求了解](#discovery)。

## 需求了解 {#discovery}

现在有多少人同时上网?您在{{lead.extra.城市}}哪个区?

## 异议处理 {#objections}

### 价格会不会偷偷涨? {#obj-price}

月费和您现在一样。

## 促成 {#close}

我帮您登记升级。
"""


def campaign(markdown: str, lang: str = "en") -> CampaignConfig:
    return CampaignConfig(
        1, "c", "Campaign", lang, "Brightlane", "trial", "US", "America/New_York",
        POLICY, STANDARD_OUTCOMES, 300, 6, 60, None, markdown,
    )  # fmt: skip


EN_FIELDS = {"lead.name": "Maria", "campaign.company": "Brightlane"}
ZH_FIELDS = {"lead.name": "王先生", "lead.company": "川味小馆", "campaign.company": "海川电信"}


@pytest.fixture
def panel(qtbot: QtBot) -> ScriptPanel:
    widget = ScriptPanel()
    qtbot.addWidget(widget)
    widget.resize(480, 600)
    widget.show()
    qtbot.wait_exposed(widget)
    return widget


def text_of(panel: ScriptPanel) -> str:
    return panel.view.document().toPlainText()


def buttons(parent: object) -> list[QPushButton]:
    assert hasattr(parent, "findChildren")
    return parent.findChildren(QPushButton)


def heading_block(doc: QTextDocument, anchor: str) -> QTextBlock:
    """The block whose text carries the anchor name (a section or objection heading)."""
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            if anchor in it.fragment().charFormat().anchorNames():
                return block
            it += 1
        block = block.next()
    raise AssertionError(f"no heading with anchor {anchor!r}")


def heading_is_at_top(panel: ScriptPanel, anchor: str) -> bool:
    """The first line at the top of the view belongs to the heading of `anchor`."""
    heading = heading_block(panel.view.document(), anchor)
    top = panel.view.cursorForPosition(QPoint(12, 12)).block()
    return top.blockNumber() == heading.blockNumber()


def test_renders_fields_and_marks_missing_ones(panel: ScriptPanel) -> None:
    panel.show_script(campaign(EN_SCRIPT), EN_FIELDS)
    text = text_of(panel)

    assert panel.view.objectName() == "script_view"
    assert panel.title.text() == "Trial follow-up"
    assert "Hi Maria, this is [agent.name?] from Brightlane." in text
    assert "{{" not in text
    cursor = panel.view.document().find("[agent.name?]")
    assert not cursor.isNull()
    marked = cursor.charFormat()
    assert marked.fontWeight() >= 700
    assert marked.background().style() != Qt.BrushStyle.NoBrush
    plain = panel.view.document().find("Brightlane").charFormat()
    assert plain.background().style() == Qt.BrushStyle.NoBrush


def test_field_values_are_not_read_as_markdown(panel: ScriptPanel) -> None:
    panel.show_script(campaign(EN_SCRIPT), {"lead.name": "*Li* [x](#obj-price)"})

    assert "Hi *Li* [x](#obj-price), this is" in text_of(panel)


def test_the_text_is_larger_than_the_desks_font(panel: ScriptPanel) -> None:
    assert panel.view.font().pointSizeF() > QApplication.font().pointSizeF()


def test_opening_is_the_first_section_when_no_call_is_live(panel: ScriptPanel) -> None:
    panel.show_script(campaign(EN_SCRIPT), EN_FIELDS)

    assert not panel.pinned.isVisible()
    assert panel.anchor_names()[:3] == ["intro", "opening", "discovery"]
    assert text_of(panel).index("Check the lead card") < text_of(panel).index("Opening")


def test_opening_is_pinned_while_a_call_is_live(panel: ScriptPanel) -> None:
    panel.show_script(campaign(EN_SCRIPT), EN_FIELDS)
    panel.set_call_live(True)

    assert panel.call_live
    assert panel.pinned.isVisible()
    assert panel.pinned.property("role") == "pinned"
    pinned = panel.pinned_view.document().toPlainText()
    assert pinned.startswith("Opening\nHi Maria, this is [agent.name?] from Brightlane.")
    assert "opening" not in panel.anchor_names()
    assert "Hi Maria" not in text_of(panel)  # said once, in the box, not twice

    panel.set_call_live(False)
    assert not panel.pinned.isVisible()
    assert "opening" in panel.anchor_names()


def test_section_buttons_jump_to_the_heading(panel: ScriptPanel) -> None:
    panel.show_script(campaign(EN_SCRIPT), EN_FIELDS)
    nav = {b.text(): b for b in buttons(panel.nav)}

    assert list(nav) == ["Opening", "Discovery", "Pitch", "Objections", "Pricing table", "Close"]
    assert nav["Pitch"].toolTip() == "Go to Pitch"
    bar = panel.view.verticalScrollBar()
    assert bar.value() == 0
    assert not heading_is_at_top(panel, "pitch")

    nav["Pitch"].click()
    assert bar.value() > 0
    assert heading_is_at_top(panel, "pitch")

    nav["Close"].click()  # the last section can come to the top too
    assert heading_is_at_top(panel, "close")

    nav["Opening"].click()
    assert heading_is_at_top(panel, "opening")


def test_objection_buttons_jump_to_the_answer(qtbot: QtBot, panel: ScriptPanel) -> None:
    panel.show_script(campaign(EN_SCRIPT), EN_FIELDS)
    answers = {b.text(): b for b in buttons(panel.objections)}

    assert list(answers) == ["It's too expensive", "Send me an email"]
    with qtbot.wait_signal(panel.section_shown) as blocker:
        answers["Send me an email"].click()
    assert blocker.args == ["obj-email"]
    assert heading_is_at_top(panel, "obj-email")


def test_a_link_in_the_text_jumps_to_the_objection(qtbot: QtBot, panel: ScriptPanel) -> None:
    panel.show_script(campaign(EN_SCRIPT), EN_FIELDS)
    doc = panel.view.document()
    link = doc.find("the price answer")
    assert link.charFormat().anchorHref() == "#obj-price"
    middle = QTextCursor(doc)
    middle.setPosition(link.selectionStart() + 3)
    spot = panel.view.cursorRect(middle).center()

    with qtbot.wait_signal(panel.view.anchorClicked):
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert heading_is_at_top(panel, "obj-price")
    assert panel.view.source().isEmpty()  # no navigation away from the script


def test_links_in_the_pinned_opening_jump_in_the_text(panel: ScriptPanel) -> None:
    panel.show_script(campaign(ZH_SCRIPT, "zh"), ZH_FIELDS)
    panel.set_call_live(True)
    panel.pinned_view.anchorClicked.emit(QUrl("#discovery"))

    assert heading_is_at_top(panel, "discovery")


def test_unknown_jumps_change_nothing(panel: ScriptPanel) -> None:
    panel.show_script(campaign(EN_SCRIPT), EN_FIELDS)
    panel.jump_to("pitch")
    before = panel.view.verticalScrollBar().value()

    assert not panel.jump_to("obj-nothing")
    panel.view.anchorClicked.emit(QUrl("#obj-nothing"))
    assert panel.view.verticalScrollBar().value() == before


def test_chinese_script(panel: ScriptPanel) -> None:
    panel.show_script(campaign(ZH_SCRIPT, "zh"), ZH_FIELDS)
    nav = {b.text(): b for b in buttons(panel.nav)}

    assert "您好,请问是川味小馆的王先生吗?我是海川电信的客户经理。" in text_of(panel)
    missing = panel.view.document().find("[lead.extra.城市?]")
    assert not missing.isNull() and missing.charFormat().fontWeight() >= 700
    assert list(nav) == ["Opening", "Discovery", "Objections", "Close"]
    assert nav["Discovery"].toolTip() == "Go to 需求了解"
    assert [b.text() for b in buttons(panel.objections)] == ["价格会不会偷偷涨?"]

    panel.set_call_live(True)
    assert panel.pinned_view.document().toPlainText().startswith("开场白\n您好")
    pinned_nav = {b.text(): b for b in buttons(panel.nav)}
    assert pinned_nav["Opening"].toolTip() == "开场白: pinned above during the call"
    assert panel.jump_to("opening")  # already in view: nothing to scroll


def test_customer_lines(panel: ScriptPanel) -> None:
    assert not panel.customer.isVisible()

    panel.show_customer_line("喂,你好,哪位?")
    panel.show_customer_line("太贵了吧。")
    assert panel.customer.isVisible()
    assert [panel.customer_lines.item(i).text() for i in range(2)] == [
        "喂,你好,哪位?",
        "太贵了吧。",
    ]

    panel.clear_customer_lines()
    assert not panel.customer.isVisible()
    assert panel.customer_lines.count() == 0


def test_empty_state(panel: ScriptPanel) -> None:
    panel.show_script(campaign("   "), EN_FIELDS)
    assert panel.empty.isVisible()
    assert panel.empty.text() == "This campaign has no talk-track yet."
    assert not panel.view.isVisible() and not panel.nav.isVisible()
    assert panel.script is None

    panel.show_script(None, {})
    assert panel.empty.isVisible()

    panel.show_script(campaign(EN_SCRIPT), EN_FIELDS)
    assert not panel.empty.isVisible() and panel.view.isVisible()


def test_document_is_plain_qt_rich_text(panel: ScriptPanel) -> None:
    """Headings carry anchors, so QTextBrowser's own scrollToAnchor works as well."""
    panel.show_script(campaign(EN_SCRIPT), EN_FIELDS)
    html = panel.view.document().toHtml()

    assert '<a name="obj-price">' in html
    assert isinstance(panel.view.document(), QTextDocument)
