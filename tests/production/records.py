"""What the tests read from and write to the shared database, through the stores.

Example:
    >>> ticket = file_ticket(engine, "T0TEAM:C0SUPPORT:1710000001.000001")  # doctest: +SKIP
    >>> card_row(engine, ticket.id).status  # doctest: +SKIP
    <OutboxStatus.PENDING: 'pending'>
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select, update

from intake.tickets.db import transaction
from intake.tickets.models import OutboxRow
from intake.tickets.store import OutboxMessage, Ticket, TicketStore
from intake.tickets.store.records import outbox_from_row
from intake.types import Assessment, Category, Impact, Priority, TicketDraft

__all__ = ["card_row", "expire_card_lease", "file_ticket"]


def file_ticket(engine: Engine, thread: str, *, summary: str = "Group messages stuck") -> Ticket:
    """File a ticket as the router does: the ticket, its ``created`` event, the card in the
    outbox and the thread's move to ESCALATED, in one transaction."""
    now = datetime.now(UTC)
    draft = TicketDraft(
        Category.MESSAGE_DELIVERY,
        {"platform": "android", "sdk_version": "3.6.1", "symptom": summary},
        Impact(production=True, all_users=False, workaround=False, data_loss=False),
        question=summary,
        summary=summary,
        requester="U0DEV",
    )
    assessment = Assessment(Priority.P1, "Production, some users.", now + timedelta(hours=8))
    return TicketStore(engine).create(
        draft,
        assessment,
        thread=thread,
        now=now,
        outbox=[OutboxMessage("post_ticket", {"thread": thread}, "post_ticket:{ticket_id}")],
        conversation_state="ESCALATED",
    )


def card_row(engine: Engine, ticket_id: str) -> OutboxMessage:
    """The outbox message of the ticket's card (status, attempts, lease, last error, result)."""
    with transaction(engine, read_only=True) as session:
        row = session.scalars(select(OutboxRow).where(OutboxRow.dedupe_key == f"post_ticket:{ticket_id}")).one()
        return outbox_from_row(row)


def expire_card_lease(engine: Engine, ticket_id: str) -> None:
    """Let the card's lease run out now instead of in a minute (what a dead worker leaves)."""
    with transaction(engine) as session:
        session.execute(
            update(OutboxRow)
            .where(OutboxRow.dedupe_key == f"post_ticket:{ticket_id}")
            .values(leased_until=datetime.now(UTC) - timedelta(seconds=1))
        )
