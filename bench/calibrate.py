"""Fit the answer confidence on labelled real questions, with cross-validation.

The label of a question is 1 when a right page is among the top 3 pages the fused
search returns, else 0 (always 0 for a question the docs do not answer). The
features are :func:`retrieval.search.signals`. The model is an L2-regularised
logistic regression on standardised features, fitted by Newton's method (a few
lines of numpy; no new dependency). Its coefficients are folded back onto the raw
features, so :class:`retrieval.calibration.Calibration` is one dot product.

Honest numbers come from cross-validation: every question's probability in the
reliability table and in the tier thresholds is predicted by a model that did not
see it (leave-one-out), and the two question files are also swapped (fit on one,
score the other) to show how the fit travels.

Run from a checkout, against an index already built over the docs::

    python -m bench.calibrate --index /tmp/openim-index \\
        --qa ../shared/data/openim-qa/dev.jsonl ../shared/data/openim-qa/dev-issues.jsonl \\
        --write retrieval/confidence.json
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bench.qa import QAItem, read_qa
from retrieval.calibration import Calibration
from retrieval.embed import make_embedder
from retrieval.search import Retriever, SearchConfig, signals

# Four signals: more did not lower the leave-one-out Brier score on ~80 questions (all ten
# signals of retrieval.search.signals: 0.227; these four: 0.201; measured with the MiniLM index).
FEATURES: tuple[str, ...] = ("coverage", "cosine", "fused_top", "fused_margin")
L2 = 1.0  # ridge on standardised coefficients: strong enough for ~80 questions and 10 features
TOP = 3  # pages the top tier quotes from; "right" means a right page among them
SHOWN = SearchConfig().suggest_pages  # pages the middle tier links
Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled question as the calibration sees it."""

    id: str
    lang: str
    answerable: bool
    right_top: bool  # a right page among the top pages
    features: dict[str, float]
    rank: int | None = None  # of the first right page among the fused pages (None: not in the top 10)


def examples(retriever: Retriever, items: Sequence[QAItem]) -> list[Example]:
    """Search every question once and record its signals and whether the top pages are right."""
    out = []
    for item in items:
        ranking = retriever.rank(item.question, k=20)
        hits = retriever.page_hits(ranking, 20)
        pages: list[str] = []
        for hit in hits:
            page = hit.chunk.page.split("#", 1)[0]
            if page not in pages:
                pages.append(page)
        right = any(p in item.pages for p in pages[:TOP])
        feats = signals(ranking, hits, retriever.index) if hits else dict.fromkeys(FEATURES, 0.0)
        rank = next((n for n, p in enumerate(pages[:10], start=1) if p in item.pages), None)
        out.append(Example(item.id, item.lang, item.answerable, right, feats, rank))
    return out


def fit(x: Matrix, y: npt.NDArray[np.float64], *, l2: float = L2) -> tuple[Matrix, float]:
    """Logistic regression by Newton's method; returns (coef, intercept) on the raw features."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    ridge = np.full(z.shape[1], l2)
    ridge[0] = 0.0  # the intercept is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -40, 40)))
        grad = z.T @ (p - y) + ridge * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(ridge) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    coef = w[1:] / scale
    return coef, float(w[0] - (coef * mean).sum())


def predict(coef: Matrix, intercept: float, x: Matrix) -> npt.NDArray[np.float64]:
    result: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-np.clip(x @ coef + intercept, -40, 40)))
    return result


def matrix(rows: Sequence[Example], names: Sequence[str] | None = None) -> Matrix:
    names = FEATURES if names is None else names
    return np.array([[r.features[n] for n in names] for r in rows], dtype=np.float64)


def labels(rows: Sequence[Example]) -> npt.NDArray[np.float64]:
    return np.array([float(r.answerable and r.right_top) for r in rows])


def leave_one_out(rows: Sequence[Example], *, l2: float = L2) -> npt.NDArray[np.float64]:
    """Each question's probability from a model fitted on all the others."""
    x, y = matrix(rows), labels(rows)
    out = np.zeros(len(rows))
    for i in range(len(rows)):
        keep = np.arange(len(rows)) != i
        coef, b = fit(x[keep], y[keep], l2=l2)
        out[i] = predict(coef, b, x[i : i + 1])[0]
    return out


@dataclass(frozen=True, slots=True)
class TierStats:
    """What a pair of thresholds does to a set of questions."""

    answered: int  # top tier
    answered_right: float  # of the answerable, share answered in the top tier with a right page in the top 3
    precision: float  # of the top tier, share with a right page in the top 3
    suggested: int
    declined_answerable: float  # of the answerable, share declined outright
    unanswerable_answered: float  # of the unanswerable, share answered in the top tier
    shown_right: float  # of the answerable: a right page shown (top 3 quoted, or top SHOWN linked)


def tier_stats(
    rows: Sequence[Example], probs: Sequence[float] | npt.NDArray[np.float64], answer_at: float, suggest_at: float
) -> TierStats:
    answerable = [(r, p) for r, p in zip(rows, probs, strict=True) if r.answerable]
    unanswerable = [(r, p) for r, p in zip(rows, probs, strict=True) if not r.answerable]
    top = [(r, p) for r, p in zip(rows, probs, strict=True) if p >= answer_at]
    n_ans = max(1, len(answerable))
    return TierStats(
        answered=len(top),
        answered_right=sum(p >= answer_at and r.right_top for r, p in answerable) / n_ans,
        precision=sum(r.right_top and r.answerable for r, _ in top) / len(top) if top else 1.0,
        suggested=sum(suggest_at <= p < answer_at for p in probs),
        declined_answerable=sum(p < suggest_at for _, p in answerable) / n_ans,
        unanswerable_answered=sum(p >= answer_at for _, p in unanswerable) / max(1, len(unanswerable)),
        shown_right=sum(
            (p >= answer_at and r.right_top) or (suggest_at <= p < answer_at and r.rank is not None and r.rank <= SHOWN)
            for r, p in answerable
        )
        / n_ans,
    )


def choose_thresholds(
    rows: Sequence[Example],
    probs: Sequence[float] | npt.NDArray[np.float64],
    *,
    precision: float = 0.85,
    max_declined: float = 0.15,
) -> tuple[float, float]:
    """The lowest quote threshold whose precision holds, and the highest middle-tier threshold
    that declines at most ``max_declined`` of the answerable questions."""
    grid = [round(t, 2) for t in np.arange(0.05, 0.96, 0.01)]
    answer_at = next((t for t in grid if tier_stats(rows, probs, t, 0.0).precision >= precision), 0.95)
    suggest_at = max(
        (
            t
            for t in grid
            if t <= answer_at and tier_stats(rows, probs, answer_at, t).declined_answerable <= max_declined
        ),
        default=0.05,
    )
    return answer_at, suggest_at


def reliability(
    probs: Sequence[float] | npt.NDArray[np.float64], outcomes: Sequence[float], bins: int = 5
) -> list[tuple[str, int, float, float]]:
    """(probability bin, questions, mean predicted, share right) rows."""
    out = []
    edges = np.linspace(0, 1, bins + 1)
    y = np.asarray(outcomes, dtype=np.float64)
    p = np.asarray(probs, dtype=np.float64)
    for lo, hi in itertools.pairwise(edges):
        mask = (p >= lo) & ((p < hi) if hi < 1 else (p <= hi))
        if mask.any():
            out.append((f"{lo:.1f}-{hi:.1f}", int(mask.sum()), float(p[mask].mean()), float(y[mask].mean())))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.calibrate", description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="a built index over the docs the questions are about")
    parser.add_argument("--qa", type=Path, nargs="+", required=True, help="labelled question files (JSON lines)")
    parser.add_argument("--model", help="embedding model the index was built with (default: bundled)")
    parser.add_argument("--write", type=Path, help="write the fitted calibration here (e.g. retrieval/confidence.json)")
    args = parser.parse_args(argv)
    embedder = make_embedder(args.model)
    placeholder = Calibration(names=(), coef=(), intercept=0.0, answer_at=0.5, suggest_at=0.5)
    retriever = Retriever.open(args.index, embedder, config=SearchConfig(calibration=placeholder))
    files = {path: read_qa(path) for path in args.qa}
    rows = [row for items in files.values() for row in examples(retriever, items)]
    print(report(rows, {p.name: [r.id for r in examples_of(rows, items)] for p, items in files.items()}))
    if args.write:
        coef, intercept = fit(matrix(rows), labels(rows))
        answer_at, suggest_at = choose_thresholds(rows, leave_one_out(rows))
        Calibration(
            names=FEATURES,
            coef=tuple(round(float(c), 6) for c in coef),
            intercept=round(intercept, 6),
            answer_at=answer_at,
            suggest_at=suggest_at,
            fitted_on=f"{', '.join(p.name for p in args.qa)} ({len(rows)} questions), index model {embedder.name}",
        ).save(args.write)
        print(f"\nwrote {args.write}", file=sys.stderr)
    return 0


def examples_of(rows: Sequence[Example], items: Sequence[QAItem]) -> list[Example]:
    ids = {i.id for i in items}
    return [r for r in rows if r.id in ids]


def report(rows: Sequence[Example], files: dict[str, list[str]]) -> str:
    """Leave-one-out tiers and reliability, plus the swap between files."""
    loo = leave_one_out(rows)
    answer_at, suggest_at = choose_thresholds(rows, loo)
    lines = [
        f"leave-one-out over {len(rows)} questions; thresholds chosen on these: answer >= {answer_at:.2f}, "
        f"suggest >= {suggest_at:.2f}",
        "",
    ]
    lines.append(_stats_header())
    lines.append(_stats_line("all", tier_stats(rows, loo, answer_at, suggest_at)))
    for name, ids in files.items():
        sub = [(r, p) for r, p in zip(rows, loo, strict=True) if r.id in set(ids)]
        lines.append(_stats_line(name, tier_stats([r for r, _ in sub], [p for _, p in sub], answer_at, suggest_at)))
    if len(files) == 2:
        (a, ids_a), (b, ids_b) = files.items()
        for train, test, name in ((ids_a, ids_b, f"fit {a} -> {b}"), (ids_b, ids_a, f"fit {b} -> {a}")):
            tr = [r for r in rows if r.id in set(train)]
            te = [r for r in rows if r.id in set(test)]
            coef, b0 = fit(matrix(tr), labels(tr))
            tr_probs = leave_one_out(tr)
            t_ans, t_sug = choose_thresholds(tr, tr_probs)
            lines.append(_stats_line(name, tier_stats(te, predict(coef, b0, matrix(te)), t_ans, t_sug)))
    lines += [
        "",
        "reliability (leave-one-out probability vs share with a right page in the top 3):",
        f"  {'bin':<8} {'n':>3} {'predicted':>9} {'observed':>8}",
    ]
    lines += [f"  {b:<8} {n:>3} {p:>9.2f} {o:>8.2f}" for b, n, p, o in reliability(list(loo), list(labels(rows)))]
    return "\n".join(lines)


def _stats_header() -> str:
    return (
        f"  {'set':<34} {'top':>4} {'top right':>9} {'precision':>9} {'middle':>6} "
        f"{'declined':>8} {'unans. top':>10} {'shown right':>11}"
    )


def _stats_line(name: str, s: TierStats) -> str:
    return (
        f"  {name:<34} {s.answered:>4} {s.answered_right:>9.2f} {s.precision:>9.2f} {s.suggested:>6} "
        f"{s.declined_answerable:>8.2f} {s.unanswerable_answered:>10.2f} {s.shown_right:>11.2f}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
