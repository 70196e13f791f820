"""How much of a period has passed: the share a target should be met by now ("on pace").

The team view colours a figure amber when it lags the share of its period that has
passed (`agent_desk.domain.kpi.on_pace`). A month and a year count calendar days, as
`kpi.expected_ratio_by` does; a single day counts the office's working hours, since a
day's target is only due by the end of the shift.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time
from enum import StrEnum

from agent_desk.domain.kpi import expected_ratio_by

# The working day a day's target is spread over (local time of the reporting zone).
WORKDAY_START = time(9, 0)
WORKDAY_END = time(18, 0)


class PeriodKind(StrEnum):
    """The periods the figures and charts switch between."""

    TODAY = "today"
    MONTH = "month"
    YEAR = "year"


def elapsed_share(kind: PeriodKind, now_local: datetime, period_end: date) -> float:
    """The share of the period passed at `now_local` (0.0 to 1.0).

    Args:
        kind: Today, this month or this year.
        now_local: Now, in the reporting zone.
        period_end: The period's last day; a period that ended before today is all passed.
    """
    today = now_local.date()
    if today > period_end:
        return 1.0
    if kind is PeriodKind.TODAY:
        start = datetime.combine(today, WORKDAY_START, tzinfo=now_local.tzinfo)
        end = datetime.combine(today, WORKDAY_END, tzinfo=now_local.tzinfo)
        share = (now_local - start).total_seconds() / (end - start).total_seconds()
        return min(max(share, 0.0), 1.0)
    if kind is PeriodKind.MONTH:
        return expected_ratio_by(today, calendar.monthrange(today.year, today.month)[1])
    days = 366 if calendar.isleap(today.year) else 365
    return min(today.timetuple().tm_yday / days, 1.0)
