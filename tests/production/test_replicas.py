"""Two real ``supportbot serve`` replicas behind an imaginary load balancer, sharing one
PostgreSQL database and one (fake) Slack: whichever replica a request lands on, the
developer and the engineers see one bot.

Both replicas start at the same moment on an empty schema, so every test also
checks that two migrations racing at start-up end with one schema.
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from intake.tickets.store import OutboxStatus, TicketStore
from intake.types import Status
from tests.bot.slack.conftest import ENGINEER, ESCALATION, OTHER_ENGINEER
from tests.bot.slack.signing import Sender, block_action
from tests.conftest import Database
from tests.production.cards import QUIET_PERIOD, card_posted_once
from tests.production.chat import (
    ANSWERED,
    CONFIRMING,
    FILED,
    INTAKE,
    INTAKE_STARTED,
    QUESTION,
    Thread,
    new_event_id,
)
from tests.production.conftest import Fleet
from tests.production.fault_slack import FaultySlack
from tests.production.records import card_row, file_ticket
from tests.production.replica import Replica, eventually

pytestmark = pytest.mark.slow

# Long enough for a duplicate to show: a turn takes well under a second, and the
# outbox workers poll every second.


@pytest.fixture
async def pair(shared_db: Database, fleet: Fleet) -> tuple[Replica, Replica]:
    a = fleet.replica("a", database_url=shared_db.url)
    b = fleet.replica("b", database_url=shared_db.url)
    await fleet.start(a, b)
    return a, b


async def test_a_slack_retry_landing_on_the_other_replica_is_answered_once(
    pair: tuple[Replica, Replica], slack: FaultySlack, http: aiohttp.ClientSession, fleet: Fleet
) -> None:
    a, b = pair
    threads = [Thread(slack, http, context=fleet.logs) for _ in range(4)]

    async def deliver_three_times(thread: Thread) -> list[int]:
        # Slack retries an event it got no timely 200 for, with the same event id; behind
        # a load balancer the retries land on any replica, even while the first runs.
        event, event_id = thread.event(QUESTION), new_event_id()
        return list(
            await asyncio.gather(
                thread.send(a, event, event_id=event_id),
                thread.send(b, event, event_id=event_id, retry_num=1),
                thread.send(a, event, event_id=event_id, retry_num=2),
            )
        )

    statuses = await asyncio.gather(*(deliver_three_times(t) for t in threads))

    assert statuses == [[200, 200, 200]] * len(threads)
    for thread in threads:
        assert ANSWERED in await thread.next_reply(0)
    await asyncio.sleep(QUIET_PERIOD)
    assert [len(thread.replies()) for thread in threads] == [1] * len(threads)


async def test_two_engineers_claiming_at_once_on_two_replicas_get_one_owner(
    pair: tuple[Replica, Replica],
    slack: FaultySlack,
    http: aiohttp.ClientSession,
    shared_db: Database,
    fleet: Fleet,
) -> None:
    a, b = pair
    developer = Thread(slack, http)
    ticket = file_ticket(shared_db.engine, developer.key)
    sent = await eventually(
        lambda: m if (m := card_row(shared_db.engine, ticket.id)).status is OutboxStatus.SENT else None,
        timeout=15,
        what=f"the card of {ticket.id} to be posted",
        context=fleet.logs,
    )
    [card] = slack.posts(channel=ESCALATION, contains=ticket.id)
    card_ts = str((sent.result or {})["ts"])

    def click(engineer: str) -> dict[str, object]:
        return block_action(
            "ticket_claim",
            value=ticket.id,
            user=engineer,
            channel=ESCALATION,
            message_ts=card_ts,
            thread_ts=None,
            blocks=card.args["blocks"],
        )

    statuses = await asyncio.gather(
        Sender(a.events_url, http).interaction(click(ENGINEER)),
        Sender(b.events_url, http).interaction(click(OTHER_ENGINEER)),
    )
    assert [status for status, _ in statuses] == [200, 200]

    told = await eventually(
        lambda: e if len(e := slack.of("chat.postEphemeral")) >= 2 else None,
        timeout=15,
        what="an ephemeral answer to each engineer",
        context=fleet.logs,
    )
    owner = TicketStore(shared_db.engine).get(ticket.id).assignee
    assert owner in (ENGINEER, OTHER_ENGINEER)
    other = OTHER_ENGINEER if owner == ENGINEER else ENGINEER
    assert {c.args["user"]: c.args["text"] for c in told} == {
        owner: f"You claimed {ticket.id}. The bot is now quiet in that thread.",
        other: f"{ticket.id} is already claimed by <@{owner}>.",
    }
    handed_over = await developer.next_reply(0)
    assert "has taken over" in handed_over and f"<@{owner}>" in handed_over
    await asyncio.sleep(QUIET_PERIOD)
    [redraw] = slack.of("chat.update")  # only the winner redraws the card
    assert redraw.args["ts"] == card_ts and f"<@{owner}>" in str(redraw.args["blocks"])
    assert len(developer.replies()) == 1
    events = TicketStore(shared_db.engine).events(ticket.id)
    assert [e.actor for e in events if e.kind == "claimed"] == [owner]
    assert TicketStore(shared_db.engine).get(ticket.id).status is Status.CLAIMED


async def test_a_conversation_continues_on_whichever_replica_gets_the_next_message(
    pair: tuple[Replica, Replica],
    slack: FaultySlack,
    http: aiohttp.ClientSession,
    shared_db: Database,
    fleet: Fleet,
) -> None:
    a, b = pair
    thread = Thread(slack, http, context=fleet.logs)

    assert ANSWERED in await thread.ask(a, QUESTION)
    assert INTAKE_STARTED in await thread.ask(b, "talk to a human")
    replicas = (a, b, a, b)
    replies = [await thread.ask(replica, text) for replica, text in zip(replicas, INTAKE, strict=True)]
    assert CONFIRMING in replies[-1]
    filed = await thread.ask(a, "confirm")

    [ticket] = TicketStore(shared_db.engine).list()
    assert f"Ticket {ticket.id} {FILED}" in filed
    assert ticket.thread == thread.key
    assert ticket.fields["platform"] == "android" and ticket.fields["device_model"] == "Pixel 8"
    assert ticket.fields["repro_steps"].startswith("1. create a group of 20")
    # Both replicas' outbox workers poll the same table; one of them posts the card.
    await card_posted_once(
        slack, shared_db.engine, ticket.id, timeout=15, what=f"the card of {ticket.id} to be sent", context=fleet.logs
    )
    assert sum(FILED in reply for reply in thread.replies()) == 1
    assert len(TicketStore(shared_db.engine).list()) == 1
