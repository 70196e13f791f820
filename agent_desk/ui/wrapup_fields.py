"""The wrap-up form's fields: labelled rows in sections, each with its error line below.

`WrapupFields` holds the widgets and moves a `WrapupDraft` in and out of them. When
the form is open, what an edit means (debounced drafts, errors clearing, saving) is
`agent_desk.ui.wrapup_form.WrapupForm`'s business.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from agent_desk.clock import Clock
from agent_desk.domain.calling_policy import CallingPolicy
from agent_desk.domain.outcomes import Outcome
from agent_desk.domain.wrapup import FIELDS, FieldError, FieldErrorCode, WrapupDraft
from agent_desk.domain.wrapup_input import normalize_tags, parse_amount
from agent_desk.ui import texts
from agent_desk.ui.followup_picker import FollowupPicker, MomentEdit
from agent_desk.ui.style import accessible, set_level, set_role
from agent_desk.ui.wrapup_choices import IntentButtons, OutcomeButtons

_TAG_SEPARATOR = re.compile(r"[,，;；、]")


class TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma, not the whole line."""

    def splitPath(self, path: str) -> list[str]:
        return [_TAG_SEPARATOR.split(path)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        tag = super().pathFromIndex(index)
        edit = self.widget()
        text = edit.text() if isinstance(edit, QLineEdit) else ""
        cuts = list(_TAG_SEPARATOR.finditer(text))
        head = text[: cuts[-1].end()].rstrip() if cuts else ""
        return f"{head} {tag}" if head else tag


class SatisfactionBox(QComboBox):
    """The customer's satisfaction (客户满意度), 1-5, or "not given" (the default).

    Never required: the rep records it when the customer rates the call. A digit typed
    while it has focus picks that rating (each choice starts with its number).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(self.tr("— not given"), None)
        for rating, text in (
            (1, self.tr("1 · very dissatisfied")),
            (2, self.tr("2 · dissatisfied")),
            (3, self.tr("3 · neutral")),
            (4, self.tr("4 · satisfied")),
            (5, self.tr("5 · very satisfied")),
        ):
            self.addItem(text, rating)
        self.setToolTip(self.tr("The customer's own rating of the call, if they gave one"))

    def rating(self) -> int | None:
        value = self.currentData()
        return value if isinstance(value, int) else None

    def set_rating(self, rating: int | None) -> None:
        index = self.findData(rating) if rating is not None else 0
        self.setCurrentIndex(max(index, 0))


class WrapupFields(QWidget):
    """Time, person, outcome, intent, follow-up and details, in labelled rows.

    The rows of ``intent``, ``satisfaction``, ``followup``, ``amount`` and
    ``complaint_summary`` (with their section titles) are shown only when the outcome uses
    them: see `show_for`.
    Choosing an outcome is not reported by `edited`: listen to ``outcomes.group``.

    Signals:
        edited(str): This field changed, by the rep or by `fill` / `empty`.
    """

    edited = Signal(str)

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fields: dict[str, QWidget] = {}
        self._error_labels: dict[str, QLabel] = {}
        self._rows: dict[str, list[QWidget]] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 4, 0)
        form = self._form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addStretch(1)  # spare height below the fields, not inside the note box
        form.setVerticalSpacing(4)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self._section(self.tr("Call"), "call")
        self.time = MomentEdit(self, unset_text="—")  # "—" only while no call
        self._add("contact_time", "wrapup_time", self.time)
        self.person = QLineEdit(self)
        answers = [
            self.tr("Customer in person"),
            self.tr("Colleague"),
            self.tr("Family member"),
            self.tr("Receptionist"),
        ]
        completer = QCompleter(answers, self.person)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.person.setCompleter(completer)
        self._add("person", "wrapup_person", self.person)

        self._section(self.tr("Result"), "result")
        self.outcomes = OutcomeButtons(self)
        self._add("outcome", "wrapup_outcome", self.outcomes, span=True)
        self.intents = IntentButtons(self)
        self._add("intent", "wrapup_intent", self.intents)
        self.satisfaction = SatisfactionBox(self)
        self._add("satisfaction", "wrapup_satisfaction", self.satisfaction, required=False)

        self._section(self.tr("Follow-up"), "followup")
        self.picker = FollowupPicker(clock, self)
        label = self.tr("Call back at")
        self._add("followup", "wrapup_followup", self.picker.edit, label=label, holder=self.picker)

        self._section(self.tr("Details"), "details")
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText(self.tr("Comma-separated, e.g. price, later"))
        self.tag_model = QStringListModel(self)
        tag_completer = TagCompleter(self.tag_model, self.tags)
        tag_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(tag_completer)
        self._add("tags", "wrapup_tags", self.tags, required=False)
        self.note = self._text_box(3)
        self._add("note", "wrapup_note", self.note, required=False)
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(self.tr("e.g. 1,299.00"))
        self._add("amount", "wrapup_amount", self.amount)
        self.complaint = self._text_box(3)
        self._add("complaint_summary", "wrapup_complaint", self.complaint)
        # Two lines: one line would not fit the 380 px panel.
        self.opening = QCheckBox(
            self.tr("Opening statement given\n(who I am, company, purpose)"), self
        )
        accessible(self.opening, "wrapup_opening", self.tr("Opening statement given"))
        form.addRow(self.opening)

        self.time.edited.connect(lambda: self.edited.emit("contact_time"))
        self.intents.group.buttonToggled.connect(self._on_intent_toggled)
        self.picker.edited.connect(lambda: self.edited.emit("followup"))
        for name, edit in (("person", self.person), ("tags", self.tags), ("amount", self.amount)):
            edit.textChanged.connect(lambda _t, n=name: self.edited.emit(n))
        self.note.textChanged.connect(lambda: self.edited.emit("note"))
        self.complaint.textChanged.connect(lambda: self.edited.emit("complaint_summary"))
        self.opening.toggled.connect(lambda _on: self.edited.emit("opening"))
        self.satisfaction.currentIndexChanged.connect(lambda _i: self.edited.emit("satisfaction"))

    def _on_intent_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self.edited.emit("intent")

    def _text_box(self, lines: int) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setTabChangesFocus(True)  # Tab moves on; the rep never types tab characters
        box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
        return box

    def _section(self, title: str, name: str) -> None:
        label = QLabel(title, self)
        set_role(label, "title")
        label.setContentsMargins(0, 4, 0, 0)
        self._form.addRow(label)
        self._rows[f"section_{name}"] = [label]

    def _add(
        self,
        field: str,
        name: str,
        widget: QWidget,
        *,
        label: str = "",
        required: bool = True,
        span: bool = False,
        holder: QWidget | None = None,
    ) -> None:
        label = label or texts.field_label(field)
        accessible(widget, name, label)
        caption = QLabel(self.tr("{field} *").format(field=label) if required else label)
        if required:
            caption.setToolTip(self.tr("Required"))
        error = QLabel(self)
        accessible(error, f"{name}_error", self.tr("Problem with {field}").format(field=label))
        set_role(error, "error")
        error.setWordWrap(True)
        error.hide()
        cell = QWidget(self)
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(holder or widget)
        box.addWidget(error)
        if span:
            self._form.addRow(caption)
            self._form.addRow(cell)
        else:
            self._form.addRow(caption, cell)
        self._fields[field] = widget
        self._error_labels[field] = error
        self._rows[field] = [caption, cell]

    def tab_chain(self) -> list[QWidget]:
        """The fields in Tab order, top to bottom (outcome and intent buttons included)."""
        chain: list[QWidget] = [self.time, self.person, *self.outcomes.buttons()]
        chain += [*self.intents.buttons(), self.satisfaction, self.picker.edit, self.picker.owner]
        chain += [*self.picker.quick, self.tags, self.note, self.amount, self.complaint]
        return [*chain, self.opening]

    # -- rows and their errors --------------------------------------------------------------------

    def widget(self, field: str) -> QWidget:
        return self._fields[field]

    def uses(self, field: str) -> bool:
        """Whether the field is shown (the selected outcome uses it)."""
        return not self._rows[field][-1].isHidden()

    def show_for(self, outcome: Outcome | None) -> None:
        """Show only the rows (and section titles) the outcome uses; hidden rows lose errors."""
        shown = {
            "intent": outcome is not None and outcome.contact,
            # Only someone spoken to can rate the call.
            "satisfaction": outcome is not None and outcome.contact,
            "followup": outcome is not None and outcome.callback,
            "amount": outcome is not None and outcome.sale,
            "complaint_summary": outcome is not None and outcome.complaint,
        }
        for field, visible in shown.items():
            for widget in self._rows[field] + self._rows.get(f"section_{field}", []):
                widget.setVisible(visible)
            if not visible:
                self.clear_error(field)
        # Off, not only out of sight, when nobody was spoken to: nothing can rate the call.
        self.satisfaction.setEnabled(shown["satisfaction"])

    def show_messages(self, messages: dict[str, list[str]]) -> str | None:
        """Only these messages, each under its field; the first shown field in use, if any."""
        self.clear_errors()
        first: str | None = None
        for field in (*FIELDS, *messages):
            label = self._error_labels.get(field)
            if field not in messages or label is None or label.text():
                continue  # no row to show it in, or shown already
            self.set_error(field, "\n".join(messages[field]))
            if first is None and self.uses(field):
                first = field
        return first

    def set_error(self, field: str, text: str) -> None:
        """Show `text` under the field and mark the field."""
        label = self._error_labels[field]
        label.setText(text)
        label.show()
        set_level(self._fields[field], "alert")

    def clear_error(self, field: str) -> None:
        label = self._error_labels.get(field)
        if label is not None and label.text():
            label.clear()
            label.hide()
            set_level(self._fields[field], "")

    def clear_errors(self) -> None:
        for field in self._error_labels:
            self.clear_error(field)

    # -- values -----------------------------------------------------------------------------------

    def fill(
        self, draft: WrapupDraft, policy: CallingPolicy, tz: str, prefill: datetime | None
    ) -> None:
        """Show `draft` (its time, else `prefill`); follow-ups are checked in zone `tz`."""
        self.time.set_moment(draft.contact_time or prefill)
        self.person.setText(draft.person)
        self.outcomes.restore(draft.outcome_code)
        self.intents.set_level(draft.intent)
        self.satisfaction.set_rating(draft.satisfaction)
        self.tags.setText(texts.joined(list(draft.tags)))
        self.note.setPlainText(draft.note)
        self.picker.set_context(policy, tz)
        self.picker.set_value(draft.followup_at, draft.callback_for_team)
        self.amount.setText("" if draft.amount is None else format(draft.amount, ",f"))
        self.complaint.setPlainText(draft.complaint_summary)
        self.opening.setChecked(draft.opening_done)

    def empty(self) -> None:
        """Every field empty, no outcome and no intent chosen."""
        for edit in (self.person, self.tags, self.amount):
            edit.clear()
        self.note.clear()
        self.complaint.clear()
        self.opening.setChecked(False)
        self.outcomes.clear()
        self.intents.uncheck()
        self.satisfaction.set_rating(None)
        self.time.set_moment(None)
        self.picker.set_value(None, False)

    def read(self) -> tuple[WrapupDraft, list[FieldError]]:
        """The fields as typed, and the problems found on the way.

        An amount that does not parse gives None, and an error unless the outcome does
        not use the amount (a hidden amount is not saved).
        """
        errors: list[FieldError] = []
        amount: Decimal | None = None
        text = self.amount.text().strip()
        if text:
            try:
                amount = parse_amount(text)
            except ValueError:
                if self.uses("amount"):
                    code = FieldErrorCode.NOT_POSITIVE
                    errors.append(FieldError("amount", code, {"not_amount": text}))
        draft = WrapupDraft(
            contact_time=self.time.moment(),
            person=self.person.text(),
            outcome_code=self.outcomes.current_code(),
            intent=self.intents.level(),
            satisfaction=self.satisfaction.rating(),
            tags=normalize_tags(self.tags.text()),
            note=self.note.toPlainText(),
            followup_at=self.picker.value(),
            callback_for_team=self.picker.for_team(),
            amount=amount,
            complaint_summary=self.complaint.toPlainText(),
            opening_done=self.opening.isChecked(),
        )
        return draft, errors
