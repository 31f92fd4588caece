"""Small in-memory implementations of ``bot.ports.Router`` and ``bot.ports.Desk``.

They do just enough for the adapter's tests: the router records every turn and
answers from a script; the desk keeps tickets in a dict and enforces the two
rules the adapter must surface (engineers only, one owner per ticket).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from bot.replies import (
    AnswerReply,
    NotFoundReply,
    Notice,
    Outcome,
    PromptReply,
    StatusChangedReply,
    Turn,
)
from intake.errors import ClaimConflict, PermissionDenied, TicketNotFound
from intake.tickets.store import Ticket
from intake.types import Category, Impact, Priority, Prompt, Status
from retrieval.types import Answer, Chunk, Hit, Kind

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def hit(
    text: str, *, url: str = "https://docs.example.com/send#images", title: str = "Send images"
) -> Hit:
    chunk = Chunk(
        id="c1",
        text=text,
        title_path=("Messages", title),
        source="send.md",
        page="send",
        url=url,
        lang="en",
        kind=Kind.DOC,
    )
    return Hit(chunk=chunk, score=0.9)


def answer_outcome(
    question: str, text: str = "Call `sendImage(file)` on the conversation."
) -> Outcome:
    return Outcome((AnswerReply(Answer(question, (hit(text),), 0.9), "en"),))


def not_found_outcome(question: str) -> Outcome:
    return Outcome((NotFoundReply(question, (hit("Related"),), "en"),))


def prompt_outcome(
    text: str = "Which platform?", choices: tuple[str, ...] = ("Android", "iOS")
) -> Outcome:
    return Outcome(
        (
            PromptReply(
                Prompt(
                    text,
                    asking=("platform",),
                    choices=choices,
                    understood=(("sdk_version", "3.6.1"),),
                )
            ),
        )
    )


Script = Callable[[Turn], Outcome]


def default_script(turn: Turn) -> Outcome:
    if turn.action == "human":
        return prompt_outcome()
    if turn.action == "solved":
        return Outcome()
    return answer_outcome(turn.text)


@dataclass
class FakeRouter:
    """Records turns, answers with ``script(turn)``, drops redelivered events (as the real one)."""

    script: Script = default_script
    turns: list[Turn] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    async def handle(self, turn: Turn) -> Outcome:
        self.turns.append(turn)
        if turn.event_id is not None:
            if turn.event_id in self.seen:
                return Outcome()
            self.seen.add(turn.event_id)
        return self.script(turn)


def make_ticket(
    ticket_id: str = "SUP-1001",
    *,
    thread: str = "T0TEAM:C0SUPPORT:1700000100.000100",
    assignee: str | None = None,
    status: Status = Status.OPEN,
    summary: str = "Group messages stuck in sending",
    requester: str = "U0DEV",
    due_at: datetime | None = None,
) -> Ticket:
    return Ticket(
        id=ticket_id,
        category=Category.MESSAGE_DELIVERY,
        priority=Priority.P1,
        priority_reason="Production app, some users, no workaround.",
        due_at=due_at or NOW + timedelta(hours=4),
        status=status,
        fields={"platform": "android", "sdk_version": "3.6.1", "symptom": summary},
        impact=Impact(production=True, all_users=False, workaround=False, data_loss=False),
        thread=thread,
        created_at=NOW,
        updated_at=NOW,
        summary=summary,
        question=summary,
        thread_url="https://acme.slack.com/archives/C0SUPPORT/p1700000100000100",
        requester=requester,
        assignee=assignee,
    )


@dataclass
class FakeDesk:
    tickets: dict[str, Ticket] = field(default_factory=dict)
    calls: list[tuple[str, str, str, bool]] = field(
        default_factory=list
    )  # (what, ticket, actor, is_engineer)
    warnings: list[Ticket] = field(default_factory=list)

    def add(self, ticket: Ticket) -> Ticket:
        self.tickets[ticket.id] = ticket
        return ticket

    async def claim(self, ticket_id: str, *, engineer: str, is_engineer: bool) -> Outcome:
        self.calls.append(("claim", ticket_id, engineer, is_engineer))
        if not is_engineer:
            raise PermissionDenied(f"{engineer} is not a support engineer.")
        ticket = await self.ticket(ticket_id)
        if ticket.assignee and ticket.assignee != engineer:
            raise ClaimConflict(ticket_id, ticket.assignee)
        self.tickets[ticket_id] = replace(ticket, assignee=engineer, status=Status.CLAIMED)
        note = StatusChangedReply(ticket_id, Status.CLAIMED.value, engineer)
        return Outcome(notices=(Notice(ticket.thread, note),))

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
        self.calls.append((f"status {status.value}", ticket_id, actor, is_engineer))
        if not is_engineer:
            raise PermissionDenied(f"{actor} is not a support engineer.")
        ticket = await self.ticket(ticket_id)
        self.tickets[ticket_id] = replace(ticket, status=status)
        return Outcome(
            notices=(
                Notice(ticket.thread, StatusChangedReply(ticket_id, status.value, actor, note)),
            )
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
        raise NotImplementedError

    async def ticket(self, ticket_id: str) -> Ticket:
        if ticket_id not in self.tickets:
            raise TicketNotFound(ticket_id)
        return self.tickets[ticket_id]

    async def queue(self, *, engineer: str) -> list[Ticket]:
        open_ = [
            t for t in self.tickets.values() if t.status not in (Status.RESOLVED, Status.CLOSED)
        ]
        mine = [t for t in open_ if t.assignee in (engineer, None)]
        return sorted(mine, key=lambda t: t.due_at)

    async def due_warnings(self, *, now: datetime) -> list[tuple[Ticket, Outcome]]:
        due, self.warnings = self.warnings, []
        return [(t, Outcome()) for t in due]
