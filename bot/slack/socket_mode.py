"""Socket Mode: the bot opens a WebSocket to Slack, so it needs no public URL.

Good for one instance behind a firewall (the ``worker:`` process of the
Procfile); for several replicas use HTTP mode (``bot.slack.server``). The same
listeners serve both; Socket Mode requests are unsigned, so the signing secret
is not needed, but the app-level token (``xapp-…``) is.

Example:
    >>> await run_socket_mode(bot, app_token=token, jobs=[worker.run])  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.slack.app import SlackBot
from bot.slack.server import Job

__all__ = ["run_socket_mode"]

log = logging.getLogger(__name__)


async def run_socket_mode(
    bot: SlackBot, *, app_token: str, jobs: Sequence[Job] = (), stop: asyncio.Event | None = None
) -> None:
    """Connect and serve until ``stop`` is set (or the task is cancelled, e.g. by Ctrl-C).

    On the way out the background loops stop and replies in flight are finished.
    """
    stop = stop or asyncio.Event()
    handler = AsyncSocketModeHandler(bot.app, app_token)
    tasks = [asyncio.create_task(job(stop), name=f"job {i}") for i, job in enumerate(jobs)]
    try:
        await handler.connect_async()  # type: ignore[no-untyped-call]
        log.info("connected to Slack in Socket Mode")
        await stop.wait()
    finally:
        stop.set()
        await handler.close_async()  # type: ignore[no-untyped-call]
        await asyncio.gather(*tasks, return_exceptions=True)
        await bot.close()
