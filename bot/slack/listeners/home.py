"""App Home: ``app_home_opened`` -> ``views.publish`` with the engineer's queue.

Engineers see their open tickets and the unclaimed ones by due time
(``Desk.queue``); everyone else a short note on how to ask for help.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck

from bot.slack.poster import SEND_ERRORS, describe
from bot.slack.services import Services
from bot.slack.views import home_view

__all__ = ["HomeListeners"]

log = logging.getLogger(__name__)


class HomeListeners:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def on_home_opened(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        event = body.get("event") or {}
        user = event.get("user")
        if event.get("tab", "home") != "home" or not isinstance(user, str) or not user:
            return  # the Messages tab is a DM, handled as messages
        self.services.background.spawn(self.publish(user), name=f"home:{user}")

    async def publish(self, user: str) -> None:
        """Draw ``user``'s App Home."""
        is_engineer = await self.services.engineers.is_engineer(user)
        tickets = await self.services.desk.queue(engineer=user) if is_engineer else []
        view = home_view(
            tickets, user=user, is_engineer=is_engineer, lang=self.services.settings.card_lang
        )
        try:
            await self.services.client.views_publish(user_id=user, view=view)
        except SEND_ERRORS as exc:
            log.error("views.publish for %r failed: %s", user, describe(exc))
