"""Tickets: filing, claiming, status changes, priority overrides, SLA warnings.

Every method is one transaction and writes a ``ticket_events`` row for each
change, so a ticket's history is complete. Methods take ``now`` so tests and
replays control time; pass an aware UTC datetime.

Example:
    >>> tickets = TicketStore(engine)  # doctest: +SKIP
    >>> ticket = tickets.create(draft, assessment, thread="T1:C1:17.1", now=now)  # doctest: +SKIP
    >>> tickets.claim(ticket.id, "U_ALICE", now=now).status  # doctest: +SKIP
    <Status.CLAIMED: 'claimed'>
"""

from __future__ import annotations

import builtins
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select, update

from intake.errors import ClaimConflict, InvalidTransition, NotTicketOwner
from intake.tickets.db import transaction
from intake.tickets.models import TicketEventRow, TicketRow
from intake.tickets.store.ids import format_ticket_id, parse_ticket_id
from intake.tickets.store.outbox import add_message
from intake.tickets.store.records import EventKind, OutboxMessage, Ticket, TicketEvent
from intake.tickets.store.records import event_from_row as _event
from intake.tickets.store.records import ticket_from_row as _ticket
from intake.tickets.store.states import ConversationState
from intake.tickets.store.ticket_rows import (
    add_event,
    default_warn_at,
    for_ticket,
    link_conversation,
    load_ticket,
    new_ticket_row,
    set_conversation_state,
)
from intake.tickets.store.transitions import check_transition
from intake.types import Assessment, Status, TicketDraft

__all__ = ["TicketStore", "default_warn_at"]

_FINISHED = (Status.RESOLVED, Status.CLOSED)


class TicketStore:
    """Tickets and their history; thread-safe, one transaction per method."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def create(
        self,
        draft: TicketDraft,
        assessment: Assessment,
        *,
        thread: str,
        now: datetime,
        outbox: Sequence[OutboxMessage] = (),
        conversation_state: ConversationState | None = None,
        expected_version: int | None = None,
        warn_at: datetime | None = None,
    ) -> Ticket:
        """File a ticket with its logs, a ``created`` event and outbox messages, atomically.

        Each outbox payload gains ``"ticket_id": "SUP-…"`` and ``{ticket_id}`` in a
        ``dedupe_key`` is replaced by it, since the id exists only once the row does.
        With ``conversation_state`` the thread's conversation (created if missing)
        moves to that state and links the ticket in the same transaction; with
        ``expected_version`` too, a concurrent save raises ``StaleConversation``.
        If any part fails, nothing is written.
        """
        row = new_ticket_row(draft, assessment, thread=thread, now=now, warn_at=warn_at)
        with transaction(self._engine) as session:
            session.add(row)
            session.flush()  # assigns row.id, hence the public id
            ticket_id = format_ticket_id(row.id)
            detail = {"priority": assessment.priority.value, "reason": assessment.reason}
            add_event(session, row, EventKind.CREATED, draft.requester, now, None, detail)
            for message in outbox:
                add_message(session, for_ticket(message, ticket_id), now=now, if_absent=False)
            if conversation_state is not None:
                link_conversation(
                    session, row, draft, conversation_state, expected_version=expected_version
                )
            return _ticket(row)

    def get(self, ticket_id: str) -> Ticket:
        """The ticket ``ticket_id`` (e.g. ``"SUP-1001"``); raises ``TicketNotFound``."""
        with transaction(self._engine, read_only=True) as session:
            return _ticket(load_ticket(session, ticket_id, lock=False))

    def by_thread(self, thread: str) -> Ticket | None:
        """The newest ticket filed from ``thread``, if any."""
        with transaction(self._engine, read_only=True) as session:
            row = session.scalars(
                select(TicketRow).where(TicketRow.thread == thread).order_by(TicketRow.id.desc())
            ).first()
            return None if row is None else _ticket(row)

    def list(
        self,
        *,
        status: Status | Collection[Status] | None = None,
        assignee: str | None = None,
        unclaimed: bool = False,
        limit: int = 50,
    ) -> builtins.list[Ticket]:
        """Tickets matching every given filter, the most urgent (earliest due) first."""
        query = select(TicketRow).order_by(TicketRow.due_at, TicketRow.id).limit(limit)
        if isinstance(status, Status):
            query = query.where(TicketRow.status == status)
        elif status is not None:
            query = query.where(TicketRow.status.in_(list(status)))
        if assignee is not None:
            query = query.where(TicketRow.assignee == assignee)
        if unclaimed:
            query = query.where(TicketRow.assignee.is_(None))
        with transaction(self._engine, read_only=True) as session:
            return [_ticket(row) for row in session.scalars(query)]

    def claim(self, ticket_id: str, engineer: str, *, now: datetime) -> Ticket:
        """Make ``engineer`` the owner of an open ticket; exactly one of racing claims wins.

        Claiming counts as the first response (the bot tells the thread), and the
        thread's conversation moves to ``CLAIMED`` (the bot goes quiet there) in the
        same transaction. Claiming a ticket you already own changes nothing.

        Raises:
            ClaimConflict: someone else owns it (``.owner`` says who).
            InvalidTransition: it is unowned but no longer open.
        """
        pk = parse_ticket_id(ticket_id)
        with transaction(self._engine) as session:
            won = session.execute(
                update(TicketRow)
                .where(TicketRow.id == pk, TicketRow.assignee.is_(None))
                .where(TicketRow.status == Status.OPEN)
                .values(
                    assignee=engineer,
                    status=Status.CLAIMED,
                    claimed_at=now,
                    first_response_at=func.coalesce(TicketRow.first_response_at, now),
                    updated_at=now,
                )
                .returning(TicketRow.id)
                .execution_options(synchronize_session=False)
            ).scalar_one_or_none()
            row = load_ticket(session, ticket_id, lock=False)
            if won is None:
                if row.assignee == engineer:
                    return _ticket(row)
                if row.assignee is not None:
                    raise ClaimConflict(ticket_id, row.assignee)
                raise InvalidTransition(ticket_id, row.status.value, "claimed", ())
            add_event(session, row, EventKind.CLAIMED, engineer, now, Status.OPEN)
            set_conversation_state(session, row)
            return _ticket(row)

    def set_status(
        self,
        ticket_id: str,
        status: Status,
        *,
        actor: str,
        now: datetime,
        note: str = "",
        owner_only: bool = False,
    ) -> Ticket:
        """Move a ticket along the workflow (see ``intake.tickets.store.transitions``); the
        thread's conversation follows (``intake.tickets.store.states.FOLLOWS``).

        Setting the status it already has changes nothing. With ``owner_only`` a claimed
        ticket may be moved only by its owner (checked under the row lock, so a claim
        racing this call cannot slip in between).

        Raises:
            NotTicketOwner: ``owner_only`` and someone else owns the ticket.
            InvalidTransition: the workflow does not allow the move; the message
                lists the statuses that are allowed.
        """
        with transaction(self._engine) as session:
            row = load_ticket(session, ticket_id, lock=True)
            _check_owner(row, actor, owner_only)
            current = row.status
            if status == current:
                return _ticket(row)
            check_transition(ticket_id, current, status)
            row.status = status
            row.updated_at = now
            if status is Status.RESOLVED:
                row.resolved_at = now
            elif current is Status.RESOLVED:
                row.resolved_at = None  # reopened
            detail = {"note": note} if note else {}
            add_event(session, row, EventKind.STATUS_CHANGED, actor, now, current, detail)
            set_conversation_state(session, row)
            return _ticket(row)

    def override_priority(
        self,
        ticket_id: str,
        assessment: Assessment,
        *,
        actor: str,
        reason: str,
        now: datetime,
        warn_at: datetime | None = None,
        owner_only: bool = False,
    ) -> Ticket:
        """Replace the priority and due time; the SLA warning is re-armed.

        Raises:
            NotTicketOwner: ``owner_only`` and someone else owns the ticket.
        """
        with transaction(self._engine) as session:
            row = load_ticket(session, ticket_id, lock=True)
            _check_owner(row, actor, owner_only)
            detail: dict[str, Any] = {
                "from": row.priority.value,
                "to": assessment.priority.value,
                "reason": reason,
                "due_at": assessment.due_at.isoformat(),
            }
            row.priority = assessment.priority
            row.priority_reason = assessment.reason
            row.priority_overridden_by = actor
            row.due_at = assessment.due_at
            row.warn_at = warn_at or default_warn_at(now, assessment.due_at)
            row.warned = False
            row.updated_at = now
            add_event(session, row, EventKind.PRIORITY_OVERRIDDEN, actor, now, None, detail)
            return _ticket(row)

    def comment(self, ticket_id: str, *, actor: str, text: str, now: datetime) -> TicketEvent:
        """Add a note to the ticket's history."""
        with transaction(self._engine) as session:
            row = load_ticket(session, ticket_id, lock=False)
            event = add_event(session, row, EventKind.COMMENT, actor, now, None, {"text": text})
            return _event(event)

    def events(self, ticket_id: str) -> builtins.list[TicketEvent]:
        """The ticket's history, oldest first; raises ``TicketNotFound``."""
        with transaction(self._engine, read_only=True) as session:
            row = load_ticket(session, ticket_id, lock=False)
            rows = session.scalars(
                select(TicketEventRow)
                .where(TicketEventRow.ticket_id == row.id)
                .order_by(TicketEventRow.at, TicketEventRow.id)
            )
            return [_event(event) for event in rows]

    def due_for_warning(self, now: datetime) -> builtins.list[Ticket]:
        """Unanswered tickets whose warning time has come and who were not warned yet.

        A claimed ticket has had its first response, so it is not listed.
        """
        query = (
            select(TicketRow)
            .where(TicketRow.warned.is_(False), TicketRow.warn_at <= now)
            .where(TicketRow.first_response_at.is_(None), TicketRow.status.not_in(_FINISHED))
            .order_by(TicketRow.due_at, TicketRow.id)
        )
        with transaction(self._engine, read_only=True) as session:
            return [_ticket(row) for row in session.scalars(query)]

    def mark_warned(self, ticket_id: str, *, now: datetime, actor: str = "bot") -> Ticket:
        """Record that the SLA warning went out; a second call changes nothing."""
        with transaction(self._engine) as session:
            row = load_ticket(session, ticket_id, lock=True)
            if not row.warned:
                row.warned = True
                row.updated_at = now
                detail = {"due_at": row.due_at.isoformat()}
                add_event(session, row, EventKind.WARNED, actor, now, None, detail)
            return _ticket(row)


def _check_owner(row: TicketRow, actor: str, owner_only: bool) -> None:
    if owner_only and row.assignee is not None and row.assignee != actor:
        raise NotTicketOwner(format_ticket_id(row.id), row.assignee)
