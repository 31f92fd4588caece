"""Faults a production deployment meets, on a real ``supportbot serve`` over PostgreSQL:
a replica killed with ``kill -9`` mid-intake and mid-escalation, PostgreSQL restarted
under traffic, and Slack answering 429, 500 or nothing at all when the bot posts.

The outbox's retry delays are the real ones (10 s after a 5xx, Retry-After after a
429, the client's 10 s timeout), so a few tests take 10–25 s.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from intake.dialog import DialogState, current_prompt
from intake.tickets.store import ConversationStore, OutboxStatus, TicketStore
from intake.types import Status
from tests.bot.slack.conftest import ESCALATION
from tests.conftest import Database
from tests.production.cards import QUIET_PERIOD, card_posted_once
from tests.production.chat import (
    ANSWERED,
    APOLOGY,
    CONFIRMING,
    FILED,
    INTAKE,
    INTAKE_STARTED,
    QUESTION,
    Thread,
)
from tests.production.conftest import Fleet
from tests.production.fault_slack import FaultySlack
from tests.production.pg_cluster import Cluster, unavailable
from tests.production.records import card_row, expire_card_lease, file_ticket
from tests.production.replica import Replica, eventually

pytestmark = pytest.mark.slow



@pytest.fixture
async def replica(shared_db: Database, fleet: Fleet) -> Replica:
    one = fleet.replica("a", database_url=shared_db.url)
    await fleet.start(one)
    return one


async def test_a_replica_killed_mid_intake_resumes_at_the_same_question_after_restart(
    replica: Replica,
    slack: FaultySlack,
    http: aiohttp.ClientSession,
    shared_db: Database,
    fleet: Fleet,
) -> None:
    thread = Thread(slack, http, context=fleet.logs)
    assert ANSWERED in await thread.ask(replica, QUESTION)
    assert INTAKE_STARTED in await thread.ask(replica, "talk to a human")
    asked = await thread.ask(replica, INTAKE[0])  # platform, device, SDK … given: next question

    replica.kill()
    saved = ConversationStore(shared_db.engine).get(thread.key)
    assert saved is not None and saved.state == "INTAKE"
    assert current_prompt(DialogState.from_json(saved.dialog_state)).text in asked
    await fleet.start(replica)

    resumed = await thread.ask(replica, INTAKE[1])  # the answer to the question asked before
    assert INTAKE_STARTED not in resumed and "SDK log" in resumed
    await thread.ask(replica, INTAKE[2])
    assert CONFIRMING in await thread.ask(replica, INTAKE[3])
    assert FILED in await thread.ask(replica, "confirm")

    [ticket] = TicketStore(shared_db.engine).list()
    # What was said before the kill is in the ticket, with what was said after.
    assert ticket.fields["device_model"] == "Pixel 8" and ticket.fields["sdk_version"] == "3.6.1"
    assert ticket.fields["repro_steps"].startswith("1. create a group of 20")


async def test_a_replica_killed_while_the_card_is_failing_posts_it_once_after_restart(
    replica: Replica,
    slack: FaultySlack,
    http: aiohttp.ClientSession,
    shared_db: Database,
    fleet: Fleet,
) -> None:
    thread = Thread(slack, http, context=fleet.logs)
    await thread.ask(replica, QUESTION)
    await thread.ask(replica, "talk to a human")
    for text in INTAKE:
        await thread.ask(replica, text)
    slack.fail_posts(channel=ESCALATION, status=500)  # Slack fails the first card post
    assert FILED in await thread.ask(replica, "confirm")
    [ticket] = TicketStore(shared_db.engine).list()
    failed = await eventually(
        lambda: m if (m := card_row(shared_db.engine, ticket.id)).last_error else None,
        timeout=15,
        what="the failed card post to be recorded",
        context=fleet.logs,
    )
    assert "HTTP 500" in str(failed.last_error) and failed.status is OutboxStatus.PENDING

    replica.kill()  # while the card waits for its retry
    await fleet.start(replica)

    sent = await card_posted_once(
        slack,
        shared_db.engine,
        ticket.id,
        timeout=30,  # the retry is due 10 s after the failure
        what=f"the card of {ticket.id} after the restart",
        context=fleet.logs,
    )
    assert sent.attempts == 2
    kept = TicketStore(shared_db.engine).get(ticket.id)
    assert kept.status is Status.OPEN and kept.thread == thread.key
    assert [e.kind for e in TicketStore(shared_db.engine).events(ticket.id)] == ["created"]


async def test_a_replica_killed_while_posting_the_card_leaves_it_to_be_posted_once(
    replica: Replica, slack: FaultySlack, shared_db: Database, fleet: Fleet
) -> None:
    # Slack hangs on the card; the worker holds the row's lease while it waits.
    slack.fail_posts(channel=ESCALATION, status=503, delay=60)
    ticket = file_ticket(shared_db.engine, "T0TEAM:C0SUPPORT:1710009999.000001")
    await eventually(
        lambda: slack.arrived(channel=ESCALATION, contains=ticket.id),
        timeout=15,
        what="the card post to reach Slack",
        context=fleet.logs,
    )

    replica.kill()  # mid-post: the request dies with the process, Slack posts nothing
    held = card_row(shared_db.engine, ticket.id)
    assert held.status is OutboxStatus.PENDING and held.attempts == 1
    assert held.leased_until is not None and held.leased_until > datetime.now(UTC)
    # The lease (60 s) hides the row from every worker until it runs out; let it run
    # out now rather than wait a minute.
    expire_card_lease(shared_db.engine, ticket.id)
    await fleet.start(replica)

    await card_posted_once(
        slack,
        shared_db.engine,
        ticket.id,
        timeout=15,
        what=f"the card of {ticket.id} after the restart",
        context=fleet.logs,
    )
    assert card_row(shared_db.engine, ticket.id).attempts == 2


async def test_slack_429_500_and_timeouts_are_retried_with_backoff_and_tickets_kept(
    replica: Replica,
    slack: FaultySlack,
    http: aiohttp.ClientSession,
    shared_db: Database,
    fleet: Fleet,
) -> None:
    # An answer meets a 429 and then a 500: the Web API client retries it in place.
    thread = Thread(slack, http, context=fleet.logs)
    slack.fail_posts(thread_ts=thread.ts, status=429, retry_after=1)
    slack.fail_posts(thread_ts=thread.ts, status=500)
    assert ANSWERED in await thread.ask(replica, QUESTION)
    tries = slack.posts(thread_ts=thread.ts, ok_only=False)
    assert [c.ok for c in tries] == [False, False, True]

    # Three ticket cards meet a 429 (retry after 2 s), a 500, and a Slack that never
    # answers (the outbox client gives up after 10 s): each is retried from the outbox.
    slack.fail_posts(channel=ESCALATION, contains="[429]", status=429, retry_after=2)
    slack.fail_posts(channel=ESCALATION, contains="[500]", status=500)
    slack.fail_posts(channel=ESCALATION, contains="[timeout]", status=500, delay=15)
    # The least time between the two tries: Retry-After; the first backoff; the client's
    # 10 s timeout and then the first backoff.
    least_wait = {"[429]": 2.0, "[500]": 10.0, "[timeout]": 20.0}
    tickets = {
        label: file_ticket(shared_db.engine, f"T0TEAM:C0SUPPORT:17100099{n:02d}.000001", summary=f"Card {label}")
        for n, label in enumerate(least_wait)
    }
    timed_out = await eventually(
        lambda: m if "Timeout" in str((m := card_row(shared_db.engine, tickets["[timeout]"].id)).last_error) else None,
        timeout=30,
        what="the card that timed out to be marked failed",
        context=fleet.logs,
    )
    # Its backoff counts from the failure, not from when the try began 10 s earlier.
    assert timed_out.next_attempt_at is not None
    assert timed_out.next_attempt_at - datetime.now(UTC) > timedelta(seconds=8)

    await eventually(
        lambda: all(card_row(shared_db.engine, t.id).status is OutboxStatus.SENT for t in tickets.values()),
        timeout=45,
        what="every card to be posted",
        context=fleet.logs,
    )
    await asyncio.sleep(QUIET_PERIOD)
    for label, ticket in tickets.items():
        assert len(slack.posts(channel=ESCALATION, contains=ticket.id)) == 1, label
        first, second = slack.arrived(channel=ESCALATION, contains=ticket.id)
        assert second.at - first.at >= least_wait[label] - 0.5, label
        row = card_row(shared_db.engine, ticket.id)
        assert row.attempts == 2, label
        assert TicketStore(shared_db.engine).get(ticket.id).status is Status.OPEN
    assert "ratelimited" in str(card_row(shared_db.engine, tickets["[429]"].id).last_error)
    assert "HTTP 500" in str(card_row(shared_db.engine, tickets["[500]"].id).last_error)
    assert "Timeout" in str(card_row(shared_db.engine, tickets["[timeout]"].id).last_error)
    assert len(TicketStore(shared_db.engine).list()) == 3


# -- PostgreSQL restarted under traffic ----------------------------------------------


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    """A PostgreSQL of this test's own, so the test may stop and start it."""
    reason = unavailable()
    if reason:
        pytest.skip(reason)
    made = Cluster.create()
    try:
        made.start()
        yield made
    finally:
        made.remove()


@dataclass(frozen=True, slots=True)
class Sent:
    thread: Thread
    status: int
    ack_s: float
    phase: str  # one of PHASES


PHASES = ("up", "stopping", "down", "starting", "back")


@pytest.fixture
async def on_cluster(cluster: Cluster, fleet: Fleet) -> AsyncIterator[Replica]:
    one = fleet.replica("a", database_url=cluster.url)
    await fleet.start(one)
    yield one
    await one.stop()  # before the cluster goes away


async def test_a_postgres_restart_under_traffic_fails_requests_cleanly_and_recovers_by_itself(
    on_cluster: Replica,
    cluster: Cluster,
    slack: FaultySlack,
    http: aiohttp.ClientSession,
    fleet: Fleet,
) -> None:
    replica, loop = on_cluster, asyncio.get_running_loop()
    pid = replica.process.pid if replica.process else None
    sent: list[Sent] = []

    async def questions(phase: str, meanwhile: Awaitable[object]) -> None:
        """A new question every 0.2 s, each in its own thread, until ``meanwhile`` is done."""
        running = asyncio.ensure_future(meanwhile)
        while True:
            thread, started = Thread(slack, http, context=fleet.logs), loop.time()
            status = await thread.say(replica, QUESTION)
            sent.append(Sent(thread, status, loop.time() - started, phase))
            if running.done():
                break
            await asyncio.sleep(0.2)
        await running

    async def all_replied() -> None:
        await eventually(
            lambda: all(s.thread.replies() for s in sent),
            timeout=30,
            what="a reply to every question",
            context=fleet.logs,
        )

    async def healthz_until(wanted: int) -> dict[str, object]:
        for _ in range(200):  # nobody restarts the replica: it must come back by itself
            status, health = await replica.health(http)
            if status == wanted:
                return health
            await asyncio.sleep(0.1)
        raise AssertionError(f"healthz still {status} {health} after 20 s\n{fleet.logs()}")

    await questions("up", asyncio.sleep(1.5))
    await all_replied()
    await questions("stopping", asyncio.to_thread(cluster.stop))
    down = await healthz_until(503)
    assert down["error"] == "database unavailable"  # the detail is for the log only
    assert "health check failed: OperationalError" in replica.log.read_text(errors="replace")
    await questions("down", asyncio.sleep(2.5))
    await all_replied()
    assert replica.alive()
    await questions("starting", asyncio.to_thread(cluster.start))
    await healthz_until(200)
    await questions("back", asyncio.sleep(1.5))
    await all_replied()
    await asyncio.sleep(1.0)  # a second reply to anything would show by now

    assert all(s.status == 200 and s.ack_s < 3.0 for s in sent), [(s.status, s.ack_s) for s in sent]
    assert all(len(s.thread.replies()) == 1 for s in sent)  # an answer or an apology, never both
    by_phase = {p: [s.thread.replies()[0] for s in sent if s.phase == p] for p in PHASES}
    assert all(ANSWERED in reply for reply in by_phase["up"] + by_phase["back"])
    assert by_phase["down"] and all(APOLOGY in reply for reply in by_phase["down"])
    # The same process all along, and it writes again: a new intake starts and is saved.
    assert replica.alive() and replica.process is not None and replica.process.pid == pid
    again = Thread(slack, http, context=fleet.logs)
    assert ANSWERED in await again.ask(replica, QUESTION)
    assert INTAKE_STARTED in await again.ask(replica, "talk to a human")
