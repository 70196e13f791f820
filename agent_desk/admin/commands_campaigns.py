"""Commands about what reps call: ``campaign``, ``script`` and ``import-leads``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from agent_desk.admin.campaign_file import load_campaign_file, save_campaign_file
from agent_desk.admin.cli_base import CliError, open_engine, run_unit
from agent_desk.admin.terminal import ProgressBar, emit
from agent_desk.domain.lead_fields import LeadFileError, LeadImportError
from agent_desk.domain.scripts import lint_script
from agent_desk.store import campaign_repo
from agent_desk.store.admin_common import AdminError, ScriptRow


def _lint(body: str | None) -> list[str]:
    return lint_script(body) if body else []


def cmd_campaign_load(args: argparse.Namespace) -> int:
    loaded = load_campaign_file(args.file)
    saved = run_unit(args, lambda s: save_campaign_file(s, loaded, actor=args.actor))
    row = saved.campaign
    print(
        f"{'created' if saved.created else 'updated'} campaign {row.code} ({row.outcomes} outcomes)"
    )
    if saved.script is not None:
        print(f"script version {saved.script.version} loaded from {loaded.script_path}")
    for warning in _lint(loaded.script_body):
        print(f"warning: {loaded.script_path}: {warning}", file=sys.stderr)
    return 0


def cmd_campaign_list(args: argparse.Namespace) -> int:
    rows = run_unit(args, campaign_repo.list_campaigns)
    emit(
        args,
        ("code", "name", "lang", "region", "outcomes", "script", "leads", "active"),
        rows,
        lambda c: (
            c.code,
            c.name,
            c.language,
            c.default_region,
            c.outcomes,
            f"v{c.script_version}" if c.script_version else "-",
            c.leads,
            "yes" if c.active else "no",
        ),
    )
    return 0


def cmd_script_load(args: argparse.Namespace) -> int:
    try:
        body = Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {args.file}: {getattr(exc, 'strerror', None) or exc}") from exc
    script = run_unit(
        args, lambda s: campaign_repo.add_script_version(s, args.campaign, body, actor=args.actor)
    )
    print(f"campaign {args.campaign}: script version {script.version} loaded")
    for warning in _lint(body):
        print(f"warning: {args.file}: {warning}", file=sys.stderr)
    return 0


def cmd_script_show(args: argparse.Namespace) -> int:
    def work(session: Session) -> ScriptRow:
        if args.version is not None:
            return campaign_repo.get_script(session, args.campaign, args.version)
        latest = campaign_repo.latest_script(session, args.campaign)
        if latest is None:
            raise AdminError(f"campaign {args.campaign!r} has no script yet")
        return latest

    script = run_unit(args, work)
    # The details go to stderr so that `script show > file.md` gives back the body as is.
    print(
        f"{script.campaign_code}: script version {script.version}, "
        f"{script.created_at:%Y-%m-%d %H:%M} UTC by {script.created_by}",
        file=sys.stderr,
    )
    print(script.body.rstrip("\n"))
    return 0


def cmd_import_leads(args: argparse.Namespace) -> int:
    from agent_desk.store.lead_import import import_leads

    mapping = parse_mapping(args.map or [])
    show_bar = sys.stderr.isatty() and not args.json
    bar = ProgressBar(sys.stderr) if show_bar else None
    engine = open_engine(args)
    try:
        report = import_leads(
            engine,
            Path(args.file),
            args.campaign,
            assign=args.assign,
            pool=args.pool,
            round_robin=args.round_robin,
            encoding=args.encoding,
            mapping=mapping or None,
            dry_run=args.dry_run,
            progress=bar,
            actor=args.actor,
        )
    except (LeadImportError, LeadFileError) as exc:  # LeadFileError: the file itself
        raise CliError(str(exc)) from exc
    finally:
        if bar is not None:
            bar.close()
        engine.dispose()
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return 0
    verb = "would import" if args.dry_run else "imported"
    print(
        f"{args.file}: {report.total} rows, {verb} {report.imported}, duplicate "
        f"{report.duplicate}, do-not-call {report.dnc}, invalid {report.invalid}"
    )
    if report.reject_path:
        print(f"rejected rows with reasons: {report.reject_path}")
    return 0


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """``["手机=phone", "客户=name"]`` to ``{"手机": "phone", "客户": "name"}``."""
    mapping: dict[str, str] = {}
    for item in items:
        column, sep, field = item.partition("=")
        if not sep or not column.strip() or not field.strip():
            raise CliError(f"--map expects COLUMN=FIELD, got {item!r}")
        mapping[column.strip()] = field.strip()
    return mapping
