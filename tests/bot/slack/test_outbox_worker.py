"""The outbox worker posts ticket cards and thread notes exactly once, through Slack's failures."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine

from bot.slack.app import make_client
from bot.slack.outbox_worker import OutboxWorker
from bot.slack.settings import SlackSettings
from intake.tickets.store import Outbox, OutboxMessage, OutboxStatus
from tests.bot.slack.conftest import ESCALATION, SUPPORT
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.fakes import NOW, FakeDesk, make_ticket
from tests.conftest import Database

THREAD = f"T0TEAM:{SUPPORT}:1700000100.000100"


@pytest.fixture
def engine(database: Database) -> Engine:
    return database.engine


@pytest.fixture
def outbox(engine: Engine) -> Outbox:
    return Outbox(engine, max_attempts=3)


@pytest.fixture
def worker(outbox: Outbox, settings: SlackSettings) -> OutboxWorker:
    desk = FakeDesk()
    desk.add(make_ticket("SUP-1001"))
    client = make_client(settings, retries=False, timeout=1)
    return OutboxWorker(outbox, desk=desk, client=client, channel=ESCALATION, clock=lambda: NOW)


def queue_card(outbox: Outbox, ticket_id: str = "SUP-1001") -> int:
    message = OutboxMessage("post_ticket", {"ticket_id": ticket_id, "thread": THREAD}, f"post_ticket:{ticket_id}")
    stored = outbox.enqueue(message, now=NOW)
    assert stored.id is not None
    return stored.id


def at(seconds: float) -> datetime:
    return NOW + timedelta(seconds=seconds)


async def test_a_ticket_card_is_posted_once_and_marked_sent(
    worker: OutboxWorker, outbox: Outbox, slack: FakeSlack
) -> None:
    row = queue_card(outbox)
    assert await worker.run_once(now=NOW) == 1
    assert await worker.run_once(now=at(120)) == 0

    [post] = slack.of("chat.postMessage")
    assert post.args["channel"] == ESCALATION
    assert "SUP-1001" in post.args["text"]
    assert "ticket_claim" in str(post.args["blocks"])
    stored = outbox.get(row)
    assert stored.status is OutboxStatus.SENT
    assert stored.result == {"channel": ESCALATION, "ts": "1700000001.000001"}


async def test_a_slack_500_is_retried_later_and_posted_exactly_once(
    worker: OutboxWorker, outbox: Outbox, slack: FakeSlack
) -> None:
    row = queue_card(outbox)
    slack.fail("chat.postMessage", status=500)

    assert await worker.run_once(now=NOW) == 0
    failed = outbox.get(row)
    assert failed.status is OutboxStatus.PENDING and "HTTP 500" in (failed.last_error or "")
    assert await worker.run_once(now=at(5)) == 0  # backing off: not due yet, Slack not called
    assert len(slack.of("chat.postMessage", ok_only=False)) == 1
    assert await worker.run_once(now=at(11)) == 1

    assert len(slack.of("chat.postMessage")) == 1
    assert outbox.get(row).status is OutboxStatus.SENT


async def test_a_429_waits_for_retry_after(worker: OutboxWorker, outbox: Outbox, slack: FakeSlack) -> None:
    row = queue_card(outbox)
    slack.fail("chat.postMessage", status=429, retry_after=30)

    assert await worker.run_once(now=NOW) == 0
    assert outbox.get(row).next_attempt_at == at(30)
    assert await worker.run_once(now=at(20)) == 0
    assert await worker.run_once(now=at(30)) == 1
    assert len(slack.of("chat.postMessage")) == 1


async def test_a_timeout_is_retried(worker: OutboxWorker, outbox: Outbox, slack: FakeSlack) -> None:
    row = queue_card(outbox)
    slack.fail("chat.postMessage", status=500, delay=1.5)  # slower than the 1 s client timeout

    assert await worker.run_once(now=NOW) == 0
    assert "TimeoutError" in (outbox.get(row).last_error or "")
    assert await worker.run_once(now=at(11)) == 1
    assert len(slack.of("chat.postMessage")) == 1


async def test_a_message_is_given_up_after_max_attempts(worker: OutboxWorker, outbox: Outbox, slack: FakeSlack) -> None:
    row = queue_card(outbox)
    slack.fail("chat.postMessage", status=500, times=3)
    for seconds in (0, 100, 1000):
        await worker.run_once(now=at(seconds))

    assert outbox.get(row).status is OutboxStatus.DEAD
    assert await worker.run_once(now=at(100_000)) == 0


async def test_a_card_for_a_missing_ticket_is_not_posted(
    worker: OutboxWorker, outbox: Outbox, slack: FakeSlack
) -> None:
    row = queue_card(outbox, "SUP-9999")
    assert await worker.run_once(now=NOW) == 0

    assert slack.of("chat.postMessage", ok_only=False) == []
    assert "SUP-9999" in (outbox.get(row).last_error or "")


async def test_a_thread_note_is_posted_escaped(worker: OutboxWorker, outbox: Outbox, slack: FakeSlack) -> None:
    note = OutboxMessage("notify_thread", {"thread": THREAD, "text": "Engineer says <!here> hi"}, "note:1")
    outbox.enqueue(note, now=NOW)
    assert await worker.run_once(now=NOW) == 1

    [post] = slack.of("chat.postMessage")
    assert (post.args["channel"], post.args["thread_ts"]) == (SUPPORT, "1700000100.000100")
    assert post.args["text"] == "Engineer says &lt;!here&gt; hi"
