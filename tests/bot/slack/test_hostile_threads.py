"""Threads under pressure and strangers in them, against the real router on a real database
(SQLite; PostgreSQL when ``SUPPORTBOT_TEST_DATABASE=postgresql``, as ``.ci/run`` does)."""

from __future__ import annotations

import asyncio

from bot.texts import say
from tests.bot.slack.conftest import SUPPORT, Real
from tests.bot.slack.signing import message

QUESTION_TS = "1700000100.000100"
THREAD = f"T0TEAM:{SUPPORT}:{QUESTION_TS}"


def _ts(n: int) -> str:
    return f"17000002{n:02d}.000100"


async def test_many_messages_at_once_in_one_thread_are_all_taken_in(real: Real) -> None:
    await real.running.sender.event(message("How often is the heartbeat sent?", ts=QUESTION_TS))
    await real.running.settle()
    follow_ups = [
        message(f"and the heartbeat on reconnect, case {n}?", ts=_ts(n), thread_ts=QUESTION_TS)
        for n in range(8)
    ]
    statuses = await asyncio.gather(*(real.running.sender.event(m) for m in follow_ups))
    await real.running.settle()

    assert [status for status, _ in statuses] == [200] * 8
    posts = real.running.slack.of("chat.postMessage")
    assert len(posts) == 9  # the first answer and one per follow-up
    assert not [p for p in posts if p.args["text"] == say("error", "en")]
    assert "heartbeat every 30 s" in str(posts[-1].args["blocks"])
