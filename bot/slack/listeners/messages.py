"""Messages and @mentions -> :class:`~bot.replies.Turn` -> the router -> replies in the thread.

Which messages count:

* in a support channel, every human message: a new top-level question starts a
  thread (keyed by its own ``ts``), a reply continues its thread; the router
  decides whether to stay quiet;
* in a DM with the bot, the same;
* elsewhere, only an @mention (Slack sends it as ``app_mention``). In a support
  channel the mention also arrives as a plain message, which is the one handled.

Never handled: the bot's own and other bots' messages, edits, deletions and
other system subtypes (joins, topic changes, …). They are acknowledged and dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext

from bot.replies import Outcome, Turn
from bot.slack.mrkdwn import from_slack
from bot.slack.services import Services
from bot.slack.threads import ThreadKey
from textlang import detect_lang

__all__ = ["HUMAN_SUBTYPES", "Incoming", "MessageListeners", "incoming"]

log = logging.getLogger(__name__)

# Subtypes that are still a person writing; all others are system messages.
HUMAN_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})


@dataclass(frozen=True, slots=True)
class Incoming:
    """A human message worth a turn, before its files are fetched."""

    thread: ThreadKey
    user: str
    text: str
    files: tuple[Mapping[str, Any], ...]
    event_id: str | None


def incoming(body: Mapping[str, Any], *, bot_user: str = "") -> Incoming | None:
    """The turn-to-be in an Events API envelope, or ``None`` for anything not a person's message.

    Example:
        >>> incoming({"team_id": "T1", "event_id": "Ev1", "event": {
        ...     "type": "message", "channel": "C1", "user": "U1", "text": "hi", "ts": "17.1"}})
        Incoming(thread=ThreadKey(team='T1', channel='C1', ts='17.1'), user='U1', text='hi', \
files=(), event_id='Ev1')
    """
    event = body.get("event") or {}
    if not isinstance(event, Mapping) or event.get("bot_id"):
        return None
    subtype = event.get("subtype")
    if subtype is not None and str(subtype) not in HUMAN_SUBTYPES:
        return None
    user, channel, ts = event.get("user"), event.get("channel"), event.get("ts")
    if not all(isinstance(v, str) and v for v in (user, channel, ts)) or user == bot_user:
        return None
    team = str(body.get("team_id") or event.get("team") or "")
    thread_ts = str(event.get("thread_ts") or ts)  # always a string: a float would change it
    try:
        thread = ThreadKey(team, str(channel), thread_ts)
    except ValueError as exc:  # Slack always sends timestamps; anything else is not a message
        log.warning("message event %r skipped: %s", body.get("event_id"), exc)
        return None
    files = event.get("files")
    event_id = body.get("event_id")
    return Incoming(
        thread=thread,
        user=str(user),
        text=from_slack(str(event.get("text") or ""), bot_user=bot_user),
        files=tuple(f for f in files if isinstance(f, Mapping)) if isinstance(files, list) else (),
        event_id=event_id if isinstance(event_id, str) else None,
    )


class MessageListeners:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def on_message(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        await ack()
        event = body.get("event") or {}
        channel = event.get("channel")
        is_dm = event.get("channel_type") == "im"
        if not is_dm and not self._is_support(channel):
            return  # other channels: only @mentions (app_mention) count
        self._start(incoming(body, bot_user=context.bot_user_id or ""))

    async def on_mention(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        await ack()
        event = body.get("event") or {}
        if self._is_support(event.get("channel")):
            return  # the same text arrives as a message event, handled there
        self._start(incoming(body, bot_user=context.bot_user_id or ""))

    def _is_support(self, channel: object) -> bool:
        return isinstance(channel, str) and channel in self.services.settings.support_channels

    def _start(self, message: Incoming | None) -> None:
        if message is None:
            return
        lang = detect_lang(message.text) if message.text else "en"

        async def work() -> Outcome:
            files = (
                await self.services.files.fetch_all(message.files, lang=lang) if message.files else None
            )
            refused = files.notice(lang) if files else None
            if refused is not None:  # one notice however many files were refused
                await self.services.poster.to_thread(message.thread, refused)
            turn = Turn(
                thread=str(message.thread),
                user=message.user,
                text=message.text,
                files=files.files if files else (),
                event_id=message.event_id,
                permalink=await self.services.workspace.permalink(message.thread),
                by_engineer=await self.services.engineers.is_engineer(message.user),
            )
            return await self.services.router.handle(turn)

        self.services.in_thread(message.thread, work, name="message", lang=lang)
