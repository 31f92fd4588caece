"""Row-level steps the ticket store composes inside its transactions.

Each function works in the caller's session and never commits.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from intake.errors import StaleConversation, TicketNotFound
from intake.tickets.models import FIELD_COLUMNS, ConversationRow, TicketEventRow, TicketLogRow, TicketRow
from intake.tickets.store.ids import parse_ticket_id
from intake.tickets.store.records import EventKind, OutboxMessage
from intake.tickets.store.states import FOLLOWS, ConversationState
from intake.types import Assessment, Status, TicketDraft

__all__ = [
    "add_event",
    "default_warn_at",
    "for_ticket",
    "link_conversation",
    "load_ticket",
    "new_ticket_row",
    "set_conversation_state",
]


def default_warn_at(now: datetime, due_at: datetime) -> datetime:
    """When to warn before an SLA breach: once 75 % of the response window has passed.

    Example:
        >>> from datetime import UTC
        >>> now, due = datetime(2025, 1, 1, 8, tzinfo=UTC), datetime(2025, 1, 1, 12, tzinfo=UTC)
        >>> default_warn_at(now, due)
        datetime.datetime(2025, 1, 1, 11, 0, tzinfo=datetime.timezone.utc)
    """
    return due_at - max(due_at - now, timedelta(0)) / 4


def new_ticket_row(
    draft: TicketDraft,
    assessment: Assessment,
    *,
    thread: str,
    now: datetime,
    warn_at: datetime | None,
) -> TicketRow:
    """An open ticket row (with its log rows) for ``draft``; not yet added to a session."""
    return TicketRow(
        category=draft.category,
        priority=assessment.priority,
        priority_reason=assessment.reason,
        priority_overridden_by=assessment.overridden_by,
        due_at=assessment.due_at,
        warn_at=warn_at or default_warn_at(now, assessment.due_at),
        warned=False,
        status=Status.OPEN,
        fields=dict(draft.fields),
        extra=dict(draft.extra),
        impact_production=draft.impact.production,
        impact_all_users=draft.impact.all_users,
        impact_workaround=draft.impact.workaround,
        impact_data_loss=draft.impact.data_loss,
        summary=draft.summary,
        question=draft.question,
        lang=draft.lang,
        docs_shown=list(draft.docs_shown),
        thread=thread,
        thread_url=draft.thread_url,
        requester=draft.requester,
        created_at=now,
        updated_at=now,
        logs=[
            TicketLogRow(
                position=position,
                name=log.name,
                text=log.text,
                truncated=log.truncated,
                original_bytes=log.original_bytes,
            )
            for position, log in enumerate(draft.logs)
        ],
        **{name: draft.fields.get(name) for name in FIELD_COLUMNS},
    )


def load_ticket(session: Session, ticket_id: str, *, lock: bool) -> TicketRow:
    row = session.get(TicketRow, parse_ticket_id(ticket_id), with_for_update=lock)
    if row is None:
        raise TicketNotFound(ticket_id)
    return row


def add_event(
    session: Session,
    row: TicketRow,
    kind: EventKind,
    actor: str,
    now: datetime,
    from_status: Status | None,
    detail: dict[str, Any] | None = None,
) -> TicketEventRow:
    event = TicketEventRow(
        ticket_id=row.id,
        kind=kind.value,
        from_status=from_status,
        to_status=row.status,
        actor=actor,
        at=now,
        detail=detail or {},
    )
    session.add(event)
    session.flush()
    return event


def for_ticket(message: OutboxMessage, ticket_id: str) -> OutboxMessage:
    return replace(
        message,
        payload={"ticket_id": ticket_id, **message.payload},
        dedupe_key=message.dedupe_key.replace("{ticket_id}", ticket_id),
    )


def link_conversation(
    session: Session,
    row: TicketRow,
    draft: TicketDraft,
    state: ConversationState,
    *,
    expected_version: int | None,
) -> None:
    conv = session.scalars(
        select(ConversationRow).where(ConversationRow.thread == row.thread).with_for_update()
    ).one_or_none()
    found = None if conv is None else conv.version
    if expected_version is not None and found != expected_version:
        raise StaleConversation(row.thread, expected_version, found)
    if conv is None:
        conv = ConversationRow(
            thread=row.thread,
            dialog_state="",
            lang=draft.lang,
            last_answer="",
            requester=draft.requester,
            version=0,
            created_at=row.created_at,
        )
        session.add(conv)
    conv.state = state
    conv.ticket_id = row.id
    conv.version += 1
    conv.updated_at = row.created_at
    session.flush()


def set_conversation_state(session: Session, row: TicketRow) -> None:
    """Move the conversation linked to ``row`` to the state its ticket's status implies."""
    state = FOLLOWS[row.status]
    session.execute(
        update(ConversationRow)
        .where(ConversationRow.ticket_id == row.id)
        .values(state=state, version=ConversationRow.version + 1, updated_at=row.updated_at)
        .execution_options(synchronize_session=False)
    )
