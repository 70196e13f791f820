"""One call attempt at a time, from the dial to its saved wrap-up.

The wrap-up form opens with the call (the rep may fill it while talking) and is owed
from the moment the call ends, answered or not; nothing else can be dialed until it is
saved. The call and the form so far are on disk from the dial onward, so a closed or
killed desk comes back owing the same wrap-up.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QObject, Signal, Slot

from agent_desk.clock import Clock
from agent_desk.desk.call_control import CallControl
from agent_desk.desk.dial_rules import customer_zone, dial_refusal
from agent_desk.desk.operations import Operations
from agent_desk.desk.views import (
    CallSnapshot,
    IncomingOffer,
    Problem,
    ProblemKind,
    Refusal,
    RefusalKind,
    WrapupContext,
)
from agent_desk.desk.wrapup_facts import build_wrapup
from agent_desk.domain import phones
from agent_desk.domain.call_state import (
    CallDirection,
    CallEvent,
    CallEventKind,
    CallSession,
    EndReason,
)
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.domain.wrapup import WrapupDraft, clean, validate
from agent_desk.store.desk_repo import DeskRepo
from agent_desk.store.desk_views import Fact, LeadView, PendingCallView, WrapupView
from agent_desk.store.facts import FactKind
from agent_desk.store.identity import Identity
from agent_desk.telephony.line import Line, LineBusyError

log = logging.getLogger(__name__)

Found = tuple[LeadView | None, str | None]  # a lead (if the number is one) and its DNC reason


class Attempt(QObject):
    """Signals:
    dial_refused(Refusal)
    call_started(WrapupContext): the form opens with the call
    call_changed(CallSnapshot)
    customer_said(str)
    wrapup_due(WrapupContext): the call ended (or came back after a restart)
    wrapup_rejected(list[FieldError])
    wrapup_saved(uuid.UUID)
    call_recorded(): the ended call is on disk (figures may change)
    problem(Problem): something asked for that cannot be done now
    """

    dial_refused = Signal(object)
    call_started = Signal(object)
    call_changed = Signal(object)
    customer_said = Signal(str)
    wrapup_due = Signal(object)
    wrapup_rejected = Signal(object)
    wrapup_saved = Signal(object)
    call_recorded = Signal()
    problem = Signal(object)

    def __init__(
        self,
        *,
        repo: DeskRepo,
        ops: Operations,
        line: Line,
        me: Identity,
        desk_id: str,
        clock: Clock,
        campaigns: Callable[[], dict[int, CampaignConfig]],
        training: bool,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.repo, self.ops, self.line, self.me = repo, ops, line, me
        self.desk_id, self.clock, self.training = desk_id, clock, training
        self._campaigns = campaigns
        self.calls = CallControl(line, self)
        self.calls.changed.connect(self._on_call_changed)
        self.calls.ended.connect(self._on_call_ended)
        line.customer_said.connect(self.customer_said)
        self.form: WrapupContext | None = None  # the call's form, from the dial on
        self.owed: WrapupContext | None = None  # set once the call ended, until saved
        self._dialing = False

    # -- dialing --------------------------------------------------------------------------------

    @property
    def busy(self) -> RefusalKind | None:
        """Why no new call can start now, or None."""
        if self.owed is not None:
            return RefusalKind.WRAPUP_PENDING
        if self.calls.live or self._dialing:
            return RefusalKind.CALL_LIVE
        return None

    def refuse(self, refusal: Refusal) -> None:
        masked = phones.mask(refusal.phone_e164) if refusal.phone_e164 else ""
        log.info("dial refused: %s %s %s", refusal.kind, masked, refusal.detail)
        self.dial_refused.emit(refusal)

    def dial_lead(self, lead_id: uuid.UUID) -> None:
        def load() -> Found:
            lead = self.repo.lead(lead_id)
            return lead, None if lead is None else self.repo.dnc_reason(lead.phone_e164)

        def checked(found: Found) -> None:
            lead, dnc = found
            if lead is None:
                self._dialing = False
                self.refuse(Refusal(RefusalKind.NO_LEAD))
                return
            campaign = self._campaigns().get(lead.campaign_id)
            self._check_and_dial(lead, campaign, lead.phone_e164, dnc)

        self._start(load, checked)

    def dial_number(self, raw: str, campaign: CampaignConfig | None) -> None:
        """The dial pad: any number, under the same rules as a lead's."""
        try:
            e164 = phones.normalize(raw, campaign.default_region if campaign else "CN")
        except phones.PhoneError as exc:
            self.refuse(Refusal(RefusalKind.INVALID_NUMBER, "", str(exc), phone_error=exc))
            return

        def load() -> Found:
            return self.repo.lead_by_phone(e164), self.repo.dnc_reason(e164)

        def checked(found: Found) -> None:
            lead, dnc = found
            own = self._campaigns().get(lead.campaign_id) if lead is not None else None
            self._check_and_dial(lead, own or campaign, e164, dnc)

        self._start(load, checked)

    def _start(self, load: Callable[[], Found], checked: Callable[[Found], None]) -> None:
        if self.busy is not None:
            self.refuse(Refusal(self.busy))
            return
        self._dialing = True
        self.ops.run(load, checked, self._dial_failed)

    def _check_and_dial(
        self, lead: LeadView | None, campaign: CampaignConfig | None, e164: str, dnc: str | None
    ) -> None:
        refusal = dial_refusal(lead, campaign, e164, dnc, self.clock.now())
        if refusal is not None or campaign is None:
            self._dialing = False
            self.refuse(refusal or Refusal(RefusalKind.NO_LEAD))
            return
        self._begin(lead, campaign, e164, self.clock.now(), CallDirection.OUT, self._place_call)

    def _begin(
        self,
        lead: LeadView | None,
        campaign: CampaignConfig,
        e164: str,
        started_at: datetime,
        direction: CallDirection,
        then: Callable[[PendingCallView, LeadView | None, CampaignConfig], None],
    ) -> None:
        """Put the call on disk (a killed desk comes back owing it), then ``then``."""
        pending = PendingCallView(
            uuid.uuid4(),
            lead.id if lead else None,
            campaign.id,
            e164,
            started_at,
            None,
            None,
            0,
            None,
            self.training,
            None,
            direction.value,
        )
        self.ops.run(
            lambda: self.repo.begin_call(pending),
            lambda _: then(pending, lead, campaign),
            self._dial_failed,
        )

    def _place_call(
        self, pending: PendingCallView, lead: LeadView | None, campaign: CampaignConfig
    ) -> None:
        self._dialing = False
        # The form exists before the line reports, so the first event finds it.
        self.form = self._new_form(pending, lead, campaign)
        try:
            self.calls.start(pending.lead_id, pending.phone_e164, pending.call_id)
        except LineBusyError as exc:
            self.form = None
            self.ops.run(lambda: self.repo.discard_pending(pending.call_id))
            self.refuse(Refusal(RefusalKind.LINE_ERROR, pending.phone_e164, str(exc)))
            return
        self.call_started.emit(self.form)

    def answer_incoming(self, offer: IncomingOffer, campaign: CampaignConfig) -> None:
        """Answer the offered call; it is recorded (direction "in") like a dialled one."""
        if self.busy is not None:
            self.refuse(Refusal(self.busy))
            return
        self._dialing = True
        self._begin(
            offer.lead, campaign, offer.phone_e164, offer.at, CallDirection.IN, self._take_call
        )

    def _take_call(
        self, pending: PendingCallView, lead: LeadView | None, campaign: CampaignConfig
    ) -> None:
        self._dialing = False
        self.form = self._new_form(pending, lead, campaign)
        try:
            self.calls.answer(pending.lead_id, pending.phone_e164, pending.call_id)
        except LineBusyError as exc:  # the caller gave up before the answer got through
            self.form = None
            self.ops.run(lambda: self.repo.discard_pending(pending.call_id))
            self.problem.emit(Problem(ProblemKind.CALLER_GONE, str(exc)))
            return
        self.call_started.emit(self.form)

    def _dial_failed(self, exc: BaseException) -> None:
        self._dialing = False
        log.error("dial failed", exc_info=exc)
        self.refuse(Refusal(RefusalKind.LINE_ERROR, "", str(exc)))

    def _new_form(
        self, pending: PendingCallView, lead: LeadView | None, campaign: CampaignConfig
    ) -> WrapupContext:
        draft = (
            WrapupDraft.from_json_dict(pending.draft)
            if pending.draft
            else WrapupDraft(contact_time=pending.answered_at or pending.started_at)
        )
        return WrapupContext(
            pending.call_id,
            lead,
            campaign,
            pending.phone_e164,
            pending.started_at,
            pending.answered_at,
            pending.ended_at or pending.started_at,
            pending.end_reason or "",
            0,
            pending.training,
            draft,
            direction=pending.direction,
        )

    # -- the live call --------------------------------------------------------------------------

    def snapshot(self) -> CallSnapshot | None:
        session = self.calls.session
        if session is None:
            return None
        limit = self.form.campaign.soft_call_limit_s if self.form else 0
        lead_id = session.lead_id if isinstance(session.lead_id, uuid.UUID) else None
        return CallSnapshot(
            session.call_id,
            session.state,
            session.phone,
            lead_id,
            session.started_at,
            session.answered_at,
            session.ended_at,
            session.ring_count,
            session.end_reason,
            self.line.muted,
            limit,
            self.training,
        )

    def _emit_snapshot(self) -> None:
        snapshot = self.snapshot()
        if snapshot is not None:
            self.call_changed.emit(snapshot)

    @Slot(object)
    def _on_call_changed(self, _: CallSession) -> None:
        self._emit_snapshot()

    @Slot(object)
    def _on_call_ended(self, session: CallSession) -> None:
        self._record_end(session)

    def _record_end(self, session: CallSession, restored: bool = False) -> None:
        """Record the attempt (and queue it for the team) the moment it ends."""
        form = self.form
        assert session.ended_at is not None and session.started_at is not None
        assert form is not None, "a call always has its form"
        talk = session.talk_seconds(session.ended_at)
        call = {
            "id": session.call_id,
            "lead_id": form.lead.id if form.lead else None,
            "campaign_id": form.campaign.id,
            "phone_e164": session.phone,
            "direction": form.direction,
            "started_at": session.started_at,
            "answered_at": session.answered_at,
            "ended_at": session.ended_at,
            "ring_count": session.ring_count,
            "talk_seconds": talk,
            "end_reason": str(session.end_reason),
            "training": self.training,
        }
        shared = {**call, "desk_id": self.desk_id, "line_backend": self.line.backend_name}
        if self.training:
            shared["lead_id"] = None  # practice leads exist only on this desk
        fact = Fact(FactKind.CALL, str(session.call_id), shared)
        now = self.clock.now()
        self.ops.run(
            lambda: self.repo.end_call(call, fact, now), lambda _: self.call_recorded.emit()
        )
        self.owed = replace(
            form,
            answered_at=session.answered_at,
            ended_at=session.ended_at,
            end_reason=str(session.end_reason),
            talk_seconds=talk,
            restored=restored,
        )
        self.wrapup_due.emit(self.owed)

    def hangup(self) -> None:
        self.line.hangup()

    def hold(self, on: bool) -> None:
        self._line_command(lambda: self.line.hold(on))

    def mute(self, on: bool) -> None:
        self._line_command(lambda: self.line.mute(on))
        self._emit_snapshot()

    def send_dtmf(self, digits: str) -> None:
        self._line_command(lambda: self.line.send_dtmf(digits))

    def transfer(self, number: str) -> None:
        region = self.form.campaign.default_region if self.form else "CN"
        try:
            e164 = phones.normalize(number, region)
        except phones.PhoneError as exc:
            self.refuse(Refusal(RefusalKind.INVALID_NUMBER, "", str(exc), phone_error=exc))
            return
        self._line_command(lambda: self.line.transfer(e164))

    def _line_command(self, command: Callable[[], None]) -> None:
        try:
            command()
        except LineBusyError as exc:
            self.problem.emit(Problem(ProblemKind.LINE_COMMAND, str(exc)))

    # -- the wrap-up ----------------------------------------------------------------------------

    def save_draft(self, draft: WrapupDraft) -> None:
        """Keep the form as typed, so a killed desk gets it back."""
        if self.form is None:
            return
        self.form = replace(self.form, draft=draft)
        if self.owed is not None:
            self.owed = replace(self.owed, draft=draft)
        data, now = draft.to_json_dict(), self.clock.now()
        self.ops.run(lambda: self.repo.save_draft(data, now))

    def save(self, draft: WrapupDraft) -> bool:
        """Validate and save the owed wrap-up; False (and the reasons) when refused."""
        ctx = self.owed
        if ctx is None:
            self.problem.emit(Problem(ProblemKind.NO_WRAPUP_DUE))
            return False
        now = self.clock.now()
        errors = validate(
            draft,
            outcomes=ctx.campaign.outcomes,
            policy=ctx.campaign.policy,
            lead_tz=customer_zone(ctx.lead, ctx.phone_e164, ctx.campaign),
            now=now,
        )
        if errors:
            self.wrapup_rejected.emit(errors)
            return False
        cleaned = clean(draft, ctx.campaign.outcomes)

        def write() -> uuid.UUID:
            lead = ctx.lead
            open_ids = tuple(
                cb.id
                for cb in self.repo.open_callbacks()
                if lead is not None and cb.lead_id == lead.id
            )
            saved = build_wrapup(
                draft=cleaned,
                campaign=ctx.campaign,
                me=self.me,
                call_id=ctx.call_id,
                lead_id=lead.id if lead else None,
                phone_e164=ctx.phone_e164,
                lead_name=lead.name if lead else "",
                lead_attempts=lead.attempts if lead else 0,
                training=ctx.training,
                now=now,
                transferred=ctx.end_reason == EndReason.TRANSFERRED,
                open_callback_ids=open_ids,
                direction=CallDirection.of(ctx.direction),
            )
            self.repo.save_wrapup(saved.local_row, saved.facts, saved.lead_changes, now, saved.dnc)
            return saved.wrapup_id

        self.ops.run(write, self._saved)
        return True

    def _saved(self, wrapup_id: uuid.UUID) -> None:
        self.owed = None
        self.form = None
        self.calls.forget()
        self.wrapup_saved.emit(wrapup_id)

    def amend(
        self,
        original: WrapupView,
        draft: WrapupDraft,
        reason: str,
        lead: LeadView | None,
        campaign: CampaignConfig,
    ) -> bool:
        """Correct a saved wrap-up: a new wrap-up linked to the original, never an edit."""
        if not reason.strip():
            raise ValueError("an amendment needs a reason")
        now = self.clock.now()
        zone = lead.timezone if lead else campaign.fallback_timezone
        errors = validate(
            draft, outcomes=campaign.outcomes, policy=campaign.policy, lead_tz=zone, now=now
        )
        if errors:
            self.wrapup_rejected.emit(errors)
            return False
        cleaned = clean(draft, campaign.outcomes)
        root = original.amends_id or original.id  # amendments all point at the original

        def write() -> uuid.UUID:
            saved = build_wrapup(
                draft=cleaned,
                campaign=campaign,
                me=self.me,
                call_id=original.call_id,
                lead_id=lead.id if lead else None,
                phone_e164=lead.phone_e164 if lead else "",
                lead_name=lead.name if lead else "",
                lead_attempts=0,
                training=self.training,
                now=now,
                amends=root,
                amend_reason=reason.strip(),
            )
            self.repo.save_wrapup(saved.local_row, saved.facts, None, now, saved.dnc)
            return saved.wrapup_id

        self.ops.run(write, self.wrapup_saved.emit)
        return True

    # -- after a restart --------------------------------------------------------------------------

    def restore(self, pending: PendingCallView) -> None:
        """The desk was closed or killed with a call or a wrap-up open: settle it."""

        def load() -> LeadView | None:
            return None if pending.lead_id is None else self.repo.lead(pending.lead_id)

        def loaded(lead: LeadView | None) -> None:
            campaign = self._campaigns().get(pending.campaign_id or -1)
            if campaign is None:
                self.problem.emit(Problem(ProblemKind.CAMPAIGN_NOT_LOADED))
                return
            self.form = self._new_form(pending, lead, campaign)
            if pending.ended_at is None:
                self._end_interrupted_call(pending)
                return
            talk = (
                int((pending.ended_at - pending.answered_at).total_seconds())
                if pending.answered_at
                else 0
            )
            self.owed = replace(self.form, talk_seconds=talk, restored=True)
            self.wrapup_due.emit(self.owed)

        self.ops.run(load, loaded)

    def _end_interrupted_call(self, pending: PendingCallView) -> None:
        """Killed mid-call: as far as we know, the call ended when the desk died."""
        session = CallSession(pending.lead_id or "", pending.phone_e164, pending.call_id)
        self.calls.session = session
        session.apply(CallEvent(CallEventKind.DIALING, pending.started_at))
        if pending.answered_at is not None:
            session.apply(CallEvent(CallEventKind.CONNECTED, pending.answered_at))
        ended = max(self.clock.now(), pending.started_at)
        session.apply(
            CallEvent(CallEventKind.ENDED, ended, EndReason.FAILED, "desk closed during the call")
        )
        self._record_end(session, restored=True)
