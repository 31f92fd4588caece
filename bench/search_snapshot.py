"""What the search returns for a question set, written down so two versions of the code compare.

A speed change must not move the ranking or the tiers. :func:`snapshot` records, for
every question, the top-10 chunk ids with their fused, dense and BM25 scores, the
calibration signals and the tier with its probability; :func:`compare` lists every
difference between two snapshots (ids and tiers exactly, numbers within ``tolerance``,
absolute or relative).

Run it once per checkout on the same index, then compare::

    PYTHONPATH=OLD python -m bench.search_snapshot write --index IDX --qa Q1.jsonl Q2.jsonl --out old.json
    PYTHONPATH=NEW python -m bench.search_snapshot write --index IDX --qa Q1.jsonl Q2.jsonl --out new.json
    python -m bench.search_snapshot compare old.json new.json

(an older checkout without this file can run a copy of it: ``python path/to/search_snapshot.py``).
Set ``PYTHONHASHSEED`` (e.g. 0) for both runs: the order of a question's exact terms is
a set's, and float32 BM25 sums in another order differ in the last bits (about 2e-6).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.qa import read_qa
from retrieval.embed import make_embedder
from retrieval.manifest import Manifest
from retrieval.search import Retriever, signals
from retrieval.types import Answer, Suggestions

TOP = 10


def snapshot(retriever: Retriever, questions: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """``{question id: what the search returned}`` for ``(id, question)`` pairs."""
    out: dict[str, Any] = {}
    for qid, question in questions:
        ranking = retriever.rank(question, k=20)
        hits = retriever.hits(ranking, 20)
        result = retriever.answer(question)
        tier = "answer" if isinstance(result, Answer) else "suggest" if isinstance(result, Suggestions) else "decline"
        out[qid] = {
            "ids": [h.chunk.id for h in hits[:TOP]],
            "score": [h.score for h in hits[:TOP]],
            "dense": [h.dense for h in hits[:TOP]],
            "bm25": [h.bm25 for h in hits[:TOP]],
            "search5": [h.chunk.id for h in retriever.search(question, k=5)],
            "signals": signals(ranking, hits, retriever.index) if hits else {},
            "tier": tier,
            "confidence": result.confidence,
        }
    return out


def compare(old: dict[str, Any], new: dict[str, Any], *, tolerance: float = 1e-6) -> list[str]:
    """Every difference between two snapshots, one line each (empty: the same results)."""
    problems = [f"{qid}: only in the old snapshot" for qid in old.keys() - new.keys()]
    problems += [f"{qid}: only in the new snapshot" for qid in new.keys() - old.keys()]
    for qid in sorted(old.keys() & new.keys()):
        a, b = old[qid], new[qid]
        for key in ("ids", "search5", "tier"):
            if a[key] != b[key]:
                problems.append(f"{qid}: {key} {a[key]} != {b[key]}")
        for key in ("score", "dense", "bm25"):
            if not _close_lists(a[key], b[key], tolerance):
                problems.append(f"{qid}: {key} {a[key]} != {b[key]}")
        if a["signals"].keys() != b["signals"].keys():
            problems.append(f"{qid}: signal names {sorted(a['signals'])} != {sorted(b['signals'])}")
        for name in sorted(a["signals"].keys() & b["signals"].keys()):
            if not _close(a["signals"][name], b["signals"][name], tolerance):
                problems.append(f"{qid}: signal {name} {a['signals'][name]} != {b['signals'][name]}")
        if not _close(a["confidence"], b["confidence"], tolerance):
            problems.append(f"{qid}: confidence {a['confidence']} != {b['confidence']}")
    return problems


def max_differences(old: dict[str, Any], new: dict[str, Any]) -> dict[str, float]:
    """The largest absolute difference per kind of number the two snapshots share."""
    diffs = {"score": 0.0, "dense": 0.0, "bm25": 0.0, "signals": 0.0, "confidence": 0.0}
    for qid in old.keys() & new.keys():
        a, b = old[qid], new[qid]
        for key in ("score", "dense", "bm25"):
            pairs = [(x, y) for x, y in zip(a[key], b[key], strict=False) if x is not None and y is not None]
            diffs[key] = max([diffs[key], *(abs(x - y) for x, y in pairs)])
        shared = a["signals"].keys() & b["signals"].keys()
        diffs["signals"] = max([diffs["signals"], *(abs(a["signals"][n] - b["signals"][n]) for n in shared)])
        diffs["confidence"] = max(diffs["confidence"], abs(a["confidence"] - b["confidence"]))
    return diffs


def _close(a: float | None, b: float | None, tolerance: float) -> bool:
    """Equal within ``tolerance``, absolute or relative: a float32 BM25 score of 40 has steps of 4e-6."""
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=tolerance, abs_tol=tolerance)


def _close_lists(a: list[float | None], b: list[float | None], tolerance: float) -> bool:
    return len(a) == len(b) and all(_close(x, y, tolerance) for x, y in zip(a, b, strict=True))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_snapshot", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    write = sub.add_parser("write", help="search every question and write what came back as JSON")
    write.add_argument("--index", type=Path, required=True, help="index folder (read only)")
    write.add_argument("--qa", type=Path, nargs="+", required=True, help="question files (JSON lines)")
    write.add_argument("--model", help="embedding model (default: the one the index was built with)")
    write.add_argument("--out", type=Path, required=True)
    cmp = sub.add_parser("compare", help="list the differences between two snapshots")
    cmp.add_argument("old", type=Path)
    cmp.add_argument("new", type=Path)
    cmp.add_argument("--tolerance", type=float, default=1e-6, help="largest allowed difference of a number")
    args = parser.parse_args(argv)
    if args.command == "write":
        embedder = make_embedder(args.model or Manifest.read(args.index).model)
        retriever = Retriever.open(args.index, embedder)
        questions = [(f"{path.name}:{item.id}", item.question) for path in args.qa for item in read_qa(path)]
        args.out.write_text(json.dumps(snapshot(retriever, questions), ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{len(questions)} questions searched; written to {args.out}")
        return 0
    old = json.loads(args.old.read_text(encoding="utf-8"))
    new = json.loads(args.new.read_text(encoding="utf-8"))
    problems = compare(old, new, tolerance=args.tolerance)
    for line in problems:
        print(line)
    largest = ", ".join(f"{k} {v:.3g}" for k, v in max_differences(old, new).items())
    print(
        f"{len(old)} vs {len(new)} questions: {len(problems)} differences "
        f"(tolerance {args.tolerance:g}, absolute or relative; largest absolute differences: {largest})"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
