"""snapshots

Named snapshots of the data behind reports (issue 7).

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshot")),
        sa.UniqueConstraint("name", name=op.f("uq_snapshot_name")),
    )
    op.create_table(
        "snapshot_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(length=80), nullable=False),
        sa.Column("frame", sa.Text(), nullable=False),
        sa.Column("disaggregations", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("provenance", sa.JSON(), nullable=False),
        sa.Column("output_columns", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["snapshot_id"], ["snapshot.id"], name=op.f("fk_snapshot_result_snapshot_id_snapshot"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshot_result")),
        sa.UniqueConstraint("snapshot_id", "indicator_id", name="uq_snapshot_result_indicator"),
    )
    op.create_index(op.f("ix_snapshot_result_snapshot_id"), "snapshot_result", ["snapshot_id"], unique=False)
    op.create_table(
        "snapshot_frame",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("frame", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["snapshot_id"], ["snapshot.id"], name=op.f("fk_snapshot_frame_snapshot_id_snapshot"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshot_frame")),
        sa.UniqueConstraint("snapshot_id", "name", name="uq_snapshot_frame_name"),
    )
    op.create_index(op.f("ix_snapshot_frame_snapshot_id"), "snapshot_frame", ["snapshot_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_snapshot_frame_snapshot_id"), table_name="snapshot_frame")
    op.drop_table("snapshot_frame")
    op.drop_index(op.f("ix_snapshot_result_snapshot_id"), table_name="snapshot_result")
    op.drop_table("snapshot_result")
    op.drop_table("snapshot")
