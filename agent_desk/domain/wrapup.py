"""The wrap-up form after every call attempt: draft, validation and what gets saved.

Every attempt is recorded with time, person and outcome (记录内容包括时间、人、沟通结果), and
contacts are sorted by intent for follow-up. `validate` returns every problem at once, in
form order, so the rep fixes the form in one pass; `clean` drops what the chosen outcome
does not use, so a stale amount or follow-up typed before switching outcome is not saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from agent_desk.domain._json import (
    iso_or_none,
    read_datetime,
    read_decimal,
    read_flag,
    read_optional_int,
    read_optional_text,
    read_text,
)
from agent_desk.domain.calling_windows import CallingPolicy, check
from agent_desk.domain.kpi import SATISFACTION_MAX, SATISFACTION_MIN, is_rating
from agent_desk.domain.outcomes import IntentLevel, Outcome, OutcomeSet
from agent_desk.domain.wrapup_errors import FIELDS, FieldError, FieldErrorCode
from agent_desk.domain.wrapup_input import normalize_tags, parse_amount

__all__ = [
    "FIELDS",
    "FieldError",
    "FieldErrorCode",
    "WrapupDraft",
    "clean",
    "normalize_tags",
    "parse_amount",
    "validate",
]

# A contact time typed from another clock may run a little ahead of ours.
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_AGE = timedelta(days=7)
MAX_AMOUNT = Decimal(10_000_000)
AMOUNT_PLACES = 2
MAX_TAGS = 10
MIN_SUMMARY = 5
MAX_LENGTH: Mapping[str, int] = MappingProxyType(
    {"person": 100, "tags": 32, "note": 4000, "complaint_summary": 2000}
)

_Code = FieldErrorCode


@dataclass
class WrapupDraft:
    """The wrap-up form's content, possibly incomplete (it is saved as a draft too)."""

    contact_time: datetime | None = None
    person: str = ""
    outcome_code: str | None = None
    intent: IntentLevel | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    followup_at: datetime | None = None
    callback_for_team: bool = False
    amount: Decimal | None = None
    complaint_summary: str = ""
    opening_done: bool = False
    # The customer's rating, 1-5, only on a contact and only when they gave one.
    satisfaction: int | None = None

    def to_json_dict(self) -> dict[str, Any]:
        """JSON-safe form (ISO datetimes, amount as a string) that restores exactly."""
        return {
            "contact_time": iso_or_none(self.contact_time),
            "person": self.person,
            "outcome_code": self.outcome_code,
            "intent": None if self.intent is None else str(self.intent),
            "tags": list(self.tags),
            "note": self.note,
            "followup_at": iso_or_none(self.followup_at),
            "callback_for_team": self.callback_for_team,
            # A string, not a float: 0.1 + 0.2 must stay 0.3 on the way back.
            "amount": None if self.amount is None else str(self.amount),
            "complaint_summary": self.complaint_summary,
            "opening_done": self.opening_done,
            "satisfaction": self.satisfaction,
        }

    @classmethod
    def from_json_dict(cls, data: Mapping[str, Any]) -> WrapupDraft:
        """Restore a draft saved by `to_json_dict`. Missing keys take their defaults.

        Raises:
            ValueError: A value of the wrong type or format, naming the key.
        """
        if not isinstance(data, Mapping):
            raise ValueError(f"wrap-up draft: expected an object, got {type(data).__name__}")
        try:
            return cls._from_mapping(data)
        except ValueError as exc:
            raise ValueError(f"wrap-up draft: {exc}") from None

    @classmethod
    def _from_mapping(cls, data: Mapping[str, Any]) -> WrapupDraft:
        intent = data.get("intent")
        if intent is not None and intent not in tuple(IntentLevel):
            raise ValueError(f"'intent' {intent!r} is not one of A, B, C, D")
        amount = data.get("amount")
        tags = data.get("tags", [])
        if not isinstance(tags, list | tuple) or not all(isinstance(t, str) for t in tags):
            raise ValueError("'tags' must be a list of strings")
        return cls(
            contact_time=read_datetime(data.get("contact_time"), "contact_time"),
            person=read_text(data, "person"),
            outcome_code=read_optional_text(data, "outcome_code"),
            intent=None if intent is None else IntentLevel(intent),
            tags=tuple(tags),
            note=read_text(data, "note"),
            followup_at=read_datetime(data.get("followup_at"), "followup_at"),
            callback_for_team=read_flag(data, "callback_for_team"),
            amount=read_decimal(amount, "amount"),
            complaint_summary=read_text(data, "complaint_summary"),
            opening_done=read_flag(data, "opening_done"),
            satisfaction=read_optional_int(data, "satisfaction"),
        )


def _aware(value: datetime, name: str) -> datetime:
    if value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")
    return value


def _contact_time(value: datetime | None, now: datetime) -> list[FieldError]:
    if value is None:
        return [FieldError("contact_time", _Code.REQUIRED)]
    value = _aware(value, "contact_time")
    if value > now + FUTURE_TOLERANCE:
        return [FieldError("contact_time", _Code.IN_FUTURE, {"latest": now + FUTURE_TOLERANCE})]
    if value < now - MAX_AGE:
        return [FieldError("contact_time", _Code.TOO_OLD, {"earliest": now - MAX_AGE})]
    return []


def _too_long(name: str, text: str) -> list[FieldError]:
    limit = MAX_LENGTH[name]
    if len(text) > limit:
        return [FieldError(name, _Code.TOO_LONG, {"max": limit, "length": len(text)})]
    return []


def _outcome(code: str | None, outcomes: OutcomeSet) -> list[FieldError]:
    if code is None or not code.strip():
        return [FieldError("outcome", _Code.REQUIRED)]
    if code not in outcomes:
        return [FieldError("outcome", _Code.UNKNOWN_OUTCOME, {"code": code})]
    return []


def _tags(tags: tuple[str, ...]) -> list[FieldError]:
    errors: list[FieldError] = []
    tidy = normalize_tags(tags)
    if len(tidy) > MAX_TAGS:
        errors.append(FieldError("tags", _Code.TOO_MANY, {"max": MAX_TAGS, "count": len(tidy)}))
    limit = MAX_LENGTH["tags"]
    for tag in tidy:
        if len(tag) > limit:
            errors.append(
                FieldError("tags", _Code.TOO_LONG, {"max": limit, "length": len(tag), "tag": tag})
            )
            break  # one is enough to point the rep at the field
    return errors


def _followup(
    value: datetime | None, policy: CallingPolicy, lead_tz: str, now: datetime
) -> list[FieldError]:
    if value is None:
        return [FieldError("followup", _Code.REQUIRED)]
    value = _aware(value, "followup_at")
    if value <= now:
        return [FieldError("followup", _Code.NOT_IN_FUTURE)]
    decision = check(policy, value, lead_tz)
    if decision.allowed:
        return []
    local_next = (
        None
        if decision.next_allowed is None
        else decision.next_allowed.astimezone(decision.local_time.tzinfo)
    )
    params = {
        "reason": decision.reason,
        "local_time": decision.local_time,
        "next_allowed": decision.next_allowed,
        "next_allowed_local": local_next,
    }
    return [FieldError("followup", _Code.OUTSIDE_WINDOW, params)]


def _amount(value: Decimal | None) -> list[FieldError]:
    if value is None:
        return [FieldError("amount", _Code.REQUIRED)]
    if value.is_nan() or value <= 0:
        return [FieldError("amount", _Code.NOT_POSITIVE)]
    if value > MAX_AMOUNT:
        return [FieldError("amount", _Code.TOO_LARGE, {"max": MAX_AMOUNT})]
    if value != value.quantize(Decimal(1).scaleb(-AMOUNT_PLACES)):
        return [FieldError("amount", _Code.TOO_PRECISE, {"places": AMOUNT_PLACES})]
    return []


def _satisfaction(value: int | None) -> list[FieldError]:
    """Optional: the customer may not say. Given, a whole number on the scale."""
    if value is None:
        return []
    if is_rating(value):
        return []
    params = {"min": SATISFACTION_MIN, "max": SATISFACTION_MAX, "value": value}
    return [FieldError("satisfaction", _Code.OUT_OF_RANGE, params)]


def _summary(text: str) -> list[FieldError]:
    if not text.strip():
        return [FieldError("complaint_summary", _Code.REQUIRED)]
    meaningful = sum(not ch.isspace() for ch in text)
    if meaningful < MIN_SUMMARY:
        return [FieldError("complaint_summary", _Code.TOO_SHORT, {"min": MIN_SUMMARY})]
    return _too_long("complaint_summary", text)


def validate(
    draft: WrapupDraft,
    *,
    outcomes: OutcomeSet,
    policy: CallingPolicy,
    lead_tz: str,
    now: datetime,
) -> list[FieldError]:
    """Check a wrap-up before it is saved.

    Time, person and outcome are always required, even for an unanswered call (the UI
    prefills the person with "no one"). The outcome's flags add the rest: intent for a
    contact, a follow-up inside the customer's calling window for a callback, a positive
    amount for a sale, a summary for a complaint. A contact's satisfaction rating is never
    required (客户满意度 is the customer's evaluation, given or not), but when given it
    must be a whole number from 1 to 5. Fields the outcome does not use are not checked
    (`clean` drops them), except for length limits.

    Args:
        draft: The form content.
        outcomes: The campaign's outcomes.
        policy: The campaign's calling windows, for the follow-up time.
        lead_tz: The customer's IANA zone.
        now: Timezone-aware current time.

    Returns:
        Every problem, in form order (`FIELDS`); empty when the draft can be saved.

    Raises:
        ValueError: `now` or a draft datetime is naive.
        PolicyError: `lead_tz` is not a known zone.
    """
    now = _aware(now, "now")
    outcome: Outcome | None = outcomes.get(draft.outcome_code)
    errors: list[FieldError] = [*_contact_time(draft.contact_time, now)]
    if not draft.person.strip():
        errors.append(FieldError("person", _Code.REQUIRED))
    errors += _too_long("person", draft.person.strip())
    errors += _outcome(draft.outcome_code, outcomes)
    if outcome is not None and outcome.contact and draft.intent is None:
        errors.append(FieldError("intent", _Code.REQUIRED))
    if outcome is not None and outcome.contact:
        errors += _satisfaction(draft.satisfaction)
    errors += _tags(draft.tags)
    errors += _too_long("note", draft.note)
    if outcome is not None and outcome.callback:
        errors += _followup(draft.followup_at, policy, lead_tz, now)
    if outcome is not None and outcome.sale:
        errors += _amount(draft.amount)
    if outcome is not None and outcome.complaint:
        errors += _summary(draft.complaint_summary)
    return errors


def clean(draft: WrapupDraft, outcomes: OutcomeSet) -> WrapupDraft:
    """The draft as it should be saved: only the fields the outcome uses.

    No intent or satisfaction unless a contact, no follow-up (or team flag) unless a
    callback, no amount unless a sale, no complaint summary unless a complaint. Tags are
    normalised and the person and summary trimmed. The input is not changed.
    """
    outcome = outcomes.get(draft.outcome_code)
    contact = outcome is not None and outcome.contact
    callback = outcome is not None and outcome.callback
    sale = outcome is not None and outcome.sale
    complaint = outcome is not None and outcome.complaint
    return replace(
        draft,
        person=draft.person.strip(),
        intent=draft.intent if contact else None,
        satisfaction=draft.satisfaction if contact else None,
        tags=normalize_tags(draft.tags),
        followup_at=draft.followup_at if callback else None,
        callback_for_team=draft.callback_for_team and callback,
        amount=draft.amount if sale else None,
        complaint_summary=draft.complaint_summary.strip() if complaint else "",
    )
