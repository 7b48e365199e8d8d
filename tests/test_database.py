"""The schema, geometry type and data version on SQLite and on PostgreSQL + PostGIS."""

from __future__ import annotations

import datetime as dt

import pytest
from shapely.geometry import Point, box
from sqlalchemy import Engine, inspect, select, text

from data_access.database import bump_data_version, data_version, session_scope, upgrade_schema
from data_access.models import AdminBoundary, Base, ImportBatch, LegalStatus, ProtectedArea, Taxon


def test_every_model_table_exists_after_migration(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    missing = set(Base.metadata.tables) - tables
    assert not missing, f"tables not created by the migrations: {sorted(missing)}"


def test_migration_is_idempotent(engine: Engine) -> None:
    upgrade_schema(engine)  # a second upgrade finds nothing to do
    with session_scope(engine) as session:
        assert data_version(session) == 0


def test_geometry_round_trips_as_shapely(engine: Engine) -> None:
    square = box(126.0, 37.0, 127.0, 38.0)
    with session_scope(engine) as session:
        session.add(AdminBoundary(level="province", code="99", code_system="TEST", geom=square))
        session.add(
            ProtectedArea(
                site_id=1, parcel_id="1", site_type="PA", realm="terrestrial", status="Designated",
                is_point=True, geom=Point(127.5, 36.5),
            )
        )
    with session_scope(engine) as session:
        boundary = session.scalars(select(AdminBoundary)).one()
        assert boundary.geom.equals(square)
        assert session.scalars(select(ProtectedArea)).one().geom.equals(Point(127.5, 36.5))


def test_postgis_column_is_spatial(postgres_engine: Engine) -> None:
    with session_scope(postgres_engine) as session:
        session.add(AdminBoundary(level="province", code="99", code_system="TEST", geom=box(0, 0, 1, 1)))
    with postgres_engine.connect() as connection:
        srid, area = connection.execute(text("SELECT ST_SRID(geom), ST_Area(geom) FROM admin_boundary")).one()
    assert (srid, area) == (4326, pytest.approx(1.0))


def test_data_version_counts_changes(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert bump_data_version(session) == 1
        assert bump_data_version(session) == 2
    with session_scope(engine) as session:
        assert data_version(session) == 2


def test_rows_remember_their_import_batch_and_statuses_are_dated(engine: Engine) -> None:
    with session_scope(engine) as session:
        batch = ImportBatch(kind="species", file_name="species.csv", sha256="0" * 64)
        session.add(batch)
        session.flush()
        taxon = Taxon(scientific_name="Hydropotes inermis", korean_name="고라니", taxon_group="Mammals", batch_id=batch.id)
        session.add(taxon)
        session.flush()
        session.add(LegalStatus(taxon_id=taxon.id, scheme="CITES_APPENDIX", value="II", valid_from=dt.date(1993, 10, 7)))
    with session_scope(engine) as session:
        taxon = session.scalars(select(Taxon)).one()
        assert taxon.batch_id is not None
        assert [s.value for s in taxon.statuses] == ["II"]
