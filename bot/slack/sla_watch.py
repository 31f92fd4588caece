"""Warns before a ticket misses its first-response target.

Every ``interval`` seconds the watcher asks the desk for due warnings
(``Desk.due_warnings(now=…)``, which marks each ticket warned once) and for each
posts the warning (the outcome's replies, or a standard one if it has none) to
the escalation channel and as a DM to the assignee, if any; the outcome's
notices (e.g. to the developer's thread) are relayed too.

Example:
    >>> watcher = SlaWatcher(desk, poster, channel="C0ESCAL")  # doctest: +SKIP
    >>> await watcher.run_once(now=datetime.now(UTC))  # doctest: +SKIP
    1
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.ports import Desk
from bot.slack.mrkdwn import escape, link, local_time
from bot.slack.poster import SEND_ERRORS, Poster, describe
from bot.slack.render import Message, render, render_template
from bot.texts import say
from intake.tickets.store import Ticket

__all__ = ["SlaWatcher", "warning_message"]

log = logging.getLogger(__name__)


def warning_message(ticket: Ticket, *, lang: str = "en") -> Message:
    """The warning about ``ticket``: id, priority, due time (reader's time zone), thread link."""
    due = local_time(ticket.due_at)
    text = ":warning: " + say(
        "sla_warning", lang, ticket=escape(ticket.id), priority=ticket.priority.value, due=due
    )
    footer = link(ticket.thread_url, "thread") if ticket.thread_url else ""
    blocks = render_template("text.json.j2", text=text, details=[], note="", footer=footer)
    fallback = say(
        "sla_warning",
        lang,
        ticket=escape(ticket.id),
        priority=ticket.priority.value,
        due=ticket.due_at,
    )
    return Message(fallback, tuple(blocks))


@dataclass
class SlaWatcher:
    desk: Desk
    poster: Poster
    channel: str  # the escalation channel
    lang: str = "en"
    interval: float = 60.0
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    async def run_once(self, *, now: datetime | None = None) -> int:
        """Post the warnings due at ``now``; returns how many tickets were warned about."""
        warnings = await self.desk.due_warnings(now=now or self.clock())
        for ticket, outcome in warnings:
            # The desk's words if it gave any, else the adapter's own warning.
            messages = [render(reply) for reply in outcome.replies] or [
                warning_message(ticket, lang=self.lang)
            ]
            for message in messages:
                await self._send(self.channel, message, ticket.id)
                if ticket.assignee:
                    await self._send(ticket.assignee, message, ticket.id)  # a user id: the DM
            await self.poster.notices(outcome)
        return len(warnings)

    async def run(self, stop: asyncio.Event) -> None:
        """Check every ``interval`` seconds until ``stop`` is set."""
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:
                log.exception("SLA check failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.interval)

    async def _send(self, channel: str, message: Message, ticket_id: str) -> None:
        # The desk already marked the ticket warned, so a failed post is logged
        # loudly rather than retried forever.
        try:
            await self.poster.to_channel(channel, message)
        except SEND_ERRORS as exc:
            log.error("SLA warning for %s to %s failed: %s", ticket_id, channel, describe(exc))
