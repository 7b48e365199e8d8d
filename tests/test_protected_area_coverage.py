"""Protected-area coverage (GBF 3.1) and KBA coverage: hand-worked cases, properties, loaders, real data.

Hand-worked geometries are drawn in Mollweide kilometres around (127.5°E, 36°N) and projected back to
WGS84, so their areas are exact in the projection the indicator measures in (a 10 × 10 km square is
100 km²).
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from conftest import shared_path
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Transformer
from sqlalchemy import Engine

from data_access.database import make_engine, session_scope, upgrade_schema
from data_access.models import AdminBoundary, KeyBiodiversityArea, ProtectedArea
from data_access.queries.protected_area_inputs import load_coverage_inputs, load_kba_inputs
from indicators import kba_protection_coverage, protected_area_coverage
from indicators.coverage_geometry import geodesic_circles, mollweide_area_km2, prepare_sites, select_sites
from indicators.metadata import load_metadata
from indicators.result import NoDataError

REPO = Path(__file__).resolve().parents[1]
_FORWARD = Transformer.from_crs("EPSG:4326", "ESRI:54009", always_xy=True)
_INVERSE = Transformer.from_crs("ESRI:54009", "EPSG:4326", always_xy=True)
X0, Y0 = _FORWARD.transform(127.5, 36.0)


def km_polygon(coords: list[tuple[float, float]]) -> shapely.Polygon:
    """A WGS84 polygon whose corners are Mollweide offsets in km from (127.5°E, 36°N); not repaired."""
    xy = np.asarray(coords, dtype=float) * 1000.0 + (X0, Y0)
    lon, lat = _INVERSE.transform(xy[:, 0], xy[:, 1])
    return shapely.Polygon(np.column_stack((lon, lat)))


def km_box(x0: float, y0: float, x1: float, y1: float) -> shapely.Polygon:
    return km_polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


def km_point(x: float, y: float) -> shapely.Point:
    lon, lat = _INVERSE.transform(X0 + x * 1000.0, Y0 + y * 1000.0)
    return shapely.Point(lon, lat)


def site(parcel: str, geom: shapely.Geometry | None, *, year: int | None = 2000, status: str = "Designated",
         site_type: str = "PA", designation: str = "National Park", area: float | None = None) -> dict:
    return {
        "site_id": int(parcel.split("_")[0]),
        "parcel_id": parcel, "site_type": site_type, "status": status, "status_year": year,
        "designation_en": designation, "reported_area_km2": area, "wdpa_release": None, "geom": geom,
    }


LAND = km_box(0, 0, 100, 100)  # 10,000 km²
EEZ = km_box(-50, -50, 150, 150)  # 40,000 km², of which 30,000 km² is sea once land is removed


def boundaries(*, eez: bool = True, provinces: bool = False) -> pd.DataFrame:
    rows = [{"level": "country", "code": "KOR", "name_ko": "대한민국", "name_en": "Korea", "source": "test", "geom": LAND}]
    if eez:
        rows.append({"level": "eez", "code": "KOR", "name_ko": "EEZ", "name_en": "EEZ", "source": "test", "geom": EEZ})
    if provinces:
        rows.append({"level": "province", "code": "11", "name_ko": "서쪽", "name_en": "West", "source": "test",
                     "geom": km_box(0, 0, 50, 100)})
        rows.append({"level": "province", "code": "12", "name_ko": "동쪽", "name_en": "East", "source": "test",
                     "geom": km_box(50, 0, 100, 100)})
    return pd.DataFrame(rows)


def coverage(rows: list[dict], **options) -> pd.DataFrame:
    inputs = {"protected_areas": pd.DataFrame(rows), "coverage_boundaries": boundaries(provinces=True)}
    return protected_area_coverage.compute(inputs, **options).frame


def latest(frame: pd.DataFrame, realm: str = "terrestrial") -> pd.Series:
    rows = frame[frame["realm"] == realm]
    return rows.loc[rows["year"].idxmax()]


# --- hand-worked cases ------------------------------------------------------------------------


def test_two_overlapping_squares_count_the_overlap_once() -> None:
    rows = [site("1", km_box(10, 10, 20, 20)), site("2", km_box(15, 10, 25, 20))]  # 100 + 100 − 50
    row = latest(coverage(rows))
    assert row["protected_km2"] == pytest.approx(150.0, rel=1e-6)
    assert row["total_km2"] == pytest.approx(10_000.0, rel=1e-6)
    assert row["value"] == pytest.approx(1.5, rel=1e-6)


def test_a_point_site_becomes_a_circle_of_its_reported_area() -> None:
    rows = [site("1", km_point(50, 50), area=25.0), site("2", km_point(20, 20), area=None)]
    result = protected_area_coverage.compute(
        {"protected_areas": pd.DataFrame(rows), "coverage_boundaries": boundaries()}
    )
    row = latest(result.frame)
    assert row["protected_km2"] == pytest.approx(25.0, rel=1e-3)  # within 0.1 %
    assert result.counts["points_buffered"] == 1
    assert result.counts["points_dropped_no_area"] == 1


@pytest.mark.parametrize("area_km2", [0.01, 3.0, 250.0, 5_000.0])
@pytest.mark.parametrize("lat", [33.2, 36.0, 38.5])
def test_geodesic_circles_keep_the_reported_area_at_any_size_and_latitude(area_km2: float, lat: float) -> None:
    circle = geodesic_circles([127.0], [lat], [area_km2])[0]
    assert float(mollweide_area_km2([circle])[0]) == pytest.approx(area_km2, rel=1e-3)


def test_mab_reserves_proposed_adopted_and_unreported_sites_are_left_out() -> None:
    big = km_box(0, 0, 60, 60)
    rows = [
        site("1", km_box(10, 10, 20, 20)),
        site("2", big, designation="UNESCO-MAB Biosphere Reserve"),
        site("3", big, status="Proposed"),
        site("4", big, status="Adopted"),
        site("5", big, status="Not Reported"),
        site("6", big, status="Inscribed", designation="World Heritage Site (natural or mixed)"),
    ]
    result = protected_area_coverage.compute({"protected_areas": pd.DataFrame(rows[:5]), "coverage_boundaries": boundaries()})
    assert latest(result.frame)["protected_km2"] == pytest.approx(100.0, rel=1e-6)
    assert result.counts["excluded: UNESCO-MAB Biosphere Reserve"] == 1
    assert result.counts["excluded: status Proposed"] == 1
    assert result.counts["excluded: status Adopted"] == 1
    assert result.counts["excluded: status Not Reported"] == 1
    inscribed = latest(coverage(rows))  # an Inscribed World Heritage site does count
    assert inscribed["protected_km2"] == pytest.approx(3_600.0, rel=1e-6)


def test_an_invalid_bow_tie_is_repaired_and_counted() -> None:
    bow_tie = km_polygon([(0, 0), (10, 10), (10, 0), (0, 10)])  # two triangles of 25 km² each
    assert not bow_tie.is_valid
    result = protected_area_coverage.compute(
        {"protected_areas": pd.DataFrame([site("1", bow_tie)]), "coverage_boundaries": boundaries()}
    )
    assert latest(result.frame)["protected_km2"] == pytest.approx(50.0, rel=1e-6)
    assert result.counts["polygons_repaired"] == 1
    assert any("1 invalid polygon(s) (self-intersecting outlines) repaired" in note for note in result.notes)


@pytest.mark.parametrize(("kind", "expected"), [("pa", 100.0), ("oecm", 100.0), ("both", 150.0)])
def test_pa_oecm_and_both(kind: str, expected: float) -> None:
    rows = [site("1", km_box(10, 10, 20, 20)), site("2", km_box(15, 10, 25, 20), site_type="OECM", status="Established")]
    assert latest(coverage(rows, kind=kind))["protected_km2"] == pytest.approx(expected, rel=1e-6)


def test_series_by_status_year_with_unknown_years_in_every_year() -> None:
    rows = [
        site("1", km_box(0, 0, 10, 10), year=2000),
        site("2", km_box(20, 0, 30, 10), year=2005),
        site("3", km_box(40, 0, 50, 10), year=None),  # unknown: counted in every year
        site("4", km_box(0, 0, 10, 10), year=2003),  # same place as site 1: no change
    ]
    frame = coverage(rows)
    land = frame[frame["realm"] == "terrestrial"].set_index("year")["protected_km2"]
    assert list(land.index) == list(range(2000, 2006))
    assert land.to_dict() == pytest.approx({2000: 200, 2001: 200, 2002: 200, 2003: 200, 2004: 200, 2005: 300})
    assert land.is_monotonic_increasing


def test_land_and_sea_are_split_by_geometry_not_by_the_marine_flag() -> None:
    coastal = km_box(90, 40, 110, 50)  # 100 km² on land, 100 km² at sea
    frame = coverage([site("1", coastal)])
    land, sea = latest(frame, "terrestrial"), latest(frame, "marine")
    assert land["protected_km2"] == pytest.approx(100.0, rel=1e-6)
    assert sea["protected_km2"] == pytest.approx(100.0, rel=1e-6)
    assert sea["total_km2"] == pytest.approx(30_000.0, rel=1e-6)  # EEZ minus land
    assert sea["value"] == pytest.approx(100 / 300, rel=1e-6)


def test_province_split_uses_each_province_as_denominator_and_the_latest_year() -> None:
    rows = [site("1", km_box(10, 10, 30, 30), year=2000), site("2", km_box(60, 10, 70, 20), year=2010)]
    frame = coverage(rows, by="province").set_index("province")
    assert set(frame["year"]) == {2010}
    assert frame.loc["11", "protected_km2"] == pytest.approx(400.0, rel=1e-6)
    assert frame.loc["11", "total_km2"] == pytest.approx(5_000.0, rel=1e-6)
    assert frame.loc["11", "value"] == pytest.approx(8.0, rel=1e-6)
    assert frame.loc["12", "value"] == pytest.approx(2.0, rel=1e-6)
    earlier = coverage(rows, by="province", year=2005).set_index("province")
    assert earlier.loc["12", "protected_km2"] == pytest.approx(0.0, abs=1e-9)


def test_published_columns_and_bounds() -> None:
    rows = [site("1", km_box(10, 10, 20, 20))]
    inputs = {"protected_areas": pd.DataFrame(rows), "coverage_boundaries": boundaries(provinces=True)}
    by_year = protected_area_coverage.compute(inputs)
    assert list(by_year.output_frame.columns) == ["year", "realm", "protected_km2", "total_km2", "value"]
    assert {"lower", "upper"} <= set(by_year.frame.columns) and by_year.frame["lower"].isna().all()
    by_province = protected_area_coverage.compute(inputs, by="province")
    assert list(by_province.output_frame.columns) == ["year", "realm", "province", "protected_km2", "total_km2", "value"]
    assert "filters" in by_year.provenance and "Mollweide" in by_year.provenance["method"]


def test_no_countable_site_is_a_no_data_error() -> None:
    with pytest.raises(NoDataError):
        coverage([site("1", km_box(0, 0, 10, 10), status="Proposed")])


# --- properties ---------------------------------------------------------------------------------

squares = st.lists(
    st.tuples(
        st.integers(-20, 110), st.integers(-20, 110), st.integers(1, 30),
        st.one_of(st.none(), st.integers(1990, 2020)), st.sampled_from(["PA", "OECM"]),
    ),
    min_size=1, max_size=8,
)


def _rows(spec: list[tuple]) -> list[dict]:
    return [
        site(str(i + 1), km_box(x, y, x + s, y + s), year=year, site_type=kind,
             status="Designated" if kind == "PA" else "Established")
        for i, (x, y, s, year, kind) in enumerate(spec)
    ]


def _fixed_years(rows: list[dict]) -> list[dict]:
    # keep the year range fixed (1990–2020) so that frames can be compared row by row
    return [*rows, site("900", km_box(200, 200, 201, 201), year=1990), site("901", km_box(200, 200, 201, 201), year=2020)]


@settings(max_examples=25, deadline=None)
@given(squares, st.randoms(use_true_random=False))
def test_coverage_does_not_depend_on_row_order(spec: list[tuple], rnd) -> None:
    rows = _fixed_years(_rows(spec))
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    a, b = coverage(rows), coverage(shuffled)
    assert np.allclose(a["protected_km2"], b["protected_km2"], rtol=1e-9, atol=1e-6)


@settings(max_examples=25, deadline=None)
@given(squares, st.tuples(st.integers(-20, 110), st.integers(-20, 110), st.integers(1, 30),
                          st.one_of(st.none(), st.integers(1990, 2020)), st.just("PA")))
def test_adding_a_site_never_lowers_coverage(spec: list[tuple], extra: tuple) -> None:
    before = coverage(_fixed_years(_rows(spec)))
    after = coverage(_fixed_years(_rows([*spec, extra])))
    assert (after["value"].to_numpy() >= before["value"].to_numpy() - 1e-9).all()


@settings(max_examples=25, deadline=None)
@given(squares)
def test_coverage_is_a_percentage_and_never_falls_over_time(spec: list[tuple]) -> None:
    frame = coverage(_fixed_years(_rows(spec)))
    assert frame["value"].between(0, 100).all()
    for _, realm in frame.groupby("realm"):
        assert realm.sort_values("year")["value"].is_monotonic_increasing


# --- KBA coverage ------------------------------------------------------------------------------


def test_kba_coverage_mean_and_classes() -> None:
    kbas = pd.DataFrame(
        {
            "site_code": ["K1", "K2", "K3"],
            "name": ["fully", "half", "none"],
            "geom": [km_box(10, 10, 20, 20), km_box(40, 40, 50, 50), km_box(80, 80, 90, 90)],
        }
    )
    rows = [site("1", km_box(9, 9, 21, 21), year=2000), site("2", km_box(40, 40, 45, 50), year=2010)]
    inputs = {"protected_areas": pd.DataFrame(rows), "key_biodiversity_areas": kbas}
    series = kba_protection_coverage.compute(inputs).frame.set_index("year")
    assert series.loc[2000, "value"] == pytest.approx(100 / 3, rel=1e-6)
    assert series.loc[2010, "value"] == pytest.approx(50.0, rel=1e-6)
    assert series.loc[2010, ["kba_full", "kba_partial", "kba_none"]].tolist() == [1, 1, 1]
    per_kba = kba_protection_coverage.compute(inputs, by="kba").frame.set_index("kba")
    assert per_kba.loc["K2", "value"] == pytest.approx(50.0, rel=1e-6)
    assert per_kba["coverage_class"].to_dict() == {"K1": "full", "K2": "partial", "K3": "none"}


# --- loaders on SQLite and PostgreSQL ----------------------------------------------------------


def _store(engine: Engine) -> None:
    with session_scope(engine) as session:
        rows = [
            site("1", km_box(10, 10, 20, 20), year=2000),
            site("2", km_box(15, 10, 25, 20), year=2010, site_type="OECM", status="Established"),
            site("3", km_point(50, 50), year=None, area=25.0),
            site("4", km_polygon([(60, 60), (70, 70), (70, 60), (60, 70)]), year=2005),  # bow tie, 50 km²
            site("5", km_box(0, 0, 60, 60), designation="UNESCO-MAB Biosphere Reserve"),
            site("6", km_box(0, 0, 60, 60), status="Proposed"),
            site("7", km_box(95, 40, 105, 50), year=2015),  # coastal: 50 km² land, 50 km² sea
        ]
        for row in rows:
            row.pop("wdpa_release")
            session.add(ProtectedArea(**row, realm="terrestrial", iso3="KOR", wdpa_release="Nov2025",
                                      is_point=row["geom"].geom_type == "Point"))
        session.add(ProtectedArea(site_id=8, parcel_id="8", site_type="PA", status="Designated", status_year=2000,
                                  realm="terrestrial", iso3="JPN", geom=km_box(0, 0, 90, 90)))  # another country
        for _, b in boundaries(provinces=True).iterrows():
            session.add(AdminBoundary(level=b["level"], code=b["code"], code_system="TEST", name_ko=b["name_ko"],
                                      name_en=b["name_en"], source=b["source"], geom=b["geom"]))
        session.add(KeyBiodiversityArea(site_code="K1", name="K1", iso3="KOR", geom=km_box(10, 10, 20, 20)))
        session.add(KeyBiodiversityArea(site_code="K2", name="K2", iso3="KOR", geom=km_box(80, 80, 90, 90)))


def test_loaders_give_the_same_numbers_on_sqlite_and_postgresql(engine: Engine) -> None:
    _store(engine)
    with session_scope(engine) as session:
        inputs = load_coverage_inputs(session)
        kba_inputs = load_kba_inputs(session)
    sites = inputs["protected_areas"].set_index("parcel_id")
    assert "8" not in sites.index  # other country's rows are not read
    assert sites.loc["5", "geom"] is None and sites.loc["6", "geom"] is None  # excluded rows arrive without polygon
    result = protected_area_coverage.compute(inputs)
    frame = result.frame.set_index(["realm", "year"])
    assert frame.loc[("terrestrial", 2015), "protected_km2"] == pytest.approx(150 + 25 + 50 + 50, rel=1e-3)
    assert frame.loc[("terrestrial", 2000), "protected_km2"] == pytest.approx(100 + 25, rel=1e-3)
    assert frame.loc[("marine", 2015), "protected_km2"] == pytest.approx(50.0, rel=1e-6)
    assert frame.loc[("terrestrial", 2025), "protected_km2"] == pytest.approx(275.0, rel=1e-3)  # release year Nov2025
    assert result.counts["polygons_repaired"] == 1
    assert result.provenance["wdpa_release"] == "Nov2025"
    assert {"tables", "data_version", "land_boundary", "marine_boundary"} <= set(result.provenance)
    provinces = protected_area_coverage.compute(inputs, by="province").frame.set_index("province")
    assert provinces.loc["11", "protected_km2"] == pytest.approx(150.0 + 12.5, rel=1e-3)  # half the circle
    kba = kba_protection_coverage.compute(kba_inputs).frame.set_index("year")
    assert kba.loc[2025, "value"] == pytest.approx(50.0, rel=1e-6)


# --- the command line --------------------------------------------------------------------------


def test_cli_prints_the_specified_header(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cov.sqlite'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    _store(engine)
    engine.dispose()
    for by, header in (("year", "year,realm,protected_km2,total_km2,value"),
                       ("province", "year,realm,province,protected_km2,total_km2,value")):
        done = subprocess.run(
            [sys.executable, str(REPO / "cli.py"), "--db", url, "compute", "protected_area_coverage",
             "--by", by, "--format", "csv"],
            cwd=REPO, capture_output=True, text=True, timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[0] == header
    done = subprocess.run(
        [sys.executable, str(REPO / "cli.py"), "--db", url, "compute", "kba_protection_coverage", "--format", "csv"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "year,value,n_kba,kba_full,kba_partial,kba_none"


# --- the sample database -----------------------------------------------------------------------


@pytest.mark.slow
def test_sample_database_coverage_is_plausible(sample_database: Path) -> None:
    engine = make_engine(f"sqlite:///{sample_database}")
    with session_scope(engine) as session:
        inputs = load_coverage_inputs(session)
        kba_inputs = load_kba_inputs(session)
    result = protected_area_coverage.compute(inputs)
    land = latest(result.frame, "terrestrial")
    assert 3.0 < land["value"] < 60.0, land.to_dict()
    assert land["total_km2"] == pytest.approx(98_740.65, rel=1e-4)  # the shipped Natural Earth outline
    if "marine" in set(result.frame["realm"]):
        assert 0.1 < latest(result.frame, "marine")["value"] < 60.0
    assert result.counts["polygons_repaired"] >= 1
    assert result.counts["excluded: UNESCO-MAB Biosphere Reserve"] >= 1
    assert result.counts["excluded: status Proposed"] >= 1
    provinces = protected_area_coverage.compute(inputs, by="province").frame
    assert len(provinces) == 17 and provinces["value"].between(0, 100).all()
    kba = kba_protection_coverage.compute(kba_inputs).frame
    assert kba["value"].between(0, 100).all()
    engine.dispose()


# --- real data (read from ../shared, never copied) ---------------------------------------------


@pytest.mark.realdata
def test_mollweide_area_reproduces_galapagos_gis_area() -> None:
    import pyogrio

    path = shared_path("realdata", "wdpa_sample", "galapagos_wdpaid191", "WDPA_WDOECM_Mar2021_Public_191_shp-polygons.shp")
    meta, _fids, geometries, fields = pyogrio.raw.read(path)
    columns = list(meta["fields"])
    record = {name: fields[i][0] for i, name in enumerate(columns)}
    frame = pd.DataFrame(
        [{
            "site_id": int(record["WDPAID"]), "parcel_id": str(record["WDPA_PID"]),
            "site_type": "PA" if str(record["PA_DEF"]) == "1" else "OECM", "status": record["STATUS"],
            "status_year": int(record["STATUS_YR"]), "designation_en": record["DESIG_ENG"],
            "reported_area_km2": float(record["REP_AREA"]), "geom": shapely.from_wkb(geometries[0]),
        }]
    )
    selection = select_sites(frame, "both")
    assert len(selection.sites) == 1  # Inscribed World Heritage Site: counted
    prepared = prepare_sites(selection.sites)
    area = float(shapely.area(prepared.geometries[0]) / 1e6)
    assert round(area, 4) == round(float(record["GIS_AREA"]), 4)


@pytest.mark.realdata
def test_shipped_land_denominator_against_protected_planet_is_disclosed() -> None:
    path = shared_path("realdata", "published_figures", "protected_planet_stats", "country_statistics_2026-05-01.csv")
    with path.open(encoding="utf-8") as handle:
        kor = next(row for row in csv.DictReader(handle) if row["iso3"] == "KOR")
    import json

    outline = json.loads((REPO / "sample_data/boundaries/naturalearth_v4.1.0_10m_admin0_KOR.geojson").read_text("utf-8"))
    feature = outline["features"][0] if outline.get("type") == "FeatureCollection" else outline
    ours = float(mollweide_area_km2([shapely.geometry.shape(feature["geometry"])])[0])
    official = float(kor["land_area"])
    difference = (ours - official) / official * 100
    assert -3.0 < difference < -2.0  # smaller than Protected Planet's land: our % reads higher
    caveats = " ".join(c.en for c in load_metadata("protected_area_coverage").caveats)
    assert f"{ours:,.2f}" in caveats
    assert f"{official:,.2f}" in caveats
    assert f"{abs(difference):.2f} %" in caveats


def test_site_notes_group_thousands_in_both_languages() -> None:
    """National counts read 2,916, not 2916, in the notes under the chart."""
    from indicators.coverage_geometry import PreparedSites, site_notes_and_counts

    sites = pd.DataFrame({"site_id": range(2916)})
    prepared = PreparedSites(np.empty(0, dtype=object), np.full(2916, np.nan), repaired=1200, buffered_points=1500,
                             dropped_points=0)
    notes, counts = site_notes_and_counts(sites, {"status Proposed": 1087}, prepared, "both")
    assert counts["sites"] == 2916 and counts["unknown_status_year"] == 2916
    english = " ".join(note.text("en") for note in notes)
    korean = " ".join(note.text("ko") for note in notes)
    for grouped in ("2,916", "1,200", "1,500", "1,087"):
        assert grouped in english and grouped in korean
    assert "2916" not in english + korean
