"""Commands about people: ``user``, ``team``, ``target`` (monthly targets per rep) and
``security`` (their database logins, grants and policies on PostgreSQL).

Passwords come from standard input (``--password-stdin``: the first line) or, in a
terminal, from a prompt that does not echo; never from the command line, where other
users of the machine and the shell history would see them.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy.exc import ArgumentError

from agent_desk.admin.cli_base import PROG, CliError, db_url, run_unit
from agent_desk.admin.terminal import emit, money, parse_amount
from agent_desk.store import people_repo
from agent_desk.store.engine import is_sqlite


def _has_logins(args: argparse.Namespace) -> bool | None:
    """Whether the database is PostgreSQL, where people have login roles; None: bad URL."""
    try:
        return not is_sqlite(db_url(args))
    except ArgumentError:
        return None  # opening the database explains the bad URL


def read_password(args: argparse.Namespace, *, required: bool) -> str | None:
    """The password from stdin (``--password-stdin``) or a prompt; None if neither."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CliError("--password-stdin: standard input holds no password")
        return password
    if sys.stdin.isatty():
        first = getpass.getpass(f"password for {args.username}: ")
        if first != getpass.getpass("the same password again: "):
            raise CliError("the two passwords differ; nothing was changed")
        return first
    if required:
        raise CliError("give the password with --password-stdin (or run in a terminal)")
    return None


def cmd_user_add(args: argparse.Namespace) -> int:
    with_logins = _has_logins(args) is True
    if not with_logins and args.password_stdin:
        raise CliError("the embedded database has no logins: --password-stdin is for PostgreSQL")
    password = read_password(args, required=False) if with_logins else None
    user = run_unit(
        args,
        lambda s: people_repo.add_user(
            s,
            args.username,
            role=args.role,
            display_name=args.name,
            team=args.team,
            actor=args.actor,
            password=password,
        ),
    )
    print(f"added {user.role} {user.username} ({user.display_name})")
    if user.db_role is not None:
        if password is None:
            print(
                f"database login {user.db_role} has no password yet: set one with"
                f" {PROG} user password {user.username}"
            )
        else:
            print(f"database login {user.db_role} can log in with the password given")
    return 0


def cmd_user_password(args: argparse.Namespace) -> int:
    if _has_logins(args) is False:
        raise CliError("the embedded database has no logins or passwords")
    password = read_password(args, required=True)
    assert password is not None  # required=True raised otherwise
    user = run_unit(
        args, lambda s: people_repo.set_password(s, args.username, password, actor=args.actor)
    )
    print(f"password set for database login {user.db_role}")
    return 0


def cmd_security_refresh(args: argparse.Namespace) -> int:
    report = run_unit(args, lambda s: people_repo.refresh_security(s, actor=args.actor))
    print(f"grants and policies re-applied; {len(report.logins_synced)} logins checked")
    for name in report.missing:
        print(f"no database login for {name}: create it with {PROG} user password {name}")
    for name in report.foreign:
        print(f"the server's role {name!r} is not an Agent Desk login: left alone")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    users = run_unit(args, people_repo.list_users)
    emit(
        args,
        ("username", "name", "role", "team", "active"),
        users,
        lambda u: (u.username, u.display_name, u.role, u.team or "-", "yes" if u.active else "no"),
    )
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    run_unit(args, lambda s: people_repo.disable_user(s, args.username, actor=args.actor))
    print(f"user {args.username} is disabled")
    return 0


def cmd_team_add(args: argparse.Namespace) -> int:
    team = run_unit(args, lambda s: people_repo.add_team(s, args.name, actor=args.actor))
    print(f"added team {team.name}")
    return 0


def cmd_team_list(args: argparse.Namespace) -> int:
    teams = run_unit(args, people_repo.list_teams)
    emit(args, ("team", "active members"), teams, lambda t: (t.name, t.members))
    return 0


def cmd_target_set(args: argparse.Namespace) -> int:
    figures = (args.calls, args.contacts, args.interested, args.sales)
    if all(value is None for value in figures):
        raise CliError("give at least one of --calls, --contacts, --interested, --sales")
    cents = parse_amount(args.sales) if args.sales is not None else None
    target = run_unit(
        args,
        lambda s: people_repo.set_target(
            s,
            args.username,
            args.month,
            calls=args.calls,
            contacts=args.contacts,
            interested=args.interested,
            sales_cents=cents,
            actor=args.actor,
        ),
    )
    print(
        f"target {target.username} {target.month}: calls {target.calls}, contacts "
        f"{target.contacts}, interested {target.interested}, sales {money(target.sales_cents)}"
    )
    return 0


def cmd_target_list(args: argparse.Namespace) -> int:
    rows = run_unit(args, lambda s: people_repo.list_targets(s, args.month))
    emit(
        args,
        ("month", "rep", "name", "calls", "contacts", "interested", "sales"),
        rows,
        lambda t: (
            t.month,
            t.username,
            t.display_name,
            t.calls,
            t.contacts,
            t.interested,
            money(t.sales_cents),
        ),
    )
    return 0
