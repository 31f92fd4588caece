"""Alembic environment: runs the migrations on the connection ``intake.tickets.db.migrate`` passes.

``migrate`` opens the transaction (and, on PostgreSQL, takes the advisory lock)
and hands its connection over in ``config.attributes["connection"]``; the
migrations then run inside that transaction. Offline mode (``--sql``) renders the
DDL for a database administrator instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from intake.tickets.models import Base


def _run_offline() -> None:
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=Base.metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_online(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        compare_type=True,
        # SQLite cannot ALTER most things in place; batch mode copies the table.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _run_offline()
else:
    given = context.config.attributes.get("connection")
    if not isinstance(given, Connection):
        raise RuntimeError(
            "Run the supportbot migrations with intake.tickets.db.migrate(engine), "
            "which passes the connection to use."
        )
    _run_online(given)
