"""Retrieval benchmark: quality of each leg and of fusion, abstention, speed, memory.

Everything is measured in one run on one machine, so the legs compare as ratios:

* page-level hit@1, hit@5 and MRR@10 for BM25 only, dense only and fused, over the
  questions that have answer pages (a page counts in either language);
* answer/abstain quality of :meth:`Retriever.answer` over all questions;
* full build time and chunks/s; rebuild time after one file changes (on a copy of
  the corpus, so the original is never touched);
* search latency p50/p95 (fused, index already loaded), and peak memory (RSS).
"""

from __future__ import annotations

import platform
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.qa import QAItem, read_qa
from retrieval.embed import Embedder
from retrieval.index import BuildReport, build_index
from retrieval.manifest import Manifest
from retrieval.search import Method, Retriever, SearchConfig
from retrieval.types import Answer, Hit

METHODS: tuple[Method, ...] = ("bm25", "dense", "fused")


@dataclass(frozen=True, slots=True)
class Quality:
    method: str
    questions: int
    hit_at_1: float
    hit_at_5: float
    mrr_at_10: float


@dataclass(frozen=True, slots=True)
class Abstention:
    questions: int
    answered: int
    answered_right_top3: (
        float  # of the answered answerable+unanswerable, share with a right page in top 3
    )
    answerable_declined: float  # share of answerable questions declined
    unanswerable_answered: float  # share of unanswerable questions answered
    threshold: float


@dataclass(frozen=True, slots=True)
class SweepRow:
    """Abstention at one threshold, from the same per-question confidences."""

    threshold: float
    answered: int
    answered_right_top3: float
    answerable_declined: float
    unanswerable_answered: float


SWEEP = (0.35, 0.40, 0.45, 0.50, 0.55, 0.60)


def sweep(
    rows: list[dict[str, Any]], thresholds: tuple[float, ...] = SWEEP
) -> tuple[SweepRow, ...]:
    """What ``answer()`` would do at each threshold: the calibration table."""
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    out = []
    for t in thresholds:
        answered = [r for r in rows if r["confidence"] >= t]
        out.append(
            SweepRow(
                threshold=t,
                answered=len(answered),
                answered_right_top3=sum(r["right_page_top3"] for r in answered) / len(answered)
                if answered
                else 0.0,
                answerable_declined=sum(r["confidence"] < t for r in answerable) / len(answerable)
                if answerable
                else 0.0,
                unanswerable_answered=(
                    sum(r["confidence"] >= t for r in unanswerable) / len(unanswerable)
                    if unanswerable
                    else 0.0
                ),
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Timing:
    build_seconds: float
    chunks: int
    files: int
    chunks_per_second: float
    rebuild_seconds: float
    rebuild_embedded: int
    rebuild_file: str
    search_p50_ms: float
    search_p95_ms: float
    searches: int
    peak_rss_mb: float


@dataclass(frozen=True, slots=True)
class RetrievalBench:
    docs: str
    qa: str
    model: str
    machine: str
    quality: tuple[Quality, ...]
    abstention: Abstention
    sweep: tuple[SweepRow, ...]
    timing: Timing
    per_item: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def pages_ranked(hits: list[Hit]) -> list[str]:
    """Distinct page keys in hit order."""
    seen: dict[str, None] = {}
    for hit in hits:
        seen.setdefault(hit.chunk.page.split("#", 1)[0], None)
    return list(seen)


def quality(retriever: Retriever, items: list[QAItem], method: Method) -> Quality:
    answerable = [i for i in items if i.answerable]
    h1 = h5 = rr = 0.0
    for item in answerable:
        pages = pages_ranked(retriever.search(item.question, k=30, method=method))[:10]
        rank = next((n for n, p in enumerate(pages, start=1) if _matches(p, item)), None)
        h1 += rank == 1
        h5 += rank is not None and rank <= 5
        rr += 1.0 / rank if rank else 0.0
    n = max(1, len(answerable))
    return Quality(method, len(answerable), h1 / n, h5 / n, rr / n)


def _matches(page: str, item: QAItem) -> bool:
    return page in item.pages


def abstention(
    retriever: Retriever, items: list[QAItem]
) -> tuple[Abstention, list[dict[str, Any]]]:
    answered = right = declined = wrongly_answered = 0
    rows: list[dict[str, Any]] = []
    for item in items:
        result = retriever.answer(item.question)
        top3 = pages_ranked(retriever.search(item.question, k=30))[:3]
        is_answer = isinstance(result, Answer)
        hit = any(_matches(p, item) for p in top3)
        if is_answer:
            answered += 1
            right += hit
            wrongly_answered += not item.answerable
        elif item.answerable:
            declined += 1
        rows.append(
            {
                "id": item.id,
                "answerable": item.answerable,
                "answered": is_answer,
                "confidence": result.confidence,
                "right_page_top3": hit,
            }
        )
    answerable = sum(i.answerable for i in items)
    unanswerable = len(items) - answerable
    return (
        Abstention(
            questions=len(items),
            answered=answered,
            answered_right_top3=right / answered if answered else 0.0,
            answerable_declined=declined / answerable if answerable else 0.0,
            unanswerable_answered=wrongly_answered / unanswerable if unanswerable else 0.0,
            threshold=retriever.config.threshold,
        ),
        rows,
    )


def latency(
    retriever: Retriever, questions: list[str], *, rounds: int = 5
) -> tuple[float, float, int]:
    retriever.search(questions[0])  # warm-up: first call loads lazy parts
    samples: list[float] = []
    for _ in range(rounds):
        for q in questions:
            t = time.perf_counter()
            retriever.search(q, k=5)
            samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95, len(samples)


def run_retrieval_bench(
    docs: Path,
    qa: Path,
    *,
    embedder: Embedder,
    config: SearchConfig | None = None,
    work_dir: Path | None = None,
    progress: bool = True,
    log: Callable[[str], None] = lambda _: None,
) -> RetrievalBench:
    """Build an index over a copy of ``docs``, then measure everything against ``qa``."""
    items = read_qa(qa)
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(docs, corpus)
        out = Path(tmp) / "index"
        log(f"Building the index over {docs} ({embedder.name}) …")
        report = build_index(corpus, out, embedder=embedder, progress=progress)
        log(f"Built {report.chunks} chunks from {report.files} files in {report.seconds:.1f} s.")
        rebuild = _rebuild_after_one_change(corpus, out, embedder)
        log(
            f"Rebuilt after one change in {rebuild.seconds:.2f} s ({rebuild.embedded} texts embedded)."
        )
        retriever = Retriever.open(out, embedder, config=config)
        legs = tuple(quality(retriever, items, m) for m in METHODS)
        abst, rows = abstention(retriever, items)
        p50, p95, n = latency(retriever, [i.question for i in items])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timing = Timing(
        build_seconds=report.seconds,
        chunks=report.chunks,
        files=report.files,
        chunks_per_second=report.chunks / report.seconds if report.seconds else 0.0,
        rebuild_seconds=rebuild.seconds,
        rebuild_embedded=rebuild.embedded,
        rebuild_file=", ".join(rebuild.changed),
        search_p50_ms=p50,
        search_p95_ms=p95,
        searches=n,
        peak_rss_mb=peak_mb,
    )
    return RetrievalBench(
        docs=str(docs),
        qa=str(qa),
        model=embedder.name,
        machine=f"{platform.machine()} {_cores()} cores, Python {platform.python_version()}",
        quality=legs,
        abstention=abst,
        sweep=sweep(rows),
        timing=timing,
        per_item=rows,
    )


def _cores() -> int:
    import os

    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )


def _rebuild_after_one_change(corpus: Path, out: Path, embedder: Embedder) -> BuildReport:
    indexed = Manifest.read(out).files
    target = corpus / next(p for p in sorted(indexed) if p.endswith((".md", ".mdx")))
    with target.open("a", encoding="utf-8") as fh:
        fh.write(
            "\n\n## Benchmark edit\n\nThis paragraph was appended to measure an incremental rebuild.\n"
        )
    return build_index(corpus, out, embedder=embedder, progress=False)


def format_report(bench: RetrievalBench) -> str:
    """Plain-text tables for the terminal."""
    lines = [
        f"docs: {bench.docs}",
        f"qa:   {bench.qa}",
        f"model: {bench.model}   machine: {bench.machine}",
        "",
        f"{'method':<8} {'n':>4} {'hit@1':>7} {'hit@5':>7} {'MRR@10':>7}",
    ]
    for q in bench.quality:
        lines.append(
            f"{q.method:<8} {q.questions:>4} {q.hit_at_1:>7.3f} {q.hit_at_5:>7.3f} {q.mrr_at_10:>7.3f}"
        )
    a, t = bench.abstention, bench.timing
    lines += [
        "",
        f"answer/abstain (threshold {a.threshold:.2f}) over {a.questions} questions: answered {a.answered}",
        f"  answered with a right page in top 3: {a.answered_right_top3:.3f}",
        f"  answerable declined:                 {a.answerable_declined:.3f}",
        f"  unanswerable answered:               {a.unanswerable_answered:.3f}",
        "",
        "calibration (same confidences, other thresholds):",
        f"  {'threshold':>9} {'answered':>8} {'right top3':>10} {'declined':>8} {'unans. answered':>15}",
        *(
            f"  {r.threshold:>9.2f} {r.answered:>8} {r.answered_right_top3:>10.3f} "
            f"{r.answerable_declined:>8.3f} {r.unanswerable_answered:>15.3f}"
            for r in bench.sweep
        ),
        "",
        f"build: {t.build_seconds:.1f} s for {t.chunks} chunks from {t.files} files "
        f"({t.chunks_per_second:.1f} chunks/s)",
        f"rebuild after one file changed ({t.rebuild_file}): {t.rebuild_seconds:.2f} s "
        f"({t.rebuild_embedded} texts re-embedded)",
        f"search latency over {t.searches} searches: p50 {t.search_p50_ms:.1f} ms, p95 {t.search_p95_ms:.1f} ms",
        f"peak memory (RSS): {t.peak_rss_mb:.0f} MB",
    ]
    return "\n".join(lines)
