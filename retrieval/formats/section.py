"""The values every format reader produces."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import yaml


class FormatError(ValueError):
    """A file could not be read as its format; the message says where and why."""


# PyYAML builds dates and integers with Python's own constructors, so a value such as
# ``date: 2024-13-01`` or a 5000-digit number raises ValueError, and deep nesting
# raises RecursionError: all of them mean "this YAML is malformed".
YAML_ERRORS: tuple[type[Exception], ...] = (yaml.YAMLError, ValueError, RecursionError)


def yaml_problem(exc: Exception) -> str:
    """One line saying what is wrong with a YAML text, and where when PyYAML knows.

    >>> try:
    ...     yaml.safe_load("title: [oops")
    ... except yaml.YAMLError as exc:
    ...     print(yaml_problem(exc))
    expected ',' or ']', but got '<stream end>' at line 1, column 13
    """
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        return f"{exc.problem or exc.context} at line {mark.line + 1}, column {mark.column + 1}"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return " ".join(str(exc).split())


def scalar_text(value: object) -> str:
    """A YAML scalar as stripped text; "" for a missing value, list or mapping.

    >>> scalar_text(" Setup "), scalar_text(3.6), scalar_text(["a"]), scalar_text(None)
    ('Setup', '3.6', '', '')
    """
    return str(value).strip() if isinstance(value, str | int | float) else ""


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
