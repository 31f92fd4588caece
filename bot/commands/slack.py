"""``supportbot run`` (Slack, Socket Mode), ``supportbot serve`` (Slack, HTTP) and
``supportbot bench slack``.

    supportbot run                       Socket Mode; needs SLACK_APP_TOKEN (xapp-…)
    supportbot serve [--port N]          HTTP: POST /slack/events, GET /healthz;
                                         the port defaults to $PORT, else 3000
    supportbot bench slack [--json]      ack latency and sustained event rate

Register with ``add_slack(sub)`` on the top-level sub-parsers and
``add_bench_slack(bench_sub)`` on the ``bench`` sub-parsers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal

from bot.logs import setup_logging
from bot.settings import Settings, SettingsError

__all__ = ["add_bench_slack", "add_slack", "default_port"]


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


def run_bench_slack(args: argparse.Namespace) -> int:
    from bot.slack.bench import BenchConfig, format_report, run_bench

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
