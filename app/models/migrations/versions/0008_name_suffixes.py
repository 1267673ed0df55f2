"""centre mode on PostgreSQL: names searched through the B-tree of their word suffixes (nothing on SQLite)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

A phrase such as "nguyen van tr" is, on PostgreSQL, the range of the folded names' word suffixes that
start with it: table `name_suffixes`, filled from the dossiers already there and kept in step by a
trigger on `dossiers.search_name` (app.models.pg_ddl). SQLite's FTS5 index answers the same phrase on a
single desk, so nothing changes there.
"""

from alembic import op

from app.models import pg_ddl

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        pg_ddl.create_name_suffixes(op.execute)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        pg_ddl.drop_name_suffixes(op.execute)
