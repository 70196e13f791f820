"""Imports point down the layers (DESIGN.md): a lower layer never imports a higher one."""

from __future__ import annotations

import ast
from pathlib import Path

import agent_desk

PACKAGE = Path(agent_desk.__file__).parent

# Each layer and what it may import from the project (besides itself and the root helpers).
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "store": {"domain"},
    "sync": {"domain", "store"},
    "telephony": {"domain"},
    "desk": {"domain", "store", "sync", "telephony"},
    # The supervisor's team view: read-only queries of the store, nothing of a rep's desk.
    "team": {"domain", "store"},
    # connection.py is the app's login plumbing (below ui in DESIGN.md's diagram).
    # settings (declared settings) and crash (its report) are the app's plumbing too.
    "ui": {
        "domain",
        "store",
        "sync",
        "telephony",
        "desk",
        "team",
        "connection",
        "settings",
        "crash",
    },
    "admin": {"domain", "store"},
}
ROOT_HELPERS = {"clock", "paths", "__init__"}
FORBIDDEN_THIRD_PARTY: dict[str, tuple[str, ...]] = {
    "domain": ("PySide6", "sqlalchemy", "alembic", "psycopg"),
    "store": ("PySide6",),
    "sync": ("PySide6",),
    "admin": ("PySide6",),
    "telephony": ("PySide6.QtWidgets", "sqlalchemy"),
    "desk": ("PySide6.QtWidgets",),
    "team": ("PySide6.QtWidgets", "PySide6.QtGui", "PySide6.QtCharts"),
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _violations() -> list[str]:
    found = []
    for layer, allowed in ALLOWED.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in _imports(path):
                if name.startswith("agent_desk."):
                    target = name.split(".")[1]
                    if target != layer and target not in allowed | ROOT_HELPERS:
                        found.append(f"{path.relative_to(PACKAGE)} imports {name}")
                for banned in FORBIDDEN_THIRD_PARTY.get(layer, ()):
                    if name == banned or name.startswith(banned + "."):
                        found.append(f"{path.relative_to(PACKAGE)} imports {name}")
    return found


def test_layers_import_only_downwards() -> None:
    assert _violations() == []


def test_the_check_catches_an_upward_import(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from agent_desk.ui.rep_window import RepWindow\nimport PySide6\n")
    assert _imports(sample) == ["agent_desk.ui.rep_window", "PySide6"]
