"""Plain typed values that flow out of ``retrieval``."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(enum.StrEnum):
    DOC = "doc"
    FAQ = "faq"


@dataclass(frozen=True, slots=True)
class Chunk:
    """One searchable piece of a page: a section under a heading, or one FAQ entry.

    ``id`` is stable across rebuilds (source path + position), ``page`` identifies the
    page independent of language so that the zh and en versions of a page compare
    equal, and ``url`` carries the anchor of the section for citations.
    """

    id: str
    text: str
    title_path: tuple[str, ...]
    source: str  # path relative to the corpus root, POSIX separators
    page: str  # language-independent page key
    url: str
    lang: str  # "zh" or "en"
    kind: Kind
    question: str = ""  # FAQ chunks: the question, matched question to question


@dataclass(frozen=True, slots=True)
class Hit:
    """A chunk with the scores that ranked it."""

    chunk: Chunk
    score: float  # fused score, higher is better
    dense: float | None = None  # cosine similarity, when the dense leg saw it
    bm25: float | None = None  # raw BM25 score, when the sparse leg saw it
    rank: int = 0


@dataclass(frozen=True, slots=True)
class Answer:
    """A confident answer: the passages to quote and where they came from."""

    question: str
    passages: tuple[Hit, ...]
    confidence: float

    @property
    def sources(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for hit in self.passages:
            seen.setdefault(hit.chunk.url, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class NoAnswer:
    """The docs do not answer this; ``nearest`` are shown only as "maybe related"."""

    question: str
    confidence: float
    nearest: tuple[Hit, ...] = ()


@dataclass(frozen=True, slots=True)
class Suggestions:
    """The middle tier: pages that look relevant, shown as titles and links, not quoted.

    The bot is not sure enough to quote a passage as *the* answer (``confidence`` is the
    calibrated probability that one of these pages answers the question), so the reply
    says so and offers a human next to the links.
    """

    question: str
    pages: tuple[Hit, ...]  # one hit per page, best first
    confidence: float

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(hit.chunk.url for hit in self.pages))
