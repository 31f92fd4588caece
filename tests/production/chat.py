"""A developer's Slack thread, written to whichever replica a test picks, read from the fake Slack.

Every message is a signed Events API request with its own event id (a Slack
retry reuses one: pass ``event_id``). :meth:`Thread.ask` waits, like a person,
for the bot's next reply before the test goes on.

Example:
    >>> thread = Thread(slack, session)  # doctest: +SKIP
    >>> await thread.ask(replica_a, "How often is the heartbeat sent?")  # doctest: +SKIP
    'Here is what the docs say: …'
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from tests.bot.slack.conftest import SUPPORT
from tests.bot.slack.signing import Sender, message
from tests.production.fault_slack import FaultySlack
from tests.production.replica import Replica, eventually

__all__ = [
    "ANSWERED",
    "APOLOGY",
    "CONFIRMING",
    "DEVELOPER",
    "FILED",
    "INTAKE",
    "INTAKE_STARTED",
    "QUESTION",
    "Thread",
    "new_event_id",
    "new_ts",
]

DEVELOPER = "U0DEV"
# A question the small test corpus answers (connection.md: the heartbeat), and the
# intake answers that file a message-delivery ticket from it (one per prompt).
QUESTION = (
    "Group messages sent from iOS are not received by Android members since we upgraded "
    "the SDK. How often does the SDK send a heartbeat?"
)
INTAKE = (
    "Android 14, Pixel 8, SDK 3.6.1, wifi, group chat, since upgrading to 3.6.1, every time",
    "1. create a group of 20 2. send a text 3. iOS members get it, Android members do not",
    "no logs, it is a customer's phone",
    "yes production, only some users, restarting the app helps, no data lost",
)
ANSWERED = "Here is what the docs say"
INTAKE_STARTED = "I'll collect what a support engineer needs"
CONFIRMING = "Reply `confirm` to file it"
FILED = "is filed with priority"
APOLOGY = "Sorry, something went wrong on my side"

_ts = itertools.count(1)


def new_ts() -> str:
    """A fresh Slack message timestamp (``1710000001.000001``, …)."""
    n = next(_ts)
    return f"{1710000000 + n}.{n:06d}"


def new_event_id() -> str:
    return f"Ev{uuid.uuid4().hex[:12].upper()}"


@dataclass
class Thread:
    slack: FaultySlack
    session: aiohttp.ClientSession
    ts: str = field(default_factory=new_ts)  # the question's ts: the thread's key
    user: str = DEVELOPER
    channel: str = SUPPORT
    context: Callable[[], str] = lambda: ""  # replica logs, for failure messages
    _started: bool = False

    @property
    def key(self) -> str:
        """The router's name for this thread (``team:channel:ts``)."""
        return f"T0TEAM:{self.channel}:{self.ts}"

    def event(self, text: str) -> dict[str, Any]:
        """The next message event of the thread: the question first, then replies in it."""
        if self._started:
            return message(text, channel=self.channel, user=self.user, ts=new_ts(), thread_ts=self.ts)
        self._started = True
        return message(text, channel=self.channel, user=self.user, ts=self.ts)

    async def send(
        self,
        replica: Replica,
        event: dict[str, Any],
        *,
        event_id: str,
        retry_num: int | None = None,
    ) -> int:
        """Deliver ``event`` to ``replica`` as Slack would; returns the HTTP status of the ack."""
        sender = Sender(replica.events_url, self.session)
        status, _ = await sender.event(event, event_id=event_id, retry_num=retry_num)
        return status

    async def say(self, replica: Replica, text: str) -> int:
        """Post ``text`` to the thread through ``replica``; returns the HTTP status of the ack."""
        return await self.send(replica, self.event(text), event_id=new_event_id())

    def replies(self) -> list[str]:
        """What the bot posted in this thread so far (fallback texts), oldest first."""
        return [str(c.args.get("text")) for c in self.slack.posts(thread_ts=self.ts)]

    async def next_reply(self, after: int, *, timeout: float = 30.0) -> str:
        """The bot's reply number ``after`` (0-based), once it is there."""
        replies = await eventually(
            lambda: self.replies() if len(self.replies()) > after else None,
            timeout=timeout,
            what=f"reply #{after + 1} in thread {self.ts}; so far: {self.replies()}",
            context=self.context,
        )
        return replies[after]

    async def ask(self, replica: Replica, text: str, *, timeout: float = 30.0) -> str:
        """Say ``text`` through ``replica`` and return the bot's next reply in the thread."""
        before = len(self.replies())
        assert await self.say(replica, text) == 200
        return await self.next_reply(before, timeout=timeout)
