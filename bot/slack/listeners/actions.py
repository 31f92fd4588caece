"""Buttons under the bot's replies -> a :class:`~bot.replies.Turn` with ``action``.

    answer_solved      action "solved"
    answer_human       action "human"
    intake_choice_<n>  action "choice:<the button's value>"

After a press the buttons of that message are replaced by a line saying who
chose what, so an old answer cannot be clicked again days later. A press the
router refuses (someone other than the thread's requester or an engineer) leaves
them in place; the presser is told privately why.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Mapping
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck

from bot.replies import Outcome, Turn
from bot.slack.mrkdwn import escape, mention
from bot.slack.poster import SEND_ERRORS, describe
from bot.slack.render import ANSWER_HUMAN, ANSWER_SOLVED, INTAKE_CHOICE
from bot.slack.services import Services
from bot.slack.threads import ThreadKey

__all__ = ["AnswerActions", "action_thread"]

log = logging.getLogger(__name__)

ACTION_TURNS = {ANSWER_SOLVED: "solved", ANSWER_HUMAN: "human"}


def action_thread(body: Mapping[str, Any]) -> ThreadKey:
    """The thread a button press belongs to (the message's thread, or the message itself).

    Example:
        >>> action_thread({"team": {"id": "T1"},
        ...                "container": {"channel_id": "C1", "message_ts": "17.2"},
        ...                "message": {"ts": "17.2", "thread_ts": "17.1"}})
        ThreadKey(team='T1', channel='C1', ts='17.1')
    """
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id") or ""
    ts = (
        message.get("thread_ts")
        or container.get("thread_ts")
        or message.get("ts")
        or container.get("message_ts")
    )
    team = (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or ""
    if not team or not channel:
        raise ValueError(
            f"the action names no team or channel (team={team!r}, channel={channel!r})"
        )
    return ThreadKey(str(team), str(channel), str(ts))


def retired(blocks: list[dict[str, Any]], block_id: str, note: str) -> list[dict[str, Any]]:
    """``blocks`` with the actions block ``block_id`` replaced by a context line ``note``."""
    out = copy.deepcopy(blocks)
    for i, block in enumerate(out):
        if block.get("type") == "actions" and block.get("block_id") == block_id:
            out[i] = {"type": "context", "elements": [{"type": "mrkdwn", "text": note}]}
    return out


class AnswerActions:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def on_button(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        action_id = str(action.get("action_id") or "")
        if action_id.startswith(INTAKE_CHOICE):
            turn_action = f"choice:{action.get('value') or ''}"
        else:
            turn_action = ACTION_TURNS.get(action_id, action_id)
        try:
            thread = action_thread(body)
        except ValueError as exc:  # Slack always sends the message's timestamps
            log.warning("button %r skipped: %s", action_id[:100], exc)
            return
        user = str((body.get("user") or {}).get("id") or "")
        label = str((action.get("text") or {}).get("text") or turn_action)

        async def work() -> Outcome:
            turn = Turn(
                thread=str(thread),
                user=user,
                text="",
                action=turn_action,
                permalink=await self.services.workspace.permalink(thread),
                by_engineer=await self.services.engineers.is_engineer(user),
            )
            outcome = await self.services.router.handle(turn)
            if not outcome.refused:  # a stranger's press leaves the buttons to the requester
                await self._retire(body, action, f"{mention(user)}: {escape(label)}")
            return outcome

        self.services.in_thread(thread, work, name=f"action {action_id}")

    async def _retire(self, body: Mapping[str, Any], action: Mapping[str, Any], note: str) -> None:
        message = body.get("message") or {}
        container = body.get("container") or {}
        blocks = message.get("blocks")
        if not blocks or not container.get("channel_id") or not message.get("ts"):
            return
        try:
            await self.services.client.chat_update(
                channel=container["channel_id"],
                ts=message["ts"],
                text=message.get("text") or note,
                blocks=retired(blocks, str(action.get("block_id") or ""), note),
            )
        except SEND_ERRORS as exc:
            log.warning("could not retire the buttons of %r: %s", message.get("ts"), describe(exc))
