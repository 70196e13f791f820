"""The department's rules as the desk enforces them: windows, do-not-call, callbacks,
amendments, a killed desk, the end of the shift, training, and working offline."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agent_desk.clock import ManualClock
from agent_desk.desk.views import AgentState, RefusalKind
from agent_desk.domain.calling_windows import BlockReason
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.store import schema
from agent_desk.store.engine import make_engine
from agent_desk.telephony.simulated import Behaviour, Persona

from .conftest import Desk, Team, open_desk

ANSWERS = Persona("answers", Behaviour.ANSWER, rings=1)


def call_and_hang_up(desk: Desk, qtbot: QtBot, talk_s: float = 30) -> object:
    session = desk.session
    with qtbot.wait_signal(session.attempt.wrapup_due, timeout=2000) as due:
        session.dial_selected()
        qtbot.wait_until(lambda: session.status.state is AgentState.ON_CALL, timeout=2000)
        desk.clock.advance(talk_s)
        session.attempt.hangup()
    return due.args[0]


def save(desk: Desk, qtbot: QtBot, draft: WrapupDraft) -> None:
    with qtbot.wait_signal(desk.session.attempt.wrapup_saved, timeout=2000):
        assert desk.session.save_wrapup(draft), "the draft should be valid"


def test_lead_outside_its_calling_window_is_refused(desk: Desk, qtbot: QtBot) -> None:
    desk.clock.advance(timedelta(hours=3))  # 13:00 in Shanghai: the lunch break
    with qtbot.wait_signal(desk.session.attempt.dial_refused) as refused:
        desk.session.dial_selected()
    refusal = refused.args[0]
    assert refusal.kind is RefusalKind.OUTSIDE_WINDOW
    assert refusal.decision.reason is BlockReason.BETWEEN_WINDOWS
    opens = refusal.decision.next_allowed.astimezone(refusal.decision.local_time.tzinfo)
    assert (opens.hour, opens.minute) == (14, 0)
    assert desk.line.live is False


def test_do_not_call_outcome_blocks_the_number_everywhere(
    desk: Desk, team: Team, qtbot: QtBot
) -> None:
    desk.line.plan[team.phones[0]] = ANSWERS
    ctx = call_and_hang_up(desk, qtbot)
    save(
        desk,
        qtbot,
        WrapupDraft(
            contact_time=ctx.answered_at, person="本人", outcome_code="dnc", intent=IntentLevel.D
        ),
    )
    # Dial pad, with the number typed the way people type it.
    with qtbot.wait_signal(desk.session.attempt.dial_refused) as refused:
        desk.session.dial_number("138 0000 0000")
    assert refused.args[0].kind is RefusalKind.DNC
    desk.sync_now()
    with team.engine.connect() as conn:
        listed = conn.execute(select(schema.DncNumber.__table__)).one()
        lead = conn.execute(
            select(schema.Lead.__table__).where(schema.Lead.id == team.lead_ids[0])
        ).one()
    assert listed.phone_e164 == team.phones[0] and listed.source == "outcome"
    assert lead.status == "dnc"


def test_dnc_added_by_the_admin_reaches_the_desk(desk: Desk, team: Team, qtbot: QtBot) -> None:
    with team.engine.begin() as conn:
        conn.execute(
            schema.DncNumber.__table__.insert().values(
                phone_e164=team.phones[1],
                reason="asked by letter",
                source="admin",
                added_at=desk.clock.now(),
            )
        )
    desk.sync_now()
    qtbot.wait_until(
        lambda: team.lead_ids[1] not in [e.lead.id for e in desk.session.queue.entries]
    )
    with qtbot.wait_signal(desk.session.attempt.dial_refused) as refused:
        desk.session.dial_number(team.phones[1])
    assert refused.args[0].kind is RefusalKind.DNC
    assert refused.args[0].detail == "asked by letter"


def test_malformed_number_on_the_dial_pad_is_explained(desk: Desk, qtbot: QtBot) -> None:
    with qtbot.wait_signal(desk.session.attempt.dial_refused) as refused:
        desk.session.dial_number("call me maybe")
    assert refused.args[0].kind is RefusalKind.INVALID_NUMBER
    assert refused.args[0].phone_error is not None


def test_callback_comes_back_due_at_the_top(desk: Desk, team: Team, qtbot: QtBot) -> None:
    desk.line.plan[team.phones[0]] = ANSWERS
    ctx = call_and_hang_up(desk, qtbot)
    due_at = desk.clock.now() + timedelta(days=1)
    save(
        desk,
        qtbot,
        WrapupDraft(
            contact_time=ctx.answered_at,
            person="本人",
            outcome_code="callback",
            intent=IntentLevel.B,
            followup_at=due_at,
        ),
    )
    desk.sync_now()
    assert team.lead_ids[0] not in [e.lead.id for e in desk.session.queue.entries]

    desk.clock.set(due_at + timedelta(minutes=1))
    desk.sync_now()
    with qtbot.wait_signal(desk.session.shift.callbacks_due) as due:
        desk.session.shift.check_callbacks()
    assert [cb.lead_id for cb in due.args[0]] == [team.lead_ids[0]]
    qtbot.wait_until(
        lambda: (
            bool(desk.session.queue.entries)
            and desk.session.queue.entries[0].lead.id == team.lead_ids[0]
        )
    )
    assert desk.session.queue.entries[0].due_callback
    # Notified once only.
    with qtbot.assert_not_emitted(desk.session.shift.callbacks_due):
        desk.session.shift.check_callbacks()


def test_amendment_is_linked_and_the_original_kept(desk: Desk, team: Team, qtbot: QtBot) -> None:
    desk.line.plan[team.phones[0]] = ANSWERS
    ctx = call_and_hang_up(desk, qtbot)
    save(
        desk,
        qtbot,
        WrapupDraft(
            contact_time=ctx.answered_at,
            person="本人",
            outcome_code="not_interested",
            intent=IntentLevel.C,
        ),
    )
    original = desk.repo.history(team.lead_ids[0])[0].wrapups[0]
    lead = desk.repo.lead(team.lead_ids[0])
    fixed = WrapupDraft(
        contact_time=ctx.answered_at,
        person="本人",
        outcome_code="interested",
        intent=IntentLevel.B,
        followup_at=desk.clock.now() + timedelta(days=2),
    )
    with qtbot.wait_signal(desk.session.attempt.wrapup_saved):
        assert desk.session.amend(original, fixed, "heard wrong, she is interested", lead)
    history = desk.repo.history(team.lead_ids[0])[0]
    assert [w.outcome_code for w in history.wrapups] == ["not_interested", "interested"]
    assert history.wrapups[1].amends_id == original.id
    desk.sync_now()
    with team.engine.connect() as conn:
        rows = conn.execute(
            select(schema.Wrapup.__table__).order_by(schema.Wrapup.created_at)
        ).all()
    assert [r.outcome_code for r in rows] == ["not_interested", "interested"]
    assert rows[1].amends_id == rows[0].id and rows[1].amend_reason


def test_killed_desk_comes_back_with_the_wrapup_it_owes(
    team: Team, tmp_path: Path, clock: ManualClock, qtbot: QtBot
) -> None:
    first = open_desk(team.engine, tmp_path, clock)
    first.sync_now()
    first.session.start(sync_thread=False)
    first.line.plan[team.phones[0]] = ANSWERS
    ctx = call_and_hang_up(first, qtbot, talk_s=42)
    typed = WrapupDraft(contact_time=ctx.answered_at, person="王先生", note="half typed")
    first.session.attempt.save_draft(typed)
    # Killed: no shutdown, nothing flushed beyond what was committed.
    first.repo.close()

    second = open_desk(team.engine, tmp_path, clock)
    with qtbot.wait_signal(second.session.attempt.wrapup_due) as due:
        second.session.start(sync_thread=False)
    restored = due.args[0]
    assert restored.restored and restored.call_id == ctx.call_id
    assert restored.draft.person == "王先生" and restored.draft.note == "half typed"
    assert restored.talk_seconds == 42
    with qtbot.wait_signal(second.session.attempt.dial_refused) as refused:
        second.session.dial_selected()
    assert refused.args[0].kind is RefusalKind.WRAPUP_PENDING
    save(
        second,
        qtbot,
        WrapupDraft(
            contact_time=ctx.answered_at,
            person="王先生",
            outcome_code="not_interested",
            intent=IntentLevel.D,
        ),
    )
    second.sync_now()
    with team.engine.connect() as conn:
        assert len(conn.execute(select(schema.CallRecord.__table__)).all()) == 1
        assert len(conn.execute(select(schema.Wrapup.__table__)).all()) == 1
    second.session.shutdown()
    second.repo.close()


def test_desk_killed_mid_call_owes_a_wrapup_for_a_failed_call(
    team: Team, tmp_path: Path, clock: ManualClock, qtbot: QtBot
) -> None:
    first = open_desk(team.engine, tmp_path, clock)
    first.sync_now()
    first.session.start(sync_thread=False)
    first.line.plan[team.phones[0]] = ANSWERS
    first.session.dial_selected()
    qtbot.wait_until(lambda: first.session.status.state is AgentState.ON_CALL, timeout=2000)
    first.repo.close()

    second = open_desk(team.engine, tmp_path, clock)
    with qtbot.wait_signal(second.session.attempt.wrapup_due) as due:
        second.session.start(sync_thread=False)
    assert due.args[0].end_reason == "failed"
    second.session.shutdown()
    second.repo.close()


def test_end_of_shift_summary_is_saved_and_leases_returned(
    desk: Desk, team: Team, qtbot: QtBot
) -> None:
    desk.line.plan[team.phones[0]] = ANSWERS
    ctx = call_and_hang_up(desk, qtbot, talk_s=120)
    save(
        desk,
        qtbot,
        WrapupDraft(
            contact_time=ctx.answered_at,
            person="本人",
            outcome_code="sale",
            intent=IntentLevel.A,
            amount=__import__("decimal").Decimal("1299.50"),
        ),
    )
    with qtbot.wait_signal(desk.session.shift.summary_ready) as ready:
        desk.session.end_shift()
    summary = ready.args[0]
    assert (summary.figures.dials, summary.figures.contacts) == (1, 1)
    assert summary.figures.sales_amount == __import__("decimal").Decimal("1299.50")
    assert summary.figures.talk_seconds == 120
    with qtbot.wait_signal(desk.session.shift_ended):
        desk.session.confirm_shift(summary, "good day")
    with team.engine.connect() as conn:
        shift = conn.execute(select(schema.ShiftSummary.__table__)).one()
        leased = conn.execute(
            select(schema.Lead.__table__).where(schema.Lead.lease_user_id.is_not(None))
        ).all()
        state = conn.execute(select(schema.AgentState.__table__)).one()
    assert (shift.dials, shift.sales_cents, shift.note) == (1, 129950, "good day")
    assert leased == []
    assert state.state == "offline"


def test_offline_desk_keeps_working_and_delivers_everything_later(
    desk: Desk, team: Team, qtbot: QtBot, tmp_path: Path
) -> None:
    online = desk.sync.shared
    desk.sync.shared = make_engine(f"sqlite:///{tmp_path}/missing/dir/shared.sqlite3")
    status = desk.sync.run_once()
    assert not status.online and status.offline_since == desk.clock.now()
    desk.line.plan[team.phones[0]] = ANSWERS
    ctx = call_and_hang_up(desk, qtbot)
    save(
        desk,
        qtbot,
        WrapupDraft(
            contact_time=ctx.answered_at,
            person="本人",
            outcome_code="not_interested",
            intent=IntentLevel.D,
        ),
    )
    status = desk.sync.run_once()
    assert not status.online and status.waiting == 2
    desk.sync.shared = online
    status = desk.sync.run_once()
    assert status.online and status.waiting == 0
    with team.engine.connect() as conn:
        assert len(conn.execute(select(schema.Wrapup.__table__)).all()) == 1


def test_training_calls_are_marked_and_never_counted(
    team: Team, tmp_path: Path, clock: ManualClock, qtbot: QtBot
) -> None:
    trainee = open_desk(team.engine, tmp_path, clock, training=True)
    trainee.sync.claim_leads = False
    trainee.sync_now()
    trainee.session.start(sync_thread=False)
    qtbot.wait_until(lambda: bool(trainee.session.queue.entries))
    assert all(e.lead.extra.get("practice") == "yes" for e in trainee.session.queue.entries)
    trainee.line.plan[trainee.session.queue.entries[0].lead.phone_e164] = ANSWERS
    trainee.session.select_lead(trainee.session.queue.entries[0].lead.id)
    ctx = call_and_hang_up(trainee, qtbot)
    with qtbot.wait_signal(trainee.session.shift.figures_changed) as figures:
        save(
            trainee,
            qtbot,
            WrapupDraft(
                contact_time=ctx.answered_at,
                person="张伟",
                outcome_code="sale",
                intent=IntentLevel.A,
                amount=__import__("decimal").Decimal(100),
            ),
        )
    assert figures.args[0].figures.dials == 0
    trainee.sync_now()
    with team.engine.connect() as conn:
        call = conn.execute(select(schema.CallRecord.__table__)).one()
        wrap = conn.execute(select(schema.Wrapup.__table__)).one()
        leads = conn.execute(select(schema.Lead.__table__).where(schema.Lead.attempts > 0)).all()
    assert call.training and wrap.training and call.lead_id is None
    assert leads == []
    trainee.session.shutdown()
    trainee.repo.close()


def test_a_worked_lead_is_not_dialed_again_too_soon(desk: Desk, team: Team, qtbot: QtBot) -> None:
    desk.line.plan[team.phones[0]] = ANSWERS
    ctx = call_and_hang_up(desk, qtbot)
    save(desk, qtbot, WrapupDraft(contact_time=ctx.answered_at, person="本人",
                                  outcome_code="no_answer"))
    with qtbot.wait_signal(desk.session.attempt.dial_refused) as refused:
        desk.session.dial_lead(team.lead_ids[0])
    assert refused.args[0].kind is RefusalKind.TOO_SOON
    assert refused.args[0].not_before == desk.clock.now() + timedelta(minutes=60)


def test_a_closed_lead_is_not_dialed_again(desk: Desk, team: Team, qtbot: QtBot) -> None:
    desk.line.plan[team.phones[0]] = ANSWERS
    ctx = call_and_hang_up(desk, qtbot)
    save(desk, qtbot, WrapupDraft(contact_time=ctx.answered_at, person="本人",
                                  outcome_code="not_interested", intent=IntentLevel.D))
    with qtbot.wait_signal(desk.session.attempt.dial_refused) as refused:
        desk.session.dial_lead(team.lead_ids[0])
    assert refused.args[0].kind is RefusalKind.LEAD_CLOSED


def test_a_late_card_for_an_earlier_choice_is_dropped(desk: Desk, team: Team, qtbot: QtBot) -> None:
    queue = desk.session.queue
    queue.select(team.lead_ids[1])
    queue.wanted = team.lead_ids[2]  # the rep moved on before the first card arrived
    with qtbot.assert_not_emitted(queue.lead_selected):
        queue._show_card((desk.repo.lead(team.lead_ids[1]), [], None))
