"""Deployment-wide settings in the shared database (``settings``), declared once here.

The one setting so far is ``report_timezone``: the IANA zone whose local days the team
view's figures are counted in (a call belongs to the day it started there). One zone
per deployment, not per team: the monthly and yearly assessment compares reps against
each other, so everybody's day must end at the same moment.

Setting the zone rebuilds the figure rollups (``rep_day_figures``, ``rep_day_outcomes``)
inside the database, in the admin's transaction: a trigger on ``settings`` recounts every
call into its local day. Setting the same zone again just recounts (a repair after an
admin deleted records by hand). On PostgreSQL the triggers use ``AT TIME ZONE``; SQLite
has no time zones, so ``report_tz_offsets`` holds the zone's UTC offsets from zoneinfo
(1970-2100), refilled here before the setting changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, delete, insert, select, text
from sqlalchemy.orm import Session

from agent_desk.store.admin_common import AdminError, record_audit, utc_now
from agent_desk.store.schema import ReportTzOffset, Setting, table

REPORT_TIMEZONE = "report_timezone"
DEFAULT_REPORT_TIMEZONE = "Asia/Shanghai"
# Every setting: its default and what it means (``settings show`` prints these).
SETTINGS: dict[str, tuple[str, str]] = {
    REPORT_TIMEZONE: (
        DEFAULT_REPORT_TIMEZONE,
        "time zone whose local days the team view's figures count in",
    ),
}
# report_tz_offsets covers these years; later calls keep the last offset.
FIRST_YEAR, LAST_YEAR = 1970, 2100
# The first offsets row applies from here on (nothing is older).
OFFSETS_FLOOR = datetime(1900, 1, 1, tzinfo=UTC)

_settings = table(Setting)
_offsets = table(ReportTzOffset)


@dataclass(frozen=True)
class SettingRow:
    key: str
    value: str
    description: str
    is_default: bool  # never set: the default applies
    updated_at: datetime | None
    updated_by: str


def zone_or_error(name: str) -> ZoneInfo:
    """The zone called `name`, or `AdminError` saying why it cannot be used."""
    cleaned = name.strip()
    if not cleaned or cleaned.lower() == "localtime" or cleaned.startswith(("/", ".")):
        raise AdminError(f"unknown time zone {name!r}: use an IANA name like Asia/Shanghai")
    try:
        return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError):
        raise AdminError(
            f"unknown time zone {name!r}: use an IANA name like Asia/Shanghai"
        ) from None


def _offset_minutes(zone: ZoneInfo, at: datetime) -> int:
    offset = at.astimezone(zone).utcoffset()
    assert offset is not None, "a ZoneInfo always has an offset"
    return int(offset.total_seconds() // 60)


def tz_transitions(zone_name: str) -> list[tuple[datetime, int]]:
    """(UTC moment, offset in minutes from then on) for a zone, from 1970 to 2100.

    The first row starts at `OFFSETS_FLOOR`. Scans in 6-hour steps and bisects each
    change to the second (no zone changes its offset twice within 6 hours).
    """
    zone = zone_or_error(zone_name)
    moment = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
    stop = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)
    step = timedelta(hours=6)
    current = _offset_minutes(zone, moment)
    rows = [(OFFSETS_FLOOR, current)]
    while moment < stop:
        following = moment + step
        offset = _offset_minutes(zone, following)
        if offset != current:
            low, high = moment, following  # offset(low) == current, offset(high) != current
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _offset_minutes(zone, middle) == current:
                    low = middle
                else:
                    high = middle
            rows.append((high.replace(microsecond=0), offset))
            current = offset
        moment = following
    return rows


def write_offsets(conn: Connection, zone_name: str) -> int:
    """Refill ``report_tz_offsets`` for a zone; returns the number of rows."""
    rows = tz_transitions(zone_name)
    conn.execute(delete(_offsets))
    conn.execute(insert(_offsets), [{"at_utc": at, "offset_minutes": m} for at, m in rows])
    return len(rows)


def get(conn: Connection, key: str) -> str:
    """A setting's value, or its default when never set."""
    if key not in SETTINGS:
        raise KeyError(f"unknown setting {key!r}")
    value = conn.scalar(select(_settings.c.value).where(_settings.c.key == key))
    return SETTINGS[key][0] if value is None else value


def report_timezone(conn: Connection) -> str:
    """The name of the reporting time zone."""
    return get(conn, REPORT_TIMEZONE)


def report_zone(conn: Connection) -> ZoneInfo:
    """The reporting time zone (the default if the stored name is unknown here)."""
    try:
        return ZoneInfo(report_timezone(conn))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_REPORT_TIMEZONE)


def show(session: Session) -> list[SettingRow]:
    """Every setting with its value (set or default)."""
    stored = {
        row.key: row
        for row in session.execute(select(_settings).where(_settings.c.key.in_(SETTINGS)))
    }
    rows = []
    for key, (default, description) in SETTINGS.items():
        found = stored.get(key)
        rows.append(
            SettingRow(
                key=key,
                value=default if found is None else found.value,
                description=description,
                is_default=found is None,
                updated_at=None if found is None else found.updated_at,
                updated_by="" if found is None else found.updated_by,
            )
        )
    return rows


def _check_server_knows(conn: Connection, zone: str) -> None:
    if conn.dialect.name != "postgresql":
        return
    known = conn.scalar(text("SELECT 1 FROM pg_timezone_names WHERE name = :z"), {"z": zone})
    if not known:
        raise AdminError(f"the database server does not know the time zone {zone!r}")


def set_report_timezone(
    session: Session, zone: str, *, actor: str, now: datetime | None = None
) -> SettingRow:
    """Set the reporting time zone; the database recounts every rollup in it.

    Raises:
        AdminError: The zone is unknown here or to the database server.
    """
    name = zone.strip()
    zone_or_error(name)
    conn = session.connection()
    _check_server_knows(conn, name)
    previous = get(conn, REPORT_TIMEZONE)
    write_offsets(conn, name)  # before the setting: SQLite's rebuild trigger reads them
    moment = utc_now(now)
    values = {"value": name, "updated_at": moment, "updated_by": (actor or "admin")[:63]}
    changed = conn.execute(
        _settings.update().where(_settings.c.key == REPORT_TIMEZONE).values(**values)
    ).rowcount
    if not changed:
        conn.execute(insert(_settings).values(key=REPORT_TIMEZONE, **values))
    record_audit(
        session,
        actor=actor,
        action="set",
        entity="setting",
        entity_id=REPORT_TIMEZONE,
        detail={"from": previous, "to": name},
        now=moment,
    )
    return next(row for row in show(session) if row.key == REPORT_TIMEZONE)
