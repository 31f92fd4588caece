"""Frozen values the stores return (never ORM rows), and their conversion from rows.

Example:
    >>> Conversation(thread="T1:C1:1700000000.0001", state=ConversationState.NEW).version
    0
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from intake.tickets.models import (
    ConversationRow,
    OutboxRow,
    OutboxStatus,
    TicketEventRow,
    TicketRow,
)
from intake.tickets.store.ids import format_ticket_id
from intake.tickets.store.states import ConversationState
from intake.types import Assessment, Category, Impact, LogAttachment, Priority, Status

__all__ = ["Conversation", "EventKind", "OutboxMessage", "Ticket", "TicketEvent"]


class EventKind(enum.StrEnum):
    """What happened to a ticket; one ``ticket_events`` row each."""

    CREATED = "created"
    CLAIMED = "claimed"
    STATUS_CHANGED = "status_changed"
    PRIORITY_OVERRIDDEN = "priority_overridden"
    WARNED = "warned"
    COMMENT = "comment"


@dataclass(frozen=True, slots=True)
class Ticket:
    """A filed ticket as an engineer sees it.

    ``fields`` holds every intake field by name (``platform``, ``sdk_version``,
    ``symptom``, …), exactly as the dialog gathered them.
    """

    id: str  # "SUP-1001"
    category: Category
    priority: Priority
    priority_reason: str
    due_at: datetime  # first-response target, UTC
    status: Status
    fields: dict[str, str]
    impact: Impact
    thread: str
    created_at: datetime
    updated_at: datetime
    summary: str = ""
    question: str = ""
    lang: str = "en"
    docs_shown: tuple[str, ...] = ()
    logs: tuple[LogAttachment, ...] = ()
    thread_url: str = ""
    requester: str = ""
    assignee: str | None = None
    warn_at: datetime | None = None
    warned: bool = False
    priority_overridden_by: str | None = None
    claimed_at: datetime | None = None
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def assessment(self) -> Assessment:
        """The priority decision as an :class:`~intake.types.Assessment`."""
        return Assessment(
            priority=self.priority,
            reason=self.priority_reason,
            due_at=self.due_at,
            overridden_by=self.priority_overridden_by,
        )


@dataclass(frozen=True, slots=True)
class TicketEvent:
    """One entry of a ticket's history: who did what, when."""

    ticket_id: str
    kind: str  # an EventKind value; plain text so unknown kinds still load
    actor: str
    at: datetime
    from_status: Status | None = None
    to_status: Status | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Conversation:
    """The router's state for one thread.

    ``version`` is 0 until the first save; pass the version you loaded as
    ``expected_version`` when saving, so a concurrent change is detected.
    ``dialog_state`` and ``last_answer`` are JSON text owned by their writers.
    """

    thread: str
    state: ConversationState
    requester: str = ""
    lang: str = "en"
    dialog_state: str = ""
    ticket_id: str | None = None
    last_answer: str = ""
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A message to deliver at least once; construct with kind, payload and dedupe_key.

    Example:
        >>> OutboxMessage("notify_thread", {"text": "hi"}, dedupe_key="hi:T1").status
        <OutboxStatus.PENDING: 'pending'>
    """

    kind: str
    payload: dict[str, Any]
    dedupe_key: str
    id: int | None = None
    status: OutboxStatus = OutboxStatus.PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = None
    leased_until: datetime | None = None
    last_error: str | None = None
    created_at: datetime | None = None
    sent_at: datetime | None = None
    result: dict[str, Any] | None = None


def ticket_from_row(row: TicketRow) -> Ticket:
    return Ticket(
        id=format_ticket_id(row.id),
        category=row.category,
        priority=row.priority,
        priority_reason=row.priority_reason,
        due_at=row.due_at,
        status=row.status,
        fields={str(k): str(v) for k, v in row.fields.items()},
        impact=Impact(
            production=row.impact_production,
            all_users=row.impact_all_users,
            workaround=row.impact_workaround,
            data_loss=row.impact_data_loss,
        ),
        thread=row.thread,
        created_at=row.created_at,
        updated_at=row.updated_at,
        summary=row.summary,
        question=row.question,
        lang=row.lang,
        docs_shown=tuple(row.docs_shown),
        logs=tuple(
            LogAttachment(
                name=log.name,
                text=log.text,
                truncated=log.truncated,
                original_bytes=log.original_bytes,
            )
            for log in row.logs
        ),
        thread_url=row.thread_url,
        requester=row.requester,
        assignee=row.assignee,
        warn_at=row.warn_at,
        warned=row.warned,
        priority_overridden_by=row.priority_overridden_by,
        claimed_at=row.claimed_at,
        first_response_at=row.first_response_at,
        resolved_at=row.resolved_at,
        extra={str(k): str(v) for k, v in row.extra.items()},
    )


def event_from_row(row: TicketEventRow) -> TicketEvent:
    return TicketEvent(
        ticket_id=format_ticket_id(row.ticket_id),
        kind=row.kind,
        actor=row.actor,
        at=row.at,
        from_status=row.from_status,
        to_status=row.to_status,
        detail=dict(row.detail),
    )


def conversation_from_row(row: ConversationRow) -> Conversation:
    return Conversation(
        thread=row.thread,
        state=ConversationState(row.state),
        requester=row.requester,
        lang=row.lang,
        dialog_state=row.dialog_state,
        ticket_id=None if row.ticket_id is None else format_ticket_id(row.ticket_id),
        last_answer=row.last_answer,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def outbox_from_row(row: OutboxRow) -> OutboxMessage:
    return OutboxMessage(
        kind=row.kind,
        payload=dict(row.payload),
        dedupe_key=row.dedupe_key,
        id=row.id,
        status=row.status,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        leased_until=row.leased_until,
        last_error=row.last_error,
        created_at=row.created_at,
        sent_at=row.sent_at,
        result=None if row.result is None else dict(row.result),
    )
