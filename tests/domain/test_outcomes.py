"""Outcomes, outcome sets and intent levels."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_desk.domain.outcomes import (
    FLAGS,
    STANDARD_OUTCOMES,
    IntentLevel,
    Outcome,
    OutcomeError,
    OutcomeSet,
)


def test_intent_levels() -> None:
    assert [level.value for level in IntentLevel] == ["A", "B", "C", "D"]
    assert IntentLevel.A.interested and IntentLevel.B.interested
    assert not IntentLevel.C.interested and not IntentLevel.D.interested
    assert IntentLevel("A") is IntentLevel.A
    assert f"{IntentLevel.B}" == "B"


def test_outcome_labels() -> None:
    sale = STANDARD_OUTCOMES["sale"]
    assert sale.label("zh") == "成交"
    assert sale.label("zh_CN") == "成交"
    assert sale.label("zh-TW") == "成交"
    assert sale.label("en") == "Sale"
    assert sale.label("fr") == "Sale"
    assert Outcome("x", "Only English", "").label("zh") == "Only English"


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"code": ""}, "code"),
        ({"code": "No Answer"}, "code"),
        ({"code": "1st"}, "code"),
        ({"code": "x" * 33}, "code"),
        ({"label_en": "  "}, "English label"),
        ({"hotkey": 0}, "hotkey"),
        ({"hotkey": 10}, "hotkey"),
        ({"hotkey": True}, "hotkey"),
        ({"sale": True}, "imply contact"),
        ({"complaint": True}, "imply contact"),
    ],
)
def test_outcome_rejects(kwargs: dict[str, object], fragment: str) -> None:
    args: dict[str, object] = {"code": "ok", "label_en": "OK", "label_zh": "好"} | kwargs
    with pytest.raises(OutcomeError) as caught:
        Outcome(**args)  # type: ignore[arg-type]
    assert fragment in str(caught.value)


def test_outcome_flags() -> None:
    assert STANDARD_OUTCOMES["sale"].flags == ("contact", "sale", "final")
    assert STANDARD_OUTCOMES["no_answer"].flags == ()


def test_standard_outcomes() -> None:
    codes = STANDARD_OUTCOMES.codes
    assert codes == (
        "no_answer",
        "busy",
        "voicemail",
        "wrong_number",
        "not_interested",
        "callback",
        "interested",
        "sale",
        "dnc",
        "complaint",
    )
    hotkeys = sorted(o.hotkey for o in STANDARD_OUTCOMES if o.hotkey is not None)
    assert hotkeys == list(range(1, 10))
    s = STANDARD_OUTCOMES
    assert not any(s[c].contact for c in ("no_answer", "busy", "voicemail", "wrong_number"))
    assert s["not_interested"].contact and s["not_interested"].final
    assert s["callback"].callback and s["callback"].contact
    assert s["interested"].callback and s["interested"].contact
    assert s["sale"].sale and s["sale"].final
    assert s["dnc"].dnc and s["dnc"].final and s["dnc"].contact
    assert s["complaint"].complaint and s["complaint"].final
    assert s["no_answer"].label("zh") == "未接听"
    assert s["busy"].label("zh") == "占线"
    assert "do not call" in s["dnc"].label_en
    assert all(o.label_zh for o in s)


def test_lookup() -> None:
    s = STANDARD_OUTCOMES
    assert s.get("busy") is s["busy"]
    assert s.get("nope") is None
    assert s.get(None) is None
    assert s.by_hotkey(1) is s["no_answer"]
    assert s.by_hotkey(0) is None
    assert "sale" in s and "nope" not in s and 3 not in s
    assert len(s) == 10
    assert [o.code for o in s] == list(s.codes)
    with pytest.raises(KeyError):
        s["nope"]


def test_set_rejects_duplicates_and_empty() -> None:
    a = Outcome("a", "A", "甲", hotkey=1)
    with pytest.raises(OutcomeError, match="used twice"):
        OutcomeSet([a, Outcome("a", "Again", "再")])
    with pytest.raises(OutcomeError, match="hotkey 1 is used by both 'a' and 'b'"):
        OutcomeSet([a, Outcome("b", "B", "乙", hotkey=1)])
    with pytest.raises(OutcomeError, match="at least one"):
        OutcomeSet([])
    with pytest.raises(OutcomeError, match="not an Outcome"):
        OutcomeSet(["a"])  # type: ignore[list-item]


def test_from_config() -> None:
    s = OutcomeSet.from_config(
        [
            {"code": "no_answer", "en": "No answer", "zh": "未接听", "hotkey": 1},
            {"code": "sale", "en": "Sale", "zh": "成交", "flags": ["contact", "sale", "final"]},
            {"code": "later", "en": "Later"},
        ]
    )
    assert s.codes == ("no_answer", "sale", "later")
    assert s["sale"].sale and s["sale"].contact and not s["sale"].callback
    assert s.by_hotkey(1) is s["no_answer"]
    assert s["later"].label("zh") == "Later"  # no Chinese label: English shown


@pytest.mark.parametrize(
    ("entries", "fragment"),
    [
        ({"code": "x"}, "list"),
        ([{"en": "No code"}], "'code' is required"),
        ([{"code": "x"}], "'en' is required"),
        ([{"code": "x", "en": "X", "flags": ["sold"]}], "unknown flag(s) sold"),
        ([{"code": "x", "en": "X", "flags": "sale"}], "'flags' must be a list"),
        ([{"code": "x", "en": "X", "colour": "red"}], "unknown key(s) colour"),
        ([{"code": "x", "en": "X", "hotkey": "1"}], "hotkey"),
        ([{"code": "x", "en": "X", "flags": ["sale"]}], "imply contact"),
        (["x"], "outcome #1"),
        (
            [{"code": "a", "en": "A", "hotkey": 2}, {"code": "b", "en": "B", "hotkey": 2}],
            "hotkey 2",
        ),
    ],
)
def test_from_config_rejects(entries: object, fragment: str) -> None:
    with pytest.raises(OutcomeError) as caught:
        OutcomeSet.from_config(entries)  # type: ignore[arg-type]
    assert fragment in str(caught.value)


def test_from_config_error_names_position_and_code() -> None:
    with pytest.raises(OutcomeError) as caught:
        OutcomeSet.from_config([{"code": "a", "en": "A"}, {"code": "b", "en": "B", "hotkey": 12}])
    assert "outcome #2 ('b')" in str(caught.value)


def test_standard_round_trip() -> None:
    config = STANDARD_OUTCOMES.to_config()
    assert config[0] == {
        "code": "no_answer",
        "en": "No answer",
        "zh": "未接听",
        "hotkey": 1,
        "flags": [],
    }
    assert "hotkey" not in config[-1]  # TOML has no null
    assert OutcomeSet.from_config(config) == STANDARD_OUTCOMES


@st.composite
def outcome_sets(draw: st.DrawFn) -> OutcomeSet:
    codes = draw(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True),
            min_size=1,
            max_size=12,
            unique=True,
        )
    )
    hotkeys = draw(st.permutations(list(range(1, 10))))
    items = []
    for i, code in enumerate(codes):
        flags = draw(st.sets(st.sampled_from(FLAGS)))
        if flags & {"sale", "complaint"}:
            flags.add("contact")
        items.append(
            Outcome(
                code,
                draw(st.text(min_size=1).filter(str.strip)),
                draw(st.text()),
                hotkey=hotkeys[i] if i < 9 and draw(st.booleans()) else None,
                **{f: f in flags for f in FLAGS},
            )
        )
    return OutcomeSet(items)


@settings(max_examples=100)
@given(outcome_sets())
def test_config_round_trip_property(s: OutcomeSet) -> None:
    assert OutcomeSet.from_config(s.to_config()) == s
