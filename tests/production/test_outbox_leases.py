"""Two replicas' outbox workers while Slack hangs: a worker stuck behind slow sends must not
post a card whose lease ran out meanwhile, since another replica may have leased and posted it.

The real workers lease for 60 s, time out sends after 10 s and take 10 rows at a
time, so six hanging sends in one batch outlast the lease. Here the same shape is
shrunk (a 2.5 s lease, 1 s timeouts) and both workers run in this process on the
test database.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.desk import TicketDesk
from bot.slack.app import make_client
from bot.slack.outbox_worker import OutboxWorker
from bot.slack.settings import SlackSettings
from intake.tickets.store import Outbox, OutboxStatus, TicketStore
from tests.bot.slack.conftest import ESCALATION, GROUP, SUPPORT
from tests.bot.slack.signing import SIGNING_SECRET
from tests.conftest import Database
from tests.production.fault_slack import FaultySlack
from tests.production.records import card_row, file_ticket
from tests.production.replica import eventually


def _worker(database: Database, slack: FaultySlack) -> OutboxWorker:
    settings = SlackSettings.from_env(
        {
            "SLACK_BOT_TOKEN": slack.token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SUPPORTBOT_SUPPORT_CHANNELS": SUPPORT,
            "SUPPORTBOT_ESCALATION_CHANNEL": ESCALATION,
            "SUPPORTBOT_ENGINEERS_GROUP": GROUP,
            "SLACK_API_URL": slack.api_url,
        }
    )
    engine = database.reopen()  # a replica of its own
    return OutboxWorker(
        Outbox(engine),
        desk=TicketDesk(TicketStore(engine)),
        client=make_client(settings, retries=False, timeout=1),
        channel=ESCALATION,
        lease_seconds=2.5,
    )


async def test_a_worker_behind_hanging_sends_leaves_expired_leases_to_the_other_replica(
    database: Database, slack: FaultySlack
) -> None:
    first, second = _worker(database, slack), _worker(database, slack)
    tickets = [
        file_ticket(database.engine, f"T0TEAM:{SUPPORT}:17100077{n:02d}.000001", summary=f"#{n}") for n in range(4)
    ]
    for ticket in tickets[:3]:  # Slack hangs on these cards: each send times out after 1 s
        slack.fail_posts(channel=ESCALATION, contains=ticket.id, status=503, delay=5)

    stuck = asyncio.create_task(first.run_once())  # leases all four for 2.5 s
    lease = await eventually(
        lambda: card_row(database.engine, tickets[3].id).leased_until,
        timeout=5,
        what="the first worker's lease",
    )
    await asyncio.sleep((lease - datetime.now(UTC)).total_seconds() + 0.05)
    await second.run_once()  # the leases ran out: the other replica takes the rows over
    await stuck

    posted = {t.id: len(slack.posts(channel=ESCALATION, contains=t.id)) for t in tickets}
    assert posted == {tickets[0].id: 0, tickets[1].id: 0, tickets[2].id: 0, tickets[3].id: 1}
    for ticket in tickets[:3]:  # kept for their retry, none given up
        row = card_row(database.engine, ticket.id)
        assert row.status is OutboxStatus.PENDING and "Timeout" in str(row.last_error)
