"""May we call this customer now? Calling windows evaluated in the customer's time zone.

Windows are wall-clock ranges in the *customer's* local time (the zone comes from the
phone number), so a desk in Shanghai calling New York follows New York's clock,
including its daylight-saving changes. Start is inclusive, end exclusive: with
``09:00-12:00`` a call at 12:00 sharp is refused.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent_desk.domain.calling_policy import CallingPolicy, PolicyError, TimeRange

__all__ = [
    "BlockReason",
    "CallingDecision",
    "CallingPolicy",
    "PolicyError",
    "TimeRange",
    "check",
    "is_allowed_at",
    "next_allowed_time",
    "zone",
]

# A year plus slack covers any sane holiday list; past that the policy is effectively
# "never" and the caller is better served by None than by a date next decade.
SEARCH_DAYS = 400


class BlockReason(enum.Enum):
    """Why a call is not allowed right now."""

    HOLIDAY = "holiday"
    NOT_A_CALLING_DAY = "not_a_calling_day"
    BEFORE_OPENING = "before_opening"
    BETWEEN_WINDOWS = "between_windows"
    AFTER_CLOSING = "after_closing"
    NO_WINDOWS = "no_windows"


_REASON_TEXT = {
    BlockReason.HOLIDAY: "Holiday for the customer",
    BlockReason.NOT_A_CALLING_DAY: "No calling on {day}",
    BlockReason.BEFORE_OPENING: "Outside calling hours",
    BlockReason.BETWEEN_WINDOWS: "Calling break (meal or rest time)",
    BlockReason.AFTER_CLOSING: "Outside calling hours",
    BlockReason.NO_WINDOWS: "The campaign has no calling hours",
}


# Own day names: strftime("%a") follows the process locale, which Qt sets from the desk.
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_FULL_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _short(moment: datetime, reference: datetime) -> str:
    """``Wed 09:00``, with the date added when it is not within the coming week."""
    day = _DAYS[moment.weekday()]
    if timedelta(0) <= moment - reference < timedelta(days=6):
        return f"{day} {moment:%H:%M}"
    return f"{day} {moment:%Y-%m-%d %H:%M}"


@dataclass(frozen=True)
class CallingDecision:
    """Verdict of `check`.

    Attributes:
        allowed: Whether the call may be placed now.
        reason: Why not, or None when allowed.
        local_time: The moment checked, in the customer's zone.
        next_allowed: When calling opens next (UTC), or None when allowed now or never
            within the search horizon.
    """

    allowed: bool
    reason: BlockReason | None
    local_time: datetime
    next_allowed: datetime | None

    @property
    def message(self) -> str:
        """English explanation for logs and the CLI, e.g. ``"Outside calling hours
        (customer's local time 21:14 Tue); next allowed Wed 09:00 customer time"``."""
        day = _DAYS[self.local_time.weekday()]
        local = f"customer's local time {self.local_time:%H:%M} {day}"
        if self.allowed or self.reason is None:
            return f"Inside calling hours ({local})"
        reason = _REASON_TEXT[self.reason].format(day=_FULL_DAYS[self.local_time.weekday()])
        text = f"{reason} ({local})"
        if self.reason is BlockReason.NO_WINDOWS:
            return text
        if self.next_allowed is None:
            return f"{text}; no calling time in the next {SEARCH_DAYS} days"
        opens = self.next_allowed.astimezone(self.local_time.tzinfo)
        return f"{text}; next allowed {_short(opens, self.local_time)} customer time"


@lru_cache(maxsize=256)
def zone(tz_name: str) -> ZoneInfo:
    """Load an IANA zone, turning every failure into a PolicyError."""
    try:
        return ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise PolicyError(f"unknown time zone {tz_name!r}") from None


def _aware(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")
    return value


def _open_at(policy: CallingPolicy, local: datetime) -> bool:
    if local.date() in policy.holidays:
        return False
    wall = local.time()
    return any(r.contains(wall) for r in policy.ranges_on(local.weekday()))


def is_allowed_at(policy: CallingPolicy, when: datetime, tz_name: str) -> bool:
    """True when `when` is inside a window on a non-holiday, in the customer's zone.

    Raises:
        PolicyError: Unknown `tz_name`.
        ValueError: `when` is naive.
    """
    return _open_at(policy, _aware(when, "when").astimezone(zone(tz_name)))


def _wall(day: date, value: TimeRange, fold: int, tz: ZoneInfo) -> datetime:
    moment = datetime.combine(day, value.start, tzinfo=tz).replace(fold=fold)
    return moment.astimezone(UTC)


def _transition(tz: ZoneInfo, start: datetime, end: datetime) -> datetime | None:
    """The first UTC instant in (start, end] with a different UTC offset than `start`.

    Assumes at most one offset change in the span (one day); zones change twice a year.
    """
    before = start.astimezone(tz).utcoffset()
    if end.astimezone(tz).utcoffset() == before:
        return None
    low, high = start, end
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == before:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)


def _candidates(policy: CallingPolicy, day: date, tz: ZoneInfo) -> list[datetime]:
    """Instants on a local day at which a window can open.

    A window opens when the wall clock reaches its start (which may happen twice when
    clocks fall back, or never when they spring forward over it) or when a clock change
    jumps the wall time into it; those are the only candidates.
    """
    found = [_wall(day, r, fold, tz) for r in policy.ranges_on(day.weekday()) for fold in (0, 1)]
    midnight = datetime.combine(day, datetime.min.time(), tzinfo=tz).astimezone(UTC)
    change = _transition(tz, midnight, midnight + timedelta(days=1))
    if change is not None:
        found.append(change)
    return found


def next_allowed_time(policy: CallingPolicy, after: datetime, tz_name: str) -> datetime | None:
    """Earliest moment at or after `after` when calling is allowed.

    Args:
        policy: The campaign's calling windows.
        after: Timezone-aware start of the search.
        tz_name: The customer's IANA zone.

    Returns:
        A UTC datetime (`after` itself when it is already allowed), or None when no
        window opens within `SEARCH_DAYS` days.

    Raises:
        PolicyError: Unknown `tz_name`.
        ValueError: `after` is naive.
    """
    tz = zone(tz_name)
    start = _aware(after, "after").astimezone(UTC)
    if policy.never_allows:
        return None
    if _open_at(policy, start.astimezone(tz)):
        return start
    first_day = start.astimezone(tz).date()
    best: datetime | None = None
    # Start a day early: when clocks fall back over midnight, yesterday's wall date
    # comes round again after `after`.
    for offset in range(-1, SEARCH_DAYS + 1):
        day = first_day + timedelta(days=offset)
        for moment in _candidates(policy, day, tz):
            if moment > start and _open_at(policy, moment.astimezone(tz)):
                best = moment if best is None else min(best, moment)
        # Local days map to UTC in order except around a clock change; one extra day
        # of candidates after the first hit covers that.
        if best is not None and day > best.astimezone(tz).date():
            break
    return best


def check(policy: CallingPolicy, now: datetime, tz_name: str) -> CallingDecision:
    """Decide whether a call may be placed now, in the customer's local time.

    Args:
        policy: The campaign's calling windows.
        now: Timezone-aware current time (any zone; UTC by convention).
        tz_name: The customer's IANA zone (see `phones.timezone_for`).

    Returns:
        The decision, with the reason and the next allowed moment when refused.

    Raises:
        PolicyError: Unknown `tz_name`.
        ValueError: `now` is naive.
    """
    tz = zone(tz_name)
    local = _aware(now, "now").astimezone(tz)
    if policy.never_allows:
        return CallingDecision(False, BlockReason.NO_WINDOWS, local, None)
    if _open_at(policy, local):
        return CallingDecision(True, None, local, None)
    ranges = policy.ranges_on(local.weekday())
    wall = local.time()
    if local.date() in policy.holidays:
        reason = BlockReason.HOLIDAY
    elif not ranges:
        reason = BlockReason.NOT_A_CALLING_DAY
    elif wall < ranges[0].start:
        reason = BlockReason.BEFORE_OPENING
    elif wall >= ranges[-1].end:
        reason = BlockReason.AFTER_CLOSING
    else:
        reason = BlockReason.BETWEEN_WINDOWS
    return CallingDecision(False, reason, local, next_allowed_time(policy, now, tz_name))
