"""aggregation indexes added after 0005

Migration 0005 creates the covering indexes listed in `data_access/aggregation_indexes.py` at the
time it runs, so a database that passed 0005 before an index joined the list lacks it (the
occurrence taxon-location and recorded-alien indexes of species protection and invasive
establishment, the trade indexes). Every statement is `CREATE INDEX IF NOT EXISTS`: on a new
database this changes nothing.

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

from alembic import op

from data_access.aggregation_indexes import create_statements

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in create_statements():
        op.execute(statement)
    for table in ("occurrence", "animal_event", "cites_trade_record"):
        op.execute(f"ANALYZE {table}")  # the planners learn that the new indexes pay


def downgrade() -> None:
    # The indexes belong to the list 0005 manages; 0005's downgrade drops them all.
    pass
