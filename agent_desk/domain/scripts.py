"""Talk-tracks (话术): campaign scripts written in Markdown.

A script is Markdown with one level-1 heading (its title) and level-2 sections. A
section's kind comes from an explicit id (``## Opening {#opening}``) or from its
heading text, in English or Chinese (开场白, 需求挖掘, 产品介绍, 异议处理, 促成). In the
objections section each level-3 heading is one objection answer, reachable from
anywhere through a link such as ``[太贵了](#obj-price)``. Parsing never fails: admins
write these by hand, and a rough script is better on screen than none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from agent_desk.domain import script_fields
from agent_desk.domain.script_fields import objection_links, render, trim_blank_lines

__all__ = [
    "KINDS",
    "Objection",
    "Script",
    "ScriptSection",
    "lint_script",
    "objection_links",
    "parse_script",
    "render",
    "render_script",
]

# Order matters: a heading naming two kinds gets the first one listed.
_KIND_WORDS: Mapping[str, tuple[str, ...]] = {
    "opening": ("opening", "greeting", "开场白", "开场", "自我介绍"),
    "discovery": ("discovery", "needs", "需求挖掘", "需求"),
    "pitch": ("pitch", "presentation", "产品介绍", "介绍"),
    "objections": ("objections", "objection", "异议处理", "异议"),
    "close": ("close", "closing", "促成", "成交", "结束语", "结束"),
}
KINDS: tuple[str, ...] = (*_KIND_WORDS, "other")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+$")
_ATTRIBUTE = re.compile(r"\s*\{#([\w.:-]+)\}$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_INTRO_ID = "intro"


@dataclass(frozen=True)
class ScriptSection:
    """One level-2 section: ``kind`` is one of `KINDS`, ``body`` is Markdown."""

    id: str
    kind: str
    title: str
    body: str


@dataclass(frozen=True)
class Objection:
    """One objection answer (a level-3 heading in the objections section)."""

    id: str
    title: str
    body: str


@dataclass(frozen=True)
class Script:
    """A parsed talk-track.

    The objections section's body holds only its text before the first objection;
    the answers are in `objections` so the UI can show them as buttons.
    """

    title: str
    sections: tuple[ScriptSection, ...]
    objections: tuple[Objection, ...]

    @property
    def opening(self) -> ScriptSection | None:
        """The opening, pinned at the top of every call; None if the script has none."""
        return self.section("opening")

    def section(self, kind_or_id: str) -> ScriptSection | None:
        """The section with this id, else the first of this kind, else None."""
        for section in self.sections:
            if section.id == kind_or_id:
                return section
        return next((s for s in self.sections if s.kind == kind_or_id), None)

    def objection(self, objection_id: str) -> Objection | None:
        """The objection with this id (a link target without ``#``), or None."""
        return next((o for o in self.objections if o.id == objection_id), None)

    def field_names(self) -> set[str]:
        """Every field name used anywhere in the script."""
        texts = [self.title]
        texts += [t for s in self.sections for t in (s.title, s.body)]
        texts += [t for o in self.objections for t in (o.title, o.body)]
        return {name for text in texts for name in script_fields.field_names(text)}


@dataclass
class _Heading:
    level: int
    text: str
    explicit_id: str | None


def _lines(markdown: str) -> Iterator[tuple[str, _Heading | None]]:
    """Each line with its ATX heading, if any; headings inside code fences are text."""
    fence: str | None = None
    for line in markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        fence_match = _FENCE.match(line)
        if fence is not None:
            if fence_match and fence_match[1][0] == fence[0] and len(fence_match[1]) >= len(fence):
                fence = None
            yield line, None
            continue
        if fence_match:
            fence = fence_match[1]
            yield line, None
            continue
        match = _HEADING.fullmatch(line)
        if match is None:
            yield line, None
            continue
        text = _CLOSING_HASHES.sub("", match[2] or "")
        attribute = _ATTRIBUTE.search(text)
        explicit = attribute[1] if attribute else None
        if attribute:
            text = text[: attribute.start()]
        yield line, _Heading(len(match[1]), text.strip(), explicit)


def _kind_of(title: str, explicit_id: str | None) -> str:
    if explicit_id is not None:
        wanted = explicit_id.casefold()
        for kind, words in _KIND_WORDS.items():
            if wanted == kind or wanted in words:
                return kind
    folded = title.casefold()
    for kind, words in _KIND_WORDS.items():
        for word in words:
            if word.isascii():
                if re.search(rf"\b{word}\b", folded):
                    return kind
            elif word in folded:
                return kind
    return "other"


def _slug(title: str) -> str:
    return re.sub(r"[\W_]+", "-", title.casefold()).strip("-")


class _Ids:
    """Hands out unique ids; a repeated one gets ``-2``, ``-3`` ... and is noted."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.duplicates: list[str] = []

    def take(self, wanted: str, explicit: bool) -> str:
        candidate, n = wanted, 1
        while candidate in self.used:
            n += 1
            candidate = f"{wanted}-{n}"
        if explicit and candidate != wanted:
            self.duplicates.append(wanted)
        self.used.add(candidate)
        return candidate


def _parse(markdown: str) -> tuple[Script, list[str]]:
    """The script plus the ids that were given twice (for `lint_script`)."""
    text = markdown if isinstance(markdown, str) else ""
    title: str | None = None
    blocks: list[tuple[_Heading | None, list[str]]] = [(None, [])]
    for line, heading in _lines(text):
        if heading and heading.level == 1 and title is None and len(blocks) == 1:
            title = heading.text
        elif heading and heading.level == 2:
            blocks.append((heading, []))
        else:
            blocks[-1][1].append(line)
    ids = _Ids()
    sections: list[ScriptSection] = []
    objections: list[Objection] = []
    intro = trim_blank_lines(blocks[0][1])
    if intro or len(blocks) == 1:
        sections.append(ScriptSection(ids.take(_INTRO_ID, False), "other", "", intro))
    for heading, lines in blocks[1:]:
        assert heading is not None  # every block after the first starts at a heading
        kind = _kind_of(heading.text, heading.explicit_id)
        wanted = heading.explicit_id or (kind if kind != "other" else _slug(heading.text))
        section_id = ids.take(wanted or f"section-{len(sections) + 1}", bool(heading.explicit_id))
        if kind == "objections":
            lines = _split_objections(lines, ids, objections)
        sections.append(ScriptSection(section_id, kind, heading.text, trim_blank_lines(lines)))
    script = Script(title or "", tuple(sections), tuple(objections))
    return script, ids.duplicates


def _split_objections(lines: list[str], ids: _Ids, found: list[Objection]) -> list[str]:
    """Collect level-3 objections into `found`; return the section's own lines."""
    own: list[str] = []
    current: tuple[_Heading, list[str]] | None = None

    def flush() -> None:
        if current is not None:
            heading, body = current
            wanted = heading.explicit_id or f"obj-{len(found) + 1}"
            found.append(
                Objection(
                    ids.take(wanted, bool(heading.explicit_id)),
                    heading.text,
                    trim_blank_lines(body),
                )
            )

    for line, heading in _lines("\n".join(lines)):
        if heading is not None and heading.level == 3:
            flush()
            current = (heading, [])
        elif current is not None:
            current[1].append(line)
        else:
            own.append(line)
    flush()
    return own


def parse_script(markdown: str) -> Script:
    """Parse a talk-track. Never raises.

    Text before the first section becomes an ``intro`` section (kind ``other``); a
    script without level-2 headings is a single ``intro`` section. The level-1 heading
    used as the title is not part of any body.
    """
    return _parse(markdown)[0]


def render_script(script: Script, fields: Mapping[str, str]) -> Script:
    """The script with fields filled in every title and body (see `render`)."""
    return Script(
        render(script.title, fields),
        tuple(
            ScriptSection(s.id, s.kind, render(s.title, fields), render(s.body, fields))
            for s in script.sections
        ),
        tuple(
            Objection(o.id, render(o.title, fields), render(o.body, fields))
            for o in script.objections
        ),
    )


def lint_script(markdown: str) -> list[str]:
    """English warnings for the admin who uploads a script; empty when all is well.

    Checks: an opening section exists; in-script links point at an objection or
    section; fields start with lead., agent. or campaign.; braces form fields; the
    objections section has objections; ids are not given twice.
    """
    script, duplicates = _parse(markdown)
    warnings: list[str] = []
    if script.opening is None:
        warnings.append(
            "No opening section: add '## Opening' (or '## 开场白') so the rep says"
            " who they are and why they call"
        )
    targets = {o.id for o in script.objections} | {s.id for s in script.sections}
    text = markdown if isinstance(markdown, str) else ""
    for number, line in enumerate(text.splitlines(), start=1):
        for target in objection_links(line):
            if target not in targets:
                warnings.append(f"Line {number}: link '#{target}' points to no objection")
        for name in dict.fromkeys(script_fields.field_names(line)):
            root = name.split(".", 1)[0]
            if root not in script_fields.FIELD_ROOTS or "." not in name:
                warnings.append(
                    f"Line {number}: unknown field '{{{{{name}}}}}'"
                    " (fields start with lead., agent. or campaign.)"
                )
    warnings += [
        f"Line {number}: '{{{{' or '}}}}' that is not a field like {{{{lead.name}}}}"
        for number in script_fields.malformed_field_lines(text)
    ]
    if script.section("objections") is not None and not script.objections:
        warnings.append("The objections section has no objections (add '### ...' headings)")
    warnings += [f"Id '{d}' is used more than once" for d in duplicates]
    return warnings
