"""Search the index and decide how sure the bot is that the docs answer a question.

A question is first read like an engineer reads an issue (:mod:`retrieval.query`):
title and key sentences are searched, logs and template boilerplate are not, and
exact identifiers (API names, error codes, config keys) weigh more in BM25.

Two legs rank chunks: dense (cosine over FAISS) and sparse (BM25). By default they
are fused by normalised scores: each leg's scores are divided by that leg's best
score, a chunk one leg did not return gets that leg's lowest, and the dense leg is
weighted (per language). Unlike reciprocal-rank fusion this keeps *how far* a leg's
best hit is ahead, so one leg that is sure is not outvoted by the other's noise
(measured in docs/benchmarks.md; ``fusion="rrf"`` keeps the older rank fusion).
The dense leg embeds the whole question — the embedding model copes with noise and
loses context from a shortened text — while BM25 searches the read question.

``answer()`` turns the ranking into one of three replies, by a calibrated
probability (:mod:`retrieval.calibration`) that a right page is among the top
pages: an :class:`~retrieval.types.Answer` (quoted passages), a
:class:`~retrieval.types.Suggestions` (links marked as not certain) or a
:class:`~retrieval.types.NoAnswer`. It never writes text of its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from retrieval.calibration import Calibration
from retrieval.embed import Embedder, Vectors
from retrieval.index import Index, index_text, load_index
from retrieval.manifest import IndexSettings
from retrieval.pages import fuse_pages, order_by_page
from retrieval.query import Query, read_question
from retrieval.tokenize import tokenize
from retrieval.types import Answer, Hit, Kind, NoAnswer, Suggestions

Method = Literal["fused", "dense", "bm25"]


@dataclass(frozen=True, slots=True)
class SearchConfig:
    """Knobs of search and of the tiers, with the defaults measured in docs/benchmarks.md."""

    candidates: int = 50  # chunks per leg, before fusion
    fusion: Literal["score", "rrf"] = "score"
    # Score fusion per chunk, or per page (retrieval.pages: better ranking, but the calibrated
    # tiers lose their confidence signals; measured in docs/benchmarks.md).
    aggregate: Literal["chunk", "page"] = "chunk"
    rrf_k: int = 60
    bm25_weight: float = 1.0
    dense_weight_en: float = 2.0
    dense_weight_zh: float = 2.0
    dense_query: Literal["raw", "read"] = "raw"  # what the dense leg embeds
    term_boost: float = 2.0  # extra BM25 weight of an exact identifier from the question
    read_questions: bool = True  # strip logs/boilerplate and boost identifiers (retrieval.query)
    max_passages: int = 3
    suggest_pages: int = 5  # links shown in the middle tier
    calibration: Calibration | None = field(default=None, compare=False)  # None: the shipped one


@dataclass(frozen=True, slots=True)
class Ranking:
    """Everything one search saw: the read query, both legs, and the fused order."""

    query: Query
    dense: dict[int, float]
    sparse: dict[int, float]
    scores: dict[int, float]
    order: list[int]
    vector: Vectors | None
    ceiling: float = 1.0  # the best fused score possible: first in every leg
    pages: dict[str, float] = field(default_factory=dict)  # fused page scores, when fused per page

class Retriever:
    """Query an index with one embedder.

    Example:
        >>> r = Retriever.open(Path(".supportbot/index"), SentenceTransformerEmbedder())  # doctest: +SKIP
        >>> r.answer("How do I collect SDK logs?").sources                                 # doctest: +SKIP
        ('https://docs.nimbus-im.example/en/collecting-logs#export-logs',)
    """

    def __init__(self, index: Index, embedder: Embedder, config: SearchConfig | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.config = config or SearchConfig()
        self.calibration = self.config.calibration or Calibration.load()

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

    def read(self, text: str) -> Query:
        """The question as the search sees it."""
        if self.config.read_questions:
            return read_question(text)
        return Query(raw=text, title=text.strip(), sentences=(), terms=frozenset(), lang=read_question(text).lang)

    def rank(self, question: str, k: int = 10, *, method: Method = "fused") -> Ranking:
        """Run the legs ``method`` needs and order the chunks, best first."""
        query = self.read(question)
        text = query.text or question
        n = max(k, self.config.candidates)
        dense_text = text if self.config.dense_query == "read" else question
        vector = self.embedder.encode([dense_text])[0] if method in ("fused", "dense") else None
        dense = self.index.dense_search(vector, n) if vector is not None else {}
        sparse = self.index.bm25_weighted(self._weights(query, text), n) if method != "dense" else {}
        ceiling = 1.0
        pages: dict[str, float] = {}
        if method == "dense":
            scores = dense
        elif method == "bm25":
            scores = sparse
        else:
            scores = self._fuse(dense, sparse, lang=query.lang)
            cfg = self.config
            weights = cfg.bm25_weight + (cfg.dense_weight_zh if query.lang == "zh" else cfg.dense_weight_en)
            ceiling = weights if cfg.fusion == "score" else weights / (cfg.rrf_k + 1)
            if cfg.fusion == "score" and cfg.aggregate == "page":
                pages = self._fuse_pages(dense, sparse, lang=query.lang)
        order = order_by_page(scores, pages, self._page_of) if pages else sorted(scores, key=lambda c: -scores[c])
        return Ranking(query, dense, sparse, scores, order, vector, ceiling, pages)

    def _page_of(self, chunk: int) -> str:
        return self.index.chunks[chunk].page.split("#", 1)[0]

    def _fuse_pages(self, dense: dict[int, float], sparse: dict[int, float], *, lang: str) -> dict[str, float]:
        cfg = self.config
        w_dense = cfg.dense_weight_zh if lang == "zh" else cfg.dense_weight_en
        legs = [
            (dense, w_dense, len(dense) >= cfg.candidates),
            (sparse, cfg.bm25_weight, len(sparse) >= cfg.candidates),
        ]
        return fuse_pages(legs, self._page_of)

    def search(self, query: str, k: int = 5, *, method: Method = "fused") -> list[Hit]:
        """The ``k`` best chunks for ``query``, best first."""
        return self.hits(self.rank(query, k, method=method), k)

    def hits(self, ranking: Ranking, k: int) -> list[Hit]:
        return [
            Hit(
                chunk=self.index.chunks[c],
                score=ranking.scores[c],
                dense=self._cosine(ranking.vector, c, ranking.dense),
                bm25=ranking.sparse.get(c),
                rank=rank,
            )
            for rank, c in enumerate(ranking.order[:k], start=1)
        ]

    def page_hits(self, ranking: Ranking, k: int) -> list[Hit]:
        """The best chunk of each of the first ``k`` pages, best page first: what the tiers show.

        Ranked per page, a long page's chunks come one after another, so the first ``k``
        chunks can cover only one or two pages.
        """
        firsts: dict[str, int] = {}
        for c in ranking.order:
            firsts.setdefault(self._page_of(c), c)
            if len(firsts) >= k:
                break
        return [
            Hit(
                chunk=self.index.chunks[c],
                score=ranking.scores[c],
                dense=self._cosine(ranking.vector, c, ranking.dense),
                bm25=ranking.sparse.get(c),
                rank=rank,
            )
            for rank, c in enumerate(firsts.values(), start=1)
        ]

    def _weights(self, query: Query, text: str) -> dict[str, float]:
        weights: dict[str, float] = {}
        for token in tokenize(text):
            weights[token] = weights.get(token, 0.0) + 1.0
        for term in query.terms:
            whole = tokenize(term)[:1]  # the identifier itself, not its camelCase parts
            for token in whole:
                weights[token] = weights.get(token, 0.0) + self.config.term_boost
        return weights

    def _cosine(self, vector: Vectors | None, chunk: int, seen: dict[int, float]) -> float | None:
        """The dense leg's score, computed only for a chunk that leg did not return."""
        if chunk in seen:
            return seen[chunk]
        return None if vector is None else self.index.similarity(vector, chunk)

    def answer(self, question: str) -> Answer | Suggestions | NoAnswer:
        """Quote the docs when sure, suggest pages when unsure, or decline — by calibrated probability."""
        ranking = self.rank(question, k=20)
        pages = self.page_hits(ranking, 20)
        if not pages:
            return NoAnswer(question=question, confidence=0.0)
        probability = self.calibration.probability(signals(ranking, pages, self.index))
        tier = self.calibration.tier(probability)
        if tier == "decline":
            # No links: pages too unlikely to help would only blur the line to the middle tier.
            return NoAnswer(question=question, confidence=probability)
        if tier == "suggest":
            return Suggestions(
                question=question, pages=tuple(pages[: self.config.suggest_pages]), confidence=probability
            )
        passages = [replace(h, score=probability if n == 0 else h.score) for n, h in enumerate(pages)]
        return Answer(
            question=question,
            passages=tuple(passages[: self.config.max_passages]),
            confidence=probability,
        )

    def _fuse(self, dense: dict[int, float], sparse: dict[int, float], *, lang: str) -> dict[int, float]:
        cfg = self.config
        w_dense = cfg.dense_weight_zh if lang == "zh" else cfg.dense_weight_en
        if cfg.fusion == "score":
            legs = [(_by_best(dense), w_dense), (_by_best(sparse), cfg.bm25_weight)]
            # A chunk a full leg cut off scored at most its lowest; a leg that returned fewer than
            # asked for (BM25 without shared terms) gave it nothing.
            floors = [min(leg.values(), default=0.0) if len(leg) >= cfg.candidates else 0.0 for leg, _ in legs]
            return {
                c: sum(w * leg.get(c, floor) for (leg, w), floor in zip(legs, floors, strict=True))
                for c in dense.keys() | sparse.keys()
            }
        fused: dict[int, float] = {}
        for weight, leg in ((w_dense, dense), (cfg.bm25_weight, sparse)):
            ranked = sorted(leg, key=lambda c: -leg[c])
            for rank, chunk in enumerate(ranked, start=1):
                fused[chunk] = fused.get(chunk, 0.0) + weight / (cfg.rrf_k + rank)
        return fused


def _by_best(leg: dict[int, float]) -> dict[int, float]:
    """Scores divided by the leg's best one (a leg with nothing positive counts for nothing)."""
    best = max(leg.values(), default=0.0)
    return {c: s / best for c, s in leg.items()} if best > 0 else {}


def _page_order(leg: dict[int, float], index: Index) -> list[tuple[str, float]]:
    seen: dict[str, float] = {}
    for c in sorted(leg, key=lambda c: -leg[c]):
        seen.setdefault(index.chunks[c].page.split("#", 1)[0], leg[c])
    return list(seen.items())


def signals(ranking: Ranking, hits: list[Hit], index: Index) -> dict[str, float]:
    """What the calibration reads: scale-free facts about one search (``hits``: one per page,
    from :meth:`Retriever.page_hits`).

    * ``coverage``: IDF-weighted share of the question's terms in the best passage,
    * ``cosine``: the dense similarity of the best passage,
    * ``dense_margin``, ``bm25_margin``: how far each leg's best page is ahead of its
      second (relative for BM25, whose scale depends on the question),
    * ``agree``: the legs' best pages are the same page (1) or not (0),
    * ``top_in_both``: the fused best page is in the top 3 of both legs,
    * ``terms_found``: share of the question's exact identifiers in the top passages
      (0.5 when it has none),
    * ``length``: log of the number of query tokens; ``zh``: the question is Chinese;
      ``faq``: the best passage is a vendor FAQ entry.
    """
    best = hits[0]
    text = ranking.query.text or ranking.query.raw
    dense_pages = _page_order(ranking.dense, index)
    sparse_pages = _page_order(ranking.sparse, index)
    top_page = best.chunk.page.split("#", 1)[0]

    def margin(pages: list[tuple[str, float]], relative: bool) -> float:
        if len(pages) < 2:
            return 1.0 if pages else 0.0
        gap = pages[0][1] - pages[1][1]
        return gap / pages[0][1] if relative and pages[0][1] > 0 else gap

    fused_pages = (
        sorted(ranking.pages.items(), key=lambda kv: -kv[1]) if ranking.pages else _page_order(ranking.scores, index)
    )
    most = max(fused_pages[0][1], 1e-9) if fused_pages else 1.0
    top3_text = " ".join(index_text(h.chunk) for h in hits[:3]).lower()
    terms = ranking.query.terms
    found = sum(t.lower() in top3_text for t in terms) / len(terms) if terms else 0.5
    return {
        "coverage": coverage(text, best, index),
        "cosine": max(0.0, best.dense or 0.0),
        "dense_margin": margin(dense_pages, relative=False),
        "bm25_margin": margin(sparse_pages, relative=True),
        "agree": float(bool(dense_pages and sparse_pages and dense_pages[0][0] == sparse_pages[0][0])),
        "top_in_both": float(
            top_page in {p for p, _ in dense_pages[:3]} and top_page in {p for p, _ in sparse_pages[:3]}
        ),
        "terms_found": found,
        "fused_margin": (fused_pages[0][1] - fused_pages[1][1]) / most if len(fused_pages) > 1 else 1.0,
        "fused_top": fused_pages[0][1] / ranking.ceiling if fused_pages else 0.0,
        "length": math.log1p(len(tokenize(text))),
        "zh": float(ranking.query.lang == "zh"),
        "faq": float(best.chunk.kind is Kind.FAQ),
    }


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
