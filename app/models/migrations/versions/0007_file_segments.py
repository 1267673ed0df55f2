"""attached files in the database for a centre: file_segments, and stored_files.awaiting

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

A centre's counters share one PostgreSQL server, so the files they attach live there too, as 1 MiB
segments keyed by the file's stored name (app.services.files_dbstore). The table is made on both
engines (one schema) and stays empty on a desk's SQLite file. On PostgreSQL the segments are stored
out of line without compression (scans and PDFs are compressed already). `awaiting` names the laptop
whose file the hub has the record of but not yet the content.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "file_segments",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("name", "seq", name=op.f("pk_file_segments")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE file_segments ALTER COLUMN data SET STORAGE EXTERNAL")
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("awaiting", sa.String(length=120), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.drop_column("awaiting")
    op.drop_table("file_segments")
