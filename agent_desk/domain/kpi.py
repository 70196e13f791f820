"""Figures for the end-of-shift summary and the team view: dials, contacts, sales, targets.

Pure arithmetic over attempt facts, so a desk's summary and the team view computed from
the shared database agree to the cent. Training calls never count.
"""

from __future__ import annotations

import calendar
import dataclasses
import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType

from agent_desk.domain.call_state import CallDirection
from agent_desk.domain.outcomes import IntentLevel, Outcome

# Customer satisfaction (客户满意度): the customer's own rating of a call, when they give one.
SATISFACTION_MIN = 1
SATISFACTION_MAX = 5

__all__ = [
    "AttemptFact",
    "Figures",
    "Progress",
    "Target",
    "compute",
    "daily_share",
    "expected_ratio_by",
    "format_duration",
    "format_satisfaction",
    "is_rating",
    "on_pace",
    "progress",
    "working_days",
]


@dataclasses.dataclass(frozen=True)
class AttemptFact:
    """What the figures need to know about one call attempt.

    Attributes:
        started_at: When the attempt was dialled.
        talk_seconds: Seconds connected (0 when never answered).
        outcome: The wrap-up outcome, or None when not wrapped up (yet).
        intent: The intent recorded on the wrap-up, if any.
        amount: The sale amount recorded on the wrap-up, if any.
        training: A training call on the simulated line; never counted.
        satisfaction: The customer's rating (1-5) on the wrap-up, if they gave one;
            counted only on a contact.
        direction: Who placed the call; an inbound call is not a dial
            (``CallDirection``).
    """

    started_at: datetime
    talk_seconds: int
    outcome: Outcome | None
    intent: IntentLevel | None
    amount: Decimal | None
    training: bool = False
    satisfaction: int | None = None
    direction: CallDirection = CallDirection.OUT


def _intent_counts(counts: Mapping[IntentLevel, int]) -> Mapping[IntentLevel, int]:
    return MappingProxyType({level: int(counts.get(level, 0)) for level in IntentLevel})


@dataclasses.dataclass(frozen=True)
class Figures:
    """Totals over a set of attempts (a shift, a day, a month).

    ``intents`` always has all four levels, so figures built from ``{A: 1}`` and from
    ``{A: 1, B: 0, C: 0, D: 0}`` compare equal. Satisfaction is kept as the number of
    rated contacts and the sum of their ratings, so figures add up exactly and the average
    is taken last (`avg_satisfaction`). ``dials`` are outbound calls only; ``inbound``
    counts the calls customers made to the desk (their wrap-ups count like any other).
    """

    dials: int
    contacts: int
    talk_seconds: int
    intents: Mapping[IntentLevel, int] = dataclasses.field(hash=False)
    sales_count: int
    sales_amount: Decimal
    callbacks_set: int
    rated: int = 0
    satisfaction_sum: int = 0
    inbound: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "intents", _intent_counts(self.intents))

    @classmethod
    def empty(cls) -> Figures:
        """All zeros; the neutral element of ``+``."""
        return cls(0, 0, 0, {}, 0, Decimal(0), 0)

    @property
    def contact_rate(self) -> float:
        """Contacts per dial, 0.0 when nothing was dialled."""
        return self.contacts / self.dials if self.dials else 0.0

    @property
    def interested(self) -> int:
        """Leads tagged A or B: the ones to follow up."""
        return sum(n for level, n in self.intents.items() if level.interested)

    @property
    def avg_talk_seconds(self) -> float:
        """Talk time per contact (non-contacts talk little or not at all), 0.0 if none."""
        return self.talk_seconds / self.contacts if self.contacts else 0.0

    @property
    def avg_satisfaction(self) -> float | None:
        """Average rating of the rated contacts; None when none was rated (never 0)."""
        return self.satisfaction_sum / self.rated if self.rated else None

    def __add__(self, other: Figures) -> Figures:
        if not isinstance(other, Figures):
            return NotImplemented
        return Figures(
            dials=self.dials + other.dials,
            contacts=self.contacts + other.contacts,
            talk_seconds=self.talk_seconds + other.talk_seconds,
            intents={k: self.intents[k] + other.intents[k] for k in IntentLevel},
            sales_count=self.sales_count + other.sales_count,
            sales_amount=self.sales_amount + other.sales_amount,
            callbacks_set=self.callbacks_set + other.callbacks_set,
            rated=self.rated + other.rated,
            satisfaction_sum=self.satisfaction_sum + other.satisfaction_sum,
            inbound=self.inbound + other.inbound,
        )

    def __radd__(self, other: object) -> Figures:
        # Lets sum(figures_list) work without a start value.
        if other == 0:
            return self
        return NotImplemented


def compute(facts: Iterable[AttemptFact]) -> Figures:
    """Totals over attempts; training attempts are left out.

    An outbound call is a dial, an inbound one counts in ``inbound`` instead (the rule:
    ``CallDirection``); talk time counts for both. A contact is an outcome flagged
    ``contact``; sales and their amounts count only for outcomes flagged ``sale``;
    callbacks count outcomes flagged ``callback``. Intents count as recorded. A
    satisfaction rating counts only on a contact (an out-of-scale value is not a rating
    and is left out).
    """
    dials = inbound = contacts = talk = sales = callbacks = rated = rating_sum = 0
    amount = Decimal(0)
    intents = dict.fromkeys(IntentLevel, 0)
    for fact in facts:
        if fact.training:
            continue
        if fact.direction.is_dial:
            dials += 1
        else:
            inbound += 1
        talk += max(fact.talk_seconds, 0)
        if fact.intent is not None:
            intents[IntentLevel(fact.intent)] += 1
        outcome = fact.outcome
        if outcome is None:
            continue
        contacts += outcome.contact
        callbacks += outcome.callback
        if outcome.contact and is_rating(fact.satisfaction):
            rated += 1
            rating_sum += int(fact.satisfaction or 0)
        if outcome.sale:
            sales += 1
            amount += fact.amount if fact.amount is not None else Decimal(0)
    return Figures(
        dials, contacts, talk, intents, sales, amount, callbacks, rated, rating_sum, inbound
    )


def is_rating(value: object) -> bool:
    """A customer-satisfaction rating on the 1-5 scale (the wrap-up's)."""
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and SATISFACTION_MIN <= value <= SATISFACTION_MAX
    )


def format_satisfaction(figures: Figures) -> str:
    """``"4.3"`` (one decimal), or ``"—"`` when no contact was rated: never a 0."""
    average = figures.avg_satisfaction
    return "—" if average is None else f"{average:.1f}"


@dataclasses.dataclass(frozen=True)
class Target:
    """A rep's target for a period, set by the supervisor. Zero means no target."""

    calls: int
    contacts: int
    sales_amount: Decimal
    interested: int

    def __post_init__(self) -> None:
        for name in ("calls", "contacts", "sales_amount", "interested"):
            if getattr(self, name) < 0:
                raise ValueError(f"target {name} cannot be negative")


@dataclasses.dataclass(frozen=True)
class Progress:
    """Actual against target for one figure."""

    actual: float
    target: float

    @property
    def ratio(self) -> float | None:
        """actual / target, or None when there is no target (0)."""
        return self.actual / self.target if self.target else None

    @property
    def percent(self) -> int:
        """Whole percent reached, rounded down so 99.6% does not read as done; 0 if no target."""
        ratio = self.ratio
        return 0 if ratio is None else math.floor(ratio * 100 + 1e-9)

    @property
    def remaining(self) -> float:
        """How much is still missing (never negative)."""
        return max(self.target - self.actual, 0.0)

    @property
    def met(self) -> bool:
        """Target reached; trivially True when there is no target."""
        return self.actual >= self.target


def progress(figures: Figures, target: Target) -> dict[str, Progress]:
    """Progress per target figure: keys calls, contacts, sales_amount, interested."""
    return {
        "calls": Progress(figures.dials, target.calls),
        "contacts": Progress(figures.contacts, target.contacts),
        "sales_amount": Progress(float(figures.sales_amount), float(target.sales_amount)),
        "interested": Progress(figures.interested, target.interested),
    }


def working_days(year: int, month: int) -> int:
    """Monday-to-Friday days in a month: the days a monthly target is spread over."""
    days = calendar.monthrange(year, month)[1]
    return sum(1 for day in range(1, days + 1) if calendar.weekday(year, month, day) < 5)


def daily_share(target: Target, day: date) -> Target:
    """A day's share of its month's target, rounded up so meeting it daily meets the month.

    The desk's status bar and the team view's board both use this one rule.
    """
    days = working_days(day.year, day.month)
    return Target(
        calls=-(-target.calls // days),
        contacts=-(-target.contacts // days),
        sales_amount=(target.sales_amount / days).quantize(Decimal(1), rounding="ROUND_CEILING"),
        interested=-(-target.interested // days),
    )


def expected_ratio_by(day: date, month_days: int) -> float:
    """Share of the month elapsed at the end of `day`, for "on pace" colouring.

    Args:
        day: A day of the month.
        month_days: Days in the month (or the plan's length in days).

    Raises:
        ValueError: `month_days` is not positive.
    """
    if month_days <= 0:
        raise ValueError(f"month_days must be positive, got {month_days}")
    return min(day.day / month_days, 1.0)


def on_pace(progress: Progress, elapsed_share: float) -> bool:
    """True when progress keeps up with the share of the period elapsed.

    No target counts as on pace.
    """
    ratio = progress.ratio
    return ratio is None or ratio + 1e-9 >= elapsed_share


def format_duration(seconds: int) -> str:
    """``"05:09"`` under an hour, ``"1:05:09"`` from an hour; negatives show as 00:00."""
    total = max(int(seconds), 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"
