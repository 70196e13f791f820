"""``settings``: deployment-wide settings, e.g. the team view's reporting time zone.

``agent-desk-admin settings show`` prints every setting; ``settings set report-timezone
Asia/Shanghai`` changes the zone whose local days the team view's figures count in. The
database recounts every rep's figures in the new zone in the same transaction (on a big
PostgreSQL database this takes a while and desks' pushes wait for it); setting the same
zone again just recounts.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from agent_desk.admin.cli_base import run_unit
from agent_desk.admin.terminal import emit
from agent_desk.store import settings_repo

Handler = Callable[[argparse.Namespace], int]
# Command-line names of the settings (dashes) and their keys in the database.
NAMES = {key.replace("_", "-"): key for key in settings_repo.SETTINGS}


def register(branch: Callable[[str, str], Any], leaf: Callable[..., Any]) -> None:
    """Add ``settings show`` and ``settings set`` to the admin command line."""
    group = branch("settings", "deployment settings (the team view's reporting time zone)")
    p = leaf(group, "show", "print every setting and its value", cmd_settings_show)
    p.add_argument("--json", action="store_true")
    p = leaf(group, "set", "change a setting", cmd_settings_set)
    p.add_argument("name", choices=sorted(NAMES), metavar="NAME", help=", ".join(sorted(NAMES)))
    p.add_argument("value", metavar="VALUE", help="e.g. Asia/Shanghai for report-timezone")


def cmd_settings_show(args: argparse.Namespace) -> int:
    rows = run_unit(args, settings_repo.show)
    emit(
        args,
        ("setting", "value", "set by", "meaning"),
        rows,
        lambda r: (
            r.key.replace("_", "-"),
            r.value,
            "(default)" if r.is_default else r.updated_by,
            r.description,
        ),
    )
    return 0


def cmd_settings_set(args: argparse.Namespace) -> int:
    key = NAMES[args.name]
    if key == settings_repo.REPORT_TIMEZONE:
        row = run_unit(
            args, lambda s: settings_repo.set_report_timezone(s, args.value, actor=args.actor)
        )
        print(f"{args.name} is {row.value}; the team figures were recounted in it")
    return 0
