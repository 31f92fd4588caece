"""Train the intake classifier (category, symptom kind) on our own labelled messages.

    python -m bench.train_intake_classifier                       # default training files
    python -m bench.train_intake_classifier --data a.jsonl b.jsonl --out intake/dialog/intake_classifier.json

Each head is a multinomial logistic regression with an L2 penalty over the features of
``intake.dialog.guess.report_features`` (words, Chinese bigrams, template structure, facts
found, keyword-rule outputs). Five-fold cross-validation gives out-of-fold
probabilities; on them a temperature is fitted (lowest negative log-likelihood) and the
threshold is the lowest confidence at which the out-of-fold guesses above it are right
at least ``--target`` of the time. The final model is trained on all rows.

Never pass a held-out file here: those are for measuring only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.optimize import minimize  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intake.dialog.classifier import MODEL_PATH, Head, Model  # noqa: E402
from intake.dialog.extract import understand  # noqa: E402
from intake.dialog.guess import PROBLEM_CATEGORIES, report_features  # noqa: E402
from intake.dialog.guess import _rule_kind as rule_kind  # noqa: E402
from intake.types import Category  # noqa: E402

DEFAULT_DATA = (ROOT / "tests/data/intake_train.jsonl", ROOT / "tests/data/intake_first_messages.jsonl")
SEED = 20261204
# A symptom kind the dialog would otherwise ask about is guessed only when out-of-fold
# guesses that sure are right this often: asking costs a turn, a wrong kind misleads
# the engineer.
SYMPTOM_TARGET = 0.88


def rows_of(paths: Sequence[Path]) -> list[dict[str, object]]:
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def examples(
    rows: list[dict[str, object]],
) -> tuple[list[dict[str, float]], list[str], list[str | None], list[bool]]:
    """Features, category, symptom kind (``None``: unlabelled) and whether a keyword rule names the kind."""
    feats, cats, kinds, ruled = [], [], [], []
    for row in rows:
        u = understand(str(row["text"]))
        feats.append(report_features(u.report, u.narrative, u.values))
        ruled.append(rule_kind(u.narrative) is not None)
        cat = str(row["category"])
        cats.append(cat)
        fields = row.get("fields") or {}
        kind = fields.get("symptom_kind") if isinstance(fields, dict) else None
        if kind is None and Category(cat) in PROBLEM_CATEGORIES:
            kind = None  # unlabelled: left out of the symptom head
        kinds.append(kind)
    return feats, cats, kinds, ruled


def _matrix(feats: list[dict[str, float]], vocab: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(feats), len(vocab)), dtype=np.float64)
    for i, f in enumerate(feats):
        for k, v in f.items():
            j = vocab.get(k)
            if j is not None:
                x[i, j] = v
    return x


def _fit(x: np.ndarray, y: np.ndarray, k: int, l2: float) -> tuple[np.ndarray, np.ndarray]:
    n, d = x.shape
    onehot = np.eye(k)[y]

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[: d * k].reshape(d, k)
        b = theta[d * k :]
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        nll = -np.sum(onehot * np.log(p + 1e-12)) / n + l2 * np.sum(w * w)
        g = (p - onehot) / n
        gw = x.T @ g + 2 * l2 * w
        gb = g.sum(axis=0)
        return float(nll), np.concatenate([gw.ravel(), gb])

    res = minimize(loss, np.zeros(d * k + k), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    theta = res.x
    return theta[: d * k].reshape(d, k), theta[d * k :]


def _softmax(z: np.ndarray, t: float) -> np.ndarray:
    z = z / t
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    out: np.ndarray = p / p.sum(axis=1, keepdims=True)
    return out


def train_head(
    feats: list[dict[str, float]],
    labels: list[str],
    *,
    l2: float,
    target: float,
    min_count: int = 2,
    decides: Sequence[bool] | None = None,
) -> tuple[Head, dict[str, float]]:
    """One head; ``decides`` marks the rows where the model's guess is used alone (the
    threshold is chosen on those rows' out-of-fold guesses; default: every row)."""
    names = sorted(set(labels))
    y = np.array([names.index(label) for label in labels])
    counts = Counter(k for f in feats for k in f)
    vocab = {k: i for i, k in enumerate(sorted(k for k, c in counts.items() if c >= min_count))}
    x = _matrix(feats, vocab)
    rng = np.random.default_rng(SEED)
    folds = rng.permutation(len(y)) % 5
    logits = np.zeros((len(y), len(names)))
    for fold in range(5):
        tr, te = folds != fold, folds == fold
        w, b = _fit(x[tr], y[tr], len(names), l2)
        logits[te] = x[te] @ w + b
    temps = [0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0]
    nll = [float(-np.mean(np.log(_softmax(logits, t)[np.arange(len(y)), y] + 1e-12))) for t in temps]
    temperature = temps[int(np.argmin(nll))]
    probs = _softmax(logits, temperature)
    conf, pred = probs.max(axis=1), probs.argmax(axis=1)
    alone = np.ones(len(y), dtype=bool) if decides is None else np.array(decides, dtype=bool)
    # The lowest threshold whose guesses (on the rows where the model decides alone)
    # are right at least ``target`` of the time; none reaching it: the model never decides.
    threshold = 1.01
    for t in (*np.arange(0.30, 0.951, 0.05), 0.96, 0.97, 0.98, 0.99):
        keep = alone & (conf >= t)
        if keep.sum() >= 5 and (pred[keep] == y[keep]).mean() >= target:
            threshold = float(round(t, 2))
            break
    keep = alone & (conf >= threshold)
    stats = {
        "rows": float(len(y)),
        "cv_accuracy": float((pred == y).mean()),
        "temperature": temperature,
        "threshold": threshold,
        "rows_deciding_alone": float(alone.sum()),
        "cv_asked_of_those": float(1 - keep.sum() / max(1, alone.sum())),
        "cv_accuracy_when_confident": float((pred[keep] == y[keep]).mean()) if keep.any() else 0.0,
    }
    w, b = _fit(x, y, len(names), l2)
    inverse = {i: k for k, i in vocab.items()}
    weights = {inverse[j]: tuple(float(v) for v in w[j]) for j in range(w.shape[0]) if np.abs(w[j]).max() >= 1e-4}
    return Head(tuple(names), tuple(float(v) for v in b), weights, temperature, threshold), stats


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", nargs="+", type=Path, default=list(DEFAULT_DATA))
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument(
        "--l2", type=float, default=0.001, help="L2 penalty (0.001 had the best 5-fold CV accuracy of 0.001-0.03)"
    )
    ap.add_argument("--target", type=float, default=0.85, help="category: accuracy wanted above the threshold")
    ap.add_argument(
        "--symptom-target",
        type=float,
        default=SYMPTOM_TARGET,
        help="symptom kind: accuracy wanted above the threshold where no keyword rule names the kind",
    )
    args = ap.parse_args(argv)
    rows = rows_of(args.data)
    feats, cats, kinds, ruled = examples(rows)
    heads, report = {}, {}
    heads["category"], report["category"] = train_head(feats, cats, l2=args.l2, target=args.target)
    sk = [(f, k, r) for f, k, r in zip(feats, kinds, ruled, strict=True) if k is not None]
    heads["symptom_kind"], report["symptom_kind"] = train_head(
        [f for f, _, _ in sk],
        [k for _, k, _ in sk],
        l2=args.l2,
        target=args.symptom_target,
        decides=[not r for _, _, r in sk],
    )
    trained_on = ", ".join(f"{p.relative_to(ROOT) if p.is_relative_to(ROOT) else p}" for p in args.data)
    model = Model(heads, f"{len(rows)} rows from {trained_on}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n")
    for name, stats in report.items():
        print(name, json.dumps({k: round(v, 3) for k, v in stats.items()}))
    print(
        f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB, "
        f"{sum(len(h.weights) for h in heads.values())} features)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
