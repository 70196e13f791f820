"""What the admin reads and types: tables or JSON, amounts of money, a progress bar."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TextIO

from agent_desk.admin.cli_base import CliError


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO) -> None:
    """Columns padded for the terminal, Chinese characters counted double width."""
    cells = [[str(c) for c in headers], *[["" if c is None else str(c) for c in r] for r in rows]]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        padded = [c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)]
        print("  ".join(padded).rstrip(), file=out)
    if not rows:
        print("(none)", file=out)


def _jsonable(row: Any) -> dict[str, Any]:
    data = dataclasses.asdict(row)
    for key, value in data.items():
        if hasattr(value, "isoformat"):
            data[key] = value.isoformat()
        elif isinstance(value, tuple):
            data[key] = list(value)
    return data


def emit(
    args: argparse.Namespace,
    headers: Sequence[str],
    rows: Sequence[Any],
    cells: Callable[[Any], Sequence[Any]],
    record: Callable[[Any], dict[str, Any]] = _jsonable,
) -> None:
    """Print `rows` as a table, or with ``--json`` as a JSON list of `record` objects.

    Args:
        args: The parsed command line (``args.json``).
        headers: Column titles.
        rows: The rows (dataclasses, unless `record` says otherwise).
        cells: One row's table cells.
        record: One row's JSON object; default: the dataclass's fields.
    """
    if getattr(args, "json", False):
        print(json.dumps([record(r) for r in rows], ensure_ascii=False, indent=2))
    else:
        print_table(headers, [cells(r) for r in rows], sys.stdout)


def money(cents: int) -> str:
    return f"{Decimal(cents) / 100:,.2f}"


def parse_amount(text: str) -> int:
    """``"12,000.50"`` (also ``¥``/``$``, spaces) to cents; at most two decimals."""
    cleaned = text.strip().lstrip("¥$￥").replace(",", "").replace(" ", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise CliError(f"not an amount: {text!r} (write e.g. 12000 or 12,000.50)") from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise CliError(f"not an amount: {text!r} (positive, at most two decimals)")
    return int(value * 100)


class ProgressBar:
    """A one-line progress bar on a terminal, called as ``bar(done, total)``."""

    def __init__(self, out: TextIO, width: int = 30) -> None:
        self._out = out
        self._width = width
        self._drawn = False

    def __call__(self, done: int, total: int | None = None) -> None:
        if total:
            filled = min(self._width, self._width * done // total)
            bar = "#" * filled + "-" * (self._width - filled)
            self._out.write(f"\r[{bar}] {done}/{total}")
        else:
            self._out.write(f"\r{done} rows")
        self._out.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self._out.write("\n")
            self._out.flush()
