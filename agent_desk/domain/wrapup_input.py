"""Lenient parsing of what reps type into the wrap-up form: amounts and tags."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

__all__ = ["normalize_tags", "parse_amount"]

_CURRENCY_PREFIXES = ("¥", "rmb", "cny")
_CURRENCY_SUFFIXES = ("人民币", "元", "块", "圆", "rmb", "cny")
_AMOUNT = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# ASCII and full-width commas and semicolons, plus the Chinese enumeration comma 、.
_TAG_SEPARATORS = re.compile(r"[,，;；、]")


def parse_amount(text: str) -> Decimal:
    """Parse a sale amount as reps type it.

    Accepts thousands separators (``"1,299.50"``), full-width digits (``"１２９９"``), a
    currency mark before or after (``"¥1299"``, ``"1299元"``, ``"RMB 1299"``) and ``万``
    (ten thousand: ``"1.2万"`` is 12000). Range and precision are checked by `validate`,
    so ``"-5"`` and ``"1.005"`` parse.

    Raises:
        ValueError: With an English message when the text is not an amount.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("Amount is empty")
    # NFKC folds full-width digits, ￥ and ， into their ASCII forms.
    value = unicodedata.normalize("NFKC", text).strip().lower()
    for prefix in _CURRENCY_PREFIXES:
        if value.startswith(prefix):
            value = value[len(prefix) :].strip()
            break
    for suffix in _CURRENCY_SUFFIXES:
        if value.endswith(suffix):
            value = value[: -len(suffix)].strip()
            break
    scale = 1
    if value.endswith("万"):
        value, scale = value[:-1].strip(), 10_000
    if not _AMOUNT.fullmatch(value):
        raise ValueError(f"{text!r} is not an amount like 1,299.50")
    return Decimal(value.replace(",", "")) * scale


def normalize_tags(text_or_seq: str | Iterable[str]) -> tuple[str, ...]:
    """Split, trim and de-duplicate free tags.

    Splits on commas and semicolons (ASCII or full-width) and 、; drops empty tags;
    de-duplicates ignoring case and width (``VIP`` = ``vip`` = ``ＶＩＰ``), keeping the
    first spelling.

    Args:
        text_or_seq: One string as typed, or a sequence of tags (each may hold several).

    Returns:
        The tags in first-seen order.
    """
    parts = [text_or_seq] if isinstance(text_or_seq, str) else list(text_or_seq)
    seen: set[str] = set()
    result: list[str] = []
    for part in parts:
        if not isinstance(part, str):
            continue
        for tag in _TAG_SEPARATORS.split(part):
            tag = tag.strip()
            key = unicodedata.normalize("NFKC", tag).casefold()
            if tag and key not in seen:
                seen.add(key)
                result.append(tag)
    return tuple(result)
