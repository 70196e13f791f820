"""Take the README's screenshots of the rep desk, in English and Chinese.

Run under a real X server so fonts and styles render as on a desk:

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots.py

It builds the demo on a throwaway embedded database, fixes the clock at a weekday
morning in Shanghai, and walks a rep through a call: the desk during the call and in
wrap-up, for each language.
"""

from __future__ import annotations

import sys
from pathlib import Path

from shots import MORNING, per_language, shoot, wait_for  # beside this script

from agent_desk.admin.demo import load_demo
from agent_desk.app import DeskConfig, build_rep_window
from agent_desk.clock import ManualClock
from agent_desk.domain.call_state import CallState
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.store.engine import make_engine
from agent_desk.store.migrate import upgrade_to_head
from agent_desk.telephony.simulated import Behaviour, Persona
from agent_desk.ui.style import style_sheet


def run(language: str, folder: Path) -> None:
    url = f"sqlite:///{folder / 'shared.sqlite3'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    load_demo(engine, now=MORNING)
    engine.dispose()
    clock = ManualClock(MORNING)
    config = DeskConfig(
        shared_url=url,
        username="rep1",
        clock=clock,
        data_dir=folder,
        ring_interval_s=0.05,
        sync_interval_s=0.2,
        language=language[:2],
    )
    window = build_rep_window(config)
    window.resize(1366, 768)
    window.show()
    session = window.session
    wait_for(lambda: session.queue.selected is not None)
    first = session.queue.selected
    assert first is not None
    # A customer who answers and talks for a while.
    session.line.plan[first.lead.phone_e164] = Persona(  # type: ignore[attr-defined]
        "demo",
        Behaviour.ANSWER,
        rings=2,
        lines=("喂,你好,哪位?",) if language.startswith("zh") else ("Hello, who's calling?",),
    )
    session.dial_selected()
    calls = session.attempt.calls
    wait_for(lambda: calls.session is not None and calls.session.state is CallState.CONNECTED)
    clock.advance(143)
    window._tick()
    shoot(window, f"desk-call-{language}")
    session.attempt.hangup()
    wait_for(lambda: session.attempt.owed is not None)
    ctx = session.attempt.owed
    assert ctx is not None
    draft = WrapupDraft(
        contact_time=ctx.answered_at,
        person=first.lead.name or "—",
        outcome_code="interested",
        intent=IntentLevel.A,
        tags=("千兆", "下周") if language.startswith("zh") else ("upgrade",),
        note=(
            "客户对千兆套餐有兴趣,下周二上午回访。"
            if language.startswith("zh")
            else "Interested in the annual plan; call back Tuesday."
        ),
        opening_done=True,
        satisfaction=4,  # the customer rated the call
    )
    window.form.open_for(ctx.__class__(**{**ctx.__dict__, "draft": draft}))
    window.form.call_ended(ctx)
    shoot(window, f"desk-wrapup-{language}")
    window.close()


def main() -> int:
    return per_language(
        __file__,
        lambda app, language, folder: run(language, folder),
        lambda app: app.setStyleSheet(style_sheet("light")),
    )


if __name__ == "__main__":
    sys.exit(main())
