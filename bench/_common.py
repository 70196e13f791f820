"""Helpers shared by the benchmarks: percentiles, tables, verdicts, the demo database.

Benchmarks report ratios against a baseline measured in the same run, never absolute
numbers alone, so a slower or busier machine moves both sides together.
"""

from __future__ import annotations

import math
import os
import random
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Wednesday 2026-11-25 10:00 in Shanghai: a working day, inside the demo campaign's
# 09:00-12:00 calling window, so the Chinese demo leads are callable.
SHANGHAI_MORNING = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
# The smoke test looks for this prefix in each benchmark's output.
VERDICT_PREFIX = "verdict:"


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile (0-100) with linear interpolation between ranks."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def spread(values: Sequence[float]) -> dict[str, float]:
    """p50, p90, p99 and max of some values."""
    return {
        "p50": percentile(values, 50),
        "p90": percentile(values, 90),
        "p99": percentile(values, 99),
        "max": max(values),
    }


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain text table: first column left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        first = row[0].ljust(widths[0])
        rest = "  ".join(
            value.rjust(width) for value, width in zip(row[1:], widths[1:], strict=True)
        )
        print(f"{first}  {rest}".rstrip())
        if index == 0:
            print("-" * (sum(widths) + 2 * (len(widths) - 1)))


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def verdict(passed: bool, text: str) -> str:
    """The one-line verdict every benchmark ends with."""
    return f"{VERDICT_PREFIX} {'PASS' if passed else 'FAIL'} - {text}"


def machine() -> str:
    """CPUs and load: read every number against what else the machine was doing."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} CPUs, load average {load:.2f}, Python {sys.version.split()[0]}"


def load_now() -> str:
    """The load average now, to print next to the verdict (tails suffer under load)."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"load average at the end {load:.2f}"


def qt_offscreen() -> None:
    """Benchmarks never need a display; call before anything imports Qt."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def bench_folder(prefix: str) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder on the disk the desk database would use (the temp folder)."""
    return tempfile.TemporaryDirectory(prefix=prefix)


# -- the shared database ---------------------------------------------------------------------


def make_demo_database(path: Path, *, extra_rep1_leads: int = 0) -> str:
    """An embedded shared database with the demo data (as ``agent-desk --demo`` makes it).

    Args:
        path: The SQLite file to create.
        extra_rep1_leads: More Chinese leads for rep1, imported through the real importer,
            so long runs never drain the hopper (the demo gives rep1 about 140 leads that
            are callable at ``SHANGHAI_MORNING``).

    Returns:
        The database URL.
    """
    from agent_desk.admin.demo import load_demo
    from agent_desk.store.engine import make_engine
    from agent_desk.store.migrate import upgrade_to_head

    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        upgrade_to_head(engine)
        load_demo(engine, now=SHANGHAI_MORNING, actor="bench")
        if extra_rep1_leads:
            _import_extra_leads(engine, path.parent, extra_rep1_leads)
    finally:
        engine.dispose()  # the last connection checkpoints the WAL into the file
    return url


def _import_extra_leads(engine: Engine, folder: Path, count: int) -> None:
    from agent_desk.admin.demo import DemoLead, write_csv
    from agent_desk.store.lead_import import import_leads

    rng = random.Random(20261125)
    seen: set[str] = set()
    leads: list[DemoLead] = []
    # Valid mainland mobiles; one may clash with a demo number (rarely): the importer then
    # skips it as a duplicate, which the check below allows for.
    while len(leads) < count:
        prefix = rng.choice(("139", "186", "150"))
        e164 = f"+86{prefix}{rng.randrange(10**4):04d}{len(leads):04d}"
        if e164 in seen:
            continue
        seen.add(e164)
        index = len(leads)
        leads.append(
            DemoLead(
                f"测试客户{index}",
                f"基准测试公司{index}",
                e164,
                f"{e164[3:6]} {e164[6:10]} {e164[10:]}",
                {"city": "上海", "plan": "商务宽带 100M", "note": "bench"},
            )
        )
    csv_path = write_csv(folder / "bench-extra-leads.csv", leads, "zh")
    report = import_leads(
        engine, csv_path, "broadband-zh", assign="rep1", actor="bench", now=SHANGHAI_MORNING
    )
    if report.imported < count * 0.95:
        raise SystemExit(f"extra leads: only {report.imported} of {count} imported")
    csv_path.unlink()
    if report.reject_path is not None and report.reject_path.exists():
        report.reject_path.unlink()
