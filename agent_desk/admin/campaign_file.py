"""Campaign files: one TOML file per campaign, read into a checked `CampaignSpec`.

A campaign file (``agent-desk-admin campaign load broadband-zh.toml``)::

    code = "broadband-zh"                # unique key: loading again updates the campaign
    name = "宽带升级 2026 秋季"
    language = "zh"                       # "zh" or "en": the script's language
    company_name = "华信通信"             # who the rep says they call for
    purpose = "老用户千兆宽带升级优惠"     # why the rep calls (the opening says it)
    default_region = "CN"                 # for numbers written without country code
    fallback_timezone = "Asia/Shanghai"   # when a number's time zone is unknown
    soft_call_limit_s = 300               # call timer turns amber, then red
    max_attempts = 6
    min_gap_minutes = 120                 # between two attempts on one lead
    cs_transfer_number = "+864008001234"  # complaints are transferred here
    script = "script-zh.md"               # talk track, relative to this file (optional)

    [calling_windows]                     # in the CUSTOMER's local time
    weekdays = ["09:00-12:00", "14:00-20:30"]   # also: mon ... sun, weekend
    sat = ["09:00-12:00", "14:00-20:30"]        # a single day overrides a shorthand
    holidays = ["2026-10-01", "2026-10-02"]     # no calls at all on these dates

    [[outcomes]]
    code = "no_answer"
    en = "No answer"
    zh = "未接听"
    hotkey = 1                            # 1-9, unique
    flags = []                            # contact, sale, callback, dnc, complaint, final

Every value is checked by the domain rules (`CallingPolicy.from_config`,
`OutcomeSet.from_config`, `phones.normalize`) and every problem is reported at once,
each naming the file and the key, so the admin fixes the file in one go.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers
from sqlalchemy.orm import Session

from agent_desk.domain import phones
from agent_desk.domain.calling_policy import CallingPolicy, PolicyError
from agent_desk.domain.outcomes import OutcomeError, OutcomeSet
from agent_desk.store import campaign_repo
from agent_desk.store.admin_common import CampaignRow, CampaignSpec, ScriptRow

CODE_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
LANGUAGES = ("zh", "en")


class CampaignFileError(Exception):
    """A campaign file with problems; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class CampaignFile:
    """A checked campaign file.

    Attributes:
        spec: The campaign, ready for `campaign_repo.upsert_campaign`.
        script_body: The talk track named by ``script``, or None when the file has none.
        script_path: Where that talk track was read from.
    """

    spec: CampaignSpec
    script_body: str | None
    script_path: Path | None


def _text(limit: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return "expected text"
        if len(value) > limit:
            return f"at most {limit} characters"
        return None

    return check


def _integer(low: int, high: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return "expected a whole number"
        if not low <= value <= high:
            return f"must be between {low} and {high}, got {value}"
        return None

    return check


def _code(value: Any) -> str | None:
    if not isinstance(value, str) or not CODE_RE.fullmatch(value):
        return "use 1-40 lowercase letters, digits, '-' or '_', e.g. \"broadband-zh\""
    return None


def _language(value: Any) -> str | None:
    return None if value in LANGUAGES else f"expected one of {', '.join(LANGUAGES)}"


def _region(value: Any) -> str | None:
    if not isinstance(value, str) or value not in phonenumbers.SUPPORTED_REGIONS:
        return f"{value!r} is not a region code like CN, US or GB"
    return None


def _timezone(value: Any) -> str | None:
    try:
        ZoneInfo(value)
    except (TypeError, ValueError, LookupError):
        return f"{value!r} is not a time zone like Asia/Shanghai"
    return None


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "expected true or false"


# key: (required, check). calling_windows, holidays and outcomes are read separately.
_SCALARS: Mapping[str, tuple[bool, Callable[[Any], str | None]]] = {
    "code": (True, _code),
    "name": (True, _text(200)),
    "language": (False, _language),
    "company_name": (True, _text(200)),
    "purpose": (False, _text(2000)),
    "default_region": (False, _region),
    "fallback_timezone": (False, _timezone),
    "soft_call_limit_s": (False, _integer(30, 7200)),
    "max_attempts": (False, _integer(1, 100)),
    "min_gap_minutes": (False, _integer(0, 60 * 24 * 30)),
    "cs_transfer_number": (False, _text(40)),
    "script": (False, _text(500)),
    "active": (False, _boolean),
}
_TABLES = ("calling_windows", "holidays", "outcomes")


def load_campaign_file(path: str | Path) -> CampaignFile:
    """Read and check a campaign TOML file (and the script it names).

    Raises:
        CampaignFileError: Listing every problem as ``FILE: key: message``.
    """
    path = Path(path)
    where = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CampaignFileError([f"{path}: cannot read the file: {exc.strerror}"]) from exc
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise CampaignFileError([f"{where}: the file is not UTF-8 text"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise CampaignFileError([f"{where}: not valid TOML: {exc}"]) from exc

    problems: list[str] = []

    def problem(key: str, message: str) -> None:
        problems.append(f"{where}: {key}: {message}")

    for key in sorted(set(data) - set(_SCALARS) - set(_TABLES)):
        problem(key, f"unknown key (known keys: {', '.join([*_SCALARS, *_TABLES])})")
    for key, (required, check) in _SCALARS.items():
        if key not in data:
            if required:
                problem(key, "missing")
            continue
        message = check(data[key])
        if message:
            problem(key, message)

    policy = _read_policy(data, problem)
    outcomes = _read_outcomes(data, problem)
    region = data.get("default_region", "CN")
    transfer = data.get("cs_transfer_number")
    if isinstance(transfer, str) and _region(region) is None:
        try:
            transfer = phones.normalize(transfer, region)
        except phones.PhoneError as exc:
            problem("cs_transfer_number", str(exc))
    script_body, script_path = _read_script(path, data.get("script"), problem)

    if problems:
        raise CampaignFileError(problems)
    assert policy is not None and outcomes is not None
    optional = {key: data[key] for key in _SCALARS if key in data and not _SCALARS[key][0]}
    optional.pop("script", None)
    optional["cs_transfer_number"] = transfer
    spec = CampaignSpec(
        code=data["code"],
        name=data["name"],
        company_name=data["company_name"],
        policy=policy,
        outcomes=outcomes,
        **optional,
    )
    return CampaignFile(spec, script_body, script_path)


def _read_policy(data: dict[str, Any], problem: Callable[[str, str], None]) -> CallingPolicy | None:
    windows = data.get("calling_windows")
    if windows is None:
        problem("calling_windows", "missing (a table of days, e.g. weekdays = ['09:00-12:00'])")
        return None
    if not isinstance(windows, dict):
        problem("calling_windows", "expected a table, e.g. [calling_windows]")
        return None
    days = {k: v for k, v in windows.items() if k != "holidays"}
    if "holidays" in windows and "holidays" in data:
        problem("holidays", "given both at top level and in [calling_windows]; keep one")
        return None
    holidays = windows.get("holidays", data.get("holidays", []))
    try:
        return CallingPolicy.from_config({"windows": days, "holidays": holidays})
    except PolicyError as exc:
        problem("calling_windows", str(exc))
        return None


def _read_outcomes(data: dict[str, Any], problem: Callable[[str, str], None]) -> OutcomeSet | None:
    outcomes = data.get("outcomes")
    if outcomes is None:
        problem("outcomes", "missing (add [[outcomes]] tables)")
        return None
    if not isinstance(outcomes, list) or not all(isinstance(o, dict) for o in outcomes):
        problem("outcomes", "expected [[outcomes]] tables")
        return None
    try:
        return OutcomeSet.from_config(outcomes)
    except OutcomeError as exc:
        problem("outcomes", str(exc))
        return None


def _read_script(
    toml_path: Path, name: Any, problem: Callable[[str, str], None]
) -> tuple[str | None, Path | None]:
    if not isinstance(name, str):
        return None, None
    script_path = (toml_path.parent / name).resolve()
    try:
        body = script_path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problem("script", f"{name} is not UTF-8 text")
        return None, None
    except OSError as exc:
        problem("script", f"cannot read {name}: {exc.strerror}")
        return None, None
    if not body.strip():
        problem("script", f"{name} is empty")
        return None, None
    return body, script_path


@dataclass(frozen=True)
class CampaignSaved:
    campaign: CampaignRow
    created: bool
    script: ScriptRow | None  # the new version, None when the script did not change


def save_campaign_file(
    session: Session, loaded: CampaignFile, *, actor: str, now: datetime | None = None
) -> CampaignSaved:
    """Create or update the campaign, and add a script version when its text changed."""
    row, created = campaign_repo.upsert_campaign(session, loaded.spec, actor=actor, now=now)
    script = None
    if loaded.script_body is not None:
        latest = campaign_repo.latest_script(session, row.code)
        if latest is None or latest.body != loaded.script_body:
            script = campaign_repo.add_script_version(
                session, row.code, loaded.script_body, actor=actor, now=now
            )
    return CampaignSaved(campaign_repo.get_campaign(session, row.code), created, script)
