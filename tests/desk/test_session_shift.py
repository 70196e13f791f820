"""A rep's attempts through the desk session, on a real shared and desk database."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agent_desk.desk.views import AgentState, RefusalKind
from agent_desk.domain.call_state import CallState
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.store import schema
from agent_desk.telephony.simulated import Behaviour, Persona

from .conftest import Desk, Team

ANSWERS = Persona("answers", Behaviour.ANSWER, rings=2)
BUSY = Persona("busy", Behaviour.BUSY, rings=0)


def test_queue_is_served_from_the_leased_hopper(desk: Desk, team: Team) -> None:
    assert [e.lead.id for e in desk.session.queue.entries] == team.lead_ids[:3]
    assert all(e.callable for e in desk.session.queue.entries)
    assert desk.session.queue.selected is not None  # the first lead is ready to dial
    assert desk.session.queue.selected.lead.id == team.lead_ids[0]


def test_answered_call_then_valid_wrapup_reaches_shared_db(
    desk: Desk, team: Team, qtbot: QtBot
) -> None:
    session, first = desk.session, team.lead_ids[0]
    desk.line.plan[team.phones[0]] = ANSWERS
    with qtbot.wait_signal(session.attempt.wrapup_due, timeout=2000) as due:
        session.dial_selected()
        qtbot.wait_until(lambda: session.status.state is AgentState.ON_CALL, timeout=2000)
        desk.clock.advance(95)
        session.attempt.hangup()
    ctx = due.args[0]
    assert ctx.talk_seconds == 95
    assert session.status.state is AgentState.WRAPUP

    # Saving is refused until the form is valid, and the next dial is refused meanwhile.
    with qtbot.wait_signal(session.attempt.wrapup_rejected) as rejected:
        assert not session.save_wrapup(WrapupDraft(contact_time=ctx.answered_at))
    assert {e.field for e in rejected.args[0]} == {"person", "outcome"}
    with qtbot.wait_signal(session.attempt.dial_refused) as refused:
        session.dial_selected()
    assert refused.args[0].kind is RefusalKind.WRAPUP_PENDING

    draft = WrapupDraft(
        contact_time=ctx.answered_at,
        person="本人",
        outcome_code="interested",
        intent=IntentLevel.A,
        followup_at=desk.clock.now() + timedelta(days=1),
        note="想了解千兆套餐",
        opening_done=True,
    )
    with qtbot.wait_signal(session.attempt.wrapup_saved):
        assert session.save_wrapup(draft)
    assert session.status.state is AgentState.READY
    assert session.queue.selected is not None and session.queue.selected.lead.id != first

    desk.sync_now()
    with team.engine.connect() as conn:
        call = conn.execute(select(schema.CallRecord.__table__)).one()
        wrap = conn.execute(select(schema.Wrapup.__table__)).one()
        lead = conn.execute(select(schema.Lead.__table__).where(schema.Lead.id == first)).one()
        callback = conn.execute(select(schema.Callback.__table__)).one()
    assert call.talk_seconds == 95 and call.end_reason == "agent_hangup" and call.flag is None
    assert wrap.intent == "A" and wrap.opening_done and wrap.call_id == call.id
    assert lead.attempts == 1 and lead.status == "callback" and lead.lease_user_id is None
    assert callback.lead_id == first and callback.status == "open"
    assert desk.repo.waiting() == 0


def test_busy_attempt_still_needs_a_wrapup(desk: Desk, team: Team, qtbot: QtBot) -> None:
    session = desk.session
    desk.line.plan[team.phones[0]] = BUSY
    with qtbot.wait_signal(session.attempt.wrapup_due, timeout=2000) as due:
        session.dial_selected()
    ctx = due.args[0]
    assert ctx.end_reason == "busy" and ctx.answered_at is None
    with qtbot.wait_signal(session.attempt.wrapup_saved):
        session.save_wrapup(
            WrapupDraft(contact_time=ctx.started_at, person="(none)", outcome_code="busy")
        )
    assert session.attempt.calls.session is None
    assert session.attempt.calls.line.live is False
    assert session.status.state is AgentState.READY
    assert CallState.ENDED  # imported for readability of the states above
