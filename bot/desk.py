"""The support engineers' side: claim, status, priority override, queue, SLA warnings.

Implements :class:`bot.ports.Desk`. Each action is one store transaction (the
thread's conversation follows the ticket inside it); what the developer should
hear comes back as :class:`~bot.replies.Notice` for their thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.replies import Notice, Outcome, StatusChangedReply, TextReply
from bot.texts import say
from intake.errors import PermissionDenied
from intake.tickets.policy import Policy
from intake.tickets.priority import override
from intake.tickets.store import Ticket, TicketStore
from intake.types import Priority, Status


def _require_engineer(is_engineer: bool, action: str) -> None:
    if not is_engineer:
        raise PermissionDenied(
            f"Only support engineers can {action}. Ask in the support team's channel."
        )


@dataclass
class TicketDesk:
    tickets: TicketStore
    policy: Policy = field(default_factory=Policy.default)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    async def claim(self, ticket_id: str, *, engineer: str, is_engineer: bool) -> Outcome:
        _require_engineer(is_engineer, "claim tickets")
        ticket = await asyncio.to_thread(
            self.tickets.claim,
            ticket_id,
            engineer,
            now=self.clock(),
        )
        notice = TextReply(
            say("claimed", ticket.lang, by=f"@{engineer}", ticket=ticket.id), ticket.lang
        )
        return Outcome(
            replies=(TextReply(f"You claimed {ticket.id}. The bot is now quiet in that thread."),),
            notices=(Notice(ticket.thread, notice),),
        )

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
        """Move a ticket on. A claimed ticket is its owner's: only they or a lead move it
        (``NotTicketOwner`` otherwise; docs/engineers.md)."""
        _require_engineer(is_engineer or is_lead, "change a ticket's status")
        ticket = await asyncio.to_thread(
            self.tickets.set_status,
            ticket_id,
            status,
            actor=actor,
            now=self.clock(),
            note=note,
            owner_only=not is_lead,
        )
        notice = StatusChangedReply(ticket.id, status.value, actor, note, ticket.lang)
        return Outcome(
            replies=(TextReply(f"{ticket.id} is now {status.value}."),),
            notices=(Notice(ticket.thread, notice),),
        )

    async def override_priority(
        self,
        ticket_id: str,
        priority: Priority,
        *,
        actor: str,
        is_engineer: bool,
        reason: str,
        is_lead: bool = False,
    ) -> Outcome:
        """Set the priority by hand; on a claimed ticket only its owner or a lead may."""
        _require_engineer(is_engineer or is_lead, "change a ticket's priority")
        ticket = await asyncio.to_thread(self.tickets.get, ticket_id)
        assessment = override(
            ticket.assessment,
            priority,
            by=actor,
            reason=reason,
            created_at=ticket.created_at,
            policy=self.policy,
        )
        updated = await asyncio.to_thread(
            self.tickets.override_priority,
            ticket_id,
            assessment,
            actor=actor,
            reason=reason,
            now=self.clock(),
            owner_only=not is_lead,
        )
        return Outcome(replies=(TextReply(f"{updated.id}: {updated.priority_reason}"),))

    async def ticket(self, ticket_id: str) -> Ticket:
        return await asyncio.to_thread(self.tickets.get, ticket_id)

    async def queue(self, *, engineer: str) -> list[Ticket]:
        def load() -> list[Ticket]:
            mine = [
                t
                for t in self.tickets.list(assignee=engineer)
                if t.status not in (Status.RESOLVED, Status.CLOSED)
            ]
            return sorted(mine + self.tickets.list(unclaimed=True), key=lambda t: t.due_at)

        return await asyncio.to_thread(load)

    async def due_warnings(self, *, now: datetime) -> list[tuple[Ticket, Outcome]]:
        def load() -> list[tuple[Ticket, Outcome]]:
            out = []
            for ticket in self.tickets.due_for_warning(now):
                warned = self.tickets.mark_warned(ticket.id, now=now)
                text = say(
                    "sla_warning",
                    "en",
                    ticket=warned.id,
                    priority=warned.priority.value,
                    due=warned.due_at,
                )
                out.append((warned, Outcome(replies=(TextReply(text),))))
            return out

        return await asyncio.to_thread(load)
