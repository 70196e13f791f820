"""Logs: rotating files in the log folder, no phone numbers or passwords in them."""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import QMessageLogContext, QtMsgType

from agent_desk.logs import BACKUPS, MAX_BYTES, qt_message, scrub, setup_logging


@pytest.mark.parametrize(
    ("text", "hidden", "kept"),
    [
        ("dial +8613800138000 now", "13800138000", "+86*********00"),
        ("dial +86 138 0013 8000", "0013 8000", "+86"),
        ("mobile 13800138000.", "13800138000", "138******00"),
        ("mobile 138-0013-8000", "0013-8000", "138"),
        ("uk +44 20 7946 0958 ok", "7946 0958", "+44"),
        ("sip:+14155550100@pbx", "4155550100", "@pbx"),
        ("postgresql://rep1:s3cret@db:5432/agent_desk", "s3cret", "rep1:***@db:5432"),
        ("login password=hunter2 sslmode=require", "hunter2", "sslmode=require"),
        ('{"password": "hunter2", "user": "rep1"}', "hunter2", '"user": "rep1"'),
    ],
)
def test_scrub_hides_numbers_and_passwords(text: str, hidden: str, kept: str) -> None:
    clean = scrub(text)
    assert hidden not in clean
    assert kept in clean


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-27 12:01:58,123 INFO sync: pushed 12 rows in 138 ms",
        "lead 3f2a9c13800138000e1b2c3d4e5f6a7b claimed",
        "port 5432, pid 123456, 20261127 build",
        "revision 0006 at head, 600 leads, 1.5 s",
    ],
)
def test_scrub_leaves_ordinary_numbers(text: str) -> None:
    assert scrub(text) == text


@pytest.fixture
def log_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    yield folder
    setup_logging(None, console=False)  # drop the file handler again
    logging.getLogger().setLevel(logging.WARNING)


def test_the_log_file_has_no_number_or_password(log_folder: Path) -> None:
    path = setup_logging(log_folder, console=False)
    assert path is not None and path.parent == log_folder
    log = logging.getLogger("agent_desk.test")
    log.info("dialing %s for %s", "+8613800138000", "rep1")
    try:
        raise ValueError("cannot log in to postgresql://rep1:s3cret@db/agent_desk")
    except ValueError:
        log.exception("login failed for 13912345678")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "dialing +86*********00 for rep1" in text
    assert "13800138000" not in text and "13912345678" not in text
    assert "s3cret" not in text and "Traceback" in text


def test_logs_rotate(log_folder: Path) -> None:
    setup_logging(log_folder, console=False)
    files = [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.handlers.RotatingFileHandler)
    ]
    assert len(files) == 1
    assert (files[0].maxBytes, files[0].backupCount) == (MAX_BYTES, BACKUPS)
    setup_logging(log_folder, console=False)  # again: replaced, not doubled
    rotating = logging.handlers.RotatingFileHandler
    assert sum(isinstance(h, rotating) for h in logging.getLogger().handlers) == 1


def test_an_unwritable_folder_still_starts(
    tmp_path: Path, log_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert setup_logging(blocked / "logs", console=False) is None
    assert "cannot write logs" in capsys.readouterr().err


def test_qt_messages_become_log_records(log_folder: Path) -> None:
    path = setup_logging(log_folder, console=False)
    assert path is not None
    qt_message(QtMsgType.QtWarningMsg, QMessageLogContext(), "a Qt warning about 13800138000")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "WARNING" in text and "qt: a Qt warning about 138******00" in text


def test_offscreen_noise_is_only_debug(log_folder: Path) -> None:
    path = setup_logging(log_folder, console=False)
    assert path is not None
    qt_message(
        QtMsgType.QtWarningMsg,
        QMessageLogContext(),
        "This plugin does not support propagateSizeHints()",
    )
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "propagateSizeHints" not in path.read_text(encoding="utf-8")
