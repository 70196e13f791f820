"""Translated words for the codes the lower layers report.

``domain/`` and ``desk/`` report machine codes with parameters (a refusal kind, a
block reason, a field error); this module is the one place that turns them into the
rep's language, through Qt's translation (context "Texts").
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QDateTime, QLocale, QTime

from agent_desk.desk.views import (
    AgentState,
    AgentStatus,
    Problem,
    ProblemKind,
    Refusal,
    RefusalKind,
)
from agent_desk.domain.call_state import EndReason
from agent_desk.domain.calling_windows import BlockReason, CallingDecision
from agent_desk.domain.kpi import format_duration
from agent_desk.domain.phone_errors import PhoneError, PhoneErrorCode
from agent_desk.domain.wrapup_errors import FieldError, FieldErrorCode
from agent_desk.sync.worker import SyncStatus

# pyside6-lupdate finds QCoreApplication.translate("Texts", "…") and
# QT_TRANSLATE_NOOP("Texts", "…") calls with literal text; keep both spelled out.
translate = QCoreApplication.translate


def tr(text: object) -> str:
    """Translate a text marked elsewhere (a QT_TRANSLATE_NOOP constant)."""
    return QCoreApplication.translate("Texts", str(text))


# -- time -------------------------------------------------------------------------------------


def _qdatetime(moment: datetime) -> QDateTime:
    """A wall-clock QDateTime (no zone): QLocale then names the day in the UI language."""
    return QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second),
    )


def local_time(moment: datetime, tz_name: str | None = None, with_day: bool = True) -> str:
    """``Wed 10:05`` in the given zone (the customer's), or the desk's own zone."""
    shown = moment.astimezone(ZoneInfo(tz_name)) if tz_name else moment.astimezone()
    pattern = "ddd HH:mm" if with_day else "HH:mm"
    return QLocale().toString(_qdatetime(shown), pattern)


def date_time(moment: datetime, tz_name: str | None = None) -> str:
    """``2026-11-25 10:05`` in the given zone or the desk's own."""
    shown = moment.astimezone(ZoneInfo(tz_name)) if tz_name else moment.astimezone()
    return QLocale().toString(_qdatetime(shown), "yyyy-MM-dd HH:mm")


def duration(seconds: int) -> str:
    return format_duration(seconds)


# -- agent state -----------------------------------------------------------------------------

PAUSE_REASONS = {
    "break": QT_TRANSLATE_NOOP("Texts", "Break"),
    "lunch": QT_TRANSLATE_NOOP("Texts", "Lunch"),
    "meeting": QT_TRANSLATE_NOOP("Texts", "Meeting"),
    "training": QT_TRANSLATE_NOOP("Texts", "Training"),
    "coaching": QT_TRANSLATE_NOOP("Texts", "Coaching"),
    "technical": QT_TRANSLATE_NOOP("Texts", "Technical problem"),
    "other": QT_TRANSLATE_NOOP("Texts", "Other"),
}

_STATES = {
    AgentState.READY: QT_TRANSLATE_NOOP("Texts", "Ready"),
    AgentState.PAUSED: QT_TRANSLATE_NOOP("Texts", "Paused"),
    AgentState.DIALING: QT_TRANSLATE_NOOP("Texts", "Dialing"),
    AgentState.RINGING: QT_TRANSLATE_NOOP("Texts", "Ringing"),
    AgentState.ON_CALL: QT_TRANSLATE_NOOP("Texts", "On call"),
    AgentState.WRAPUP: QT_TRANSLATE_NOOP("Texts", "Wrap-up"),
}


def pause_reason(code: str) -> str:
    return tr(PAUSE_REASONS.get(code, QT_TRANSLATE_NOOP("Texts", "Other")))


def agent_state(status: AgentStatus) -> str:
    name = tr(_STATES[status.state])
    if status.state is AgentState.PAUSED and status.reason:
        return translate("Texts", "{state}: {reason}").format(
            state=name, reason=pause_reason(status.reason)
        )
    return name


# -- calling windows -------------------------------------------------------------------------

_BLOCKS = {
    BlockReason.HOLIDAY: QT_TRANSLATE_NOOP("Texts", "Public holiday for the customer"),
    BlockReason.NOT_A_CALLING_DAY: QT_TRANSLATE_NOOP("Texts", "No calling on this day"),
    BlockReason.BEFORE_OPENING: QT_TRANSLATE_NOOP("Texts", "Too early for the customer"),
    BlockReason.BETWEEN_WINDOWS: QT_TRANSLATE_NOOP("Texts", "Customer's meal or rest time"),
    BlockReason.AFTER_CLOSING: QT_TRANSLATE_NOOP("Texts", "Too late for the customer"),
    BlockReason.NO_WINDOWS: QT_TRANSLATE_NOOP("Texts", "The campaign has no calling hours"),
}


def window_state(decision: CallingDecision) -> str:
    """One line for the lead card and queue tooltips."""
    customer_time = local_time(decision.local_time, str(decision.local_time.tzinfo))
    if decision.allowed or decision.reason is None:
        return translate("Texts", "Callable now (customer time {time})").format(time=customer_time)
    reason = tr(_BLOCKS[decision.reason])
    if decision.next_allowed is None:
        return translate("Texts", "{reason} (customer time {time}); no calling time ahead").format(
            reason=reason, time=customer_time
        )
    opens = local_time(decision.next_allowed, str(decision.local_time.tzinfo))
    return translate("Texts", "{reason} (customer time {time}); opens {opens}").format(
        reason=reason, time=customer_time, opens=opens
    )


# -- dial refusals ---------------------------------------------------------------------------


def phone_problem(error: PhoneError | None) -> str:
    if error is None:
        return translate("Texts", "not a valid phone number")
    if error.code is PhoneErrorCode.EMPTY:
        return translate("Texts", "the number is empty")
    if error.code is PhoneErrorCode.TOO_SHORT:
        return translate("Texts", "the number is too short")
    if error.code is PhoneErrorCode.TOO_LONG:
        return translate("Texts", "the number is too long")
    if error.code is PhoneErrorCode.UNKNOWN_REGION:
        return translate("Texts", "unknown country code")
    if error.code is PhoneErrorCode.NOT_A_NUMBER:
        return translate("Texts", "it contains letters or symbols")
    return translate("Texts", "the number does not exist in its country's numbering plan")


def refusal(r: Refusal) -> str:
    kind = r.kind
    if kind is RefusalKind.WRAPUP_PENDING:
        return translate("Texts", "Save the wrap-up of the last call first.")
    if kind is RefusalKind.CALL_LIVE:
        return translate("Texts", "A call is already in progress.")
    if kind is RefusalKind.PAUSED:
        return translate("Texts", "You are paused. Resume before dialing.")
    if kind is RefusalKind.NO_LEAD:
        return translate("Texts", "No lead is selected.")
    if kind is RefusalKind.DNC:
        return translate("Texts", "This number is on the do-not-call list and cannot be dialed.")
    if kind is RefusalKind.OUTSIDE_WINDOW:
        if r.decision is None:
            return translate("Texts", "Calling hours are unknown for this customer; not dialing.")
        return translate("Texts", "Not now: {why}").format(why=window_state(r.decision))
    if kind is RefusalKind.INVALID_NUMBER:
        return translate("Texts", "Cannot dial: {problem}.").format(
            problem=phone_problem(r.phone_error)
        )
    if kind is RefusalKind.LEAD_CLOSED:
        return translate("Texts", "This lead is closed ({status}); it is not called again.").format(
            status=lead_status(r.detail)
        )
    if kind is RefusalKind.TOO_SOON and r.not_before is not None:
        return translate("Texts", "Called recently: the next attempt is allowed {when}.").format(
            when=local_time(r.not_before)
        )
    if kind is RefusalKind.LEASED_ELSEWHERE:
        return translate("Texts", "Another desk is working this lead right now.")
    return translate("Texts", "The line refused the call: {detail}").format(detail=r.detail)


# -- calls -------------------------------------------------------------------------------------

_END_REASONS = {
    EndReason.AGENT_HANGUP: QT_TRANSLATE_NOOP("Texts", "You hung up"),
    EndReason.CUSTOMER_HANGUP: QT_TRANSLATE_NOOP("Texts", "Customer hung up"),
    EndReason.BUSY: QT_TRANSLATE_NOOP("Texts", "Busy"),
    EndReason.NO_ANSWER: QT_TRANSLATE_NOOP("Texts", "No answer"),
    EndReason.REJECTED: QT_TRANSLATE_NOOP("Texts", "Rejected"),
    EndReason.FAILED: QT_TRANSLATE_NOOP("Texts", "Call failed"),
    EndReason.CANCELLED: QT_TRANSLATE_NOOP("Texts", "Cancelled before answer"),
    EndReason.INVALID_NUMBER: QT_TRANSLATE_NOOP("Texts", "Number does not exist"),
    EndReason.TRANSFERRED: QT_TRANSLATE_NOOP("Texts", "Transferred"),
}


def end_reason(code: str | None) -> str:
    try:
        return tr(_END_REASONS[EndReason(code or "")])
    except ValueError:
        return code or ""


INTENT_LABELS = {
    "A": QT_TRANSLATE_NOOP("Texts", "A · hot"),
    "B": QT_TRANSLATE_NOOP("Texts", "B · warm"),
    "C": QT_TRANSLATE_NOOP("Texts", "C · cold"),
    "D": QT_TRANSLATE_NOOP("Texts", "D · none"),
}


def intent(level: str) -> str:
    return tr(INTENT_LABELS.get(level, level))


# -- wrap-up field errors ----------------------------------------------------------------------

FIELD_LABELS = {
    "contact_time": QT_TRANSLATE_NOOP("Texts", "Contact time"),
    "person": QT_TRANSLATE_NOOP("Texts", "Person spoken to"),
    "outcome": QT_TRANSLATE_NOOP("Texts", "Outcome"),
    "intent": QT_TRANSLATE_NOOP("Texts", "Intent"),
    "satisfaction": QT_TRANSLATE_NOOP("Texts", "Customer satisfaction"),
    "tags": QT_TRANSLATE_NOOP("Texts", "Tags"),
    "note": QT_TRANSLATE_NOOP("Texts", "Note"),
    "followup": QT_TRANSLATE_NOOP("Texts", "Follow-up"),
    "amount": QT_TRANSLATE_NOOP("Texts", "Amount"),
    "complaint_summary": QT_TRANSLATE_NOOP("Texts", "Complaint summary"),
}


def field_label(name: str) -> str:
    return tr(FIELD_LABELS.get(name, name))


def field_error(error: FieldError) -> str:
    """The message shown next to the field (the field's own label is beside it)."""
    p = error.params
    code = error.code
    if code is FieldErrorCode.REQUIRED:
        return translate("Texts", "Required.")
    if code is FieldErrorCode.IN_FUTURE:
        return translate("Texts", "Cannot be in the future.")
    if code is FieldErrorCode.TOO_OLD:
        return translate("Texts", "More than 7 days ago.")
    if code is FieldErrorCode.NOT_IN_FUTURE:
        return translate("Texts", "Must be in the future.")
    if code is FieldErrorCode.OUTSIDE_WINDOW:
        local = p.get("next_allowed_local")
        if isinstance(local, datetime):
            return translate(
                "Texts", "Outside the customer's calling hours; next opening {when}."
            ).format(when=local_time(local, str(local.tzinfo)))
        return translate("Texts", "Outside the customer's calling hours.")
    if code is FieldErrorCode.UNKNOWN_OUTCOME:
        return translate("Texts", "Unknown outcome.")
    if code is FieldErrorCode.NOT_POSITIVE:
        return translate("Texts", "Must be more than 0.")
    if code is FieldErrorCode.TOO_LARGE:
        return translate("Texts", "Must be at most {max}.").format(max=p.get("max", ""))
    if code is FieldErrorCode.TOO_PRECISE:
        return translate("Texts", "At most 2 decimal places.")
    if code is FieldErrorCode.TOO_LONG:
        if "tag" in p:
            return translate(
                "Texts", "Tag \u201c{tag}\u201d is too long (at most {max} characters)."
            ).format(tag=p["tag"], max=p.get("max", ""))
        return translate("Texts", "Too long: at most {max} characters.").format(
            max=p.get("max", "")
        )
    if code is FieldErrorCode.TOO_MANY:
        return translate("Texts", "Too many: at most {max}.").format(max=p.get("max", ""))
    if code is FieldErrorCode.OUT_OF_RANGE:
        return translate("Texts", "Choose a rating from {min} to {max}.").format(
            min=p.get("min", ""), max=p.get("max", "")
        )
    return translate("Texts", "Too short: at least {min} characters.").format(min=p.get("min", ""))


# -- sync ----------------------------------------------------------------------------------------


def sync_status(status: SyncStatus) -> str:
    if status.refused:
        return translate("Texts", "Sync problem: {n} waiting").format(n=status.waiting)
    if not status.online:
        if status.offline_since is None:
            return translate("Texts", "Connecting…")
        return translate("Texts", "Offline since {time}, {n} waiting").format(
            time=local_time(status.offline_since, with_day=False), n=status.waiting
        )
    if status.waiting:
        return translate("Texts", "Syncing, {n} waiting").format(n=status.waiting)
    return translate("Texts", "Synced")


# -- queue and lead card -------------------------------------------------------------------------

_BLOCKS_SHORT = {
    BlockReason.HOLIDAY: QT_TRANSLATE_NOOP("Texts", "Holiday"),
    BlockReason.NOT_A_CALLING_DAY: QT_TRANSLATE_NOOP("Texts", "No calls today"),
    BlockReason.BEFORE_OPENING: QT_TRANSLATE_NOOP("Texts", "Too early"),
    BlockReason.BETWEEN_WINDOWS: QT_TRANSLATE_NOOP("Texts", "Meal or rest time"),
    BlockReason.AFTER_CLOSING: QT_TRANSLATE_NOOP("Texts", "Too late"),
    BlockReason.NO_WINDOWS: QT_TRANSLATE_NOOP("Texts", "No calling hours"),
}


def window_short(decision: CallingDecision | None) -> str:
    """A few words for the queue's "why not now" column; empty when callable.

    When calling opens again that time is the answer (``Opens 14:00``; the row's
    tooltip has the reason); otherwise the reason in two or three words.
    """
    if decision is None:
        return translate("Texts", "Hours unknown")
    if decision.allowed or decision.reason is None:
        return ""
    if decision.next_allowed is None:
        return tr(_BLOCKS_SHORT[decision.reason])
    zone = str(decision.local_time.tzinfo)
    opens = decision.next_allowed.astimezone(decision.local_time.tzinfo)
    same_day = opens.date() == decision.local_time.date()
    return translate("Texts", "Opens {time}").format(
        time=local_time(decision.next_allowed, zone, with_day=not same_day)
    )


LEAD_STATUSES = {
    "new": QT_TRANSLATE_NOOP("Texts", "New"),
    "active": QT_TRANSLATE_NOOP("Texts", "In progress"),
    "callback": QT_TRANSLATE_NOOP("Texts", "Callback"),
    "done": QT_TRANSLATE_NOOP("Texts", "Done"),
    "dnc": QT_TRANSLATE_NOOP("Texts", "Do not call"),
    "exhausted": QT_TRANSLATE_NOOP("Texts", "Attempts used up"),
}


def lead_status(code: str) -> str:
    return tr(LEAD_STATUSES[code]) if code in LEAD_STATUSES else code


def problem(p: Problem) -> str:
    if p.kind is ProblemKind.BUSY_FOR_PAUSE:
        return translate("Texts", "Finish the call and its wrap-up before pausing.")
    if p.kind is ProblemKind.NO_WRAPUP_DUE:
        return translate("Texts", "There is no wrap-up to save.")
    if p.kind is ProblemKind.CAMPAIGN_NOT_LOADED:
        return translate("Texts", "The campaign is not loaded yet; try again in a moment.")
    if p.kind is ProblemKind.CALLER_GONE:
        return translate("Texts", "The caller hung up before the call could be answered.")
    return translate("Texts", "The line could not do that: {detail}").format(detail=p.detail)


EXTRA_FIELD_LABELS = {
    "note": QT_TRANSLATE_NOOP("Texts", "Note"),
    "city": QT_TRANSLATE_NOOP("Texts", "City"),
    "email": QT_TRANSLATE_NOOP("Texts", "Email"),
    "address": QT_TRANSLATE_NOOP("Texts", "Address"),
    "title": QT_TRANSLATE_NOOP("Texts", "Job title"),
}


def extra_field(key: str) -> str:
    """A lead's extra field name: known fields translated, imported headers as they came."""
    return tr(EXTRA_FIELD_LABELS[key]) if key in EXTRA_FIELD_LABELS else key


def joined(items: list[str]) -> str:
    """A list in running text: "a, b" in English, "a、b" in Chinese."""
    return translate("Texts", ", ", "list separator").join(items)


# -- team view -----------------------------------------------------------------------------------

_OFFLINE = QT_TRANSLATE_NOOP("Texts", "Offline")

ATTENTION = {
    "LONG_WRAPUP": QT_TRANSLATE_NOOP("Texts", "Long wrap-up"),
    "LONG_PAUSE": QT_TRANSLATE_NOOP("Texts", "Long pause"),
    "OVER_LIMIT": QT_TRANSLATE_NOOP("Texts", "Call over the limit"),
    "OFFLINE_WAITING": QT_TRANSLATE_NOOP("Texts", "Offline with records waiting"),
}

RECORD_FLAGS = {
    "lease_lost": QT_TRANSLATE_NOOP("Texts", "Arrived after its lease was lost"),
}


def state_code(code: str, reason: str = "") -> str:
    """An agent state given as its code (the team board's), with the pause reason."""
    try:
        name = tr(_STATES[AgentState(code)])
    except ValueError:
        name = tr(_OFFLINE) if code == "offline" else code
    if code == AgentState.PAUSED and reason:
        return translate("Texts", "{state}: {reason}").format(
            state=name, reason=pause_reason(reason)
        )
    return name


def attention(code: str) -> str:
    """Why a row of the team board stands out."""
    return tr(ATTENTION[code]) if code in ATTENTION else code


def record_flag(code: str | None) -> str:
    """Why a record was flagged when it reached the shared database."""
    if not code:
        return ""
    return tr(RECORD_FLAGS[code]) if code in RECORD_FLAGS else code


def team_problem(kind: str) -> str:
    """A team view refresh that failed (`agent_desk.team.team_session.TeamProblemKind`)."""
    if kind == "unreachable":
        return translate(
            "Texts", "The team database does not answer; the figures shown may be old."
        )
    if kind == "not_permitted":
        return translate("Texts", "Your login may not read this view.")
    if kind == "no_team":
        return translate("Texts", "Your login belongs to no team.")
    return translate("Texts", "This view could not be refreshed; the log has the details.")
