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


def _object(value: object) -> bool:
    return value is None or isinstance(value, dict)


def _object_or_id(value: object) -> bool:
    return value is None or isinstance(value, dict | str)


def _objects(value: object) -> bool:
    return value is None or (isinstance(value, list) and all(isinstance(v, dict) for v in value))


def _named(value: object, key: str = "action_id", *, optional: bool = False) -> bool:
    """An object whose ``key`` is a string (Bolt matches listeners on it)."""
    if not isinstance(value, dict):
        return False
    return isinstance(value.get(key), str) or (optional and key not in value)


# What Slack always sends under these keys. Bolt reads them before any listener runs
# and answers 500 (after logging a traceback) when they are shaped otherwise.
_SHAPES: tuple[tuple[str, Callable[[object], bool], str], ...] = (
    ("event", lambda v: isinstance(v, dict), "an object"),
    ("view", lambda v: _named(v, "type") and _named(v, "callback_id", optional=True), "a view"),
    ("actions", lambda v: bool(v) and isinstance(v, list) and all(map(_named, v)), "actions"),
    ("authorizations", _objects, "a list of objects"),
    ("container", _object, "an object"),
    ("message", _object, "an object"),
    ("state", _object, "an object"),
    ("team", _object, "an object"),
    ("user", _object, "an object"),
    ("channel", _object, "an object"),
    ("enterprise", _object_or_id, "an object or an id"),
)


def malformed(body: object) -> str | None:
    """Why a request body is shaped like nothing Slack sends, or ``None`` if it is fine.

    Example:
        >>> malformed({"type": "event_callback", "event": {"type": "message"}}) is None
        True
        >>> malformed({"type": "event_callback", "event": [1, 2]})
        "'event' is not an object"
    """
    if not isinstance(body, dict):
        return f"the body is not an object but a {type(body).__name__}"
    for key, fits, shape in _SHAPES:
        if key in body and not fits(body[key]):
            return f"{key!r} is not {shape}"
    event = body.get("event") or {}
    for key in ("message", "previous_message"):  # edits and deletions carry these
        if not _object(event.get(key)):
            return f"'event.{key}' is not an object"
    return None


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
        try:
            bolt_request = await to_bolt_request(request)
            problem = malformed(bolt_request.body)
        except Exception as exc:  # Bolt parses the body before anyone checks it
            problem = f"unreadable body ({type(exc).__name__})"
        if problem is not None:
            # Slack never sends this; answering 400 keeps Bolt from failing on it (a 500).
            log.warning("bad request to %s: %s", EVENTS_PATH, problem)
            return web.json_response({"ok": False, "error": problem}, status=400)
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
