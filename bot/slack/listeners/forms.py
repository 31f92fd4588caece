"""The "Fill in a form" alternative to answering in the thread.

The button (``intake_form``) or ``/support`` opens a modal with ``views.open``
and the interaction's ``trigger_id``. A trigger is valid for 3 seconds; when Slack
answers ``expired_trigger_id`` the developer is told in the thread (or, from the
command, privately) that the form could not open and to continue in the thread.

The submission becomes a turn with ``action="form"`` whose text is the fields as
``field: value`` lines. From ``/support`` there is no thread yet, so the bot
starts one: in the channel if it is a support channel, else in the DM with the bot.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError

from bot.replies import Outcome, Turn
from bot.slack.listeners.actions import action_thread
from bot.slack.mrkdwn import mention
from bot.slack.poster import SEND_ERRORS, describe
from bot.slack.render import Message, notice
from bot.slack.services import Services
from bot.slack.threads import ThreadKey
from bot.slack.views import FormTarget, form_modal, form_target, form_text

__all__ = ["FORM_ACTION", "FormListeners"]

log = logging.getLogger(__name__)

FORM_ACTION = "form"


class FormListeners:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def open_form(
        self,
        *,
        trigger_id: str,
        thread: str,
        channel: str,
        on_expired: Callable[[Message], Awaitable[object]],
        lang: str = "en",
    ) -> bool:
        """Open the modal; on an expired trigger tell the person through ``on_expired``."""
        try:
            await self.services.client.views_open(
                trigger_id=trigger_id, view=form_modal(thread=thread, channel=channel, lang=lang)
            )
        except SlackApiError as exc:
            # Expired triggers are the usual case; any other refusal gets the same way out:
            # the intake goes on in the thread.
            error = exc.response.get("error")
            level = logging.INFO if error == "expired_trigger_id" else logging.WARNING
            log.log(level, "form for %r not opened: %r", thread or channel, error)
            await on_expired(notice("form_failed", lang))
            return False
        return True

    async def on_form_button(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        try:
            thread = action_thread(body)
        except ValueError as exc:  # Slack always sends the message's timestamps
            log.warning("form button skipped: %s", exc)
            return

        async def work() -> None:
            await self.open_form(
                trigger_id=str(body.get("trigger_id") or ""),
                thread=str(thread),
                channel=thread.channel,
                on_expired=lambda message: self.services.poster.to_thread(thread, message),
            )

        self.services.in_thread(thread, _quiet(work), name="open form")

    async def on_submit(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        await ack()  # closes the modal; the answer comes in the thread
        user = str((body.get("user") or {}).get("id") or "")
        team = str(
            (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or ""
        )
        target = form_target(view)
        text = form_text(view)

        async def start() -> None:
            thread = await self._thread_for(target, team=team, user=user)
            if thread is None:
                return

            async def work() -> Outcome:
                permalink = await self.services.workspace.permalink(thread)
                turn = Turn(
                    thread=str(thread),
                    user=user,
                    text=text,
                    action=FORM_ACTION,
                    permalink=permalink,
                    by_engineer=await self.services.engineers.is_engineer(user),
                )
                return await self.services.router.handle(turn)

            self.services.in_thread(thread, work, name="form")

        self.services.background.spawn(start(), name=f"form start:{user}")

    async def _thread_for(self, target: FormTarget, *, team: str, user: str) -> ThreadKey | None:
        if target.thread:
            try:
                return ThreadKey.parse(target.thread)
            except ValueError:
                log.warning("form metadata holds no thread: %r", target.thread)
        channel = target.channel if target.channel in self.services.settings.support_channels else user
        try:
            posted = await self.services.poster.to_channel(
                channel, notice("form_started", user=mention(user))
            )
        except SEND_ERRORS as exc:
            log.error("could not start a thread for the form of %r: %s", user, describe(exc))
            return None
        return ThreadKey(team, str(posted.get("channel") or channel), str(posted.get("ts")))


def _quiet(work: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[Outcome | None]]:
    async def run() -> Outcome | None:
        await work()
        return None

    return run
