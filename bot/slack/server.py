"""HTTP mode: an aiohttp server for Slack's requests, plus a health check.

    POST /slack/events   Events API, interactivity and slash commands (one URL for all,
                         as in manifest.yml); the signature is checked first
                         (``bot.slack.verify``: 401 on a missing, bad or more than
                         5 minutes old signature; the body is never logged)
    GET  /healthz        200 {"ok": true} when the database answers ``SELECT 1``,
                         else 503 {"ok": false, "error": "database unavailable"}
                         (the reason goes to the log, not to anonymous callers)

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
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from sqlalchemy import Engine, text

from bot.logs import cap
from bot.slack.app import SlackBot
from bot.slack.verify import describe_refusal, refusal

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
    return _form_values_problem(body.get("view"))


def _form_values_problem(view: object) -> str | None:
    """Why a view's ``state.values`` is not Slack's ``{block_id: {action_id: element}}``."""
    if not isinstance(view, dict):
        return None
    state = view.get("state")
    if state is None:
        return None
    if not isinstance(state, dict):
        return "'view.state' is not an object"
    values = state.get("values")
    if values is None:
        return None
    where = "view.state.values"
    if not isinstance(values, dict):
        return f"{where!r} is not an object"
    for block_id, actions in values.items():
        if not isinstance(actions, dict):
            return f"'{where}.{block_id[:50]}' is not an object"
        for action_id, element in actions.items():
            path = f"{where}.{block_id[:50]}.{action_id[:50]}"
            if not isinstance(element, dict):
                return f"{path!r} is not an object"
            if not isinstance(element.get("value"), str | None):
                return f"'{path}.value' is not a string"
            option = element.get("selected_option")
            if option is not None and not (
                isinstance(option, dict) and isinstance(option.get("value"), str | None)
            ):
                return f"'{path}.selected_option' is not an object"
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
        if bot.settings.signing_secret:
            raw = await request.read()
            now = time.time()
            reason = refusal(request.headers, raw, secret=bot.settings.signing_secret, now=now)
            if reason is not None:
                # The body of a refused request is never logged: it is a stranger's, and a
                # stale but genuine one holds what redaction removes everywhere else.
                log.info(
                    "refused a request to %s: %s",
                    EVENTS_PATH,
                    describe_refusal(reason, request.headers, raw, now=now),
                )
                return web.json_response({"error": "invalid request"}, status=401)
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
            # The reason (host names, driver messages) is for the operators' log only;
            # anyone may call /healthz.
            log.warning("health check failed: %s", cap(f"{type(exc).__name__}: {exc}", 500))
            return web.json_response({"ok": False, "error": "database unavailable"}, status=503)
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
