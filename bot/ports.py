"""The two services every chat adapter drives; adapters depend on these, not on their implementations.

``Router`` handles a developer's messages and button presses in a thread;
``Desk`` handles support engineers' actions on tickets. Both are async, take
plain values and return :class:`~bot.replies.Outcome` or store records, so an
adapter only translates. Authorisation of engineers (e.g. Slack user-group
membership) is the adapter's job: it passes ``is_engineer``; the desk refuses
otherwise with :class:`intake.errors.PermissionDenied`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.replies import Outcome, Turn
from intake.tickets.store import Ticket
from intake.types import Priority, Status


class Router(Protocol):
    async def handle(self, turn: Turn) -> Outcome:
        """One developer message or button press (``turn.action``) -> what to say."""
        ...


class Desk(Protocol):
    async def claim(self, ticket_id: str, *, engineer: str, is_engineer: bool) -> Outcome:
        """Take a ticket; the bot then stays quiet in its thread. Raises ClaimConflict."""
        ...

    async def set_status(
        self,
        ticket_id: str,
        status: Status,
        *,
        actor: str,
        is_engineer: bool,
        note: str = "",
        is_lead: bool = False,
    ) -> Outcome:
        """Move a ticket on; the developer's thread is told (a Notice). On a claimed ticket
        only its owner or a lead may (raises NotTicketOwner)."""
        ...

    async def override_priority(
        self,
        ticket_id: str,
        priority: Priority,
        *,
        actor: str,
        is_engineer: bool,
        reason: str,
        is_lead: bool = False,
    ) -> Outcome: ...

    async def ticket(self, ticket_id: str) -> Ticket:
        """Raises TicketNotFound."""
        ...

    async def queue(self, *, engineer: str) -> list[Ticket]:
        """The engineer's open tickets and the unclaimed ones, by due time."""
        ...

    async def due_warnings(self, *, now: datetime) -> list[tuple[Ticket, Outcome]]:
        """Tickets about to miss their response target, each marked warned once."""
        ...
