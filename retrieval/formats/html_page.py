"""HTML pages -> sections split on <h1>…<h6>.

Only the readable body counts: ``script``, ``style``, ``nav``, ``header``,
``footer``, ``noscript`` and ``template`` are skipped, ``<pre>`` keeps its line
breaks, and an element's ``id`` becomes the section anchor.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from retrieval.formats.section import FormatError, Page, Section, slugify

_SKIP = {"script", "style", "nav", "header", "footer", "noscript", "template", "svg"}
_BLOCK = {"p", "div", "li", "tr", "br", "table", "ul", "ol", "section", "article", "dd", "dt"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.blocks: list[tuple[int, str, str]] = []  # (level 0 = text, heading text, anchor)
        self._skip = 0
        self._in_title = False
        self._heading: tuple[int, str] | None = None
        self._pre = 0
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _HEADINGS and not self._skip:
            self._flush()
            self._heading = (_HEADINGS[tag], dict(attrs).get("id") or "")
        elif tag == "pre":
            self._pre += 1
            self._buf.append("\n```\n")
        elif tag == "li":
            self._buf.append("\n- ")
        elif tag in _BLOCK:
            self._buf.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in _HEADINGS and self._heading is not None:
            level, anchor = self._heading
            text = " ".join("".join(self._buf).split())
            self._buf.clear()
            self._heading = None
            self.blocks.append((level, text, anchor or slugify(text)))
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
            self._buf.append("\n```\n")
        elif tag in _BLOCK:
            self._buf.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title += data
            return
        self._buf.append(data if self._pre else re.sub(r"\s+", " ", data))

    def _flush(self) -> None:
        text = "".join(self._buf)
        self._buf.clear()
        lines = [ln.strip() if not self._pre else ln for ln in text.splitlines()]
        joined = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        if joined:
            self.blocks.append((0, joined, ""))

    def close(self) -> None:
        super().close()
        self._flush()


def read_html(text: str, *, name: str) -> Page:
    """Read an HTML page.

    >>> page = read_html("<title>Notes</title><h2 id='v3'>3.0</h2><p>New.</p>", name="n.html")
    >>> page.sections[0].titles, page.sections[0].anchor, page.sections[0].text
    (('Notes', '3.0'), 'v3', 'New.')
    """
    collector = _Collector()
    try:
        collector.feed(text)
        collector.close()
    except AssertionError as exc:  # html.parser signals hopeless markup this way
        raise FormatError(f"{name}: not parseable as HTML ({exc})") from exc
    title = " ".join(collector.title.split())
    first_h1 = next((t for level, t, _ in collector.blocks if level == 1), "")
    title = title or first_h1 or name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    anchor = ""
    for level, body, block_anchor in collector.blocks:
        if level:
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, body))
            anchor = block_anchor
            continue
        titles = (title, *(t for _, t in stack if t and t != title))
        sections.append(Section(titles=titles, anchor=anchor, text=body))
    if not sections:
        raise FormatError(f"{name}: no readable text in the HTML body")
    return Page(title=title, sections=tuple(sections))
