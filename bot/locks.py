"""One lock per key, held only while someone uses it: turns of one thread run one at a time.

Several messages of one thread arriving at once would otherwise be worked on in parallel
and race on the conversation's version check. Serialising them in the process turns
those races into a queue; across replicas the version check and a jittered retry remain.

Example:
    >>> async def main() -> list[str]:
    ...     locks, order = KeyedLocks(), []
    ...     async def turn(n: int) -> None:
    ...         async with locks.hold("T1:C1:17.1"):
    ...             order.append(f"start {n}")
    ...             await asyncio.sleep(0)
    ...             order.append(f"end {n}")
    ...     await asyncio.gather(turn(1), turn(2))
    ...     return order
    >>> asyncio.run(main())
    ['start 1', 'end 1', 'start 2', 'end 2']
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

__all__ = ["KeyedLocks"]


class KeyedLocks:
    """``asyncio.Lock`` per key, forgotten once nobody holds or waits for it (no growth)."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    def __len__(self) -> int:
        return len(self._locks)

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)
