"""Engineers' controls on a ticket card: Claim (``ticket_claim``) and the status select
(``ticket_status``, option values like ``"SUP-1001:resolved"``).

The adapter decides only *who* clicked (an engineer: in the user group or the
configured list; a lead: in ``SUPPORTBOT_LEADS``) and passes ``is_engineer`` and
``is_lead`` to the desk, which decides what is allowed (a claimed ticket is changed
by its owner or a lead only; docs/engineers.md). Refusals are shown to the clicker alone (``chat.postEphemeral``); on
success the card is redrawn in place (``chat.update``) and the desk's notices go
to the developer's thread.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck

from bot.replies import Outcome
from bot.slack.mrkdwn import mention
from bot.slack.poster import SEND_ERRORS, describe
from bot.slack.render import Message, notice, render, ticket_card
from bot.slack.services import Services
from intake.errors import ClaimConflict, IntakeError, NotTicketOwner, PermissionDenied
from intake.types import Status

__all__ = ["TicketActions"]

log = logging.getLogger(__name__)


class TicketActions:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def on_claim(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        ticket_id = str(action.get("value") or "")
        self._act(
            body,
            ticket_id,
            "claim",
            lambda user, ok: self.services.desk.claim(ticket_id, engineer=user, is_engineer=ok),
        )

    async def on_status(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        value = str((action.get("selected_option") or {}).get("value") or "")
        ticket_id, _, status_text = value.rpartition(":")
        try:
            status = Status(status_text)
        except ValueError:
            log.warning("ticket_status with an unknown value %r", value)
            return
        self._act(
            body,
            ticket_id,
            f"status {status.value}",
            lambda user, ok: self.services.desk.set_status(
                ticket_id, status, actor=user, is_engineer=ok, is_lead=user in self.services.settings.leads
            ),
        )

    def _act(
        self,
        body: dict[str, Any],
        ticket_id: str,
        what: str,
        call: Callable[[str, bool], Awaitable[Outcome]],
    ) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        container = body.get("container") or {}
        channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id") or "")
        card_ts = str(container.get("message_ts") or (body.get("message") or {}).get("ts") or "")

        async def work() -> None:
            is_engineer = await self.services.engineers.is_engineer(user)
            try:
                outcome = await call(user, is_engineer)
            except NotTicketOwner as taken:
                await self._tell(
                    channel,
                    user,
                    notice("owned_by", ticket=ticket_id, owner=mention(taken.owner)),
                )
                return
            except PermissionDenied:
                await self._tell(channel, user, notice("refused"))
                return
            except ClaimConflict as conflict:
                await self._tell(
                    channel,
                    user,
                    notice("claimed_by", ticket=ticket_id, owner=mention(conflict.owner)),
                )
                return
            except IntakeError as exc:  # unknown ticket, a transition the workflow forbids, …
                await self._tell(channel, user, notice("error", why=str(exc)))
                return
            if channel and card_ts:
                await self._redraw(ticket_id, channel, card_ts)
            for reply in outcome.replies:
                await self._tell(channel, user, render(reply))
            await self.services.poster.notices(outcome)

        async def guarded() -> None:
            try:
                await work()
            except Exception:
                log.exception("ticket %r %s by %r failed", ticket_id[:100], what, user)
                await self._tell(
                    channel, user, notice("error", why="unexpected error; see the bot's log")
                )

        self.services.background.spawn(guarded(), name=f"ticket {what}:{ticket_id}")

    async def _redraw(self, ticket_id: str, channel: str, ts: str) -> None:
        try:
            ticket = await self.services.desk.ticket(ticket_id)
            await self.services.poster.update(
                channel, ts, ticket_card(ticket, lang=self.services.settings.card_lang)
            )
        except (IntakeError, *SEND_ERRORS) as exc:
            log.error("could not redraw the card of %r: %s", ticket_id[:100], describe(exc))

    async def _tell(self, channel: str, user: str, message: Message) -> None:
        try:
            if channel:
                await self.services.poster.ephemeral(channel, user, message)
            else:
                await self.services.poster.to_channel(user, message)
        except SEND_ERRORS as exc:
            log.error("could not tell %r: %s", user, describe(exc))
