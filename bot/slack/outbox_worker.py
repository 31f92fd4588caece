"""Delivers the outbox to Slack: ticket cards to the escalation channel, notes to threads.

The router files a ticket and queues its messages in one transaction; this loop
leases due rows (``Outbox.lease_due``), posts each, and records the result
(``mark_sent`` with the ``channel`` and ``ts``) or the failure (``mark_failed``
with a retry time). Kinds:

    post_ticket     payload {"ticket_id": "SUP-1001", ...}: the card with Claim
                    and the status select (``bot.slack.ticket_card.ticket_blocks``)
    notify_thread   payload {"thread": "T:C:ts", "text": "…", "blocks": [...]}:
                    a message in a developer's thread (``text`` is escaped
                    unless ``blocks`` are given, which are trusted as built)

Retries: a 429 waits at least Slack's Retry-After; a 5xx, a timeout or a broken
connection back off exponentially (``intake.tickets.store.backoff``); after
``max_attempts`` the row is given up (``dead``) and logged. The Web API client
here must not retry by itself, so a lease is never held while sleeping.

Exactly once? A row is posted only while its lease is held (a batch slowed down
by hanging sends stops before a lease could run out mid-send, since another worker
may then lease the row), and ``mark_sent`` follows the post. The one window for a
duplicate is a crash (or a lost database connection) after Slack accepted the post
and before ``mark_sent`` committed:
the lease then expires and the card is posted again. Slack offers no idempotency
key for ``chat.postMessage``, so this at-least-once window is accepted and kept
as short as one database write.

Example:
    >>> worker = OutboxWorker(outbox, desk=desk, client=client, channel="C0ESCAL")  # doctest: +SKIP
    >>> await worker.run_once(now=datetime.now(UTC))  # doctest: +SKIP
    1
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import UnsendableMessage
from bot.ports import Desk
from bot.slack.mrkdwn import escape
from bot.slack.poster import SEND_ERRORS, Poster, describe
from bot.slack.render import Message, ticket_card
from bot.slack.threads import ThreadKey
from intake.errors import TicketNotFound
from intake.tickets.store import Outbox, OutboxMessage, OutboxStatus, backoff

__all__ = ["OutboxWorker", "retry_delay"]

log = logging.getLogger(__name__)


def retry_delay(error: BaseException, attempts: int) -> timedelta:
    """How long to wait before the next try: Slack's Retry-After for a 429, else backoff.

    Example:
        >>> retry_delay(TimeoutError(), 1)
        datetime.timedelta(seconds=10)
    """
    delay = backoff(attempts)
    if isinstance(error, SlackApiError) and getattr(error.response, "status_code", 0) == 429:
        headers = getattr(error.response, "headers", {}) or {}
        raw: Any = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
        value = str(raw[0] if isinstance(raw, list) and raw else raw or "0")
        try:
            after = timedelta(seconds=max(0.0, float(value)))
        except ValueError:
            after = timedelta(0)
        delay = max(after, timedelta(seconds=1))
    return delay


@dataclass
class OutboxWorker:
    """Posts due outbox rows; call :meth:`run_once` in tests, :meth:`run` in the server."""

    outbox: Outbox
    desk: Desk
    client: AsyncWebClient
    channel: str  # the escalation channel
    card_lang: str = "en"
    batch: int = 10
    lease_seconds: float = 60.0
    interval: float = 1.0
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def __post_init__(self) -> None:
        self._poster = Poster(self.client)

    async def run_once(self, *, now: datetime | None = None) -> int:
        """Lease and deliver one batch; returns how many rows were sent."""
        now = now or self.clock()
        due = await asyncio.to_thread(
            self.outbox.lease_due, now, limit=self.batch, lease_seconds=self.lease_seconds
        )
        sent = 0
        for message in due:
            if not self._lease_outlasts_a_send(message, now):
                # Slow sends ate the batch's lease: another worker may lease this row
                # and post it too. Leave it (and the rest) until the lease runs out.
                break
            sent += await self._deliver(message, now)
        return sent

    def _lease_outlasts_a_send(self, message: OutboxMessage, now: datetime) -> bool:
        if message.leased_until is None:
            return True
        longest_send = timedelta(seconds=float(self.client.timeout))
        return max(now, self.clock()) + longest_send < message.leased_until

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until ``stop`` is set; a database error is logged and the loop goes on."""
        while not stop.is_set():
            try:
                sent = await self.run_once()
            except Exception:
                log.exception("outbox pass failed")
                sent = 0
            if sent < self.batch:  # a full batch means more may be waiting
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.interval)

    async def _deliver(self, message: OutboxMessage, now: datetime) -> int:
        assert message.id is not None  # leased rows always have one
        try:
            result = await self._post(message)
        except (UnsendableMessage, *SEND_ERRORS) as exc:
            delay = (
                backoff(message.attempts, base=timedelta(minutes=5))
                if isinstance(exc, UnsendableMessage)
                else (retry_delay(exc, message.attempts))
            )
            # The wait counts from the failure, not from the lease: a send that timed out
            # after 10 s (or a slow batch before it) must not eat the backoff or Retry-After.
            failed_at = max(now, self.clock())
            stored = await asyncio.to_thread(
                self.outbox.mark_failed, message.id, describe(exc), retry_at=failed_at + delay
            )
            level = logging.ERROR if stored.status is OutboxStatus.DEAD else logging.WARNING
            log.log(
                level,
                "outbox %s (%s) try %d failed: %s; %s",
                message.id,
                message.kind,
                message.attempts,
                describe(exc),
                "given up" if stored.status is OutboxStatus.DEAD else f"retry in {_secs(delay)}",
            )
            return 0
        await asyncio.to_thread(self.outbox.mark_sent, message.id, result, now=self.clock())
        return 1

    async def _post(self, message: OutboxMessage) -> dict[str, Any]:
        payload = message.payload
        if message.kind == "post_ticket":
            try:
                ticket = await self.desk.ticket(str(payload.get("ticket_id") or ""))
            except TicketNotFound as exc:
                raise UnsendableMessage(str(exc)) from exc
            posted = await self._poster.to_channel(
                self.channel, ticket_card(ticket, lang=self.card_lang)
            )
        elif message.kind == "notify_thread":
            try:
                thread = ThreadKey.parse(str(payload.get("thread") or ""))
            except ValueError as exc:
                raise UnsendableMessage(str(exc)) from exc
            text = escape(str(payload.get("text") or ""))
            blocks = payload.get("blocks")
            posted = await self._poster.to_thread(thread, Message(text or "…", tuple(blocks or ())))
        else:
            raise UnsendableMessage(f"unknown outbox kind {message.kind!r}")
        return {"channel": posted.get("channel"), "ts": posted.get("ts")}


def _secs(delay: timedelta) -> str:
    return f"{math.ceil(delay.total_seconds())} s"
