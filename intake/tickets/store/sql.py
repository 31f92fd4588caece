"""Statements that differ between SQLite and PostgreSQL, behind one function each."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session

__all__ = ["insert_if_absent"]


def insert_if_absent(
    session: Session, model: type[DeclarativeBase], values: dict[str, Any], *, key: str
) -> Any | None:
    """Insert a row unless one with the same unique ``key`` exists; atomic on both databases.

    Uses ``INSERT … ON CONFLICT (key) DO NOTHING RETURNING pk``, so two racing
    callers cannot both insert and neither gets an integrity error.

    Returns:
        The new row's primary key, or ``None`` if the row was already there.
    """
    table = model.__table__
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    primary_key = next(iter(table.primary_key.columns))  # type: ignore[attr-defined]
    statement = (
        insert(table)  # type: ignore[arg-type]
        .values(**values)
        .on_conflict_do_nothing(index_elements=[key])
        .returning(primary_key)
    )
    return session.execute(statement).scalar_one_or_none()
