"""The values every format reader produces."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


class FormatError(ValueError):
    """A file could not be read as its format; the message says where and why."""


@dataclass(frozen=True, slots=True)
class Section:
    """Text under one heading; ``titles`` is the heading path from the page title down."""

    titles: tuple[str, ...]
    anchor: str
    text: str


@dataclass(frozen=True, slots=True)
class FaqEntry:
    id: str
    question: str
    answer: str
    tags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    title: str
    sections: tuple[Section, ...] = ()
    faq: tuple[FaqEntry, ...] = ()
    meta: dict[str, object] = field(default_factory=dict)


_NON_SLUG = re.compile(r"[^\w\- ]+", re.UNICODE)


def slugify(heading: str) -> str:
    """Anchor for a heading the way static site generators make them.

    >>> slugify("Firewall & Ports (TCP 443)")
    'firewall--ports-tcp-443'
    >>> slugify("三、 如何清除数据")
    '三-如何清除数据'
    """
    text = unicodedata.normalize("NFKC", heading).strip().lower()
    text = _NON_SLUG.sub("", text)
    return re.sub(r"\s", "-", text.strip())
