"""HTTP mode: an aiohttp server for Slack's requests, plus a health check.

    POST /slack/events   Events API, interactivity and slash commands (one URL for all,
                         as in manifest.yml); the signature is checked by Bolt
                         (401 on a bad or more than 5 minutes old signature)
    GET  /healthz        200 {"ok": true} when the database answers ``SELECT 1``,
                         else 503 with the reason (for the load balancer)

The server also runs the background loops (outbox delivery, SLA warnings) and,
on shutdown, stops them and waits for replies still being worked on. Several
replicas may run behind a load balancer: they share the database, and the
outbox lease keeps two of them from posting the same ticket card.

Example:
    >>> app = web_app(bot, health=database_check(engine), jobs=[worker.run])  # doctest: +SKIP
    >>> web.run_app(app, port=3000)  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from sqlalchemy import Engine, text

from bot.slack.app import SlackBot

__all__ = ["EVENTS_PATH", "HEALTH_PATH", "Health", "Job", "database_check", "start_site", "web_app"]

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

Health = Callable[[], Awaitable[None]]  # raises when unhealthy
Job = Callable[[asyncio.Event], Coroutine[Any, Any, None]]  # runs until the event is set


def database_check(engine: Engine) -> Health:
    """A health check that runs ``SELECT 1`` on ``engine`` (in a thread: the driver blocks)."""

    def ping() -> None:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    async def check() -> None:
        await asyncio.wait_for(asyncio.to_thread(ping), timeout=5.0)

    return check


def web_app(
    bot: SlackBot, *, health: Health | None = None, jobs: Sequence[Job] = ()
) -> web.Application:
    """The aiohttp application serving ``bot``; ``jobs`` run while it is up."""

    async def events(request: web.Request) -> web.Response:
        bolt_request = await to_bolt_request(request)
        response = await bot.app.async_dispatch(bolt_request)
        return await to_aiohttp_response(response)

    async def healthz(_: web.Request) -> web.Response:
        if health is None:
            return web.json_response({"ok": True})
        try:
            await health()
        except Exception as exc:
            log.warning("health check failed: %s", exc)
            return web.json_response(
                {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}, status=503
            )
        return web.json_response({"ok": True})

    async def lifetime(_: web.Application) -> AsyncIterator[None]:
        stop = asyncio.Event()
        tasks = [asyncio.create_task(job(stop), name=f"job {i}") for i, job in enumerate(jobs)]
        yield
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await bot.close()

    app = web.Application()
    app.router.add_post(EVENTS_PATH, events)
    app.router.add_get(HEALTH_PATH, healthz)
    app.cleanup_ctx.append(lifetime)
    return app


async def start_site(
    app: web.Application, *, host: str = "127.0.0.1", port: int = 0
) -> tuple[web.AppRunner, int]:
    """Serve ``app`` on ``host``; ``port=0`` picks a free port. Returns the runner and the port.

    Stop with ``await runner.cleanup()``.
    """
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = int(runner.addresses[0][1]) if runner.addresses else port
    return runner, bound
