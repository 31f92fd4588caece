"""``/support``: alone it opens the support form; with a ticket id it shows the ticket.

    /support             the "Fill in a form" modal (no thread yet: the bot starts one)
    /support SUP-1001    the ticket card, privately; for engineers and the requester

The command is acknowledged at once; answers go through the ``response_url``
(``respond``), which works in any channel, even one the bot is not in.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.slack.listeners.forms import FormListeners
from bot.slack.poster import SEND_ERRORS, describe
from bot.slack.render import Message, notice
from bot.slack.services import Services
from bot.slack.ticket_card import ticket_blocks, ticket_fallback_text
from intake.errors import IntakeError
from intake.tickets.store import InvalidTicketId, format_ticket_id, parse_ticket_id

__all__ = ["SUPPORT_COMMAND", "CommandListeners"]

log = logging.getLogger(__name__)

SUPPORT_COMMAND = "/support"


class CommandListeners:
    def __init__(self, services: Services, forms: FormListeners) -> None:
        self.services = services
        self.forms = forms

    async def on_support(
        self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        text = str(command.get("text") or "").strip()
        user = str(command.get("user_id") or "")

        async def say(message: Message) -> None:
            try:
                await respond(
                    text=message.text, blocks=list(message.blocks), response_type="ephemeral"
                )
            except (*SEND_ERRORS, ValueError) as exc:  # ValueError: no response_url
                log.error("responding to /support for %r failed: %s", user, describe(exc))

        async def work() -> None:
            if not text:
                try:
                    await self.forms.open_form(
                        trigger_id=str(command.get("trigger_id") or ""),
                        thread="",
                        channel=str(command.get("channel_id") or ""),
                        on_expired=say,
                    )
                except SEND_ERRORS as exc:  # e.g. invalid_trigger_id
                    log.error("opening the form for %r failed: %s", user, describe(exc))
                    await say(notice("form_failed"))
                return
            try:
                ticket_id = format_ticket_id(parse_ticket_id(text))  # "sup1001" -> "SUP-1001"
            except InvalidTicketId:
                await say(notice("usage"))
                return
            await say(await self._ticket(ticket_id, user))

        self.services.background.spawn(work(), name=f"/support:{user}")

    async def _ticket(self, ticket_id: str, user: str) -> Message:
        try:
            ticket = await self.services.desk.ticket(ticket_id)
        except IntakeError as exc:
            return notice("error", why=str(exc))
        if ticket.requester != user and not await self.services.engineers.is_engineer(user):
            return notice("not_yours")
        lang = self.services.settings.card_lang
        return Message(
            ticket_fallback_text(ticket, lang=lang),
            tuple(ticket_blocks(ticket, lang=lang, actions=False)),
        )
