"""Threads under pressure and strangers in them, against the real router on a real database
(SQLite; PostgreSQL when ``SUPPORTBOT_TEST_DATABASE=postgresql``, as ``.ci/run`` does)."""

from __future__ import annotations

import asyncio

import pytest

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


# -- log files that are not UTF-8 text ------------------------------------------------------

LOG_LINES = "2026-11-24 09:00:01 E/Nimbus: send failed code=2002\nheartbeat timeout after 30 s\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(LOG_LINES.encode("utf-16"), id="utf16-bom"),
        pytest.param(LOG_LINES.encode("utf-16-le"), id="utf16le-no-bom"),
        pytest.param(LOG_LINES.encode("utf-16-be"), id="utf16be-no-bom"),
    ],
)
async def test_a_utf16_log_is_read_and_the_message_still_taken_in(real: Real, data: bytes) -> None:
    await real.running.sender.event(message("How often is the heartbeat sent?", ts=QUESTION_TS))
    await real.running.settle()
    file = real.running.slack.add_file("app.log", data)
    event = message(
        "talk to a human", ts=_ts(1), thread_ts=QUESTION_TS, subtype="file_share", files=[file]
    )
    await real.running.sender.event(event)
    await real.running.settle()

    texts = [p.args["text"] for p in real.running.slack.of("chat.postMessage")]
    assert say("error", "en") not in texts
    assert not [t for t in texts if "app.log" in t]  # no refusal
    conversation = real.router.conversations.get(THREAD)
    assert conversation is not None and conversation.state == "INTAKE"
    assert "send failed code=2002" in conversation.dialog_state  # the log, read as text


async def test_a_binary_log_gets_the_cant_read_notice_and_the_message_is_still_answered(
    real: Real,
) -> None:
    file = real.running.slack.add_file("app.log", bytes(range(256)) * 3)  # not text at all
    event = message(
        "How often is the heartbeat sent?", ts=QUESTION_TS, subtype="file_share", files=[file]
    )
    await real.running.sender.event(event)
    await real.running.settle()

    texts = [p.args["text"] for p in real.running.slack.of("chat.postMessage")]
    assert say("error", "en") not in texts
    assert any("app.log" in t and "binary" in t for t in texts), texts
    assert any("heartbeat every 30 s" in str(p.args.get("blocks")) for p in real.running.slack.of("chat.postMessage"))
