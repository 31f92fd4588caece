"""The fake Slack Web API with faults aimed at chosen messages: a ticket card, one thread.

:class:`~tests.bot.slack.fake_slack.FakeSlack` fails "the next call of a method",
whichever message it carries. With two replicas posting answers and cards at the
same time, a test needs to say *which* post fails: the card of SUP-1001, or the
replies in one thread. A slow fault that outlasts the client's timeout is a
timeout: when the client has hung up, nothing is posted.

Example:
    >>> slack = FaultySlack()  # doctest: +SKIP
    >>> slack.fail_posts(contains="SUP-1001", status=429, retry_after=2)  # doctest: +SKIP
    >>> slack.posts(channel="C0ESCALATE", contains="SUP-1001")  # doctest: +SKIP
    [Call(method='chat.postMessage', ...)]
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.bot.slack.fake_slack import Call, FakeSlack

__all__ = ["Arrival", "FaultySlack"]

POST = "chat.postMessage"


@dataclass(frozen=True, slots=True)
class Arrival:
    """A ``chat.postMessage`` as it reached the fake, before any fault: when, and what."""

    at: float  # time.monotonic()
    args: dict[str, Any]


@dataclass
class _Rule:
    channel: str | None
    thread_ts: str | None
    contains: str | None
    status: int
    retry_after: int | None
    delay: float
    times: int

    def matches(self, args: dict[str, Any]) -> bool:
        return (
            (self.channel is None or args.get("channel") == self.channel)
            and (self.thread_ts is None or args.get("thread_ts") == self.thread_ts)
            and (self.contains is None or self.contains in str(args.get("text") or ""))
        )


@dataclass
class FaultySlack(FakeSlack):
    arrivals: list[Arrival] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__post_init__()
        self._rules: list[_Rule] = []

    def fail_posts(
        self,
        *,
        channel: str | None = None,
        thread_ts: str | None = None,
        contains: str | None = None,
        status: int = 500,
        retry_after: int | None = None,
        delay: float = 0.0,
        times: int = 1,
    ) -> None:
        """The next ``times`` posts matching every given filter fail with HTTP ``status``
        (and ``Retry-After``), after ``delay`` seconds; they are never posted."""
        self._rules.append(_Rule(channel, thread_ts, contains, status, retry_after, delay, times))

    def posts(
        self,
        *,
        channel: str | None = None,
        thread_ts: str | None = None,
        contains: str | None = None,
        ok_only: bool = True,
    ) -> list[Call]:
        """``chat.postMessage`` calls matching every given filter (by default only those posted)."""
        rule = _Rule(channel, thread_ts, contains, 0, None, 0.0, 0)
        return [c for c in self.of(POST, ok_only=ok_only) if rule.matches(c.args)]

    def arrived(self, *, channel: str | None = None, contains: str | None = None) -> list[Arrival]:
        """Posts that reached the fake (failed, posted, or still held), oldest first."""
        rule = _Rule(channel, None, contains, 0, None, 0.0, 0)
        return [a for a in self.arrivals if rule.matches(a.args)]

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["method"] != POST:
            return await super()._api(request)
        args: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            args.update(await request.json())  # aiohttp caches the body: FakeSlack reads it again
        elif request.can_read_body:
            args.update(dict(await request.post()))
        self.arrivals.append(Arrival(time.monotonic(), args))
        rule = next((r for r in self._rules if r.times > 0 and r.matches(args)), None)
        if rule is None:
            return await super()._api(request)
        rule.times -= 1
        await _hold(request, rule.delay)
        self.calls.append(Call(POST, args, dict(request.headers), ok=False))
        headers = {} if rule.retry_after is None else {"Retry-After": str(rule.retry_after)}
        error = "ratelimited" if rule.status == 429 else "fatal_error"
        return web.json_response({"ok": False, "error": error}, status=rule.status, headers=headers)


async def _hold(request: web.Request, seconds: float) -> None:
    """Wait ``seconds``, or less if the client hangs up first (a timed-out or killed sender)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        transport = request.transport
        if transport is None or transport.is_closing():
            return
        await asyncio.sleep(0.05)
