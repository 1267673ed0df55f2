"""legal and promised due dates, step data, procedure versions and code confirmation

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

The legal due date (dossiers.due_at) no longer moves on an apology/extension: the promised date goes to
the new dossiers.extended_due_at. Existing rescheduled dossiers are repaired: their legal due date is put
back from the first reschedule's old date and the promised date kept as extended_due_at.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN (no batch copy): a table copy would drop the full-text index triggers.
    op.add_column("dossiers", sa.Column("extended_due_at", sa.DateTime(), nullable=True))
    op.add_column("dossiers", sa.Column("procedure_code_local", sa.Boolean(), nullable=False,
                                        server_default=sa.false()))
    op.add_column("dossiers", sa.Column("procedure_version_from", sa.Date(), nullable=True))
    op.add_column("events", sa.Column("data", sa.Text(), nullable=False, server_default=""))
    op.add_column("reschedules", sa.Column("approver_title", sa.String(length=120), nullable=False,
                                           server_default=""))
    op.add_column("reschedules", sa.Column("proposer", sa.String(length=120), nullable=False, server_default=""))
    op.add_column("procedures", sa.Column("basis_from", sa.Date(), nullable=True))
    op.add_column("procedures", sa.Column("unconfirmed", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "procedure_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("limit_kind", sa.String(length=20), nullable=False),
        sa.Column("limit_value", sa.Integer(), nullable=False),
        sa.Column("limit_text", sa.String(length=200), nullable=False),
        sa.Column("fee_text", sa.String(length=300), nullable=False),
        sa.Column("fee_amount", sa.Integer(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["procedure_id"], ["procedures.id"],
                                name=op.f("fk_procedure_versions_procedure_id_procedures"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_versions")),
    )
    with op.batch_alter_table("procedure_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procedure_versions_procedure_id"), ["procedure_id"], unique=False)
    # Repair: a reschedule used to overwrite the legal due date. The promised date is the latest
    # reschedule's; the legal one is the first reschedule's old date.
    op.execute(
        "UPDATE dossiers SET "
        "extended_due_at = (SELECT r.new_due_at FROM reschedules r WHERE r.dossier_id = dossiers.id "
        "                   ORDER BY r.id DESC LIMIT 1), "
        "due_at = (SELECT r.old_due_at FROM reschedules r WHERE r.dossier_id = dossiers.id "
        "          ORDER BY r.id LIMIT 1) "
        "WHERE EXISTS (SELECT 1 FROM reschedules r WHERE r.dossier_id = dossiers.id)"
    )


def downgrade() -> None:
    op.execute("UPDATE dossiers SET due_at = extended_due_at WHERE extended_due_at IS NOT NULL")
    with op.batch_alter_table("procedure_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_procedure_versions_procedure_id"))
    op.drop_table("procedure_versions")
    for table, column in (("procedures", "unconfirmed"), ("procedures", "basis_from"),
                          ("reschedules", "proposer"), ("reschedules", "approver_title"), ("events", "data"),
                          ("dossiers", "procedure_version_from"), ("dossiers", "procedure_code_local"),
                          ("dossiers", "extended_due_at")):
        op.drop_column(table, column)
