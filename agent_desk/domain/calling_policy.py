"""Calling windows configuration: when a campaign may call, in the customer's wall time.

The regulations forbid calls at meal and nap times, at night and on rest days. An admin
writes that as a small table of day ranges; this module parses and checks it. Deciding
whether a call is allowed at a moment lives in `calling_windows`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import pairwise
from types import MappingProxyType
from typing import Any

__all__ = ["DAY_KEYS", "CallingPolicy", "PolicyError", "TimeRange"]

DAY_KEYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Shorthands expand to several days; a key naming one day overrides its shorthand, so
# "weekdays" plus a shorter "fri" is the natural way to write a short Friday.
_SHORTHANDS: Mapping[str, tuple[int, ...]] = MappingProxyType(
    {"weekdays": (0, 1, 2, 3, 4), "workdays": (0, 1, 2, 3, 4), "weekend": (5, 6)}
)
_TOP_KEYS = frozenset({"windows", "holidays"})
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_RANGE_SPLIT = re.compile(r"\s*[-–—~～]\s*")


class PolicyError(ValueError):
    """Calling window configuration (or time zone) that cannot be used.

    The message names the offending key and value so the admin can fix the file.
    """


def _parse_time(text: str, where: str) -> time:
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise PolicyError(f"{where}: {text!r} is not a time like 09:00")
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        # 24:00 is refused on purpose: windows may not reach the customer's midnight.
        raise PolicyError(f"{where}: {text!r} is not a time of day (00:00 to 23:59)")
    return time(hour, minute, second)


def _format_time(value: time) -> str:
    text = value.strftime("%H:%M")
    return text + value.strftime(":%S") if value.second else text


@dataclass(frozen=True)
class TimeRange:
    """Wall-clock range within one day, start inclusive and end exclusive.

    Ranges never cross midnight: night calls are forbidden, and a range that wraps
    would belong to two days (and two holiday checks) at once.
    """

    start: time
    end: time

    def __post_init__(self) -> None:
        for value in (self.start, self.end):
            if not isinstance(value, time) or value.tzinfo is not None or value.microsecond:
                raise PolicyError(f"calling window times must be naive whole seconds: {value!r}")
        if self.end <= self.start:
            raise PolicyError(
                f"calling window {self}: end must be after start on the same day"
                " (windows cannot cross midnight)"
            )

    @classmethod
    def parse(cls, text: object, where: str = "calling window") -> TimeRange:
        """Parse ``"09:00-12:00"`` (also ``~`` or an en dash between the times).

        Raises:
            PolicyError: Naming `where` and the bad text.
        """
        if not isinstance(text, str):
            raise PolicyError(f"{where}: expected a range like '09:00-12:00', got {text!r}")
        parts = _RANGE_SPLIT.split(text.strip())
        if len(parts) != 2:
            raise PolicyError(f"{where}: {text!r} is not a range like '09:00-12:00'")
        start, end = _parse_time(parts[0], where), _parse_time(parts[1], where)
        if end <= start:
            raise PolicyError(
                f"{where}: {text!r} ends before it starts (windows cannot cross midnight)"
            )
        return cls(start, end)

    def contains(self, value: time) -> bool:
        """True when the wall-clock `value` falls inside the range."""
        return self.start <= value < self.end

    def __str__(self) -> str:
        return f"{_format_time(self.start)}-{_format_time(self.end)}"


def _check_day(day: int, ranges: tuple[TimeRange, ...]) -> tuple[TimeRange, ...]:
    ordered = tuple(sorted(ranges, key=lambda r: (r.start, r.end)))
    for before, after in pairwise(ordered):
        if after.start < before.end:
            raise PolicyError(f"windows.{DAY_KEYS[day]}: {before} and {after} overlap")
    return ordered


@dataclass(frozen=True)
class CallingPolicy:
    """When calls are allowed, in the customer's local wall time.

    Attributes:
        windows: Weekday (0 = Monday) to its ranges, sorted and non-overlapping. Days
            without ranges are left out; a policy with no ranges never allows calling.
        holidays: Local dates on which no calls are made at all.
    """

    windows: Mapping[int, tuple[TimeRange, ...]] = field(hash=False)
    holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        normal: dict[int, tuple[TimeRange, ...]] = {}
        for day, ranges in sorted(self.windows.items()):
            if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 6:
                raise PolicyError(f"windows: weekday must be 0 (Monday) to 6, got {day!r}")
            if any(not isinstance(r, TimeRange) for r in ranges):
                raise PolicyError(f"windows.{DAY_KEYS[day]}: expected TimeRange values")
            if ranges:
                normal[day] = _check_day(day, tuple(ranges))
        # Frozen means frozen: copy into a read-only mapping so callers cannot mutate it.
        object.__setattr__(self, "windows", MappingProxyType(normal))
        object.__setattr__(self, "holidays", frozenset(self.holidays))

    @property
    def never_allows(self) -> bool:
        """True when no weekday has any window."""
        return not self.windows

    def ranges_on(self, weekday: int) -> tuple[TimeRange, ...]:
        """The ranges for a weekday (0 = Monday), possibly empty."""
        return self.windows.get(weekday, ())

    @classmethod
    def from_config(cls, cfg: Mapping[str, Any]) -> CallingPolicy:
        """Build a policy from the admin's configuration (parsed TOML or JSON).

        Example::

            {"windows": {"weekdays": ["09:00-12:00", "14:00-20:30"],
                         "sat": ["10:00-12:00"]},
             "holidays": ["2026-10-01"]}

        Day keys are ``mon`` ... ``sun`` (full English names work too), ``weekdays`` /
        ``workdays`` (Monday to Friday) and ``weekend``; a single day overrides a
        shorthand. Holidays are ISO dates (strings or TOML dates).

        Raises:
            PolicyError: Naming the bad key or value.
        """
        if not isinstance(cfg, Mapping):
            raise PolicyError(f"calling windows: expected a table, got {type(cfg).__name__}")
        unknown = sorted(str(k) for k in cfg if k not in _TOP_KEYS)
        if unknown:
            raise PolicyError(
                f"calling windows: unknown key(s) {', '.join(unknown)}"
                " (expected 'windows' and 'holidays')"
            )
        if "windows" not in cfg:
            raise PolicyError("calling windows: missing 'windows' table")
        return cls(_parse_windows(cfg["windows"]), _parse_holidays(cfg.get("holidays", ())))

    def to_config(self) -> dict[str, Any]:
        """The configuration `from_config` reads back to an equal policy."""
        return {
            "windows": {
                DAY_KEYS[day]: [str(r) for r in ranges] for day, ranges in self.windows.items()
            },
            "holidays": [d.isoformat() for d in sorted(self.holidays)],
        }


def _day_indexes(key: object) -> tuple[tuple[int, ...], bool]:
    """Weekdays a config key stands for, and whether it is a shorthand."""
    name = key.strip().lower() if isinstance(key, str) else ""
    if name in DAY_KEYS:
        return (DAY_KEYS.index(name),), False
    if name in _FULL_DAY_NAMES:
        return (_FULL_DAY_NAMES.index(name),), False
    if name in _SHORTHANDS:
        return _SHORTHANDS[name], True
    raise PolicyError(
        f"windows: unknown day {key!r} (use mon, tue, wed, thu, fri, sat, sun,"
        " weekdays, workdays or weekend)"
    )


def _parse_ranges(value: object, where: str) -> tuple[TimeRange, ...]:
    items: Iterable[object]
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, list | tuple):
        items = value
    else:
        raise PolicyError(f"{where}: expected a list of ranges like ['09:00-12:00'], got {value!r}")
    return tuple(TimeRange.parse(item, where) for item in items)


def _parse_windows(value: object) -> dict[int, tuple[TimeRange, ...]]:
    if not isinstance(value, Mapping):
        raise PolicyError(f"windows: expected a table of days, got {value!r}")
    from_shorthand: dict[int, tuple[TimeRange, ...]] = {}
    from_day: dict[int, tuple[TimeRange, ...]] = {}
    for key, ranges in value.items():
        days, shorthand = _day_indexes(key)
        parsed = _parse_ranges(ranges, f"windows.{key}")
        target = from_shorthand if shorthand else from_day
        for day in days:
            if day in target:
                raise PolicyError(f"windows.{key}: {DAY_KEYS[day]} is given twice")
            target[day] = _check_day(day, parsed)
    return from_shorthand | from_day


def _parse_holidays(value: object) -> frozenset[date]:
    if not isinstance(value, list | tuple | set | frozenset):
        raise PolicyError(f"holidays: expected a list of dates, got {value!r}")
    result: set[date] = set()
    for item in value:
        if isinstance(item, date) and not isinstance(item, datetime):
            result.add(item)
            continue
        try:
            result.add(date.fromisoformat(item.strip() if isinstance(item, str) else ""))
        except ValueError:
            raise PolicyError(f"holidays: {item!r} is not a date like 2026-10-01") from None
    return frozenset(result)
