"""Commands about the do-not-call list: ``dnc add``, ``import``, ``export`` and ``list``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from agent_desk.admin.cli_base import run_unit
from agent_desk.admin.dnc_file import read_numbers, write_private_csv
from agent_desk.admin.terminal import emit
from agent_desk.domain import phones
from agent_desk.store import dnc_repo
from agent_desk.store.admin_common import AdminError, record_audit


def cmd_dnc_add(args: argparse.Namespace) -> int:
    result = run_unit(
        args,
        lambda s: dnc_repo.add_dnc(
            s, args.number, region=args.region, reason=args.reason, actor=args.actor
        ),
    )
    shown = phones.mask(result.phone_e164)
    if result.added:
        print(f"{shown} added to the do-not-call list ({result.leads_closed} leads closed)")
    else:
        print(f"{shown} is already on the do-not-call list")
    return 0


def cmd_dnc_import(args: argparse.Namespace) -> int:
    numbers = read_numbers(Path(args.file))

    def work(session: Session) -> tuple[int, int, list[str]]:
        added = already = 0
        invalid: list[str] = []
        for line, raw in numbers:
            try:
                result = dnc_repo.add_dnc(
                    session,
                    raw,
                    region=args.region,
                    reason=args.reason,
                    source="import",
                    actor=args.actor,
                )
            except AdminError as exc:
                invalid.append(f"line {line}: {exc}")
                continue
            added += result.added
            already += not result.added
        return added, already, invalid

    added, already, invalid = run_unit(args, work)
    for problem in invalid:
        print(f"{args.file}: {problem}", file=sys.stderr)
    print(f"added {added}, already listed {already}, invalid {len(invalid)}")
    return 0


def cmd_dnc_export(args: argparse.Namespace) -> int:
    def work(session: Session) -> int:
        rows = dnc_repo.list_dnc(session)
        write_private_csv(
            Path(args.file),
            ["phone_e164", "reason", "source", "added_at"],
            [[r.phone_e164, r.reason, r.source, r.added_at.isoformat()] for r in rows],
        )
        record_audit(
            session,
            actor=args.actor,
            action="export",
            entity="dnc",
            detail={"file": str(Path(args.file).resolve()), "rows": len(rows)},
        )
        return len(rows)

    count = run_unit(args, work)
    print(f"exported {count} do-not-call numbers to {args.file}")
    return 0


def cmd_dnc_list(args: argparse.Namespace) -> int:
    rows = run_unit(args, dnc_repo.list_dnc)
    # Listings show numbers masked, in JSON too; only `dnc export` writes them in full.
    emit(
        args,
        ("phone", "reason", "source", "added"),
        rows,
        lambda r: (r.masked, r.reason, r.source, f"{r.added_at:%Y-%m-%d}"),
        record=lambda r: {
            "phone": r.masked,
            "reason": r.reason,
            "source": r.source,
            "added_at": r.added_at.isoformat(),
        },
    )
    return 0
