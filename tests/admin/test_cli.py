"""``agent-desk-admin``: every subcommand against a real database, mistakes included."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from agent_desk.admin.cli import main
from agent_desk.admin.demo import SEED, generate_leads, load_demo
from agent_desk.admin.terminal import ProgressBar, parse_amount
from agent_desk.domain.script_fields import FIELD
from agent_desk.domain.scripts import lint_script, objection_links, parse_script
from agent_desk.store.engine import make_engine
from agent_desk.store.migrate import head_revision
from agent_desk.store.schema import (
    AuditEntry,
    Campaign,
    DncNumber,
    Lead,
    MonthlyTarget,
    Outcome,
    Script,
    Team,
    User,
)

Cli = Callable[..., Any]  # the `cli` fixture (tests/admin/conftest.py)
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def ready(cli: Cli) -> Cli:
    """A database at head with a team, a rep and a supervisor."""
    assert cli("init").code == 0
    assert cli("team", "add", "Team 1").code == 0
    assert (
        cli(
            "user", "add", "rep1", "--role", "rep", "--team", "Team 1", "--name", "王芳 (rep1)"
        ).code
        == 0
    )
    assert cli("user", "add", "lead1", "--role", "supervisor", "--team", "Team 1").code == 0
    return cli


@pytest.fixture
def with_campaign(ready: Cli, demo_files: Path) -> Cli:
    assert ready("campaign", "load", str(demo_files / "broadband-zh.toml")).code == 0
    return ready


# --- database state --------------------------------------------------------------------


def test_help_and_usage_errors(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in (
        "init",
        "user",
        "team",
        "campaign",
        "script",
        "import-leads",
        "target",
        "dnc",
        "demo",
    ):
        assert command in out
    assert main(["user"]) == 2  # missing action
    assert main(["user", "add", "rep9", "--role", "boss"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_missing_database_says_run_init(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'nothing.sqlite3'}"
    assert main(["--db", url, "user", "list"]) == 2
    err = capsys.readouterr().err
    assert "run agent-desk-admin init" in err and "Traceback" not in err
    assert not (tmp_path / "nothing.sqlite3").exists()


def test_db_url_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AGENT_DESK_DB", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    assert main(["init"]) == 0
    assert (tmp_path / "env.sqlite3").exists()
    assert head_revision() in capsys.readouterr().out
    assert main(["--db", "nonsense://", "user", "list"]) == 2
    assert "agent-desk-admin:" in capsys.readouterr().err


@pytest.mark.parametrize("empty_shared_url", BACKENDS, indirect=True)
def test_uninitialised_database_then_init(cli: Cli, engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:  # an existing file that was never initialised
            conn.exec_driver_sql("CREATE TABLE scratch (x INTEGER)")
    result = cli("team", "list")
    assert result.code == 2 and "run agent-desk-admin init" in result.err
    first = cli("init")
    assert first.code == 0 and f"now at revision {head_revision()}" in first.out
    second = cli("init")
    assert second.code == 0 and "already at revision" in second.out
    with Session(engine) as session:
        assert session.scalars(select(AuditEntry.action)).all() == ["init"]


def test_newer_database_is_refused(cli: Cli, engine: Engine) -> None:
    assert cli("init").code == 0
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    for args in (("init",), ("user", "list")):
        result = cli(*args)
        assert result.code == 2 and "update the app" in result.err


# --- users and teams -------------------------------------------------------------------


def test_users(ready: Cli, engine: Engine) -> None:
    listed = ready("user", "list")
    assert listed.code == 0 and "王芳 (rep1)" in listed.out and "supervisor" in listed.out
    as_json = json.loads(ready("user", "list", "--json").out)
    assert [u["username"] for u in as_json] == ["lead1", "rep1"]
    assert set(as_json[0]) == {
        "id",
        "username",
        "display_name",
        "role",
        "team",
        "active",
        "db_role",
    }
    assert ready("user", "disable", "rep1").out.strip() == "user rep1 is disabled"
    assert json.loads(ready("user", "list", "--json").out)[1]["active"] is False
    with Session(engine) as session:
        actors = set(session.scalars(select(AuditEntry.actor)))
        actions = session.execute(select(AuditEntry.action, AuditEntry.entity)).all()
    assert actors == {"tester"}
    assert ("disable", "user") in actions and ("add", "team") in actions


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("user", "add", "Rep-2", "--role", "rep"), "invalid username 'Rep-2'"),
        (("user", "add", "rep1", "--role", "rep"), "user 'rep1' already exists"),
        (("user", "add", "rep2", "--role", "rep", "--team", "Nope"), "no team named 'Nope'"),
        (("user", "disable", "ghost"), "no user named 'ghost'"),
        (("team", "add", "Team 1"), "team 'Team 1' already exists"),
    ],
)
def test_user_and_team_mistakes(
    ready: Cli, engine: Engine, args: tuple[str, ...], message: str
) -> None:
    audit_rows = count(engine, AuditEntry)
    result = ready(*args)
    assert result.code == 2
    assert result.err.strip() == f"agent-desk-admin: {message}" or message in result.err
    assert len(result.err.strip().splitlines()) == 1 and result.out == ""
    assert count(engine, AuditEntry) == audit_rows


def test_teams(ready: Cli) -> None:
    assert ready("team", "add", "销售二组 Team 2").code == 0
    listed = ready("team", "list")
    assert "Team 1" in listed.out and "销售二组 Team 2" in listed.out
    assert json.loads(ready("team", "list", "--json").out)[0] == {
        "id": 1,
        "name": "Team 1",
        "members": 2,
    }


# --- campaigns and scripts -------------------------------------------------------------


def test_campaign_load_and_reload(
    ready: Cli, engine: Engine, demo_files: Path, tmp_path: Path
) -> None:
    first = ready("campaign", "load", str(demo_files / "broadband-zh.toml"))
    assert first.code == 0, first.err
    assert "created campaign broadband-zh (10 outcomes)" in first.out
    assert "script version 1 loaded" in first.out and first.err == ""
    again = ready("campaign", "load", str(demo_files / "broadband-zh.toml"))
    assert "updated campaign broadband-zh" in again.out and "script version" not in again.out
    # A copy with a changed talk track loads a new version and updates in place.
    for name in ("broadband-zh.toml", "script-zh.md"):
        shutil.copy(demo_files / name, tmp_path / name)
    with (tmp_path / "script-zh.md").open("a", encoding="utf-8") as handle:
        handle.write("\n补充:结束前再次确认客户的联系方式。\n")
    changed = ready("campaign", "load", str(tmp_path / "broadband-zh.toml"))
    assert "script version 2 loaded" in changed.out
    assert count(engine, Campaign) == 1 and count(engine, Script) == 2
    listed = ready("campaign", "list")
    assert "broadband-zh" in listed.out and "v2" in listed.out
    [row] = json.loads(ready("campaign", "list", "--json").out)
    assert (row["code"], row["outcomes"], row["script_version"], row["default_region"]) == (
        "broadband-zh",
        10,
        2,
        "CN",
    )
    with Session(engine) as session:
        campaign = session.scalars(select(Campaign)).one()
        assert campaign.calling_policy["windows"]["sat"] == ["09:00-12:00", "14:00-20:30"]
        assert "sun" not in campaign.calling_policy["windows"]
        assert "2026-10-01" in campaign.calling_policy["holidays"]
        assert campaign.cs_transfer_number == "+864008001234"


GOOD_TOML = """\
code = "test-zh"
name = "测试"
company_name = "海川电信"
cs_transfer_number = "4008001234"

[calling_windows]
weekdays = ["09:00-12:00"]

[[outcomes]]
code = "no_answer"
en = "No answer"
zh = "未接听"
hotkey = 1

[[outcomes]]
code = "sale"
en = "Sale"
zh = "成交"
hotkey = 2
flags = ["contact", "sale", "final"]
"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('weekdays = ["09:00-12:00"]', 'weekdays = ["09:00-25:00"]', "calling_windows:"),
        ('weekdays = ["09:00-12:00"]', 'weekdays = ["12:00-09:00"]', "ends before it starts"),
        ('weekdays = ["09:00-12:00"]', 'caturday = ["09:00-12:00"]', "unknown day 'caturday'"),
        ("hotkey = 2", "hotkey = 1", "outcomes: hotkey 1 is used by both"),
        ("hotkey = 2", "hotkey = 10", "hotkey must be 1 to 9"),
        (
            'flags = ["contact", "sale", "final"]',
            'flags = ["sale"]',
            "sale and complaint imply contact",
        ),
        ('name = "测试"', 'name = "测试"\ncolour = "red"', "colour: unknown key"),
        ('name = "测试"\n', "", "name: missing"),
        ('code = "test-zh"', 'code = "Test ZH"', "code: use 1-40 lowercase"),
        (
            'cs_transfer_number = "4008001234"',
            'cs_transfer_number = "12"',
            "cs_transfer_number: Phone number is too short",
        ),
        (
            'name = "测试"',
            'name = "测试"\nmax_attempts = "six"',
            "max_attempts: expected a whole number",
        ),
        (
            'name = "测试"',
            'name = "测试"\nfallback_timezone = "Mars/Base"',
            "fallback_timezone: 'Mars/Base' is not a time zone",
        ),
        ('name = "测试"', 'name = "测试"\nscript = "missing.md"', "script: cannot read missing.md"),
        ('name = "测试"', 'name = "测试', "not valid TOML"),
    ],
)
def test_bad_campaign_files_name_file_and_key(
    ready: Cli, engine: Engine, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in GOOD_TOML
    path = write(tmp_path / "bad.toml", GOOD_TOML.replace(old, new, 1))
    result = ready("campaign", "load", str(path))
    assert result.code == 2 and expected in result.err, result.err
    assert all(line.startswith("agent-desk-admin: bad.toml: ") for line in result.err.splitlines())
    assert "Traceback" not in result.err and count(engine, Campaign) == 0


def test_every_problem_is_reported_at_once(ready: Cli, tmp_path: Path) -> None:
    text = GOOD_TOML.replace("hotkey = 2", "hotkey = 1").replace('code = "test-zh"', 'code = "x y"')
    text = 'colour = "red"\n' + text.replace('weekdays = ["09:00-12:00"]', 'weekdays = ["9am"]')
    result = ready("campaign", "load", str(write(tmp_path / "bad.toml", text)))
    keys = [line.split(": ")[2] for line in result.err.splitlines()]
    assert sorted(keys) == ["calling_windows", "code", "colour", "outcomes"], result.err
    missing = ready("campaign", "load", str(tmp_path / "absent.toml"))
    assert missing.code == 2 and "cannot read the file" in missing.err


def test_good_minimal_campaign_file(ready: Cli, tmp_path: Path) -> None:
    result = ready("campaign", "load", str(write(tmp_path / "ok.toml", GOOD_TOML)))
    assert result.code == 0 and "created campaign test-zh (2 outcomes)" in result.out


def test_scripts(with_campaign: Cli, tmp_path: Path, engine: Engine, demo_files: Path) -> None:
    cli = with_campaign
    shown = cli("script", "show", "--campaign", "broadband-zh")
    assert shown.code == 0 and "script version 1" in shown.err
    assert shown.out == (demo_files / "script-zh.md").read_text(encoding="utf-8")
    rough = write(
        tmp_path / "rough.md", "# 草稿\n\n## 产品介绍\n您好{{lead.nmae}}\n[太贵](#obj-none)\n"
    )
    loaded = cli("script", "load", str(rough), "--campaign", "broadband-zh")
    assert loaded.code == 0 and "script version 2 loaded" in loaded.out
    assert "No opening section" in loaded.err and "#obj-none" in loaded.err
    assert cli("script", "show", "--campaign", "broadband-zh").out.splitlines()[0] == "# 草稿"
    old = cli("script", "show", "--campaign", "broadband-zh", "--version", "1")
    assert "{{campaign.company}}" in old.out
    for args, message in [
        (("script", "show", "--campaign", "broadband-zh", "--version", "9"), "no script version 9"),
        (("script", "show", "--campaign", "nope"), "no campaign with code 'nope'"),
        (("script", "load", str(rough), "--campaign", "nope"), "no campaign with code 'nope'"),
        (
            ("script", "load", str(tmp_path / "absent.md"), "--campaign", "broadband-zh"),
            "cannot read",
        ),
    ]:
        result = cli(*args)
        assert result.code == 2 and message in result.err
    assert count(engine, Script) == 2


# --- targets ---------------------------------------------------------------------------


def test_amounts() -> None:
    assert parse_amount("12,000.50") == 1_200_050
    assert parse_amount("¥50000") == 5_000_000
    assert parse_amount("0.1") == 10
    for bad in ("12.345", "-5", "abc", "NaN", "1e3x"):
        with pytest.raises(Exception, match="not an amount"):
            parse_amount(bad)


def test_targets(ready: Cli, engine: Engine) -> None:
    result = ready(
        "target", "set", "rep1", "--month", "2026-11", "--calls", "1200", "--sales", "60,000"
    )
    assert result.code == 0 and "sales 60,000.00" in result.out
    ready("target", "set", "rep1", "--month", "2026-11", "--contacts", "300", "--interested", "50")
    ready("target", "set", "rep1", "--month", "2026-12", "--calls", "900")
    [row] = json.loads(ready("target", "list", "--month", "2026-11", "--json").out)
    assert row == {
        "username": "rep1",
        "display_name": "王芳 (rep1)",
        "month": "2026-11",
        "calls": 1200,
        "contacts": 300,
        "interested": 50,
        "sales_cents": 6_000_000,
    }
    assert "2026-12" in ready("target", "list").out
    audit_rows = count(engine, AuditEntry)
    for args, message in [
        (("target", "set", "rep1", "--month", "2026-13", "--calls", "1"), "invalid month"),
        (("target", "set", "rep1", "--month", "2026-11", "--sales", "1.234"), "not an amount"),
        (("target", "set", "lead1", "--month", "2026-11", "--calls", "1"), "targets are for reps"),
        (("target", "set", "ghost", "--month", "2026-11", "--calls", "1"), "no user named"),
        (("target", "list", "--month", "November"), "invalid month"),
        (("target", "set", "rep1", "--month", "2026-11"), "give at least one of"),
    ]:
        bad = ready(*args)
        assert bad.code == 2 and message in bad.err
    assert count(engine, AuditEntry) == audit_rows


# --- do-not-call -----------------------------------------------------------------------


def test_dnc(ready: Cli, engine: Engine, tmp_path: Path) -> None:
    added = ready("dnc", "add", "138 1234 5678", "--reason", "客户要求")
    assert added.code == 0 and "+86 138****5678 added" in added.out
    assert "already" in ready("dnc", "add", "+8613812345678").out
    assert ready("dnc", "add", "(212) 555-0123", "--region", "US").code == 0
    bad = ready("dnc", "add", "12345")
    assert bad.code == 2 and "invalid phone number" in bad.err and "12345" not in bad.err
    listed = ready("dnc", "list")
    assert "+86 138****5678" in listed.out and "13812345678" not in listed.out
    masked = [d["phone"] for d in json.loads(ready("dnc", "list", "--json").out)]
    assert masked == ["+1 21*****123", "+86 138****5678"] or "+86 138****5678" in masked

    plain = write(
        tmp_path / "plain.txt", "139 0000 1111\n\n13812345678\nnot a number\n+44 20 7946 0018\n"
    )
    result = ready("dnc", "import", str(plain))
    assert result.code == 0 and "added 2, already listed 1, invalid 1" in result.out
    assert "plain.txt: line 4: invalid phone number" in result.err
    table = write(
        tmp_path / "list.csv", "姓名,手机号码,备注\n张三,15900001111,投诉\n李四,15900001111,\n"
    )
    assert "added 1, already listed 1, invalid 0" in ready("dnc", "import", str(table)).out
    no_phone = write(tmp_path / "nophone.csv", "name,city\nA,B\n")
    assert "no phone column" in ready("dnc", "import", str(no_phone)).err
    assert count(engine, DncNumber) == 5

    out = tmp_path / "dnc-export.csv"
    exported = ready("dnc", "export", str(out))
    assert exported.code == 0 and "exported 5" in exported.out
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["phone_e164"] for r in rows} >= {"+8613812345678", "+12125550123", "+442079460018"}
    assert out.stat().st_mode & 0o077 == 0  # full numbers: owner only
    # The export reads back in: its header names the phone column.
    assert "added 0, already listed 5" in ready("dnc", "import", str(out)).out
    with Session(engine) as session:
        exports = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
        assert [e.detail["rows"] for e in exports] == [5]


def test_progress_bar_draws_on_its_stream() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    bar(5, 10)
    bar(10, 10)
    bar.close()
    assert stream.getvalue() == "\r[#####-----] 5/10\r[##########] 10/10\n"


def test_console_script_runs() -> None:
    module = subprocess.run(
        [sys.executable, "-m", "agent_desk.admin.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert module.returncode == 0 and "import-leads" in module.stdout
    script = Path(sys.executable).parent / "agent-desk-admin"
    if script.exists():
        installed = subprocess.run(
            [str(script), "--help"], capture_output=True, text=True, timeout=60
        )
        assert installed.returncode == 0 and "usage: agent-desk-admin" in installed.stdout


# --- lead import -----------------------------------------------------------------------

LEADS_CSV = """\
姓名,公司名称,手机号码,城市
王先生,上海明远贸易有限公司,138 0013 8000,上海
李女士,北京恒通物流有限公司,+86 139-0000-2222,北京
张总,杭州云帆网络科技有限公司,13800138000,杭州
赵先生,南京鑫源食品商行,12345,南京
钱女士,成都安泰家政服务有限公司,15900001111,成都
"""


def test_import_leads_json_and_summary(with_campaign: Cli, engine: Engine, tmp_path: Path) -> None:
    cli = with_campaign
    assert cli("dnc", "add", "15900001111").code == 0
    path = write(tmp_path / "leads.csv", LEADS_CSV)
    dry = cli("import-leads", str(path), "--campaign", "broadband-zh", "--dry-run", "--json")
    assert dry.code == 0 and count(engine, Lead) == 0
    assert json.loads(dry.out)["dry_run"] is True

    result = cli(
        "import-leads", str(path), "--campaign", "broadband-zh", "--round-robin", "Team 1", "--json"
    )
    assert result.code == 0, result.err
    assert result.err == ""  # no progress bar: stderr is not a terminal
    [line] = result.out.splitlines()  # exactly one JSON object
    report = json.loads(line)
    assert {k: report[k] for k in ("total", "imported", "duplicate", "dnc", "invalid")} == {
        "total": 5,
        "imported": 2,
        "duplicate": 1,
        "dnc": 1,
        "invalid": 1,
    }
    assert report["columns"]["手机号码"] == "phone" and Path(report["reject_file"]).exists()
    with Session(engine) as session:
        phones_ = set(session.scalars(select(Lead.phone_e164)))
    assert phones_ == {"+8613800138000", "+8613900002222"}

    again = cli("import-leads", str(path), "--campaign", "broadband-zh", "--assign", "rep1")
    assert again.code == 0
    assert "5 rows, imported 0, duplicate 3, do-not-call 1, invalid 1" in again.out
    assert "rejected rows with reasons:" in again.out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--campaign", "nope"), "no campaign 'nope'"),
        (("--campaign", "broadband-zh", "--assign", "lead1"), "not a rep"),
        (("--campaign", "broadband-zh", "--pool", "Nope"), "no team 'Nope'"),
        (("--campaign", "broadband-zh", "--map", "mobile"), "--map expects COLUMN=FIELD"),
        (("--campaign", "broadband-zh", "--map", "Mobil=phone"), "Mobil"),
        (
            ("--campaign", "broadband-zh", "--assign", "rep1", "--pool", "Team 1"),
            "not allowed with",
        ),
    ],
)
def test_import_leads_mistakes(
    with_campaign: Cli, engine: Engine, tmp_path: Path, extra: tuple[str, ...], message: str
) -> None:
    path = write(tmp_path / "leads.csv", LEADS_CSV)
    result = with_campaign("import-leads", str(path), *extra)
    assert result.code == 2 and message in result.err, result.err
    assert "Traceback" not in result.err and result.out == ""
    assert count(engine, Lead) == 0


def test_import_leads_file_problems(with_campaign: Cli, tmp_path: Path) -> None:
    missing = with_campaign(
        "import-leads", str(tmp_path / "absent.csv"), "--campaign", "broadband-zh"
    )
    assert missing.code == 2 and "absent.csv" in missing.err
    no_phone = write(tmp_path / "nophone.csv", "姓名,城市\n王先生,上海\n")
    result = with_campaign("import-leads", str(no_phone), "--campaign", "broadband-zh")
    assert result.code == 2 and "nophone.csv" in result.err


def test_import_leads_encoding_and_mapping(
    with_campaign: Cli, engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("客户,Mobil\n王先生,13800138000\n".encode("gbk"))
    result = with_campaign(
        "import-leads",
        str(path),
        "--campaign",
        "broadband-zh",
        "--encoding",
        "gbk",
        "--map",
        "Mobil=phone",
        "客户=name",
        "--pool",
        "Team 1",
        "--json",
    )
    assert result.code == 0, result.err
    assert json.loads(result.out)["imported"] == 1
    with Session(engine) as session:
        lead = session.scalars(select(Lead)).one()
    assert (lead.name, lead.phone_e164, lead.assigned_user_id, lead.pool_team_id) == (
        "王先生",
        "+8613800138000",
        None,
        1,
    )


# --- demo ------------------------------------------------------------------------------


def demo_counts(engine: Engine) -> dict[str, int]:
    models = (Lead, DncNumber, Script, Campaign, User, Team, MonthlyTarget, Outcome)
    return {model.__tablename__: count(engine, model) for model in models}


@pytest.mark.parametrize("empty_shared_url", BACKENDS, indirect=True)
def test_demo_is_realistic_and_idempotent(cli: Cli, engine: Engine) -> None:
    first = cli("demo")  # on an empty database: creates the schema first
    assert first.code == 0, first.err
    assert "demo data loaded" in first.out
    counts = demo_counts(engine)
    assert cli("demo").out.strip().startswith("demo data already present")
    assert demo_counts(engine) == counts
    forced = cli("demo", "--force")
    assert forced.code == 0 and "0 leads imported" in forced.out
    assert demo_counts(engine) == counts
    check_demo_data(engine, datetime.now(UTC).astimezone().strftime("%Y-%m"))


def check_demo_data(engine: Engine, month: str) -> None:
    with Session(engine) as s:
        # People: three reps and a supervisor on the team, an admin.
        users = {u.username: u for u in s.scalars(select(User))}
        assert {n: users[n].role for n in ("rep1", "rep2", "rep3", "lead1", "admin")} == {
            "rep1": "rep",
            "rep2": "rep",
            "rep3": "rep",
            "lead1": "supervisor",
            "admin": "admin",
        }
        assert users["rep1"].display_name == "王芳 (rep1)"
        targets = s.execute(
            select(User.username, MonthlyTarget.sales_cents)
            .join(User)
            .where(MonthlyTarget.month == month)
        ).all()
        assert sorted(name for name, cents in targets if cents > 0) == ["rep1", "rep2", "rep3"]

        # Leads: enough, every number a valid E.164, dealt to reps and some in the pool.
        for campaign in s.scalars(select(Campaign)):
            leads = s.scalars(select(Lead).where(Lead.campaign_id == campaign.id)).all()
            assert len(leads) >= 300, campaign.code
            for lead in leads:
                number = phonenumbers.parse(lead.phone_e164, None)
                assert phonenumbers.is_valid_number(number), lead.phone_e164
                assert (
                    phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                    == lead.phone_e164
                )
                assert lead.name and lead.company and lead.timezone
            owners = {lead.assigned_user_id for lead in leads}
            assert {users[r].id for r in ("rep1", "rep2", "rep3")} | {None} == owners
            assert sum(lead.pool_team_id is not None for lead in leads) >= 20

            outcomes = s.scalars(select(Outcome).where(Outcome.campaign_id == campaign.id)).all()
            hotkeys = sorted(o.hotkey for o in outcomes if o.hotkey is not None)
            assert hotkeys == list(range(1, 10)) and len(outcomes) >= 10
            assert all(
                any(getattr(o, f"is_{f}") for o in outcomes)
                for f in ("sale", "dnc", "complaint", "callback")
            )

            body = s.scalars(select(Script.body).where(Script.campaign_id == campaign.id)).one()
            assert lint_script(body) == []
            script = parse_script(body)
            opening, pitch = script.section("opening"), script.section("pitch")
            assert (
                opening is not None
                and pitch is not None
                and script.section("objections") is not None
            )
            assert {"agent.name", "campaign.company", "lead.name"} <= set(
                FIELD.findall(opening.body)
            )
            assert len(script.objections) >= 4
            assert {o.id for o in script.objections} <= set(objection_links(pitch.body))
        regions = {
            phonenumbers.region_code_for_number(phonenumbers.parse(p, None))
            for p in s.scalars(select(Lead.phone_e164))
        }
        assert {"CN", "US", "GB", "AU", "SG", "CA"} <= regions

        # DNC numbers are never callable leads.
        dnc = set(s.scalars(select(DncNumber.phone_e164)))
        assert len(dnc) >= 3
        assert not s.scalars(select(Lead).where(Lead.phone_e164.in_(dnc))).all()


def test_load_demo_for_the_desktop_app(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'embedded.sqlite3'}")
    try:
        now = datetime(2027, 3, 15, 4, 0, tzinfo=UTC)
        summary = load_demo(engine, now=now)
        assert not summary.already_present
        assert summary.leads_imported == summary.leads_total >= 600
        assert summary.campaigns == ("broadband-zh", "saas-trial-en")
        check_demo_data(engine, now.astimezone().strftime("%Y-%m"))
        assert load_demo(engine, now=now).already_present
    finally:
        engine.dispose()


def test_demo_leads_are_deterministic() -> None:
    first, second = generate_leads(random.Random(7)), generate_leads(random.Random(7))
    assert first == second
    zh, _ = generate_leads(random.Random(SEED))
    assert any(lead.phone_e164.startswith(("+8610", "+8621")) for lead in zh)  # landlines
    assert {lead.phone_e164[:5] for lead in zh} >= {"+8613", "+8615", "+8618", "+8619"}


def test_documented_campaign_example_loads(ready: Cli, demo_files: Path, tmp_path: Path) -> None:
    readme = (demo_files / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    shutil.copy(demo_files / "script-zh.md", tmp_path / "script-zh.md")
    result = ready("campaign", "load", str(write(tmp_path / "example.toml", example)))
    assert result.code == 0, result.err


@pytest.mark.parametrize("empty_shared_url", BACKENDS, indirect=True)
def test_every_subcommand_on_each_backend(
    cli: Cli, engine: Engine, demo_files: Path, tmp_path: Path
) -> None:
    leads = write(tmp_path / "leads.csv", LEADS_CSV)
    numbers = write(tmp_path / "dnc.txt", "13900001111\n+44 20 7946 0999\n")
    steps: list[tuple[str, ...]] = [
        ("init",),
        ("team", "add", "Team 1"),
        ("team", "list"),
        ("user", "add", "rep1", "--role", "rep", "--team", "Team 1", "--name", "王芳 (rep1)"),
        ("user", "add", "rep2", "--role", "rep", "--team", "Team 1"),
        ("user", "disable", "rep2"),
        ("user", "list", "--json"),
        ("campaign", "load", str(demo_files / "saas-trial-en.toml")),
        ("campaign", "load", str(demo_files / "broadband-zh.toml")),
        ("campaign", "list"),
        ("script", "load", str(demo_files / "script-zh.md"), "--campaign", "saas-trial-en"),
        ("script", "show", "--campaign", "saas-trial-en", "--version", "2"),
        ("dnc", "add", "15900001111", "--reason", "客户要求"),
        ("dnc", "import", str(numbers)),
        ("import-leads", str(leads), "--campaign", "broadband-zh", "--round-robin", "Team 1"),
        ("target", "set", "rep1", "--month", "2026-11", "--calls", "1000", "--sales", "50,000"),
        ("target", "list", "--month", "2026-11"),
        ("dnc", "list"),
        ("dnc", "export", str(tmp_path / "dnc.csv")),
        ("demo", "--force"),
    ]
    for step in steps:
        result = cli(*step)
        assert result.code == 0, (step, result.err)
    with Session(engine) as session:
        rep1 = session.scalars(select(User).where(User.username == "rep1")).one()
        broadband = session.scalars(select(Campaign).where(Campaign.code == "broadband-zh")).one()
        dealt = session.scalars(select(Lead).where(Lead.campaign_id == broadband.id)).all()
        assert sum(lead.assigned_user_id == rep1.id for lead in dealt) >= 2  # rep2 is disabled
        actions = {(a.action, a.entity) for a in session.scalars(select(AuditEntry))}
    assert {("init", "schema"), ("add", "user"), ("disable", "user"), ("add", "campaign"),
            ("add", "script"), ("add", "dnc"), ("set", "target"), ("export", "dnc"),
            ("import_leads", "campaign")} <= actions  # fmt: skip
    assert len((tmp_path / "dnc.csv").read_text(encoding="utf-8-sig").splitlines()) == 4


def test_unreachable_database_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "postgresql://postgres@127.0.0.1:1/nothing", "init"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("agent-desk-admin: database error:") and len(err.splitlines()) == 1
