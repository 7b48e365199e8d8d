"""WDPA (old and Nov-2025 layouts; shapefile zips incl. split parts, GeoPackage, FileGDB),
boundaries (GeoJSON, TopoJSON, code-system checks) and KBA. WDPA-like layers are generated here:
the WDPA licence forbids shipping real WDPA data."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from shapely.geometry import Point, box
from sqlalchemy import select

from data_access.importers import run_import
from data_access.models import AdminBoundary, KeyBiodiversityArea, ProtectedArea
from tests.fixtures.importers.helpers import fresh_engine, snapshot, write_layer
from tests.fixtures.importers.wdpa_layers import classic_fields, split_shapefile_download


def nov2025_fields(ids: list[int], realm: str = "Terrestrial") -> dict[str, list]:
    n = len(ids)
    return {
        "SITE_ID": ids, "SITE_PID": [str(i) for i in ids], "SITE_TYPE": ["PA"] * (n - 1) + ["OECM"],
        "NAME_ENG": [f"Park {i}" for i in ids], "NAME": [f"공원 {i}" for i in ids], "DESIG": ["국립공원"] * n,
        "DESIG_ENG": ["National Park"] * n, "DESIG_TYPE": ["National"] * n, "IUCN_CAT": ["II"] * n, "REALM": [realm] * n,
        "REP_AREA": [1.5] * n, "GIS_AREA": [1.4] * n, "STATUS": ["Designated"] * n, "STATUS_YR": [2001] * n,
        "PRNT_ISO3": ["KOR"] * n, "ISO3": ["KOR"] * n, "GOVSUBTYPE": ["x"] * n, "OECM_ASMT": ["x"] * n,
    }


@pytest.fixture
def engine(tmp_path):
    return fresh_engine(tmp_path)


def parcels(engine) -> dict[str, ProtectedArea]:
    with engine.connect() as conn:
        return {r.parcel_id: r for r in conn.execute(select(ProtectedArea))}


def test_split_shapefile_download_appends_polygons_and_points(engine, tmp_path):
    report = run_import(engine, "wdpa", split_shapefile_download(tmp_path))
    assert report.ok and report.rows_read == report.rows_inserted == 6, [p.message("en") for p in report.errors]
    assert [w.code for w in report.warnings if w.code == "importers.warning.invalid_geometries"] == ["importers.warning.invalid_geometries"]
    rows = parcels(engine)
    assert rows["150_p"].is_point and rows["150_p"].reported_area_km2 == 12.5 and rows["150_p"].geom.geom_type == "Point"
    assert rows["100"].site_type == "PA" and rows["101"].site_type == "OECM"
    assert rows["100"].status_year == 1980 and rows["101"].status_year is None  # STATUS_YR 0 = unknown
    assert rows["100"].name_en == "Park 100" and rows["100"].name_orig == "공원 100"
    assert rows["100"].realm == "terrestrial" and rows["100"].wdpa_release == "Nov2024" and rows["100"].parent_iso3 == "KOR"
    assert not rows["101"].geom.is_valid  # stored as is; the indicator repairs it
    rebuilt = tmp_path / "again"
    rebuilt.mkdir()
    again = run_import(engine, "wdpa", split_shapefile_download(rebuilt))  # same content, new zip bytes
    assert again.ok and again.rows_unchanged == 6


def test_nov2025_geopackage_maps_the_name_trap_and_realm(engine, tmp_path):
    path = tmp_path / "WDPA_WDOECM_Dec2025_Public_KOR.gpkg"
    write_layer(path, [box(127, 37, 127.1, 37.1), box(127.2, 37, 127.3, 37.1)], nov2025_fields([1, 2], "Coastal"),
                driver="GPKG", layer="WDPA_WDOECM_poly_Dec2025", geometry_type="Polygon")
    write_layer(path, [Point(127.5, 37.5)], nov2025_fields([3], "Marine"), driver="GPKG", layer="WDPA_WDOECM_point_Dec2025",
                geometry_type="Point", append=True)
    report = run_import(engine, "wdpa", path)
    assert report.ok and report.rows_inserted == 3, [p.message("en") for p in report.errors]
    rows = parcels(engine)
    assert rows["1"].name_en == "Park 1" and rows["1"].name_orig == "공원 1"  # NAME is the original name now
    assert rows["1"].realm == "coastal" and rows["3"].realm == "marine" and rows["3"].is_point
    assert rows["2"].site_type == "OECM" and rows["1"].wdpa_release == "Dec2025"


def test_zipped_file_geodatabase(engine, tmp_path):
    gdb = tmp_path / "WDPA_WDOECM_Jan2026_Public_KOR.gdb"
    write_layer(gdb, [box(127, 37, 127.1, 37.1)], nov2025_fields([11]), driver="OpenFileGDB", layer="WDPA_WDOECM_poly_Jan2026",
                geometry_type="Polygon")
    path = tmp_path / "WDPA_WDOECM_Jan2026_Public_KOR.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for member in gdb.iterdir():
            archive.write(member, f"{gdb.name}/{member.name}")
    report = run_import(engine, "wdpa", path)
    assert report.ok and report.rows_inserted == 1, [p.message("en") for p in report.errors]


@pytest.mark.parametrize(("change", "code"), [
    ({"MARINE": ["5", "5"]}, "importers.error.unknown_code"),
    ({"STATUS_YR": [2999, 2999]}, "importers.error.year_in_future"),
    ({"PA_DEF": ["2", "1"]}, "importers.error.unknown_code"),
    ({"WDPA_PID": ["1", "1"]}, "importers.error.duplicate_key"),
])
def test_bad_wdpa_attributes_refuse_the_file(engine, tmp_path, change, code):
    fields = classic_fields([1, 2]) | change
    path = write_layer(tmp_path / "pa.shp", [box(127, 37, 127.1, 37.1), box(128, 37, 128.1, 37.1)], fields, geometry_type="Polygon")
    before = snapshot(engine)
    report = run_import(engine, "wdpa", path)
    assert not report.ok and snapshot(engine) == before
    assert code in [p.code for p in report.errors], [p.message("en") for p in report.errors]


def test_projected_layer_without_crs_and_foreign_layouts_are_refused(engine, tmp_path):
    path = write_layer(tmp_path / "pa.shp", [box(950000, 1950000, 960000, 1960000)], classic_fields([1]), geometry_type="Polygon")
    for sidecar in tmp_path.glob("pa.prj"):
        sidecar.unlink()
    report = run_import(engine, "wdpa", path)
    assert "importers.error.coordinates_out_of_range" in [p.code for p in report.errors]
    other = write_layer(tmp_path / "roads.shp", [box(127, 37, 127.1, 37.1)], {"road": ["A1"]}, geometry_type="Polygon")
    assert [p.code for p in run_import(engine, "wdpa", other).errors] == ["importers.error.wdpa_layout"]
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert [p.code for p in run_import(engine, "wdpa", tmp_path / "notes.csv").errors] == ["importers.error.wrong_format"]


def test_projected_layer_is_reprojected_to_wgs84(engine, tmp_path):
    path = write_layer(tmp_path / "pa.shp", [box(950000, 1950000, 960000, 1960000)], classic_fields([1]), crs="EPSG:5179",
                       geometry_type="Polygon")
    assert run_import(engine, "wdpa", path).ok
    minx, miny, maxx, maxy = parcels(engine)["1"].geom.bounds
    assert 126 < minx < 128 and 37 < miny < 38


# --------------------------------------------------------------------------- boundaries and KBA


def geojson(path: Path, features: list[tuple[dict, list]]) -> Path:
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}} for props, ring in features]}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


SQUARE = [[126.0, 37.0], [127.0, 37.0], [127.0, 38.0], [126.0, 38.0], [126.0, 37.0]]


def test_boundaries_from_geojson_with_korean_and_english_names(engine, tmp_path):
    path = geojson(tmp_path / "sido.geojson", [({"CTPRVN_CD": "41", "CTP_KOR_NM": "경기도", "CTP_ENG_NM": "Gyeonggi-do"}, SQUARE)])
    report = run_import(engine, "boundaries", path, options={"valid_from": "2024-01-01"})
    assert report.ok and report.rows_updated == 1, [p.message("en") for p in report.errors]  # replaces the shipped NGII row
    with engine.connect() as conn:
        row = conn.execute(select(AdminBoundary).where(AdminBoundary.level == "province", AdminBoundary.code == "41")).one()
    assert (row.code_system, row.name_ko, row.name_en) == ("NGII", "경기도", "Gyeonggi-do")
    assert 9000 < row.area_km2 < 10000 and str(row.valid_from) == "2024-01-01"


def test_topojson_boundaries_infer_kostat_codes(engine, tmp_path):
    topology = {"type": "Topology", "objects": {"provinces": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "arcs": [[0]], "properties": {"code": "31", "name": "경기도", "name_eng": "Gyeonggi-do"}},
        {"type": "Polygon", "arcs": [[1]], "properties": {"code": "21", "name": "부산광역시", "name_eng": "Busan"}}]}},
        "arcs": [SQUARE, [[129.0, 35.0], [129.2, 35.0], [129.2, 35.2], [129.0, 35.0]]]}
    path = tmp_path / "kostat.json"
    path.write_text(json.dumps(topology), encoding="utf-8")
    report = run_import(engine, "boundaries", path)
    assert report.ok and report.rows_inserted == 2, [p.message("en") for p in report.errors]
    with engine.connect() as conn:
        systems = set(conn.execute(select(AdminBoundary.code_system).where(AdminBoundary.code.in_(["21", "31"]))).scalars())
    assert "KOSTAT" in systems
    refused = run_import(engine, "boundaries", path, options={"code_system": "NGII"})
    assert [p.code for p in refused.errors] == ["importers.error.code_system_mismatch"]


def test_country_and_bad_level(engine, tmp_path):
    path = geojson(tmp_path / "kor.geojson", [({"iso_a3": "KOR", "name": "South Korea"}, SQUARE)])
    assert run_import(engine, "boundaries", path, options={"level": "country"}).ok
    assert [p.code for p in run_import(engine, "boundaries", path, options={"level": "planet"}).errors] == ["importers.error.bad_option"]


def test_kba_sites(engine, tmp_path):
    path = geojson(tmp_path / "kba.geojson", [({"SitRecID": 18111, "IntName": "Upo Wetland", "ISO3": "KOR"}, SQUARE),
                                              ({"SitRecID": 18112, "IntName": "Suncheon Bay", "ISO3": "KOR"}, SQUARE)])
    report = run_import(engine, "kba", path)
    assert report.ok and report.rows_inserted == 2, [p.message("en") for p in report.errors]
    with engine.connect() as conn:
        site = conn.execute(select(KeyBiodiversityArea).where(KeyBiodiversityArea.site_code == "18111")).one()
    assert site.name == "Upo Wetland" and site.area_km2 > 9000
    assert run_import(engine, "kba", path).rows_unchanged == 2
    bad = geojson(tmp_path / "bad.geojson", [({"id": 1}, SQUARE)])
    assert [p.code for p in run_import(engine, "kba", bad).errors] == ["importers.error.missing_column"]
