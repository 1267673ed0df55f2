"""imported dossiers: where a dossier taken from the provincial register export came from

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-30
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def _columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("imported_source", sa.String(length=40), nullable=False, server_default=""),
        sa.Column("imported_file", sa.String(length=260), nullable=False, server_default=""),
        sa.Column("imported_row", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=True),
        sa.Column("imported_by", sa.String(length=120), nullable=False, server_default=""),
    ]


# Plain ALTER TABLE (no batch copy): rebuilding `dossiers` would drop its full-text triggers.
def upgrade() -> None:
    for column in _columns():
        op.add_column("dossiers", column)


def downgrade() -> None:
    for column in reversed(_columns()):
        op.drop_column("dossiers", column.name)
