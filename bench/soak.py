"""``supportbot bench soak``: many developers run the whole support flow at once, for a while.

A real ``supportbot serve`` process (the real router, dialog, stores, outbox worker
and index) is started on loopback against a fake Slack Web API. ``threads``
simulated developers (``bench.slack_soak.Developer``), each in its own thread, then
repeat the whole flow until ``duration`` is up: question → answer → "Talk to a
human" → every detail → impact → confirm → ticket → card. The run stops by itself.

Measured: replies/s; reply latency (event sent → the fake Slack records the reply);
ack latency; card latency (ticket reply → card); errors (non-200 acks, no reply in
time, the bot's polite error reply, an unexpected prompt, ERROR lines in the
server's log); tickets lost (confirmed, but no ticket or no card); duplicate cards;
the server's memory (RSS) after one warm-up flow, at the end, and its growth per
1,000 turns. A run *passes* with zero errors, zero lost and zero duplicates.

Example:
    >>> report = run_soak(SoakConfig(threads=5, duration_s=10))  # doctest: +SKIP
    >>> report.passed, report.tickets_lost  # doctest: +SKIP
    (True, 0)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psutil

from bot.settings import Settings, SettingsError

if TYPE_CHECKING:  # the Slack side loads Bolt; the command line stays quick to start
    from bench.slack_soak import Board, Flow, Tally

__all__ = [
    "ServerProcess",
    "SoakConfig",
    "SoakError",
    "SoakReport",
    "add_bench_soak",
    "format_report",
    "run_soak",
]

_LOG_ERROR = re.compile(r"^\d{4}-\d\d-\d\d [\d:,.]+ (?:ERROR|CRITICAL) ")
_MB = 1024 * 1024


class SoakError(SettingsError):
    """The soak could not run (a bad option, the server did not start); one line says why."""


@dataclass(frozen=True, slots=True)
class SoakConfig:
    threads: int = 20
    duration_s: float = 60.0
    database_url: str | None = None  # None: a throw-away SQLite file
    corpus: Path | None = None  # None: the configured docs (SUPPORTBOT_CORPUS, else bundled)
    index: Path | None = None  # None: the configured index if fresh, else one built for the run
    grace_s: float = 30.0  # after the load, how long the last cards may take
    turn_timeout_s: float = 60.0  # a reply slower than this is an error
    startup_timeout_s: float = 300.0  # loading the model, and building the index when needed
    server_log: Path | None = None  # keep a copy of the server's log here


@dataclass(frozen=True, slots=True)
class SoakReport:
    threads: int
    duration_s: float
    elapsed_s: float  # the load as it ran (flows under way at the deadline finish their turn)
    database: str  # password hidden
    flows_started: int
    flows_filed: int  # the ticket reached the thread
    flows_carded: int  # and its card reached the escalation channel
    flows_cut: int  # stopped by the deadline before "confirm" (not an error)
    turns: int  # events and button presses sent
    replies: int  # bot messages in the developers' threads
    replies_per_s: float
    reply_p50_ms: float
    reply_p95_ms: float
    reply_max_ms: float
    ack_p50_ms: float
    ack_p95_ms: float
    card_p50_ms: float
    card_p95_ms: float
    errors: int
    error_kinds: dict[str, int]
    error_samples: tuple[str, ...]
    tickets_lost: int
    duplicate_cards: int
    rss_start_mb: float  # the server process, after one warm-up flow
    rss_end_mb: float
    rss_peak_mb: float
    rss_growth_mb_per_1000_turns: float  # over the whole load
    # Over its second half only: warm-up growth (allocator arenas, caches) has levelled
    # off by then, so a leak shows here as a steady slope.
    rss_growth_late_mb_per_1000_turns: float
    machine: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.errors and not self.tickets_lost and not self.duplicate_cards

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "error_samples": list(self.error_samples), "passed": self.passed}


class ServerProcess:
    """``supportbot serve`` in a child process, its output in ``log_path``."""

    def __init__(self, env: dict[str, str], *, port: int, log_path: Path) -> None:
        self.env = env
        self.port = port
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float) -> None:
        """Start the server and wait until ``/healthz`` answers 200."""
        command = [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1"]
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(
                [*command, "--port", str(self.port)], env=self.env, stdout=log, stderr=log
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise SoakError(
                    f"supportbot serve exited with code {self._process.returncode} before it "
                    f"was ready: {self._tail()}"
                )
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/healthz", timeout=2
                ) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SoakError(
            f"supportbot serve was not ready within {timeout:g} s; its log ends: {self._tail()}"
        )

    def rss_mb(self) -> float:
        if self._process is None or self._process.poll() is not None:
            return float("nan")
        try:
            return float(psutil.Process(self._process.pid).memory_info().rss) / _MB
        except psutil.Error:
            return float("nan")

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (the server drains its work), then SIGKILL after ``timeout``."""
        if self._process is None or self._process.poll() is not None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def error_lines(self) -> list[str]:
        """ERROR / CRITICAL lines of the server's log."""
        text = self.log_path.read_text("utf-8", errors="replace") if self.log_path.exists() else ""
        return [line for line in text.splitlines() if _LOG_ERROR.match(line)]

    def _tail(self) -> str:
        text = self.log_path.read_text("utf-8", errors="replace") if self.log_path.exists() else ""
        lines = [line for line in text.splitlines() if line.strip()]
        return lines[-1][:300] if lines else "(no output)"


def run_soak(config: SoakConfig, *, log: Callable[[str], None] = lambda _: None) -> SoakReport:
    """Start the fake Slack and the server, run the developers, check every ticket, stop.

    Raises:
        SoakError: a bad option, or the server did not start (with its last log line).
    """
    _check(config)
    from bench.slack_soak import Board, LoopThread, soak_slack
    from intake.tickets.db import redact_url

    settings = Settings.from_env()
    if config.corpus is not None:
        settings = replace(settings, corpus=config.corpus)
    board = Board()
    api = soak_slack(board)
    slack_loop = LoopThread("soak-slack")  # Slack answers apart from the developers' threads
    with tempfile.TemporaryDirectory(prefix="supportbot-soak-") as tmp:
        work = Path(tmp)
        database = config.database_url or f"sqlite:///{work / 'soak.db'}"
        try:
            slack_loop.run(api.start())
            index = _index(config, settings, work)
            env = _server_env(api.api_url, database, settings.corpus, index)
            server = ServerProcess(env, port=_free_port(), log_path=work / "server.log")
            log(f"starting supportbot serve on {redact_url(database)} with the index {index} …")
            try:
                server.start(config.startup_timeout_s)
                load = _load(config, server, board, log)
            finally:
                server.stop()
        finally:
            slack_loop.run(api.close())
            slack_loop.close()
        lost = _lost(database, load.flows, board.cards)
        if config.server_log is not None:
            shutil.copyfile(server.log_path, config.server_log)
        for line in server.error_lines():
            load.tally.error("server_log", line[:300])
    for line in board.error_replies:
        load.tally.error("error_reply", line)
    return _report(config, load, board.cards, lost, redact_url(database))


@dataclass(frozen=True, slots=True)
class _Load:
    tally: Tally
    flows: list[Flow]  # the warm-up flow too: its ticket must not get lost either
    elapsed_s: float
    replies: int
    memory: tuple[tuple[int, float], ...]  # (turns sent, server RSS in MB), from start to end


def _load(
    config: SoakConfig, server: ServerProcess, board: Board, log: Callable[[str], None]
) -> _Load:
    from bench.slack_soak import SCRIPTS, Developer, Tally

    base = int(time.time())

    def developer(number: int, tally: Tally) -> Developer:
        return Developer(
            number,
            port=server.port,
            board=board,
            tally=tally,
            base=base,
            timeout=config.turn_timeout_s,
        )

    warmup = Tally()
    developer(0, warmup).flow(SCRIPTS[0])  # imports, caches, auth.test: not measured
    memory = [(0, server.rss_mb())]
    tally = Tally(errors=warmup.errors.copy(), samples=list(warmup.samples))
    replies_before = board.replies
    log(f"{config.threads} developers for {config.duration_s:g} s …")
    deadline = time.monotonic() + config.duration_s
    started = time.perf_counter()
    threads = [
        threading.Thread(target=developer(n, tally).run, args=(deadline,), name=f"developer {n}")
        for n in range(1, config.threads + 1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.5)
            memory.append((tally.turns, server.rss_mb()))
    elapsed = time.perf_counter() - started
    replies = board.replies - replies_before
    flows = [*warmup.flows, *tally.flows]
    _wait_for_cards(board, flows, config.grace_s)
    memory.append((tally.turns, server.rss_mb()))
    if not server.alive():
        tally.error("server_exit", "supportbot serve stopped during the soak; see its log")
    return _Load(tally, flows, elapsed, replies, tuple(memory))


def _wait_for_cards(board: Board, flows: list[Flow], grace_s: float) -> None:
    """Until every filed ticket has its card, or ``grace_s`` is up (then they count as lost)."""
    deadline = time.monotonic() + grace_s
    waiting = {f.ticket_id for f in flows if f.ticket_id}
    while time.monotonic() < deadline and waiting - board.cards.keys():
        time.sleep(0.2)


def _lost(database: str, flows: list[Flow], cards: dict[str, list[float]]) -> int:
    """Confirmed flows whose thread has no ticket in the database, or whose ticket has no card."""
    from intake.tickets.db import make_engine
    from intake.tickets.store import TicketStore

    engine = make_engine(database)
    try:
        tickets = TicketStore(engine)
        found = [tickets.by_thread(f.thread) for f in flows if f.confirmed]
    finally:
        engine.dispose()
    return sum(1 for ticket in found if ticket is None or ticket.id not in cards)


def _report(
    config: SoakConfig,
    load: _Load,
    cards: dict[str, list[float]],
    lost: int,
    database: str,
) -> SoakReport:
    from bench.slack_bench import percentile

    tally = load.tally
    measured = tally.flows
    card_ms = [
        (cards[f.ticket_id][0] - f.confirmed_at) * 1000
        for f in measured
        if f.ticket_id and f.ticket_id in cards
    ]
    (_, rss_start), (turns, rss_end) = load.memory[0], load.memory[-1]
    half = next(m for m in load.memory if m[0] >= turns / 2)
    return SoakReport(
        threads=config.threads,
        duration_s=config.duration_s,
        elapsed_s=round(load.elapsed_s, 2),
        database=database,
        flows_started=len(measured),
        flows_filed=sum(1 for f in measured if f.ticket_id),
        flows_carded=sum(1 for f in measured if f.ticket_id and f.ticket_id in cards),
        flows_cut=sum(1 for f in measured if f.cut),
        turns=tally.turns,
        replies=load.replies,
        replies_per_s=round(load.replies / max(load.elapsed_s, 1e-9), 2),
        reply_p50_ms=round(percentile(tally.reply_ms, 50), 1),
        reply_p95_ms=round(percentile(tally.reply_ms, 95), 1),
        reply_max_ms=round(max(tally.reply_ms, default=float("nan")), 1),
        ack_p50_ms=round(percentile(tally.ack_ms, 50), 2),
        ack_p95_ms=round(percentile(tally.ack_ms, 95), 2),
        card_p50_ms=round(percentile(card_ms, 50), 1),
        card_p95_ms=round(percentile(card_ms, 95), 1),
        errors=sum(tally.errors.values()),
        error_kinds=dict(tally.errors),
        error_samples=tuple(tally.samples),
        tickets_lost=lost,
        duplicate_cards=sum(len(at) - 1 for at in cards.values()),
        rss_start_mb=round(rss_start, 1),
        rss_end_mb=round(rss_end, 1),
        rss_peak_mb=round(max(rss for _, rss in load.memory), 1),
        rss_growth_mb_per_1000_turns=_per_1000(rss_end - rss_start, turns),
        rss_growth_late_mb_per_1000_turns=_per_1000(rss_end - half[1], turns - half[0]),
        machine={
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
    )


def _per_1000(megabytes: float, turns: int) -> float:
    return round(megabytes / turns * 1000, 2) if turns else float("nan")


def _check(config: SoakConfig) -> None:
    if config.threads < 1 or config.threads > 1000:
        raise SoakError(f"--threads {config.threads}: use a number from 1 to 1000, e.g. 20.")
    if not config.duration_s > 0:
        raise SoakError(f"--duration {config.duration_s:g}: use a positive number of seconds.")
    if not config.grace_s >= 0:
        raise SoakError(f"--grace {config.grace_s:g}: use zero or more seconds, e.g. 30.")


def _index(config: SoakConfig, settings: Settings, work: Path) -> Path:
    """The given index, the configured one when it is up to date, else a fresh folder
    (the server builds it there at start-up, as ``supportbot serve`` would)."""
    if config.index is not None:
        return config.index
    from retrieval.index import is_stale

    if not is_stale(settings.index, settings.corpus):
        return settings.index
    return work / "index"


def _server_env(api_url: str, database: str, corpus: Path, index: Path) -> dict[str, str]:
    from bench.slack_bench import SECRET, TOKEN
    from bench.slack_soak import ESCALATION, SUPPORT

    return {
        **os.environ,  # the configured model, threshold and policy stay
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_APP_TOKEN": "",
        "SUPPORTBOT_SUPPORT_CHANNELS": SUPPORT,
        "SUPPORTBOT_ESCALATION_CHANNEL": ESCALATION,
        "SUPPORTBOT_ENGINEERS": "U0ENGINEER",
        "SUPPORTBOT_ENGINEERS_GROUP": "",
        "SLACK_API_URL": api_url,
        "DATABASE_URL": database,
        "SUPPORTBOT_CORPUS": str(corpus),
        "SUPPORTBOT_INDEX": str(index),
        "PYTHONUNBUFFERED": "1",
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- output and the command -------------------------------------------------------------------


def format_report(r: SoakReport) -> str:
    """The report as a two-column table, with PASSED or FAILED last."""
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(r.error_kinds.items()))
    rows = (
        ("developers", f"{r.threads} for {r.duration_s:g} s (the load ran {r.elapsed_s:.1f} s)"),
        ("database", r.database),
        (
            "flows",
            f"{r.flows_started} started, {r.flows_filed} filed, {r.flows_carded} with a "
            f"card, {r.flows_cut} cut by the deadline",
        ),
        ("turns", f"{r.turns} sent, {r.replies} replies, {r.replies_per_s:.1f} replies/s"),
        (
            "reply latency",
            f"p50 {r.reply_p50_ms:.0f} ms, p95 {r.reply_p95_ms:.0f} ms, "
            f"max {r.reply_max_ms:.0f} ms (event sent -> reply in the thread)",
        ),
        ("ack latency", f"p50 {r.ack_p50_ms:.1f} ms, p95 {r.ack_p95_ms:.1f} ms"),
        (
            "card latency",
            f"p50 {r.card_p50_ms:.0f} ms, p95 {r.card_p95_ms:.0f} ms "
            "(confirm -> card in the escalation channel)",
        ),
        ("errors", f"{r.errors}" + (f" ({kinds})" if kinds else "")),
        ("tickets lost", str(r.tickets_lost)),
        ("duplicate cards", str(r.duplicate_cards)),
        (
            "server RSS",
            f"{r.rss_start_mb:.1f} MB -> {r.rss_end_mb:.1f} MB (peak "
            f"{r.rss_peak_mb:.1f} MB); per 1,000 turns {r.rss_growth_mb_per_1000_turns:+.2f} MB, "
            f"{r.rss_growth_late_mb_per_1000_turns:+.2f} MB in the second half",
        ),
    )
    width = max(len(name) for name, _ in rows)
    lines = ["Soak: the whole flow against one supportbot serve on loopback"]
    lines += [f"  {name:<{width}}  {value}" for name, value in rows]
    lines += [f"    {sample}" for sample in r.error_samples]
    m = r.machine
    lines.append(
        f"  ({m.get('cpus')} CPUs, Python {m.get('python')}; developers, fake Slack "
        "and server on one machine)"
    )
    lines.append(
        "PASSED: no errors, no lost tickets, no duplicate cards"
        if r.passed
        else "FAILED: see errors, tickets lost and duplicate cards above"
    )
    return "\n".join(lines)


def add_bench_soak(bsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``supportbot bench soak`` on the ``bench`` sub-parsers."""
    soak = bsub.add_parser(
        "soak",
        help="many developers run the whole flow (question to ticket card) against "
        "supportbot serve for a while; errors, lost tickets, latency, memory",
    )
    soak.add_argument("--threads", type=int, default=20, help="simulated developers (20)")
    soak.add_argument("--duration", type=float, default=60.0, help="seconds of load (60)")
    soak.add_argument(
        "--database-url",
        help='database to file the tickets in, e.g. "$DATABASE_URL" for PostgreSQL '
        "(default: a throw-away SQLite file)",
    )
    soak.add_argument(
        "--index",
        type=Path,
        help="index folder (default: the configured one if up to date, else one built for the run)",
    )
    soak.add_argument(
        "--grace",
        type=float,
        default=30.0,
        help="seconds the last ticket cards may take after the load (30)",
    )
    soak.add_argument("--server-log", type=Path, help="keep a copy of the server's log here")
    soak.add_argument("--json", action="store_true", help="print JSON instead of a table")
    soak.set_defaults(run=_command)


def _command(args: argparse.Namespace) -> int:
    config = SoakConfig(
        threads=args.threads,
        duration_s=args.duration,
        database_url=args.database_url or None,
        index=args.index,
        grace_s=args.grace,
        server_log=args.server_log,
    )
    report = run_soak(config, log=(lambda _: None) if args.json else _stderr)
    print(json.dumps(report.to_dict(), indent=2) if args.json else format_report(report))
    return 0 if report.passed else 1


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)
