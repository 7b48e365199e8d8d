"""result cache

Indicator results persisted per data version (issue 9).

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from data_access.aggregation_indexes import create_statements, drop_statements

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator_result_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(length=80), nullable=False),
        sa.Column("options_key", sa.String(length=1000), nullable=False),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("frame_parquet", sa.LargeBinary(), nullable=True),
        sa.Column("disaggregations", sa.JSON(), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=True),
        sa.Column("notes", sa.JSON(), nullable=True),
        sa.Column("provenance", sa.JSON(), nullable=True),
        sa.Column("output_columns", sa.JSON(), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_result_cache")),
        sa.UniqueConstraint(
            "indicator_id", "options_key", "data_version", name=op.f("uq_indicator_result_cache_indicator_id")
        ),
    )
    op.create_index(
        op.f("ix_indicator_result_cache_data_version"), "indicator_result_cache", ["data_version"], unique=False
    )
    for statement in create_statements():  # covering indexes the indicator loaders aggregate from
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_statements():
        op.execute(statement)
    op.drop_index(op.f("ix_indicator_result_cache_data_version"), table_name="indicator_result_cache")
    op.drop_table("indicator_result_cache")
