"""The Bolt app: a Web API client with retries, the listeners, and one error handler.

Listeners are registered with ``process_before_response=True``: each acks first
and hands the slow part to tracked background tasks (``Services.background``),
so the HTTP 200 goes out as soon as the ack is set (no waiting on Bolt's ack
poll) and shutdown can wait for work in flight (:meth:`SlackBot.close`).

Example:
    >>> bot = SlackBot(SlackSettings.from_env(), router=router, desk=desk)  # doctest: +SKIP
    >>> response = await bot.app.async_dispatch(request)  # doctest: +SKIP
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.ports import Desk, Router
from bot.slack.listeners import Listener, register
from bot.slack.services import Services
from bot.slack.settings import SlackSettings

__all__ = ["SlackBot", "make_client"]

log = logging.getLogger(__name__)
_bolt_log = logging.getLogger("bot.slack.bolt")


class _BoltNoise(logging.Filter):
    """Drops two of Bolt's records.

    * Bolt reads SLACK_BOT_TOKEN itself and then warns that our client wins; it is meant to.
    * Bolt's request verification logs the whole body of a refused request at INFO. The
      server refuses those before Bolt sees them (``bot.slack.verify``), so this only
      matters if that ever changes; an unverified body must never reach the log.
    """

    _DROPPED = ("As you gave `client` as well", "Invalid request signature detected")

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith(self._DROPPED))


# Bolt copies the filters of the logger it is given onto each logger it makes.
_bolt_log.addFilter(_BoltNoise())


def make_client(
    settings: SlackSettings, *, retries: bool = True, timeout: float = 10.0
) -> AsyncWebClient:
    """A Web API client for ``settings.api_url``.

    With ``retries`` a 429 waits for Retry-After and is tried again, as are 5xx
    answers and dropped connections (twice each). The outbox worker passes
    ``retries=False``: it schedules its own retries in the database instead of
    holding a lease while it sleeps.
    """
    handlers = (
        [
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ]
        if retries
        else []
    )
    return AsyncWebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=int(timeout),
        retry_handlers=handlers,
    )


class SlackBot:
    """The Slack adapter: ``app`` to serve, ``services`` the listeners share."""

    def __init__(
        self,
        settings: SlackSettings,
        *,
        router: Router,
        desk: Desk,
        client: AsyncWebClient | None = None,
    ) -> None:
        self.settings = settings
        self.client = client or make_client(settings)
        self.services = Services.create(settings, router=router, desk=desk, client=self.client)
        self.app = AsyncApp(
            name="supportbot",
            client=self.client,
            signing_secret=settings.signing_secret,
            # Socket Mode requests are not signed; HTTP ones always are.
            request_verification_enabled=bool(settings.signing_secret),
            process_before_response=True,
            logger=_bolt_log,
        )
        self.listeners: tuple[Listener, ...] = register(self.app, self.services)
        self.app.error(self._on_error)

    async def _on_error(self, error: Exception, body: dict[str, Any]) -> BoltResponse | None:
        # Listeners only ack and spawn, so this sees bugs in that part; the
        # background work has its own handler (Services.in_thread).
        kind = body.get("type") or (body.get("event") or {}).get("type") or body.get("command")
        log.error(
            "Slack %r request failed (event_id=%r)", kind, body.get("event_id"), exc_info=error
        )
        return None

    async def close(self, timeout: float = 30.0) -> None:
        """Finish the work in flight (up to ``timeout`` seconds) and release connections."""
        await self.services.close(timeout)
