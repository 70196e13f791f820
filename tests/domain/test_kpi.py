"""KPI arithmetic: figures from attempts, progress against targets, durations."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_desk.domain.call_state import CallDirection
from agent_desk.domain.kpi import (
    AttemptFact,
    Figures,
    Progress,
    Target,
    compute,
    daily_share,
    expected_ratio_by,
    format_duration,
    format_satisfaction,
    on_pace,
    progress,
    working_days,
)
from agent_desk.domain.outcomes import STANDARD_OUTCOMES, IntentLevel, Outcome

T0 = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)
OUTCOMES = STANDARD_OUTCOMES


def fact(
    code: str | None,
    talk: int = 0,
    intent: IntentLevel | None = None,
    amount: str | None = None,
    training: bool = False,
    satisfaction: int | None = None,
) -> AttemptFact:
    return AttemptFact(
        T0,
        talk,
        None if code is None else OUTCOMES[code],
        intent,
        None if amount is None else Decimal(amount),
        training,
        satisfaction,
    )


SHIFT = [
    fact("no_answer"),
    fact("busy"),
    fact("voicemail", talk=20),
    fact("not_interested", talk=60, intent=IntentLevel.D),
    fact("callback", talk=120, intent=IntentLevel.B),
    fact("interested", talk=240, intent=IntentLevel.A),
    fact("sale", talk=600, intent=IntentLevel.A, amount="1299.50"),
    fact("sale", talk=300, intent=IntentLevel.A, amount="100.25"),
    fact("busy", amount="999"),  # amount on a non-sale: not summed
    fact(None),  # not wrapped up yet: still a dial
    fact("sale", talk=900, intent=IntentLevel.A, amount="5000", training=True),
]


def test_compute_shift() -> None:
    f = compute(SHIFT)
    assert f.dials == 10
    assert f.contacts == 5
    assert f.talk_seconds == 20 + 60 + 120 + 240 + 600 + 300
    assert dict(f.intents) == {
        IntentLevel.A: 3,
        IntentLevel.B: 1,
        IntentLevel.C: 0,
        IntentLevel.D: 1,
    }
    assert f.sales_count == 2
    assert f.sales_amount == Decimal("1399.75")
    assert f.callbacks_set == 2
    assert f.contact_rate == pytest.approx(0.5)
    assert f.interested == 4
    assert f.avg_talk_seconds == pytest.approx(1340 / 5)


def test_training_only_counts_nothing() -> None:
    assert compute([fact("sale", 10, IntentLevel.A, "5", training=True)]) == Figures.empty()


def test_zero_dials() -> None:
    f = compute([])
    assert f == Figures.empty()
    assert f.contact_rate == 0.0
    assert f.avg_talk_seconds == 0.0
    assert f.interested == 0
    assert f.sales_amount == Decimal(0)


def test_sale_without_amount_counts_sale_not_money() -> None:
    f = compute([fact("sale", 10, IntentLevel.A)])
    assert (f.sales_count, f.sales_amount) == (1, Decimal(0))


def test_negative_talk_seconds_are_clamped() -> None:
    assert compute([fact("busy", talk=-5)]).talk_seconds == 0


def test_custom_outcome_flags_drive_counting() -> None:
    sold_by_post = Outcome("post_sale", "Sold", "成交", contact=True, sale=True)
    f = compute([AttemptFact(T0, 5, sold_by_post, IntentLevel.A, Decimal("10"))])
    assert (f.contacts, f.sales_count, f.sales_amount) == (1, 1, Decimal("10"))


def test_figures_intents_are_normalised_and_read_only() -> None:
    a = Figures(1, 1, 1, {IntentLevel.A: 1}, 0, Decimal(0), 0)
    b = Figures(1, 1, 1, dict.fromkeys(IntentLevel, 0) | {IntentLevel.A: 1}, 0, Decimal(0), 0)
    assert a == b
    assert a.intents[IntentLevel.C] == 0
    with pytest.raises(TypeError):
        a.intents[IntentLevel.A] = 5  # type: ignore[index]
    assert hash(a) == hash(b)


def test_add_and_sum() -> None:
    first, second = compute(SHIFT[:5]), compute(SHIFT[5:])
    assert first + second == compute(SHIFT)
    assert sum([first, second]) == compute(SHIFT)
    assert Figures.empty() + first == first


facts = st.builds(
    AttemptFact,
    started_at=st.just(T0),
    talk_seconds=st.integers(0, 7200),
    outcome=st.none() | st.sampled_from(list(OUTCOMES)),
    intent=st.none() | st.sampled_from(IntentLevel),
    amount=st.none() | st.decimals(min_value=0, max_value=10**6, places=2),
    training=st.booleans(),
    satisfaction=st.none() | st.integers(-1, 7),
)


@settings(max_examples=100)
@given(st.lists(facts, max_size=30), st.lists(facts, max_size=30))
def test_compute_is_additive(a: list[AttemptFact], b: list[AttemptFact]) -> None:
    total = compute(a + b)
    assert compute(a) + compute(b) == total
    assert total.contacts <= total.dials
    assert 0.0 <= total.contact_rate <= 1.0
    assert total.sales_count <= total.contacts
    assert total.dials == sum(not f.training for f in a + b)
    assert total.rated <= total.contacts
    average = total.avg_satisfaction
    assert (average is None) == (total.rated == 0)
    if average is not None:
        assert 1 <= average <= 5


def test_satisfaction_counts_rated_contacts_only() -> None:
    f = compute(
        [
            fact("interested", 60, IntentLevel.A, satisfaction=5),
            fact("sale", 60, IntentLevel.A, "10", satisfaction=4),
            fact("not_interested", 60, IntentLevel.D, satisfaction=2),
            fact("callback", 60, IntentLevel.B),  # not rated: not a 0
            fact("busy", satisfaction=5),  # not a contact: nobody rated it
            fact("interested", 60, IntentLevel.A, satisfaction=9),  # off the scale
            fact("interested", 60, IntentLevel.A, training=True, satisfaction=1),
        ]
    )
    assert (f.rated, f.satisfaction_sum) == (3, 11)
    assert f.avg_satisfaction == pytest.approx(11 / 3)
    assert format_satisfaction(f) == "3.7"


def test_no_rating_reads_as_a_dash_never_zero() -> None:
    f = compute([fact("interested", 60, IntentLevel.A)])
    assert f.rated == 0 and f.avg_satisfaction is None
    assert format_satisfaction(f) == "—"
    assert format_satisfaction(Figures.empty()) == "—"


def test_satisfaction_adds_as_sum_and_count_not_as_averages() -> None:
    one = compute([fact("interested", 1, IntentLevel.A, satisfaction=5)])
    three = compute([fact("interested", 1, IntentLevel.A, satisfaction=s) for s in (1, 1, 1)])
    assert (one + three).avg_satisfaction == pytest.approx(2.0)  # not (5 + 1) / 2


# --- targets -------------------------------------------------------------------------------


def test_progress() -> None:
    f = compute(SHIFT)
    p = progress(f, Target(calls=20, contacts=5, sales_amount=Decimal("2000"), interested=0))
    assert set(p) == {"calls", "contacts", "sales_amount", "interested"}
    assert p["calls"] == Progress(10, 20)
    assert p["calls"].ratio == pytest.approx(0.5)
    assert p["calls"].percent == 50
    assert p["calls"].remaining == 10
    assert not p["calls"].met
    assert p["contacts"].met and p["contacts"].remaining == 0
    assert p["sales_amount"].actual == pytest.approx(1399.75)
    assert p["sales_amount"].percent == 69
    # A zero target means "no target": no ratio, trivially met.
    assert p["interested"].ratio is None
    assert p["interested"].percent == 0
    assert p["interested"].met


def test_progress_percent_rounds_down_and_exceeds_100() -> None:
    assert Progress(99.6, 100).percent == 99
    assert Progress(29, 100).percent == 29  # not 28 from float error
    assert Progress(250, 100).percent == 250
    assert Progress(250, 100).remaining == 0


def test_target_rejects_negative() -> None:
    with pytest.raises(ValueError, match="calls"):
        Target(-1, 0, Decimal(0), 0)
    with pytest.raises(ValueError, match="sales_amount"):
        Target(0, 0, Decimal("-1"), 0)


def test_expected_ratio_and_pace() -> None:
    assert expected_ratio_by(date(2026, 11, 15), 30) == pytest.approx(0.5)
    assert expected_ratio_by(date(2026, 11, 30), 30) == 1.0
    assert expected_ratio_by(date(2026, 10, 31), 30) == 1.0  # capped
    with pytest.raises(ValueError):
        expected_ratio_by(date(2026, 11, 1), 0)
    half = expected_ratio_by(date(2026, 11, 15), 30)
    assert on_pace(Progress(50, 100), half)
    assert not on_pace(Progress(49, 100), half)
    assert on_pace(Progress(0, 0), 0.9)  # no target


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "00:00"),
        (9, "00:09"),
        (309, "05:09"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3909, "1:05:09"),
        (36000 + 59, "10:00:59"),
        (-5, "00:00"),
    ],
)
def test_format_duration(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text


def test_daily_share_spreads_a_monthly_target_over_working_days_rounding_up() -> None:
    assert working_days(2026, 11) == 21  # November 2026: 21 weekdays
    share = daily_share(
        Target(calls=1000, contacts=300, sales_amount=Decimal("50000"), interested=70),
        date(2026, 11, 25),
    )
    assert share == Target(calls=48, contacts=15, sales_amount=Decimal(2381), interested=4)
    assert share.calls * 21 >= 1000  # meeting it every day meets the month


def test_an_inbound_call_is_not_a_dial_but_its_contact_is_a_contact() -> None:
    inbound = AttemptFact(T0, 90, OUTCOMES["sale"], IntentLevel.A, Decimal("50"),
                          direction=CallDirection.IN)  # fmt: skip
    unanswered = AttemptFact(T0, 0, None, None, None, direction=CallDirection.IN)
    f = compute([fact("no_answer"), inbound, unanswered])
    assert (f.dials, f.inbound, f.contacts, f.sales_count) == (1, 2, 1, 1)
    assert f.talk_seconds == 90 and f.sales_amount == Decimal("50")
    assert (f + f).inbound == 4 and sum([f, f]).dials == 2
    training = AttemptFact(T0, 5, None, None, None, training=True, direction=CallDirection.IN)
    assert compute([training]) == Figures.empty()


def test_the_direction_rule() -> None:
    assert CallDirection.OUT.is_dial and not CallDirection.IN.is_dial
    assert CallDirection.of(None) is CallDirection.OUT and CallDirection.of("in").is_dial is False
    with pytest.raises(ValueError):
        CallDirection.of("sideways")
