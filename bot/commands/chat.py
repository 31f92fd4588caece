"""``supportbot chat``: the embedded default, the bot in your terminal."""

from __future__ import annotations

import argparse

from bot.settings import Settings


def add_chat(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    chat = sub.add_parser("chat", help="talk to the bot in the terminal (no set-up needed)")
    chat.add_argument(
        "--thread", help="conversation name; the same name resumes it (default: console:$USER)"
    )
    chat.add_argument("--user", help="who you are in tickets (default: your login name)")
    chat.set_defaults(run=run_chat)


def run_chat(args: argparse.Namespace) -> int:
    from bot.console import ConsoleChat
    from bot.runtime import build_router

    settings = Settings.from_env()
    router, _desk, _stores = build_router(settings)
    return ConsoleChat(router, thread=args.thread, user=args.user).run()
