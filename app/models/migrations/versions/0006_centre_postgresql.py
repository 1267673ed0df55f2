"""centre mode on PostgreSQL: folded-text search indexes and append-only guards (nothing on SQLite)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

SQLite got its full-text table and append-only triggers in 0001 (app.models.fts); a PostgreSQL
database gets the equivalents here (app.models.pg_ddl). The tables themselves are the same on both.
"""

from alembic import op

from app.models import pg_ddl

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        pg_ddl.create_all(op.execute)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        pg_ddl.drop_all(op.execute)
