"""Talk-tracks: parsing sections and objections, filling fields, linting."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_desk.domain.scripts import (
    Objection,
    Script,
    ScriptSection,
    lint_script,
    objection_links,
    parse_script,
    render,
    render_script,
)

CHINESE = """\
# 家庭保险 电话话术

本话术适用于 {{campaign.company}} 的秋季活动。

## 开场白
您好，请问是{{lead.name}}吗？我是{{campaign.company}}的{{agent.name}}。

## 需求挖掘
您家里有几口人？

## 产品介绍
我们的产品……

## 异议处理
先认同，再回应。

### 价格太贵 {#obj-price}
理解您的顾虑……

### 没有时间
好的，我换个时间再打给您。

## 促成
如果您同意，我现在帮您登记。[价格问题](#obj-price)
"""

ENGLISH = """\
# Home insurance

## Opening {#opening}
Hello {{ lead.name }}, this is {{agent.name}} from {{campaign.company}}.

## Needs discovery
Ask about the household.

## The pitch
Our plan covers...

## Handling objections
### Too expensive {#obj-price}
I understand...

### Not now
When would suit you?

## Closing the call
Thank you! See [the price answer](#obj-price) and [not now](#obj-2).

## Compliance notes
Record the call.
"""


def test_parse_chinese_headings() -> None:
    script = parse_script(CHINESE)
    assert script.title == "家庭保险 电话话术"
    assert [(s.id, s.kind, s.title) for s in script.sections] == [
        ("intro", "other", ""),
        ("opening", "opening", "开场白"),
        ("discovery", "discovery", "需求挖掘"),
        ("pitch", "pitch", "产品介绍"),
        ("objections", "objections", "异议处理"),
        ("close", "close", "促成"),
    ]
    assert script.sections[0].body == "本话术适用于 {{campaign.company}} 的秋季活动。"
    assert script.section("objections") == ScriptSection(
        "objections", "objections", "异议处理", "先认同，再回应。"
    )
    assert script.objections == (
        Objection("obj-price", "价格太贵", "理解您的顾虑……"),
        Objection("obj-2", "没有时间", "好的，我换个时间再打给您。"),
    )


def test_parse_english_headings_and_explicit_ids() -> None:
    script = parse_script(ENGLISH)
    assert script.title == "Home insurance"
    assert [(s.id, s.kind) for s in script.sections] == [
        ("opening", "opening"),
        ("discovery", "discovery"),
        ("pitch", "pitch"),
        ("objections", "objections"),
        ("close", "close"),
        ("compliance-notes", "other"),
    ]
    assert script.opening is not None
    assert script.opening.title == "Opening"  # the {#id} is not part of the title
    assert script.opening.body.startswith("Hello {{ lead.name }}")
    assert script.section("objections") is not None
    assert script.section("objections").body == ""  # type: ignore[union-attr]
    assert [o.id for o in script.objections] == ["obj-price", "obj-2"]
    assert script.objection("obj-2") == Objection("obj-2", "Not now", "When would suit you?")
    assert script.objection("nope") is None


def test_section_lookup_by_id_then_kind() -> None:
    script = parse_script("## Intro for agents {#opening-notes}\nx\n## Greeting\ny\n")
    assert script.section("opening-notes") is not None
    assert script.section("opening") == script.sections[1]
    assert script.opening == script.sections[1]
    assert script.section("pitch") is None


def test_explicit_id_naming_a_kind_sets_the_kind() -> None:
    script = parse_script("## 第一步 {#opening}\n您好\n## Wrap {#closing}\n再见")
    assert [(s.id, s.kind) for s in script.sections] == [
        ("opening", "opening"),
        ("closing", "close"),
    ]


def test_unknown_sections_get_slug_ids_and_duplicates_get_suffixes() -> None:
    script = parse_script(
        "## FAQ & Tips!\na\n## FAQ & tips\nb\n## !!!\nc\n## 开场\nd\n## 开场白\ne"
    )
    assert [s.id for s in script.sections] == [
        "faq-tips",
        "faq-tips-2",
        "section-3",
        "opening",
        "opening-2",
    ]
    assert script.opening is not None and script.opening.body == "d"


def test_no_sections_gives_one_other_section() -> None:
    script = parse_script("# Title\nJust say hello.\n\nThen listen.\n")
    assert script.title == "Title"
    assert script.sections == (
        ScriptSection("intro", "other", "", "Just say hello.\n\nThen listen."),
    )
    assert script.objections == ()
    assert script.opening is None


@pytest.mark.parametrize("text", ["", "   \n\n", "no headings at all"])
def test_degenerate_scripts(text: str) -> None:
    script = parse_script(text)
    assert script.title == ""
    assert len(script.sections) == 1
    assert script.sections[0].kind == "other"
    assert script.sections[0].body == text.strip()


def test_headings_in_code_fences_and_non_headings_are_text() -> None:
    text = "## Opening\n```\n## not a section\n```\n~~~~\n### nope\n~~~~\n##also not\n#hashtag"
    script = parse_script(text)
    assert len(script.sections) == 1
    assert "## not a section" in script.sections[0].body
    assert "#hashtag" in script.sections[0].body


def test_heading_syntax_variants() -> None:
    script = parse_script("   # Title ##\n## Opening ##\nhi\n## C# tips\nx")
    assert script.title == "Title"
    assert [s.title for s in script.sections] == ["Opening", "C# tips"]


def test_crlf_line_endings() -> None:
    script = parse_script("# T\r\n## Opening\r\nhello\r\n")
    assert script.title == "T"
    assert script.opening is not None and script.opening.body == "hello"


def test_objections_only_inside_objections_section() -> None:
    script = parse_script("## Pitch\n### Detail\ntext\n## Objections\n### Busy\nlater")
    assert script.section("pitch").body == "### Detail\ntext"  # type: ignore[union-attr]
    assert script.objections == (Objection("obj-1", "Busy", "later"),)


def test_second_h1_stays_in_body() -> None:
    script = parse_script("# One\n## Opening\nhi\n# Two\n")
    assert script.title == "One"
    assert script.opening is not None and script.opening.body == "hi\n# Two"


def test_field_names() -> None:
    assert parse_script(CHINESE).field_names() == {"lead.name", "agent.name", "campaign.company"}
    assert parse_script("# {{campaign.name}}\n### {{lead.extra.城市}}").field_names() == {
        "campaign.name",
        "lead.extra.城市",
    }


# --- render ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Hi {{lead.name}}!", "Hi 王先生!"),
        ("Hi {{ lead.name }}!", "Hi 王先生!"),
        ("{{lead.extra.城市}}", "上海"),
        ("{{lead.company}}", "[lead.company?]"),  # missing
        ("{{agent.name}}", "[agent.name?]"),  # empty value
        ("{{campaign.company}}", "[campaign.company?]"),  # blank value
        ("{{lead.name}", "{{lead.name}"),
        ("{lead.name}}", "{lead.name}}"),
        ("{{ }}", "{{ }}"),
        ("{{lead..name}}", "{{lead..name}}"),
        ("{{1st.name}}", "{{1st.name}}"),
        ("{{{lead.name}}}", "{王先生}"),
        ("{{lead.name}}{{lead.name}}", "王先生王先生"),
        ("{{injected}}", "{{lead.name}}"),  # values are not expanded again
        ("**{{lead.name}}** _x_", "**王先生** _x_"),  # Markdown untouched
    ],
)
def test_render(template: str, expected: str) -> None:
    fields = {
        "lead.name": "王先生",
        "lead.extra.城市": "上海",
        "agent.name": "",
        "campaign.company": "  ",
        "injected": "{{lead.name}}",
    }
    assert render(template, fields) == expected


@settings(max_examples=200)
@given(st.text(), st.dictionaries(st.text(), st.text()))
def test_render_never_raises(template: str, fields: dict[str, str]) -> None:
    assert isinstance(render(template, fields), str)


@settings(max_examples=100)
@given(
    st.lists(st.sampled_from(["{{", "}}", "{", "}", "lead", ".", "name", " ", "x", "\n"])).map(
        "".join
    ),
    st.dictionaries(st.sampled_from(["lead.name", "lead", "x"]), st.text(max_size=5)),
)
def test_render_brace_soup(template: str, fields: dict[str, str]) -> None:
    result = render(template, fields)
    if "{{" not in template:
        assert result == template


def test_render_script_fills_everything() -> None:
    script = parse_script(
        "# Call {{lead.name}}\n## Opening\nHi {{lead.name}}\n"
        "## Objections\n### {{lead.name}} is busy\nOK {{agent.name}}"
    )
    filled = render_script(script, {"lead.name": "Ann"})
    assert filled.title == "Call Ann"
    assert filled.opening == ScriptSection("opening", "opening", "Opening", "Hi Ann")
    assert filled.objections == (Objection("obj-1", "Ann is busy", "OK [agent.name?]"),)
    assert script.title == "Call {{lead.name}}"  # original untouched


@settings(max_examples=150)
@given(st.text())
def test_parse_never_raises(text: str) -> None:
    script = parse_script(text)
    assert isinstance(script, Script)
    assert script.sections
    ids = [s.id for s in script.sections] + [o.id for o in script.objections]
    assert len(ids) == len(set(ids))
    lint_script(text)


@settings(max_examples=150)
@given(
    st.lists(
        st.sampled_from(
            [
                "# T",
                "## Opening",
                "## 异议处理",
                "### 贵",
                "### x {#obj-a}",
                "```",
                "text",
                "",
                "## 其他",
                "[a](#obj-a)",
                "{{lead.name}}",
                "{{x",
            ]
        )
    ).map("\n".join)
)
def test_parse_structured_noise(text: str) -> None:
    script = parse_script(text)
    rendered = render_script(script, {"lead.name": "N"})
    assert len(rendered.sections) == len(script.sections)
    assert all("{{lead.name}}" not in s.body for s in rendered.sections)


# --- links and lint -------------------------------------------------------------------------


def test_objection_links() -> None:
    assert objection_links("See [price](#obj-price) or [web](https://x) and [x](#obj-2).") == [
        "obj-price",
        "obj-2",
    ]


def test_lint_clean_scripts() -> None:
    assert lint_script(CHINESE) == []
    assert lint_script(ENGLISH) == []


def test_lint_reports_problems() -> None:
    text = "\n".join(
        [
            "# Bad",  # 1
            "## Pitch",  # 2
            "See [answer](#obj-missing) and [pitch](#pitch).",  # 3
            "Hello {{customer.name}} and {{lead}} and {{lead.name}}.",  # 4
            "Broken {{lead.name} here",  # 5
            "## Objections {#objections}",  # 6
            "No answers yet.",  # 7
            "## Twice {#pitch}",  # 8
        ]
    )
    warnings = lint_script(text)
    assert any(w.startswith("No opening section") for w in warnings)
    assert "Line 3: link '#obj-missing' points to no objection" in warnings
    assert not any("#pitch'" in w for w in warnings)  # section links are fine
    assert any(w.startswith("Line 4: unknown field '{{customer.name}}'") for w in warnings)
    assert any(w.startswith("Line 4: unknown field '{{lead}}'") for w in warnings)
    assert not any("{{lead.name}}'" in w for w in warnings)
    assert any(w.startswith("Line 5:") and "not a field" in w for w in warnings)
    assert any("objections section has no objections" in w for w in warnings)
    assert "Id 'pitch' is used more than once" in warnings
    assert len(warnings) == 7


def test_lint_empty_script() -> None:
    assert lint_script("") == [
        "No opening section: add '## Opening' (or '## 开场白') so the rep says"
        " who they are and why they call"
    ]
