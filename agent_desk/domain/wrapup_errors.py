"""Field errors of the wrap-up form: a machine code for the UI, English for logs."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

__all__ = ["FIELDS", "FIELD_LABELS", "FieldError", "FieldErrorCode"]

# Form order: validate() reports errors in this order so the UI can focus the first one.
FIELDS: tuple[str, ...] = (
    "contact_time",
    "person",
    "outcome",
    "intent",
    "satisfaction",
    "tags",
    "note",
    "followup",
    "amount",
    "complaint_summary",
)

FIELD_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "contact_time": "Contact time",
        "person": "Person spoken to",
        "outcome": "Outcome",
        "intent": "Intent",
        "satisfaction": "Customer satisfaction",
        "tags": "Tags",
        "note": "Note",
        "followup": "Follow-up time",
        "amount": "Amount",
        "complaint_summary": "Complaint summary",
    }
)


class FieldErrorCode(enum.Enum):
    """What is wrong with one wrap-up field."""

    REQUIRED = "required"
    IN_FUTURE = "in_future"
    TOO_OLD = "too_old"
    NOT_IN_FUTURE = "not_in_future"
    OUTSIDE_WINDOW = "outside_window"
    UNKNOWN_OUTCOME = "unknown_outcome"
    NOT_POSITIVE = "not_positive"
    TOO_LARGE = "too_large"
    TOO_PRECISE = "too_precise"
    TOO_LONG = "too_long"
    TOO_MANY = "too_many"
    TOO_SHORT = "too_short"
    OUT_OF_RANGE = "out_of_range"


def _utc(value: object) -> str:
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return f"{value.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    return str(value)


def _window_text(params: Mapping[str, Any]) -> str:
    local = params.get("next_allowed_local")
    if isinstance(local, datetime):
        day = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[local.weekday()]
        return f"next opens {day} {local:%Y-%m-%d %H:%M} customer time"
    return "the campaign has no calling time ahead"


def _describe(code: FieldErrorCode, params: Mapping[str, Any]) -> str:
    p = {"max": "?", "min": "?", "length": "?", "count": "?", "places": 2, **params}
    if code is FieldErrorCode.REQUIRED:
        return "required"
    if code is FieldErrorCode.IN_FUTURE:
        return f"is in the future (latest {_utc(p.get('latest'))})"
    if code is FieldErrorCode.TOO_OLD:
        return f"is more than 7 days ago (earliest {_utc(p.get('earliest'))})"
    if code is FieldErrorCode.NOT_IN_FUTURE:
        return "must be in the future"
    if code is FieldErrorCode.OUTSIDE_WINDOW:
        return f"must be inside the customer's calling window ({_window_text(p)})"
    if code is FieldErrorCode.UNKNOWN_OUTCOME:
        return f"unknown outcome {p.get('code')!r}"
    if code is FieldErrorCode.NOT_POSITIVE:
        return "must be more than 0"
    if code is FieldErrorCode.TOO_LARGE:
        return f"must be at most {p['max']}"
    if code is FieldErrorCode.TOO_PRECISE:
        return f"at most {p['places']} decimal places"
    if code is FieldErrorCode.TOO_LONG:
        if "tag" in p:
            return f"tag {p['tag']!r} is longer than {p['max']} characters"
        return f"at most {p['max']} characters (has {p['length']})"
    if code is FieldErrorCode.TOO_MANY:
        return f"at most {p['max']} (has {p['count']})"
    if code is FieldErrorCode.OUT_OF_RANGE:
        return f"must be a whole number from {p['min']} to {p['max']} (got {p.get('value')!r})"
    return f"too short: at least {p['min']} characters besides spaces"


@dataclasses.dataclass(frozen=True)
class FieldError:
    """One problem with one wrap-up field.

    Attributes:
        field: Field name, one of `FIELDS`.
        code: What is wrong.
        params: Values for the UI's translated message (limits, times, offending tag).
    """

    field: str
    code: FieldErrorCode
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    @property
    def message(self) -> str:
        """English, naming the field: ``"Follow-up time: must be inside ..."``."""
        label = FIELD_LABELS.get(self.field, self.field)
        return f"{label}: {_describe(self.code, self.params)}"
