"""Work that runs after Slack got its acknowledgement, tracked so shutdown can wait for it.

Slack wants an HTTP 200 (or a Socket Mode ack) within 3 seconds and retries
otherwise, so listeners ack first and hand the slow part (router, Web API calls)
to :class:`Background`. Unlike a bare ``asyncio.create_task``, the task is kept
(a task nobody references can be garbage-collected mid-flight), its exception
is logged with context, and :meth:`Background.drain` waits for everything still
running (on shutdown, and in tests before asserting what was posted).

Example:
    >>> async def main() -> None:
    ...     background = Background()
    ...     background.spawn(asyncio.sleep(0), name="nap")
    ...     await background.drain()
    >>> asyncio.run(main())
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

__all__ = ["Background"]

log = logging.getLogger(__name__)


class Background:
    """A set of running tasks; failures are logged, never lost."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self.failures = 0

    def __len__(self) -> int:
        return len(self._tasks)

    def spawn(self, work: Coroutine[Any, Any, None], *, name: str) -> asyncio.Task[None]:
        """Run ``work`` now, in the background of the running event loop."""
        task = asyncio.get_running_loop().create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            self.failures += 1
            log.error("background task %s failed", task.get_name(), exc_info=error)

    async def drain(self, timeout: float | None = 30.0) -> bool:
        """Wait until no task is left (tasks may spawn more); ``False`` if ``timeout`` ran out.

        On timeout the stragglers are cancelled, so shutdown never hangs.
        """
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while self._tasks:
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                for task in list(self._tasks):
                    task.cancel()
                await asyncio.gather(*self._tasks, return_exceptions=True)
                return False
            await asyncio.wait(set(self._tasks), timeout=remaining)
        return True
