"""``supportbot``: the command line.

supportbot chat                       talk to the bot in the terminal (embedded defaults)
supportbot index build                build or refresh the search index
supportbot ask "question" [--json]    answer one question from the docs
supportbot tickets list|show|claim|status|resolve
supportbot bench retrieval|intake     measure quality and speed
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot import commands


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="supportbot", description="A support bot for developer communities."
    )
    sub = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_index(sub)
    commands.add_ask(sub)
    commands.add_bench(sub)
    for extra in commands.EXTRA:
        extra(sub)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        result: int = args.run(args)
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    except commands.USER_ERRORS as exc:
        print(f"supportbot: {exc}", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    raise SystemExit(main())
