"""Server facts get columns of their own: server version, deployment method, server OS.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04

Reports about the server, its deployment and configuration (category
``server_deployment``) are a third of real reports; these columns let SQL reports group
them by release and deployment. Older tickets keep NULL (their ``fields`` JSON never
had these keys). The category column stores enum values as text, so the new category
needs no change there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_COLUMNS = ("server_version", "deployment", "server_os")


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        for name in _COLUMNS:
            batch.add_column(sa.Column(name, sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        for name in reversed(_COLUMNS):
            batch.drop_column(name)
