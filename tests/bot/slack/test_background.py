"""Work after the ack is tracked: shutdown waits for it, failures are counted, stragglers end."""

from __future__ import annotations

import asyncio

from bot.slack.background import Background


async def test_drain_waits_for_running_work() -> None:
    background = Background()
    done: list[str] = []

    async def reply() -> None:
        await asyncio.sleep(0.05)
        done.append("replied")

    background.spawn(reply(), name="reply")
    assert len(background) == 1
    assert await background.drain(timeout=2)
    assert done == ["replied"] and len(background) == 0


async def test_a_failure_is_counted_not_lost() -> None:
    background = Background()

    async def broken() -> None:
        raise RuntimeError("boom")

    background.spawn(broken(), name="broken")
    assert await background.drain(timeout=2)
    assert background.failures == 1


async def test_drain_gives_up_after_the_timeout() -> None:
    background = Background()
    background.spawn(asyncio.sleep(60), name="stuck")

    assert not await background.drain(timeout=0.05)
    assert len(background) == 0
