"""A morning of a team, made by real rep desks, for the team view to show.

Five reps work one shared database through the real desk session, desk database, sync
worker and simulated line (tests/desk/conftest.py), on one manual clock starting
Wednesday 2026-11-25 10:00 in Shanghai. By 10:40, when the supervisor looks:

* REP1 made 6 calls and saved them: interested (A), not interested amended to interested
  (B), a sale of 1,299.50 (A), busy, a complaint (D), a callback due 10:12 (B, overdue
  by 28 min); then a seventh call, hung up at 10:36:30 and still in wrap-up (long).
  The customers rated four calls 5, 3 (the amendment's; the original said 2), 4 and 2:
  3.5 on average; the callback's customer gave no rating.
* REP2 called the team's pool lead while offline; the lease ran out, REP4 claimed the
  lead, and the record arrived later: flagged. Now on a call for 6 minutes (over the
  300 s soft limit).
* REP3 made a training call (never counted) and has been on a break since 10:17.
* REP4 saved a wrap-up just as its sync cycle published the heartbeat, then went silent
  at 10:17: offline with 2 records waiting.
* REP5 made one call (rated 5) and ended the shift, confirming the summary.

Targets for November 2026 (21 working days): REP1 and REP2 420 calls, 84 contacts,
42 interested, 42,000.00 sales: 20, 4, 2 and 2,000 a day.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from agent_desk.clock import ManualClock
from agent_desk.desk.views import AgentState, WrapupContext
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.store import schema
from agent_desk.store.engine import make_engine
from agent_desk.store.migrate import upgrade_to_head
from agent_desk.telephony.simulated import Behaviour, Persona
from tests.desk.conftest import SHANGHAI_MORNING, Desk, Team, open_desk, seed_team

ANSWERS = Persona("answers", Behaviour.ANSWER, rings=1)
BUSY = Persona("busy", Behaviour.BUSY, rings=0)
MONTH = "2026-11"
TARGET = {"calls": 420, "contacts": 84, "interested": 42, "sales_cents": 4_200_000}
POOL_PHONE = "+8613900009999"
LOOK_AT = SHANGHAI_MORNING + timedelta(minutes=40)  # 10:40 in Shanghai


@dataclass
class Morning:
    """What the desks did, for the tests to check the team view against."""

    url: str
    engine: Engine
    team: Team
    team_id: int
    clock: ManualClock
    ids: dict[str, int]
    desks: dict[str, Desk] = field(default_factory=dict)
    amended_call: uuid.UUID | None = None
    flagged_call: uuid.UUID | None = None
    callback_lead: uuid.UUID | None = None
    live_phone: str = ""  # the number REP2 is on a call with
    complaint_summary: str = "客户投诉来电太频繁"


def _add_people_and_leads(team: Team) -> tuple[int, dict[str, int]]:
    now = SHANGHAI_MORNING
    with Session(team.engine) as s, s.begin():
        team_id = s.scalar(select(schema.Team.id))
        assert team_id is not None
        for name in ("rep3", "rep4", "rep5"):
            s.add(schema.User(username=name, display_name=name.upper(), role="rep",
                              team_id=team_id, active=True, created_at=now))  # fmt: skip
        s.add(schema.User(username="lead1", display_name="LEAD1", role="supervisor",
                          team_id=team_id, active=True, created_at=now))  # fmt: skip
        s.flush()
        ids = dict(s.execute(select(schema.User.username, schema.User.id)).all())
        extra = [(f"+86139000000{i:02d}", "rep2") for i in range(2)]
        extra += [("+8613900005001", "rep5"), (POOL_PHONE, None)]
        for phone, owner in extra:
            s.add(schema.Lead(
                id=uuid.uuid4(), campaign_id=team.campaign_id, phone_e164=phone,
                name=f"客户{phone[-4:]}", company="", extra={}, timezone="Asia/Shanghai",
                assigned_user_id=ids[owner] if owner else None,
                pool_team_id=None if owner else team_id,
                priority=1 if owner is None else 100, status="new", attempts=0,
                imported_at=now,
            ))  # fmt: skip
        for name in ("rep1", "rep2"):
            s.add(schema.MonthlyTarget(user_id=ids[name], month=MONTH, **TARGET))
    return team_id, ids


def call(desk: Desk, qtbot: QtBot, persona: Persona = ANSWERS, talk_s: float = 30,
         lead_id: uuid.UUID | None = None) -> WrapupContext:  # fmt: skip
    """Dial a lead (the selected one by default), talk, hang up: the wrap-up is due."""
    session = desk.session
    if lead_id is None:
        assert session.queue.selected is not None
        lead_id = session.queue.selected.lead.id
    lead = desk.repo.lead(lead_id)
    assert lead is not None
    desk.line.plan[lead.phone_e164] = persona
    with qtbot.wait_signal(session.attempt.wrapup_due, timeout=3000) as due:
        session.dial_lead(lead_id)
        if persona.behaviour is Behaviour.ANSWER:
            qtbot.wait_until(lambda: session.status.state is AgentState.ON_CALL, timeout=3000)
            desk.clock.advance(talk_s)
            session.attempt.hangup()
    ctx = due.args[0]
    assert isinstance(ctx, WrapupContext)
    return ctx


def save(desk: Desk, qtbot: QtBot, ctx: WrapupContext, draft: WrapupDraft) -> None:
    draft.contact_time = ctx.answered_at or ctx.started_at
    with qtbot.wait_signal(desk.session.attempt.wrapup_saved, timeout=3000):
        assert desk.session.save_wrapup(draft), "the draft should be valid"


def started(desk: Desk) -> Desk:
    desk.sync_now()
    desk.session.start(sync_thread=False)
    return desk


def play_morning(engine: Engine, url: str, folder: Path, qtbot: QtBot) -> Morning:
    team = seed_team(engine)
    team_id, ids = _add_people_and_leads(team)
    clock = ManualClock(SHANGHAI_MORNING)
    m = Morning(url, engine, team, team_id, clock, ids)
    # REP2 first, so its hopper takes the pool lead.
    for name in ("rep2", "rep1", "rep3", "rep4", "rep5"):
        m.desks[name] = started(open_desk(engine, folder / name, clock, name))
    rep1, rep2, rep3, rep4, rep5 = (m.desks[n] for n in ("rep1", "rep2", "rep3", "rep4", "rep5"))
    pool_lead = next(e.lead.id for e in rep2.session.queue.entries
                     if e.lead.phone_e164 == POOL_PHONE)  # fmt: skip

    # REP2 loses the network and calls the pool lead anyway (the desk keeps the record).
    online = rep2.sync.shared
    rep2.sync.shared = make_engine(f"sqlite:///{folder}/missing/dir/shared.sqlite3")
    rep2.sync.run_once()
    ctx = call(rep2, qtbot, talk_s=60, lead_id=pool_lead)
    m.flagged_call = ctx.call_id
    save(rep2, qtbot, ctx, WrapupDraft(person="本人", outcome_code="not_interested",
                                       intent=IntentLevel.D))  # fmt: skip

    tomorrow = SHANGHAI_MORNING + timedelta(days=1)
    plans = [
        (ANSWERS, 95, WrapupDraft(person="本人", outcome_code="interested", intent=IntentLevel.A,
                                  followup_at=tomorrow, opening_done=True, satisfaction=5)),
        (ANSWERS, 60, WrapupDraft(person="本人", outcome_code="not_interested",
                                  intent=IntentLevel.C, satisfaction=2)),
        (ANSWERS, 120, WrapupDraft(person="本人", outcome_code="sale", intent=IntentLevel.A,
                                   amount=Decimal("1299.50"), satisfaction=4)),
        (BUSY, 0, WrapupDraft(person="(无人)", outcome_code="busy")),
        (ANSWERS, 30, WrapupDraft(person="本人", outcome_code="complaint", intent=IntentLevel.D,
                                  complaint_summary=m.complaint_summary, satisfaction=2)),
        (ANSWERS, 40, WrapupDraft(person="本人", outcome_code="callback", intent=IntentLevel.B,
                                  followup_at=SHANGHAI_MORNING + timedelta(minutes=12))),
    ]  # fmt: skip
    for index, (persona, talk, draft) in enumerate(plans):
        lead_id = rep1.session.queue.selected.lead.id  # type: ignore[union-attr]
        ctx = call(rep1, qtbot, persona, talk)
        save(rep1, qtbot, ctx, draft)
        if index == 1:  # the rep heard wrong: amend, the original stays
            original = rep1.repo.history(lead_id)[0].wrapups[0]
            fixed = WrapupDraft(contact_time=ctx.answered_at, person="本人",
                                outcome_code="interested", intent=IntentLevel.B,
                                followup_at=tomorrow, satisfaction=3)  # fmt: skip
            with qtbot.wait_signal(rep1.session.attempt.wrapup_saved):
                assert rep1.session.amend(original, fixed, "客户改主意了", rep1.repo.lead(lead_id))
            m.amended_call = ctx.call_id
        if index == 5:
            m.callback_lead = lead_id
        rep1.sync_now()

    # A training call on REP3's practice desk: recorded, marked, never counted.
    trainee = open_desk(engine, folder / "rep3-training", clock, "rep3", training=True)
    trainee.sync.claim_leads = False
    started(trainee)
    qtbot.wait_until(lambda: bool(trainee.session.queue.entries))
    practice = trainee.session.queue.entries[0].lead.id
    ctx = call(trainee, qtbot, talk_s=50, lead_id=practice)
    save(trainee, qtbot, ctx, WrapupDraft(person="张伟", outcome_code="sale",
                                          intent=IntentLevel.A, amount=Decimal(100)))  # fmt: skip
    trainee.sync_now()
    m.desks["rep3-training"] = trainee

    # REP5 makes one call and ends the shift.
    ctx = call(rep5, qtbot, talk_s=45)
    save(rep5, qtbot, ctx, WrapupDraft(person="本人", outcome_code="not_interested",
                                       intent=IntentLevel.C, satisfaction=5))  # fmt: skip
    with qtbot.wait_signal(rep5.session.shift.summary_ready) as ready:
        rep5.session.end_shift()
    with qtbot.wait_signal(rep5.session.shift_ended):
        rep5.session.confirm_shift(ready.args[0], "今天客户少")

    # 10:17: REP2's lease has run out; REP4 claims the pool lead.
    clock.set(SHANGHAI_MORNING + timedelta(minutes=17))
    for name in ("rep4", "rep1", "rep3"):
        m.desks[name].sync_now()
    assert pool_lead in rep4.repo.leased_ids()
    # REP4 saves a wrap-up while its sync cycle is between the push and the heartbeat
    # (the sync thread races the UI thread), so the heartbeat says 2 records wait; then the
    # desk goes silent.
    ctx = call(rep4, qtbot, talk_s=20, lead_id=pool_lead)
    save(rep4, qtbot, ctx, WrapupDraft(person="本人", outcome_code="not_interested",
                                       intent=IntentLevel.D))  # fmt: skip
    rep4.sync._publish_state(clock.now())
    # REP2 is back online: its record arrives after the lease was lost.
    rep2.sync.shared = online
    rep2.sync_now()
    # REP3 takes a break.
    rep3.session.pause("break")
    rep3.sync_now()

    # 10:34: REP2 on a call that goes on; 10:36: REP1's seventh call, then the wrap-up waits.
    clock.set(SHANGHAI_MORNING + timedelta(minutes=34))
    rep2_lead = next(e.lead.id for e in rep2.session.queue.entries if e.lead.id != pool_lead)
    m.live_phone = rep2.repo.lead(rep2_lead).phone_e164  # type: ignore[union-attr]
    rep2.line.plan[m.live_phone] = ANSWERS
    rep2.session.dial_lead(rep2_lead)
    qtbot.wait_until(lambda: rep2.session.status.state is AgentState.ON_CALL, timeout=3000)
    rep2.sync_now()
    clock.set(SHANGHAI_MORNING + timedelta(minutes=36))
    last = next(e.lead.id for e in rep1.session.queue.entries
                if e.lead.id != m.callback_lead and e.callable)  # fmt: skip
    call(rep1, qtbot, talk_s=30, lead_id=last)
    rep1.sync_now()
    clock.set(LOOK_AT)
    for name in ("rep1", "rep2", "rep3"):
        m.desks[name].sync_now()  # heartbeats at 10:40
    return m


def close_desks(m: Morning) -> None:
    for desk in m.desks.values():
        desk.session.shutdown()
        desk.repo.close()


@pytest.fixture
def morning(qtbot: QtBot, tmp_path: Path) -> Iterator[Morning]:
    """The team's morning on a shared SQLite file (the team view opens it by URL)."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    played = play_morning(engine, url, tmp_path, qtbot)
    yield played
    close_desks(played)
    engine.dispose()
