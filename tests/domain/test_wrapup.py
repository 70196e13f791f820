"""Wrap-up form: validation rules, cleaning, amounts, tags and draft persistence."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_desk.domain.calling_windows import BlockReason, CallingPolicy, PolicyError
from agent_desk.domain.outcomes import STANDARD_OUTCOMES, IntentLevel
from agent_desk.domain.wrapup import (
    FIELDS,
    FieldError,
    FieldErrorCode,
    WrapupDraft,
    clean,
    normalize_tags,
    parse_amount,
    validate,
)

NOW = datetime(2026, 11, 3, 6, 0, tzinfo=UTC)  # Tuesday 14:00 in Shanghai
SHANGHAI = "Asia/Shanghai"
POLICY = CallingPolicy.from_config(
    {"windows": {"weekdays": ["09:00-12:00", "14:00-20:30"]}, "holidays": ["2026-11-05"]}
)
Code = FieldErrorCode


def draft(**changes: object) -> WrapupDraft:
    base = WrapupDraft(
        contact_time=NOW - timedelta(minutes=2), person="王先生", outcome_code="busy"
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def errors(d: WrapupDraft, tz: str = SHANGHAI, now: datetime = NOW) -> list[tuple[str, Code]]:
    found = validate(d, outcomes=STANDARD_OUTCOMES, policy=POLICY, lead_tz=tz, now=now)
    return [(e.field, e.code) for e in found]


def shanghai(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(SHANGHAI))


# --- always required ----------------------------------------------------------------


def test_minimal_valid_non_contact() -> None:
    assert errors(draft(person="no one", outcome_code="no_answer")) == []


def test_empty_draft_reports_the_three_always_required_fields_in_order() -> None:
    assert errors(WrapupDraft()) == [
        ("contact_time", Code.REQUIRED),
        ("person", Code.REQUIRED),
        ("outcome", Code.REQUIRED),
    ]


def test_blank_person_and_outcome() -> None:
    assert errors(draft(person="   ", outcome_code="  ")) == [
        ("person", Code.REQUIRED),
        ("outcome", Code.REQUIRED),
    ]


def test_unknown_outcome() -> None:
    found = validate(
        draft(outcome_code="sold"),
        outcomes=STANDARD_OUTCOMES,
        policy=POLICY,
        lead_tz=SHANGHAI,
        now=NOW,
    )
    assert [(e.field, e.code) for e in found] == [("outcome", Code.UNKNOWN_OUTCOME)]
    assert found[0].params["code"] == "sold"
    assert found[0].message == "Outcome: unknown outcome 'sold'"


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (timedelta(minutes=5), []),
        (timedelta(minutes=5, seconds=1), [("contact_time", Code.IN_FUTURE)]),
        (timedelta(0), []),
        (-timedelta(days=7), []),
        (-timedelta(days=7, seconds=1), [("contact_time", Code.TOO_OLD)]),
    ],
)
def test_contact_time_bounds(offset: timedelta, expected: list[tuple[str, Code]]) -> None:
    assert errors(draft(contact_time=NOW + offset)) == expected


def test_contact_time_in_another_zone_compares_by_instant() -> None:
    local = (NOW + timedelta(minutes=3)).astimezone(ZoneInfo(SHANGHAI))
    assert errors(draft(contact_time=local)) == []


def test_lengths() -> None:
    assert errors(draft(person="x" * 100, note="n" * 4000)) == []
    assert errors(draft(person="x" * 101, note="n" * 4001)) == [
        ("person", Code.TOO_LONG),
        ("note", Code.TOO_LONG),
    ]


def test_tags_limits() -> None:
    assert errors(draft(tags=tuple(f"t{i}" for i in range(10)))) == []
    # Duplicates (ignoring case) do not count towards the limit.
    assert errors(draft(tags=(*(f"t{i}" for i in range(10)), "T1", "t2"))) == []
    assert errors(draft(tags=tuple(f"t{i}" for i in range(11)))) == [("tags", Code.TOO_MANY)]
    long_tag = "x" * 33
    found = validate(
        draft(tags=("ok", long_tag)),
        outcomes=STANDARD_OUTCOMES,
        policy=POLICY,
        lead_tz=SHANGHAI,
        now=NOW,
    )
    assert [(e.field, e.code) for e in found] == [("tags", Code.TOO_LONG)]
    assert found[0].params["tag"] == long_tag
    assert "longer than 32" in found[0].message


# --- outcome-dependent fields --------------------------------------------------------


def test_contact_needs_intent() -> None:
    assert errors(draft(outcome_code="not_interested")) == [("intent", Code.REQUIRED)]
    assert errors(draft(outcome_code="not_interested", intent=IntentLevel.D)) == []
    # Not a contact: no intent needed.
    assert errors(draft(outcome_code="voicemail")) == []


def test_satisfaction_is_optional_and_on_the_scale_for_a_contact() -> None:
    contact = {"outcome_code": "not_interested", "intent": IntentLevel.D}
    assert errors(draft(**contact)) == []  # never required: the customer may not say
    for rating in (1, 3, 5):
        assert errors(draft(**contact, satisfaction=rating)) == []
    for rating in (0, 6, -1, True):
        assert errors(draft(**contact, satisfaction=rating)) == [
            ("satisfaction", Code.OUT_OF_RANGE)
        ]
    # A non-contact has nobody to rate the call: not checked, and `clean` drops it.
    assert errors(draft(outcome_code="busy", satisfaction=9)) == []


def test_satisfaction_error_message_names_the_scale() -> None:
    d = draft(outcome_code="not_interested", intent=IntentLevel.D, satisfaction=7)
    (found,) = validate(d, outcomes=STANDARD_OUTCOMES, policy=POLICY, lead_tz=SHANGHAI, now=NOW)
    assert found.message == "Customer satisfaction: must be a whole number from 1 to 5 (got 7)"
    assert dict(found.params) == {"min": 1, "max": 5, "value": 7}


def test_callback_needs_followup_in_future_inside_window() -> None:
    base = {"outcome_code": "callback", "intent": IntentLevel.B}
    assert errors(draft(**base)) == [("followup", Code.REQUIRED)]
    assert errors(draft(**base, followup_at=NOW)) == [("followup", Code.NOT_IN_FUTURE)]
    assert errors(draft(**base, followup_at=NOW - timedelta(hours=1))) == [
        ("followup", Code.NOT_IN_FUTURE)
    ]
    assert errors(draft(**base, followup_at=shanghai(2026, 11, 4, 10, 0))) == []
    assert errors(draft(**base, followup_at=shanghai(2026, 11, 4, 12, 0))) == [
        ("followup", Code.OUTSIDE_WINDOW)
    ]


def test_followup_outside_window_reports_next_opening() -> None:
    d = draft(
        outcome_code="interested", intent=IntentLevel.A, followup_at=shanghai(2026, 11, 4, 21, 0)
    )
    (error,) = validate(d, outcomes=STANDARD_OUTCOMES, policy=POLICY, lead_tz=SHANGHAI, now=NOW)
    assert error.field == "followup" and error.code is Code.OUTSIDE_WINDOW
    assert error.params["reason"] is BlockReason.AFTER_CLOSING
    # Thursday 2026-11-05 is a holiday: next opening is Friday 09:00 customer time.
    assert error.params["next_allowed"] == shanghai(2026, 11, 6, 9, 0)
    assert error.params["next_allowed"].tzinfo is UTC
    assert error.message == (
        "Follow-up time: must be inside the customer's calling window"
        " (next opens Fri 2026-11-06 09:00 customer time)"
    )


def test_followup_window_is_the_customers() -> None:
    # 10:00 Wednesday in Shanghai is 21:00 Tuesday in New York.
    d = draft(
        outcome_code="callback", intent=IntentLevel.B, followup_at=shanghai(2026, 11, 4, 10, 0)
    )
    assert errors(d, tz=SHANGHAI) == []
    assert errors(d, tz="America/New_York") == [("followup", Code.OUTSIDE_WINDOW)]


def test_followup_with_policy_that_never_allows() -> None:
    never = CallingPolicy.from_config({"windows": {}})
    d = draft(outcome_code="callback", intent=IntentLevel.B, followup_at=NOW + timedelta(days=1))
    (error,) = validate(d, outcomes=STANDARD_OUTCOMES, policy=never, lead_tz=SHANGHAI, now=NOW)
    assert error.code is Code.OUTSIDE_WINDOW
    assert error.params["next_allowed"] is None
    assert "no calling time ahead" in error.message


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1299.50"), []),
        (Decimal("0.01"), []),
        (Decimal("1.500"), []),  # trailing zero is not extra precision
        (Decimal("10000000"), []),
        (None, [("amount", Code.REQUIRED)]),
        (Decimal(0), [("amount", Code.NOT_POSITIVE)]),
        (Decimal("-5"), [("amount", Code.NOT_POSITIVE)]),
        (Decimal("NaN"), [("amount", Code.NOT_POSITIVE)]),
        (Decimal("-Infinity"), [("amount", Code.NOT_POSITIVE)]),
        (Decimal("Infinity"), [("amount", Code.TOO_LARGE)]),
        (Decimal("10000000.01"), [("amount", Code.TOO_LARGE)]),
        (Decimal("1.005"), [("amount", Code.TOO_PRECISE)]),
    ],
)
def test_sale_amount(amount: Decimal | None, expected: list[tuple[str, Code]]) -> None:
    assert errors(draft(outcome_code="sale", intent=IntentLevel.A, amount=amount)) == expected


def test_amount_on_non_sale_is_ignored() -> None:
    assert errors(draft(amount=Decimal("-1"))) == []


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("", [("complaint_summary", Code.REQUIRED)]),
        ("   ", [("complaint_summary", Code.REQUIRED)]),
        ("太差了", [("complaint_summary", Code.TOO_SHORT)]),
        ("a b c d    ", [("complaint_summary", Code.TOO_SHORT)]),
        ("态度很差了", []),
        ("rude!", []),
        ("x" * 2000, []),
        ("x" * 2001, [("complaint_summary", Code.TOO_LONG)]),
    ],
)
def test_complaint_summary(summary: str, expected: list[tuple[str, Code]]) -> None:
    d = draft(outcome_code="complaint", intent=IntentLevel.D, complaint_summary=summary)
    assert errors(d) == expected


def test_all_errors_in_form_order() -> None:
    d = WrapupDraft(
        contact_time=NOW + timedelta(hours=1),
        person="",
        outcome_code="sale",
        intent=None,
        tags=tuple(str(i) for i in range(12)),
        note="n" * 5000,
        followup_at=NOW - timedelta(days=1),  # ignored: sale is not a callback
        amount=Decimal("0"),
    )
    assert errors(d) == [
        ("contact_time", Code.IN_FUTURE),
        ("person", Code.REQUIRED),
        ("intent", Code.REQUIRED),
        ("tags", Code.TOO_MANY),
        ("note", Code.TOO_LONG),
        ("amount", Code.NOT_POSITIVE),
    ]


def test_validate_rejects_naive_times_and_bad_zone() -> None:
    with pytest.raises(ValueError):
        errors(draft(), now=datetime(2026, 11, 3, 6, 0))
    with pytest.raises(ValueError):
        errors(draft(contact_time=datetime(2026, 11, 3, 6, 0)))
    d = draft(outcome_code="callback", intent=IntentLevel.B, followup_at=NOW + timedelta(days=1))
    with pytest.raises(PolicyError):
        errors(d, tz="Nowhere/Special")


# --- messages --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (FieldError("person", Code.REQUIRED, {}), "Person spoken to: required"),
        (
            FieldError("contact_time", Code.IN_FUTURE, {"latest": NOW}),
            "Contact time: is in the future (latest 2026-11-03 06:00 UTC)",
        ),
        (
            FieldError("contact_time", Code.TOO_OLD, {"earliest": NOW}),
            "Contact time: is more than 7 days ago (earliest 2026-11-03 06:00 UTC)",
        ),
        (FieldError("followup", Code.NOT_IN_FUTURE, {}), "Follow-up time: must be in the future"),
        (FieldError("amount", Code.NOT_POSITIVE, {}), "Amount: must be more than 0"),
        (FieldError("amount", Code.TOO_LARGE, {"max": 10}), "Amount: must be at most 10"),
        (FieldError("amount", Code.TOO_PRECISE, {"places": 2}), "Amount: at most 2 decimal places"),
        (
            FieldError("note", Code.TOO_LONG, {"max": 4000, "length": 4001}),
            "Note: at most 4000 characters (has 4001)",
        ),
        (FieldError("tags", Code.TOO_MANY, {"max": 10, "count": 11}), "Tags: at most 10 (has 11)"),
        (
            FieldError("complaint_summary", Code.TOO_SHORT, {"min": 5}),
            "Complaint summary: too short: at least 5 characters besides spaces",
        ),
        (FieldError("intent", Code.REQUIRED), "Intent: required"),
    ],
)
def test_messages(error: FieldError, message: str) -> None:
    assert error.message == message


def test_field_error_params_are_read_only() -> None:
    params = {"max": 1}
    error = FieldError("note", Code.TOO_LONG, params)
    params["max"] = 2
    assert error.params["max"] == 1
    with pytest.raises(TypeError):
        error.params["max"] = 3  # type: ignore[index]
    assert hash(error) == hash(FieldError("note", Code.TOO_LONG, {"max": 1}))


# --- clean --------------------------------------------------------------------------------


def full_draft(outcome_code: str) -> WrapupDraft:
    return WrapupDraft(
        contact_time=NOW,
        person="  王先生 ",
        outcome_code=outcome_code,
        intent=IntentLevel.A,
        tags=("vip", "VIP", " 老客户 "),
        note="note",
        followup_at=NOW + timedelta(days=1),
        callback_for_team=True,
        amount=Decimal("99"),
        complaint_summary=" rude agent ",
        opening_done=True,
        satisfaction=4,
    )


def test_clean_keeps_only_what_the_outcome_uses() -> None:
    busy = clean(full_draft("busy"), STANDARD_OUTCOMES)
    assert (busy.intent, busy.followup_at, busy.amount, busy.complaint_summary) == (
        None,
        None,
        None,
        "",
    )
    assert busy.callback_for_team is False
    assert busy.person == "王先生" and busy.tags == ("vip", "老客户")
    assert busy.note == "note" and busy.opening_done and busy.contact_time == NOW

    callback = clean(full_draft("callback"), STANDARD_OUTCOMES)
    assert callback.intent is IntentLevel.A and callback.followup_at == NOW + timedelta(days=1)
    assert callback.callback_for_team and callback.amount is None

    sale = clean(full_draft("sale"), STANDARD_OUTCOMES)
    assert sale.amount == Decimal("99") and sale.followup_at is None

    complaint = clean(full_draft("complaint"), STANDARD_OUTCOMES)
    assert complaint.complaint_summary == "rude agent" and complaint.amount is None

    unknown = clean(full_draft("nope"), STANDARD_OUTCOMES)
    assert unknown.intent is None and unknown.amount is None

    # Satisfaction is the customer's rating of a conversation: only contacts keep it.
    assert busy.satisfaction is None and unknown.satisfaction is None
    assert callback.satisfaction == 4 and sale.satisfaction == 4


def test_clean_does_not_modify_input() -> None:
    original = full_draft("busy")
    clean(original, STANDARD_OUTCOMES)
    assert original == full_draft("busy")


# --- amounts and tags ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1299", "1299"),
        ("1,299.50", "1299.50"),
        ("12,345,678.9", "12345678.9"),
        ("１２９９", "1299"),
        ("１，２９９．５０", "1299.50"),
        ("¥1299", "1299"),
        ("￥1,299", "1299"),
        ("¥ 1299.00", "1299.00"),
        ("1299元", "1299"),
        ("1299 元", "1299"),
        ("RMB 1299", "1299"),
        ("1299 CNY", "1299"),
        ("1.2万", "12000"),
        ("3万元", "30000"),
        ("  0.5 ", "0.5"),
        ("-5", "-5"),
    ],
)
def test_parse_amount(text: str, value: str) -> None:
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "abc",
        "1,29",
        "12,34.5",
        "1.2.3",
        "1e5",
        "NaN",
        "Infinity",
        "¥",
        "元",
        "1 299",
        "$5",
    ],
)
def test_parse_amount_rejects(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_amount(text)
    assert "Amount is empty" in str(caught.value) or "not an amount" in str(caught.value)


@settings(max_examples=200)
@given(st.text())
def test_parse_amount_raises_only_value_error(text: str) -> None:
    try:
        result = parse_amount(text)
    except ValueError:
        return
    assert result.is_finite()


@pytest.mark.parametrize(
    ("given_", "expected"),
    [
        ("vip, 老客户，recall; x；y、z", ("vip", "老客户", "recall", "x", "y", "z")),
        ("VIP, vip, Vip", ("VIP",)),
        ("ＶＩＰ, vip", ("ＶＩＰ",)),
        (" , ,, ", ()),
        ("", ()),
        (["a, b", "B", " c "], ("a", "b", "c")),
        (("x",), ("x",)),
    ],
)
def test_normalize_tags(given_: str | list[str], expected: tuple[str, ...]) -> None:
    assert normalize_tags(given_) == expected


@settings(max_examples=100)
@given(st.one_of(st.text(), st.lists(st.text())))
def test_normalize_tags_properties(value: str | list[str]) -> None:
    tags = normalize_tags(value)
    assert all(t and t == t.strip() for t in tags)
    assert len({t.casefold() for t in tags}) == len(tags)
    assert normalize_tags(tags) == tags


# --- draft persistence ---------------------------------------------------------------------

# Fixed offsets, as drafts carry (UTC from the call clock, or the desk's offset). Zone
# objects are left out: a local time inside a DST gap never compares equal across zones.
aware = st.datetimes(
    timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-3, minutes=-30))]
    )
)
drafts = st.builds(
    WrapupDraft,
    contact_time=st.none() | aware,
    person=st.text(),
    outcome_code=st.none() | st.text(),
    intent=st.none() | st.sampled_from(IntentLevel),
    tags=st.lists(st.text()).map(tuple),
    note=st.text(),
    followup_at=st.none() | aware | st.datetimes(),
    callback_for_team=st.booleans(),
    amount=st.none() | st.decimals(allow_nan=False),
    complaint_summary=st.text(),
    opening_done=st.booleans(),
    satisfaction=st.none() | st.integers(-10, 10),
)


@settings(max_examples=150)
@given(drafts)
def test_json_round_trip(d: WrapupDraft) -> None:
    data = json.loads(json.dumps(d.to_json_dict()))
    restored = WrapupDraft.from_json_dict(data)
    assert restored == d
    # Same instant and same offset, not just equal instants.
    for before, after in (
        (d.contact_time, restored.contact_time),
        (d.followup_at, restored.followup_at),
    ):
        assert (before is None) == (after is None)
        if before is not None and after is not None:
            assert before.utcoffset() == after.utcoffset()
    if d.amount is not None:
        assert str(restored.amount) == str(d.amount)


def test_json_shape() -> None:
    data = full_draft("sale").to_json_dict()
    assert data["amount"] == "99"
    assert data["contact_time"] == "2026-11-03T06:00:00+00:00"
    assert data["intent"] == "A"
    assert data["tags"] == ["vip", "VIP", " 老客户 "]
    assert data["satisfaction"] == 4
    # Drafts saved before the field existed restore without a rating.
    del data["satisfaction"]
    assert WrapupDraft.from_json_dict(data).satisfaction is None


def test_from_json_defaults_missing_keys() -> None:
    assert WrapupDraft.from_json_dict({}) == WrapupDraft()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"amount": 12.5}, "'amount'"),
        ({"amount": "lots"}, "'amount'"),
        ({"contact_time": "yesterday"}, "'contact_time'"),
        ({"followup_at": 5}, "'followup_at'"),
        ({"intent": "E"}, "'intent'"),
        ({"tags": "a,b"}, "'tags'"),
        ({"tags": [1]}, "'tags'"),
        ({"person": None}, "'person'"),
        ({"opening_done": "yes"}, "'opening_done'"),
        ({"outcome_code": 3}, "'outcome_code'"),
        ({"satisfaction": "5"}, "'satisfaction'"),
        ({"satisfaction": 4.5}, "'satisfaction'"),
        ({"satisfaction": True}, "'satisfaction'"),
    ],
)
def test_from_json_rejects(data: dict[str, object], fragment: str) -> None:
    with pytest.raises(ValueError) as caught:
        WrapupDraft.from_json_dict(data)
    assert str(caught.value).startswith("wrap-up draft:")
    assert fragment in str(caught.value)


def test_from_json_rejects_non_mapping() -> None:
    with pytest.raises(ValueError):
        WrapupDraft.from_json_dict([])  # type: ignore[arg-type]


# --- properties ------------------------------------------------------------------------------

utc_near_now = st.datetimes(
    min_value=datetime(2026, 10, 20), max_value=datetime(2026, 11, 20), timezones=st.just(UTC)
)
valid_drafts = st.builds(
    WrapupDraft,
    contact_time=st.none() | utc_near_now,
    person=st.text(max_size=120),
    outcome_code=st.none() | st.sampled_from([*STANDARD_OUTCOMES.codes, "bogus", ""]),
    intent=st.none() | st.sampled_from(IntentLevel),
    tags=st.lists(st.text(max_size=40), max_size=14).map(tuple),
    note=st.text(max_size=50),
    followup_at=st.none() | utc_near_now,
    callback_for_team=st.booleans(),
    amount=st.none() | st.decimals(allow_nan=True, places=None),
    complaint_summary=st.text(max_size=20),
    opening_done=st.booleans(),
    satisfaction=st.none() | st.integers(-2, 8),
)


@settings(max_examples=200, deadline=None)
@given(valid_drafts)
def test_validate_reports_known_fields_in_form_order(d: WrapupDraft) -> None:
    found = validate(d, outcomes=STANDARD_OUTCOMES, policy=POLICY, lead_tz=SHANGHAI, now=NOW)
    order = [FIELDS.index(e.field) for e in found]
    assert order == sorted(order)
    assert all(e.message.split(":")[0] for e in found)
    if not found:
        # A saveable draft stays saveable once cleaned, and has what the rules demand.
        cleaned = clean(d, STANDARD_OUTCOMES)
        assert (
            validate(cleaned, outcomes=STANDARD_OUTCOMES, policy=POLICY, lead_tz=SHANGHAI, now=NOW)
            == []
        )
        outcome = STANDARD_OUTCOMES[cleaned.outcome_code or ""]
        assert cleaned.person and cleaned.contact_time is not None
        assert (cleaned.intent is not None) == outcome.contact
        assert (cleaned.followup_at is not None) == outcome.callback
        assert (cleaned.amount is not None) == outcome.sale
        # Never required; kept only on a contact, and then on the 1-5 scale.
        if cleaned.satisfaction is not None:
            assert outcome.contact and 1 <= cleaned.satisfaction <= 5
