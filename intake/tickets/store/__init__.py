"""Persistence for tickets, conversations and the outbox.

Every store holds only an engine and runs each method in one short transaction,
so the stores are thread-safe; call them from asyncio with ``asyncio.to_thread``.
They return frozen values (:class:`Ticket`, :class:`Conversation`, …), never ORM rows.

Example:
    >>> from intake.tickets.db import make_engine, migrate
    >>> engine = make_engine("sqlite://")
    >>> migrate(engine)
    >>> ConversationStore(engine).record_event("Ev1")
    True
"""

from __future__ import annotations

from intake.errors import InvalidTicketId, InvalidTransition, StaleConversation
from intake.tickets.models import OutboxStatus
from intake.tickets.store.conversations import ConversationStore
from intake.tickets.store.ids import format_ticket_id, parse_ticket_id
from intake.tickets.store.outbox import DEFAULT_MAX_ATTEMPTS, Outbox, backoff
from intake.tickets.store.records import Conversation, EventKind, OutboxMessage, Ticket, TicketEvent
from intake.tickets.store.states import FOLLOWS, QUIET, ConversationState
from intake.tickets.store.ticket_rows import default_warn_at
from intake.tickets.store.tickets import TicketStore
from intake.tickets.store.transitions import ALLOWED as ALLOWED_TRANSITIONS

__all__ = [
    "ALLOWED_TRANSITIONS",
    "DEFAULT_MAX_ATTEMPTS",
    "FOLLOWS",
    "QUIET",
    "Conversation",
    "ConversationState",
    "ConversationStore",
    "EventKind",
    "InvalidTicketId",
    "InvalidTransition",
    "Outbox",
    "OutboxMessage",
    "OutboxStatus",
    "StaleConversation",
    "Ticket",
    "TicketEvent",
    "TicketStore",
    "backoff",
    "default_warn_at",
    "format_ticket_id",
    "parse_ticket_id",
]
