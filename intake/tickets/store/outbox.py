"""The outbox: messages to a chat surface written in the same transaction as
the change that causes them, and delivered at least once by a worker.

A worker loop looks like::

    for message in outbox.lease_due(now, limit=10, lease_seconds=60):
        try:
            ts = post(message)
        except Exception as exc:
            outbox.mark_failed(message.id, str(exc), retry_at=now + backoff(message.attempts))
        else:
            outbox.mark_sent(message.id, {"ts": ts}, now=now)

A lease hides a row from other workers until it expires, so two workers never
send the same row at once; a worker that dies mid-send leaves the row to be
retried when its lease runs out. Choose ``lease_seconds`` longer than a send.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, or_, select, update
from sqlalchemy.orm import Session

from intake.errors import StoreError
from intake.tickets.db import transaction
from intake.tickets.models import OutboxRow, OutboxStatus
from intake.tickets.store.records import OutboxMessage, outbox_from_row
from intake.tickets.store.sql import insert_if_absent

__all__ = ["DEFAULT_MAX_ATTEMPTS", "Outbox", "backoff"]

DEFAULT_MAX_ATTEMPTS = 8


def backoff(
    attempts: int,
    *,
    base: timedelta = timedelta(seconds=10),
    cap: timedelta = timedelta(hours=1),
) -> timedelta:
    """How long to wait after the ``attempts``-th failed try: doubling, capped.

    Example:
        >>> [int(backoff(n).total_seconds()) for n in (1, 2, 3, 12)]
        [10, 20, 40, 3600]
    """
    exponent = min(max(attempts, 1) - 1, 30)  # 2**30 × base is past any sane cap
    return min(base * (1 << exponent), cap)


def add_message(
    session: Session, message: OutboxMessage, *, now: datetime, if_absent: bool
) -> OutboxRow | None:
    """Insert ``message`` in the caller's transaction.

    With ``if_absent`` a message whose ``dedupe_key`` is already queued is skipped
    (returns ``None``); without it the duplicate is an error that rolls back the
    whole transaction (raises ``StoreError``).
    """
    values: dict[str, Any] = {
        "kind": message.kind,
        "payload": dict(message.payload),
        "dedupe_key": message.dedupe_key,
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": message.next_attempt_at or now,
        "created_at": now,
    }
    if if_absent:
        new_id = insert_if_absent(session, OutboxRow, values, key="dedupe_key")
        return None if new_id is None else session.get(OutboxRow, new_id)
    same_key = OutboxRow.dedupe_key == message.dedupe_key
    existing = session.scalar(select(OutboxRow.id).where(same_key))
    if existing is not None:
        raise StoreError(
            f"Outbox message {message.dedupe_key!r} is already queued (row {existing}); "
            "give each message its own dedupe_key."
        )
    row = OutboxRow(**values)
    session.add(row)
    session.flush()
    return row


class Outbox:
    """Durable queue of outgoing messages; thread-safe, one transaction per method."""

    def __init__(self, engine: Engine, *, max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> None:
        self._engine = engine
        self._max_attempts = max_attempts

    def enqueue(self, message: OutboxMessage, *, now: datetime) -> OutboxMessage:
        """Queue ``message`` unless one with its ``dedupe_key`` exists; return the stored one.

        Example:
            >>> outbox.enqueue(OutboxMessage("notify_thread", {"text": "hi"}, "hi:T1"),
            ...                now=now).status  # doctest: +SKIP
            <OutboxStatus.PENDING: 'pending'>
        """
        with transaction(self._engine) as session:
            row = add_message(session, message, now=now, if_absent=True)
            if row is None:
                row = session.scalars(
                    select(OutboxRow).where(OutboxRow.dedupe_key == message.dedupe_key)
                ).one()
            return outbox_from_row(row)

    def get(self, message_id: int) -> OutboxMessage:
        """The message with id ``message_id``; ``StoreError`` if there is none."""
        with transaction(self._engine, read_only=True) as session:
            return outbox_from_row(self._row(session, message_id, lock=False))

    def lease_due(
        self, now: datetime, *, limit: int = 10, lease_seconds: float = 60.0
    ) -> list[OutboxMessage]:
        """Lease up to ``limit`` pending messages that are due, oldest first.

        Each leased row counts one attempt. On PostgreSQL rows another worker
        holds are skipped (``FOR UPDATE SKIP LOCKED``); on SQLite the write lock
        serialises leasing, and the conditional UPDATE re-checks every row.
        """
        leasable = (
            OutboxRow.status == OutboxStatus.PENDING,
            OutboxRow.next_attempt_at <= now,
            or_(OutboxRow.leased_until.is_(None), OutboxRow.leased_until <= now),
        )
        with transaction(self._engine) as session:
            ids = session.scalars(
                select(OutboxRow.id)
                .where(*leasable)
                .order_by(OutboxRow.next_attempt_at, OutboxRow.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).all()
            if not ids:
                return []
            rows = session.scalars(
                update(OutboxRow)
                .where(OutboxRow.id.in_(ids), *leasable)
                .values(
                    leased_until=now + timedelta(seconds=lease_seconds),
                    attempts=OutboxRow.attempts + 1,
                )
                .returning(OutboxRow)
                .execution_options(synchronize_session=False)
            ).all()
            messages = [outbox_from_row(row) for row in rows]
        return sorted(messages, key=lambda m: (m.next_attempt_at or now, m.id or 0))

    def mark_sent(
        self, message_id: int, result: Mapping[str, Any] | None = None, *, now: datetime
    ) -> OutboxMessage:
        """Record a delivery (``result`` e.g. ``{"ts": "1700000000.0001"}``); idempotent."""
        with transaction(self._engine) as session:
            row = self._row(session, message_id)
            if row.status is not OutboxStatus.SENT:
                row.status = OutboxStatus.SENT
                row.sent_at = now
                row.leased_until = None
                row.result = dict(result or {})
            return outbox_from_row(row)

    def mark_failed(
        self, message_id: int, error: str, *, retry_at: datetime, give_up: bool = False
    ) -> OutboxMessage:
        """Record a failed try: retry at ``retry_at``, or give up after ``max_attempts``
        (at once with ``give_up``: the error says retrying cannot help)."""
        with transaction(self._engine) as session:
            row = self._row(session, message_id)
            if row.status is OutboxStatus.PENDING:
                row.last_error = error[:4000]
                row.leased_until = None
                row.next_attempt_at = retry_at
                if give_up or row.attempts >= self._max_attempts:
                    row.status = OutboxStatus.DEAD
            return outbox_from_row(row)

    def pending(self, *, limit: int = 100) -> list[OutboxMessage]:
        """Messages not yet delivered nor given up, oldest first (for ops and tests)."""
        with transaction(self._engine, read_only=True) as session:
            rows = session.scalars(
                select(OutboxRow)
                .where(OutboxRow.status == OutboxStatus.PENDING)
                .order_by(OutboxRow.id)
                .limit(limit)
            ).all()
            return [outbox_from_row(row) for row in rows]

    @staticmethod
    def _row(session: Session, message_id: int, *, lock: bool = True) -> OutboxRow:
        row = session.get(OutboxRow, message_id, with_for_update=lock)
        if row is None:
            raise StoreError(f"No outbox message {message_id}; list them with Outbox.pending().")
        return row
