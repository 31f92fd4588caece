"""Posting rendered replies to Slack threads, channels and people.

Example:
    >>> poster = Poster(client)  # doctest: +SKIP
    >>> await poster.outcome("T1:C1:1700000000.000100", outcome)  # doctest: +SKIP
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import SEND_ERRORS
from bot.replies import Outcome, PrivateReply, Reply
from bot.slack.render import Message, render
from bot.slack.threads import ThreadKey

__all__ = ["SEND_ERRORS", "Poster", "describe"]


log = logging.getLogger(__name__)


class Poster:
    """Thin layer over ``chat.postMessage`` / ``chat.postEphemeral`` / ``chat.update``."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def to_thread(self, thread: ThreadKey | str, message: Message) -> dict[str, Any]:
        """Post ``message`` as a reply in ``thread``; returns Slack's answer (channel, ts)."""
        key = thread if isinstance(thread, ThreadKey) else ThreadKey.parse(thread)
        response = await self.client.chat_postMessage(
            channel=key.channel, thread_ts=key.ts, **message.payload()
        )
        return dict(response.data) if isinstance(response.data, dict) else {}

    async def to_channel(self, channel: str, message: Message) -> dict[str, Any]:
        """Post ``message`` at the top level of ``channel`` (a channel id, or a user id: a DM)."""
        response = await self.client.chat_postMessage(channel=channel, **message.payload())
        return dict(response.data) if isinstance(response.data, dict) else {}

    async def ephemeral(
        self, channel: str, user: str, message: Message, *, thread_ts: str | None = None
    ) -> None:
        """Show ``message`` to ``user`` only."""
        extra: dict[str, Any] = {} if thread_ts is None else {"thread_ts": thread_ts}
        payload = message.payload()
        payload.pop("unfurl_links")
        payload.pop("unfurl_media")
        await self.client.chat_postEphemeral(channel=channel, user=user, **payload, **extra)

    async def update(self, channel: str, ts: str, message: Message) -> None:
        """Replace the message at ``channel``/``ts`` (e.g. a ticket card after a claim)."""
        payload = message.payload()
        payload.pop("unfurl_links")
        payload.pop("unfurl_media")
        await self.client.chat_update(channel=channel, ts=ts, **payload)

    async def replies(self, thread: ThreadKey | str, replies: tuple[Reply, ...]) -> int:
        """Post each reply in order; a failed one is logged and the rest still go out.

        Returns how many were posted.
        """
        posted = 0
        for reply in replies:
            try:
                if isinstance(reply, PrivateReply):
                    key = thread if isinstance(thread, ThreadKey) else ThreadKey.parse(thread)
                    await self.ephemeral(key.channel, reply.user, render(reply), thread_ts=key.ts)
                else:
                    await self.to_thread(thread, render(reply))
            except SEND_ERRORS as exc:
                log.error(
                    "posting %s to %s failed: %s", type(reply).__name__, thread, describe(exc)
                )
            else:
                posted += 1
        return posted

    async def notices(self, outcome: Outcome) -> int:
        """Relay an outcome's notices to their threads; returns how many were posted."""
        posted = 0
        for notice in outcome.notices:
            try:
                key = ThreadKey.parse(notice.thread)
            except ValueError:
                log.warning("notice for %r skipped: not a Slack thread", notice.thread)
                continue
            posted += await self.replies(key, (notice.reply,))
        return posted

    async def outcome(self, thread: ThreadKey | str, outcome: Outcome) -> int:
        """Replies to ``thread``, notices to theirs; returns how many messages were posted."""
        return await self.replies(thread, outcome.replies) + await self.notices(outcome)


def describe(error: BaseException) -> str:
    """A one-line reason for a failed call: Slack's error code, HTTP status, or the exception."""
    if isinstance(error, SlackApiError):
        status = getattr(error.response, "status_code", 0)
        return f"{error.response.get('error') or 'error'} (HTTP {status})"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
