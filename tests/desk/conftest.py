"""A small team on a real shared database, and a desk session wired to it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from agent_desk.clock import ManualClock
from agent_desk.desk.operations import InlineExecutor, Operations
from agent_desk.desk.session import DeskSession
from agent_desk.domain.outcomes import STANDARD_OUTCOMES
from agent_desk.store import desk_feed, schema
from agent_desk.store.desk_repo import DeskRepo
from agent_desk.sync.worker import SyncWorker
from agent_desk.telephony.simulated import SimulatedLine

# Wednesday 2026-11-25 10:00 in Shanghai: inside the 09:00-12:00 window.
SHANGHAI_MORNING = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
WINDOWS = {"windows": {"weekdays": ["09:00-12:00", "14:00-20:30"]}, "holidays": []}


@dataclass
class Team:
    engine: Engine
    campaign_id: int
    rep_ids: dict[str, int]
    lead_ids: list[uuid.UUID]
    phones: list[str]


def seed_team(engine: Engine, *, leads: int = 8, now: datetime = SHANGHAI_MORNING) -> Team:
    """One team, two reps, one Chinese campaign with standard outcomes, a few leads."""
    with Session(engine, expire_on_commit=False) as s, s.begin():
        team = schema.Team(name="Team 1", created_at=now)
        s.add(team)
        s.flush()
        reps = {}
        for name in ("rep1", "rep2"):
            user = schema.User(
                username=name,
                display_name=name.upper(),
                role="rep",
                team_id=team.id,
                active=True,
                created_at=now,
            )
            s.add(user)
            s.flush()
            reps[name] = user.id
        campaign = schema.Campaign(
            code="bb",
            name="Broadband",
            language="zh",
            company_name="星河电信",
            purpose="宽带升级",
            default_region="CN",
            fallback_timezone="Asia/Shanghai",
            calling_policy=WINDOWS,
            soft_call_limit_s=300,
            max_attempts=3,
            min_gap_minutes=60,
            cs_transfer_number="+864008001234",
            active=True,
            created_at=now,
        )
        s.add(campaign)
        s.flush()
        for order, outcome in enumerate(STANDARD_OUTCOMES):
            s.add(
                schema.Outcome(
                    campaign_id=campaign.id,
                    code=outcome.code,
                    label_en=outcome.label_en,
                    label_zh=outcome.label_zh,
                    hotkey=outcome.hotkey,
                    sort_order=order,
                    is_contact=outcome.contact,
                    is_sale=outcome.sale,
                    is_callback=outcome.callback,
                    is_dnc=outcome.dnc,
                    is_complaint=outcome.complaint,
                    is_final=outcome.final,
                )
            )
        s.add(
            schema.Script(
                campaign_id=campaign.id,
                version=1,
                created_at=now,
                body=(
                    "# 宽带升级\n\n## 开场白\n您好,{{lead.name}},我是{{agent.name}}。\n\n"
                    "## 异议处理\n### 太贵了 {#obj-price}\n我们有优惠。\n"
                ),
            )
        )
        lead_ids, phones = [], []
        for i in range(leads):
            phone = f"+8613800{i:06d}"
            lead = schema.Lead(
                id=uuid.uuid4(),
                campaign_id=campaign.id,
                phone_e164=phone,
                name=f"客户{i}",
                company=f"公司{i}",
                extra={},
                timezone="Asia/Shanghai",
                assigned_user_id=reps["rep1"],
                priority=100 + i,
                status="new",
                attempts=0,
                imported_at=now,
            )
            s.add(lead)
            lead_ids.append(lead.id)
            phones.append(phone)
    return Team(engine, campaign.id, reps, lead_ids, phones)


@dataclass
class Desk:
    session: DeskSession
    repo: DeskRepo
    sync: SyncWorker
    line: SimulatedLine
    clock: ManualClock

    def sync_now(self) -> None:
        self.sync.run_once()


def open_desk(
    engine: Engine,
    folder: Path,
    clock: ManualClock,
    username: str = "rep1",
    *,
    training: bool = False,
) -> Desk:
    with engine.connect() as conn:
        me = desk_feed.identify(conn, username)
    repo = DeskRepo.open(folder / f"desk-{username}.sqlite3")
    desk_id = repo.desk_id()
    sync = SyncWorker(engine, repo, me, desk_id, clock, hopper_target=3, interval_s=0.05)
    line = SimulatedLine(clock, seed=7, ring_interval_s=0.005, line_interval_s=0.01)
    session = DeskSession(
        repo=repo,
        ops=Operations(InlineExecutor()),
        net_ops=Operations(InlineExecutor()),
        sync=sync,
        line=line,
        me=me,
        desk_id=desk_id,
        clock=clock,
        training=training,
    )
    return Desk(session, repo, sync, line, clock)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(SHANGHAI_MORNING)


@pytest.fixture
def team(shared_engine: Engine) -> Team:
    return seed_team(shared_engine)


@pytest.fixture
def desk(qapp: object, team: Team, tmp_path: Path, clock: ManualClock) -> Iterator[Desk]:
    opened = open_desk(team.engine, tmp_path, clock)
    opened.sync_now()
    opened.session.start(sync_thread=False)
    yield opened
    opened.session.shutdown()
    opened.repo.close()
