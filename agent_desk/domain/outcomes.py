"""Call outcomes (what happened on the call) and intent levels (how interested the lead is).

Outcomes are configured per deployment; their flags drive the rest of the product: which
wrap-up fields are required, what counts as a contact or a sale in the figures, which
outcome puts a number on the do-not-call list or opens a complaint escalation.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "FLAGS",
    "STANDARD_OUTCOMES",
    "IntentLevel",
    "Outcome",
    "OutcomeError",
    "OutcomeSet",
]

FLAGS: tuple[str, ...] = ("contact", "sale", "callback", "dnc", "complaint", "final")
# Codes end up in the database and in config files, so keep them plain identifiers.
_CODE = re.compile(r"[a-z][a-z0-9_]{0,31}")
_CONFIG_KEYS = frozenset({"code", "en", "zh", "hotkey", "flags"})


class OutcomeError(ValueError):
    """An outcome or outcome set that cannot be used; the message names the culprit."""


class IntentLevel(enum.StrEnum):
    """How interested the lead is: A hot, B warm, C cold, D none."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"

    @property
    def interested(self) -> bool:
        """A and B leads are the ones to follow up (the 有意向 group)."""
        return self in (IntentLevel.A, IntentLevel.B)


@dataclass(frozen=True)
class Outcome:
    """One possible result of a call attempt.

    Attributes:
        code: Stable identifier stored with every wrap-up (``"no_answer"``).
        label_en: English label.
        label_zh: Chinese label.
        hotkey: Digit 1-9 that picks it in the wrap-up form, or None.
        contact: The rep spoke with someone (intent becomes mandatory).
        sale: A sale was made (amount becomes mandatory).
        callback: A follow-up call is scheduled (follow-up time becomes mandatory).
        dnc: The number goes on the do-not-call list.
        complaint: A complaint escalation is opened (summary becomes mandatory).
        final: The lead is closed and is not served again.
    """

    code: str
    label_en: str
    label_zh: str
    hotkey: int | None = None
    contact: bool = False
    sale: bool = False
    callback: bool = False
    dnc: bool = False
    complaint: bool = False
    final: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not _CODE.fullmatch(self.code):
            raise OutcomeError(
                f"outcome code {self.code!r} must be lower-case letters, digits and _"
                " (starting with a letter, at most 32)"
            )
        if not isinstance(self.label_en, str) or not self.label_en.strip():
            raise OutcomeError(f"outcome {self.code!r}: English label is empty")
        if not isinstance(self.label_zh, str):
            raise OutcomeError(f"outcome {self.code!r}: Chinese label must be text")
        hotkey = self.hotkey
        if hotkey is not None and (
            not isinstance(hotkey, int) or isinstance(hotkey, bool) or not 1 <= hotkey <= 9
        ):
            raise OutcomeError(f"outcome {self.code!r}: hotkey must be 1 to 9, got {hotkey!r}")
        # A sale or a complaint means someone was on the line; without this the figures
        # could show sales with no contacts.
        if (self.sale or self.complaint) and not self.contact:
            raise OutcomeError(f"outcome {self.code!r}: sale and complaint imply contact")

    @property
    def flags(self) -> tuple[str, ...]:
        """Names of the flags that are set, in `FLAGS` order."""
        return tuple(name for name in FLAGS if getattr(self, name))

    def label(self, lang: str) -> str:
        """Label for a UI language: Chinese for ``zh*`` (zh_CN, zh-TW), else English."""
        if lang.lower().startswith("zh") and self.label_zh.strip():
            return self.label_zh
        return self.label_en


def _outcome_from_config(index: int, entry: object) -> Outcome:
    where = f"outcome #{index + 1}"
    if not isinstance(entry, Mapping):
        raise OutcomeError(f"{where}: expected a table, got {entry!r}")
    where = f"{where} ({entry.get('code', '?')!r})"
    unknown = sorted(str(k) for k in entry if k not in _CONFIG_KEYS)
    if unknown:
        raise OutcomeError(f"{where}: unknown key(s) {', '.join(unknown)}")
    for key in ("code", "en"):
        if not isinstance(entry.get(key), str):
            raise OutcomeError(f"{where}: '{key}' is required text")
    flags = entry.get("flags", [])
    if not isinstance(flags, list | tuple) or not all(isinstance(f, str) for f in flags):
        raise OutcomeError(f"{where}: 'flags' must be a list of names from {', '.join(FLAGS)}")
    bad = [f for f in flags if f not in FLAGS]
    if bad:
        raise OutcomeError(f"{where}: unknown flag(s) {', '.join(bad)} (known: {', '.join(FLAGS)})")
    try:
        return Outcome(
            code=entry["code"],
            label_en=entry["en"],
            label_zh=entry.get("zh", ""),
            hotkey=entry.get("hotkey"),
            **{name: name in flags for name in FLAGS},
        )
    except OutcomeError as exc:
        raise OutcomeError(f"{where}: {exc}") from None


class OutcomeSet:
    """The outcomes a rep can pick from, in display order.

    Codes are unique, and so are hotkeys (1-9), so a key press picks exactly one.
    """

    def __init__(self, outcomes: Iterable[Outcome]) -> None:
        """Validate and keep the outcomes.

        Raises:
            OutcomeError: Empty set, duplicate code or duplicate hotkey.
        """
        self._items: tuple[Outcome, ...] = tuple(outcomes)
        if not self._items:
            raise OutcomeError("an outcome set needs at least one outcome")
        self._by_code: dict[str, Outcome] = {}
        self._by_hotkey: dict[int, Outcome] = {}
        for outcome in self._items:
            if not isinstance(outcome, Outcome):
                raise OutcomeError(f"not an Outcome: {outcome!r}")
            if outcome.code in self._by_code:
                raise OutcomeError(f"outcome code {outcome.code!r} is used twice")
            self._by_code[outcome.code] = outcome
            if outcome.hotkey is not None:
                other = self._by_hotkey.get(outcome.hotkey)
                if other is not None:
                    raise OutcomeError(
                        f"hotkey {outcome.hotkey} is used by both {other.code!r}"
                        f" and {outcome.code!r}"
                    )
                self._by_hotkey[outcome.hotkey] = outcome

    @classmethod
    def from_config(cls, entries: Sequence[Mapping[str, Any]]) -> OutcomeSet:
        """Build from configuration, e.g. TOML ``[[outcomes]]`` tables.

        Each entry: ``{code, en, zh, hotkey, flags = ["contact", "sale", ...]}``; ``zh``,
        ``hotkey`` and ``flags`` are optional.

        Raises:
            OutcomeError: Naming the entry (position and code) and the problem.
        """
        if not isinstance(entries, list | tuple):
            raise OutcomeError(f"outcomes: expected a list of tables, got {entries!r}")
        return cls(_outcome_from_config(i, e) for i, e in enumerate(entries))

    def to_config(self) -> list[dict[str, Any]]:
        """The configuration `from_config` reads back to an equal set."""
        result: list[dict[str, Any]] = []
        for outcome in self._items:
            entry: dict[str, Any] = {
                "code": outcome.code,
                "en": outcome.label_en,
                "zh": outcome.label_zh,
            }
            if outcome.hotkey is not None:  # TOML has no null
                entry["hotkey"] = outcome.hotkey
            entry["flags"] = list(outcome.flags)
            result.append(entry)
        return result

    def get(self, code: str | None) -> Outcome | None:
        """The outcome with this code, or None."""
        return self._by_code.get(code) if isinstance(code, str) else None

    def by_hotkey(self, key: int) -> Outcome | None:
        """The outcome picked by digit key `key`, or None."""
        return self._by_hotkey.get(key)

    def __getitem__(self, code: str) -> Outcome:
        return self._by_code[code]

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def __iter__(self) -> Iterator[Outcome]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OutcomeSet):
            return NotImplemented
        return self._items == other._items

    def __hash__(self) -> int:
        return hash(self._items)

    def __repr__(self) -> str:
        return f"OutcomeSet({[o.code for o in self._items]!r})"

    @property
    def codes(self) -> tuple[str, ...]:
        """All codes, in display order."""
        return tuple(o.code for o in self._items)


STANDARD_OUTCOMES = OutcomeSet(
    [
        Outcome("no_answer", "No answer", "未接听", hotkey=1),
        Outcome("busy", "Busy", "占线", hotkey=2),
        Outcome("voicemail", "Voicemail", "语音信箱", hotkey=3),
        Outcome("wrong_number", "Wrong number", "号码错误", hotkey=4),
        Outcome("not_interested", "Not interested", "无意向", hotkey=5, contact=True, final=True),
        Outcome("callback", "Call back later", "预约回电", hotkey=6, contact=True, callback=True),
        Outcome("interested", "Interested", "有意向", hotkey=7, contact=True, callback=True),
        Outcome("sale", "Sale", "成交", hotkey=8, contact=True, sale=True, final=True),
        Outcome(
            "dnc",
            "Refused / do not call",
            "拒绝，勿再拨打",
            hotkey=9,
            contact=True,
            dnc=True,
            final=True,
        ),
        # No hotkey: complaints are rare, and the nine digits go to everyday outcomes.
        Outcome("complaint", "Complaint", "投诉", contact=True, complaint=True, final=True),
    ]
)
