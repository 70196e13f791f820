"""Run the admin command line in-process against a real database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from agent_desk.admin.cli import main
from agent_desk.paths import resources_dir
from agent_desk.store.engine import make_engine


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


Cli = Callable[..., Run]


@pytest.fixture
def db_url(empty_shared_url: str) -> str:
    """An empty database: SQLite unless a test parametrizes ``empty_shared_url``."""
    return empty_shared_url


@pytest.fixture
def cli(db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """``cli("user", "list")`` runs ``agent-desk-admin --db URL --actor tester user list``."""
    monkeypatch.delenv("AGENT_DESK_DB", raising=False)

    def run(*args: str) -> Run:
        code = main(["--db", db_url, "--actor", "tester", *args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def demo_files() -> Path:
    return resources_dir() / "demo"
