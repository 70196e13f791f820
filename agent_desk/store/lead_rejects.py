"""The reject file of a lead import: every row not imported, with the reason.

Rejected rows are copied, with their data row and line numbers, status and reason, to
``<stem>.rejects.csv`` next to the input (`reject_path_for`). The file is written to a
temporary file first (`write_rejects`) and renamed into place only after the import's
commit (`publish_rejects`), so a failed import leaves no reject file behind; a
successful import with no rejects removes a stale reject file of an earlier run.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from agent_desk.domain.lead_fields import LeadFileError
from agent_desk.domain.lead_headers import REJECT_COLUMNS
from agent_desk.store.lead_files import LeadFile

__all__ = ["publish_rejects", "reject_path_for", "write_rejects"]


def reject_path_for(path: Path) -> Path:
    """Where the reject file of the lead list ``path`` goes: ``<stem>.rejects.csv``."""
    return path.with_name(f"{path.stem}.rejects.csv")


def write_rejects(
    source: LeadFile,
    rejects: Mapping[int, tuple[str, str]],
    destination: Path,
    *,
    until: int | None = None,
    settle: Callable[[], None] | None = None,
) -> Path:
    """Write rejected rows to a temporary file next to ``destination``; return its path.

    The file is UTF-8 with a byte order mark (so Excel shows Chinese), with the columns
    `REJECT_COLUMNS` then the original cells. The caller renames it into place.

    Rows numbered from ``until`` on may still become rejects: ``settle()`` is called
    before the first of them is looked up (an import writes the file while the database
    finishes the last rows, and `settle` waits for it).
    """
    try:
        handle, temporary = tempfile.mkstemp(
            dir=destination.parent, prefix=f".{destination.name}.", suffix=".tmp"
        )
    except OSError as exc:
        where = f"cannot write the reject file {destination.name} ({exc.strerror})"
        raise LeadFileError(f"{where}: copy the list to a folder you can write to") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow([*REJECT_COLUMNS, *source.headers])
            remaining = None if settle is not None else len(rejects)  # None: not known yet
            for row in source.rows():
                if remaining == 0:
                    break
                if settle is not None and row.number >= (until or 0):
                    settle()
                    settle = None
                    remaining = sum(1 for number in rejects if number >= row.number)
                hit = rejects.get(row.number)
                if hit is not None:
                    writer.writerow([row.number, row.line, hit[0], hit[1], *row.cells])
                    remaining = None if remaining is None else remaining - 1
            if settle is not None:
                settle()
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def publish_rejects(temporary: Path | None, final: Path) -> Path | None:
    """Rename the reject file into place (after the commit); drop a stale one."""
    if temporary is None:
        final.unlink(missing_ok=True)
        return None
    os.replace(temporary, final)
    return final
