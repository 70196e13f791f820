"""Lead list columns and rows: which header means which field, and what a row says.

Lead lists come from spreadsheets made by hand, in English or Chinese. This module is
the pure part of the import (no files, no database): it maps headers such as ``手机号码``
or ``Phone Number`` to lead fields (the names it knows, and the fields, are in
`agent_desk.domain.lead_headers`), and turns one row of cells into the values of a lead
or the reason it cannot be one. Reading files lives in `agent_desk.store.lead_files`,
writing leads in `agent_desk.store.lead_import`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring  # what json.dumps uses, ensure_ascii=False
from typing import NamedTuple

from agent_desk.domain import phones
from agent_desk.domain.lead_headers import (
    EXTRA,
    EXTRA_FIELDS,
    FIELDS,
    SKIP,
    field_for_header,
    header_key,
)

DEFAULT_PRIORITY = 100
MAX_PRIORITY = 2_147_483_647  # the column is a 32-bit integer
# Longest text kept in ``extra``: a longer cell is nearly always a quote never closed.
MAX_EXTRA_CHARS = 2000
_PHONE_CACHE = 1 << 16  # phone cells remembered per import (see RowParser)


class LeadImportError(Exception):
    """A lead import the admin can fix (campaign, rep, team, options); shown as it is."""


class LeadFileError(LeadImportError):
    """The lead file cannot be read as a lead list; the message says what to try."""


class MissingPhoneColumnError(LeadFileError):
    """No column of the file holds phone numbers."""

    def __init__(self, message: str, headers: Sequence[str]) -> None:
        super().__init__(message)
        self.headers = tuple(headers)


@dataclass(frozen=True)
class ColumnPlan:
    """What each column of a file becomes.

    Attributes:
        headers: The file's headers, made unique (``"电话 (2)"``) and never empty
            (``"column 3"``).
        fields: Per column: a field name, `EXTRA` or `SKIP`.
        extra_keys: Per column: the key in ``extra`` (empty for lead columns and skips).
    """

    headers: tuple[str, ...]
    fields: tuple[str, ...]
    extra_keys: tuple[str, ...]

    @property
    def width(self) -> int:
        return len(self.headers)

    def index_of(self, field: str) -> int | None:
        return self.fields.index(field) if field in self.fields else None

    def columns(self) -> dict[str, str]:
        """Header → field (`EXTRA` / `SKIP` included), in file order."""
        return dict(zip(self.headers, self.fields, strict=True))


def _first_free(base: str, taken: set[str]) -> str:
    """``base``, else ``"base (2)"``, ``"base (3)"``…: the first not ``taken``; takes it."""
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base} ({n})"
    taken.add(name)
    return name


def unique_headers(headers: Sequence[str]) -> tuple[str, ...]:
    """Strip headers, name empty ones ``"column N"``, number repeats ``"电话 (2)"``."""
    seen: set[str] = set()
    return tuple(
        _first_free(raw.strip() or f"column {index + 1}", seen) for index, raw in enumerate(headers)
    )


def _field_of_override(column: str, value: str) -> str:
    wanted = value.strip().lower()
    if wanted in FIELDS or wanted in (EXTRA, SKIP):
        return wanted
    field = field_for_header(value)
    if field is None:
        choices = ", ".join((*FIELDS, EXTRA, SKIP))
        raise LeadImportError(
            f"--map {column}={value}: unknown field {value!r}; use one of {choices}"
        )
    return field


def _match_overrides(headers: tuple[str, ...], mapping: Mapping[str, str]) -> dict[int, str]:
    by_key: dict[str, int] = {}
    for position, header in enumerate(headers):
        by_key.setdefault(header_key(header), position)
    chosen: dict[int, str] = {}
    for column, value in mapping.items():
        stripped = column.strip()
        index: int | None = (
            headers.index(stripped) if stripped in headers else by_key.get(header_key(column))
        )
        if index is None:
            found = ", ".join(repr(h) for h in headers)
            raise LeadFileError(f"--map names the column {column!r}, but the file has: {found}")
        field = _field_of_override(column, value)
        taken = [headers[i] for i, f in chosen.items() if f == field and field not in (EXTRA, SKIP)]
        if taken:
            raise LeadImportError(
                f"--map gives the field {field!r} to both {taken[0]!r} and {column!r}"
            )
        chosen[index] = field
    return chosen


def plan_columns(headers: Sequence[str], mapping: Mapping[str, str] | None = None) -> ColumnPlan:
    """Decide what each column becomes.

    Args:
        headers: The header row as read.
        mapping: ``--map`` overrides, header → field (or ``extra`` / ``skip``). They win
            over the built-in names; a field can be given to one column only.

    Returns:
        The plan. When two columns name the same field, the first one gets it and the
        later ones are kept in ``extra``.

    Raises:
        LeadImportError: An override names an unknown field or a field twice.
        LeadFileError: An override names a column the file does not have.
        MissingPhoneColumnError: No column holds phone numbers.
    """
    names = unique_headers(headers)
    fields: list[str | None] = [None] * len(names)
    for index, chosen in _match_overrides(names, mapping or {}).items():
        fields[index] = chosen
    # A field belongs to one column; EXTRA and SKIP to any number of them.
    taken = {f for f in fields if f in FIELDS}
    for index, header in enumerate(names):
        if fields[index] is None:
            auto = field_for_header(header)
            if auto is None or auto in taken:
                auto = EXTRA
            if auto in FIELDS:
                taken.add(auto)
            fields[index] = auto
    final = tuple(f or EXTRA for f in fields)
    if "phone" not in final:
        found = ", ".join(repr(h) for h in names)
        raise MissingPhoneColumnError(
            f"no phone column among the headers: {found}. Name the phone column 电话, "
            "手机号 or phone, or say which it is with --map 'COLUMN=phone'",
            names,
        )
    keys: list[str] = []
    used = {f for f in final if f in EXTRA_FIELDS}
    for header, field in zip(names, final, strict=True):
        key = field if field in EXTRA_FIELDS else ""
        keys.append(_first_free(header, used) if field == EXTRA else key)
    return ColumnPlan(names, final, tuple(keys))


class LeadValues(NamedTuple):
    """A row that can become a lead. ``extra`` is already JSON text.

    A named tuple rather than a frozen dataclass: an import makes one per row.
    """

    phone_e164: str
    name: str
    company: str
    priority: int
    timezone: str
    extra: str


@dataclass(frozen=True, slots=True)
class Rejected:
    """A row that cannot become a lead, and why (shown in the reject file)."""

    reason: str


class RowParser:
    """Turns rows of cells into `LeadValues` or `Rejected`, for one campaign.

    Phone normalisation is the costly part of an import, so results are memoised per
    distinct cell text: the same number typed the same way is parsed once.
    """

    def __init__(
        self,
        plan: ColumnPlan,
        default_region: str,
        fallback_timezone: str,
        limits: Mapping[str, int],
    ) -> None:
        """Args:
        plan: What each column becomes.
        default_region: Region of numbers written without country code (``"CN"``).
        fallback_timezone: Zone for numbers whose zone is unknown.
        limits: Longest text each lead column holds (``{"name": 120, ...}``).
        """
        self.plan = plan
        self._region = default_region
        self._fallback = fallback_timezone
        self._width = plan.width
        self._phone_at = plan.fields.index("phone")
        self._name_at = plan.index_of("name")
        self._company_at = plan.index_of("company")
        self._priority_at = plan.index_of("priority")
        self._text_limits = [
            (field, at, limits[field])
            for field, at in (("name", self._name_at), ("company", self._company_at))
            if at is not None and field in limits
        ]
        # (column, its JSON key with the ":", header): ``extra`` is written as
        # json.dumps(..., ensure_ascii=False, separators=(",", ":")) would write it.
        self._extras = [
            (i, encode_basestring(key) + ":", plan.headers[i])
            for i, key in enumerate(plan.extra_keys)
            if key and plan.fields[i] != SKIP
        ]
        # A plain dict, emptied when full: an lru_cache's links would be objects the
        # garbage collector walks over and over during a large import.
        self._phones: dict[str, tuple[str, str] | str] = {}

    def _phone_uncached(self, text: str) -> tuple[str, str] | str:
        try:
            return phones.normalize_with_zone(text, self._region, self._fallback)
        except phones.PhoneError as exc:
            return f"phone invalid: {exc}"

    def parse(self, cells: Sequence[str]) -> LeadValues | Rejected:
        """Read one data row; cells beyond the header must be empty."""
        width = self._width
        values = [cell.strip() for cell in cells]
        if not any(values):
            return Rejected("empty row")
        if len(values) > width:
            if any(values[width:]):
                last = max(i for i, value in enumerate(values) if value) + 1
                return Rejected(f"row has {last} cells, header has {width}")
            del values[width:]
        elif len(values) < width:
            values += [""] * (width - len(values))
        phone_text = values[self._phone_at]
        if not phone_text:
            return Rejected("phone missing")
        phone = self._phones.get(phone_text)
        if phone is None:
            if len(self._phones) >= _PHONE_CACHE:
                self._phones.clear()
            phone = self._phones[phone_text] = self._phone_uncached(phone_text)
        if isinstance(phone, str):
            return Rejected(phone)
        priority = _priority(values[self._priority_at] if self._priority_at is not None else "")
        if isinstance(priority, Rejected):
            return priority
        for field, at, limit in self._text_limits:
            if len(values[at]) > limit:
                return Rejected(f"{field} is {len(values[at])} characters, at most {limit}")
        parts = []
        for index, key, header in self._extras:
            text = values[index]
            if text:
                if len(text) > MAX_EXTRA_CHARS:
                    return Rejected(
                        f"{header!r} is {len(text)} characters, at most {MAX_EXTRA_CHARS}"
                    )
                parts.append(key + encode_basestring(text))
        name = values[self._name_at] if self._name_at is not None else ""
        company = values[self._company_at] if self._company_at is not None else ""
        extra = "{" + ",".join(parts) + "}"
        return LeadValues(phone[0], name, company, priority, phone[1], extra)


class RowTally:
    """Where every data row of a file ended: imported, duplicate, dnc or invalid.

    Rows are added in file order; `add` returns the ones to stage for the database.
    As the database says which staged numbers it left out, and which of those are on
    the do-not-call list, `leave_out` accounts for them (a chunk at a time), or `settle`
    once for all; the rest are imported.

    Attributes:
        rejects: Data row number → (status, reason) for every row not imported.
        first_row: Number (E.164) → the row it first appears on, for staged rows.
    """

    def __init__(self) -> None:
        self.total = 0
        self.imported = 0
        self.rejects: dict[int, tuple[str, str]] = {}
        self.first_row: dict[str, int] = {}

    def add(self, number: int, result: LeadValues | Rejected) -> LeadValues | None:
        """Account for data row ``number``; return its values when they are to be staged."""
        self.total += 1
        if isinstance(result, Rejected):
            self.rejects[number] = ("invalid", result.reason)
            return None
        first = self.first_row.setdefault(result.phone_e164, number)
        if first != number:
            self.rejects[number] = ("duplicate", f"same number as row {first}")
            return None
        return result

    def leave_out(self, phones: Iterable[str], dnc: Container[str], campaign: str) -> None:
        """Staged ``phones`` the database did not insert: DNC, or already in the campaign."""
        for phone in phones:
            number = self.first_row[phone]
            if phone in dnc:
                self.rejects[number] = ("dnc", "number is on the do-not-call list")
            else:
                self.rejects[number] = ("duplicate", f"number already in campaign {campaign}")

    def settle(self, inserted: set[str], dnc: set[str], campaign: str) -> None:
        """Staged numbers not ``inserted`` are DNC, or were already in the campaign."""
        self.imported = len(inserted)
        self.leave_out((p for p in self.first_row if p not in inserted), dnc, campaign)

    def counts(self) -> dict[str, int]:
        """total, imported, duplicate, dnc, invalid; they always add up."""
        statuses = [status for status, _reason in self.rejects.values()]
        counts = {"total": self.total, "imported": self.imported}
        counts.update((s, statuses.count(s)) for s in ("duplicate", "dnc", "invalid"))
        if self.imported + len(statuses) != self.total:
            raise RuntimeError(f"lead import lost track of rows: {counts}")
        return counts


def _priority(text: str) -> int | Rejected:
    if not text:
        return DEFAULT_PRIORITY
    if text.isascii() and text.isdigit() and len(text) < 10:  # plainly a small number
        return int(text)
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if cleaned.endswith(".0"):  # a number-typed spreadsheet cell
        cleaned = cleaned[:-2]
    if not cleaned.isascii() or not cleaned.isdigit():
        return Rejected(f"priority {text!r} is not a whole number (0 or more)")
    value = int(cleaned)
    if value > MAX_PRIORITY:
        return Rejected(f"priority {text!r} is too large (at most {MAX_PRIORITY})")
    return value
