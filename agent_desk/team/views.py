"""Values the team session hands out or takes: its problems, the records query, its runner.

Immutable, Qt-free: the screens build a `RecordQuery` and show a `TeamProblem`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

RECORDS_LIMIT = 500


class Runner(Protocol):
    """Background work with results on the UI thread: `agent_desk.desk.operations.Operations`
    (the app hands one in; this layer does not import the rep's desk)."""

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None: ...

    def shutdown(self, wait: bool = True) -> None: ...


class TeamProblemKind(StrEnum):
    UNREACHABLE = "unreachable"  # the database does not answer
    NOT_PERMITTED = "not_permitted"  # the login may not read this
    NO_TEAM = "no_team"  # nobody named the team and the login has none
    QUERY = "query"  # anything else: ours to fix (logged)


@dataclass(frozen=True)
class TeamProblem:
    """A view could not be refreshed. ``detail`` is English, for the log and a tooltip."""

    kind: TeamProblemKind
    view: str
    detail: str


def classify(exc: BaseException) -> TeamProblemKind:
    """Which problem an exception from a query means."""
    if isinstance(exc, DBAPIError):
        sqlstate = getattr(exc.orig, "sqlstate", None)
        if sqlstate == "42501" or "permission denied" in str(exc.orig).lower():
            return TeamProblemKind.NOT_PERMITTED
        if exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError):
            return TeamProblemKind.UNREACHABLE
    if isinstance(exc, ValueError) and "team" in str(exc):
        return TeamProblemKind.NO_TEAM
    return TeamProblemKind.QUERY


@dataclass(frozen=True)
class RecordQuery:
    """Which calls and shift summaries the records view shows.

    Days are local days of the reporting zone; None means today.
    """

    rep: int | None = None
    start: date | None = None
    end: date | None = None
    outcome: str | None = None  # an outcome code; team_queries.NOT_WRAPPED for none yet
    flagged_only: bool = False
    include_training: bool = True
    limit: int = RECORDS_LIMIT
