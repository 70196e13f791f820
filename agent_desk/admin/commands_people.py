"""Commands about people: ``user``, ``team`` and ``target`` (monthly targets per rep)."""

from __future__ import annotations

import argparse

from agent_desk.admin.cli_base import CliError, run_unit
from agent_desk.admin.terminal import emit, money, parse_amount
from agent_desk.store import people_repo


def cmd_user_add(args: argparse.Namespace) -> int:
    user = run_unit(
        args,
        lambda s: people_repo.add_user(
            s,
            args.username,
            role=args.role,
            display_name=args.name,
            team=args.team,
            actor=args.actor,
        ),
    )
    print(f"added {user.role} {user.username} ({user.display_name})")
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
