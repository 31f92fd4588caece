"""``supportbot ask "question"``: answer one question from the docs."""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict

from bot.runtime import open_retriever
from bot.settings import Settings
from retrieval.types import Answer, Hit, NoAnswer, Suggestions


def add_ask(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ask = sub.add_parser("ask", help="answer one question from the docs")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="machine-readable output")
    ask.add_argument("-k", type=int, default=5, help="how many search hits to show with --json")
    ask.set_defaults(run=run_ask)


def _hit(hit: Hit) -> dict[str, object]:
    return {
        "rank": hit.rank,
        "score": round(hit.score, 4),
        "dense": None if hit.dense is None else round(hit.dense, 4),
        "bm25": None if hit.bm25 is None else round(hit.bm25, 4),
        "title": " > ".join(hit.chunk.title_path),
        "url": hit.chunk.url,
        "lang": hit.chunk.lang,
        "kind": hit.chunk.kind.value,
        "text": hit.chunk.text,
    }


def run_ask(args: argparse.Namespace) -> int:
    retriever = open_retriever(Settings.from_env(), progress=not args.json)
    started = time.perf_counter()
    result = retriever.answer(args.question)
    answer_ms = (time.perf_counter() - started) * 1000
    if args.json:
        hits = retriever.search(args.question, k=args.k)
        payload = {
            "question": args.question,
            "answered": isinstance(result, Answer),
            "tier": _tier(result),
            "confidence": round(result.confidence, 4),
            "answer_at": retriever.calibration.answer_at,
            "suggest_at": retriever.calibration.suggest_at,
            "passages": [_hit(h) for h in result.passages] if isinstance(result, Answer) else [],
            "sources": list(result.sources) if isinstance(result, Answer) else [],
            "hits": [_hit(h) for h in hits],
            "ms": round(answer_ms, 1),
            "index": asdict(retriever.index.manifest)["corpus"],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    if isinstance(result, Answer):
        for hit in result.passages:
            print(f"> {' > '.join(hit.chunk.title_path)}")
            for line in hit.chunk.text.splitlines():
                print(f"  {line}")
            print()
        print("Sources:")
        for url in result.sources:
            print(f"  - {url}")
    elif isinstance(result, Suggestions):
        print("Not sure the docs answer this, but these pages look relevant:")
        for hit in result.pages:
            print(f"  - {' > '.join(hit.chunk.title_path)}: {hit.chunk.url}")
        print("If none helps, run `supportbot chat` to talk to a support engineer.")
    else:
        print(
            "I could not find this in the docs. A support engineer can help: run `supportbot chat` to open a ticket."
        )
        if result.nearest:
            print("Maybe related:")
            for hit in result.nearest:
                print(f"  - {' > '.join(hit.chunk.title_path)}: {hit.chunk.url}")
    cal = retriever.calibration
    print(
        f"\n(tier {_tier(result)}, confidence {result.confidence:.2f}; answer at {cal.answer_at:.2f}, "
        f"suggest at {cal.suggest_at:.2f}; {answer_ms:.0f} ms)"
    )
    return 0


def _tier(result: Answer | Suggestions | NoAnswer) -> str:
    if isinstance(result, Answer):
        return "answer"
    return "suggest" if isinstance(result, Suggestions) else "decline"
