"""Korean country names

Databases built before the project shipped `sample_data/reference/country_names_ko.csv` hold no
Korean country names: the Korean trade and cooperation pages showed partners in English. Fills
`country.name_ko` and the world map's `admin_boundary.name_ko` where they are empty (a name an
office entered stays) and bumps the data version, so cached pages and results are rebuilt.

Revision ID: 0007
Revises: 0006
"""
from __future__ import annotations

import csv
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

NAMES = Path(__file__).resolve().parents[3] / "sample_data" / "reference" / "country_names_ko.csv"


def upgrade() -> None:
    with NAMES.open(encoding="utf-8", newline="") as handle:
        names = [{"code": row["code"], "name_ko": row["name_ko"]} for row in csv.DictReader(handle)]
    bind = op.get_bind()
    filled = 0
    for statement in (
        sa.text("UPDATE country SET name_ko = :name_ko WHERE iso2 = :code AND name_ko IS NULL"),
        sa.text("UPDATE admin_boundary SET name_ko = :name_ko "
                "WHERE level = 'world_country' AND code = :code AND name_ko IS NULL"),
    ):
        filled += sum(bind.execute(statement, [row]).rowcount for row in names)
    if filled:
        op.execute("UPDATE data_version SET version = version + 1 WHERE id = 1")


def downgrade() -> None:
    pass  # the names are data; an older version ignores them
