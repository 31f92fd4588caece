"""Tickets, their logs and events, conversations, processed events and the outbox.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Types are spelled out here instead of imported from ``intake.tickets.models`` so this
revision keeps describing the same schema when the models change later.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_TIME = sa.DateTime(timezone=True)
_ENUM = sa.String(length=32)  # enum values stored as text (see intake.tickets.models._enum)
_KEY = sa.String(length=255)
_FIELDS = (
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
)


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category", _ENUM, nullable=False),
        sa.Column("priority", _ENUM, nullable=False),
        sa.Column("priority_reason", sa.Text(), nullable=False),
        sa.Column("priority_overridden_by", _KEY, nullable=True),
        sa.Column("due_at", _TIME, nullable=False),
        sa.Column("warn_at", _TIME, nullable=True),
        sa.Column("warned", sa.Boolean(), nullable=False),
        sa.Column("status", _ENUM, nullable=False),
        *(sa.Column(name, sa.Text(), nullable=True) for name in _FIELDS),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("impact_production", sa.Boolean(), nullable=True),
        sa.Column("impact_all_users", sa.Boolean(), nullable=True),
        sa.Column("impact_workaround", sa.Boolean(), nullable=True),
        sa.Column("impact_data_loss", sa.Boolean(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("docs_shown", sa.JSON(), nullable=False),
        sa.Column("thread", _KEY, nullable=False),
        sa.Column("thread_url", sa.Text(), nullable=False),
        sa.Column("requester", _KEY, nullable=False),
        sa.Column("assignee", _KEY, nullable=True),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("updated_at", _TIME, nullable=False),
        sa.Column("claimed_at", _TIME, nullable=True),
        sa.Column("first_response_at", _TIME, nullable=True),
        sa.Column("resolved_at", _TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_tickets"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_tickets_status_due_at", "tickets", ["status", "due_at"])
    op.create_index("ix_tickets_thread", "tickets", ["thread"])
    op.create_index("ix_tickets_assignee", "tickets", ["assignee"])

    op.create_table(
        "ticket_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("truncated", sa.Boolean(), nullable=False),
        sa.Column("original_bytes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name="fk_ticket_logs_ticket_id_tickets",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_ticket_logs"),
    )
    op.create_index("ix_ticket_logs_ticket_id", "ticket_logs", ["ticket_id"])

    op.create_table(
        "ticket_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("from_status", _ENUM, nullable=True),
        sa.Column("to_status", _ENUM, nullable=True),
        sa.Column("actor", _KEY, nullable=False),
        sa.Column("at", _TIME, nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name="fk_ticket_events_ticket_id_tickets",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_ticket_events"),
    )
    op.create_index("ix_ticket_events_ticket_id_at", "ticket_events", ["ticket_id", "at"])

    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread", _KEY, nullable=False),
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("dialog_state", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("last_answer", sa.Text(), nullable=False),
        sa.Column("requester", _KEY, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("updated_at", _TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name="fk_conversations_ticket_id_tickets",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_conversations"),
        sa.UniqueConstraint("thread", name="uq_conversations_thread"),
    )
    op.create_index("ix_conversations_ticket_id", "conversations", ["ticket_id"])

    op.create_table(
        "processed_events",
        sa.Column("event_id", _KEY, nullable=False),
        sa.Column("received_at", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_processed_events"),
    )
    op.create_index("ix_processed_events_received_at", "processed_events", ["received_at"])

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("dedupe_key", _KEY, nullable=False),
        sa.Column("status", _ENUM, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _TIME, nullable=False),
        sa.Column("leased_until", _TIME, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("sent_at", _TIME, nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.UniqueConstraint("dedupe_key", name="uq_outbox_dedupe_key"),
    )
    op.create_index("ix_outbox_status_next_attempt_at", "outbox", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_table("outbox")
    op.drop_table("processed_events")
    op.drop_table("conversations")
    op.drop_table("ticket_events")
    op.drop_table("ticket_logs")
    op.drop_table("tickets")
