"""Where one thread's conversation is: the single definition, and how it follows its ticket.

Before a ticket exists the router moves the conversation (``NEW`` → ``ANSWERED`` →
``INTAKE`` ⇄ ``CONFIRM``, or ``RESOLVED`` when an answer solved it). Filing the
ticket moves it to ``ESCALATED`` in the same transaction; from then on the ticket
store moves it whenever the ticket's status changes, through :data:`FOLLOWS`, so no
caller maps ticket statuses to conversation states.

Example:
    >>> FOLLOWS[Status.CLAIMED]
    <ConversationState.CLAIMED: 'CLAIMED'>
    >>> ConversationState.IN_PROGRESS in QUIET
    True
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

from intake.types import Status

__all__ = ["FOLLOWS", "QUIET", "ConversationState"]


class ConversationState(enum.StrEnum):
    """A thread's conversation state, stored as its name in ``conversations.state``."""

    NEW = "NEW"  # nothing said yet (never stored)
    ANSWERED = "ANSWERED"  # the bot answered from the docs
    INTAKE = "INTAKE"  # the intake dialog is asking
    CONFIRM = "CONFIRM"  # the intake dialog shows its summary
    ESCALATED = "ESCALATED"  # a ticket is filed, nobody owns it yet
    CLAIMED = "CLAIMED"
    IN_PROGRESS = "IN_PROGRESS"
    WAITING_ON_CUSTOMER = "WAITING_ON_CUSTOMER"
    RESOLVED = "RESOLVED"
    CLOSED = "CLOSED"


# The conversation of a ticketed thread follows its ticket's status.
FOLLOWS: Mapping[Status, ConversationState] = MappingProxyType(
    {
        Status.OPEN: ConversationState.ESCALATED,
        Status.CLAIMED: ConversationState.CLAIMED,
        Status.IN_PROGRESS: ConversationState.IN_PROGRESS,
        Status.WAITING_ON_CUSTOMER: ConversationState.WAITING_ON_CUSTOMER,
        Status.RESOLVED: ConversationState.RESOLVED,
        Status.CLOSED: ConversationState.CLOSED,
    }
)

# While an engineer owns the ticket the bot stays quiet in its thread.
QUIET = frozenset(
    {ConversationState.CLAIMED, ConversationState.IN_PROGRESS, ConversationState.WAITING_ON_CUSTOMER}
)
