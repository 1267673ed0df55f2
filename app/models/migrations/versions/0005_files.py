"""digitised papers: stored files and their attachment to dossiers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stored_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(length=60), nullable=False),
        sa.Column("blob", sa.String(length=200), nullable=False),
        sa.Column("encrypted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_files")),
        sa.UniqueConstraint("sha256", name=op.f("uq_stored_files_sha256")),
    )
    op.create_table(
        "dossier_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("paper_name", sa.String(length=500), nullable=False),
        sa.Column("result_code", sa.String(length=60), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("digitised", sa.Boolean(), nullable=False),
        sa.Column("reused", sa.Boolean(), nullable=False),
        sa.Column("reused_from_id", sa.Integer(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("attached_at", sa.DateTime(), nullable=False),
        sa.Column("attached_by", sa.String(length=120), nullable=False),
        sa.Column("attached_by_name", sa.String(length=120), nullable=False),
        sa.Column("event_uuid", sa.String(length=36), nullable=False),
        sa.Column("superseded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], name=op.f("fk_dossier_files_dossier_id_dossiers")),
        sa.ForeignKeyConstraint(["file_id"], ["stored_files.id"], name=op.f("fk_dossier_files_file_id_stored_files")),
        sa.ForeignKeyConstraint(["reused_from_id"], ["dossier_files.id"],
                                name=op.f("fk_dossier_files_reused_from_id_dossier_files")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_files")),
        sa.UniqueConstraint("uuid", name=op.f("uq_dossier_files_uuid")),
    )
    with op.batch_alter_table("dossier_files", schema=None) as batch_op:
        batch_op.create_index("ix_dossier_files_dossier", ["dossier_id", "kind", "position"], unique=False)
        batch_op.create_index("ix_dossier_files_attached", ["attached_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_dossier_files_file_id"), ["file_id"], unique=False)


def downgrade() -> None:
    op.drop_table("dossier_files")
    op.drop_table("stored_files")
