"""Do-not-call files: reading the numbers of an import file, writing the private export."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from agent_desk.admin.cli_base import CliError
from agent_desk.domain.lead_headers import field_for_header

# Besides the importer's phone headers (手机, Phone Number ...): our own export's header.
_MORE_PHONE_HEADERS = frozenset({"phone_e164", "number", "e164"})


def _is_phone_header(header: str) -> bool:
    text = header.strip().lower()
    return text in _MORE_PHONE_HEADERS or field_for_header(text) == "phone"


def read_numbers(path: Path) -> list[tuple[int, str]]:
    """Numbers from a DNC file, with their line numbers.

    The file is one number per line, or a CSV (comma, tab or semicolon) whose header
    names the phone column (``phone``, ``mobile``, ``电话``, ``手机`` ...).
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # Chinese Excel saves CSV in GBK, which GB18030 contains
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise CliError(f"{path}: not UTF-8 or GB18030 text") from None
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = next((d for d in ",\t;" if d in first), None)
    rows = list(csv.reader(lines, delimiter=delimiter)) if delimiter else [[ln] for ln in lines]
    header = rows[0] if rows else []
    found = [i for i, name in enumerate(header) if _is_phone_header(name)]
    column, start = (found[0], 1) if found else (0, 0)
    if not found and delimiter:
        raise CliError(f"{path}: no phone column (name it one of: phone, mobile, 电话, 手机)")
    numbers: list[tuple[int, str]] = []
    for line, row in enumerate(rows[start:], start=start + 1):
        value = row[column].strip() if column < len(row) else ""
        if value:
            numbers.append((line, value))
    return numbers


def write_private_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write a CSV readable by its owner only: it holds full phone numbers."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(fd, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror}") from exc
