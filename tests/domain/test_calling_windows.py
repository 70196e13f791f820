"""Calling windows: configuration and decisions in the customer's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_desk.domain.calling_windows import (
    BlockReason,
    CallingPolicy,
    PolicyError,
    TimeRange,
    check,
    is_allowed_at,
    next_allowed_time,
)

SHANGHAI = "Asia/Shanghai"
NEW_YORK = "America/New_York"
STANDARD = {
    "windows": {"weekdays": ["09:00-12:00", "14:00-20:30"], "sat": ["10:00-12:00"]},
    "holidays": ["2026-10-01"],
}


def policy() -> CallingPolicy:
    return CallingPolicy.from_config(STANDARD)


def shanghai(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    """A Shanghai wall time as an aware datetime (UTC+8, no DST)."""
    return datetime(year, month, day, hour, minute, second, tzinfo=ZoneInfo(SHANGHAI))


# --- configuration -----------------------------------------------------------------


def test_from_config_expands_shorthands() -> None:
    p = policy()
    two = (TimeRange(time(9), time(12)), TimeRange(time(14), time(20, 30)))
    assert all(p.windows[day] == two for day in range(5))
    assert p.windows[5] == (TimeRange(time(10), time(12)),)
    assert 6 not in p.windows
    assert p.holidays == frozenset({date(2026, 10, 1)})


def test_single_day_overrides_shorthand() -> None:
    p = CallingPolicy.from_config(
        {"windows": {"fri": ["09:00-11:00"], "workdays": ["09:00-18:00"], "weekend": []}}
    )
    assert p.windows[4] == (TimeRange(time(9), time(11)),)
    assert p.windows[0] == (TimeRange(time(9), time(18)),)
    assert 5 not in p.windows and 6 not in p.windows


def test_from_config_accepts_variants() -> None:
    p = CallingPolicy.from_config(
        {
            "windows": {"Monday": "9:00 ~ 11:30", "sun": ["14:00–15:00", "08:00-09:00"]},
            "holidays": [date(2026, 1, 1), " 2026-02-17 "],  # TOML gives date objects
        }
    )
    assert p.windows[0] == (TimeRange(time(9), time(11, 30)),)
    assert p.windows[6] == (TimeRange(time(8), time(9)), TimeRange(time(14), time(15)))
    assert p.holidays == frozenset({date(2026, 1, 1), date(2026, 2, 17)})


def test_adjacent_ranges_are_not_overlapping() -> None:
    p = CallingPolicy.from_config({"windows": {"mon": ["09:00-12:00", "12:00-13:00"]}})
    monday_noon = shanghai(2026, 11, 2, 12, 0)
    assert is_allowed_at(p, monday_noon, SHANGHAI)


@pytest.mark.parametrize(
    ("cfg", "fragment"),
    [
        ({"windows": {"mon": ["09:00-12:00", "11:00-14:00"]}}, "overlap"),
        ({"windows": {"mon": ["12:00-09:00"]}}, "ends before it starts"),
        ({"windows": {"mon": ["09:00-09:00"]}}, "ends before it starts"),
        ({"windows": {"mon": ["22:00-02:00"]}}, "cross midnight"),
        ({"windows": {"mon": ["20:00-24:00"]}}, "'24:00'"),
        ({"windows": {"mon": ["25:00-26:00"]}}, "'25:00'"),
        ({"windows": {"mon": ["09:60-10:00"]}}, "'09:60'"),
        ({"windows": {"mon": ["9am-5pm"]}}, "9am"),
        ({"windows": {"mon": ["09:00"]}}, "not a range"),
        ({"windows": {"mon": ["09:00-10:00-11:00"]}}, "not a range"),
        ({"windows": {"mon": [900]}}, "900"),
        ({"windows": {"mon": 9}}, "windows.mon"),
        ({"windows": {"funday": ["09:00-10:00"]}}, "funday"),
        ({"windows": {"mon": ["09:00-10:00"], "monday": ["11:00-12:00"]}}, "twice"),
        ({"windows": {"weekdays": ["09:00-10:00"], "workdays": ["11:00-12:00"]}}, "twice"),
        ({"windows": ["09:00-10:00"]}, "table of days"),
        ({}, "missing 'windows'"),
        ({"windows": {}, "holiday": []}, "holiday"),
        ({"windows": {}, "holidays": ["2026-13-01"]}, "2026-13-01"),
        ({"windows": {}, "holidays": ["next monday"]}, "next monday"),
        ({"windows": {}, "holidays": [datetime(2026, 1, 1)]}, "2026"),
        ({"windows": {}, "holidays": "2026-10-01"}, "list of dates"),
    ],
)
def test_from_config_rejects(cfg: dict[str, object], fragment: str) -> None:
    with pytest.raises(PolicyError) as caught:
        CallingPolicy.from_config(cfg)
    assert fragment in str(caught.value)


def test_from_config_rejects_non_mapping() -> None:
    with pytest.raises(PolicyError):
        CallingPolicy.from_config(["mon"])  # type: ignore[arg-type]


def test_overlap_error_names_day_and_ranges() -> None:
    with pytest.raises(PolicyError) as caught:
        CallingPolicy.from_config({"windows": {"tue": ["09:00-12:00", "11:30-13:00"]}})
    assert "windows.tue" in str(caught.value)
    assert "09:00-12:00" in str(caught.value) and "11:30-13:00" in str(caught.value)


def test_time_range_validates_directly() -> None:
    with pytest.raises(PolicyError):
        TimeRange(time(12), time(9))
    with pytest.raises(PolicyError):
        TimeRange(time(9, tzinfo=UTC), time(10))
    assert str(TimeRange(time(9), time(17, 30, 15))) == "09:00-17:30:15"
    assert TimeRange.parse("09:00-17:30:15") == TimeRange(time(9), time(17, 30, 15))


def test_policy_constructor_validates_and_freezes() -> None:
    with pytest.raises(PolicyError):
        CallingPolicy({7: (TimeRange(time(9), time(10)),)}, frozenset())
    with pytest.raises(PolicyError):
        CallingPolicy({0: (TimeRange(time(9), time(11)), TimeRange(time(10), time(12)))})
    windows = {0: (TimeRange(time(9), time(10)),), 1: ()}
    p = CallingPolicy(windows, frozenset())
    windows[2] = (TimeRange(time(9), time(10)),)
    assert set(p.windows) == {0}  # empty days dropped; later changes do not leak in
    assert p == CallingPolicy({0: (TimeRange(time(9), time(10)),)})
    assert hash(p) == hash(CallingPolicy({0: (TimeRange(time(9), time(10)),)}))


def test_to_config_round_trips() -> None:
    p = policy()
    assert p.to_config()["windows"]["mon"] == ["09:00-12:00", "14:00-20:30"]
    assert CallingPolicy.from_config(p.to_config()) == p


# --- decisions ---------------------------------------------------------------------

MONDAY = (2026, 11, 2)  # a Monday
SATURDAY = (2026, 11, 7)
SUNDAY = (2026, 11, 8)


@pytest.mark.parametrize(
    ("wall", "allowed", "reason"),
    [
        ((*MONDAY, 8, 59, 59), False, BlockReason.BEFORE_OPENING),
        ((*MONDAY, 9, 0), True, None),
        ((*MONDAY, 11, 59, 59), True, None),
        ((*MONDAY, 12, 0), False, BlockReason.BETWEEN_WINDOWS),
        ((*MONDAY, 13, 59, 59), False, BlockReason.BETWEEN_WINDOWS),
        ((*MONDAY, 14, 0), True, None),
        ((*MONDAY, 20, 29, 59), True, None),
        ((*MONDAY, 20, 30), False, BlockReason.AFTER_CLOSING),
        ((*MONDAY, 23, 59), False, BlockReason.AFTER_CLOSING),
        ((*MONDAY, 0, 0), False, BlockReason.BEFORE_OPENING),
        ((*SATURDAY, 11, 0), True, None),
        ((*SATURDAY, 14, 0), False, BlockReason.AFTER_CLOSING),
        ((*SUNDAY, 11, 0), False, BlockReason.NOT_A_CALLING_DAY),
        ((2026, 10, 1, 10, 0), False, BlockReason.HOLIDAY),  # a Thursday, National Day
    ],
)
def test_check_boundaries(wall: tuple[int, ...], allowed: bool, reason: BlockReason | None) -> None:
    now = shanghai(*wall).astimezone(UTC)
    decision = check(policy(), now, SHANGHAI)
    assert decision.allowed is allowed
    assert decision.reason is reason
    assert decision.local_time == now
    assert decision.local_time.tzinfo == ZoneInfo(SHANGHAI)
    assert is_allowed_at(policy(), now, SHANGHAI) is allowed
    if allowed:
        assert decision.next_allowed is None
    else:
        assert decision.next_allowed is not None and decision.next_allowed > now
        assert decision.next_allowed.tzinfo is UTC


@pytest.mark.parametrize(
    ("wall", "opens"),
    [
        ((*MONDAY, 8, 0), (*MONDAY, 9, 0)),
        ((*MONDAY, 12, 0), (*MONDAY, 14, 0)),
        ((*MONDAY, 21, 14), (2026, 11, 3, 9, 0)),
        ((*SATURDAY, 13, 0), (2026, 11, 9, 9, 0)),  # skips Sunday
        ((2026, 9, 30, 21, 0), (2026, 10, 2, 9, 0)),  # skips the holiday
    ],
)
def test_next_allowed(wall: tuple[int, ...], opens: tuple[int, ...]) -> None:
    decision = check(policy(), shanghai(*wall), SHANGHAI)
    assert decision.next_allowed == shanghai(*opens)
    assert next_allowed_time(policy(), shanghai(*wall), SHANGHAI) == shanghai(*opens)


def test_next_allowed_time_returns_now_when_allowed() -> None:
    now = shanghai(*MONDAY, 10, 0)
    assert next_allowed_time(policy(), now, SHANGHAI) == now


def test_decision_uses_customer_zone_not_desk_zone() -> None:
    # 10:00 on a Monday in Shanghai is 21:00 Sunday in New York.
    now = shanghai(*MONDAY, 10, 0)
    assert check(policy(), now, SHANGHAI).allowed
    decision = check(policy(), now, NEW_YORK)
    assert not decision.allowed
    assert decision.reason is BlockReason.NOT_A_CALLING_DAY
    assert decision.local_time.hour == 21
    assert decision.next_allowed == datetime(2026, 11, 2, 9, tzinfo=ZoneInfo(NEW_YORK))


def test_message_names_local_time_and_next_opening() -> None:
    decision = check(policy(), shanghai(2026, 11, 3, 21, 14), SHANGHAI)
    assert decision.message == (
        "Outside calling hours (customer's local time 21:14 Tue);"
        " next allowed Wed 09:00 customer time"
    )
    lunch = check(policy(), shanghai(*MONDAY, 12, 30), SHANGHAI)
    assert "break" in lunch.message and "Mon 14:00" in lunch.message
    sunday = check(policy(), shanghai(*SUNDAY, 10, 0), SHANGHAI)
    assert "Sunday" in sunday.message
    assert "Inside" in check(policy(), shanghai(*MONDAY, 10, 0), SHANGHAI).message


def test_message_gives_date_when_next_opening_is_far() -> None:
    p = CallingPolicy.from_config(
        {"windows": {"mon": ["09:00-10:00"]}, "holidays": ["2026-11-09", "2026-11-16"]}
    )
    decision = check(p, shanghai(*MONDAY, 11, 0), SHANGHAI)
    assert "Mon 2026-11-23 09:00" in decision.message


def test_no_windows_never_allows() -> None:
    p = CallingPolicy.from_config({"windows": {}})
    decision = check(p, shanghai(*MONDAY, 10, 0), SHANGHAI)
    assert not decision.allowed
    assert decision.reason is BlockReason.NO_WINDOWS
    assert decision.next_allowed is None
    assert next_allowed_time(p, shanghai(*MONDAY, 10, 0), SHANGHAI) is None
    assert "no calling hours" in decision.message


def test_holidays_beyond_search_horizon_give_none() -> None:
    mondays = [date(2026, 11, 2) + timedelta(weeks=w) for w in range(60)]
    p = CallingPolicy({0: (TimeRange(time(9), time(10)),)}, frozenset(mondays))
    decision = check(p, shanghai(*MONDAY, 8, 0), SHANGHAI)
    assert decision.reason is BlockReason.HOLIDAY
    assert decision.next_allowed is None
    assert "no calling time in the next 400 days" in decision.message


def test_bad_zone_and_naive_now() -> None:
    with pytest.raises(PolicyError):
        check(policy(), datetime.now(UTC), "Mars/Olympus_Mons")
    with pytest.raises(PolicyError):
        check(policy(), datetime.now(UTC), "")
    with pytest.raises(PolicyError):
        next_allowed_time(policy(), datetime.now(UTC), "../etc/passwd")
    with pytest.raises(ValueError):
        check(policy(), datetime(2026, 11, 2, 10), SHANGHAI)
    with pytest.raises(ValueError):
        is_allowed_at(policy(), datetime(2026, 11, 2, 10), SHANGHAI)


# --- daylight saving time (New York: 2026-03-08 springs forward, 2026-11-01 falls back) ----

EVERY_DAY = CallingPolicy.from_config(
    {"windows": {"weekdays": ["09:00-12:00"], "weekend": ["09:00-12:00"]}}
)


def test_opening_follows_wall_clock_across_spring_forward() -> None:
    # Saturday 20:00 EST; Sunday opens at 09:00 EDT = 13:00 UTC (not 14:00).
    after = datetime(2026, 3, 8, 1, 0, tzinfo=UTC)
    assert next_allowed_time(EVERY_DAY, after, NEW_YORK) == datetime(2026, 3, 8, 13, tzinfo=UTC)
    # Before the change 09:00 was 14:00 UTC.
    before = datetime(2026, 3, 7, 1, 0, tzinfo=UTC)
    assert next_allowed_time(EVERY_DAY, before, NEW_YORK) == datetime(2026, 3, 7, 14, tzinfo=UTC)


def test_same_utc_time_differs_across_fall_back() -> None:
    moment_edt = datetime(2026, 10, 31, 13, 30, tzinfo=UTC)  # 09:30 EDT: open
    moment_est = datetime(2026, 11, 2, 13, 30, tzinfo=UTC)  # 08:30 EST: closed
    assert check(EVERY_DAY, moment_edt, NEW_YORK).allowed
    decision = check(EVERY_DAY, moment_est, NEW_YORK)
    assert decision.reason is BlockReason.BEFORE_OPENING
    assert decision.next_allowed == datetime(2026, 11, 2, 14, tzinfo=UTC)


def test_window_starting_in_spring_forward_gap_opens_at_the_change() -> None:
    p = CallingPolicy.from_config({"windows": {"sun": ["02:30-04:00"]}})
    after = datetime(2026, 3, 8, 0, 0, tzinfo=UTC)
    opens = next_allowed_time(p, after, NEW_YORK)
    # The wall clock jumps from 02:00 EST to 03:00 EDT (07:00 UTC), inside the window.
    assert opens == datetime(2026, 3, 8, 7, 0, tzinfo=UTC)
    assert is_allowed_at(p, opens, NEW_YORK)
    assert not is_allowed_at(p, opens - timedelta(seconds=1), NEW_YORK)


def test_repeated_hour_after_fall_back_opens_again() -> None:
    p = CallingPolicy.from_config({"windows": {"sun": ["01:00-01:30"]}})
    first_pass_late = datetime(2026, 11, 1, 5, 45, tzinfo=UTC)  # 01:45 EDT
    assert not is_allowed_at(p, first_pass_late, NEW_YORK)
    # The clock falls back to 01:00 EST (06:00 UTC): the window is open again.
    assert next_allowed_time(p, first_pass_late, NEW_YORK) == datetime(
        2026, 11, 1, 6, 0, tzinfo=UTC
    )


# --- properties --------------------------------------------------------------------

ZONES = [SHANGHAI, NEW_YORK, "Europe/London", "Australia/Lord_Howe", "America/Santiago", "UTC"]


@st.composite
def day_ranges(draw: st.DrawFn) -> tuple[TimeRange, ...]:
    points = sorted(draw(st.sets(st.integers(0, 24 * 60 - 1), max_size=6)))
    if len(points) % 2:
        points = points[:-1]
    return tuple(
        TimeRange(time(a // 60, a % 60), time(b // 60, b % 60))
        for a, b in zip(points[::2], points[1::2], strict=True)
    )


@st.composite
def policies(draw: st.DrawFn) -> CallingPolicy:
    windows = draw(st.dictionaries(st.integers(0, 6), day_ranges(), max_size=7))
    holidays = draw(st.frozensets(st.dates(date(2025, 12, 20), date(2027, 1, 10)), max_size=15))
    return CallingPolicy(windows, holidays)


moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=150, deadline=None)
@given(policies(), moments, st.sampled_from(ZONES))
def test_allowed_iff_inside_window_and_not_holiday(
    p: CallingPolicy, now: datetime, tz_name: str
) -> None:
    local = now.astimezone(ZoneInfo(tz_name))
    inside = any(r.start <= local.time() < r.end for r in p.windows.get(local.weekday(), ()))
    expected = inside and local.date() not in p.holidays
    decision = check(p, now, tz_name)
    assert decision.allowed is expected
    assert (decision.reason is None) is expected
    if decision.allowed:
        assert decision.next_allowed is None


def assert_next_allowed_sound(p: CallingPolicy, now: datetime, tz_name: str) -> None:
    """next_allowed is later than now, allowed, and the earliest such moment."""
    decision = check(p, now, tz_name)
    nxt = decision.next_allowed
    if nxt is None:
        return
    assert nxt > now
    assert check(p, nxt, tz_name).allowed
    assert not is_allowed_at(p, nxt - timedelta(seconds=1), tz_name)
    # Nothing opens in between: sample the gap.
    step = (nxt - now) / 7
    assert not any(is_allowed_at(p, now + step * i, tz_name) for i in range(1, 7))


@settings(max_examples=150, deadline=None)
@given(policies(), moments, st.sampled_from(ZONES))
def test_next_allowed_is_later_allowed_and_earliest(
    p: CallingPolicy, now: datetime, tz_name: str
) -> None:
    assert_next_allowed_sound(p, now, tz_name)


@settings(max_examples=100, deadline=None)
@given(policies())
def test_to_config_round_trip_property(p: CallingPolicy) -> None:
    assert CallingPolicy.from_config(p.to_config()) == p


DST_CHANGES = [
    datetime(2026, 3, 8, 7, tzinfo=UTC),  # New York springs forward
    datetime(2026, 11, 1, 6, tzinfo=UTC),  # New York falls back
    datetime(2026, 3, 29, 1, tzinfo=UTC),  # London springs forward
    datetime(2026, 10, 25, 1, tzinfo=UTC),  # London falls back
    datetime(2026, 4, 4, 15, tzinfo=UTC),  # Lord Howe: half-hour change
    datetime(2026, 10, 3, 16, tzinfo=UTC),
    datetime(2026, 4, 5, 3, tzinfo=UTC),  # Santiago: change at local midnight
    datetime(2026, 9, 6, 4, tzinfo=UTC),
]


@settings(max_examples=150, deadline=None)
@given(
    policies(),
    st.sampled_from(DST_CHANGES),
    st.integers(-3 * 3600, 3 * 3600),
    st.sampled_from(ZONES),
)
def test_next_allowed_near_clock_changes(
    p: CallingPolicy, change: datetime, offset: int, tz_name: str
) -> None:
    assert_next_allowed_sound(p, change + timedelta(seconds=offset), tz_name)
