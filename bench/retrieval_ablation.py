"""What each retrieval choice is worth, on a built index: reading questions, term boost, fusion.

Runs only searches (the index is loaded once, each question is embedded once), so it
is cheap to repeat. For every variant it prints page-level hit@1 / hit@5 / MRR@10 per question file and per
language, and it cross-validates the one fitted number of the fusion, the dense
weight, between two question files: the weight with the best MRR@10 on one file is
scored on the other, next to BM25 on the same file.

    python -m bench.retrieval_ablation --index DIR --model NAME \\
        --qa ../shared/data/openim-qa/dev.jsonl ../shared/data/openim-qa/dev-issues.jsonl
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench.qa import QAItem, read_qa
from bench.retrieval_bench import first_right_rank
from retrieval.calibration import Calibration
from retrieval.embed import Embedder, Vectors, make_embedder
from retrieval.search import Method, Retriever, SearchConfig

WEIGHTS = (0.5, 1.0, 1.5, 2.0, 3.0)
Scores = tuple[float, float, float]


class MemoEmbedder:
    """An embedder that embeds each distinct text once: every variant searches the same questions."""

    def __init__(self, inner: Embedder) -> None:
        self._inner = inner
        self._seen: dict[str, Vectors] = {}

    @property
    def name(self) -> str:
        return self._inner.name

    @property
    def dim(self) -> int:
        return self._inner.dim

    def encode(self, texts: list[str], *, batch_size: int = 64) -> Vectors:
        new = [t for t in dict.fromkeys(texts) if t not in self._seen]
        if new:
            self._seen.update(zip(new, self._inner.encode(new, batch_size=batch_size), strict=True))
        return np.stack([self._seen[t] for t in texts]) if texts else self._inner.encode([])


def scores(retriever: Retriever, items: Sequence[QAItem], method: Method = "fused") -> Scores:
    ranks = [first_right_rank(retriever, i, method) for i in items if i.answerable]
    n = max(1, len(ranks))
    return (
        sum(r == 1 for r in ranks) / n,
        sum(r is not None and r <= 5 for r in ranks) / n,
        sum(1.0 / r for r in ranks if r) / n,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.retrieval_ablation", description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--model", help="the model the index was built with (default: bundled)")
    parser.add_argument("--qa", type=Path, nargs="+", required=True)
    args = parser.parse_args(argv)
    embedder = MemoEmbedder(make_embedder(args.model))
    files = {p.name: read_qa(p) for p in args.qa}
    everything = [i for items in files.values() for i in items]
    groups = {**files, **{f"lang {lang}": [i for i in everything if i.lang == lang] for lang in ("zh", "en", "mixed")}}
    placeholder = Calibration(names=(), coef=(), intercept=0.0, answer_at=0.5, suggest_at=0.5)
    base = SearchConfig(calibration=placeholder)
    retriever = Retriever.open(args.index, embedder, config=base)
    variants: list[tuple[str, SearchConfig, Method]] = [
        ("bm25, whole question", replace(base, read_questions=False), "bm25"),
        ("bm25, read question", base, "bm25"),
        ("dense, whole question", base, "dense"),
        (
            "fused rrf (before), whole question",
            replace(base, fusion="rrf", read_questions=False, dense_weight_en=0.5, dense_weight_zh=0.25),
            "fused",
        ),
        ("fused score, whole question", replace(base, read_questions=False), "fused"),
        ("fused score, read, no term boost", replace(base, term_boost=0.0), "fused"),
        ("fused score, read, dense on read text", replace(base, dense_query="read"), "fused"),
        ("fused score (default)", base, "fused"),
        ("fused per chunk, 100 candidates", replace(base, candidates=100), "fused"),
        ("fused per page, 50 candidates", replace(base, aggregate="page"), "fused"),
        ("fused per page, 100 candidates", replace(base, aggregate="page", candidates=100), "fused"),
    ]
    variants += [
        (f"fused score, dense weight {w}", replace(base, dense_weight_en=w, dense_weight_zh=w), "fused")
        for w in WEIGHTS
    ]
    header = "  ".join(f"{g:>18}" for g in groups)
    print(f"{'variant':<40} {header}\n{'':<40} " + "  ".join(f"{'h@1/h@5/MRR':>18}" for _ in groups))
    table: dict[str, dict[str, Scores]] = {}
    for name, config, method in variants:
        retriever.config = config
        table[name] = {g: scores(retriever, items, method) for g, items in groups.items()}
        cells = "  ".join(f"{a:.2f}/{b:.2f}/{c:.2f}".rjust(18) for a, b, c in table[name].values())
        print(f"{name:<40} {cells}", flush=True)
    if len(files) == 2:
        print("\n2-fold cross-validation of the dense weight (best MRR@10 on one file, scored on the other):")
        names = list(files)
        for train, test in ((names[0], names[1]), (names[1], names[0])):
            best = max(WEIGHTS, key=lambda w: table[f"fused score, dense weight {w}"][train][2])
            got = table[f"fused score, dense weight {best}"][test]
            bm25 = table["bm25, whole question"][test]
            print(
                f"  fit on {train}: weight {best} -> {test}: fused {got[0]:.2f}/{got[1]:.2f}/{got[2]:.2f}"
                f"  vs bm25 {bm25[0]:.2f}/{bm25[1]:.2f}/{bm25[2]:.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
