"""The check every fault test ends with: the ticket's card reached Slack exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlalchemy import Engine

from intake.tickets.store import OutboxMessage, OutboxStatus
from tests.bot.slack.conftest import ESCALATION
from tests.production.fault_slack import FaultySlack
from tests.production.records import card_row
from tests.production.replica import eventually

# Long enough for a duplicate post to show (the outbox workers poll every second).
QUIET_PERIOD = 2.5


async def card_posted_once(
    slack: FaultySlack,
    engine: Engine,
    ticket_id: str,
    *,
    timeout: float,
    what: str,
    context: Callable[[], str],
) -> OutboxMessage:
    """Wait until the card's outbox row is sent, give a second post time to arrive, and
    assert the escalation channel got the card once; the sent row comes back.

    Example:
        >>> sent = await card_posted_once(slack, db.engine, ticket.id, timeout=15,
        ...                               what="the card", context=fleet.logs)  # doctest: +SKIP
    """

    def sent() -> OutboxMessage | None:
        row = card_row(engine, ticket_id)
        return row if row.status is OutboxStatus.SENT else None

    row = await eventually(sent, timeout=timeout, what=what, context=context)
    await asyncio.sleep(QUIET_PERIOD)
    assert len(slack.posts(channel=ESCALATION, contains=ticket_id)) == 1
    return row
