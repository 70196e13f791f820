"""The supervisor's team view, read-only: the one module the team screens import.

Every function takes a `Connection` (the supervisor's own login on PostgreSQL, where row
security limits it to their team) and explicit moments or periods, and returns plain
frozen dataclasses; phone numbers are masked. ``team_id=None`` means the caller's own
team (a supervisor); the admin or the database owner names the team.

Figures (board, figures, assessment, outcome mix) come from the rollups the database
keeps with triggers (migration 0004), counted by the local day of the deployment's
reporting time zone (`settings_repo.report_timezone`). A day's target is its share of
the month's target (the desk's rule); a longer period's is the sum of its months'. A
team's reps are its members now: a rep who moved teams brings their history along.
Customer satisfaction is not recorded anywhere yet, so no figure here has it.

The API:

* `board(conn, now, team_id)` -> list[`BoardRow`]
* `figures(conn, period, team_id)` -> `TeamFigures`; periods: `Period.day/month/year`,
  or `today_period/month_period/year_period(conn, now)`
* `assessment(conn, year, team_id)` -> `Assessment`
* `calls_per_hour(conn, local_day, team_id)` -> list[`HourCount`] (24)
* `outcome_mix(conn, period, team_id)` -> `OutcomeMix`
* `records(conn, RecordFilter(...))` -> list[`RecordRow`]
* `shift_summaries(conn, since, until, team_id)` -> list[`ShiftSummaryRow`]
* `open_complaints(conn, team_id)` -> list[`ComplaintRow`]
* `overdue_callbacks(conn, now, team_id)` -> list[`OverdueCallback`]
* `flagged_records(conn, team_id)` -> list[`RecordRow`]
* `caller_team(conn)`: the logged-in supervisor's team id
"""

from __future__ import annotations

from agent_desk.store.team_queries_base import (
    DEFAULT_SOFT_LIMIT_S,
    HEARTBEAT_STALE_S,
    LONG_LUNCH_S,
    LONG_PAUSE_S,
    LONG_WRAPUP_S,
    Attention,
    Period,
    RepRef,
    caller_team,
    daily_share,
    local_today,
)
from agent_desk.store.team_queries_board import BoardRow, board
from agent_desk.store.team_queries_charts import (
    HourCount,
    OutcomeMix,
    OutcomeShare,
    calls_per_hour,
    outcome_mix,
)
from agent_desk.store.team_queries_figures import (
    Assessment,
    MonthResult,
    RepAssessment,
    RepFigures,
    TeamFigures,
    assessment,
    figures,
    month_period,
    today_period,
    year_period,
)
from agent_desk.store.team_queries_records import (
    NOT_WRAPPED,
    TEAM_OWNER,
    ComplaintRow,
    OverdueCallback,
    RecordFilter,
    RecordRow,
    ShiftSummaryRow,
    WrapupRow,
    flagged_records,
    open_complaints,
    overdue_callbacks,
    records,
    shift_summaries,
)

__all__ = [
    "DEFAULT_SOFT_LIMIT_S",
    "HEARTBEAT_STALE_S",
    "LONG_LUNCH_S",
    "LONG_PAUSE_S",
    "LONG_WRAPUP_S",
    "NOT_WRAPPED",
    "TEAM_OWNER",
    "Assessment",
    "Attention",
    "BoardRow",
    "ComplaintRow",
    "HourCount",
    "MonthResult",
    "OutcomeMix",
    "OutcomeShare",
    "OverdueCallback",
    "Period",
    "RecordFilter",
    "RecordRow",
    "RepAssessment",
    "RepFigures",
    "RepRef",
    "ShiftSummaryRow",
    "TeamFigures",
    "WrapupRow",
    "assessment",
    "board",
    "caller_team",
    "calls_per_hour",
    "daily_share",
    "figures",
    "flagged_records",
    "local_today",
    "month_period",
    "open_complaints",
    "outcome_mix",
    "overdue_callbacks",
    "records",
    "shift_summaries",
    "today_period",
    "year_period",
]
