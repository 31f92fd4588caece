"""``supportbot bench slack``: how fast the Slack adapter acks, and what rate it keeps up with.

Everything runs in one process on loopback: the tests' fake Slack Web API, the
real HTTP app (signature check, Bolt, listeners, rendering) and a client that
sends signed message events at rising rates, each for a few seconds. Measured
per level: ack latency (send -> HTTP 200, what Slack's 3-second limit is about)
and reply latency (send -> the fake Slack receives the answer). A level is
*sustained* when every event got a 200 within 3 s (zero errors), every reply
arrived, 95 % of them within ``reply_limit_s`` (5 s), and the sender kept within
10 % of the target rate.

The router is either an instant fake (measures the adapter alone) or the real
``ConversationRouter`` over the configured index, with a throw-away database.
Client, server and background work share one event loop, so the numbers are a
floor for one worker process, not for a fleet.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import statistics
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import aiohttp

from bot.ports import Desk, Router
from bot.replies import AnswerReply, Outcome, Turn
from bot.slack.app import SlackBot, make_client
from bot.slack.server import EVENTS_PATH, start_site, web_app
from bot.slack.settings import SlackSettings
from retrieval.types import Answer, Chunk, Hit, Kind
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.fakes import FakeDesk
from tests.bot.slack.signing import event_envelope, message, signature_headers

__all__ = ["BenchConfig", "BenchReport", "Level", "format_report", "percentile", "run_bench"]

ACK_LIMIT_S = 3.0
SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
CHANNEL = "C0BENCH"


@dataclass(frozen=True, slots=True)
class BenchConfig:
    rates: tuple[int, ...] = (50, 100, 200, 400, 800)
    seconds: float = 3.0
    router: Literal["auto", "fake", "real"] = "fake"
    reply_limit_s: float = 5.0  # a level whose answers take longer (p95) is not kept up with


@dataclass(frozen=True, slots=True)
class Level:
    rate: int  # target events/s
    sent: int
    acked: int  # HTTP 200 within 3 s
    errors: int  # anything else
    replies: int  # answers that reached the fake Slack
    achieved_rate: float
    ack_p50_ms: float
    ack_p95_ms: float
    ack_max_ms: float
    reply_p50_ms: float
    reply_p95_ms: float
    sustained: bool  # zero errors, every reply, the target rate, replies (p95) within the limit


@dataclass(frozen=True, slots=True)
class BenchReport:
    router: str
    seconds_per_level: float
    levels: tuple[Level, ...]
    reply_limit_s: float = 5.0
    machine: dict[str, Any] = field(default_factory=dict)

    @property
    def highest_sustained(self) -> int | None:
        ok = [level.rate for level in self.levels if level.sustained]
        return max(ok) if ok else None

    def to_dict(self) -> dict[str, Any]:
        levels = [asdict(level) for level in self.levels]
        return {
            "router": self.router,
            "seconds_per_level": self.seconds_per_level,
            "reply_limit_s": self.reply_limit_s,
            "highest_sustained_rate": self.highest_sustained,
            "levels": levels,
            "machine": self.machine,
        }


class _InstantRouter:
    """Answers every question at once with one quoted passage, so rendering still runs."""

    def __init__(self) -> None:
        chunk = Chunk(
            id="bench",
            text="Call `sendImage(file)` on the conversation; it returns the message id.",
            title_path=("Messages", "Send images"),
            source="bench.md",
            page="bench",
            url="https://docs.example.com/messages#send-images",
            lang="en",
            kind=Kind.DOC,
        )
        self._hit = Hit(chunk=chunk, score=0.9)

    async def handle(self, turn: Turn) -> Outcome:
        return Outcome((AnswerReply(Answer(turn.text, (self._hit,), 0.9), "en"),))


class _Replies:
    """When each thread got its first reply, as the fake Slack is told of every post."""

    def __init__(self) -> None:
        self.at: dict[str, float] = {}  # thread_ts -> time.perf_counter() of the first reply

    def __call__(self, args: dict[str, Any], answer: dict[str, Any]) -> None:
        self.at.setdefault(str(args.get("thread_ts")), time.perf_counter())


def _event(n: int) -> tuple[str, str]:
    ts = f"{1700000000 + n}.{n % 1_000_000:06d}"
    event = message(f"How do I send images? ({n})", channel=CHANNEL, ts=ts)
    return ts, json.dumps(event_envelope(event, event_id=f"Ev{n:010d}"))


def _open_router(choice: str, workdir: Path) -> tuple[Router, Desk, str]:
    if choice in ("real", "auto"):
        try:
            from bot.runtime import build_router
            from bot.settings import Settings

            settings = replace(
                Settings.from_env(), database_url=f"sqlite:///{workdir / 'bench.db'}"
            )
            router, desk, _ = build_router(settings, progress=False)
            return router, desk, "real ConversationRouter (configured index, throw-away database)"
        except Exception as exc:
            if choice == "real":
                raise
            return (
                _InstantRouter(),
                FakeDesk(),
                f"instant fake router (the real one did not start: {exc})",
            )
    return _InstantRouter(), FakeDesk(), "instant fake router (measures the adapter alone)"


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (1..100) of ``values``, interpolated; NaN when there are none."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def _level(
    rate: int,
    seconds: float,
    url: str,
    session: aiohttp.ClientSession,
    bot: SlackBot,
    replied: _Replies,
    first: int,
    reply_limit_s: float = 5.0,
) -> Level:
    count = max(1, int(rate * seconds))
    acks: list[float] = []
    sent_at: dict[str, float] = {}
    errors = 0

    async def send(n: int) -> None:
        nonlocal errors
        ts, body = _event(n)
        started = time.perf_counter()
        sent_at[ts] = started
        try:
            headers = {"Content-Type": "application/json", **signature_headers(SECRET, body)}
            async with session.post(url, data=body.encode(), headers=headers) as response:
                await response.read()
                elapsed = time.perf_counter() - started
                if response.status == 200 and elapsed <= ACK_LIMIT_S:
                    acks.append(elapsed * 1000)
                else:
                    errors += 1
        except (TimeoutError, aiohttp.ClientError):
            errors += 1

    start = time.perf_counter()
    tasks = []
    for i in range(count):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(send(first + i)))
    sending = time.perf_counter() - start
    await asyncio.gather(*tasks)
    await bot.services.background.drain(timeout=60)
    replies = [(replied.at[ts] - t0) * 1000 for ts, t0 in sent_at.items() if ts in replied.at]
    achieved = round(count / max(sending, 1e-9), 1) if count > 1 else float(rate)
    reply_p95 = percentile(replies, 95)
    return Level(
        rate=rate,
        sent=count,
        acked=len(acks),
        errors=errors,
        replies=len(replies),
        achieved_rate=achieved,
        ack_p50_ms=round(percentile(acks, 50), 2),
        ack_p95_ms=round(percentile(acks, 95), 2),
        ack_max_ms=round(max(acks, default=float("nan")), 2),
        reply_p50_ms=round(percentile(replies, 50), 2),
        reply_p95_ms=round(reply_p95, 2),
        sustained=errors == 0
        and len(replies) == count
        and achieved >= 0.9 * rate
        and reply_p95 <= reply_limit_s * 1000,
    )


async def run_bench(config: BenchConfig) -> BenchReport:
    """Run every level of ``config`` and return the measurements."""
    replied = _Replies()
    # Only message events arrive, so the fake keeps no call log (memory stays flat).
    api = FakeSlack(token=TOKEN, on_post=replied, keep_calls=False)
    await api.start()
    with tempfile.TemporaryDirectory(prefix="supportbot-bench-") as tmp:
        router, desk, router_name = _open_router(config.router, Path(tmp))
        settings = SlackSettings(
            bot_token=TOKEN,
            signing_secret=SECRET,
            app_token="",
            support_channels=frozenset({CHANNEL}),
            escalation_channel="C0ESCAL",
            engineers_group=None,
            engineers=frozenset({"U0ENG"}),
            api_url=api.api_url,
        )
        bot = SlackBot(settings, router=router, desk=desk, client=make_client(settings))
        runner, port = await start_site(web_app(bot))
        url = f"http://127.0.0.1:{port}{EVENTS_PATH}"
        levels = []
        try:
            connector = aiohttp.TCPConnector(limit=0)
            timeout = aiohttp.ClientTimeout(total=ACK_LIMIT_S * 3)
            async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
                await _level(5, 0.2, url, session, bot, replied, first=0)  # warm-up: auth.test, pools
                first = 1000
                for rate in config.rates:
                    level = await _level(
                        rate, config.seconds, url, session, bot, replied, first, config.reply_limit_s
                    )
                    levels.append(level)
                    first += rate * int(config.seconds + 1) + 1
        finally:
            await runner.cleanup()
            await api.close()
    machine = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
    }
    return BenchReport(
        router=router_name,
        seconds_per_level=config.seconds,
        levels=tuple(levels),
        reply_limit_s=config.reply_limit_s,
        machine=machine,
    )


def format_report(report: BenchReport) -> str:
    """A plain-text table of the levels."""
    columns = ("target/s", "sent/s", "sent", "errors", "ack p50", "ack p95", "ack max")
    head = " ".join(f"{c:>8}" for c in columns) + f" {'reply p50':>9} {'reply p95':>9}  sustained"
    title = (
        f"Slack adapter bench — router: {report.router}; {report.seconds_per_level:g} s per level"
    )
    lines = [title, head]
    for lv in report.levels:
        counts = f"{lv.rate:>8} {lv.achieved_rate:>8.1f} {lv.sent:>8} {lv.errors:>8}"
        acks = f"{lv.ack_p50_ms:>6.1f}ms {lv.ack_p95_ms:>6.1f}ms {lv.ack_max_ms:>6.1f}ms"
        replies = f"{lv.reply_p50_ms:>7.1f}ms {lv.reply_p95_ms:>7.1f}ms"
        lines.append(f"{counts} {acks} {replies}  {'yes' if lv.sustained else 'no'}")
    best = report.highest_sustained
    lines.append(
        f"Highest rate sustained with zero errors (replies p95 within {report.reply_limit_s:g} s): "
        f"{best} events/s"
        if best
        else "No level was sustained."
    )
    machine = report.machine
    lines.append(
        f"({machine.get('cpus')} CPUs, Python {machine.get('python')}; one process, loopback)"
    )
    return "\n".join(lines)
