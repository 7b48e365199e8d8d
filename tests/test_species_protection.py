"""Species protection: hand-worked shares, properties, the loaders on SQLite and PostGIS, the sample database."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from sqlalchemy import Engine
from test_protected_area_coverage import km_box, km_point, km_polygon

from data_access.database import make_engine, session_scope, upgrade_schema
from data_access.models import LegalStatus, Occurrence, ProtectedArea, RedListAssessment, Taxon
from data_access.queries.species_protection_inputs import load_species_protection_inputs
from indicators import species_protection
from indicators.result import NoDataError

REPO = Path(__file__).resolve().parents[1]
GEOD = Geod(ellps="WGS84")


def inputs(species: list[tuple[int, str]], protection: list[tuple[int, float | None, int]],
           years: list[int | None]) -> dict[str, pd.DataFrame]:
    return {
        "threatened_species": pd.DataFrame(species, columns=["taxon_id", "taxon_group"]),
        "occurrence_protection": pd.DataFrame(protection, columns=["taxon_id", "protected_from", "n_locations"]),
        "protected_area_years": pd.DataFrame({"status_year": years}),
    }


# --- hand-worked -------------------------------------------------------------------------------


def test_mean_of_species_shares_by_group_and_overall() -> None:
    data = inputs(
        [(1, "Birds"), (2, "Birds"), (3, "Plants")],
        [(1, 2000, 1), (1, None, 3), (2, 0, 2), (3, 2010, 1), (3, None, 1)],
        [2000, 2010, None],
    )
    result = species_protection.compute(data)
    frame = result.frame.set_index(["taxon_group", "year"])
    # 2000: species 1 = 1/4, species 2 = 2/2 (unknown-year site: every year), species 3 = 0/2
    assert frame.loc[("Birds", 2000), "value"] == pytest.approx((25 + 100) / 2)
    assert frame.loc[("all", 2000), "value"] == pytest.approx((25 + 100 + 0) / 3)
    assert frame.loc[("Plants", 2010), "value"] == pytest.approx(50.0)
    assert frame.loc[("all", 2010), "value"] == pytest.approx((25 + 100 + 50) / 3)
    assert frame.loc[("all", 2010), "n_species"] == 3
    assert frame.loc[("all", 2010), "n_locations"] == 8
    assert sorted(set(result.frame["year"])) == list(range(2000, 2011))
    assert result.counts["species"] == 3
    assert any("based on 3 threatened species" in note for note in result.notes)
    assert list(result.output_frame.columns) == ["year", "taxon_group", "value", "n_species", "n_locations"]


def test_species_without_located_records_are_left_out_and_reported() -> None:
    data = inputs([(1, "Birds"), (2, "Birds")], [(1, 2000, 1)], [2000])
    result = species_protection.compute(data)
    assert result.frame.set_index("taxon_group").loc["all", "value"] == pytest.approx(100.0)
    assert result.counts["species_without_locations"] == 1


def test_one_year_only() -> None:
    data = inputs([(1, "Birds")], [(1, 2000, 1), (1, 2010, 1)], [2000, 2010])
    frame = species_protection.compute(data, year=2005).frame
    assert frame["year"].unique().tolist() == [2005]
    assert frame.set_index("taxon_group").loc["all", "value"] == pytest.approx(50.0)


def test_no_threatened_species_is_a_no_data_error() -> None:
    with pytest.raises(NoDataError):
        species_protection.compute(inputs([], [], [2000]))
    with pytest.raises(NoDataError):
        species_protection.compute(inputs([(1, "Birds")], [], [2000]))


protection_rows = st.lists(
    st.tuples(st.integers(1, 6), st.one_of(st.none(), st.just(0), st.integers(1990, 2020)), st.integers(1, 5)),
    min_size=1, max_size=30,
)


@settings(max_examples=40, deadline=None)
@given(protection_rows, st.randoms(use_true_random=False))
def test_properties_percentage_monotone_and_order_free(rows: list[tuple], rnd) -> None:
    species = [(i, "Birds" if i % 2 else "Plants") for i in range(1, 7)]
    frame = species_protection.compute(inputs(species, rows, [1990, 2020])).frame
    assert frame["value"].between(0, 100).all()
    for _, group in frame.groupby("taxon_group"):
        assert group.sort_values("year")["value"].is_monotonic_increasing
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    again = species_protection.compute(inputs(species[::-1], shuffled, [2020, 1990])).frame
    merged = frame.merge(again, on=["taxon_group", "year"])
    assert np.allclose(merged["value_x"], merged["value_y"])


# --- loaders on both databases -----------------------------------------------------------------


def _geodesic_offset(point: shapely.Point, metres: float) -> tuple[float, float]:
    lon, lat, _ = GEOD.fwd(point.x, point.y, 45.0, metres)
    return float(lon), float(lat)


def _store(engine: Engine) -> None:
    centre = km_point(50, 50)
    with session_scope(engine) as session:
        taxa = [
            Taxon(id=1, scientific_name="Aquila chrysaetos", taxon_group="Birds", ktsn="K1"),
            Taxon(id=2, scientific_name="Aquila synonyma", taxon_group="Birds", name_status="synonym", accepted_taxon_id=1),
            Taxon(id=3, scientific_name="Plantus rarus", taxon_group="Plants", ktsn="K3"),
            Taxon(id=4, scientific_name="Communis vulgaris", taxon_group="Birds", ktsn="K4"),
            Taxon(id=5, scientific_name="Olim periclitata", taxon_group="Birds", ktsn="K5"),
            Taxon(id=6, scientific_name="Nusquam inventa", taxon_group="Plants", ktsn="K6"),
            Taxon(id=7, scientific_name="Lex expirata", taxon_group="Plants", ktsn="K7"),
        ]
        session.add_all(taxa)
        session.flush()
        for taxon_id, key, group, year, category in [
            (1, "K1", "Birds", 2010, "VU"), (1, "K1", "Birds", 2020, "EN"),
            (4, "K4", "Birds", 2020, "LC"), (5, "K5", "Birds", 2010, "EN"), (5, "K5", "Birds", 2020, "LC"),
            (None, "K6", "Plants", 2021, "CR"),  # matched to its taxon by KTSN
        ]:
            session.add(RedListAssessment(scope="national", taxon_key=key, taxon_id=taxon_id, taxon_group=group,
                                          year=year, category=category))
        session.add(LegalStatus(taxon_id=3, scheme="KR_ENDANGERED", value="II", valid_from=dt.date(2012, 1, 1)))
        session.add(LegalStatus(taxon_id=7, scheme="KR_ENDANGERED", value="I", valid_from=dt.date(1990, 1, 1),
                                valid_to=dt.date(2000, 1, 1)))
        pas = [
            ("1", km_box(0, 0, 10, 10), "PA", "Designated", 2000, None, None),
            ("2", km_box(20, 0, 30, 10), "OECM", "Established", 2010, None, None),
            ("3", centre, "PA", "Designated", None, 25.0, None),  # radius 2.82 km
            ("4", km_box(60, 0, 70, 10), "PA", "Proposed", 2012, None, None),
            ("5", km_box(80, 0, 90, 10), "PA", "Designated", 2001, None, "UNESCO-MAB Biosphere Reserve"),
            ("6", km_polygon([(0, 20), (10, 30), (10, 20), (0, 30)]), "PA", "Designated", 2005, None, None),  # bow tie
        ]
        for parcel, geom, kind, status, year, area, designation in pas:
            session.add(ProtectedArea(site_id=int(parcel), parcel_id=parcel, site_type=kind, status=status,
                                      status_year=year, reported_area_km2=area, designation_en=designation,
                                      realm="terrestrial", iso3="KOR", is_point=geom.geom_type == "Point", geom=geom))
        near, far = _geodesic_offset(centre, 1_000), _geodesic_offset(centre, 4_000)
        records = [
            (1, km_point(5, 5), "PRESENT", "KR"),  # P1, 2000
            (1, km_point(5, 5), "PRESENT", "KR"),  # same location again: counted once
            (1, km_point(25, 5), "PRESENT", None),  # OECM, 2010
            (2, shapely.Point(near), "PRESENT", "KR"),  # synonym, inside the point site's circle: every year
            (1, shapely.Point(far), "PRESENT", "KR"),  # outside the circle
            (1, km_point(65, 5), "PRESENT", "KR"),  # Proposed site: not protected
            (1, km_point(85, 5), "PRESENT", "KR"),  # MAB reserve: not protected
            (1, km_point(1, 25), "PRESENT", "KR"),  # inside the repaired bow tie, 2005
            (1, km_point(6, 6), "ABSENT", "KR"),  # absence record: ignored
            (1, km_point(7, 7), "PRESENT", "JP"),  # recorded abroad: ignored
            (3, km_point(5, 6), "PRESENT", "KR"),  # legal class II, P1
            (3, km_point(95, 95), "PRESENT", "KR"),
            (4, km_point(5, 5), "PRESENT", "KR"),  # Least Concern: not threatened
            (5, km_point(5, 5), "PRESENT", "KR"),  # threatened only in an older round
            (7, km_point(5, 5), "PRESENT", "KR"),  # legal status expired
        ]
        for i, (taxon_id, point, status, country) in enumerate(records):
            session.add(Occurrence(record_key=f"r{i}", basis_of_record="HUMAN_OBSERVATION", occurrence_status=status,
                                   scientific_name="x", taxon_id=taxon_id, decimal_longitude=point.x,
                                   decimal_latitude=point.y, country_code=country))


EXPECTED_PROTECTION = {(1, 0): 1, (1, 2000): 1, (1, 2005): 1, (1, 2010): 1, (1, -1): 3, (3, 2000): 1, (3, -1): 1}


def test_loaders_agree_on_sqlite_and_postgresql(engine: Engine) -> None:
    _store(engine)
    with session_scope(engine) as session:
        loaded = load_species_protection_inputs(session)
    species = loaded["threatened_species"].set_index("taxon_id")
    assert sorted(species.index) == [1, 3, 6]
    assert species.loc[1, "basis"] == "red_list:EN" and species.loc[3, "basis"] == "legal:II"
    assert species.loc[6, "taxon_group"] == "Plants"
    protection = loaded["occurrence_protection"]
    got = {
        (int(r.taxon_id), -1 if pd.isna(r.protected_from) else int(r.protected_from)): int(r.n_locations)
        for r in protection.itertuples()
    }
    assert got == EXPECTED_PROTECTION
    assert int(protection.loc[protection["protected_from"] == 2000, "n_records"].sum()) == 3  # duplicate record
    result = species_protection.compute(loaded)
    frame = result.frame.set_index(["taxon_group", "year"])
    assert list(frame.loc["all"].index) == list(range(2000, 2011))
    assert frame.loc[("all", 2000), "value"] == pytest.approx((2 / 7 + 1 / 2) / 2 * 100)
    assert frame.loc[("all", 2010), "value"] == pytest.approx((4 / 7 + 1 / 2) / 2 * 100)
    assert frame.loc[("Birds", 2010), "value"] == pytest.approx(4 / 7 * 100)
    assert result.counts["species"] == 2 and result.counts["species_without_locations"] == 1
    assert {"tables", "threatened", "spatial_engine", "data_version"} <= set(result.provenance)


def test_cli_header(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sp.sqlite'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    _store(engine)
    engine.dispose()
    done = subprocess.run(
        [sys.executable, str(REPO / "cli.py"), "--db", url, "compute", "species_protection", "--format", "csv"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "year,taxon_group,value,n_species,n_locations"


@pytest.mark.slow
def test_sample_database_species_protection_is_plausible(sample_database: Path) -> None:
    engine = make_engine(f"sqlite:///{sample_database}")
    with session_scope(engine) as session:
        loaded = load_species_protection_inputs(session)
    result = species_protection.compute(loaded)
    overall = result.frame[result.frame["taxon_group"] == "all"].sort_values("year").iloc[-1]
    assert result.counts["species"] >= 10
    assert 1.0 < overall["value"] < 95.0, overall.to_dict()
    engine.dispose()
