"""Tables of the ticket database (SQLAlchemy 2 declarative).

Only the stores (``intake.tickets.store``) touch these classes; everything outside gets
frozen domain values. The class names end in ``Row`` so they are never confused
with those values. Changing a table means adding an Alembic migration under
``intake/tickets/migrations/versions/``; a test fails when the two drift apart.

Example:
    >>> TicketRow.__tablename__
    'tickets'
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Dialect,
    Enum,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from intake.types import Category, Priority, Status

__all__ = [
    "FIELD_COLUMNS",
    "Base",
    "ConversationRow",
    "OutboxRow",
    "OutboxStatus",
    "ProcessedEventRow",
    "TicketEventRow",
    "TicketLogRow",
    "TicketRow",
    "UTCDateTime",
]


class OutboxStatus(enum.StrEnum):
    """Where an outbox message is: waiting (or leased), delivered, or given up."""

    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database.

    PostgreSQL stores ``timestamptz``; SQLite has no time zones, so the value is
    stored as naive UTC text (which still sorts and compares correctly) and comes
    back aware. A naive ``datetime`` is refused: it would be ambiguous.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware one, e.g. datetime.now(UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _enum(cls: type[enum.Enum]) -> Enum:
    # Stored as short text with the member *values* ("open", "P1"), not a native
    # database enum: a new member then needs no ALTER TYPE migration.
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )


Timestamp = Annotated[datetime, mapped_column(UTCDateTime())]
OptionalTimestamp = Annotated[datetime | None, mapped_column(UTCDateTime())]
Key = Annotated[str, mapped_column(String(255))]
OptionalText = Annotated[str | None, mapped_column(Text)]
JsonDict = Annotated[dict[str, Any], mapped_column(JSON)]


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        str: Text(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
        Status: _enum(Status),
        Priority: _enum(Priority),
        Category: _enum(Category),
        OutboxStatus: _enum(OutboxStatus),
    }


# Ticket fields with a column of their own (for SQL reports); the complete
# ``TicketDraft.fields`` dict is also kept in ``tickets.fields`` so nothing is lost.
FIELD_COLUMNS = (
    "platform",
    "sdk_version",
    "device_model",
    "os_version",
    "network",
    "chat_type",
    "symptom_kind",
    "symptom",
    "frequency",
    "since",
    "since_detail",
    "last_seen",
    "repro_steps",
    "no_logs_reason",
    "expected",
    "server_version",  # migration 0002
    "deployment",
    "server_os",
)


class TicketRow(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index(None, "status", "due_at"),
        Index(None, "thread"),
        Index(None, "assignee"),
        {"sqlite_autoincrement": True},  # never reuse a number: SUP-ids are public
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[Category]
    priority: Mapped[Priority]
    priority_reason: Mapped[str]
    priority_overridden_by: Mapped[str | None] = mapped_column(String(255))
    due_at: Mapped[Timestamp]
    warn_at: Mapped[OptionalTimestamp]
    warned: Mapped[bool] = mapped_column(default=False)
    status: Mapped[Status]

    platform: Mapped[OptionalText]
    sdk_version: Mapped[OptionalText]
    device_model: Mapped[OptionalText]
    os_version: Mapped[OptionalText]
    network: Mapped[OptionalText]
    chat_type: Mapped[OptionalText]
    symptom_kind: Mapped[OptionalText]
    symptom: Mapped[OptionalText]
    frequency: Mapped[OptionalText]
    since: Mapped[OptionalText]
    since_detail: Mapped[OptionalText]
    last_seen: Mapped[OptionalText]
    repro_steps: Mapped[OptionalText]
    no_logs_reason: Mapped[OptionalText]
    expected: Mapped[OptionalText]
    server_version: Mapped[OptionalText]
    deployment: Mapped[OptionalText]
    server_os: Mapped[OptionalText]
    fields: Mapped[JsonDict]
    extra: Mapped[JsonDict]

    impact_production: Mapped[bool | None]
    impact_all_users: Mapped[bool | None]
    impact_workaround: Mapped[bool | None]
    impact_data_loss: Mapped[bool | None]

    summary: Mapped[str]
    question: Mapped[str]
    lang: Mapped[str] = mapped_column(String(16))
    docs_shown: Mapped[list[str]]
    thread: Mapped[Key]
    thread_url: Mapped[str]
    requester: Mapped[Key]
    assignee: Mapped[str | None] = mapped_column(String(255))

    created_at: Mapped[Timestamp]
    updated_at: Mapped[Timestamp]
    claimed_at: Mapped[OptionalTimestamp]
    first_response_at: Mapped[OptionalTimestamp]
    resolved_at: Mapped[OptionalTimestamp]

    logs: Mapped[list[TicketLogRow]] = relationship(
        order_by="TicketLogRow.position", cascade="all, delete-orphan", lazy="selectin"
    )


class TicketLogRow(Base):
    __tablename__ = "ticket_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str]
    text: Mapped[str]  # already redacted and size-capped by the caller
    truncated: Mapped[bool]
    original_bytes: Mapped[int]


class TicketEventRow(Base):
    __tablename__ = "ticket_events"
    __table_args__ = (Index(None, "ticket_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    # Plain text, not an enum: a new kind of event needs no migration.
    kind: Mapped[str] = mapped_column(String(64))
    from_status: Mapped[Status | None]
    to_status: Mapped[Status | None]
    actor: Mapped[Key]
    at: Mapped[Timestamp]
    detail: Mapped[JsonDict]


class ConversationRow(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread: Mapped[Key] = mapped_column(unique=True)
    state: Mapped[str] = mapped_column(String(64))
    dialog_state: Mapped[str]  # JSON written by intake.dialog, opaque here
    lang: Mapped[str] = mapped_column(String(16))
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"), index=True
    )
    last_answer: Mapped[str]  # JSON of what the bot last showed, opaque here
    requester: Mapped[Key]
    version: Mapped[int]
    created_at: Mapped[Timestamp]
    updated_at: Mapped[Timestamp]


class ProcessedEventRow(Base):
    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    received_at: Mapped[Timestamp] = mapped_column(index=True)


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index(None, "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[JsonDict]
    dedupe_key: Mapped[Key] = mapped_column(unique=True)
    status: Mapped[OutboxStatus]
    attempts: Mapped[int]
    next_attempt_at: Mapped[Timestamp]
    leased_until: Mapped[OptionalTimestamp]
    last_error: Mapped[OptionalText]
    created_at: Mapped[Timestamp]
    sent_at: Mapped[OptionalTimestamp]
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
