"""The wrap-up form's choice buttons: the campaign's outcomes and the intent levels A-D.

Each button carries its code in the ``code`` property and sits in an exclusive
`QButtonGroup` (``group``), which the form listens to.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QWidget,
)

from agent_desk.domain.outcomes import IntentLevel, Outcome, OutcomeSet
from agent_desk.ui import texts
from agent_desk.ui.style import accessible, ui_language

OUTCOME_COLUMNS = 2


class ChoiceButtons(QWidget):
    """Checkable buttons of which at most one is checked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)

    def _add_button(self, text: str, name: str, description: str, code: str) -> QPushButton:
        button = QPushButton(text, self)
        accessible(button, name, description)
        button.setCheckable(True)
        button.setProperty("code", code)
        self.group.addButton(button)
        return button

    def buttons(self) -> list[QAbstractButton]:
        return self.group.buttons()

    def checked_code(self) -> str | None:
        button = self.group.checkedButton()
        return None if button is None else str(button.property("code"))

    def select(self, code: str | None) -> bool:
        """Check the button of `code`; False when there is none."""
        for button in self.group.buttons():
            if button.property("code") == code:
                button.setChecked(True)
                return True
        return False

    def uncheck(self) -> None:
        # An exclusive group refuses to have nothing checked; lift it for a moment.
        self.group.setExclusive(False)
        for button in self.group.buttons():
            button.setChecked(False)
        self.group.setExclusive(True)

    def focus_target(self) -> QAbstractButton | None:
        """Where focus goes for this choice: the checked button, else the first."""
        buttons = self.group.buttons()
        if not buttons:
            return None
        return self.group.checkedButton() or buttons[0]


class OutcomeButtons(ChoiceButtons):
    """The campaign's outcomes in a grid, labelled with their hotkeys.

    A restored draft may name an outcome code the campaign no longer has; it is kept as
    `stray` (and given back by `current_code`) until the rep picks an outcome.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(4)
        self.outcomes: OutcomeSet | None = None
        self.stray: str | None = None
        # Connected before the form's handler, so the form sees the stray code gone.
        self.group.buttonToggled.connect(self._on_toggled)

    def set_outcomes(self, outcomes: OutcomeSet) -> bool:
        """One button per outcome; False (nothing rebuilt) when they are the same."""
        if outcomes == self.outcomes:
            return False
        self.outcomes = outcomes
        for button in self.group.buttons():
            self.group.removeButton(button)
            button.deleteLater()
        lang = ui_language()
        for index, outcome in enumerate(outcomes):
            label = outcome.label(lang)
            if outcome.hotkey is not None:
                label = self.tr("{key} {label}").format(key=outcome.hotkey, label=label)
            name = f"wrapup_outcome_{outcome.code}"
            button = self._add_button(label, name, outcome.label(lang), outcome.code)
            if outcome.hotkey is not None:
                button.setToolTip(self.tr("Key {key} or Alt+{key}").format(key=outcome.hotkey))
            self._grid.addWidget(button, index // OUTCOME_COLUMNS, index % OUTCOME_COLUMNS)
            button.show()  # now, not on the next event loop turn: call_ended focuses it
        return True

    def pick_hotkey(self, digit: int) -> bool:
        """Choose the outcome of digit key `digit`; False when no outcome has it."""
        outcome = None if self.outcomes is None else self.outcomes.by_hotkey(digit)
        return outcome is not None and self.select(outcome.code)

    def restore(self, code: str | None) -> None:
        """Show a draft's outcome: its button, or no button and `code` kept as stray."""
        self.clear()
        if not self.select(code):
            self.stray = code

    def clear(self) -> None:
        self.uncheck()
        self.stray = None

    def current_code(self) -> str | None:
        checked = self.checked_code()
        return self.stray if checked is None else checked

    def current(self) -> Outcome | None:
        return None if self.outcomes is None else self.outcomes.get(self.current_code())

    def _on_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self.stray = None


class IntentButtons(ChoiceButtons):
    """The intent levels A-D in a row (Alt+letter picks one)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for level in IntentLevel:
            text = texts.intent(level)
            button = self._add_button(text, f"wrapup_intent_{level}", text, str(level))
            button.setToolTip(self.tr("Alt+{key}").format(key=str(level)))
            row.addWidget(button)

    def level(self) -> IntentLevel | None:
        code = self.checked_code()
        return None if code is None else IntentLevel(code)

    def set_level(self, level: IntentLevel | None) -> None:
        self.uncheck()
        if level is not None:
            self.select(str(level))
