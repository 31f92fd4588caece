"""``supportbot index build``."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.settings import Settings
from retrieval.embed import make_embedder
from retrieval.index import build_index
from retrieval.manifest import IndexSettings


def add_index(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    index = sub.add_parser("index", help="build or refresh the search index")
    isub = index.add_subparsers(dest="index_command", required=True, metavar="ACTION")
    build = isub.add_parser(
        "build", help="index a docs folder (only changed files are re-embedded)"
    )
    build.add_argument(
        "--corpus", type=Path, help="docs folder (default: SUPPORTBOT_CORPUS or the bundled corpus)"
    )
    build.add_argument("--out", type=Path, help="index folder (default: SUPPORTBOT_INDEX)")
    build.add_argument("--model", help="sentence-transformers model name or folder")
    build.add_argument(
        "--faiss",
        choices=("flat", "hnsw"),
        default="flat",
        help="exact (flat) or approximate (hnsw)",
    )
    build.add_argument("--quiet", action="store_true", help="no progress bars")
    build.set_defaults(run=run_build)


def run_build(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    corpus = args.corpus or settings.corpus
    out = args.out or settings.index
    embedder = make_embedder(args.model or settings.model)
    report = build_index(
        corpus,
        out,
        embedder=embedder,
        settings=IndexSettings(faiss=args.faiss),
        progress=not args.quiet,
    )
    print(
        f"Indexed {report.chunks} chunks ({report.views} vectors) from {report.files} files into {out} "
        f"in {report.seconds:.1f} s: {report.embedded} embedded, {report.reused} reused."
    )
    for label, paths in (
        ("added", report.added),
        ("changed", report.changed),
        ("removed", report.removed),
    ):
        if paths:
            print(
                f"  {label}: {len(paths)} file(s)"
                + (f" ({', '.join(paths[:5])}{' …' if len(paths) > 5 else ''})")
            )
    for problem in report.problems:
        print(f"  skipped {problem}")
    return 0
