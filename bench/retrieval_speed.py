"""Speed baselines for the retrieval bench: a naive build and search, and a scaled corpus.

* :func:`naive_build`: what a plain build would cost on this machine, now — the same
  reading, tokenizing and BM25 as ours, but one MiniLM embedding per chunk (no views,
  no dedup). The embedding part is timed on a random sample of chunks and extrapolated.
* :func:`naive_searcher`: plain BM25 over the raw question's tokens, one MiniLM
  embedding of the raw question, a flat inner-product search over one vector per chunk,
  and reciprocal-rank fusion of the two lists — timed on the same questions as ours.
* :func:`scale_run`: the corpus copied ``times`` times, each copy of a page with an
  edit (a paragraph naming the copy appended), built with the approximate HNSW index and
  searched; shows how build time, index size and search latency grow.
"""

from __future__ import annotations

import random
import shutil
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from retrieval.embed import Embedder
from retrieval.index import Index, build_index, index_text, views
from retrieval.manifest import IndexSettings
from retrieval.search import Retriever
from retrieval.tokenize import tokenize


@dataclass(frozen=True, slots=True)
class NaiveTiming:
    build_seconds: float  # our build minus our embedding time plus the naive embedding time
    seconds_per_chunk: float
    sample: int
    model: str
    search_p50_ms: float
    search_p95_ms: float


@dataclass(frozen=True, slots=True)
class ScaleRun:
    times: int
    files: int
    chunks: int
    views: int
    embedded: int
    build_seconds: float
    embed_seconds: float
    search_p50_ms: float
    search_p95_ms: float
    index_mb: float


def naive_embed_seconds_per_chunk(index: Index, embedder: Embedder, *, sample: int, seed: int) -> float:
    """Seconds per chunk for one embedding of each chunk's text, in corpus order, batches of 32."""
    chunks = random.Random(seed).sample(index.chunks, min(sample, len(index.chunks)))
    texts = [index_text(c) for c in chunks]
    embedder.encode(texts[:4])  # load the model outside the timing
    started = time.perf_counter()
    for start in range(0, len(texts), 32):
        embedder.encode(texts[start : start + 32], batch_size=32)
    return (time.perf_counter() - started) / max(1, len(texts))


def naive_build(index: Index, embedder: Embedder, *, sample: int, seed: int) -> tuple[float, float]:
    """(extrapolated embedding seconds for all chunks, seconds per chunk).

    The caller adds the non-embedding part of its own build (reading, tokenizing, BM25, writing),
    which a naive build does too.
    """
    per_chunk = naive_embed_seconds_per_chunk(index, embedder, sample=sample, seed=seed)
    return per_chunk * len(index.chunks), per_chunk


def our_embed_estimate(index: Index, embedder: Embedder, *, sample: int, seed: int) -> tuple[float, int]:
    """(estimated embedding seconds of a full build with ``embedder``, distinct view texts).

    Times our embedder on the distinct view texts of the same random chunks the naive
    estimate samples, in our build's order (longest first), and scales to all distinct texts.
    """
    settings = index.manifest.settings
    every = {text for chunk in index.chunks for text in views(chunk, settings)}
    chunks = random.Random(seed).sample(index.chunks, min(sample, len(index.chunks)))
    texts = sorted({t for c in chunks for t in views(c, settings)}, key=len, reverse=True)
    embedder.encode(texts[:4])
    started = time.perf_counter()
    for start in range(0, len(texts), 32):
        embedder.encode(texts[start : start + 32], batch_size=32)
    per_text = (time.perf_counter() - started) / max(1, len(texts))
    return per_text * len(every), len(every)


def naive_searcher(index: Index, embedder: Embedder, *, rrf_k: int = 60) -> Callable[[str], None]:
    """The naive search as a function of the question (its results are thrown away: timing only)."""
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((len(index.chunks), embedder.dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    flat = faiss.IndexFlatIP(embedder.dim)
    flat.add(vectors)  # one vector per chunk; random values time the same as real ones

    def search(question: str) -> None:
        sparse = index.bm25_search(tokenize(question), 50)
        _, rows = flat.search(embedder.encode([question]), 50)
        fused: dict[int, float] = {}
        for rank, c in enumerate(sorted(sparse, key=lambda c: -sparse[c]), start=1):
            fused[c] = fused.get(c, 0.0) + 1.0 / (rrf_k + rank)
        for rank, c in enumerate(rows[0].tolist(), start=1):
            fused[c] = fused.get(c, 0.0) + 1.0 / (rrf_k + rank)
        sorted(fused, key=lambda c: -fused[c])[:5]

    return search


def paired_latency(
    ours: Callable[[str], object], naive: Callable[[str], object], questions: Sequence[str], *, rounds: int = 3
) -> tuple[list[float], list[float]]:
    """Milliseconds per search for ours and the naive one, alternating question by question, so
    both see the same machine load (other processes come and go on a shared machine)."""
    ours(questions[0])
    naive(questions[0])
    mine: list[float] = []
    theirs: list[float] = []
    for _ in range(rounds):
        for q in questions:
            for run, samples in ((ours, mine), (naive, theirs)):
                t = time.perf_counter()
                run(q)
                samples.append((time.perf_counter() - t) * 1000)
    return mine, theirs


def scaled_corpus(corpus: Path, out: Path, *, times: int) -> int:
    """Write ``times`` copies of every page under ``out`` (copy 0 unchanged, others edited); returns files."""
    shutil.rmtree(out, ignore_errors=True)
    files = 0
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        rel = path.relative_to(corpus)
        copies = times if path.suffix in (".md", ".mdx") else 1  # FAQ files, config and assets once
        text = path.read_bytes()
        for copy in range(copies):
            target = out / (rel.with_name(f"{rel.stem}-copy{copy}{rel.suffix}") if copy else rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            edit = f"\n\n## Edition {copy}\n\nThis is copy {copy} of the page, edited for the scaling run.\n"
            target.write_bytes(text + (edit.encode() if copy else b""))
            files += 1
    return files


def scale_run(corpus: Path, work: Path, embedder: Embedder, questions: Sequence[str], *, times: int) -> ScaleRun:
    """Build and search ``times`` copies of ``corpus`` with the HNSW index."""
    scaled = work / "corpus"
    files = scaled_corpus(corpus, scaled, times=times)
    settings = IndexSettings(faiss="hnsw")
    report = build_index(scaled, work / "index", embedder=embedder, settings=settings, progress=False)
    retriever = Retriever.open(work / "index", embedder, settings=settings)
    retriever.search(questions[0])
    samples = []
    for q in questions:
        t = time.perf_counter()
        retriever.search(q, k=5)
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    size = sum(p.stat().st_size for p in (work / "index").rglob("*") if p.is_file()) / 2**20
    return ScaleRun(
        times=times,
        files=files,
        chunks=report.chunks,
        views=report.views,
        embedded=report.embedded,
        build_seconds=report.seconds,
        embed_seconds=report.embed_seconds,
        search_p50_ms=statistics.median(samples),
        search_p95_ms=samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))],
        index_mb=size,
    )
