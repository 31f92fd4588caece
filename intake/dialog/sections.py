"""Read the structure of a report before any keyword rule: title, template sections, labels.

Developers paste GitHub issue templates ("### OpenIM Server Version"), bold labels
("**Steps to reproduce**"), and ``key: value`` lines ("SDK版本：3.8.1"). ``parse`` turns
a text into a :class:`Report`: its title (and the tag in it, ``[BUG]``), and a list of
:class:`Section` whose ``kind`` says what the heading is about (see
``intake.dialog.vocabulary.heading_kind``). Text before the first heading is a ``description``.

Example:
    >>> r = parse("[BUG] unread count wrong\\n\\n### OpenIM Server Version\\n\\n3.8.2\\n\\n"
    ...           "### What did you expect?\\n\\nzero")
    >>> r.tag, r.title, r.first("server_version"), r.first("expected")
    ('bug', 'unread count wrong', '3.8.2', 'zero')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.dialog.vocabulary import heading_kind, label_kind

__all__ = ["CLIENT_FACT_KINDS", "NARRATIVE_KINDS", "SERVER_KINDS", "Report", "Section", "parse"]

# Sections about the server host: their words never become client facts.
SERVER_KINDS = frozenset({"server_version", "server_os", "deployment"})
# Short sections that hold one client fact each.
CLIENT_FACT_KINDS = frozenset({"sdk_version", "platform", "device_model", "os_version"})
# Sections that are the developer's own account of the problem.
NARRATIVE_KINDS = frozenset({"title", "description", "repro", "expected", "actual", "feature", "environment", "other"})


@dataclass(frozen=True, slots=True)
class Section:
    kind: str  # a heading kind, "description" (no heading) or "other" (unknown heading)
    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    tag: str | None  # bug | feature | docs | deployment | question, from "[BUG]", "Docs:" …
    sections: tuple[Section, ...]
    templated: bool  # at least one heading or label was recognised

    def first(self, kind: str) -> str:
        """The text of the first non-empty section of ``kind`` (``""`` if none)."""
        return next((s.text for s in self.sections if s.kind == kind and s.text), "")

    def texts(self, *kinds: str) -> str:
        return "\n\n".join(s.text for s in self.sections if s.kind in kinds and s.text)

    def kinds(self) -> frozenset[str]:
        return frozenset(s.kind for s in self.sections if s.text)

    def narrative(self, *, facts: bool = True) -> str:
        """Title and the sections in the developer's words, without server facts or headings.

        ``facts=False`` also leaves out the one-fact client sections ("Device Model: all").
        """
        kinds = (*NARRATIVE_KINDS, "logs", "screenshots", *(CLIENT_FACT_KINDS if facts else ()))
        body = "\n\n".join(s.text for s in self.sections if s.kind in kinds and s.text)
        return "\n\n".join(t for t in (self.title, body) if t)


_OPEN, _CLOSE = r"[\[【(（]\s*", r"\s*[\]】)）]\s*[:：]?"
_TAGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (tag, re.compile(rf"^\s*(?:{_OPEN}(?:{words}){_CLOSE}|(?:{words})\s*[:：])", re.IGNORECASE))
    for tag, words in (
        ("feature", r"feature(?:\s+request)?|feat|enhancement|proposal|需求|功能需求|建议"),
        ("docs", r"docs?|documentation|文档"),
        ("deployment", r"deploy(?:ment)?|部署"),
        ("question", r"question|q&a|help|support|咨询|提问|问题咨询"),
        ("bug", r"bug(?:\s+report)?|defect|缺陷|故障"),
    )
)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<h>.+?)\s*#*\s*$")
_BOLD_ALONE = re.compile(r"^\s*(?:[-*]\s+)?\*\*(?P<h>[^*\n]{2,60}?)\*\*\s*[:：]?\s*$")
_BOLD_VALUE = re.compile(r"^\s*(?:[-*]\s+)?\*\*(?P<h>[^*\n]{2,40}?)\s*[:：]?\s*\*\*\s*[:：]?\s*(?P<v>\S.*)$")
_KEY_VALUE = re.compile(
    r"^\s*(?:[-*•]\s+)?(?P<h>[A-Za-z\u4e00-\u9fff][A-Za-z\u4e00-\u9fff /_-]{1,38})"
    r"\s*[:：]\s*(?P<v>.*)$"
)
_KEY_ALONE = re.compile(
    r"^\s*(?P<h>[A-Za-z\u4e00-\u9fff][A-Za-z\u4e00-\u9fff /_-]{1,38})\s*[:：]\s*$"
)
_FENCE = re.compile(r"^\s*(?:```|~~~)")


_PLACEHOLDER = re.compile(
    r"^\s*[\[(（]?\s*(?:(?:e\.?\s?g\.?|例如|比如|such\s+as|n/?a|none|null|unknown|未知|不知道|不清楚|-+|\.{3})"
    r"(?=$|[\s,，:：;；.。(（])|<[^>\n]*>\s*$)",
    re.IGNORECASE,
)


def _clean(text: str) -> str:
    """A template field left at its example or "unknown" says nothing."""
    text = text.strip()
    return "" if len(text) <= 60 and _PLACEHOLDER.match(text) else text


def _tag(title: str) -> tuple[str | None, str]:
    for tag, pattern in _TAGS:
        m = pattern.match(title)
        if m:
            return tag, title[m.end() :].strip()
    return None, title.strip()


def _heading(line: str) -> tuple[str, str, str | None] | None:
    """``(kind, heading, inline value or None)`` when ``line`` is a heading or a label."""
    for pattern, inline, strict in (
        (_MD_HEADING, False, False),
        (_BOLD_ALONE, False, False),
        (_BOLD_VALUE, True, False),
        (_KEY_ALONE, False, True),
        (_KEY_VALUE, True, True),
    ):
        m = pattern.match(line)
        if not m:
            continue
        heading = m.group("h")
        kind = label_kind(heading) if strict else heading_kind(heading)
        if kind is None:
            if strict:
                return None  # "Note: …" is prose, not a section
            kind = "other"
        value = m.group("v").strip() if inline else None
        if strict and inline and not value:
            return None
        return kind, heading.strip(), value
    return None


def parse(text: str) -> Report:
    """Split ``text`` into a title, a tag and its sections (see the module docstring)."""
    lines = text.replace("\r\n", "\n").split("\n")
    title = ""
    start = 0
    tag, first = _tag(lines[0]) if lines else (None, "")
    # A title is a short first line followed by a blank line or by a heading.
    if (
        len(lines) > 1
        and len(lines[0]) <= 200
        and (tag or not _heading(lines[0]))
        and (not lines[1].strip() or _heading(lines[1]))
    ):
        title, start = first.lstrip(":： ").strip(), 1
    elif tag is not None:
        lines[0] = first
    sections: list[Section] = []
    kind, heading, buf = "description", "", []
    in_code = False
    templated = False
    for line in lines[start:]:
        if _FENCE.match(line):
            in_code = not in_code
            buf.append(line)
            continue
        found = None if in_code else _heading(line)
        if found is None:
            buf.append(line)
            continue
        new_kind, new_heading, value = found
        if new_kind == "other":  # an unknown heading ("### I ran the test and got:") is content
            buf.append(new_heading if value is None else line)
            continue
        sections.append(Section(kind, heading, _clean("\n".join(buf))))
        templated = templated or new_kind != "other"
        if value is not None:  # "SDK version: 3.8.1": a section of its own line
            sections.append(Section(new_kind, new_heading, _clean(value)))
            kind, heading, buf = _after_label(kind, new_kind), "", []
        else:
            kind, heading, buf = new_kind, new_heading, []
    sections.append(Section(kind, heading, _clean("\n".join(buf))))
    return Report(title, tag, tuple(s for s in sections if s.text or s.heading), templated)


def _after_label(previous: str, label_kind: str) -> str:
    """After a ``key: value`` line the text goes on in the section it interrupted."""
    return previous if previous not in ("server_version", "server_os", "deployment") else "description"
