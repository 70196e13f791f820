"""The Chinese translation: current with the code, complete, placeholders kept, compiled.

The committed ``.ts`` is the source of truth for translators; the ``.qm`` next to it is
what the app loads. ``resources/i18n/update.sh`` refreshes both; these tests fail when
someone adds a string without running it, or leaves a message untranslated.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QCoreApplication, QTranslator

from agent_desk.ui.call_controls import CallControls

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
TS = I18N / "agent_desk_zh_CN.ts"
QM = I18N / "agent_desk_zh_CN.qm"

# str.format fields ("{name}", "{rate:.0%}") and Qt's plural count.
FIELD = re.compile(r"\{[^{}]*\}")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    numerus: bool
    kind: str  # the <translation> type attribute: "", "unfinished", "vanished", "obsolete"
    forms: tuple[str, ...]  # the translation, or each numerus form

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.context, self.source, self.comment)

    def __str__(self) -> str:
        return f"{self.context}: {self.source!r}"


def read_ts(path: Path) -> list[Message]:
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{name}: a message without <translation>"
            numerus = message.get("numerus") == "yes"
            if numerus:
                forms = tuple(f.text or "" for f in translation.iter("numerusform"))
            else:
                forms = (translation.text or "",)
            messages.append(
                Message(
                    context=name,
                    source=message.findtext("source", ""),
                    comment=message.findtext("comment", ""),
                    numerus=numerus,
                    kind=translation.get("type", ""),
                    forms=forms,
                )
            )
    return messages


def qt_tool(name: str) -> str:
    """A PySide6 tool from the venv's bin (next to this Python), else from PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found next to {sys.executable} or on PATH")
    return found


@pytest.fixture(scope="module")
def committed() -> list[Message]:
    return read_ts(TS)


def test_ts_has_every_string_of_the_code(tmp_path: Path, committed: list[Message]) -> None:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "agent_desk").rglob("*.py"))
    fresh = tmp_path / "fresh_zh_CN.ts"
    subprocess.run(
        [qt_tool("pyside6-lupdate"), "-no-obsolete", *sources, "-ts", str(fresh)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    in_code = read_ts(fresh)
    assert len(in_code) > 100, "lupdate found almost nothing: is it reading agent_desk/?"
    known = {m.key for m in committed}
    missing = [str(m) for m in in_code if m.key not in known]
    assert not missing, "run resources/i18n/update.sh and translate:\n" + "\n".join(missing)


def test_every_message_is_translated(committed: list[Message]) -> None:
    assert committed
    problems = []
    for m in committed:
        if m.kind:
            problems.append(f"{m} is {m.kind}")
        elif not m.forms or not all(f.strip() for f in m.forms):
            problems.append(f"{m} has an empty translation")
        elif m.numerus and len(m.forms) != 1:
            problems.append(f"{m} needs exactly one plural form in Chinese")
    assert not problems, "\n".join(problems)


def _shape_problems(m: Message, form: str) -> Iterator[str]:
    if Counter(FIELD.findall(form)) != Counter(FIELD.findall(m.source)):
        yield f"{m}: placeholders {FIELD.findall(m.source)} became {FIELD.findall(form)}"
    if "%n" in m.source and "%n" not in form:
        yield f"{m}: %n is missing"
    if form.count("\n") != m.source.count("\n"):
        yield f"{m}: line breaks differ"
    if form.count("&") != m.source.count("&"):
        yield f"{m}: & accelerators differ"
    # A separator is all edges: Chinese "、" takes no space where English ", " does.
    if _edges(form) != _edges(m.source) and "separator" not in m.comment:
        yield f"{m}: leading or trailing white space differs"


def _edges(text: str) -> tuple[str, str]:
    """The white space before and after the text."""
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


def test_translations_keep_placeholders_and_shape(committed: list[Message]) -> None:
    problems = [p for m in committed for form in m.forms for p in _shape_problems(m, form)]
    assert not problems, "\n".join(problems)


def test_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    compiled = tmp_path / "fresh.qm"
    subprocess.run(
        [qt_tool("pyside6-lrelease"), str(TS), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    assert QM.read_bytes() == compiled.read_bytes(), "run resources/i18n/update.sh"


@pytest.fixture
def chinese(qapp: QCoreApplication) -> Iterator[QTranslator]:
    translator = QTranslator()
    assert translator.load(str(QM)), f"cannot load {QM}"
    QCoreApplication.installTranslator(translator)
    yield translator
    QCoreApplication.removeTranslator(translator)


def test_qm_makes_the_desk_chinese(chinese: QTranslator, qtbot: QtBot) -> None:
    translate = QCoreApplication.translate
    assert translate("CallControls", "Dial") == "拨号"
    assert translate("CallControls", "Hang up") == "挂断"
    assert translate("Texts", "Wrap-up") == "通话小结"
    assert translate("RepWindow", "Save the wrap-up") == "保存通话小结"
    queue = translate("QueuePanel", "My queue ({n})", "", 3).format(n=3)
    assert queue == "待拨队列 (3)"
    assert translate("CallControls", "Ring %n", "", 2) == "响铃 2 声"
    controls = CallControls()
    qtbot.addWidget(controls)
    assert controls.dial_button.text() == "拨号"
    assert controls.call_state.text() == "无通话"
