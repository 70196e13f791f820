"""Where the app finds its bundled files and keeps its own.

Source checkouts and editable installs keep ``db/`` and ``resources/`` next to the
package; wheels and the PyInstaller bundle carry them inside it as ``_db`` and
``_resources`` (see ``pyproject.toml`` and ``build.spec``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "AgentDesk"
APP_AUTHOR = "AgentDesk"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(inside: str, beside: str) -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = [_PACKAGE_DIR / inside, _PACKAGE_DIR.parent / beside]
    if frozen_root:
        candidates.insert(0, Path(frozen_root) / "agent_desk" / inside)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {beside!r} not found in {candidates}")


def migrations_dir() -> Path:
    """The Alembic script folder (``db/``)."""
    return _bundled("_db", "db")


def resources_dir() -> Path:
    """Icons, style sheets, translations and demo data (``resources/``)."""
    return _bundled("_resources", "resources")


def data_dir() -> Path:
    """The user's data folder: embedded shared database and desk databases."""
    path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """The user's config folder: settings files of their own (the SIP account)."""
    path = Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_shared_db_url() -> str:
    """The embedded shared database: one SQLite file in the user data folder."""
    return f"sqlite:///{data_dir() / 'shared.sqlite3'}"
