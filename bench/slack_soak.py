"""The Slack side of ``supportbot bench soak``: a recording fake Slack and simulated developers.

Each :class:`Developer` runs in its own thread and repeats the whole flow with
requests signed like Slack's, waiting for the bot's reply to every turn::

    question (message event) ─► answer in the thread ─► "Talk to a human" (button)
    ─► one message with every detail ─► the impact (unless not asked) ─► "confirm"
    (button) ─► the ticket in the thread; the outbox then posts its card

:func:`soak_slack` is the project's one fake Slack (``tests.bot.slack.fake_slack``)
telling a :class:`Board` about every message posted, so developers can wait for
their replies and the soak can count cards. The run itself is ``bench.soak``.

Example:
    >>> board, tally = Board(), Tally()  # doctest: +SKIP
    >>> me = Developer(1, port=port, board=board, tally=tally, base=1_900_000_000)  # doctest: +SKIP
    >>> me.run(deadline=time.monotonic() + 60)  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import http.client
import itertools
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

from bench.slack_bench import CHANNEL, SECRET, TOKEN
from bot.slack.render import ANSWER_HUMAN, INTAKE_CHOICE
from bot.slack.server import EVENTS_PATH
from bot.slack.ticket_card import CLAIM_ACTION
from bot.texts import say
from intake import lang as intake_lang
from tests.bot.slack.fake_slack import TEAM, FakeSlack
from tests.bot.slack.signing import event_envelope, message, signature_headers

__all__ = [
    "ESCALATION",
    "SCRIPTS",
    "SUPPORT",
    "TEAM",
    "Board",
    "Button",
    "Developer",
    "Flow",
    "LoopThread",
    "Post",
    "Script",
    "Tally",
    "soak_slack",
]

T = TypeVar("T")
SUPPORT = CHANNEL
ESCALATION = "C0ESCAL"
_TICKET = re.compile(r"SUP-\d+")
_ERROR_REPLIES = tuple(say("error", lang) for lang in ("en", "zh"))
_CONFIRM = frozenset(intake_lang.say("confirm_word", lang) for lang in ("en", "zh"))
_JSON = "application/json"
_FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True, slots=True)
class Script:
    """What one developer says: a question, then every detail in one message, then the impact."""

    question: str
    details: str
    impact: str


_EN = (
    "Android 14, Pixel 8, SDK 3.6.1, wifi, group chat, every time since upgrading to 3.6.1. "
    "Steps: 1. open a group 2. send a text 3. it stays in sending. "
    "No logs, the phone is with a customer.",
    "yes production, only some users, restarting the app helps, no data lost",
)
_ZH = (
    "安卓14，小米13，SDK 3.6.1，WiFi，群聊，升级到3.6.1后必现。复现步骤：1. 进入任意群 "
    "2. 发送文本 3. 一直转圈。没有日志，手机在用户手里",
    "线上，部分用户，有临时方案，没有丢消息",
)
SCRIPTS: tuple[Script, ...] = tuple(
    Script(q, *answers)
    for q, answers in (
        ("Group messages are not delivered to Android members since we upgraded the SDK", _EN),
        ("Why does the connection drop every few minutes?", _EN),
        ("How do I send an image message?", _EN),  # how-to: no impact questions
        ("Offline push notifications do not arrive on Xiaomi phones", _EN),
        ("What does error code 2002 mean?", _EN),
        ("Video calls have echo and the audio is choppy", _EN),
        ("消息发送失败，错误码 2002 是什么意思？", _ZH),
        ("群聊消息收不到怎么办？", _ZH),
    )
)


# -- the fake Slack: what the bot posted, per thread -----------------------------------------


@dataclass(frozen=True, slots=True)
class Button:
    block_id: str
    action_id: str
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class Post:
    """One ``chat.postMessage`` as the fake received it (``at``: ``time.perf_counter()``)."""

    channel: str
    thread_ts: str
    ts: str
    text: str
    at: float
    buttons: tuple[Button, ...] = ()
    blocks: tuple[dict[str, Any], ...] = ()  # kept only for messages with buttons

    def button(self, action_id: str) -> Button | None:
        return next((b for b in self.buttons if b.action_id.startswith(action_id)), None)

    @property
    def ticket_id(self) -> str | None:
        found = _TICKET.search(self.text)
        return found.group(0) if found else None


class Board:
    """The posts of each developer thread and the cards, shared by the fake and the developers."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._threads: dict[str, list[Post]] = {}
        self.cards: dict[str, list[float]] = {}  # ticket id -> when each card arrived
        self.replies = 0
        self.error_replies: list[str] = []

    def add(self, post: Post) -> None:
        with self._changed:
            if post.channel == ESCALATION and not post.thread_ts:
                if post.button(CLAIM_ACTION) and post.ticket_id:
                    self.cards.setdefault(post.ticket_id, []).append(post.at)
            elif post.thread_ts in self._threads:
                self._threads[post.thread_ts].append(post)
                self.replies += 1
                if post.text.startswith(_ERROR_REPLIES):
                    self.error_replies.append(f"error reply in thread {post.thread_ts}")
            self._changed.notify_all()

    def open(self, thread_ts: str) -> None:
        with self._changed:
            self._threads[thread_ts] = []

    def close(self, thread_ts: str) -> None:
        """Forget a finished thread (keeps the soak's own memory flat)."""
        with self._changed:
            self._threads.pop(thread_ts, None)

    def count(self, thread_ts: str) -> int:
        with self._changed:
            return len(self._threads[thread_ts])

    def wait(
        self, thread_ts: str, since: int, expect: Callable[[Post], bool], timeout: float
    ) -> list[Post] | None:
        """The posts after the first ``since`` once one meets ``expect``; ``None`` on timeout."""

        def arrived() -> bool:
            return any(expect(p) for p in self._threads[thread_ts][since:])

        with self._changed:
            if not self._changed.wait_for(arrived, timeout):
                return None
            return list(self._threads[thread_ts][since:])


def soak_slack(board: Board) -> FakeSlack:
    """The project's fake Slack, telling ``board`` of every message the bot posts."""

    def posted(args: dict[str, Any], answer: dict[str, Any]) -> None:
        blocks = args.get("blocks") or ()
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        blocks = tuple(blocks)
        buttons = tuple(
            Button(
                str(block.get("block_id") or ""),
                str(element.get("action_id") or ""),
                str(element.get("value") or ""),
                str((element.get("text") or {}).get("text") or ""),
            )
            for block in blocks
            if block.get("type") == "actions"
            for element in block.get("elements") or ()
        )
        board.add(
            Post(
                channel=str(args.get("channel") or ""),
                thread_ts=str(args.get("thread_ts") or ""),
                ts=str(answer.get("ts") or ""),
                text=str(args.get("text") or ""),
                at=time.perf_counter(),
                buttons=buttons,
                blocks=blocks if buttons else (),
            )
        )

    # A soak sends thousands of requests: the fake keeps no call log, the board counts.
    return FakeSlack(token=TOKEN, on_post=posted, keep_calls=False)


class LoopThread:
    """An asyncio event loop running in a daemon thread, driven from other threads.

    Example:
        >>> loop = LoopThread("demo")
        >>> loop.run(asyncio.sleep(0, result=42))
        42
        >>> loop.close()
    """

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def run(self, work: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()
        self.loop.close()


# -- the developers -------------------------------------------------------------------------


@dataclass
class Flow:
    """One developer's conversation; ``confirmed`` once "confirm" was pressed."""

    thread: str  # the router's key, TEAM:CHANNEL:ts
    thread_ts: str
    confirmed: bool = False
    ticket_id: str | None = None
    confirmed_at: float = 0.0  # when "confirm" was pressed (perf_counter)
    cut: bool = False  # the deadline came before "confirm"


@dataclass
class Tally:
    """What the developers measured; shared by their threads."""

    turns: int = 0
    reply_ms: list[float] = field(default_factory=list)
    ack_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def error(self, kind: str, detail: str) -> None:
        with self._lock:
            self.errors[kind] += 1
            if len(self.samples) < 10:
                self.samples.append(f"{kind}: {detail}")

    def sent(self, ack_ms: float) -> None:
        with self._lock:
            self.turns += 1
            self.ack_ms.append(ack_ms)

    def replied(self, ms: float) -> None:
        with self._lock:
            self.reply_ms.append(ms)

    def started(self, flow: Flow) -> None:
        with self._lock:
            self.flows.append(flow)


class Developer:
    """One simulated developer: repeats the whole flow until the deadline, one turn at a time.

    ``base`` (Unix seconds) makes this run's message timestamps, so thread keys and
    event ids never repeat those of an earlier run on the same database.
    """

    _ids = itertools.count(1)  # shared by all developers: every ts and event id is unique

    def __init__(
        self,
        number: int,
        *,
        port: int,
        board: Board,
        tally: Tally,
        base: int,
        timeout: float = 60.0,
    ) -> None:
        self.number = number
        self.user = f"U0DEV{number:04d}"
        self.port = port
        self.board = board
        self.tally = tally
        self.base = base
        self.timeout = timeout

    def run(self, deadline: float) -> None:
        """Flows until ``time.monotonic()`` passes ``deadline``; never raises."""
        try:
            for n in itertools.count(self.number):
                if time.monotonic() >= deadline:
                    return
                self.flow(SCRIPTS[n % len(SCRIPTS)], deadline)
        except Exception as exc:  # a bug in the soak itself must show, not kill the thread
            self.tally.error("exception", f"developer {self.number}: {type(exc).__name__}: {exc}")

    def flow(self, script: Script, deadline: float = float("inf")) -> Flow:
        """One conversation, from the question to the filed ticket."""
        thread_ts = self._ts()
        flow = Flow(f"{TEAM}:{SUPPORT}:{thread_ts}", thread_ts)
        self.tally.started(flow)
        self.board.open(thread_ts)
        try:
            self._converse(flow, script, deadline)
        finally:
            self.board.close(thread_ts)
        return flow

    def _converse(self, flow: Flow, script: Script, deadline: float) -> None:
        def late() -> bool:
            flow.cut = time.monotonic() >= deadline
            return flow.cut

        question = self._message(script.question, flow.thread_ts, top_level=True)
        answer = self._turn(flow, question, _JSON, lambda p: p.button(ANSWER_HUMAN) is not None)
        human = answer.button(ANSWER_HUMAN) if answer else None
        if answer is None or human is None or late():
            return
        prompt = self._turn(flow, self._press(flow, answer, human), _FORM)
        if prompt is None or late():
            return
        prompt = self._turn(flow, self._message(script.details, flow.thread_ts), _JSON)
        if prompt is not None and _confirm_button(prompt) is None and not late():
            prompt = self._turn(flow, self._message(script.impact, flow.thread_ts), _JSON)
        if prompt is None or late():
            return
        confirm = _confirm_button(prompt)
        if confirm is None:
            self.tally.error("unexpected_prompt", f"{flow.thread}: {prompt.text[:160]!r}")
            return
        flow.confirmed, flow.confirmed_at = True, time.perf_counter()
        filed = self._turn(
            flow, self._press(flow, prompt, confirm), _FORM, lambda p: p.ticket_id is not None
        )
        if filed is not None:
            flow.ticket_id = filed.ticket_id

    def _turn(
        self,
        flow: Flow,
        body: str,
        content_type: str,
        expect: Callable[[Post], bool] = lambda _: True,
    ) -> Post | None:
        """Send one signed request; the reply that ``expect`` accepts, or ``None`` (an error)."""
        since = self.board.count(flow.thread_ts)
        sent = time.perf_counter()
        status = self._send(body, content_type)
        self.tally.sent((time.perf_counter() - sent) * 1000)
        if status != 200:
            self.tally.error("ack", f"{flow.thread}: HTTP {status or 'no answer'}")
            return None

        def done(post: Post) -> bool:
            return expect(post) or post.text.startswith(_ERROR_REPLIES)

        posts = self.board.wait(flow.thread_ts, since, done, self.timeout)
        if posts is None:
            self.tally.error("no_reply", f"{flow.thread}: nothing within {self.timeout:g} s")
            return None
        self.tally.replied((posts[0].at - sent) * 1000)
        match = next(p for p in posts if done(p))
        return None if match.text.startswith(_ERROR_REPLIES) else match  # the board counted it

    def _send(self, body: str, content_type: str) -> int:
        # A connection per request, as Slack's own deliveries mostly are.
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(
                "POST",
                EVENTS_PATH,
                body=body.encode(),
                headers={**signature_headers(SECRET, body), "Content-Type": content_type},
            )
            response = connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            return 0
        finally:
            connection.close()

    def _ts(self) -> str:
        n = next(self._ids)
        return f"{self.base + n // 1_000_000}.{n % 1_000_000:06d}"

    def _message(self, text: str, thread_ts: str, *, top_level: bool = False) -> str:
        ts = thread_ts if top_level else self._ts()
        event = message(
            text, channel=SUPPORT, user=self.user, ts=ts, thread_ts=None if top_level else thread_ts
        )
        event_id = f"EvSOAK{self.base}x{ts.replace('.', '')}"
        return json.dumps(event_envelope(event, event_id=event_id), ensure_ascii=False)

    def _press(self, flow: Flow, post: Post, button: Button) -> str:
        """The block_actions payload Slack sends when this developer clicks ``button``."""
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM, "domain": "soak"},
            "user": {"id": self.user, "team_id": TEAM},
            "api_app_id": "A0BENCH",
            "token": "soak",
            "trigger_id": f"soak.{post.ts}",
            "container": {
                "type": "message",
                "message_ts": post.ts,
                "channel_id": SUPPORT,
                "is_ephemeral": False,
                "thread_ts": flow.thread_ts,
            },
            "channel": {"id": SUPPORT, "name": "support"},
            "message": {
                "type": "message",
                "ts": post.ts,
                "thread_ts": flow.thread_ts,
                "text": post.text,
                "bot_id": "B0BOT",
                "blocks": list(post.blocks),
            },
            "actions": [
                {
                    "action_id": button.action_id,
                    "block_id": button.block_id,
                    "type": "button",
                    "value": button.value,
                    "text": {"type": "plain_text", "text": button.text},
                    "action_ts": f"{time.time():.6f}",
                }
            ],
            "response_url": "https://hooks.slack.invalid/actions/soak",
        }
        return urlencode({"payload": json.dumps(payload, ensure_ascii=False)})


def _confirm_button(post: Post) -> Button | None:
    return next(
        (b for b in post.buttons if b.action_id.startswith(INTAKE_CHOICE) and b.value in _CONFIRM),
        None,
    )
