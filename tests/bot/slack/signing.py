"""Requests signed exactly as Slack signs them, sent over real HTTP to the app.

The one request signer of the project (the tests, the Slack bench and the soak use it).

Slack's v0 signature: ``v0=`` + hex HMAC-SHA256 of ``"v0:{timestamp}:{body}"``
keyed with the signing secret, in ``X-Slack-Signature``, with the timestamp in
``X-Slack-Request-Timestamp``.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp

from tests.bot.slack.fake_slack import TEAM

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def signature_headers(secret: str, body: str, *, timestamp: int | None = None) -> dict[str, str]:
    """The ``X-Slack-Signature`` and ``X-Slack-Request-Timestamp`` headers for ``body``."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def event_envelope(event: dict[str, Any], *, event_id: str, team: str = TEAM) -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": team,
        "api_app_id": "A0APP",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team, "user_id": "U0BOT", "is_bot": True}],
    }


@dataclass
class Sender:
    """Posts signed Slack requests to the app at ``url`` (``…/slack/events``)."""

    url: str
    session: aiohttp.ClientSession
    secret: str = SIGNING_SECRET
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def send(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str | None = None,
        extra: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        headers = {
            "Content-Type": content_type,
            **signature_headers(secret or self.secret, body, timestamp=timestamp),
        }
        headers.update(extra or {})
        async with self.session.post(self.url, data=body.encode(), headers=headers) as response:
            return response.status, await response.text()

    async def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        **kw: Any,
    ) -> tuple[int, str]:
        body = json.dumps(event_envelope(event, event_id=event_id or f"Ev{next(self._ids):08d}"))
        extra = (
            {}
            if retry_num is None
            else {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        )
        return await self.send(body, "application/json", extra=extra, **kw)

    async def interaction(self, payload: dict[str, Any]) -> tuple[int, str]:
        body = urlencode({"payload": json.dumps(payload)})
        return await self.send(body, "application/x-www-form-urlencoded")

    async def command(self, fields: dict[str, str]) -> tuple[int, str]:
        return await self.send(urlencode(fields), "application/x-www-form-urlencoded")


def message(
    text: str,
    *,
    channel: str = "C0SUPPORT",
    user: str = "U0DEV",
    ts: str = "1700000100.000100",
    thread_ts: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "message",
        "channel": channel,
        "channel_type": "im" if channel.startswith("D") else "channel",
        "user": user,
        "text": text,
        "ts": ts,
        "team": TEAM,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    event.update(extra)
    return event


def block_action(
    action_id: str,
    *,
    value: str = "",
    user: str = "U0DEV",
    channel: str = "C0SUPPORT",
    message_ts: str = "1700000200.000200",
    thread_ts: str | None = "1700000100.000100",
    blocks: list[dict[str, Any]] | None = None,
    selected: str | None = None,
    block_id: str = "b1",
) -> dict[str, Any]:
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block_id,
        "type": "button",
        "action_ts": "1700000300.1",
    }
    if selected is not None:
        action.update(
            type="static_select",
            selected_option={"value": selected, "text": {"type": "plain_text", "text": selected}},
        )
    else:
        action.update(value=value, text={"type": "plain_text", "text": action_id})
    msg: dict[str, Any] = {
        "type": "message",
        "ts": message_ts,
        "text": "bot says",
        "bot_id": "B0BOT",
        "blocks": blocks or [],
    }
    if thread_ts is not None:
        msg["thread_ts"] = thread_ts
    return {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A0APP",
        "token": "legacy",
        "trigger_id": "1337.42.abcd",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": False,
        },
        "channel": {"id": channel, "name": "support"},
        "message": msg,
        "actions": [action],
        "response_url": "https://hooks.slack.com/actions/unused",
    }
