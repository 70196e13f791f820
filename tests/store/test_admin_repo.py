"""Admin writes and reads on the shared database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from agent_desk.domain.calling_policy import CallingPolicy
from agent_desk.domain.outcomes import STANDARD_OUTCOMES, Outcome, OutcomeSet
from agent_desk.store import campaign_repo, dnc_repo, people_repo
from agent_desk.store.admin_common import AdminError, CampaignSpec, DncAdded, TargetRow
from agent_desk.store.schema import AuditEntry, Campaign, Lead, User

NOW = datetime(2026, 11, 2, 3, 4, 5, tzinfo=UTC)
POLICY = CallingPolicy.from_config(
    {"windows": {"weekdays": ["09:00-12:00", "14:00-20:30"]}, "holidays": ["2026-10-01"]}
)


def run(engine: Engine, work: Callable[[Session], Any]) -> Any:
    with Session(engine) as session, session.begin():
        return work(session)


def audit_actions(engine: Engine) -> list[tuple[str, str, str]]:
    with Session(engine) as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id).order_by(
                AuditEntry.id
            )
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def spec(code: str = "broadband-zh", **changes: Any) -> CampaignSpec:
    values: dict[str, Any] = {
        "code": code,
        "name": "宽带升级",
        "policy": POLICY,
        "outcomes": STANDARD_OUTCOMES,
        "company_name": "海川电信",
        "cs_transfer_number": "+864008001234",
    }
    return CampaignSpec(**(values | changes))


@pytest.fixture
def team_and_people(shared_engine: Engine) -> Engine:
    def work(s: Session) -> None:
        people_repo.add_team(s, "Team 1", actor="tester", now=NOW)
        people_repo.add_user(
            s, "rep1", role="rep", display_name="王芳 (rep1)", team="Team 1", actor="t"
        )
        people_repo.add_user(s, "lead1", role="supervisor", team="Team 1", actor="t")

    run(shared_engine, work)
    return shared_engine


def test_add_and_list_users(team_and_people: Engine) -> None:
    users = run(team_and_people, people_repo.list_users)
    assert [(u.username, u.display_name, u.role, u.team, u.active) for u in users] == [
        ("lead1", "lead1", "supervisor", "Team 1", True),
        ("rep1", "王芳 (rep1)", "rep", "Team 1", True),
    ]
    assert audit_actions(team_and_people) == [
        ("add", "team", "Team 1"),
        ("add", "user", "rep1"),
        ("add", "user", "lead1"),
    ]


@pytest.mark.parametrize("username", ["a", "Rep1", "1rep", "rep-1", "rep 1", "r" * 64, "王芳"])
def test_bad_usernames_are_refused_and_write_nothing(shared_engine: Engine, username: str) -> None:
    with pytest.raises(AdminError, match="invalid username"):
        run(shared_engine, lambda s: people_repo.add_user(s, username, role="rep", actor="t"))
    assert run(shared_engine, people_repo.list_users) == []
    assert audit_actions(shared_engine) == []


def test_user_mistakes(team_and_people: Engine) -> None:
    with pytest.raises(AdminError, match="already exists"):
        run(team_and_people, lambda s: people_repo.add_user(s, "rep1", role="rep", actor="t"))
    with pytest.raises(AdminError, match="no team named 'Nope'"):
        run(
            team_and_people,
            lambda s: people_repo.add_user(s, "rep2", role="rep", team="Nope", actor="t"),
        )
    with pytest.raises(AdminError, match="invalid role"):
        run(team_and_people, lambda s: people_repo.add_user(s, "rep2", role="boss", actor="t"))
    with pytest.raises(AdminError, match="no user named"):
        run(team_and_people, lambda s: people_repo.disable_user(s, "ghost", actor="t"))
    assert len(run(team_and_people, people_repo.list_users)) == 2


def test_disable_user_twice_is_harmless(team_and_people: Engine) -> None:
    for _ in range(2):
        row = run(team_and_people, lambda s: people_repo.disable_user(s, "rep1", actor="t"))
        assert row.active is False
    assert audit_actions(team_and_people).count(("disable", "user", "rep1")) == 1
    teams = run(team_and_people, people_repo.list_teams)
    assert [(t.name, t.members) for t in teams] == [("Team 1", 1)]


def test_duplicate_team_is_refused(team_and_people: Engine) -> None:
    with pytest.raises(AdminError, match="already exists"):
        run(team_and_people, lambda s: people_repo.add_team(s, "Team 1", actor="t"))


def test_upsert_campaign_creates_then_replaces_outcomes(shared_engine: Engine) -> None:
    row, created = run(shared_engine, lambda s: campaign_repo.upsert_campaign(s, spec(), actor="t"))
    assert created and row.outcomes == 10 and row.script_version is None and row.leads == 0
    fewer = OutcomeSet(
        [Outcome("no_answer", "No answer", "未接听", hotkey=1), *list(STANDARD_OUTCOMES)[7:]]
    )
    row, created = run(
        shared_engine,
        lambda s: campaign_repo.upsert_campaign(s, spec(name="新名字", outcomes=fewer), actor="t"),
    )
    assert not created and row.name == "新名字" and row.outcomes == 4
    outcomes = run(shared_engine, lambda s: campaign_repo.list_outcomes(s, "broadband-zh"))
    assert [(o.code, o.hotkey, o.flags) for o in outcomes] == [
        ("no_answer", 1, ()),
        ("sale", 8, ("contact", "sale", "final")),
        ("dnc", 9, ("contact", "dnc", "final")),
        ("complaint", None, ("contact", "complaint", "final")),
    ]
    with Session(shared_engine) as session:
        stored = session.scalars(select(Campaign)).one()
        assert CallingPolicy.from_config(stored.calling_policy) == POLICY
        assert stored.cs_transfer_number == "+864008001234"
    assert [a[0] for a in audit_actions(shared_engine)] == ["add", "update"]


def test_script_versions(shared_engine: Engine) -> None:
    run(shared_engine, lambda s: campaign_repo.upsert_campaign(s, spec(), actor="t"))
    assert run(shared_engine, lambda s: campaign_repo.latest_script(s, "broadband-zh")) is None
    for body in ("# v1\n## 开场白\n您好", "# v2\n## 开场白\n您好!"):
        run(
            shared_engine,
            lambda s, b=body: campaign_repo.add_script_version(s, "broadband-zh", b, actor="t"),
        )
    latest = run(shared_engine, lambda s: campaign_repo.latest_script(s, "broadband-zh"))
    assert (latest.version, latest.body.splitlines()[0], latest.created_by) == (2, "# v2", "t")
    first = run(shared_engine, lambda s: campaign_repo.get_script(s, "broadband-zh", 1))
    assert first.body.startswith("# v1")
    assert (
        run(shared_engine, lambda s: campaign_repo.get_campaign(s, "broadband-zh")).script_version
        == 2
    )
    with pytest.raises(AdminError, match="no script version 7"):
        run(shared_engine, lambda s: campaign_repo.get_script(s, "broadband-zh", 7))
    with pytest.raises(AdminError, match="no campaign with code 'nope'"):
        run(shared_engine, lambda s: campaign_repo.add_script_version(s, "nope", "# x", actor="t"))
    with pytest.raises(AdminError, match="empty"):
        run(
            shared_engine,
            lambda s: campaign_repo.add_script_version(s, "broadband-zh", " \n", actor="t"),
        )


def test_targets_upsert_keeps_figures_not_given(team_and_people: Engine) -> None:
    def first(s: Session) -> TargetRow:
        return people_repo.set_target(
            s, "rep1", "2026-11", calls=1000, sales_cents=5_000_000, actor="t"
        )

    run(team_and_people, first)
    row = run(
        team_and_people,
        lambda s: people_repo.set_target(s, "rep1", "2026-11", contacts=300, actor="t"),
    )
    assert (row.calls, row.contacts, row.interested, row.sales_cents) == (1000, 300, 0, 5_000_000)
    run(team_and_people, lambda s: people_repo.set_target(s, "rep1", "2026-12", calls=1, actor="t"))
    assert [t.month for t in run(team_and_people, people_repo.list_targets)] == [
        "2026-11",
        "2026-12",
    ]
    november = run(team_and_people, lambda s: people_repo.list_targets(s, "2026-11"))
    assert [(t.username, t.display_name, t.contacts) for t in november] == [
        ("rep1", "王芳 (rep1)", 300)
    ]


@pytest.mark.parametrize(
    ("username", "month", "figures", "message"),
    [
        ("rep1", "2026-13", {"calls": 1}, "invalid month"),
        ("rep1", "11/2026", {"calls": 1}, "invalid month"),
        ("rep1", "2026-11", {"calls": -1}, "cannot be negative"),
        ("lead1", "2026-11", {"calls": 1}, "targets are for reps"),
        ("ghost", "2026-11", {"calls": 1}, "no user named"),
    ],
)
def test_target_mistakes_write_nothing(
    team_and_people: Engine, username: str, month: str, figures: dict[str, int], message: str
) -> None:
    with pytest.raises(AdminError, match=message):
        run(
            team_and_people,
            lambda s: people_repo.set_target(s, username, month, actor="t", **figures),
        )
    assert run(team_and_people, people_repo.list_targets) == []


def test_dnc_closes_callable_leads_everywhere(shared_engine: Engine) -> None:
    run(shared_engine, lambda s: campaign_repo.upsert_campaign(s, spec(), actor="t"))
    run(shared_engine, lambda s: campaign_repo.upsert_campaign(s, spec("other"), actor="t"))

    def leads(s: Session) -> None:
        ids = s.scalars(select(Campaign.id).order_by(Campaign.id)).all()
        for campaign_id, status in zip(ids, ("new", "done"), strict=True):
            s.add(
                Lead(campaign_id=campaign_id, phone_e164="+8613812345678", timezone="Asia/Shanghai",
                     imported_at=NOW, status=status)
            )  # fmt: skip

    run(shared_engine, leads)
    added = run(
        shared_engine,
        lambda s: dnc_repo.add_dnc(s, "138-1234-5678", reason="客户要求", actor="t", now=NOW),
    )
    assert added == DncAdded("+8613812345678", added=True, leads_closed=1)
    again = run(shared_engine, lambda s: dnc_repo.add_dnc(s, "+86 138 1234 5678", actor="t"))
    assert again.added is False
    with Session(shared_engine) as session:
        statuses = sorted(session.scalars(select(Lead.status)))
        assert statuses == ["dnc", "done"]  # a closed lead keeps its own outcome
        assert dnc_repo.is_dnc(session, "+8613812345678")
        assert not dnc_repo.is_dnc(session, "+8613812345679")
        listed = dnc_repo.list_dnc(session)
    assert [(d.masked, d.reason, d.source, d.added_at) for d in listed] == [
        ("+86 138****5678", "客户要求", "admin", NOW)
    ]
    # The audit log is a log: the number stays masked there.
    assert audit_actions(shared_engine)[-1] == ("add", "dnc", "+86 138****5678")


def test_bad_dnc_number_writes_nothing(shared_engine: Engine) -> None:
    with pytest.raises(AdminError, match="invalid phone number"):
        run(shared_engine, lambda s: dnc_repo.add_dnc(s, "12345", actor="t"))
    with pytest.raises(AdminError, match="invalid phone number"):
        run(shared_engine, lambda s: dnc_repo.add_dnc(s, "call me", actor="t"))
    assert run(shared_engine, dnc_repo.list_dnc) == []
    with Session(shared_engine) as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert session.scalar(select(func.count()).select_from(User)) == 0
