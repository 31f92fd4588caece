"""Search the index and decide whether the docs answer a question.

Two legs rank chunks: dense (cosine over FAISS) and sparse (BM25). They are fused
with weighted reciprocal-rank fusion; the dense leg's weight depends on the
query's language, because the default embedding model was trained on English
and ranks Chinese text poorly (measured in docs/benchmarks.md).

``answer()`` returns an :class:`~retrieval.types.Answer` only when the best hit is
convincing — see :func:`confidence` — and a :class:`~retrieval.types.NoAnswer`
otherwise. It never writes text of its own: an answer is quoted passages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from retrieval.embed import Embedder, Vectors
from retrieval.index import Index, index_text, load_index
from retrieval.manifest import IndexSettings
from retrieval.tokenize import tokenize
from retrieval.types import Answer, Hit, Kind, NoAnswer
from textlang import detect_lang

Method = Literal["fused", "dense", "bm25"]


@dataclass(frozen=True, slots=True)
class SearchConfig:
    """Knobs of search and abstention, with the defaults measured in docs/benchmarks.md."""

    candidates: int = 50  # per leg, before fusion
    rrf_k: int = 60
    bm25_weight: float = 1.0
    dense_weight_en: float = 0.5
    dense_weight_zh: float = 0.25
    threshold: float = 0.45  # confidence below this -> NoAnswer
    max_passages: int = 3


class Retriever:
    """Query an index with one embedder.

    Example:
        >>> r = Retriever.open(Path(".supportbot/index"), SentenceTransformerEmbedder())  # doctest: +SKIP
        >>> r.answer("How do I collect SDK logs?").sources                                 # doctest: +SKIP
        ('https://docs.nimbus-im.example/en/collecting-logs#export-logs',)
    """

    def __init__(
        self, index: Index, embedder: Embedder, config: SearchConfig | None = None
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.config = config or SearchConfig()

    @classmethod
    def open(
        cls,
        folder: Path,
        embedder: Embedder,
        *,
        settings: IndexSettings | None = None,
        config: SearchConfig | None = None,
    ) -> Retriever:
        index = load_index(folder, model=embedder.name, dim=embedder.dim, settings=settings)
        return cls(index, embedder, config)

    def search(self, query: str, k: int = 5, *, method: Method = "fused") -> list[Hit]:
        """The ``k`` best chunks for ``query``, best first."""
        n = max(k, self.config.candidates)
        vector = self.embedder.encode([query])[0] if method in ("fused", "dense") else None
        dense = self.index.dense_search(vector, n) if vector is not None else {}
        sparse = self.index.bm25_search(tokenize(query), n) if method in ("fused", "bm25") else {}
        if method == "dense":
            order = sorted(dense, key=lambda c: -dense[c])
            scores = dense
        elif method == "bm25":
            order = sorted(sparse, key=lambda c: -sparse[c])
            scores = sparse
        else:
            scores = self._fuse(dense, sparse, lang=detect_lang(query))
            order = sorted(scores, key=lambda c: -scores[c])
        return [
            Hit(
                chunk=self.index.chunks[c],
                score=scores[c],
                dense=self._cosine(vector, c, dense),
                bm25=sparse.get(c),
                rank=rank,
            )
            for rank, c in enumerate(order[:k], start=1)
        ]

    def _cosine(self, vector: Vectors | None, chunk: int, seen: dict[int, float]) -> float | None:
        """The dense leg's score, computed only for a chunk that leg did not return."""
        if chunk in seen:
            return seen[chunk]
        return None if vector is None else self.index.similarity(vector, chunk)

    def answer(self, question: str) -> Answer | NoAnswer:
        """Quote the docs when they answer ``question``; otherwise say so."""
        hits = self.search(question, k=10)
        if not hits:
            return NoAnswer(question=question, confidence=0.0)
        scored = [replace(h, score=confidence(question, h, self.index)) for h in hits[:5]]
        best = max(scored, key=lambda h: h.score)
        if best.score < self.config.threshold:
            return NoAnswer(question=question, confidence=best.score, nearest=tuple(hits[:3]))
        passages = [best] + [
            h
            for h in scored
            if h is not best
            and h.score >= self.config.threshold
            and h.chunk.page != best.chunk.page
        ]
        return Answer(
            question=question,
            passages=tuple(passages[: self.config.max_passages]),
            confidence=best.score,
        )

    def _fuse(
        self, dense: dict[int, float], sparse: dict[int, float], *, lang: str
    ) -> dict[int, float]:
        cfg = self.config
        w_dense = cfg.dense_weight_zh if lang == "zh" else cfg.dense_weight_en
        fused: dict[int, float] = {}
        for weight, leg in ((w_dense, dense), (cfg.bm25_weight, sparse)):
            ranked = sorted(leg, key=lambda c: -leg[c])
            for rank, chunk in enumerate(ranked, start=1):
                fused[chunk] = fused.get(chunk, 0.0) + weight / (cfg.rrf_k + rank)
        return fused


def coverage(question: str, hit: Hit, index: Index) -> float:
    """IDF-weighted share of the question's terms that the hit contains (0..1)."""
    q_terms = set(tokenize(question))
    if not q_terms:
        return 0.0
    doc_terms = set(tokenize(index_text(hit.chunk)))
    weights = {t: index.idf(t) for t in q_terms}
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in weights.items() if t in doc_terms) / total


def confidence(question: str, hit: Hit, index: Index) -> float:
    """How sure we are that ``hit`` answers ``question``, on a 0..1 scale.

    The mean of term coverage and dense similarity (cosine, clipped at 0), with a
    bonus for an FAQ whose question is itself a close match.
    """
    cov = coverage(question, hit, index)
    cos = max(0.0, hit.dense or 0.0)
    score = 0.5 * cov + 0.5 * cos
    if hit.chunk.kind is Kind.FAQ and cos > 0.75:
        score = max(score, cos)
    return float(min(1.0, max(0.0, score))) if math.isfinite(score) else 0.0
