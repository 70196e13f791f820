"""The domain layer stays pure: no Qt, no SQL, no I/O, no hidden clock."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import agent_desk.domain

DOMAIN = Path(agent_desk.domain.__file__).parent
MODULES = sorted(DOMAIN.glob("*.py"))
FORBIDDEN_PACKAGES = {
    "PySide6",
    "shiboken6",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "keyring",
    "platformdirs",
    "openpyxl",
    "agent_desk",  # only agent_desk.domain itself, checked below
}
# Calls that read the clock or touch the outside world. Plain names (open, print) and
# method names (datetime.now, time.monotonic); time.time is matched with its module.
FORBIDDEN_NAMES = {"open", "print", "input"}
FORBIDDEN_METHODS = {"now", "utcnow", "today", "monotonic", "perf_counter", "sleep", "urlopen"}


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_there_are_modules() -> None:
    assert len(MODULES) > 5


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_imports_are_pure(path: Path) -> None:
    for name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        root = name.split(".")[0]
        if name.startswith("agent_desk.domain"):
            continue
        assert root not in FORBIDDEN_PACKAGES, f"{path.name} imports {name}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_clock_or_io_calls(path: Path) -> None:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func, where = node.func, f"{path.name}:{node.lineno}"
        if isinstance(func, ast.Name):
            assert func.id not in FORBIDDEN_NAMES, f"{where} calls {func.id}()"
        elif isinstance(func, ast.Attribute):
            assert func.attr not in FORBIDDEN_METHODS, f"{where} calls .{func.attr}()"
            owner = getattr(func.value, "id", "")
            assert (owner, func.attr) != ("time", "time"), f"{where} calls time.time()"
