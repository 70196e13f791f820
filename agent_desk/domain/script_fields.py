"""Text-level helpers for talk-tracks: ``{{lead.name}}`` fields, links, blank lines."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

__all__ = [
    "FIELD",
    "FIELD_ROOTS",
    "field_names",
    "malformed_field_lines",
    "objection_links",
    "render",
    "trim_blank_lines",
]

# A dotted name of word characters, none starting with a digit; Unicode is allowed
# because imported lead columns (lead.extra.城市) keep the spreadsheet's headers.
FIELD = re.compile(r"\{\{\s*([^\W\d]\w*(?:\.[^\W\d]\w*)*)\s*\}\}")
FIELD_ROOTS = frozenset({"lead", "agent", "campaign"})
_LINK = re.compile(r"\[[^\]]*\]\(#([^)\s]+)\)")


def placeholder(name: str) -> str:
    """What a missing field renders as: visible, so the rep does not read out a gap."""
    return f"[{name}?]"


def render(template: str, fields: Mapping[str, str]) -> str:
    """Fill ``{{name}}`` fields from `fields`.

    A missing or blank value renders as ``[name?]``. Anything that is not a well-formed
    field (unbalanced or malformed braces) stays as written. Values are inserted as
    they are, in one pass, so a value containing ``{{...}}`` is not expanded again.
    Never raises.

    Args:
        template: Markdown text.
        fields: Dotted field name to value, e.g. ``{"lead.name": "王先生"}``.

    Returns:
        The text with fields filled in.
    """
    if not isinstance(template, str):
        return ""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = fields.get(name) if isinstance(fields, Mapping) else None
        if value is None:
            return placeholder(name)
        text = value if isinstance(value, str) else str(value)
        return text if text.strip() else placeholder(name)

    return FIELD.sub(fill, template)


def field_names(text: str) -> Iterator[str]:
    """Names of the well-formed fields in `text`, in order, repeats included."""
    for match in FIELD.finditer(text):
        yield match.group(1)


def malformed_field_lines(text: str) -> Iterator[int]:
    """1-based numbers of lines with ``{{`` or ``}}`` that is not part of a field."""
    for number, line in enumerate(text.splitlines(), start=1):
        rest = FIELD.sub("", line)
        if "{{" in rest or "}}" in rest:
            yield number


def objection_links(text: str) -> list[str]:
    """Targets (without ``#``) of in-script links such as ``[价格](#obj-price)``."""
    return _LINK.findall(text) if isinstance(text, str) else []


def trim_blank_lines(lines: list[str]) -> str:
    """Join lines, dropping blank lines at both ends."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])
