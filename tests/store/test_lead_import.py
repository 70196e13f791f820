"""Lead import on SQLite and PostgreSQL: every row accounted for, bad files change nothing."""

from __future__ import annotations

import csv
import random
import secrets
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session

from agent_desk.store import lead_import, lead_writer, people_repo
from agent_desk.store.engine import make_engine
from agent_desk.store.lead_import import (
    ImportReport,
    LeadFileError,
    LeadImportError,
    import_leads,
)
from agent_desk.store.schema import AuditEntry, Campaign, DncNumber, Lead, Team, User
from tests.store.messy_leads import make_messy_csv, write_csv, write_xlsx

NOW = datetime(2026, 11, 27, 2, 30, tzinfo=UTC)
DNC = ("+8613900000001", "+8613900000002")


@dataclass
class World:
    engine: Engine
    campaign_id: int
    users: dict[str, int]
    teams: dict[str, int]
    folder: Path

    def run(self, path: Path, code: str = "SPRING", **options: Any) -> ImportReport:
        report = import_leads(self.engine, path, code, now=NOW, **options)
        assert report.imported + report.duplicate + report.dnc + report.invalid == report.total
        return report

    def leads(self, campaign_id: int | None = None) -> list[Any]:
        with self.engine.connect() as conn:
            query = select(Lead).where(Lead.campaign_id == (campaign_id or self.campaign_id))
            return list(conn.execute(query.order_by(Lead.phone_e164)))

    def state(self) -> tuple[int, ...]:
        with self.engine.connect() as conn:
            return tuple(
                conn.scalar(select(func.count()).select_from(table)) or 0
                for table in (Lead, AuditEntry, DncNumber)
            )

    def add_campaign(self, code: str) -> int:
        with self.engine.begin() as conn:
            values = {"code": code, "name": code, "calling_policy": {}, "created_at": NOW}
            return int(
                conn.execute(insert(Campaign).values(**values).returning(Campaign.id)).scalar_one()
            )

    def add_lead(self, phone: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(Lead).values(
                    id=uuid.uuid4(),
                    campaign_id=self.campaign_id,
                    phone_e164=phone,
                    timezone="Asia/Shanghai",
                    imported_at=NOW,
                )
            )


@pytest.fixture
def world(shared_engine: Engine, tmp_path: Path) -> World:
    people = [  # not in username order: round robin must sort
        ("rep3", "rep", "Team A", True),
        ("rep1", "rep", "Team A", True),
        ("rep2", "rep", "Team A", True),
        ("rep4", "rep", "Team A", False),
        ("sup1", "supervisor", "Team A", True),
        ("rep5", "rep", "Team B", True),
    ]
    with shared_engine.begin() as conn:
        teams: dict[str, int] = {}
        for name in ("Team A", "Team B", "Team Empty"):
            made = insert(Team).values(name=name, created_at=NOW).returning(Team.id)
            teams[name] = conn.execute(made).scalar_one()
        users: dict[str, int] = {}
        for username, role, team, active in people:
            values: dict[str, Any] = {"username": username, "display_name": username.upper()}
            values.update(role=role, team_id=teams[team], active=active, created_at=NOW)
            users[username] = conn.execute(
                insert(User).values(values).returning(User.id)
            ).scalar_one()
        for phone in DNC:
            conn.execute(insert(DncNumber).values(phone_e164=phone, source="admin", added_at=NOW))
    world = World(shared_engine, 0, users, teams, tmp_path)
    world.campaign_id = world.add_campaign("SPRING")
    return world


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def rejects(path: Path | None) -> list[dict[str, str]]:
    assert path is not None
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM for Chinese
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "rejects" in p.name)


MESSY = """name,phone,company,priority,notes,source
Wang Wei,138-1234-5678,Huaxin,5,call am,fair
Li Na,+86 139 0000 0001,,,,
Zhang San,13812345678,,,,
,,,,,
Bad,12345,,,,
Zhao,137 1234 5678,ACME,high,,
"Sun, Li",(010) 6234 5678,,,"two
lines",
Qian,15012345678,,,,,stray
Zhou,,,,,
Wu,15112345678,,,,


"""


@pytest.mark.parametrize("chunk", [lead_import._CHUNK_ROWS, 1, 2])
def test_every_row_ends_in_one_state_and_rejects_say_why(
    world: World, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small chunks: the reject file is written while later chunks are still in the works.
    monkeypatch.setattr(lead_import, "_CHUNK_ROWS", chunk)
    path = write(world.folder / "spring.csv", MESSY)
    report = world.run(path, actor="boss")
    assert (report.total, report.imported, report.duplicate, report.dnc, report.invalid) == (
        10, 3, 1, 1, 5,
    )  # fmt: skip
    assert report.encoding == "utf-8" and not report.dry_run
    assert report.columns == {
        "name": "name",
        "phone": "phone",
        "company": "company",
        "priority": "priority",
        "notes": "note",
        "source": "extra",
    }
    assert report.reject_path == world.folder / "spring.rejects.csv"
    table = [
        (r["reject_row"], r["reject_line"], r["reject_status"], r["reject_reason"], r["name"])
        for r in rejects(report.reject_path)
    ]
    assert table == [
        ("2", "3", "dnc", "number is on the do-not-call list", "Li Na"),
        ("3", "4", "duplicate", "same number as row 1", "Zhang San"),
        ("4", "5", "invalid", "empty row", ""),
        ("5", "6", "invalid", "phone invalid: Phone number is too short (5 digits)", "Bad"),
        ("6", "7", "invalid", "priority 'high' is not a whole number (0 or more)", "Zhao"),
        ("8", "10", "invalid", "row has 7 cells, header has 6", "Qian"),
        ("9", "11", "invalid", "phone missing", "Zhou"),
    ]
    with report.reject_path.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle))[6][-1] == "stray"  # the original cells, all of them

    leads = {lead.name: lead for lead in world.leads()}
    assert set(leads) == {"Wang Wei", "Sun, Li", "Wu"}
    wang = leads["Wang Wei"]
    assert (wang.phone_e164, wang.company, wang.priority) == ("+8613812345678", "Huaxin", 5)
    assert wang.extra == {"note": "call am", "source": "fair"}
    assert (wang.status, wang.attempts, wang.imported_at, wang.timezone) == (
        "new", 0, NOW, "Asia/Shanghai",
    )  # fmt: skip
    assert isinstance(wang.id, uuid.UUID)
    assert (wang.assigned_user_id, wang.pool_team_id, wang.next_attempt_at) == (None, None, None)
    sun = leads["Sun, Li"]
    assert (sun.phone_e164, sun.priority, sun.extra) == (
        "+861062345678",
        100,
        {"note": "two\nlines"},
    )

    with world.engine.connect() as conn:
        audit = conn.execute(select(AuditEntry)).one()
    assert (audit.actor, audit.action, audit.entity, audit.entity_id) == (
        "boss", "import_leads", "campaign", "SPRING",
    )  # fmt: skip
    assert audit.detail["file"] == "spring.csv"
    assert {k: audit.detail[k] for k in ("total", "imported", "dnc")} == {
        "total": 10,
        "imported": 3,
        "dnc": 1,
    }
    assert {"total", "imported", "duplicate", "dnc", "invalid"} <= set(report.to_json())


@pytest.mark.parametrize("chunk", [lead_import._CHUNK_ROWS, 1])
def test_second_import_of_the_same_file_is_all_duplicates(
    world: World, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lead_import, "_CHUNK_ROWS", chunk)
    path = write(world.folder / "spring.csv", MESSY)
    world.run(path)
    again = world.run(path)
    assert (again.imported, again.duplicate, again.dnc, again.invalid) == (0, 4, 1, 5)
    reasons = {r["reject_row"]: r["reject_reason"] for r in rejects(again.reject_path)}
    assert reasons["1"] == "number already in campaign SPRING"
    assert reasons["3"] == "same number as row 1"
    assert len(world.leads()) == 3


def test_numbers_already_in_the_campaign_are_duplicates(world: World) -> None:
    world.add_lead("+8615012340000")
    other = world.add_campaign("AUTUMN")
    path = write(world.folder / "l.csv", "phone\n150 1234 0000\n15012340001\n")
    report = world.run(path)
    assert (report.imported, report.duplicate) == (1, 1)
    # Another campaign may hold the same number.
    assert world.run(path, code="AUTUMN").imported == 2
    assert len(world.leads(other)) == 2


@pytest.mark.parametrize(
    ("encoding", "given", "reported"),
    [
        ("utf-8", None, "utf-8"),
        ("utf-8-sig", None, "utf-8-sig"),
        ("utf-8-sig", "utf-8", "utf-8-sig"),
        ("gbk", None, "gb18030"),
        ("gbk", "GBK", "gbk"),
        ("gb18030", None, "gb18030"),
        ("utf-16", None, "utf-16"),
    ],
)
def test_encodings(world: World, encoding: str, given: str | None, reported: str) -> None:
    text = "姓名,手机号码,公司名称,备注\n王伟,13812345678,北京华信科技有限公司,老客户\n"
    path = write(world.folder / "zh.csv", text, encoding)
    report = world.run(path, encoding=given)
    assert (report.encoding, report.imported) == (reported, 1)
    [lead] = world.leads()
    assert (lead.name, lead.company, lead.extra) == (
        "王伟",
        "北京华信科技有限公司",
        {"note": "老客户"},
    )


def test_utf16_tab_separated_as_excel_saves_unicode_text(world: World) -> None:
    path = write(world.folder / "u.txt", "姓名\t电话\n李娜\t+86 139 1234 5678\n", "utf-16")
    assert world.run(path).imported == 1


@pytest.mark.parametrize(
    "text",
    [
        "姓名;手机;备注\n王伟;13812345678;a,b\n",
        "sep=;\n姓名;手机;备注\n王伟;13812345678;a,b\n",
        '姓名|手机|备注\n王伟|13812345678|"a,b"\n',
    ],
)
def test_other_delimiters(world: World, text: str) -> None:
    report = world.run(write(world.folder / "s.csv", text))
    assert report.imported == 1 and report.total == 1
    assert world.leads()[0].extra == {"note": "a,b"}


def test_xlsx(world: World) -> None:
    rows: list[list[object]] = [
        ["客户姓名", "手机号", "优先级", "入库日期"],
        ["王伟", 13812345678, 3, datetime(2026, 1, 2)],
        ["李娜", 13912345678.0, None, None],
        [None, None, None, None],
        ["赵", "1.38123E+10", None, None],
        [None, None, None, None],
    ]
    path = write_xlsx(world.folder / "list.xlsx", rows)
    report = world.run(path)
    assert (report.encoding, report.total, report.imported, report.invalid) == ("xlsx", 4, 2, 2)
    wang = next(lead for lead in world.leads() if lead.name == "王伟")
    assert (wang.phone_e164, wang.priority, wang.extra) == (
        "+8613812345678", 3, {"入库日期": "2026-01-02"},
    )  # fmt: skip
    table = [
        (r["reject_row"], r["reject_line"], r["reject_reason"]) for r in rejects(report.reject_path)
    ]
    assert table[0] == ("3", "4", "empty row")
    assert table[1][:2] == ("4", "5") and "rounded" in table[1][2]


def test_mapping_overrides(world: World) -> None:
    path = write(world.folder / "de.csv", "Kunde,Mobil,Firma,Telefon\nMüller,13812345678,ACME,x\n")
    mapping = {"Mobil": "phone", "kunde": "name", "Firma": "company", "Telefon": "skip"}
    report = world.run(path, mapping=mapping)
    assert report.columns == {
        "Kunde": "name",
        "Mobil": "phone",
        "Firma": "company",
        "Telefon": "skip",
    }
    [lead] = world.leads()
    assert (lead.name, lead.company, lead.extra) == ("Müller", "ACME", {})


ASSIGN_CSV = "seq,phone\n" + "\n".join(
    f"{i},{phone}"
    for i, phone in enumerate(
        ["13800000001", "13900000001", "13800000002", "13800000003", "13800009999",
         "13800000004", "13800000005", "13800000006", "13800000007"],
        start=1,
    )
)  # fmt: skip


@pytest.mark.parametrize("chunk", [lead_import._CHUNK_ROWS, 2])
@pytest.mark.parametrize("mode", ["none", "assign", "pool", "round_robin"])
def test_assignment(world: World, mode: str, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # Chunks of 2: turns go on across chunks, DNC and existing rows in different ones.
    monkeypatch.setattr(lead_import, "_CHUNK_ROWS", chunk)
    world.add_lead("+8613800009999")
    options = {"assign": {"assign": "rep2"}, "pool": {"pool": "Team B"}}
    options["round_robin"] = {"round_robin": "Team A"}
    report = world.run(write(world.folder / "a.csv", ASSIGN_CSV), **options.get(mode, {}))
    assert (report.imported, report.dnc, report.duplicate) == (7, 1, 1)
    leads = sorted(world.leads(), key=lambda lead: int(lead.extra.get("seq", 0)))[1:]
    assigned = [lead.assigned_user_id for lead in leads]
    pools = {lead.pool_team_id for lead in leads}
    u, t = world.users, world.teams
    if mode == "none":
        assert set(assigned) == {None} and pools == {None}
    elif mode == "assign":
        assert set(assigned) == {u["rep2"]} and pools == {None}
    elif mode == "pool":
        assert set(assigned) == {None} and pools == {t["Team B"]}
    else:  # active reps by username, turns not lost on the DNC and existing rows
        reps = [u["rep1"], u["rep2"], u["rep3"]]
        assert assigned == [*reps, *reps, reps[0]] and pools == {None}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"assign": "nobody"}, "no user 'nobody'"),
        ({"assign": "sup1"}, "a supervisor, not a rep"),
        ({"assign": "rep4"}, "not active"),
        ({"pool": "Nope"}, "no team 'Nope' (teams: Team A, Team B, Team Empty)"),
        ({"round_robin": "Team Empty"}, "no active reps"),
        ({"assign": "rep1", "pool": "Team A"}, "at most one of assign, pool"),
        ({"code": "NOPE"}, "no campaign 'NOPE' (campaigns: SPRING)"),
        ({"encoding": "klingon"}, "unknown encoding 'klingon'"),
        ({"mapping": {"phone": "fone"}}, "unknown field 'fone'"),
    ],
)
def test_setup_mistakes_change_nothing(world: World, options: dict[str, Any], message: str) -> None:
    path = write(world.folder / "spring.csv", MESSY)
    before = world.state()
    with pytest.raises(LeadImportError) as caught:
        world.run(path, **options)
    assert message in str(caught.value)
    assert world.state() == before and leftovers(world.folder) == []


def test_dry_run_counts_everything_and_keeps_nothing(world: World) -> None:
    path = write(world.folder / "spring.csv", MESSY)
    before = world.state()
    dry = world.run(path, dry_run=True, round_robin="Team A")
    assert dry.dry_run and world.state() == before
    assert dry.reject_path is not None and len(rejects(dry.reject_path)) == 7
    real = world.run(path, round_robin="Team A")
    assert (dry.imported, dry.duplicate, dry.dnc, dry.invalid) == (
        real.imported, real.duplicate, real.dnc, real.invalid,
    )  # fmt: skip


def _broken_files(folder: Path) -> list[tuple[Path, dict[str, Any], str]]:
    xlsx = write_xlsx(folder / "good.xlsx", [["phone"], *[[f"1380000{i:04d}"] for i in range(300)]])
    truncated = folder / "cut.xlsx"
    truncated.write_bytes(xlsx.read_bytes()[: xlsx.stat().st_size // 2])
    garbage = folder / "garbage.csv"
    garbage.write_bytes(random.Random(7).randbytes(5000))
    return [
        (write(folder / "gbk.csv", "姓名,手机\n王伟,13812345678\n", "gbk"), {"encoding": "utf-8"},
         "gbk.csv is not utf-8 text: undecodable byte 0 (line 1)"),
        (write(folder / "u8.csv", "客户,手机号码\n王伟,13812345678\n"), {"encoding": "gbk"},
         "--encoding utf-8"),
        (write(folder / "nophone.csv", "姓名,城市\n王伟,上海\n"), {},
         "no phone column among the headers: '姓名', '城市'"),
        (truncated, {}, "cut.xlsx is not a readable .xlsx workbook"),
        (write(folder / "fake.xlsx", "phone\n13812345678\n"), {}, "not a ZIP file"),
        (write(folder / "empty.csv", ""), {}, "empty.csv is empty"),
        (write(folder / "blank.csv", "\n ,  \n\n"), {}, "has no header row"),
        (garbage, {}, "garbage.csv"),
        (write(folder / "u16.csv", "phone\n13812345678\n", "utf-16-le"), {}, "utf-16-le"),
        (write(folder / "bom.csv", "phone\n13812345678\n", "utf-8-sig"), {"encoding": "gbk"},
         "byte order mark"),
        (folder / "absent.csv", {}, "absent.csv: no such file"),
        (_ole(folder / "old.xls"), {},
         "Excel 97-2003"),
    ]  # fmt: skip


def _ole(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return path


def test_broken_files_are_explained_and_change_nothing(world: World) -> None:
    before = world.state()
    for path, options, message in _broken_files(world.folder):
        with pytest.raises(LeadFileError) as caught:
            world.run(path, **options)
        assert message in str(caught.value), (path.name, str(caught.value))
        assert world.state() == before
    assert leftovers(world.folder) == []


def test_utf16_without_bom_imports_once_named(world: World) -> None:
    path = write(world.folder / "u16.csv", "phone\n13812345678\n", "utf-16-le")
    assert world.run(path, encoding="utf-16-le").imported == 1


def test_a_quote_never_closed_is_caught(world: World) -> None:
    rows = "".join(f"x{i},1380000{i:04d}\n" for i in range(30))
    path = write(world.folder / "q.csv", f'name,phone\nA,13812345678\nB,"13912345678\n{rows}')
    report = world.run(path)
    assert (report.total, report.imported, report.invalid) == (2, 1, 1)
    [row] = rejects(report.reject_path)
    assert "never closed" in row["reject_reason"] and row["reject_line"] == "3"


def _progress_file(folder: Path, rows: int = 2500) -> Path:
    return write(folder / "big.csv", "phone\n" + "".join(f"1380000{i:04d}\n" for i in range(rows)))


def test_progress_is_reported(world: World) -> None:
    calls: list[tuple[int, int | None]] = []
    world.run(
        _progress_file(world.folder), progress=lambda done, total: calls.append((done, total))
    )
    assert [done for done, _ in calls] == [1000, 2000, 2500]
    assert all(total is not None and total >= done for done, total in calls)
    assert calls[-1] == (2500, 2500)


@pytest.mark.parametrize("chunk", [lead_import._CHUNK_ROWS, 100])
def test_ctrl_c_half_way_leaves_nothing(
    world: World, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chunks of 100: the worker is writing to the database when Ctrl-C comes.
    monkeypatch.setattr(lead_import, "_CHUNK_ROWS", chunk)
    path = _progress_file(world.folder)
    stale = world.folder / "big.rejects.csv"
    stale.write_text("an earlier run\n")
    before = world.state()

    def interrupt(done: int, total: int | None) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        world.run(path, progress=interrupt)
    assert world.state() == before
    assert (
        leftovers(world.folder) == ["big.rejects.csv"] and stale.read_text() == "an earlier run\n"
    )
    assert world.run(path).imported == 2500  # the connection and the database are fine


def test_failure_after_the_reject_file_is_written_leaves_none(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(lead_import, "_audit", fail)
    before = world.state()
    with pytest.raises(RuntimeError, match="disk full"):
        world.run(write(world.folder / "spring.csv", MESSY))
    assert world.state() == before and leftovers(world.folder) == []


def test_an_unwritable_folder_is_explained_and_changes_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # a folder the admin may only read
    before = world.state()
    with pytest.raises(LeadFileError, match=r"reject file l\.rejects\.csv \(Permission denied\)"):
        world.run(write(world.folder / "l.csv", "phone\n13812345678\nbad\n"))
    assert world.state() == before


def test_a_clean_import_removes_a_stale_reject_file(world: World) -> None:
    path = write(world.folder / "l.csv", "phone\n13812345678\nbad\n")
    assert world.run(path).reject_path is not None
    write(path, "phone\n13912345678\n")
    assert world.run(path).reject_path is None
    assert leftovers(world.folder) == []


CELLS = st.sampled_from(["王伟", "Li, Na", 'say "hi"', "two\nlines", "", " ", "备注；x", "ACME"])
PHONES = st.sampled_from(
    ["13812345678", "138-1234-5678", "+86 138 1234 5678", "13712345678", "１３７１２３４５６７８",
     "+86 139 0000 0001", "13900000002", "15012345678", "", "abc", "123", "12345678901",
     "010-62345678", "+1 212 555 0100"]
)  # fmt: skip
ROWS = st.lists(
    st.one_of(
        st.tuples(CELLS, PHONES, CELLS, st.sampled_from(["", "1", "x"])).map(list),
        st.just(["", "", "", ""]),
        st.tuples(CELLS, PHONES, CELLS, st.just(""), st.just("extra")).map(list),
    ),
    max_size=25,
)
_examples = iter(range(10**6))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=ROWS,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
    existing=st.booleans(),
)
def test_counts_always_add_up(
    world: World, rows: list[list[str]], encoding: str, delimiter: str, existing: bool
) -> None:
    n = next(_examples)
    code = f"P{n}"
    campaign_id = world.add_campaign(code)
    if existing:
        with world.engine.begin() as conn:
            conn.execute(
                insert(Lead).values(
                    id=uuid.uuid4(),
                    campaign_id=campaign_id,
                    phone_e164="+8613812345678",
                    timezone="Asia/Shanghai",
                    imported_at=NOW,
                )
            )
    path = write_csv(world.folder / f"p{n}.csv", [["姓名", "电话", "公司", "优先级"], *rows],
                     encoding, delimiter)  # fmt: skip
    report = world.run(path, code=code)
    data_rows = len(rows)
    while data_rows and not any(cell.strip() for cell in rows[data_rows - 1]):
        data_rows -= 1  # blank rows at the end are not data
    assert report.total == data_rows
    assert len(world.leads(campaign_id)) == report.imported + int(existing)
    rejected = [] if report.reject_path is None else rejects(report.reject_path)
    assert len(rejected) == report.total - report.imported
    assert len({r["reject_row"] for r in rejected}) == len(rejected)
    assert all(r["reject_status"] and r["reject_reason"] for r in rejected)


@pytest.mark.slow
def test_messy_100k_gbk_list(world: World) -> None:
    messy = make_messy_csv(world.folder / "客户名单.csv", 100_000, encoding="gbk")
    now = NOW
    with world.engine.begin() as conn:
        conn.execute(
            insert(DncNumber),
            [{"phone_e164": p, "source": "admin", "added_at": now} for p in messy.dnc],
        )
        conn.execute(
            insert(Lead),
            [
                {"id": uuid.uuid4(), "campaign_id": world.campaign_id, "phone_e164": p,
                 "timezone": "Asia/Shanghai", "imported_at": now}
                for p in messy.existing
            ],
        )  # fmt: skip
    started = time.perf_counter()
    report = world.run(messy.path)
    assert time.perf_counter() - started < 60
    counts = {k: getattr(report, k) for k in ("total", "imported", "duplicate", "dnc", "invalid")}
    assert counts == messy.expected
    assert report.encoding == "gb18030"
    assert len(world.leads()) == report.imported + len(messy.existing)
    rejected = rejects(report.reject_path)
    assert len(rejected) == report.duplicate + report.dnc + report.invalid
    by_status = {
        s: sum(r["reject_status"] == s for r in rejected) for s in ("duplicate", "dnc", "invalid")
    }
    assert by_status == {
        "duplicate": report.duplicate,
        "dnc": report.dnc,
        "invalid": report.invalid,
    }
    assert all(
        r["reject_reason"] and int(r["reject_line"]) > int(r["reject_row"]) for r in rejected
    )


NASTY_CSV = (
    "name,phone,company,notes\n"
    '"tab\there",13800000001,"back\\slash \\N \\.","line\nbreak, carriage\rreturn"\n'
    '"\\.",13800000002,"quote "" inside","ends with backslash\\"\n'
)


@pytest.mark.parametrize("chunk", [lead_import._CHUNK_ROWS, 1])
def test_text_that_means_something_to_copy_arrives_unchanged(
    world: World, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lead_import, "_CHUNK_ROWS", chunk)
    report = world.run(write(world.folder / "nasty.csv", NASTY_CSV))
    assert report.imported == 2
    first, second = world.leads()
    assert (first.name, first.company) == ("tab\there", "back\\slash \\N \\.")
    assert first.extra == {"note": "line\nbreak, carriage\rreturn"}
    assert (second.name, second.company) == ("\\.", 'quote " inside')
    assert second.extra == {"note": "ends with backslash\\"}


@pytest.mark.parametrize("mode", ["none", "round_robin"])
def test_a_number_another_session_adds_meanwhile_is_a_duplicate(
    world: World, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # While the import runs (here: before its first chunk reaches the database, on
    # PostgreSQL in the worker thread), another session commits one of its numbers.
    monkeypatch.setattr(lead_import, "_CHUNK_ROWS", 2)
    move = lead_writer.ChunkWriter._move
    sneaked: list[str] = []

    def sneak_in(mover: Any, rows: list[tuple[Any, ...]], document: str) -> Any:
        if not sneaked and world.engine.dialect.name == "postgresql":
            sneaked.append("+8613800000003")
            world.add_lead(sneaked[0])
        return move(mover, rows, document)

    monkeypatch.setattr(lead_writer.ChunkWriter, "_move", sneak_in)
    options = {"round_robin": "Team A"} if mode == "round_robin" else {}
    report = world.run(write(world.folder / "a.csv", ASSIGN_CSV), **options)
    if not sneaked:  # SQLite: the import holds the write lock, nobody adds leads meanwhile
        assert (report.imported, report.dnc, report.duplicate) == (8, 1, 0)
        return
    assert (report.imported, report.dnc, report.duplicate) == (7, 1, 1)
    reasons = {r["reject_row"]: r["reject_reason"] for r in rejects(report.reject_path)}
    assert reasons["4"] == "number already in campaign SPRING"
    imported = [lead for lead in world.leads() if lead.phone_e164 != sneaked[0]]
    imported.sort(key=lambda lead: int(lead.extra["seq"]))
    reps = [world.users["rep1"], world.users["rep2"], world.users["rep3"]]
    expected = [*reps, *reps, reps[0]] if mode == "round_robin" else [None] * 7
    assert [lead.assigned_user_id for lead in imported] == expected


def test_a_database_error_in_the_worker_changes_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lead_import, "_CHUNK_ROWS", 100)
    monkeypatch.setattr(
        lead_writer, "_insert_statement", lambda *args: text("SELECT no_such_column FROM leads")
    )
    before = world.state()
    with pytest.raises(Exception, match="no_such_column"):
        world.run(_progress_file(world.folder))
    assert world.state() == before and leftovers(world.folder) == []
    monkeypatch.undo()
    assert world.run(_progress_file(world.folder)).imported == 2500


def test_lead_ids_are_random_uuids() -> None:
    made = [uuid.UUID(hex) for hex in lead_writer._new_ids(1000)]
    assert len(set(made)) == 1000
    assert {(u.version, u.variant) for u in made} == {(4, uuid.RFC_4122)}
    assert lead_writer._new_ids(0) == []


def test_an_admin_login_imports_under_row_security(world: World) -> None:
    """Admins write leads through row security policies: COPY may only stage."""
    if world.engine.dialect.name != "postgresql":
        pytest.skip("row security is PostgreSQL's")
    name, password = f"importer_{secrets.token_hex(3)}", secrets.token_hex(8)
    with Session(world.engine) as session, session.begin():
        people_repo.add_user(session, name, role="admin", actor="tests", now=NOW, password=password)
    admin = make_engine(world.engine.url.set(username=name, password=password))
    try:
        with admin.connect() as conn:
            assert conn.scalar(text("SELECT row_security_active('leads')"))
        world.add_lead("+8613800009999")
        path = write(world.folder / "a.csv", ASSIGN_CSV)
        report = import_leads(admin, path, "SPRING", now=NOW, round_robin="Team A")
        assert (report.imported, report.dnc, report.duplicate) == (7, 1, 1)
        assert len(world.leads()) == 8
    finally:
        admin.dispose()
        with world.engine.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{name}"'))
        with world.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
