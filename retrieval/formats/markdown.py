"""Markdown and MDX pages -> sections split on headings.

MDX is reduced to Markdown first: front matter is parsed, ``import``/``export``
statements and JSX comments are dropped, JSX tags such as Docusaurus ``<Tabs>`` and
``<TabItem>`` are removed while their inner text stays (a ``TabItem`` leaves its
label behind so "iOS" still finds the iOS tab), and admonitions (``:::info``) keep
their text. Fenced code blocks are kept verbatim and never rewritten.
"""

from __future__ import annotations

import re

import yaml

from retrieval.formats.section import (
    YAML_ERRORS,
    FormatError,
    Page,
    Section,
    scalar_text,
    slugify,
    yaml_problem,
)

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# "{#" may not repeat inside the id: a line of many "{#" then stays linear to scan.
_CUSTOM_ID = re.compile(r"\{#([^{}]+)\}\s*$")
_IMPORT = re.compile(r"^\s*import\s.+\sfrom\s+['\"].+['\"];?\s*$|^\s*import\s+['\"].+['\"];?\s*$")
_IMPORT_OPEN = re.compile(r"^\s*import\s[^'\"]*\{[^}]*$")  # import {⏎ A,⏎ B⏎ } from '…'
_EXPORT = re.compile(r"^\s*export\s")
_JSX_TAG_MAX_LINES = 50
_TAB_LABEL = re.compile(r"""\blabel\s*=\s*["']([^"']+)["']""")
_TAB_VALUE = re.compile(r"""\bvalue\s*=\s*["']([^"']+)["']""")
_TAG = re.compile(r"</?[A-Za-z][\w.:-]*(?:\s[^<>]*)?/?>")
_ADMONITION = re.compile(r"^\s*:::\s*(\w+)?\s*(.*)$")
# A link target may hold one level of parentheses (wiki URLs); the target stops at the
# next unmatched "(", so a line of many unclosed "[a](" is read in linear time.
_TARGET = r"\((?:[^()]|\([^()]*\))*\)"
_IMAGE = re.compile(r"!\[([^\]]*)\]" + _TARGET)
_LINK = re.compile(r"\[([^\]]+)\]" + _TARGET)


def split_front_matter(text: str, *, name: str) -> tuple[dict[str, object], str]:
    """Return (front matter, body). Raises FormatError for malformed YAML."""
    if not text.startswith("---"):
        return {}, text
    end = re.search(r"^---\s*$", text[3:], re.MULTILINE)
    if end is None:
        raise FormatError(f"{name}: front matter starts with '---' but is never closed")
    raw = text[3 : 3 + end.start()]
    try:
        meta = yaml.safe_load(raw) or {}
    except YAML_ERRORS as exc:
        raise FormatError(f"{name}: front matter is not valid YAML ({yaml_problem(exc)})") from exc
    if not isinstance(meta, dict):
        raise FormatError(f"{name}: front matter must be a mapping, got {type(meta).__name__}")
    return {str(k): v for k, v in meta.items()}, text[3 + end.end() :]


def _strip_jsx_block(lines: list[str], start: int) -> int | None:
    """Skip a multi-line JSX opening tag; the index after its closing '>', or None if unclosed."""
    depth = 0
    for i in range(start, min(len(lines), start + _JSX_TAG_MAX_LINES)):
        if i > start and _FENCE.match(lines[i]):
            return None  # a tag never spans a code fence: this one was left open
        for ch in lines[i]:
            if ch in "{[":
                depth += 1
            elif ch in "}]":
                depth -= 1
        if depth <= 0 and lines[i].rstrip().endswith(">"):
            return i + 1
    return None


def mdx_to_markdown(body: str) -> str:
    """Reduce MDX to plain Markdown (code fences untouched)."""
    out: list[str] = []
    lines = body.splitlines()
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            i += 1
            continue
        if in_fence:
            out.append(line)
            i += 1
            continue
        if _IMPORT.match(line):
            i += 1
            continue
        if _EXPORT.match(line) or _IMPORT_OPEN.match(line):
            # An unclosed statement loses only its own line, never the rest of the page.
            i = _skip_statement(lines, i) or i + 1
            continue
        stripped = line.strip()
        if (
            stripped.startswith("<")
            and not stripped.endswith(">")
            and re.match(r"<[A-Z]", stripped)
        ):
            end = _strip_jsx_block(lines, i)
            if end is not None:
                out.append(_tag_text(" ".join(lines[i:end])))
            i = end or i + 1
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            title = admonition.group(2).strip()
            if title:
                out.append(title)
            i += 1
            continue
        out.append(_TAG.sub(_tag_replacement, line))
        i += 1
    text = _drop_spans("\n".join(out), "{/*", "*/}")
    return _drop_spans(text, "<!--", "-->")


def _drop_spans(text: str, opener: str, closer: str) -> str:
    """``text`` without each ``opener … closer`` span (comments), in one linear pass.

    >>> _drop_spans("a{/* x */}b{/* open", "{/*", "*/}")
    'ab{/* open'
    """
    out: list[str] = []
    pos = 0
    while (start := text.find(opener, pos)) >= 0:
        end = text.find(closer, start + len(opener))
        if end < 0:
            break  # no later opener can close either
        out.append(text[pos:start])
        pos = end + len(closer)
    out.append(text[pos:])
    return "".join(out)


def _skip_statement(lines: list[str], start: int) -> int | None:
    """The index after a bracket-balanced statement, or None if it never closes."""
    depth = 0
    for i in range(start, len(lines)):
        if i > start and _FENCE.match(lines[i]):
            return None
        depth += lines[i].count("{") + lines[i].count("[") + lines[i].count("(")
        depth -= lines[i].count("}") + lines[i].count("]") + lines[i].count(")")
        if depth <= 0:
            return i + 1
    return None


def _tag_text(tag: str) -> str:
    if not tag.startswith("<TabItem"):
        return ""
    label = _TAB_LABEL.search(tag) or _TAB_VALUE.search(tag)
    return f"{label.group(1)}:" if label else ""


def _tag_replacement(match: re.Match[str]) -> str:
    return _tag_text(match.group(0))


def clean_inline(text: str) -> str:
    """Links and images keep their visible text; whitespace runs collapse."""
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def sections_from_markdown(body: str, *, title: str) -> list[Section]:
    """Split Markdown on headings into sections carrying their heading path."""
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    anchor = ""
    buf: list[str] = []
    in_fence = False

    def flush() -> None:
        text = clean_inline("\n".join(buf))
        if text:
            titles = (title, *(t for _, t in stack if t and t != title))
            sections.append(Section(titles=titles, anchor=anchor, text=text))
        buf.clear()

    for line in body.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading is None:
            buf.append(line)
            continue
        flush()
        level = len(heading.group(1))
        raw = heading.group(2)
        custom = _CUSTOM_ID.search(raw)
        name = clean_inline(_CUSTOM_ID.sub("", raw)).strip("* ")
        anchor = custom.group(1) if custom else slugify(name)
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, name))
    flush()
    return sections


def read_markdown(text: str, *, name: str) -> Page:
    """Read a Markdown page.

    >>> page = read_markdown("# Setup\\n\\nInstall.\\n\\n## Android\\n\\nUse Gradle.", name="x.md")
    >>> [s.titles for s in page.sections]
    [('Setup',), ('Setup', 'Android')]
    """
    meta, body = split_front_matter(text, name=name)
    return _page(meta, body, name=name)


def read_mdx(text: str, *, name: str) -> Page:
    """Read an MDX page: front matter, imports, exports and JSX reduced to Markdown."""
    meta, body = split_front_matter(text, name=name)
    return _page(meta, mdx_to_markdown(body), name=name)


def _page(meta: dict[str, object], body: str, *, name: str) -> Page:
    title = scalar_text(meta.get("title"))
    if not title:
        first = re.search(r"^#\s+(.+)$", body, re.MULTILINE)
        title = clean_inline(first.group(1)).strip() if first else ""
    if not title:
        title = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    sections = sections_from_markdown(body, title=title)
    if not sections and body.strip():
        raise FormatError(f"{name}: no readable text")
    return Page(title=title, sections=tuple(sections), meta=meta)
