"""``agent-desk-admin`` makes people's PostgreSQL logins: user add/password, security
refresh, and the demo's people."""

from __future__ import annotations

import getpass
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent_desk.admin.cli import main
from agent_desk.store import security
from tests.security.conftest import PASSWORD, Secured, drop_roles, unique
from tests.security.refusals import rows
from tests.store.test_roles import can_log_in, groups_of

pytestmark = pytest.mark.postgres


def cli(
    url: str, capsys: pytest.CaptureFixture[str], *args: str, stdin: str | None = None
) -> tuple[int, str, str]:
    previous = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        code = main(["--db", url, "--actor", "tester", *args])
    finally:
        sys.stdin = previous
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_user_add_and_password_make_a_login(
    secured: Secured, capsys: pytest.CaptureFixture[str]
) -> None:
    url, owner = secured.url, secured.owner
    assert cli(url, capsys, "team", "add", "Team 1")[0] == 0
    rep = unique("cli_rep")
    secured.roles.append(rep)
    add = ("user", "add", rep, "--role", "rep", "--team", "Team 1", "--password-stdin")
    code, out, err = cli(url, capsys, *add, stdin=PASSWORD + "\n")
    assert code == 0, err
    assert f"database login {rep} can log in" in out and PASSWORD not in out
    assert groups_of(owner, rep) == {"agent_desk_login", "agent_desk_rep"}
    assert can_log_in(url, rep, PASSWORD)

    # No password and no terminal: the login is made, and says how to give it one.
    sup = unique("cli_sup")
    secured.roles.append(sup)
    code, out, _ = cli(url, capsys, "user", "add", sup, "--role", "supervisor", stdin="")
    assert code == 0 and f"user password {sup}" in out
    assert groups_of(owner, sup) == {"agent_desk_login", "agent_desk_supervisor"}
    code, out, _ = cli(url, capsys, "user", "password", sup, "--password-stdin", stdin=PASSWORD)
    assert code == 0 and can_log_in(url, sup, PASSWORD)

    new_password = PASSWORD + "-2"
    code, _, _ = cli(
        url, capsys, "user", "password", rep, "--password-stdin", stdin=new_password + "\r\n"
    )
    assert code == 0
    assert can_log_in(url, rep, new_password)

    # Mistakes: one line, status 2, nothing changed.
    code, _, err = cli(url, capsys, "user", "password", rep, "--password-stdin", stdin="\n")
    assert code == 2 and "holds no password" in err
    code, _, err = cli(url, capsys, "user", "password", rep, stdin="")
    assert code == 2 and "--password-stdin" in err
    code, _, err = cli(url, capsys, "user", "password", "ghost", "--password-stdin", stdin=PASSWORD)
    assert code == 2 and "no user named 'ghost'" in err
    late = unique("cli_late")
    code, _, err = cli(url, capsys, "user", "add", late, "--role", "rep", "--password-stdin",
                       stdin="short")  # fmt: skip
    assert code == 2 and "at least 8" in err
    assert not rows(owner, "SELECT 1 FROM users WHERE username = :u", {"u": late})
    with owner.connect() as conn:
        assert not security.role_exists(conn, late)
    assert can_log_in(url, rep, new_password)

    code, out, _ = cli(url, capsys, "security", "refresh")
    assert code == 0 and "2 logins checked" in out


def test_the_password_prompt_in_a_terminal(
    secured: Secured, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": answers.pop(0))
    terminal = io.StringIO()
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdin", terminal)
    rep = unique("tty_rep")
    secured.roles.append(rep)
    answers[:] = [PASSWORD, PASSWORD + "typo"]
    code = main(["--db", secured.url, "user", "add", rep, "--role", "rep"])
    assert code == 2 and "differ" in capsys.readouterr().err
    assert not rows(secured.owner, "SELECT 1 FROM users WHERE username = :u", {"u": rep})
    answers[:] = [PASSWORD, PASSWORD]
    assert main(["--db", secured.url, "user", "add", rep, "--role", "rep"]) == 0
    assert can_log_in(secured.url, rep, PASSWORD)


def test_the_embedded_database_has_no_passwords(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    assert cli(url, capsys, "init")[0] == 0
    code, _, err = cli(url, capsys, "user", "add", "rep1", "--role", "rep", "--password-stdin",
                       stdin=PASSWORD)  # fmt: skip
    assert code == 2 and "no logins" in err
    code, out, _ = cli(url, capsys, "user", "add", "rep1", "--role", "rep", stdin="")
    assert code == 0 and "database login" not in out
    for args in (("user", "password", "rep1"), ("security", "refresh")):
        code, _, err = cli(url, capsys, *args, stdin=PASSWORD)
        assert code == 2 and "embedded database" in err, args


DEMO_PEOPLE = {
    "rep1": "agent_desk_rep",
    "rep2": "agent_desk_rep",
    "rep3": "agent_desk_rep",
    "lead1": "agent_desk_supervisor",
    "admin": "agent_desk_admin",
}


@pytest.fixture
def demo_roles(secured: Secured) -> Iterator[None]:
    """The demo's fixed role names: those this test makes are dropped afterwards."""
    with secured.owner.connect() as conn:
        before = {n for n in DEMO_PEOPLE if security.role_exists(conn, n)}
    yield
    drop_roles(secured.admin_url, [n for n in DEMO_PEOPLE if n not in before], secured.url)


def test_demo_on_postgres_makes_the_demo_people_logins(
    secured: Secured, demo_roles: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(secured.url, capsys, "demo")
    assert code == 0, err
    found = re.search(r"database logins (.+) log in with the password (\S+) \(shown only", out)
    assert found, out
    assert found.group(1).split(", ") == list(DEMO_PEOPLE)
    password = found.group(2)
    for username, group in DEMO_PEOPLE.items():
        assert groups_of(secured.owner, username) == {"agent_desk_login", group}
        assert can_log_in(secured.url, username, password), username
    # The demo rep sees their own leads only; the demo supervisor the team's (all of them).
    rep1 = secured.login("rep1", password)
    seen = rows(
        rep1,
        "SELECT count(*) AS n, count(*) FILTER (WHERE assigned_user_id = agent_desk_me())"
        " AS mine FROM leads",
    )[0]
    assert seen.n == seen.mine > 0
    assert len(rows(rep1, "SELECT * FROM users")) == 1
    total = rows(secured.owner, "SELECT count(*) AS n FROM leads")[0].n
    assert rows(secured.login("lead1", password), "SELECT count(*) AS n FROM leads")[0].n == total
    assert total > seen.n
    assert cli(secured.url, capsys, "demo")[1].startswith("demo data already present")
