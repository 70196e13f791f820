"""Phone number normalisation, masking and time zones."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_desk.domain import phone_fast, phones
from agent_desk.domain.phones import (
    PhoneError,
    PhoneErrorCode,
    display_national,
    mask,
    normalize,
    normalize_with_zone,
    region_of,
    timezone_for,
    timezones_for,
)

CN_MOBILE = "+8613812345678"


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "138.1234.5678",
        "(138) 1234 5678",
        "  13812345678\t",
        "１３８１２３４５６７８",
        "１３８－１２３４－５６７８",
        "+86 138 1234 5678",
        "＋８６ １３８ １２３４ ５６７８",
        "+86-138-1234-5678",
        "0086 138 1234 5678",
        "008613812345678",
        "8613812345678",
        "86 138 1234 5678",
        "tel:+8613812345678",
        "TEL: +86 138 1234 5678",
        "13812345678.0",
        "13812345678.00",
        "1.3812345678E10",
        "1.3812345678e+10",
        "138\u20131234\u20135678",  # en dashes from a word processor
        "138\u00a01234\u00a05678",  # non-breaking spaces
    ],
)
def test_normalize_accepts_messy_chinese_mobile(raw: str) -> None:
    assert normalize(raw, "CN") == CN_MOBILE


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("010-12345678", "CN", "+861012345678"),
        ("(010) 1234 5678", "CN", "+861012345678"),
        ("+1 (212) 555-0100", "CN", "+12125550100"),
        ("212-555-0100", "US", "+12125550100"),
        ("001 212 555 0100", "CN", "+12125550100"),
        ("8613812345678", "US", CN_MOBILE),  # 86 prefix without + from another region
        ("13812345678", "cn", CN_MOBILE),  # region case does not matter
        ("+44 20 7946 0000", "CN", "+442079460000"),
    ],
)
def test_normalize_other_forms(raw: str, region: str, expected: str) -> None:
    assert normalize(raw, region) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", PhoneErrorCode.EMPTY),
        ("   ", PhoneErrorCode.EMPTY),
        ("tel:", PhoneErrorCode.EMPTY),
        ("+", PhoneErrorCode.NOT_A_NUMBER),
        ("---", PhoneErrorCode.NOT_A_NUMBER),
        ("abc", PhoneErrorCode.NOT_A_NUMBER),
        ("138 1234 5678 ext 12", PhoneErrorCode.NOT_A_NUMBER),
        ("13812345678 x12", PhoneErrorCode.NOT_A_NUMBER),
        ("13812345678转123", PhoneErrorCode.NOT_A_NUMBER),
        ("1-800-FLOWERS", PhoneErrorCode.NOT_A_NUMBER),
        ("138#1234", PhoneErrorCode.NOT_A_NUMBER),
        ("13812345678;ext=1", PhoneErrorCode.NOT_A_NUMBER),
        ("138+12345678", PhoneErrorCode.NOT_A_NUMBER),
        ("1.38123E+10", PhoneErrorCode.NOT_A_NUMBER),  # rounded by the spreadsheet
        ("1.5E3", PhoneErrorCode.NOT_A_NUMBER),
        ("12", PhoneErrorCode.TOO_SHORT),
        ("+1", PhoneErrorCode.TOO_SHORT),
        ("+86 1", PhoneErrorCode.TOO_SHORT),
        ("13812", PhoneErrorCode.TOO_SHORT),
        ("+1 212 555", PhoneErrorCode.TOO_SHORT),
        ("1381234", PhoneErrorCode.INVALID),  # possible as a local landline, but not real
        ("138123456789012345678", PhoneErrorCode.TOO_LONG),
        ("+86 138 1234 5678 9999", PhoneErrorCode.TOO_LONG),
        ("+999 1234 5678", PhoneErrorCode.UNKNOWN_REGION),
        ("+1 555 555 5555", PhoneErrorCode.INVALID),
        ("23812345678", PhoneErrorCode.INVALID),
    ],
)
def test_normalize_rejects(raw: str, code: PhoneErrorCode) -> None:
    with pytest.raises(PhoneError) as caught:
        normalize(raw, "CN")
    assert caught.value.code is code
    assert caught.value.raw == raw
    assert str(caught.value) == caught.value.message
    assert str(caught.value)


def test_national_number_needs_a_known_default_region() -> None:
    with pytest.raises(PhoneError) as caught:
        normalize("2125550100", "XX")
    assert caught.value.code is PhoneErrorCode.UNKNOWN_REGION
    assert "XX" in str(caught.value)
    # With a country code the default region is not needed.
    assert normalize("+12125550100", "XX") == "+12125550100"


def test_error_messages_name_the_problem_but_not_the_number() -> None:
    with pytest.raises(PhoneError) as caught:
        normalize("138123", "CN")
    message = str(caught.value)
    assert "too short" in message and "6 digits" in message
    assert "138123" not in message  # error text lands in logs: no personal data
    with pytest.raises(PhoneError) as letters:
        normalize("138 1234 5678 ext 12", "CN")
    assert "letters" in str(letters.value)
    assert letters.value.params["problem"] == "letters"
    with pytest.raises(PhoneError) as rounded:
        normalize("1.38123E+10", "CN")
    assert "spreadsheet" in str(rounded.value)


def test_phone_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        normalize("nope", "CN")


@settings(max_examples=300)
@given(st.text(), st.sampled_from(["CN", "US", "GB", "", "XX", "cn"]))
def test_normalize_raises_only_phone_error(raw: str, region: str) -> None:
    try:
        result = normalize(raw, region)
    except PhoneError as exc:
        assert isinstance(exc.code, PhoneErrorCode)
        assert exc.message
    else:
        assert result.startswith("+") and result[1:].isdigit()


@settings(max_examples=200)
@given(st.text(alphabet="0123456789 +-().tel:Ee０１２３８", max_size=25))
def test_normalize_number_like_text_raises_only_phone_error(raw: str) -> None:
    try:
        result = normalize(raw, "CN")
    except PhoneError:
        return
    assert normalize(result, "US") == result  # E.164 output is a fixed point


@settings(max_examples=100)
@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_normalize_is_idempotent_on_chinese_mobiles(national: str) -> None:
    try:
        e164 = normalize(national, "CN")
    except PhoneError:
        return  # some prefixes are unallocated
    assert e164 == "+86" + national
    assert normalize(e164, "CN") == e164


def test_mask_chinese_mobile() -> None:
    assert mask(CN_MOBILE) == "+86 138****5678"


@pytest.mark.parametrize(
    ("e164", "expected"),
    [
        ("+12125550100", "+1 21*****100"),  # 10 digits: at least half hidden
        ("+33612345678", "+33 61*****78"),  # 9 digits
        ("+861012345678", "+86 10*****678"),  # 10-digit landline
    ],
)
def test_mask_short_numbers_hide_at_least_half(e164: str, expected: str) -> None:
    assert mask(e164) == expected


@pytest.mark.parametrize("garbage", ["", "garbage", "+", "13812345678", "+abc", "+" + "9" * 30])
def test_mask_garbage(garbage: str) -> None:
    assert mask(garbage) == "****"


@settings(max_examples=300)
@given(st.text())
def test_mask_never_raises_and_never_shows_everything(text: str) -> None:
    masked = mask(text)
    assert "*" in masked
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 4:
        assert digits not in masked


@settings(max_examples=200)
@given(st.from_regex(r"\+[1-9][0-9]{6,14}", fullmatch=True))
def test_mask_hides_enough_of_real_looking_numbers(e164: str) -> None:
    masked = mask(e164)
    if masked == "****" or masked.endswith(" ****"):
        return
    country, national = masked.split(" ")
    assert e164.startswith(country)
    hidden = national.count("*")
    if len(national) >= 11:
        assert national[:3] + "*" * (len(national) - 7) + national[-4:] == national
        assert hidden >= 4
    else:
        assert hidden * 2 >= len(national)


def test_region_of() -> None:
    assert region_of(CN_MOBILE) == "CN"
    assert region_of("+12125550100") == "US"
    assert region_of("+15555555555") is None
    assert region_of("not a number") is None


def test_timezone_for_single_zone() -> None:
    assert timezone_for(CN_MOBILE, "UTC") == "Asia/Shanghai"
    assert timezone_for("+12125550100", "UTC") == "America/New_York"


def test_timezone_for_unknown_uses_fallback() -> None:
    assert timezone_for("+15555555555", "Asia/Shanghai") == "Asia/Shanghai"
    assert timezone_for("garbage", "Europe/Paris") == "Europe/Paris"


def test_timezone_for_several_zones_is_deterministic() -> None:
    zones = timezones_for("+79161234567")  # Russian mobile: many zones
    assert len(zones) > 1
    # The campaign's own zone wins when it is a candidate ...
    assert timezone_for("+79161234567", "Europe/Moscow") == "Europe/Moscow"
    # ... otherwise the geocoder's first zone, every time.
    first = timezone_for("+79161234567", "Asia/Shanghai")
    assert first == zones[0]
    assert all(timezone_for("+79161234567", "Asia/Shanghai") == first for _ in range(3))


def test_display_national() -> None:
    assert display_national(CN_MOBILE) == "138 1234 5678"
    assert display_national("+12125550100") == "(212) 555-0100"
    assert display_national("junk") == "junk"


# --- The fast path (phone_fast.read) against the reference path ---------------------

_FULL_WIDTH = str.maketrans("0123456789+", "０１２３４５６７８９＋")


def _reference_zone(e164: str, fallback: str) -> str:
    """timezone_for as the geocoder alone decides it (no fast path involved)."""
    zones = timezones_for(e164)
    return fallback if not zones or fallback in zones else zones[0]


def _outcome(function: Callable[..., str], *args: str) -> tuple[object, ...]:
    try:
        return ("ok", function(*args))
    except PhoneError as exc:
        return ("error", exc.code, dict(exc.params), str(exc))


def assert_fast_agrees(raw: str, region: str, fallback: str = "Asia/Shanghai") -> None:
    reference = _outcome(phones._normalize_reference, raw, region)
    fast = phone_fast.read(raw, region)
    if fast is not None:  # the fast path never accepts what the reference refuses
        assert reference == ("ok", f"+{fast[0]}{fast[1]}"), (raw, region)
    assert _outcome(normalize, raw, region) == reference, (raw, region)
    try:
        paired = normalize_with_zone(raw, region, fallback)
    except PhoneError as exc:
        assert reference[0] == "error" and exc.code is reference[1]
        return
    assert paired == (reference[1], _reference_zone(paired[0], fallback)), (raw, region)
    assert timezone_for(paired[0], fallback) == paired[1]


@st.composite
def messy_spellings(draw: st.DrawFn, digits: str) -> str:
    """The digits as people type them: separators, prefixes, widths, spreadsheets."""
    text = "".join(ch + draw(st.sampled_from(["", "", "", " ", "-", ".", "(", ")", "/", "\t"]))
                   for ch in digits)  # fmt: skip
    return draw(
        st.sampled_from(
            [
                text, "+" + text, "00" + text, "86" + text, "+86 " + text, "0086-" + text,
                "tel:" + text, "TEL: +" + text, f" {text}\t", digits + ".0", digits + ".00",
                text.translate(_FULL_WIDTH), "＋" + text.translate(_FULL_WIDTH), text + "x",
            ]
        )
    )  # fmt: skip


@settings(max_examples=600)
@given(st.data(), st.from_regex(r"1[0-9]{10}", fullmatch=True))
def test_fast_path_agrees_on_chinese_mobiles(data: st.DataObject, national: str) -> None:
    raw = data.draw(messy_spellings(national))
    region = data.draw(st.sampled_from(["CN", "cn", " CN ", "US", "GB", "HK"]))
    assert_fast_agrees(raw, region)


@settings(max_examples=400)
@given(st.data(), st.from_regex(r"0?[1-9][0-9]{1,3}[0-9]{6,8}", fullmatch=True))
def test_fast_path_agrees_on_landlines_and_national_prefixes(
    data: st.DataObject, digits: str
) -> None:
    raw = data.draw(messy_spellings(digits))
    assert_fast_agrees(raw, data.draw(st.sampled_from(["CN", "GB", "US", "IT", "DE", "RU"])))


@settings(max_examples=400)
@given(st.data(), st.sampled_from(["1", "44", "86", "7", "39", "49", "61", "852", "800", "999"]),
       st.from_regex(r"[0-9]{2,13}", fullmatch=True))  # fmt: skip
def test_fast_path_agrees_on_us_uk_and_other_countries(
    data: st.DataObject, code: str, rest: str
) -> None:
    raw = data.draw(messy_spellings(code + rest))
    region = data.draw(st.sampled_from(["US", "GB", "CN", "CA", "JE", "XX", ""]))
    fallback = data.draw(st.sampled_from(["Asia/Shanghai", "America/Chicago", "Europe/London"]))
    assert_fast_agrees(raw, region, fallback)


@settings(max_examples=300)
@given(
    st.text(alphabet="0123456789 +-./()\ttelTEL:０１８６\u00a0", max_size=22), st.text(max_size=3)
)
def test_fast_path_agrees_on_number_like_noise(raw: str, region: str) -> None:
    assert_fast_agrees(raw, region)


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        ("13812345678", "CN"), ("8613812345678", "CN"), ("+86 138 1234 5678", "CN"),
        ("010-12345678", "CN"), ("17912345678", "CN"), ("1791200345678", "CN"),
        ("(212) 555-0100", "US"), ("+1 212 555 0100", "CN"), ("011 44 20 7946 0000", "US"),
        ("+44 7911 123456", "GB"), ("07911 123456", "GB"), ("+44 1534 456789", "CN"),
        ("+39 06 1234 5678", "IT"), ("+7 916 123 4567", "RU"), ("+800 1234 5678", "CN"),
        ("+49 30 123456789012", "DE"), ("+4930123456789012", "CN"), ("86", "CN"),
    ],
)  # fmt: skip
def test_fast_path_agrees_on_tricky_cases(raw: str, region: str) -> None:
    assert_fast_agrees(raw, region)


def test_fast_path_takes_the_common_spellings() -> None:
    """The spellings of a lead list (see tests/store/messy_leads.py) need no parse."""
    for raw in ("13812345678", "138-1234-5678", "+86 138 1234 5678", "8613812345678",
                "0086-138-1234-5678", "１３８１２３４５６７８", "13812345678.0",
                " 13812345678 ", "tel:+8613812345678", "010-12345678"):  # fmt: skip
        assert phone_fast.read(raw, "CN") is not None, raw


def test_normalize_with_zone() -> None:
    assert normalize_with_zone("138-1234-5678", "CN", "UTC") == (CN_MOBILE, "Asia/Shanghai")
    assert normalize_with_zone("(212) 555-0100", "US", "UTC") == (
        "+12125550100",
        "America/New_York",
    )
    assert normalize_with_zone("+79161234567", "CN", "Europe/Moscow")[1] == "Europe/Moscow"
    with pytest.raises(PhoneError) as caught:
        normalize_with_zone("abc", "CN", "UTC")
    assert caught.value.code is PhoneErrorCode.NOT_A_NUMBER
