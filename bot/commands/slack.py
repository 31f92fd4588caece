"""``supportbot run`` (Slack, Socket Mode) and ``supportbot serve`` (Slack, HTTP).

    supportbot run                       Socket Mode; needs SLACK_APP_TOKEN (xapp-…)
    supportbot serve [--port N]          HTTP: POST /slack/events, GET /healthz;
                                         the port defaults to $PORT, else 3000

Register with ``add_slack(sub)`` on the top-level sub-parsers (``supportbot bench slack``
is in the checkout's ``bench.commands``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal

from bot.logs import setup_logging
from bot.settings import Settings, SettingsError

__all__ = ["add_slack", "default_port"]


def default_port(env: dict[str, str] | None = None) -> int:
    """``$PORT`` (as set by Heroku-style platforms) or 3000."""
    raw = (os.environ if env is None else env).get("PORT", "").strip()
    if not raw:
        return 3000
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SettingsError(
            f"PORT={raw!r} is not a TCP port number; set it to e.g. 3000 or pass --port."
        )
    return int(raw)


def add_slack(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = sub.add_parser(
        "run", help="serve Slack in Socket Mode (no public URL; needs SLACK_APP_TOKEN)"
    )
    run.set_defaults(run=run_socket)
    serve = sub.add_parser("serve", help="serve Slack over HTTP: POST /slack/events, GET /healthz")
    serve.add_argument("--port", type=int, help="TCP port (default: $PORT, else 3000)")
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    serve.set_defaults(run=run_http)


def _logging() -> None:
    # One capped line per record, control characters escaped (bot/logs.py; docs/deployment.md).
    setup_logging(logging.INFO)


def run_http(args: argparse.Namespace) -> int:
    from aiohttp import web

    from bot.slack.runtime import assemble
    from bot.slack.server import web_app
    from bot.slack.settings import SlackSettings

    port = args.port or default_port()
    slack = SlackSettings.from_env(mode="http")
    _logging()
    parts = assemble(Settings.from_env(), slack)
    app = web_app(parts.bot, health=parts.health, jobs=parts.jobs)
    # run_app stops gracefully on SIGINT/SIGTERM: the cleanup waits for replies in flight.
    web.run_app(app, host=args.host, port=port, access_log=None, print=lambda _: None)
    return 0


def run_socket(args: argparse.Namespace) -> int:
    from bot.slack.runtime import assemble
    from bot.slack.settings import SlackSettings
    from bot.slack.socket_mode import run_socket_mode

    slack = SlackSettings.from_env(mode="socket")
    _logging()
    parts = assemble(Settings.from_env(), slack)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # not on Windows
                loop.add_signal_handler(sig, stop.set)
        await run_socket_mode(parts.bot, app_token=slack.app_token, jobs=parts.jobs, stop=stop)

    asyncio.run(main())
    return 0
