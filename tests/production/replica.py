"""A real ``supportbot serve`` process on loopback: start, wait until healthy, kill -9, stop.

Each replica logs to its own file; :meth:`Replica.log_tail` goes into failure
messages so a test that times out says what the process was doing.

Example:
    >>> replica = Replica("a", env, workdir)  # doctest: +SKIP
    >>> replica.start()  # doctest: +SKIP
    >>> await replica.ready()  # doctest: +SKIP
    >>> replica.kill()  # kill -9: no shutdown, no draining  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import aiohttp

__all__ = ["Replica", "eventually", "free_port", "serve_command"]

T = TypeVar("T")


def free_port() -> int:
    """A TCP port nobody listens on right now, on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_command(port: int) -> list[str]:
    """``supportbot serve`` as installed in this virtualenv (what the Procfile's ``web:`` runs)."""
    script = Path(sys.executable).with_name("supportbot")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]
    return [*command, "serve", "--host", "127.0.0.1", "--port", str(port)]


async def eventually(
    check: Callable[[], T | None],
    *,
    timeout: float,
    what: str,
    context: Callable[[], str] = lambda: "",
    interval: float = 0.05,
) -> T:
    """Poll ``check`` until it returns something truthy; fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = check()
        if result:
            return result
        if loop.time() > deadline:
            raise AssertionError(f"gave up after {timeout} s waiting for {what}\n{context()}")
        await asyncio.sleep(interval)


@dataclass
class Replica:
    """One ``supportbot serve`` process; restarting it keeps its port and appends to its log."""

    name: str
    env: dict[str, str]
    workdir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def events_url(self) -> str:
        return f"{self.base}/slack/events"

    @property
    def log(self) -> Path:
        return self.workdir / f"replica-{self.name}.log"

    def start(self) -> None:
        assert not self.alive(), f"replica {self.name} is already running"
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        with self.log.open("ab") as log:
            log.write(f"---- start #{self.starts} on port {self.port}\n".encode())
            log.flush()
            # cwd is the replica's own folder, so no .env of the repository is read.
            self.process = subprocess.Popen(
                serve_command(self.port),
                env=self.env,
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    async def health(self, session: aiohttp.ClientSession) -> tuple[int, dict[str, object]]:
        """``GET /healthz``: the status and the JSON body."""
        timeout = aiohttp.ClientTimeout(total=10)
        async with session.get(f"{self.base}/healthz", timeout=timeout) as response:
            return response.status, await response.json()

    async def ready(self, session: aiohttp.ClientSession, *, timeout: float = 90.0) -> None:
        """Wait until ``/healthz`` answers 200 (the index is loaded and the database migrated)."""

        async def probe() -> bool:
            try:
                status, _ = await self.health(session)
            except (aiohttp.ClientError, TimeoutError):
                return False
            return status == 200

        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not await probe():
            if not self.alive():
                raise AssertionError(f"replica {self.name} exited at start\n{self.log_tail()}")
            if loop.time() > deadline:
                raise AssertionError(f"replica {self.name} not healthy after {timeout} s")
            await asyncio.sleep(0.1)

    def kill(self) -> None:
        """``kill -9``: the process gets no chance to finish anything."""
        assert self.process is not None and self.alive(), f"replica {self.name} is not running"
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    async def stop(self, *, timeout: float = 15.0) -> None:
        """SIGTERM (a graceful stop, as a platform sends), then SIGKILL after ``timeout``."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while process.poll() is None and loop.time() < deadline:
            await asyncio.sleep(0.05)  # the fake Slack keeps serving meanwhile
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return f"(replica {self.name}: no log)"
        tail = "\n".join(text.splitlines()[-lines:])
        return f"---- last lines of {self.log.name}\n{tail}"
