"""Strict readers for JSON-restored values; errors name the key that was wrong."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any


def iso_or_none(value: datetime | None) -> str | None:
    """ISO 8601 text (keeping the UTC offset and microseconds), or None."""
    return None if value is None else value.isoformat()


def read_str(value: object, key: str) -> str:
    """`value` if it is a string; else ValueError naming `key`."""
    if not isinstance(value, str):
        raise ValueError(f"{key!r} must be a string, got {value!r}")
    return value


def read_datetime(value: object, key: str) -> datetime | None:
    """Datetime from ISO text, or None for None."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(read_str(value, key))
    except ValueError:
        raise ValueError(f"{key!r} {value!r} is not an ISO datetime") from None


def read_text(data: Mapping[str, Any], key: str) -> str:
    """String under `key`, "" when absent."""
    return read_str(data.get(key, ""), key)


def read_optional_text(data: Mapping[str, Any], key: str) -> str | None:
    """String under `key`, None when absent or null."""
    value = data.get(key)
    return None if value is None else read_str(value, key)


def read_flag(data: Mapping[str, Any], key: str) -> bool:
    """Boolean under `key` (no truthy strings or numbers), False when absent."""
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"{key!r} must be true or false, got {value!r}")
    return value


def read_optional_int(data: Mapping[str, Any], key: str) -> int | None:
    """Whole number under `key` (not a bool, float or string), None when absent or null."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key!r} must be a whole number, got {value!r}")
    return value


def read_decimal(value: object, key: str) -> Decimal | None:
    """Decimal from its string form (never a float, which would lose cents), or None."""
    if value is None:
        return None
    try:
        return Decimal(read_str(value, key))
    except InvalidOperation:
        raise ValueError(f"{key!r} {value!r} is not a decimal number") from None
