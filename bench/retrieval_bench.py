"""Retrieval benchmark: quality per leg and group, the three tiers, speed against a naive baseline.

Everything is measured in one run on one machine, so speeds compare as ratios:

* page-level hit@1, hit@5 and MRR@10 for BM25 only, dense only and fused, over the
  questions that have answer pages (a page counts in either language), for all
  questions and per group: FAQ-style vs issue questions (ids ``*-f*`` vs
  ``*-i*``/``*-d*``) and zh / en / mixed;
* the tiers of :meth:`Retriever.answer` per group: answered in the top tier with a
  right page in the top 3, top-tier precision, answerable declined outright,
  unanswerable answered in the top tier, a right page shown in any tier; and the
  reliability table of the shipped calibration on these questions;
* build time against a naive build (one embedding per chunk with the bundled
  MiniLM; a timed sample, extrapolated), rebuild after one change, search p50/p95
  against a naive search (plain BM25 over the raw question + one MiniLM query
  embedding + flat search over one vector per chunk) on the same questions;
* optionally (``scale``) a build and search over the corpus copied ``scale`` times
  with an edit in every copy, with the approximate (HNSW) index.
"""

from __future__ import annotations

import platform
import re
import resource
import shutil
import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.calibrate import reliability
from bench.qa import QAItem, read_qa
from bench.retrieval_speed import (
    NaiveTiming,
    ScaleRun,
    naive_build,
    naive_searcher,
    our_embed_estimate,
    paired_latency,
    scale_run,
)
from retrieval.embed import Embedder, SentenceTransformerEmbedder
from retrieval.index import BuildReport, build_index, load_index
from retrieval.manifest import Manifest
from retrieval.search import Method, Retriever, SearchConfig, signals
from retrieval.types import Answer, NoAnswer, Suggestions

METHODS: tuple[Method, ...] = ("bm25", "dense", "fused")
TOP = 3  # pages a tier shows


def groups_of(item: QAItem) -> tuple[str, ...]:
    """The groups a question is reported in: all, its kind, its language."""
    kind_letter = re.search(r"-([fid])\d+$", item.id)  # oim-f07: vendor FAQ; oim-i12, oim-d03: issues
    kind = {"f": "faq", "i": "issue", "d": "issue"}[kind_letter.group(1)] if kind_letter else ""
    return tuple(g for g in ("all", kind, item.lang) if g)


GROUP_ORDER = ("all", "faq", "issue", "zh", "en", "mixed")


@dataclass(frozen=True, slots=True)
class Quality:
    method: str
    group: str
    questions: int
    hit_at_1: float
    hit_at_5: float
    mrr_at_10: float


@dataclass(frozen=True, slots=True)
class Tiers:
    """What the three tiers did for one group of questions."""

    group: str
    questions: int
    answerable: int
    answered: int  # top tier (quoted passage)
    suggested: int  # middle tier (links, marked uncertain)
    declined: int
    answered_right_top3: float  # of the answerable: top tier with a right page in the top 3
    precision: float  # of the top tier: a right page in the top 3 (unanswerable count as wrong)
    answerable_declined: float  # of the answerable: declined outright
    unanswerable_answered: float  # of the unanswerable: answered in the top tier
    shown_right: float  # of the answerable: a right page among the pages shown, any tier


@dataclass(frozen=True, slots=True)
class Timing:
    build_seconds: float  # measured; with a reused index, estimated (see build_estimated)
    build_estimated: bool
    chunks: int
    files: int
    views: int
    naive: NaiveTiming
    rebuild_seconds: float
    rebuild_embedded: int
    rebuild_file: str
    search_p50_ms: float
    search_p95_ms: float
    searches: int
    peak_rss_mb: float

    @property
    def build_ratio(self) -> float:
        return self.build_seconds / self.naive.build_seconds if self.naive.build_seconds else 0.0

    @property
    def search_ratio(self) -> float:
        return self.search_p95_ms / self.naive.search_p95_ms if self.naive.search_p95_ms else 0.0


@dataclass(frozen=True, slots=True)
class RetrievalBench:
    docs: str
    qa: str
    model: str
    machine: str
    calibration: str
    answer_at: float
    suggest_at: float
    quality: tuple[Quality, ...]
    tiers: tuple[Tiers, ...]
    reliability: tuple[tuple[str, int, float, float], ...]
    timing: Timing
    scale: ScaleRun | None = None
    per_item: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["timing"]["build_ratio"] = self.timing.build_ratio
        data["timing"]["search_ratio"] = self.timing.search_ratio
        return data


def first_right_rank(retriever: Retriever, item: QAItem, method: Method, upto: int = 10) -> int | None:
    """Rank of the first right page among the distinct pages ``method`` returns (None: not in ``upto``)."""
    ranking = retriever.rank(item.question, k=30, method=method)
    pages: list[str] = []
    for c in ranking.order:
        page = retriever.index.chunks[c].page.split("#", 1)[0]
        if page in pages:
            continue
        pages.append(page)
        if page in item.pages:
            return len(pages)
        if len(pages) >= upto:
            break
    return None


def quality(rows: Sequence[dict[str, Any]], method: str, group: str) -> Quality:
    ranks = [r[f"rank_{method}"] for r in rows if r["answerable"] and group in r["groups"]]
    n = max(1, len(ranks))
    return Quality(
        method,
        group,
        len(ranks),
        sum(r == 1 for r in ranks) / n,
        sum(r is not None and r <= 5 for r in ranks) / n,
        sum(1.0 / r for r in ranks if r) / n,
    )


def tiers(rows: Sequence[dict[str, Any]], group: str) -> Tiers:
    mine = [r for r in rows if group in r["groups"]]
    answerable = [r for r in mine if r["answerable"]]
    unanswerable = [r for r in mine if not r["answerable"]]
    top = [r for r in mine if r["tier"] == "answer"]
    n_ans, n_un = max(1, len(answerable)), max(1, len(unanswerable))
    return Tiers(
        group=group,
        questions=len(mine),
        answerable=len(answerable),
        answered=len(top),
        suggested=sum(r["tier"] == "suggest" for r in mine),
        declined=sum(r["tier"] == "decline" for r in mine),
        answered_right_top3=sum(r["tier"] == "answer" and r["right_top3"] for r in answerable) / n_ans,
        precision=sum(r["right_top3"] for r in top) / len(top) if top else 0.0,
        answerable_declined=sum(r["tier"] == "decline" for r in answerable) / n_ans,
        unanswerable_answered=sum(r["tier"] == "answer" for r in unanswerable) / n_un,
        shown_right=sum(r["shown_right"] for r in answerable) / n_ans,
    )


def _shown_pages(result: Answer | Suggestions | NoAnswer) -> list[str]:
    """The pages a reply shows: quoted passages' pages, the middle tier's links, or none."""
    hits = result.passages if isinstance(result, Answer) else result.pages if isinstance(result, Suggestions) else ()
    return [h.chunk.page.split("#", 1)[0] for h in hits]


def item_rows(retriever: Retriever, items: Sequence[QAItem]) -> list[dict[str, Any]]:
    """One row per question: the tier, its probability, and each method's rank of the first right page."""
    rows = []
    for item in items:
        result = retriever.answer(item.question)
        tier = "answer" if isinstance(result, Answer) else "suggest" if isinstance(result, Suggestions) else "decline"
        ranks = {f"rank_{m}": first_right_rank(retriever, item, m) if item.answerable else None for m in METHODS}
        fused = ranks["rank_fused"]
        ranking = retriever.rank(item.question, k=20)
        hits = retriever.page_hits(ranking, 20)
        rows.append(
            {
                "id": item.id,
                "lang": item.lang,
                "groups": list(groups_of(item)),
                "answerable": item.answerable,
                "tier": tier,
                "probability": round(result.confidence, 4),
                "right_top3": bool(item.answerable and fused is not None and fused <= TOP),
                "shown_right": any(p in item.pages for p in _shown_pages(result)),
                **ranks,
                "signals": {k: round(v, 4) for k, v in signals(ranking, hits, retriever.index).items()} if hits else {},
            }
        )
    return rows


def _p50_p95(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


def run_retrieval_bench(
    docs: Path,
    qa: Path,
    *,
    embedder: Embedder,
    config: SearchConfig | None = None,
    work_dir: Path | None = None,
    index: Path | None = None,
    naive_embedder: Embedder | None = None,
    naive_sample: int = 200,
    scale: int = 0,
    keep_index: Path | None = None,
    progress: bool = True,
    log: Callable[[str], None] = lambda _: None,
) -> RetrievalBench:
    """Build an index over a copy of ``docs`` (or reuse ``index``), then measure everything against ``qa``."""
    items = read_qa(qa)
    # The naive baseline embeds its question like a batch: plain sentence-transformers encode().
    naive_embedder = naive_embedder or SentenceTransformerEmbedder(query_threads=None)
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(docs, corpus)
        # Load both models before any timing: the naive estimate excludes loading too.
        embedder.encode(["warm-up"])
        naive_embedder.encode(["warm-up"])
        if index is None:
            out = Path(tmp) / "index"
            log(f"Building the index over {docs} ({embedder.name}) …")
            report = build_index(corpus, out, embedder=embedder, progress=progress)
            build_seconds = report.seconds
            other_seconds = report.seconds - report.embed_seconds
            log(f"Built {report.chunks} chunks from {report.files} files in {report.seconds:.1f} s.")
        else:
            out = Path(tmp) / "index"
            shutil.copytree(index, out)
            build_seconds = other_seconds = 0.0
            log(f"Reusing the index in {index} (build time not measured).")
        manifest = Manifest.read(out)
        if keep_index is not None:  # before the rebuild below edits the corpus copy
            shutil.rmtree(keep_index, ignore_errors=True)
            shutil.copytree(out, keep_index)
        rebuild = _rebuild_after_one_change(corpus, out, embedder)
        log(f"Rebuilt after one change in {rebuild.seconds:.2f} s ({rebuild.embedded} texts embedded).")
        retriever = Retriever.open(out, embedder, config=config)
        rows = item_rows(retriever, items)
        questions = [i.question for i in items]
        loaded = load_index(out, model=embedder.name, dim=embedder.dim)
        log(f"Timing the naive baseline ({naive_embedder.name}, {naive_sample} sampled chunks) …")
        naive_embed, per_chunk = naive_build(loaded, naive_embedder, sample=naive_sample, seed=7)
        if index is not None:
            # No build here: estimate ours like the naive one, from timed samples, and take the
            # rebuild above (read, tokenize, BM25, FAISS, write; 2 texts embedded) as the rest.
            ours_embed, _ = our_embed_estimate(loaded, embedder, sample=naive_sample, seed=7)
            other_seconds = rebuild.seconds
            build_seconds = other_seconds + ours_embed
        mine, theirs = paired_latency(
            lambda q: retriever.search(q, k=5), naive_searcher(loaded, naive_embedder), questions
        )
        (p50, p95), (naive_p50, naive_p95), n = _p50_p95(mine), _p50_p95(theirs), len(mine)
        scaled = None
        if scale > 1:
            log(f"Building and searching {scale}x the corpus with HNSW …")
            scaled = scale_run(corpus, Path(tmp) / "scaled", embedder, [i.question for i in items], times=scale)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timing = Timing(
        build_seconds=build_seconds,
        build_estimated=index is not None,
        chunks=manifest.chunks,
        files=len(manifest.files),
        views=manifest.views,
        naive=NaiveTiming(
            build_seconds=other_seconds + naive_embed,
            seconds_per_chunk=per_chunk,
            sample=naive_sample,
            model=naive_embedder.name,
            search_p50_ms=naive_p50,
            search_p95_ms=naive_p95,
        ),
        rebuild_seconds=rebuild.seconds,
        rebuild_embedded=rebuild.embedded,
        rebuild_file=", ".join(rebuild.changed),
        search_p50_ms=p50,
        search_p95_ms=p95,
        searches=n,
        peak_rss_mb=peak_mb,
    )
    present = [g for g in GROUP_ORDER if any(g in r["groups"] for r in rows)]
    cal = retriever.calibration
    probs = [r["probability"] for r in rows]
    labelled = [float(r["right_top3"]) for r in rows]
    return RetrievalBench(
        docs=str(docs),
        qa=str(qa),
        model=embedder.name,
        machine=f"{platform.machine()} {_cores()} cores, Python {platform.python_version()}",
        calibration=cal.fitted_on,
        answer_at=cal.answer_at,
        suggest_at=cal.suggest_at,
        quality=tuple(quality(rows, m, g) for g in present for m in METHODS),
        tiers=tuple(tiers(rows, g) for g in present),
        reliability=tuple(reliability(probs, labelled)),
        timing=timing,
        scale=scaled,
        per_item=rows,
    )


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _rebuild_after_one_change(corpus: Path, out: Path, embedder: Embedder) -> BuildReport:
    indexed = Manifest.read(out).files
    target = corpus / next(p for p in sorted(indexed) if p.endswith((".md", ".mdx")))
    with target.open("a", encoding="utf-8") as fh:
        fh.write("\n\n## Benchmark edit\n\nThis paragraph was appended to measure an incremental rebuild.\n")
    return build_index(corpus, out, embedder=embedder, progress=False)


def format_report(bench: RetrievalBench) -> str:
    """Plain-text tables for the terminal."""
    lines = [
        f"docs: {bench.docs}",
        f"qa:   {bench.qa}",
        f"model: {bench.model}   machine: {bench.machine}",
        f"calibration: {bench.calibration}; answer >= {bench.answer_at:.2f}, suggest >= {bench.suggest_at:.2f}",
        "",
        "ranking (answerable questions; page-level, either language counts)",
        f"  {'group':<7} {'method':<6} {'n':>4} {'hit@1':>6} {'hit@5':>6} {'MRR@10':>7}",
    ]
    lines += [
        f"  {q.group:<7} {q.method:<6} {q.questions:>4} {q.hit_at_1:>6.3f} {q.hit_at_5:>6.3f} {q.mrr_at_10:>7.3f}"
        for q in bench.quality
    ]
    lines += [
        "",
        "tiers (top = quoted answer, middle = links marked uncertain, decline = no links, offer a human)",
        f"  {'group':<7} {'n':>4} {'top':>4} {'mid':>4} {'decl':>4} {'top+right':>9} {'precision':>9} "
        f"{'ans.declined':>12} {'unans.top':>9} {'shown right':>11}",
    ]
    lines += [
        f"  {t.group:<7} {t.questions:>4} {t.answered:>4} {t.suggested:>4} {t.declined:>4} "
        f"{t.answered_right_top3:>9.3f} {t.precision:>9.3f} {t.answerable_declined:>12.3f} "
        f"{t.unanswerable_answered:>9.3f} {t.shown_right:>11.3f}"
        for t in bench.tiers
    ]
    lines += [
        "",
        "reliability of the shipped calibration on these questions (predicted vs share with a right page in top 3):",
        f"  {'bin':<8} {'n':>3} {'predicted':>9} {'observed':>8}",
    ]
    lines += [f"  {b:<8} {n:>3} {p:>9.2f} {o:>8.2f}" for b, n, p, o in bench.reliability]
    t, nv = bench.timing, bench.timing.naive
    build = (
        f"build: {t.build_seconds:.1f} s for {t.chunks} chunks ({t.views} views) from {t.files} files"
        if not t.build_estimated
        else f"build (index reused; estimated from {nv.sample} sampled chunks' distinct views, timed here, plus "
        f"the measured rebuild for reading/tokenizing/BM25/FAISS): {t.build_seconds:.1f} s for {t.chunks} chunks"
    )
    lines += [
        "",
        build,
        f"naive build: {nv.build_seconds:.1f} s (one {nv.model} embedding per chunk: {nv.sample} sampled chunks at "
        f"{nv.seconds_per_chunk * 1000:.1f} ms each, extrapolated, plus the same reading, tokenizing and BM25)",
        f"build ratio (ours / naive, same run): {t.build_ratio:.2f}",
        f"rebuild after one file changed ({t.rebuild_file}): {t.rebuild_seconds:.2f} s "
        f"({t.rebuild_embedded} texts re-embedded)",
        f"search over {t.searches} searches: p50 {t.search_p50_ms:.1f} ms, p95 {t.search_p95_ms:.1f} ms; "
        f"naive p50 {nv.search_p50_ms:.1f} ms, p95 {nv.search_p95_ms:.1f} ms; p95 ratio {t.search_ratio:.2f}",
        f"peak memory (RSS): {t.peak_rss_mb:.0f} MB",
    ]
    if bench.scale:
        s = bench.scale
        lines += [
            f"scale x{s.times} (HNSW): {s.chunks} chunks ({s.views} views, {s.embedded} embedded) built in "
            f"{s.build_seconds:.1f} s ({s.embed_seconds:.1f} s embedding); search p50 {s.search_p50_ms:.1f} ms, "
            f"p95 {s.search_p95_ms:.1f} ms; index {s.index_mb:.0f} MB",
        ]
    return "\n".join(lines)


__all__ = ["RetrievalBench", "format_report", "run_retrieval_bench"]
