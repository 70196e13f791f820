"""The talk-track (话术) panel: the campaign script with the lead's fields filled in.

The document is built section by section with a text cursor, so every section and
objection heading carries an anchor and a known position: a jump puts that heading at
the top of the view, whatever Markdown the section bodies hold.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import (
    QEvent,
    QObject,
    Qt,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QDesktopServices,
    QResizeEvent,
    QTextCursor,
    QTextFrameFormat,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from agent_desk.domain.campaign import CampaignConfig
from agent_desk.domain.scripts import Script, ScriptSection, render_script
from agent_desk.ui.script_document import (
    DocumentBuilder,
    FlowLayout,
    clear_layout,
    escape_markdown,
)
from agent_desk.ui.style import accessible, set_role

FONT_SCALE = 1.2  # read while talking: a little larger than the desk's default
MAX_CUSTOMER_LINES = 50
BUTTON_TEXT_MAX = 24


def _short(text: str) -> str:
    return text if len(text) <= BUTTON_TEXT_MAX else text[: BUTTON_TEXT_MAX - 1] + "…"


class ScriptPanel(QWidget):
    """The campaign's talk-track: section buttons, the text, objection answers.

    While a call is live the opening (who I am, which company, why I call) is pinned
    in a framed box above the text, as the regulations require it to be said.

    Signals:
        section_shown(str): The id of the section or objection a jump scrolled to.
    """

    section_shown = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._campaign: CampaignConfig | None = None
        self._fields: Mapping[str, str] = {}
        self._script: Script | None = None
        self._live = False
        self._anchors: dict[str, int] = {}

        self.title = QLabel(self)
        accessible(self.title, "script_title", self.tr("Talk-track title"))
        set_role(self.title, "title")
        self.title.setWordWrap(True)
        self.nav = QWidget(self)
        accessible(self.nav, "script_sections", self.tr("Jump to a section of the talk-track"))
        self.nav_layout = FlowLayout(self.nav)

        self.pinned = QFrame(self)
        accessible(self.pinned, "script_pinned", self.tr("Opening to say on every call"))
        set_role(self.pinned, "pinned")
        self.pinned_view = self._browser("script_pinned_view", self.tr("Opening text"))
        self.pinned_view.setFrameShape(QFrame.Shape.NoFrame)
        self.pinned_view.viewport().setAutoFillBackground(False)
        pinned_layout = QVBoxLayout(self.pinned)
        pinned_layout.setContentsMargins(8, 6, 8, 6)
        pinned_layout.addWidget(self.pinned_view)
        self.pinned.hide()

        self.view = self._browser("script_view", self.tr("Talk-track text"))
        self.view.viewport().installEventFilter(self)

        self.empty = QLabel(self.tr("This campaign has no talk-track yet."), self)
        accessible(self.empty, "script_empty", self.tr("No talk-track"))
        set_role(self.empty, "hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        # Objection answers sit beside the text, one click away, costing no height.
        self.objections = QWidget(self)
        accessible(self.objections, "script_objections", self.tr("Answers to objections"))
        self.objections_layout = QVBoxLayout(self.objections)
        self.objections_layout.setContentsMargins(0, 0, 0, 0)
        self.objections_layout.setSpacing(4)
        self.objections.setMaximumWidth(190)

        self.customer = QFrame(self)
        accessible(self.customer, "script_customer", self.tr("What the customer says"))
        set_role(self.customer, "card")
        customer_title = QLabel(self.tr("Customer says"), self.customer)
        set_role(customer_title, "hint")
        self.customer_lines = QListWidget(self.customer)
        accessible(self.customer_lines, "customer_lines", self.tr("The customer's words"))
        self.customer_lines.setWordWrap(True)
        lines = self.customer_lines.fontMetrics().lineSpacing()
        self.customer_lines.setMaximumHeight(
            int(lines * 2.4) + 2 * self.customer_lines.frameWidth()
        )
        self.customer_lines.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        customer_layout = QHBoxLayout(self.customer)
        customer_layout.setContentsMargins(8, 4, 8, 4)
        customer_layout.setSpacing(8)
        customer_layout.addWidget(customer_title, 0, Qt.AlignmentFlag.AlignTop)
        customer_layout.addWidget(self.customer_lines, 1)
        self.customer.hide()

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.nav, 2)
        text = QVBoxLayout()
        text.addWidget(self.pinned)
        text.addWidget(self.view, 1)
        text.addWidget(self.empty, 1)
        body = QHBoxLayout()
        body.addLayout(text, 1)
        body.addWidget(self.objections, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addLayout(body, 1)
        layout.addWidget(self.customer)
        self.setFocusProxy(self.view)  # "go to the talk-track" lands in the text
        self._render()

    def _browser(self, name: str, description: str) -> QTextBrowser:
        browser = QTextBrowser(self)
        accessible(browser, name, description)
        browser.setOpenLinks(False)
        browser.document().setDocumentMargin(8)
        browser.anchorClicked.connect(self._link)
        font = browser.font()
        font.setPointSizeF(font.pointSizeF() * FONT_SCALE)
        browser.setFont(font)
        return browser

    # -- what the owner calls -------------------------------------------------------------

    def show_script(self, campaign: CampaignConfig | None, fields: Mapping[str, str]) -> None:
        """Show a campaign's talk-track with `fields` (``lead.name`` ...) filled in."""
        self._campaign = campaign
        self._fields = dict(fields)
        self._render()

    def set_call_live(self, live: bool) -> None:
        """Pin the opening above the text while a call is live."""
        if live != self._live:
            self._live = live
            self._render()

    def show_customer_line(self, text: str) -> None:
        """Add what the (training) customer just said."""
        self.customer_lines.addItem(text)
        while self.customer_lines.count() > MAX_CUSTOMER_LINES:
            self.customer_lines.takeItem(0)
        self.customer_lines.scrollToBottom()
        self.customer.show()

    def clear_customer_lines(self) -> None:
        self.customer_lines.clear()
        self.customer.hide()

    def jump_to(self, anchor: str) -> bool:
        """Scroll so the section or objection `anchor` starts at the top of the text.

        Returns:
            False when the script has no such section or objection.
        """
        script = self._script
        if script is not None and self._pinned_opening() is not None:
            opening = script.opening
            if opening is not None and anchor == opening.id:
                self.pinned_view.verticalScrollBar().setValue(0)
                self.section_shown.emit(anchor)
                return True
        position = self._anchors.get(anchor)
        if position is None:
            return False
        doc = self.view.document()
        block = doc.findBlock(position)
        top = doc.documentLayout().blockBoundingRect(block).top()
        cursor = QTextCursor(doc)
        cursor.setPosition(position)
        self.view.setTextCursor(cursor)
        self.view.verticalScrollBar().setValue(int(top))
        self.section_shown.emit(anchor)
        return True

    @property
    def call_live(self) -> bool:
        return self._live

    @property
    def script(self) -> Script | None:
        """The script as shown (fields filled in), or None for the empty state."""
        return self._script

    def anchor_names(self) -> list[str]:
        """Ids a jump can go to in the text, in document order."""
        return list(self._anchors)

    # -- inside ----------------------------------------------------------------------------

    def _pinned_opening(self) -> ScriptSection | None:
        if not self._live or self._script is None:
            return None
        return self._script.opening

    def _render(self) -> None:
        campaign = self._campaign
        has_script = campaign is not None and bool(campaign.script_markdown.strip())
        if campaign is None or not has_script:
            self._script = None
        else:
            fields = {k: escape_markdown(str(v)) for k, v in self._fields.items()}
            self._script = render_script(campaign.script, fields)
        script = self._script
        for widget in (self.title, self.nav, self.view, self.objections):
            widget.setVisible(script is not None)
        self.empty.setVisible(script is None)
        self.title.setText(script.title if script and script.title else "")
        self.title.setVisible(bool(script and script.title))
        self._anchors = {}
        self.view.clear()
        self._fill_pinned()
        self._fill_buttons()
        if script is None:
            return
        builder = DocumentBuilder(self.view.document(), self.view.font().pointSizeF())
        pinned = self._pinned_opening()
        opening = script.opening
        ordered = [s for s in script.sections if s.id == "intro" and not s.title]
        ordered += [opening] if opening is not None and pinned is None else []
        ordered += [s for s in script.sections if s not in ordered and s is not opening]
        for section in ordered:
            builder.section(section, script)
        builder.mark_placeholders(self.palette())
        self._anchors = builder.anchors
        self._pad_bottom()
        self.view.moveCursor(QTextCursor.MoveOperation.Start)
        self.view.verticalScrollBar().setValue(0)

    def _fill_pinned(self) -> None:
        opening = self._pinned_opening()
        self.pinned.setVisible(opening is not None)
        if opening is None or self._script is None:
            self.pinned_view.clear()
            return
        builder = DocumentBuilder(self.pinned_view.document(), self.pinned_view.font().pointSizeF())
        builder.heading(opening.id, opening.title, 2)
        builder.body(opening.body)
        builder.mark_placeholders(self.palette())
        self._fit_pinned()

    def _fit_pinned(self) -> None:
        """As tall as the opening, up to a quarter of the panel (then it scrolls)."""
        if self.pinned.isHidden():
            return
        view = self.pinned_view
        doc = view.document()
        doc.setTextWidth(max(view.viewport().width(), 100))
        wanted = int(doc.size().height()) + 2 * view.frameWidth() + 2
        view.setFixedHeight(max(40, min(wanted, self.height() // 4)))

    def _fill_buttons(self) -> None:
        clear_layout(self.nav_layout)
        clear_layout(self.objections_layout)
        script = self._script
        if script is None:
            return
        kind_names = {
            "opening": self.tr("Opening"),
            "discovery": self.tr("Discovery"),
            "pitch": self.tr("Pitch"),
            "objections": self.tr("Objections"),
            "close": self.tr("Close", "talk-track section: closing the sale"),
        }
        named: set[str] = set()
        pinned = self._pinned_opening()
        for section in script.sections:
            if not section.title:
                continue
            first_of_kind = section.kind in kind_names and section.kind not in named
            named.add(section.kind)
            text = kind_names[section.kind] if first_of_kind else _short(section.title)
            button = self._button(self.nav, text, section.id)
            if pinned is not None and section is pinned:
                button.setToolTip(
                    self.tr("{title}: pinned above during the call").format(title=section.title)
                )
            else:
                button.setToolTip(self.tr("Go to {title}").format(title=section.title))
            self.nav_layout.addWidget(button)
        if script.objections:
            label = QLabel(self.tr("Objections:"), self.objections)
            set_role(label, "hint")
            # As tall as the buttons beside it, so its text lines up with theirs.
            label.setMinimumHeight(QPushButton("x").sizeHint().height())
            self.objections_layout.addWidget(label)
        for objection in script.objections:
            button = self._button(self.objections, _short(objection.title), objection.id)
            button.setToolTip(self.tr("Answer: {title}").format(title=objection.title))
            self.objections_layout.addWidget(button)
        self.objections.setVisible(bool(script.objections))

    def _button(self, parent: QWidget, text: str, anchor: str) -> QPushButton:
        button = QPushButton(text, parent)
        accessible(button, f"script_jump_{anchor}", self.tr("Jump to this part of the talk-track"))
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(lambda: self.jump_to(anchor))
        return button

    def _pad_bottom(self) -> None:
        """Room below the last section, so a jump can bring even it to the top."""
        doc = self.view.document()
        frame = doc.rootFrame()
        fmt: QTextFrameFormat = frame.frameFormat()
        fmt.setBottomMargin(max(self.view.viewport().height() - 40, 0))
        frame.setFrameFormat(fmt)

    @Slot(QUrl)
    def _link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment():
            self.jump_to(url.fragment())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._pad_bottom()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_pinned()
