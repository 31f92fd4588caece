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
from bot.slack.limits import MAX_SECTION, PERMANENT_ERRORS
from bot.slack.mrkdwn import escape
from bot.slack.poster import SEND_ERRORS, Poster, describe
from bot.slack.render import Message, ticket_card
from bot.slack.threads import ThreadKey
from bot.slack.ticket_card import ticket_fallback_text, ticket_overflow
from intake.errors import TicketNotFound
from intake.tickets.store import Outbox, OutboxMessage, OutboxStatus, Ticket, backoff

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
    alert_group: str | None = None  # the engineers' user group, mentioned when a card fails
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
            try:
                result = await self._post(message)
            except SlackApiError as exc:
                if _permanent(exc) is None:
                    raise
                # The same payload would be refused again: no retries. A card is replaced
                # by a plain one the engineers can still claim, with an alert.
                result = await self._instead(message, exc)
        except (UnsendableMessage, *SEND_ERRORS) as exc:
            permanent = isinstance(exc, SlackApiError) and _permanent(exc) is not None
            delay = (
                backoff(message.attempts, base=timedelta(minutes=5))
                if isinstance(exc, UnsendableMessage)
                else (retry_delay(exc, message.attempts))
            )
            # The wait counts from the failure, not from the lease: a send that timed out
            # after 10 s (or a slow batch before it) must not eat the backoff or Retry-After.
            failed_at = max(now, self.clock())
            stored = await asyncio.to_thread(
                self.outbox.mark_failed,
                message.id,
                describe(exc),
                retry_at=failed_at + delay,
                give_up=permanent,
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

    async def _instead(self, message: OutboxMessage, error: SlackApiError) -> dict[str, Any]:
        """What to post when Slack refuses ``message`` for good: for a card, a plain card
        that names the error and alerts the engineers; anything else is given up."""
        code = _permanent(error) or "error"
        log.error(
            "outbox %s (%s): Slack refused it for good: %s", message.id, message.kind, describe(error)
        )
        if message.kind != "post_ticket":
            raise error
        ticket = await self.desk.ticket(str(message.payload.get("ticket_id") or ""))
        alert = f"<!subteam^{self.alert_group}> " if self.alert_group else ""
        text = (
            f"{alert}{ticket_fallback_text(ticket, lang=self.card_lang)}\n"
            f"Slack refused this ticket's full card ({code}); its details are in the database "
            f"and in `/support {ticket.id}`."
        )
        controls = [b for b in ticket_card(ticket, lang=self.card_lang).blocks if b.get("type") == "actions"]
        blocks = ({"type": "section", "text": {"type": "mrkdwn", "text": text[:MAX_SECTION]}}, *controls)
        posted = await self._poster.to_channel(self.channel, Message(text, blocks))
        return {"channel": posted.get("channel"), "ts": posted.get("ts"), "fallback": code}

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
            await self._overflow(ticket, posted)
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

    async def _overflow(self, ticket: Ticket, card: dict[str, Any]) -> None:
        """What the card had to cut, in full, as replies in the card's thread."""
        channel, ts = str(card.get("channel") or self.channel), str(card.get("ts") or "")
        for text in ticket_overflow(ticket, lang=self.card_lang) if ts else ():
            try:
                await self._poster.client.chat_postMessage(
                    channel=channel, thread_ts=ts, text=text, unfurl_links=False, unfurl_media=False
                )
            except SEND_ERRORS as exc:  # the card is posted; a lost detail must not repost it
                log.error("details of %s not posted under its card: %s", ticket.id, describe(exc))


def _permanent(error: SlackApiError) -> str | None:
    """Slack's error code if it says the payload will never be accepted, else ``None``."""
    code = str(error.response.get("error") or "")
    return code if code in PERMANENT_ERRORS else None


def _secs(delay: timedelta) -> str:
    return f"{math.ceil(delay.total_seconds())} s"
