"""A whole desk shift through the real desk session and sync worker, logged in as the rep.

Row security must not stop anything a rep's desk does: claiming from a pool it cannot
read, pushing calls, wrap-ups, an amendment, a team callback, a do-not-call number, a
complaint and the shift summary, renewing and releasing leases, publishing its state and
pulling campaigns, the do-not-call list, callbacks, targets and its leads.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from agent_desk.clock import ManualClock
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.wrapup import WrapupDraft
from tests.desk.conftest import Desk, open_desk
from tests.desk.test_session_rules import ANSWERS, call_and_hang_up, save
from tests.security.conftest import NOW, People
from tests.security.refusals import rows

pytestmark = pytest.mark.postgres


def work_selected(desk: Desk, qtbot: QtBot, draft_for: dict[str, WrapupDraft]) -> uuid.UUID:
    """Call the selected lead and save the wrap-up planned for its outcome slot."""
    selected = desk.session.queue.selected
    assert selected is not None
    lead = selected.lead
    ctx = call_and_hang_up(desk, qtbot, talk_s=40)
    outcome = next(iter(draft_for))
    draft = draft_for.pop(outcome)
    draft.contact_time = ctx.answered_at
    save(desk, qtbot, draft)
    return lead.id


def synced(desk: Desk) -> None:
    status = desk.sync.run_once()
    assert status.online and status.refused == "", status


def test_a_full_shift_as_the_reps_own_login(
    people: People, tmp_path: Path, qtbot: QtBot, qapp: object
) -> None:
    a, team1 = people.ids["a"], people.team_ids["1"]
    pool = people.leads["pool1"]
    with people.owner.begin() as conn:  # the pool goes first; a target to pull
        conn.execute(text("UPDATE leads SET priority = 1 WHERE id = ANY(:ids)"), {"ids": pool})
        conn.execute(
            text("INSERT INTO monthly_targets (user_id, month, calls, contacts, interested,"
                 " sales_cents) VALUES (:a, '2026-11', 1200, 360, 72, 6000000)"),
            {"a": a},
        )  # fmt: skip
    rep = people.login("a")
    assert rows(rep, "SELECT id FROM leads WHERE id = ANY(:ids)", {"ids": pool}) == []
    clock = ManualClock(NOW)
    desk = open_desk(rep, tmp_path, clock, username=people.names["a"])
    try:
        synced(desk)
        assert sorted(desk.repo.leased_ids()) == sorted(pool)  # claimed through the function
        assert desk.repo.kv_get("target") is not None
        desk.session.start(sync_thread=False)
        for phone in [*people.team.phones, *(f"+861390001{i:04d}" for i in range(3))]:
            desk.line.plan[phone] = ANSWERS
        tomorrow = NOW + timedelta(days=1)
        plans = {
            "team callback": WrapupDraft(
                person="本人", outcome_code="interested", intent=IntentLevel.A,
                followup_at=tomorrow, callback_for_team=True, opening_done=True,
            ),
            "dnc": WrapupDraft(person="本人", outcome_code="dnc", intent=IntentLevel.D),
            "complaint": WrapupDraft(
                person="本人", outcome_code="complaint", intent=IntentLevel.D,
                complaint_summary="客户投诉来电太频繁",
            ),
        }  # fmt: skip
        for_team = work_selected(desk, qtbot, plans)
        listed = work_selected(desk, qtbot, plans)
        complained = work_selected(desk, qtbot, plans)
        original = desk.repo.history(complained)[0].wrapups[0]
        fixed = WrapupDraft(
            contact_time=original.contact_time,
            person="王先生",
            outcome_code="complaint",
            intent=IntentLevel.D,
            complaint_summary="客户投诉来电太频繁,要求转客服",
        )
        with qtbot.wait_signal(desk.session.attempt.wrapup_saved):
            assert desk.session.amend(original, fixed, "他说的是转客服", desk.repo.lead(complained))
        synced(desk)
        assert desk.repo.waiting() == 0

        # The hopper refilled from the rep's leads and the global pool; renewed later.
        refill = set(desk.repo.leased_ids())
        assert refill and refill <= set(people.leads["a"] + people.leads["global"])
        clock.advance(timedelta(minutes=10))
        synced(desk)
        expiry = rows(
            people.owner,
            "SELECT lease_expires_at FROM leads WHERE id = ANY(:ids)",
            {"ids": list(refill)},
        )
        assert {r.lease_expires_at for r in expiry} == {clock.now() + desk.sync.lease}
        assert [cb.lead_id for cb in desk.repo.open_callbacks()] == [for_team]
        phone = rows(people.owner, "SELECT phone_e164 FROM leads WHERE id = :i", {"i": listed})
        assert desk.repo.dnc_reason(phone[0].phone_e164) is not None  # pulled back

        with qtbot.wait_signal(desk.session.shift.summary_ready) as ready:
            desk.session.end_shift()
        with qtbot.wait_signal(desk.session.shift_ended):
            desk.session.confirm_shift(ready.args[0], "security test shift")
        assert desk.sync.status.refused == ""
    finally:
        desk.session.shutdown()
        desk.repo.close()

    owner = people.owner
    calls = rows(owner, "SELECT * FROM call_records WHERE user_id = :a", {"a": a})
    wraps = rows(owner, "SELECT * FROM wrapups WHERE user_id = :a ORDER BY created_at", {"a": a})
    assert len(calls) == 3 and all(c.flag is None for c in calls)
    assert len(wraps) == 4 and sum(w.amends_id is not None for w in wraps) == 1
    leads = {r.id: r for r in rows(owner, "SELECT * FROM leads WHERE id = ANY(:i)", {"i": pool})}
    assert all(lead.attempts == 1 for lead in leads.values())
    team_lead = leads[for_team]
    assert (team_lead.status, team_lead.assigned_user_id, team_lead.pool_team_id) == (
        "callback",
        None,
        team1,
    )
    assert leads[listed].status == "dnc" and leads[complained].status == "done"
    callback = rows(owner, "SELECT * FROM callbacks WHERE created_by = :a", {"a": a})
    assert [(c.lead_id, c.owner_user_id, c.team_id) for c in callback] == [(for_team, None, team1)]
    dnc = rows(owner, "SELECT * FROM dnc_numbers WHERE added_by = :a", {"a": a})
    assert [d.phone_e164 for d in dnc] == [leads[listed].phone_e164]
    complaints = rows(owner, "SELECT * FROM complaints WHERE user_id = :a", {"a": a})
    # The amendment restates the complaint: one row per wrap-up, both on that lead.
    assert {(c.lead_id, c.wrapup_id) for c in complaints} == {
        (complained, w.id) for w in wraps if w.outcome_code == "complaint"
    }
    shift = rows(owner, "SELECT * FROM shift_summaries WHERE user_id = :a", {"a": a})
    assert len(shift) == 1 and shift[0].dials == 3 and shift[0].note == "security test shift"
    held = rows(owner, "SELECT id FROM leads WHERE lease_user_id = :a", {"a": a})
    assert held == []  # every lease went back at the shift's end
    state = rows(owner, "SELECT * FROM agent_states WHERE user_id = :a", {"a": a})
    assert [s.state for s in state] == ["offline"]
