"""import integrity

Import integrity: unique boundary keys, prior values kept for rollback (issue 5).

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _drop_duplicate_boundaries() -> None:
    """Before the key exists, keep the newest row of each (level, code_system, code).

    Reloading the reference data after a boundaries import used to add the shipped provinces again
    beside the imported ones; those extra rows would block the unique key.
    """
    op.execute(
        "DELETE FROM admin_boundary WHERE id NOT IN ("
        "SELECT MAX(id) FROM admin_boundary GROUP BY level, code_system, code)"
    )


def upgrade() -> None:
    op.create_table(
        "import_prior_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=63), nullable=False),
        sa.Column("row_key", sa.String(length=40), nullable=False),
        sa.Column("prior", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batch.id"], name=op.f("fk_import_prior_value_batch_id_import_batch"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_prior_value")),
    )
    op.create_index("ix_import_prior_value_batch_table", "import_prior_value", ["batch_id", "table_name"], unique=False)
    _drop_duplicate_boundaries()
    with op.batch_alter_table("admin_boundary") as batch:
        batch.create_unique_constraint("uq_admin_boundary_level_system_code", ["level", "code_system", "code"])


def downgrade() -> None:
    with op.batch_alter_table("admin_boundary") as batch:
        batch.drop_constraint("uq_admin_boundary_level_system_code", type_="unique")
    op.drop_index("ix_import_prior_value_batch_table", table_name="import_prior_value")
    op.drop_table("import_prior_value")
