"""Take the README's screenshots of the supervisor's team view, in English and Chinese.

Run under a real X server so fonts and styles render as on a desk:

    TZ=Asia/Shanghai xvfb-run -a -s "-screen 0 1366x768x24" \\
        .venv/bin/python docs/team_screenshots.py

It builds the demo on a throwaway embedded database and adds five more reps, so the
team has eight. The year until this morning is written as the rows a desk's push writes
(calls and wrap-ups, a few complaints, callbacks and a record flagged after a lost
lease), with monthly targets set the admin's way; the database's triggers count the
figures from them. Then eight real rep desks (desk session, desk database, sync worker,
simulated line) work the afternoon on a fixed clock, Wednesday 2026-11-25, until 15:10
in Shanghai, when the supervisor ``lead1`` looks.
"""

from __future__ import annotations

import random
import sys
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from shots import per_language, shoot, wait, wait_for  # beside this script
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from agent_desk.admin.demo import TEAM, load_demo
from agent_desk.app import (
    DeskConfig,
    TeamConfig,
    build_desk_session,
    build_team_window,
)
from agent_desk.clock import ManualClock
from agent_desk.desk.session import DeskSession
from agent_desk.desk.views import AgentState, ShiftSummaryView
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.store import desk_feed, people_repo, schema
from agent_desk.store.engine import make_engine
from agent_desk.store.migrate import upgrade_to_head
from agent_desk.team.pace import PeriodKind
from agent_desk.telephony.simulated import Behaviour, Persona, SimulatedLine
from agent_desk.ui.style import style_sheet
from agent_desk.ui.team_window import ASSESSMENT, BOARD, CHARTS, FIGURES, LISTS, RECORDS

ZONE = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 25)  # a Wednesday
LOOK = datetime.combine(TODAY, time(15, 10), tzinfo=ZONE).astimezone(UTC)
MORE_REPS = (("rep4", "赵磊 (rep4)"), ("rep5", "刘洋 (rep5)"), ("rep6", "陈静怡 (rep6)"),
             ("rep7", "杨帆 (rep7)"), ("rep8", "黄丽 (rep8)"))  # fmt: skip
REPS = ("rep1", "rep2", "rep3", *(name for name, _ in MORE_REPS))
# How well each rep does against target, on average.
SKILL = dict(zip(REPS, (1.08, 0.97, 0.9, 1.02, 0.84, 0.95, 1.12, 0.88), strict=True))
# (outcome, share of dials, talk seconds, intents)
MIX = (
    ("no_answer", 0.33, 0, ()), ("busy", 0.09, 0, ()), ("unreachable", 0.08, 0, ()),
    ("wrong_number", 0.03, 0, ()), ("not_interested", 0.22, 70, ("C", "D")),
    ("callback", 0.1, 110, ("B", "C")), ("interested", 0.08, 190, ("A", "B")),
    ("sale", 0.045, 320, ("A",)), ("do_not_call", 0.02, 25, ("D",)),
    ("complaint", 0.002, 90, ("D",)),
)  # fmt: skip
HOURS = (9, 10, 11, 14, 15, 16, 17)
TODAY_HOURS = (9, 10, 11, 14, 15)  # until 15:08; the desks do the rest
PRICES = (599, 899, 1199, 1499, 1999)  # yuan: the upgrade packages
NOTES = ("客户在开会，约下午再聊", "对千兆套餐感兴趣，想了解价格", "已有其他运营商宽带",
         "家里老人接的电话，子女做主", "询问安装时间，周末方便", "觉得现在网速够用",
         "需要和家人商量", "合同还有三个月到期")  # fmt: skip
COMPLAINTS = ("客户投诉来电太频繁，要求不再联系", "客户对上次安装服务不满，已转客服",
              "客户称未同意接收营销电话", "客户投诉套餐资费说明不清")  # fmt: skip
AMEND_REASONS = ("客户回电改主意了", "选错了结果，更正")


def local(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=ZONE).astimezone(UTC)


def working_days(until: date) -> list[date]:
    day, found = date(until.year, 1, 5), []
    while day <= until:
        if day.weekday() < 5:
            found.append(day)
        day += timedelta(days=1)
    return found


def add_people(engine: Engine) -> dict[str, int]:
    with Session(engine) as s, s.begin():
        for name, display in MORE_REPS:
            people_repo.add_user(s, name, role="rep", display_name=display, team=TEAM,
                                 actor="screenshots", now=LOOK)  # fmt: skip
        for month in range(1, 12):
            for rep in REPS:
                grow = 1 + 0.005 * month  # targets rise through the year
                people_repo.set_target(
                    s, rep, f"2026-{month:02d}", calls=round(1050 * grow),
                    contacts=round(500 * grow), interested=round(180 * grow),
                    sales_cents=round(6_000_000 * grow), actor="screenshots", now=LOOK,
                )  # fmt: skip
        return dict(s.execute(select(schema.User.username, schema.User.id)).all())


def history(engine: Engine, ids: dict[str, int], rng: random.Random) -> None:
    """The year's calls and wrap-ups, as pushed by the desks, up to 15:00 today."""
    with engine.connect() as conn:
        campaign = next(c for c in desk_feed.campaigns(conn) if c.code == "broadband-zh")
        leads = [r.id for r in conn.execute(select(schema.Lead.id).where(
            schema.Lead.campaign_id == campaign.id).limit(300))]  # fmt: skip
    outcomes = campaign.outcomes
    calls, wraps, complaints, callbacks = [], [], [], []
    # Customer ratings from their own generator, so the rest of the year stays as it was.
    ratings = random.Random(5)
    amended = False  # one of REP1's this afternoon, for the records screenshot
    for day in working_days(TODAY):
        for rep in REPS:
            today = day == TODAY
            mood = SKILL[rep] * rng.uniform(0.8, 1.2)
            for _ in range(round(54 * mood * (0.78 if today else 1))):
                hour = rng.choice(TODAY_HOURS if today else HOURS)
                minute = rng.randrange(9 if today and hour == 15 else 60)
                started = local(day, hour, minute, rng.randrange(60))
                code, _, talk, intents = rng.choices(MIX, [m[1] * (mood if m[0] in (
                    "interested", "sale") else 1) for m in MIX])[0]  # fmt: skip
                outcome = outcomes[code]
                call_id, wrap_id = uuid.uuid4(), uuid.uuid4()
                lead = rng.choice(leads)
                seconds = round(talk * rng.uniform(0.5, 1.6))
                calls.append({
                    "id": call_id, "lead_id": lead, "campaign_id": campaign.id,
                    "user_id": ids[rep], "desk_id": f"desk-{rep}", "direction": "out",
                    "phone_e164": f"+86138{rng.randrange(10**8):08d}", "line_backend": "simulated",
                    "started_at": started, "answered_at": started if seconds else None,
                    "ended_at": started + timedelta(seconds=seconds + 12), "ring_count": 3,
                    "talk_seconds": seconds,
                    "end_reason": "agent_hangup" if seconds else "no_answer",
                    "training": False, "received_at": started + timedelta(seconds=40), "flag": None,
                })  # fmt: skip
                sale = outcome.sale
                wraps.append({
                    "id": wrap_id, "call_id": call_id, "lead_id": lead, "user_id": ids[rep],
                    "contact_time": started, "person": "本人" if outcome.contact else "(无人)",
                    "outcome_code": code, "is_contact": outcome.contact, "is_sale": sale,
                    "intent": rng.choice(intents) if intents else None, "tags": [],
                    "note": rng.choice(NOTES) if outcome.contact and rng.random() < 0.4 else "",
                    "amount_cents": rng.choice(PRICES) * 100 if sale else None,
                    "followup_at": started + timedelta(days=2) if outcome.callback else None,
                    "complaint_summary": rng.choice(COMPLAINTS) if outcome.complaint else "",
                    "opening_done": True, "amends_id": None, "amend_reason": "",
                    "satisfaction": rating(ratings, mood) if outcome.contact else None,
                    "training": False, "created_at": started + timedelta(seconds=seconds + 40),
                    "received_at": started + timedelta(seconds=seconds + 45),
                })  # fmt: skip
                if outcome.complaint and day >= TODAY - timedelta(days=2):
                    complaints.append({
                        "id": uuid.uuid4(), "call_id": call_id, "wrapup_id": wrap_id,
                        "lead_id": lead, "user_id": ids[rep],
                        "summary": wraps[-1]["complaint_summary"],
                        "transferred": "客服" in wraps[-1]["complaint_summary"],
                        "status": "open", "created_at": started,
                    })  # fmt: skip
                if outcome.callback and today and hour < 12 and len(callbacks) < 4:
                    callbacks.append({
                        "id": uuid.uuid4(), "lead_id": lead, "wrapup_id": wrap_id,
                        "owner_user_id": ids[rep], "team_id": None, "created_by": ids[rep],
                        "due_at": local(TODAY, 14, rng.randrange(0, 50)), "status": "open",
                        "created_at": started,
                    })  # fmt: skip
                if (
                    today
                    and code == "not_interested"
                    and (rng.random() < 0.03 or (rep == "rep1" and hour == 14 and not amended))
                ):
                    amended = amended or rep == "rep1"
                    wraps.append({
                        **wraps[-1], "id": uuid.uuid4(), "amends_id": wrap_id,
                        "outcome_code": "callback", "is_contact": True, "intent": "B",
                        "followup_at": started + timedelta(days=1),
                        "amend_reason": rng.choice(AMEND_REASONS),
                        "created_at": started + timedelta(minutes=rng.randrange(5, 40)),
                    })  # fmt: skip
    calls[-40]["flag"] = "lease_lost"  # one record arrived after its lease was lost
    with engine.begin() as conn:
        conn.execute(insert(schema.table(schema.CallRecord)), calls)
        conn.execute(insert(schema.table(schema.Wrapup)), wraps)
        conn.execute(insert(schema.table(schema.Complaint)), complaints)
        conn.execute(insert(schema.table(schema.Callback)), callbacks)


def rating(rng: random.Random, mood: float) -> int | None:
    """Two customers in five rate the call; a better rep's customers rate a little higher."""
    if rng.random() >= 0.4:
        return None
    lean = max(min(mood - 1.0, 0.3), -0.3)
    weights = [0.05 - lean / 10, 0.1 - lean / 5, 0.25, 0.35 + lean / 5, 0.25 + lean / 10]
    return rng.choices([1, 2, 3, 4, 5], [max(w, 0.01) for w in weights])[0]


ANSWERS = Persona("answers", Behaviour.ANSWER, rings=2)


class Floor:
    """The team's desks on one clock; each call goes through the real desk session."""

    def __init__(self, url: str, folder: Path, clock: ManualClock) -> None:
        self.clock = clock
        self.desks: dict[str, DeskSession] = {}
        for name in REPS:
            session = build_desk_session(DeskConfig(
                shared_url=url, username=name, clock=clock, data_dir=folder,
                ring_interval_s=0.01, inline_operations=True, sync_thread=False, hopper_target=3,
            ))  # fmt: skip
            session.start(sync_thread=False)
            assert session.sync is not None
            session.sync.run_once()
            wait_for(lambda s=session: s.queue.selected is not None)  # type: ignore[misc]
            self.desks[name] = session

    def dial(self, name: str, at: datetime, persona: Persona = ANSWERS) -> DeskSession:
        self.clock.set(at)
        session = self.desks[name]
        selected = session.queue.selected
        assert selected is not None and isinstance(session.line, SimulatedLine)
        session.line.plan[selected.lead.phone_e164] = persona
        session.dial_selected()
        if persona.behaviour is Behaviour.ANSWER:
            wait_for(lambda: session.status.state is AgentState.ON_CALL)
        else:
            wait_for(lambda: session.status.state in (AgentState.DIALING, AgentState.RINGING))
        return session

    def hang_up(self, name: str, at: datetime) -> DeskSession:
        self.clock.set(at)
        session = self.desks[name]
        session.attempt.hangup()
        wait_for(lambda: session.attempt.owed is not None)
        return session

    def short_call(self, name: str, at: datetime, talk_s: int = 41) -> None:
        """A call, hung up and wrapped up: the rep is ready again."""
        self.dial(name, at)
        session = self.hang_up(name, at + timedelta(seconds=talk_s))
        owed = session.attempt.owed
        assert owed is not None
        draft = WrapupDraft(contact_time=owed.answered_at, person="本人",
                            outcome_code="not_interested", intent=IntentLevel.D)  # fmt: skip
        session.save_wrapup(draft)

    def end_shift(self, name: str, note: str) -> None:
        session = self.desks[name]
        summaries: list[ShiftSummaryView] = []
        session.shift.summary_ready.connect(summaries.append)
        session.end_shift()
        wait_for(lambda: bool(summaries))
        session.confirm_shift(summaries[0], note)
        wait(100)

    def heartbeats(self, at: datetime, skip: str) -> None:
        self.clock.set(at)
        for name, session in self.desks.items():
            if session.sync is not None and name != skip:
                session.sync.run_once()


def afternoon(url: str, folder: Path, clock: ManualClock) -> list[DeskSession]:
    """Eight desks; by 15:10 each is where the board shows it."""
    clock.set(local(TODAY, 11, 40))
    floor = Floor(url, folder, clock)
    floor.short_call("rep8", local(TODAY, 11, 55), talk_s=95)  # then ends the morning shift
    floor.end_shift("rep8", "上午客户多数在开会，下午改为回访")
    clock.set(local(TODAY, 14, 42))
    floor.desks["rep4"].pause("break")  # a long one by 15:10
    floor.dial("rep5", local(TODAY, 15, 4))  # over the soft limit by 15:10
    floor.short_call("rep3", local(TODAY, 15, 5))
    floor.dial("rep1", local(TODAY, 15, 6, 40))
    floor.short_call("rep6", local(TODAY, 15, 7))
    floor.dial("rep2", local(TODAY, 15, 7, 50))
    floor.hang_up("rep2", local(TODAY, 15, 9, 20))  # filling in the wrap-up
    floor.dial("rep7", local(TODAY, 15, 9, 50), Persona("rings", Behaviour.NO_ANSWER, rings=40))
    floor.heartbeats(LOOK, skip="rep8")
    return list(floor.desks.values())


def run(language: str, folder: Path) -> None:
    url = f"sqlite:///{folder / 'shared.sqlite3'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    load_demo(engine, now=local(TODAY, 8, 0))  # leads are imported before the day starts
    ids = add_people(engine)
    history(engine, ids, random.Random(20261125))
    engine.dispose()
    clock = ManualClock(LOOK)
    desks = afternoon(url, folder, clock)
    window = build_team_window(TeamConfig(shared_url=url, username="lead1", clock=clock,
                                          inline_operations=True, timers=False))  # fmt: skip
    window.resize(1366, 768)
    window.show()
    suffix = language
    for tab, name in ((BOARD, "board"), (CHARTS, "charts"), (ASSESSMENT, "assessment"),
                      (LISTS, "lists")):  # fmt: skip
        window.go(tab)
        shoot(window, f"team-{name}-{suffix}")
    window.go(RECORDS)  # one rep's afternoon, an amendment under its original
    window.records.filter.choose_rep(ids["rep1"])
    window.records.filter.apply()
    shoot(window, f"team-records-{suffix}")
    window.go(FIGURES)
    window.session.refresh_figures(PeriodKind.MONTH)
    shoot(window, f"team-figures-{suffix}")
    window.go(ASSESSMENT)  # 客户满意度 month by month: the average and how many rated
    chooser = window.assessment.figure
    chooser.setCurrentIndex(chooser.findData("satisfaction"))
    shoot(window, f"team-assessment-satisfaction-{suffix}")
    window.close()
    for session in desks:
        session.shutdown()


def main() -> int:
    return per_language(
        __file__,
        lambda app, language, folder: run(language, folder),
        lambda app: app.setStyleSheet(style_sheet("light")),
    )


if __name__ == "__main__":
    sys.exit(main())
