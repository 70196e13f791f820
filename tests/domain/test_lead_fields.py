"""Lead list headers and rows: what each column means, what each row becomes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_desk.domain import phones
from agent_desk.domain.lead_fields import (
    DEFAULT_PRIORITY,
    MAX_EXTRA_CHARS,
    ColumnPlan,
    LeadFileError,
    LeadImportError,
    LeadValues,
    MissingPhoneColumnError,
    Rejected,
    RowParser,
    RowTally,
    _priority,
    plan_columns,
    unique_headers,
)
from agent_desk.domain.lead_headers import EXTRA, SKIP, field_for_header, header_key

LIMITS = {"name": 120, "company": 200}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        *[
            (h, "phone")
            for h in (
                "电话", "手机", "手机号", "手机号码", "联系电话", "电话号码", "号码", "mobile",
                "phone", "tel", "telephone", "phone number", "cell", "Phone_Number", "TEL.",
            )
        ],
        *[
            (h, "name")
            for h in ("姓名", "客户姓名", "联系人", "名字", "name", "full name", "contact")
        ],
        *[
            (h, "company")
            for h in ("公司", "公司名称", "单位", "企业", "company", "organisation", "organization")
        ],
        *[
            (h, "note")
            for h in ("备注", "说明", "note", "notes", "comment", "comments", "remark", "remarks")
        ],
        ("优先级", "priority"),
        ("priority", "priority"),
        ("城市", "city"),
        ("地区", "city"),
        ("city", "city"),
        ("邮箱", "email"),
        ("E-mail", "email"),
        ("reject_reason", SKIP),
    ],
)  # fmt: skip
def test_known_headers(header: str, field: str) -> None:
    assert field_for_header(header) == field


@pytest.mark.parametrize(
    "spelling",
    [" 手机号码 ", "手机号码（必填）", "*手机号码", "手机号码：", "手机 号码", "【手机号码】"],
)
def test_header_spelling_does_not_matter(spelling: str) -> None:
    assert field_for_header(spelling) == "phone"


def test_header_key_ignores_width_and_case() -> None:
    assert header_key("Ｐｈｏｎｅ　Ｎｕｍｂｅｒ") == "phonenumber"
    assert header_key("PHONE-number") == "phonenumber"
    assert header_key("（备注）") == "备注"  # only a bracket: keep what is inside
    assert field_for_header("客户来源") is None


def test_unique_headers() -> None:
    assert unique_headers([" 电话", "", "电话", "电话", "x"]) == (
        "电话",
        "column 2",
        "电话 (2)",
        "电话 (3)",
        "x",
    )


def test_plan_maps_known_and_keeps_the_rest() -> None:
    plan = plan_columns(["序号", "姓名", "手机号码", "公司名称", "备注", "来源"])
    assert plan.columns() == {
        "序号": EXTRA,
        "姓名": "name",
        "手机号码": "phone",
        "公司名称": "company",
        "备注": "note",
        "来源": EXTRA,
    }
    assert plan.extra_keys == ("序号", "", "", "", "note", "来源")


def test_second_column_of_a_field_goes_to_extra() -> None:
    plan = plan_columns(["手机", "电话", "备注", "note"])
    assert plan.fields == ("phone", EXTRA, "note", EXTRA)
    assert plan.extra_keys == ("", "电话", "note", "note (2)")  # never overwrites a field


def test_overrides_win_and_demote_the_automatic_choice() -> None:
    plan = plan_columns(["Mobil", "电话", "Firma"], {"mobil": "phone", "Firma": "公司"})
    assert plan.fields == ("phone", EXTRA, "company")
    plan = plan_columns(["手机", "序号"], {"序号": "skip"})
    assert plan.fields == ("phone", SKIP)


def test_override_mistakes_are_explained() -> None:
    with pytest.raises(LeadFileError, match=r"'Mobil'.*'手机', '姓名'"):
        plan_columns(["手机", "姓名"], {"Mobil": "phone"})
    with pytest.raises(LeadImportError, match="unknown field 'fone'"):
        plan_columns(["手机", "姓名"], {"手机": "fone"})
    with pytest.raises(LeadImportError, match="both"):
        plan_columns(["a", "b"], {"a": "phone", "b": "phone"})


def test_no_phone_column_names_the_headers() -> None:
    with pytest.raises(MissingPhoneColumnError, match="'姓名', '城市'") as caught:
        plan_columns(["姓名", "城市"])
    assert caught.value.headers == ("姓名", "城市")
    assert isinstance(caught.value, LeadFileError)


def parser(headers: list[str], region: str = "CN") -> RowParser:
    return RowParser(plan_columns(headers), region, "Asia/Shanghai", LIMITS)


HEADERS = ["姓名", "手机", "公司", "优先级", "备注", "来源"]


def test_a_good_row() -> None:
    values = parser(HEADERS).parse([" 王伟 ", "138-1234-5678", "华信", "5", "回访", "展会"])
    assert values == LeadValues(
        phone_e164="+8613812345678",
        name="王伟",
        company="华信",
        priority=5,
        timezone="Asia/Shanghai",
        extra=json.dumps(
            {"note": "回访", "来源": "展会"}, ensure_ascii=False, separators=(",", ":")
        ),
    )


def test_time_zone_comes_from_the_number() -> None:
    values = parser(["phone"]).parse(["+1 212 555 0100"])
    assert isinstance(values, LeadValues)
    assert values.timezone == "America/New_York"


def test_short_rows_are_padded_and_trailing_empty_cells_ignored() -> None:
    p = parser(HEADERS)
    short = p.parse(["王伟", "13812345678"])
    assert isinstance(short, LeadValues)
    assert (short.company, short.priority, short.extra) == ("", DEFAULT_PRIORITY, "{}")
    assert isinstance(p.parse(["王伟", "13812345678", "", "", "", "", "", " "]), LeadValues)


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (["", " ", "", "", "", ""], "empty row"),
        ([], "empty row"),
        (["王伟", "", "华信"], "phone missing"),
        (["王伟", "abc"], "phone invalid: Not a phone number: it contains letters"),
        (["王伟", "1381234567"], "phone invalid: Phone number does not exist"),
        (["王伟", "13812345678", "", "", "", "", "", "x"], "row has 8 cells, header has 6"),
        (["王伟", "13812345678", "", "高"], "priority '高' is not a whole number"),
        (["王伟", "13812345678", "", "-1"], "priority '-1' is not a whole number"),
        (["王伟", "13812345678", "", "99999999999"], "priority '99999999999' is too large"),
        (["王" * 121, "13812345678"], "name is 121 characters, at most 120"),
        (["王伟", "13812345678", "公" * 201], "company is 201 characters, at most 200"),
        (["王伟", "13812345678", "", "", "x" * (MAX_EXTRA_CHARS + 1)], "'备注' is 2001"),
    ],
)
def test_rejected_rows_say_why(cells: list[str], reason: str) -> None:
    result = parser(HEADERS).parse(cells)
    assert isinstance(result, Rejected)
    assert result.reason.startswith(reason), result.reason


@pytest.mark.parametrize(("text", "value"), [("", 100), ("7", 7), ("０７", 7), (" 3.0 ", 3)])
def test_priority_spellings(text: str, value: int) -> None:
    result = parser(HEADERS).parse(["王伟", "13812345678", "", text])
    assert isinstance(result, LeadValues) and result.priority == value


def test_the_phone_cache_gives_the_same_answers() -> None:
    p = parser(["phone"])
    first = [p.parse([text]) for text in ("13812345678", "bad", "13812345678", "bad")]
    assert first[0] == first[2] and first[1] == first[3]
    assert isinstance(first[1], Rejected)


def test_another_default_region() -> None:
    values = parser(["phone"], region="US").parse(["(212) 555-0100"])
    assert isinstance(values, LeadValues) and values.phone_e164 == "+12125550100"


@settings(max_examples=200)
@given(st.lists(st.text(max_size=12), max_size=8))
def test_any_headers_give_a_plan_or_say_there_is_no_phone(headers: list[str]) -> None:
    try:
        plan = plan_columns(headers)
    except MissingPhoneColumnError as exc:
        assert all(field_for_header(h) != "phone" for h in exc.headers)
        return
    assert plan.fields.count("phone") == 1
    assert len(set(plan.headers)) == len(plan.headers) == len(headers)


@settings(max_examples=300)
@given(st.lists(st.text(max_size=30), max_size=9))
def test_any_row_becomes_a_lead_or_a_reason(cells: list[str]) -> None:
    result = parser(HEADERS).parse(cells)
    assert isinstance(result, LeadValues | Rejected)
    if isinstance(result, LeadValues):
        assert result.phone_e164.startswith("+")
        assert isinstance(json.loads(result.extra), dict)
    else:
        assert result.reason


def test_tally_accounts_for_every_row() -> None:
    p, tally = parser(["phone"]), RowTally()
    staged = [
        tally.add(n, p.parse([text]))
        for n, text in enumerate(["13800000001", "bad", "138-0000-0001", "13900000001",
                                  "13700000001", "13600000001"], start=1)
    ]  # fmt: skip
    assert [s is not None for s in staged] == [True, False, False, True, True, True]
    tally.settle({"+8613800000001", "+8613600000001"}, {"+8613900000001"}, "SPRING")
    assert tally.counts() == {"total": 6, "imported": 2, "duplicate": 2, "dnc": 1, "invalid": 1}
    assert tally.rejects == {
        2: ("invalid", "phone invalid: Not a phone number: it contains letters (extensions and "
            "notes belong elsewhere)"),
        3: ("duplicate", "same number as row 1"),
        4: ("dnc", "number is on the do-not-call list"),
        5: ("duplicate", "number already in campaign SPRING"),
    }  # fmt: skip


def test_tally_refuses_counts_that_do_not_add_up() -> None:
    tally = RowTally()
    tally.add(1, parser(["phone"]).parse(["13800000001"]))
    tally.imported = 2  # as if the database had inserted a row it was never given
    with pytest.raises(RuntimeError, match="lost track"):
        tally.counts()


# --- RowParser.parse against the straightforward version it replaced ----------------


def reference_parse(
    plan: ColumnPlan, region: str, limits: dict[str, int], cells: list[str]
) -> LeadValues | Rejected:
    """RowParser.parse as first written: clear, slow, no shortcuts."""
    width = plan.width
    if not any(cell.strip() for cell in cells):
        return Rejected("empty row")
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        last = max(i for i, cell in enumerate(cells) if cell.strip()) + 1
        return Rejected(f"row has {last} cells, header has {width}")
    values = [cell.strip() for cell in cells[:width]]
    values += [""] * (width - len(values))
    phone_text = values[plan.fields.index("phone")]
    if not phone_text:
        return Rejected("phone missing")
    try:
        e164 = phones.normalize(phone_text, region)
    except phones.PhoneError as exc:
        return Rejected(f"phone invalid: {exc}")
    zone = phones.timezone_for(e164, "Asia/Shanghai")
    at = plan.index_of("priority")
    priority = _priority(values[at] if at is not None else "")
    if isinstance(priority, Rejected):
        return priority
    texts = {f: values[i] if (i := plan.index_of(f)) is not None else "" for f in LIMITS}
    for field, text in texts.items():
        if len(text) > limits[field]:
            return Rejected(f"{field} is {len(text)} characters, at most {limits[field]}")
    extra: dict[str, str] = {}
    for index, key in enumerate(plan.extra_keys):
        if not key or plan.fields[index] == SKIP or not values[index]:
            continue
        if len(values[index]) > MAX_EXTRA_CHARS:
            header = plan.headers[index]
            return Rejected(
                f"{header!r} is {len(values[index])} characters, at most {MAX_EXTRA_CHARS}"
            )
        extra[key] = values[index]
    document = json.dumps(extra, ensure_ascii=False, separators=(",", ":"))
    return LeadValues(e164, texts["name"], texts["company"], priority, zone, document)


_PHONES = ["13812345678", "+86 139 0000 0001", "８６１３７００００００１", "010-12345678",
           "abc", "", " ", "1381234567", "+1 212 555 0100", "13812345678.0", "1.38123E+10",
           "12"]  # fmt: skip
_CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "0", "７", " 3.0 ", "高", "-1", "99999999999", "2147483647",
                     "2147483648", '要"报价单"', "a\tb", "back\\slash", "line\nbreak", "\r"]),
    st.text(min_size=MAX_EXTRA_CHARS - 1, max_size=MAX_EXTRA_CHARS + 1, alphabet="x"),
    st.text(min_size=119, max_size=201, alphabet="王"),
)  # fmt: skip


@settings(max_examples=400)
@given(
    st.lists(st.sampled_from(["姓名", "手机", "公司", "优先级", "备注", "城市", "来源", "序号",
                              "电话", "reject_reason", ""]), min_size=1, max_size=7),
    st.data(),
)  # fmt: skip
def test_parse_agrees_with_the_reference(headers: list[str], data: st.DataObject) -> None:
    try:
        plan = plan_columns([*headers, "phone"])
    except MissingPhoneColumnError:
        return
    parser = RowParser(plan, "CN", "Asia/Shanghai", LIMITS)
    for _ in range(5):
        cells = data.draw(st.lists(_CELLS, max_size=plan.width + 2))
        at = plan.fields.index("phone")
        if at < len(cells):
            cells[at] = data.draw(st.sampled_from(_PHONES))
        assert parser.parse(cells) == reference_parse(plan, "CN", LIMITS, cells), cells
