"""Migration 0004 (import integrity) on SQLite and PostgreSQL: duplicated boundaries left by older
reference reloads are merged into the newest row before the (level, code_system, code) key is added,
and the prior-value table round-trips through downgrade and upgrade."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, func, inspect, select, text

from data_access.database import alembic_config, upgrade_schema
from data_access.models import AdminBoundary

pytestmark = pytest.mark.parametrize("engine", ["sqlite", "postgresql"], indirect=True)


def test_0004_merges_duplicate_boundaries_then_adds_the_key(engine: Engine) -> None:
    command.downgrade(alembic_config(engine), "0003")
    assert not inspect(engine).has_table("import_prior_value")
    point = "ST_GeomFromText('POINT(127 37)', 4326)" if engine.dialect.name == "postgresql" else "X'00'"
    with engine.begin() as conn:
        for name in ("old", "newer", "newest"):
            conn.execute(text(f"INSERT INTO admin_boundary (level, code, code_system, name_en, geom) "
                              f"VALUES ('province', '11', 'NGII', '{name}', {point})"))
        conn.execute(text(f"INSERT INTO admin_boundary (level, code, code_system, name_en, geom) "
                          f"VALUES ('province', '11', 'KOSTAT', 'other system', {point})"))
    upgrade_schema(engine)
    assert inspect(engine).has_table("import_prior_value")
    with engine.connect() as conn:
        rows = conn.execute(select(AdminBoundary.code_system, AdminBoundary.name_en).order_by(AdminBoundary.code_system)).all()
    assert [tuple(r) for r in rows] == [("KOSTAT", "other system"), ("NGII", "newest")]
    with pytest.raises(Exception, match="(?i)unique|duplicate"), engine.begin() as conn:
        conn.execute(text(f"INSERT INTO admin_boundary (level, code, code_system, geom) VALUES ('province', '11', 'NGII', {point})"))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(AdminBoundary)).scalar_one() == 2
