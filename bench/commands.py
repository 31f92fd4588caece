"""``supportbot bench retrieval|intake|slack|soak``: measurements printed as tables or JSON."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from bench.soak import add_bench_soak
from bot.settings import Settings, SettingsError
from retrieval.errors import RetrievalError

# The bench runs from a checkout only, so its data is found beside it.
REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared" / "data"


def add_bench(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bench = sub.add_parser("bench", help="measure quality and speed")
    bsub = bench.add_subparsers(dest="bench_command", required=True, metavar="WHAT")
    retrieval = bsub.add_parser(
        "retrieval", help="retrieval quality per leg, abstention, build and search speed"
    )
    retrieval.add_argument(
        "--docs", type=Path, default=SHARED / "openim-docs", help="docs folder to index"
    )
    retrieval.add_argument(
        "--qa", type=Path, default=SHARED / "openim-qa" / "dev.jsonl", help="labelled questions"
    )
    retrieval.add_argument(
        "--model", help="embedding model (default: SUPPORTBOT_EMBEDDING_MODEL or bundled)"
    )
    retrieval.add_argument("--json", action="store_true", help="print JSON instead of tables")
    retrieval.add_argument("--per-item", action="store_true", help="include per-question rows")
    retrieval.set_defaults(run=run_retrieval)
    add_bench_intake(bsub)
    add_bench_slack(bsub)
    add_bench_soak(bsub)


def run_retrieval(args: argparse.Namespace) -> int:
    from bench.retrieval_bench import format_report, run_retrieval_bench
    from retrieval.embed import SentenceTransformerEmbedder

    for label, path in (("--docs", args.docs), ("--qa", args.qa)):
        if not path.exists():
            raise RetrievalError(
                f"{label} {path} does not exist. Pass {label} with a path to your data."
            )
    settings = Settings.from_env()
    embedder = SentenceTransformerEmbedder(args.model or settings.model)
    log = (lambda msg: print(msg, file=sys.stderr)) if not args.json else (lambda msg: None)
    bench = run_retrieval_bench(
        args.docs, args.qa, embedder=embedder, progress=not args.json, log=log
    )
    if args.json:
        data = bench.to_dict()
        if not args.per_item:
            data.pop("per_item")
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(format_report(bench))
        if args.per_item:
            for row in bench.per_item:
                print(json.dumps(row, ensure_ascii=False))
    return 0


def add_bench_intake(bsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    data = REPO_ROOT / "tests" / "data"
    intake = bsub.add_parser("intake", help="field extraction precision/recall and turns-to-ticket")
    intake.add_argument(
        "--messages",
        type=Path,
        default=data / "intake_first_messages.jsonl",
        help="labelled first messages (JSON lines)",
    )
    intake.add_argument(
        "--conversations",
        type=Path,
        default=data / "intake_conversations.jsonl",
        help="scripted conversations (JSON lines)",
    )
    intake.add_argument("--json", action="store_true", help="print JSON instead of tables")
    intake.set_defaults(run=run_intake)


def run_intake(args: argparse.Namespace) -> int:
    from bench.intake_bench import (
        format_dialog_report,
        format_extraction_report,
        run_dialog_bench,
        run_extraction_bench,
    )

    extraction = run_extraction_bench(args.messages)
    dialogs = run_dialog_bench(args.conversations)
    if args.json:
        print(
            json.dumps(
                {"extraction": extraction.to_dict(), "dialogs": dialogs.to_dict()},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(f"messages: {args.messages}\n")
        print(format_extraction_report(extraction))
        print(f"\nconversations: {args.conversations}\n")
        print(format_dialog_report(dialogs))
    return 0


def add_bench_slack(bench_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bench = bench_sub.add_parser(
        "slack", help="Slack adapter: ack latency and highest sustained event rate"
    )
    bench.add_argument("--rates", default="50,100,200,400,800", help="events/s levels, e.g. 50,100")
    bench.add_argument("--seconds", type=float, default=3.0, help="how long each level runs")
    bench.add_argument(
        "--router",
        choices=("auto", "fake", "real"),
        default="fake",
        help="fake: an instant router (measures the adapter alone); real: the configured bot "
        "(loads the index); auto: real if it starts, else fake",
    )
    bench.add_argument("--json", action="store_true", help="print JSON instead of a table")
    bench.set_defaults(run=run_bench_slack)


def run_bench_slack(args: argparse.Namespace) -> int:
    from bench.slack_bench import BenchConfig, format_report, run_bench

    try:
        rates = tuple(int(r) for r in args.rates.split(",") if r.strip())
    except ValueError:
        raise SettingsError(f"--rates {args.rates!r}: use whole numbers, e.g. 50,100,200") from None
    if not rates or min(rates) <= 0 or args.seconds <= 0:
        raise SettingsError(
            "--rates and --seconds must be positive, e.g. --rates 50,100 --seconds 3"
        )
    config = BenchConfig(rates=rates, seconds=args.seconds, router=args.router)
    report = asyncio.run(run_bench(config))
    print(json.dumps(report.to_dict(), indent=2) if args.json else format_report(report))
    return 0
