"""``agent-desk-admin``: create the shared database, people, campaigns, leads and targets.

Run ``agent-desk-admin --help`` (or ``COMMAND --help``) for the commands. The database is
``--db URL``, else the ``AGENT_DESK_DB`` environment variable, else the embedded SQLite
file in the user data folder. Mistakes the admin can fix print one line on stderr and
exit with status 2; nothing is half-written, since each command is one transaction.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError

from agent_desk.admin import commands_campaigns as campaigns
from agent_desk.admin import commands_dnc as dnc
from agent_desk.admin import commands_people as people
from agent_desk.admin import commands_settings as settings
from agent_desk.admin import commands_setup as setup
from agent_desk.admin.campaign_file import CampaignFileError
from agent_desk.admin.cli_base import PROG, CliError, one_line
from agent_desk.admin.demo import DemoError
from agent_desk.store.admin_common import AdminError
from agent_desk.store.schema import ROLES

Handler = Callable[[argparse.Namespace], int]


def _actor_default() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (containers, services)
        return "admin"


def _global_options(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help="database URL (default: $AGENT_DESK_DB, else the embedded SQLite file)",
    )
    parser.add_argument(
        "--actor", default=default, help="name recorded in the audit log (default: OS user)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    _global_options(parser, None)
    # Subcommands accept the global options too, without overriding ones given before.
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, argparse.SUPPRESS)
    top = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def leaf(group: Any, name: str, help_text: str, handler: Handler) -> Any:
        sub = group.add_parser(name, help=help_text, description=help_text, parents=[common])
        sub.set_defaults(handler=handler)
        return sub

    def listing(group: Any, help_text: str, handler: Handler) -> Any:
        sub = leaf(group, "list", help_text, handler)
        sub.add_argument("--json", action="store_true")
        return sub

    def branch(name: str, help_text: str) -> Any:
        sub = top.add_parser(name, help=help_text, description=help_text)
        return sub.add_subparsers(dest="action", required=True, metavar="ACTION")

    leaf(top, "init", "create or upgrade the shared database schema", setup.cmd_init)

    users = branch("user", "people who log in")
    p = leaf(users, "add", "add a person", people.cmd_user_add)
    p.add_argument("username", help="login name: lowercase letters, digits, _")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--team", help="team name")
    p.add_argument("--name", help='display name, e.g. "王芳 (rep1)"')
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="PostgreSQL: read the login password from standard input (else asked in a terminal)",
    )
    listing(users, "list people", people.cmd_user_list)
    leaf(users, "disable", "stop a person from logging in", people.cmd_user_disable).add_argument(
        "username"
    )
    p = leaf(
        users,
        "password",
        "PostgreSQL: set a person's login password (creates the login if missing)",
        people.cmd_user_password,
    )
    p.add_argument("username")
    p.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )

    security = branch("security", "PostgreSQL logins, grants and row-level security")
    leaf(
        security,
        "refresh",
        "re-apply grants and policies; put every person's login right",
        people.cmd_security_refresh,
    )

    teams = branch("team", "teams of reps (lead pools)")
    leaf(teams, "add", "add a team", people.cmd_team_add).add_argument("name")
    listing(teams, "list teams", people.cmd_team_list)

    group = branch("campaign", "campaigns: outcomes, calling windows, script")
    leaf(
        group, "load", "create or update a campaign from a TOML file", campaigns.cmd_campaign_load
    ).add_argument("file", metavar="FILE.toml")
    listing(group, "list campaigns", campaigns.cmd_campaign_list)

    scripts = branch("script", "talk tracks (versioned Markdown)")
    p = leaf(scripts, "load", "load a new script version", campaigns.cmd_script_load)
    p.add_argument("file", metavar="FILE.md")
    p.add_argument("--campaign", required=True, metavar="CODE")
    p = leaf(
        scripts, "show", "print a script version (default: the live one)", campaigns.cmd_script_show
    )
    p.add_argument("--campaign", required=True, metavar="CODE")
    p.add_argument("--version", type=int, metavar="N")

    p = leaf(top, "import-leads", "import a lead list (CSV or Excel)", campaigns.cmd_import_leads)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--campaign", required=True, metavar="CODE")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--assign", metavar="REP", help="assign every lead to this rep")
    who.add_argument("--pool", metavar="TEAM", help="put the leads in this team's pool")
    who.add_argument("--round-robin", metavar="TEAM", help="deal the leads to the team's reps")
    p.add_argument("--encoding", metavar="ENC", help="file encoding (default: detected)")
    p.add_argument(
        "--map",
        nargs="+",
        action="extend",
        metavar="COLUMN=FIELD",
        help="read COLUMN as FIELD (name, company, phone, ...)",
    )
    p.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")

    targets = branch("target", "monthly targets per rep")
    p = leaf(targets, "set", "set a rep's targets for a month", people.cmd_target_set)
    p.add_argument("username")
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    for figure in ("calls", "contacts", "interested"):
        p.add_argument(f"--{figure}", type=int, metavar="N")
    p.add_argument("--sales", metavar="AMOUNT", help="sales amount, e.g. 50000 or 50,000.00")
    p = leaf(targets, "list", "list targets", people.cmd_target_list)
    p.add_argument("--month", metavar="YYYY-MM")
    p.add_argument("--json", action="store_true")

    numbers = branch("dnc", "the do-not-call list")
    p = leaf(numbers, "add", "add a number", dnc.cmd_dnc_add)
    p.add_argument("number")
    q = leaf(
        numbers, "import", "add the numbers of a file (one per line, or CSV)", dnc.cmd_dnc_import
    )
    q.add_argument("file", metavar="FILE")
    for sub in (p, q):
        sub.add_argument("--reason", default="")
        sub.add_argument("--region", default="CN", help="region for numbers without +country")
    leaf(
        numbers, "export", "write the full list to a CSV file (admin only)", dnc.cmd_dnc_export
    ).add_argument("file", metavar="FILE")
    listing(numbers, "list numbers (masked)", dnc.cmd_dnc_list)

    settings.register(branch, leaf)

    p = leaf(
        top, "demo", "load demo data (creates the schema on an empty database)", setup.cmd_demo
    )
    p.add_argument("--force", action="store_true", help="add whatever demo data is missing")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the admin command line; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed
        return exc.code if isinstance(exc.code, int) else 2
    args.actor = args.actor or _actor_default()
    try:
        return int(args.handler(args))
    except CampaignFileError as exc:
        for problem in exc.problems:
            print(f"{PROG}: {problem}", file=sys.stderr)
    except (CliError, AdminError, DemoError) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
    except IntegrityError as exc:
        print(f"{PROG}: the database refused the change: {one_line(exc)}", file=sys.stderr)
    except DBAPIError as exc:
        print(f"{PROG}: database error: {one_line(exc)}", file=sys.stderr)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; the command's changes were rolled back", file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
