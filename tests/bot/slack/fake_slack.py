"""A fake Slack Web API on 127.0.0.1: records every call, answers like Slack, injects faults.

The one fake Slack of the project: the tests, the Slack bench and the soak
(``bench/``) all run against it.

Checks what real Slack would reject, so a test fails the way production would: per-block
limits (a section over 3,000 characters, a header over 150, more than 10 fields or
context elements, a button label over 75, …), more than 50 blocks, more than 12,000
characters of block text in one message (``msg_blocks_too_long``), a ``text`` over
40,000, no text at all, a ``thread_ts`` that is not a timestamp string; for views,
more than 100 blocks, a title/submit/close over 24 characters, private_metadata over
3,000, a view over 250 kB (``view_too_large``).

Example:
    >>> slack = FakeSlack()  # doctest: +SKIP
    >>> await slack.start()  # doctest: +SKIP
    >>> slack.fail("chat.postMessage", status=429, retry_after=30)  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from bot.slack.server import start_site

TEAM = "T0TEAM"
BOT_USER = "U0BOT"
BOT_ID = "B0BOT"
WORKSPACE_URL = "https://acme.slack.com/"
_TS = re.compile(r"\d{10}\.\d{6}")


@dataclass(frozen=True, slots=True)
class Call:
    """One Web API call as the fake received it."""

    method: str
    args: dict[str, Any]  # query, form and JSON body merged
    headers: dict[str, str]
    ok: bool


@dataclass
class Fault:
    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    delay: float = 0.0


@dataclass
class FakeSlack:
    token: str = "xoxb-test-token"
    usergroups: dict[str, list[str]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)  # POSTs to response_urls
    downloads: list[str] = field(default_factory=list)  # file paths fetched
    port: int = 0
    # Told of every chat.postMessage Slack accepted: (its arguments, the answer sent back).
    on_post: Callable[[dict[str, Any], dict[str, Any]], None] | None = None
    keep_calls: bool = True  # False for long load runs: ``calls`` stays empty

    def __post_init__(self) -> None:
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._files: dict[str, tuple[bytes, str]] = {}
        self._file_objects: dict[str, dict[str, Any]] = {}  # by id, for files.info
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.posted = asyncio.Event()
        self.socket_acks: list[dict[str, Any]] = []  # Socket Mode acks from the app
        self.socket_open = asyncio.Event()
        self._socket: web.WebSocketResponse | None = None

    # -- control -------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_get("/files/{name}", self._file)
        app.router.add_post("/respond/{key}", self._respond)
        app.router.add_get("/socket", self._ws)
        self._runner, self.port = await start_site(app)

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, key: str = "r1") -> str:
        return f"{self.base}/respond/{key}"

    def fail(
        self,
        method: str,
        *,
        status: int = 200,
        error: str | None = None,
        retry_after: int | None = None,
        delay: float = 0.0,
        times: int = 1,
    ) -> None:
        """The next ``times`` calls of ``method`` fail: an HTTP ``status``, ``{"ok": false,
        "error": error}``, and/or a ``delay`` before answering."""
        for _ in range(times):
            self._faults[method].append(Fault(status, error, retry_after, delay))

    def add_file(self, name: str, data: bytes, *, mimetype: str = "text/plain") -> dict[str, Any]:
        """Serve ``data`` and return the Slack file object a message event would carry."""
        self._files[name] = (data, mimetype)
        url = f"{self.base}/files/{name}"
        file: dict[str, Any] = {
            "id": f"F{len(self._files):08d}",
            "name": name,
            "title": name,
            "mimetype": mimetype,
            "filetype": name.rsplit(".", 1)[-1],
            "size": len(data),
            "url_private": url,
            "url_private_download": url,
            "permalink": f"{WORKSPACE_URL}files/{name}",
        }
        self._file_objects[file["id"]] = file
        return dict(file)

    def of(self, method: str, *, ok_only: bool = True) -> list[Call]:
        """The calls of ``method`` (by default only those that succeeded)."""
        return [c for c in self.calls if c.method == method and (c.ok or not ok_only)]

    def next_ts(self) -> str:
        n = next(self._ts)
        return f"{1700000000 + n}.{n:06d}"

    # -- handlers ------------------------------------------------------------------

    def _record(self, call: Call) -> None:
        if self.keep_calls:
            self.calls.append(call)

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            args.update(await request.json())
        elif request.can_read_body:
            args.update(dict(await request.post()))
        headers = dict(request.headers)
        fault = self._faults[method].popleft() if self._faults[method] else None
        if fault is not None:
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.status != 200:
                self._record(Call(method, args, headers, ok=False))
                extra = {} if fault.retry_after is None else {"Retry-After": str(fault.retry_after)}
                body = {
                    "ok": False,
                    "error": "ratelimited" if fault.status == 429 else "fatal_error",
                }
                return web.json_response(body, status=fault.status, headers=extra)
            if fault.error:
                self._record(Call(method, args, headers, ok=False))
                return web.json_response({"ok": False, "error": fault.error})
        if method == "apps.connections.open":  # the one call made with the app-level token
            ok = headers.get("Authorization", "").startswith("Bearer xapp-")
            self._record(Call(method, args, headers, ok=ok))
            if not ok:
                return web.json_response({"ok": False, "error": "not_allowed_token_type"})
            return web.json_response({"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"})
        if headers.get("Authorization") != f"Bearer {self.token}":
            self._record(Call(method, args, headers, ok=False))
            return web.json_response({"ok": False, "error": "invalid_auth"})
        problem = _check(method, args)
        self._record(Call(method, args, headers, ok=problem is None))
        if problem is not None:
            return web.json_response({"ok": False, "error": problem})
        body = self._answer(method, args)
        if method == "chat.postMessage":
            self.posted.set()
            if self.on_post is not None:
                self.on_post(args, body)
        return web.json_response(body)

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": WORKSPACE_URL,
                "team": "Acme",
                "user": "supportbot",
                "team_id": TEAM,
                "user_id": BOT_USER,
                "bot_id": BOT_ID,
            }
        if method == "chat.postMessage":
            channel = str(args["channel"])
            if channel.startswith("U"):  # posting to a user id lands in the DM with the bot
                channel = "D" + channel[1:]
            ts = self.next_ts()
            message = {"type": "message", "ts": ts, "text": args.get("text"), "bot_id": BOT_ID}
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "chat.update":
            return {
                "ok": True,
                "channel": args["channel"],
                "ts": args["ts"],
                "text": args.get("text"),
            }
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self.next_ts()}
        if method in ("views.open", "views.publish"):
            return {
                "ok": True,
                "view": {"id": f"V{next(self._ts):08d}", **(args.get("view") or {})},
            }
        if method == "usergroups.users.list":
            group = str(args.get("usergroup"))
            if group not in self.usergroups:
                return {"ok": False, "error": "no_such_subteam"}
            return {"ok": True, "users": self.usergroups[group]}
        if method == "files.info":
            found = self._file_objects.get(str(args.get("file")))
            return {"ok": True, "file": found} if found else {"ok": False, "error": "file_not_found"}
        if method == "conversations.info":
            return {"ok": True, "channel": {"id": args.get("channel"), "name": "support"}}
        return {"ok": True}

    async def _file(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            # What Slack does without a valid token: a login page, not the file.
            return web.Response(text="<html>sign in</html>", content_type="text/html")
        self.downloads.append(name)
        data, mimetype = self._files[name]
        return web.Response(body=data, content_type=mimetype)

    async def socket_send(self, envelope: dict[str, Any]) -> None:
        """Deliver a Socket Mode envelope to the connected app."""
        await asyncio.wait_for(self.socket_open.wait(), timeout=5)
        assert self._socket is not None
        await self._socket.send_json(envelope)

    async def _ws(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self._socket = socket
        await socket.send_json({"type": "hello", "num_connections": 1})
        self.socket_open.set()
        async for frame in socket:
            if frame.type == WSMsgType.TEXT:
                self.socket_acks.append(json.loads(frame.data))
        return socket

    async def _respond(self, request: web.Request) -> web.Response:
        self.responses.append(await request.json())
        return web.json_response({"ok": True})


def _check(method: str, args: dict[str, Any]) -> str | None:
    """What Slack would refuse, as its error code (limits from Slack's Block Kit reference)."""
    if method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
        if not args.get("text") and not args.get("blocks"):
            return "no_text"
        if len(str(args.get("text") or "")) > 40_000:
            return "msg_too_long"
        blocks = _parsed(args.get("blocks"))
        if len(blocks) > 50 or any(_block_problem(block) for block in blocks):
            return "invalid_blocks"
        if _text_in(blocks) > 12_000:  # the whole message's block text
            return "msg_blocks_too_long"
        thread_ts = args.get("thread_ts")
        if thread_ts is not None and not (isinstance(thread_ts, str) and _TS.fullmatch(thread_ts)):
            return "invalid_thread_ts"
    if method == "views.open" and not args.get("trigger_id"):
        return "invalid_trigger_id"
    if method in ("views.open", "views.publish", "views.update", "views.push"):
        view = _parsed(args.get("view"))
        if len(json.dumps(view)) > 250_000:
            return "view_too_large"
        blocks = view.get("blocks") or []
        titles = [view.get(key) or {} for key in ("title", "submit", "close")]
        if (
            len(blocks) > 100
            or any(len(t.get("text", "")) > 24 for t in titles)
            or len(str(view.get("private_metadata") or "")) > 3000
            or len(str(view.get("callback_id") or "")) > 255
            or any(_block_problem(block) for block in blocks)
        ):
            return "invalid_arguments"
    return None


def _parsed(value: Any) -> Any:
    if isinstance(value, str):
        return json.loads(value)
    return value if value is not None else []


def _text_in(value: Any) -> int:
    """Characters in every "text" string, however deep."""
    if isinstance(value, dict):
        return sum(
            len(v) if k == "text" and isinstance(v, str) else _text_in(v) for k, v in value.items()
        )
    if isinstance(value, list):
        return sum(_text_in(v) for v in value)
    return 0


def _plain(obj: Any, limit: int) -> bool:
    return isinstance(obj, dict) and len(str(obj.get("text", ""))) > limit


def _block_problem(block: dict[str, Any]) -> bool:
    kind = block.get("type")
    if len(str(block.get("block_id") or "")) > 255:
        return True
    if kind == "header":
        return _plain(block.get("text"), 150)
    if kind == "section":
        fields = block.get("fields") or []
        return (
            _plain(block.get("text"), 3000)
            or len(fields) > 10
            or any(_plain(f, 2000) for f in fields)
        )
    if kind == "context":
        elements = block.get("elements") or []
        return len(elements) > 10 or any(_plain(e, 3000) for e in elements)
    if kind == "actions":
        elements = block.get("elements") or []
        return len(elements) > 25 or any(_element_problem(e) for e in elements)
    if kind == "input":
        return _plain(block.get("label"), 2000) or _plain(block.get("hint"), 2000)
    return False


def _element_problem(element: dict[str, Any]) -> bool:
    options = element.get("options") or []
    return (
        _plain(element.get("text"), 75)
        or len(str(element.get("value") or "")) > 2000
        or len(str(element.get("action_id") or "")) > 255
        or len(options) > 100
        or any(_plain(o.get("text"), 75) or len(str(o.get("value", ""))) > 150 for o in options)
    )
