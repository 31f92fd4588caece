"""Per-thread conversation state for the router, with optimistic concurrency,
and the log of chat events already handled (so redelivered events are ignored).

Example:
    >>> conversations = ConversationStore(engine)  # doctest: +SKIP
    >>> conv = conversations.get(thread)  # doctest: +SKIP
    >>> conv = conv or Conversation(thread=thread, state=ConversationState.NEW)  # doctest: +SKIP
    >>> conv = conversations.save(
    ...     replace(conv, state=ConversationState.ANSWERED), expected_version=conv.version or None
    ... )  # doctest: +SKIP
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from intake.errors import StaleConversation, StoreError
from intake.tickets.db import transaction
from intake.tickets.models import ConversationRow, ProcessedEventRow
from intake.tickets.store.ids import parse_ticket_id
from intake.tickets.store.records import Conversation, conversation_from_row
from intake.tickets.store.sql import insert_if_absent
from intake.tickets.store.states import ConversationState

__all__ = ["ConversationStore"]


class ConversationStore:
    """Conversations keyed by thread; thread-safe, one transaction per method."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def get(self, thread: str) -> Conversation | None:
        """The saved conversation of ``thread``, or ``None`` if it never was saved."""
        with transaction(self._engine, read_only=True) as session:
            row = session.scalars(
                select(ConversationRow).where(ConversationRow.thread == thread)
            ).one_or_none()
            return None if row is None else conversation_from_row(row)

    def save(
        self, conv: Conversation, *, expected_version: int | None, now: datetime | None = None
    ) -> Conversation:
        """Store ``conv`` if nobody changed it since it was loaded; return it with its new version.

        Pass ``expected_version=None`` for a conversation never saved before, and
        otherwise the ``version`` you loaded.

        Raises:
            StaleConversation: the stored version is not ``expected_version`` (someone
                else saved in between, or the conversation already exists). Reload
                and redo the step.
            StoreError: ``conv.state`` is not a :class:`ConversationState`.
        """
        now = now or datetime.now(UTC)
        ticket_pk = None if conv.ticket_id is None else parse_ticket_id(conv.ticket_id)
        values = {
            "state": _known(conv.thread, conv.state),
            "dialog_state": conv.dialog_state,
            "lang": conv.lang,
            "ticket_id": ticket_pk,
            "last_answer": conv.last_answer,
            "requester": conv.requester,
            "updated_at": now,
        }
        with transaction(self._engine) as session:
            if expected_version is None:
                created = insert_if_absent(
                    session,
                    ConversationRow,
                    {**values, "thread": conv.thread, "version": 1, "created_at": now},
                    key="thread",
                )
                if created is None:
                    raise StaleConversation(conv.thread, None, self._version(session, conv.thread))
            else:
                changed = session.execute(
                    update(ConversationRow)
                    .where(ConversationRow.thread == conv.thread)
                    .where(ConversationRow.version == expected_version)
                    .values(version=expected_version + 1, **values)
                    .returning(ConversationRow.id)
                    .execution_options(synchronize_session=False)
                ).scalar_one_or_none()
                if changed is None:
                    found = self._version(session, conv.thread)
                    raise StaleConversation(conv.thread, expected_version, found)
            row = session.scalars(
                select(ConversationRow).where(ConversationRow.thread == conv.thread)
            ).one()
            return conversation_from_row(row)

    def record_event(self, event_id: str, *, now: datetime | None = None) -> bool:
        """Remember a chat event id; ``True`` the first time, ``False`` for a redelivery.

        Atomic: of several callers racing with the same id, exactly one gets ``True``.

        Example:
            >>> conversations.record_event("Ev0123")  # doctest: +SKIP
            True
            >>> conversations.record_event("Ev0123")  # doctest: +SKIP
            False
        """
        values = {"event_id": event_id, "received_at": now or datetime.now(UTC)}
        with transaction(self._engine) as session:
            return insert_if_absent(session, ProcessedEventRow, values, key="event_id") is not None

    def forget_events(self, *, before: datetime) -> int:
        """Drop event ids received before ``before`` (chat platforms stop redelivering
        after minutes); returns how many were dropped."""
        with transaction(self._engine) as session:
            dropped = session.scalars(
                delete(ProcessedEventRow)
                .where(ProcessedEventRow.received_at < before)
                .returning(ProcessedEventRow.event_id)
            ).all()
            return len(dropped)

    @staticmethod
    def _version(session: Session, thread: str) -> int | None:
        return session.scalar(
            select(ConversationRow.version).where(ConversationRow.thread == thread)
        )


def _known(thread: str, state: str) -> ConversationState:
    try:
        return ConversationState(state)
    except ValueError:
        names = ", ".join(ConversationState)
        raise StoreError(
            f"conversation {thread}: unknown state {state!r}; use a ConversationState ({names})."
        ) from None
