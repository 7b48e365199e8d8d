"""The same imports on PostgreSQL + PostGIS (COPY staging, geometry columns, child sets, rollback).

Uses a scratch database created here and dropped afterwards; skipped when the server at
127.0.0.1:5432 is not reachable (outside CI).
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import func, select

from data_access.database import make_engine, session_scope, upgrade_schema
from data_access.importers import rollback_batch, run_import
from data_access.models import PopulationCount, ProtectedArea
from sample_data.reference_data import load_authorities, load_countries, load_gbf
from tests.fixtures.importers.helpers import FIXTURES, snapshot, write_csv
from tests.fixtures.importers.wdpa_layers import split_shapefile_download

pytestmark = pytest.mark.postgres
SERVER = os.environ.get("GBF_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


@pytest.fixture(scope="module")
def engine():
    psycopg = pytest.importorskip("psycopg")
    name = f"gbf_imp_test_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        if os.environ.get("CI"):
            raise
        pytest.skip("PostgreSQL is not reachable")
    admin.execute(f'CREATE DATABASE "{name}"')
    engine = make_engine(f"{SERVER}/{name}")
    try:
        upgrade_schema(engine)
        with session_scope(engine) as session:
            load_gbf(session)
            load_countries(session)
            load_authorities(session)
        yield engine
    finally:
        engine.dispose()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_template_kinds_round_trip(engine):
    for kind, name in [("species", "species.ko.csv"), ("permits", "permits.ko.csv"), ("animal-events", "animal-events.en.csv"),
                       ("cooperation", "cooperation.ko.csv"), ("nbsap", "nbsap.en.csv")]:
        first = run_import(engine, kind, FIXTURES / name)
        assert first.ok and first.rows_inserted == first.rows_read, (kind, [p.message("en") for p in first.errors])
        assert run_import(engine, kind, FIXTURES / name).rows_unchanged == first.rows_read


def test_occurrences_and_refusal_leave_nothing(engine, tmp_path):
    report = run_import(engine, "occurrences", FIXTURES / "gbif_dwca_excerpt_0258360.zip")
    assert report.ok and report.rows_inserted == 25
    assert run_import(engine, "occurrences", FIXTURES / "gbif_dwca_excerpt_0258360.zip").rows_unchanged == 25
    before = snapshot(engine)
    bad = write_csv(tmp_path / "bad.csv", ["gbifID", "scientificName", "basisOfRecord", "decimalLatitude", "decimalLongitude"],
                    [["1", "Pan troglodytes", "HUMAN_OBSERVATION", "91", "0"]])
    assert not run_import(engine, "occurrences", bad).ok
    assert snapshot(engine) == before


def test_wdpa_geometries_and_rollback(engine, tmp_path):
    report = run_import(engine, "wdpa", split_shapefile_download(tmp_path))
    assert report.ok and report.rows_inserted == 6, [p.message("en") for p in report.errors]
    rebuilt = tmp_path / "again"
    rebuilt.mkdir()
    assert run_import(engine, "wdpa", split_shapefile_download(rebuilt)).rows_unchanged == 6
    with engine.connect() as conn:
        point = conn.execute(select(ProtectedArea.geom).where(ProtectedArea.parcel_id == "150_p")).scalar_one()
    assert point.geom_type == "Point"
    assert rollback_batch(engine, report.batch_id, user="test").ok
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ProtectedArea)).scalar_one() == 0


def test_population_series_are_replaced_and_restored(engine, tmp_path):
    path = tmp_path / "T_pg_pops.txt"
    path.write_text("Binomial\tID\tyear\tpopvalue\nA_b\t1\t2000\t1\nA_b\t1\t2001\t2\n", encoding="utf-8")
    assert run_import(engine, "lpi", path).rows_inserted == 2
    path.write_text("Binomial\tID\tyear\tpopvalue\nA_b\t1\t2000\t1\nA_b\t1\t2001\t3\n", encoding="utf-8")
    second = run_import(engine, "lpi", path)
    assert (second.rows_updated, second.rows_unchanged) == (1, 1)
    assert rollback_batch(engine, second.batch_id, user="test").ok
    with engine.connect() as conn:
        assert conn.execute(select(PopulationCount.value).where(PopulationCount.year == 2001)).scalar_one() == 2


def test_new_template_kinds_and_prior_values_on_postgres(engine, tmp_path):
    from data_access.models import LegalStatus, TradeCase
    from data_access.models.imports import ImportPriorValue
    from tests.test_importers_new_kinds import ROWS, template_file

    for kind, name in [("species", "species.ko.csv"), ("abs", "abs.en.csv"), ("cooperation", "cooperation.ko.csv")]:
        assert run_import(engine, kind, FIXTURES / name).ok
    for kind in ROWS:
        first = run_import(engine, kind, template_file(tmp_path, kind, encoding="cp949"))
        assert first.ok and first.rows_inserted == len(ROWS[kind]), (kind, [p.message("en") for p in first.errors])
        assert run_import(engine, kind, template_file(tmp_path, kind, "en")).rows_unchanged == len(ROWS[kind])
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(LegalStatus)).scalar_one() == len(ROWS["legal-status"])
    rows = [list(r) for r in ROWS["trade-cases"]]
    rows[0][5] = "3"
    fixed = run_import(engine, "trade-cases", template_file(tmp_path, "trade-cases", rows=rows, name="fixed.csv"))
    assert fixed.ok and fixed.rows_updated == 1
    with engine.connect() as conn:
        prior = conn.execute(select(ImportPriorValue.prior).where(ImportPriorValue.batch_id == fixed.batch_id)).scalars().all()
    assert [p["quantity"] for p in prior] == [2.0] and prior[0]["detected_on"] == "2024-03-02"
    assert rollback_batch(engine, fixed.batch_id, user="test").ok
    with engine.connect() as conn:
        assert conn.execute(select(TradeCase.quantity).where(TradeCase.case_no == "KCS-2024-001")).scalar_one() == 2.0


def test_boundaries_upsert_and_geometry_rollback_on_postgres(engine, tmp_path):
    import json

    from data_access.models import AdminBoundary
    from sample_data.reference_data import load_boundaries

    for _ in range(2):
        with session_scope(engine) as session:
            load_boundaries(session)
    with engine.connect() as conn:
        provinces = conn.execute(select(func.count()).select_from(AdminBoundary).where(AdminBoundary.level == "province")).scalar_one()
        before = conn.execute(select(AdminBoundary.geom).where(AdminBoundary.level == "province", AdminBoundary.code == "11")).scalar_one()
    assert provinces == 17
    square = [[126.0, 37.0], [127.0, 37.0], [127.0, 38.0], [126.0, 38.0], [126.0, 37.0]]
    path = tmp_path / "seoul.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "11"},
                                "geometry": {"type": "Polygon", "coordinates": [square]}}]}), encoding="utf-8")
    report = run_import(engine, "boundaries", path, options={"code_system": "NGII"})
    assert report.ok and report.rows_updated == 1, [p.message("en") for p in report.errors]
    with session_scope(engine) as session:
        load_boundaries(session)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(AdminBoundary).where(AdminBoundary.level == "province")).scalar_one() == 17
    assert rollback_batch(engine, report.batch_id, user="test").ok
    with engine.connect() as conn:
        after = conn.execute(select(AdminBoundary.geom).where(AdminBoundary.level == "province", AdminBoundary.code == "11")).scalar_one()
    assert after.equals_exact(before, 1e-9)
