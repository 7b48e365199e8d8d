"""Occurrence-based indicator inputs (issue #9): the set-based loaders against independent references.

The loaders of `species_protection`, `knowledge_digitisation` and `invasive_species_establishment`
aggregate in SQL from covering indexes and test each distinct place once; these tests rebuild the
same frames the slow, obvious way (row by row, shapely point by point) and require equality, on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from sqlalchemy import Engine
from test_protected_area_coverage import km_box, km_point

from data_access.aggregation_indexes import AGGREGATION_INDEXES, RECORDED_ALIEN
from data_access.database import session_scope
from data_access.models import LegalStatus, Occurrence, ProtectedArea, RedListAssessment, Taxon
from data_access.queries import species_protection_inputs
from data_access.queries.invasive_inputs import ALIEN_ESTABLISHMENT_MEANS, load_alien_first_records
from data_access.queries.knowledge_inputs import load_knowledge_inputs
from data_access.queries.species_protection_inputs import _SortedPoints, load_species_protection_inputs

GEOD = Geod(ellps="WGS84")


# --- species protection ------------------------------------------------------------------------


def _store_protection(engine: Engine) -> list[tuple[int, float, float, str]]:
    """Two threatened species sharing places, a synonym at its accepted name's place, edge cases."""
    box = km_box(0, 0, 10, 10)
    corner = shapely.get_coordinates(box)[0]  # a polygon vertex: on the boundary
    centre = km_point(50, 50)
    lon_c, lat_c = centre.x, centre.y
    with session_scope(engine) as session:
        session.add_all(
            [
                Taxon(id=1, scientific_name="Alpha rara", taxon_group="Birds", ktsn="A"),
                Taxon(
                    id=2,
                    scientific_name="Alpha synonyma",
                    taxon_group="Birds",
                    name_status="synonym",
                    accepted_taxon_id=1,
                ),
                Taxon(id=3, scientific_name="Beta rara", taxon_group="Plants", ktsn="B"),
            ]
        )
        session.flush()
        for taxon_id, key, group in [(1, "A", "Birds"), (3, "B", "Plants")]:
            session.add(
                RedListAssessment(
                    scope="national",
                    taxon_key=key,
                    taxon_id=taxon_id,
                    taxon_group=group,
                    year=2020,
                    category="EN",
                )
            )
        session.add_all(
            [
                ProtectedArea(
                    site_id=1,
                    parcel_id="1",
                    site_type="PA",
                    status="Designated",
                    status_year=2001,
                    realm="terrestrial",
                    iso3="KOR",
                    is_point=False,
                    geom=box,
                ),
                ProtectedArea(
                    site_id=2,
                    parcel_id="2",
                    site_type="PA",
                    status="Designated",
                    status_year=1995,
                    realm="terrestrial",
                    iso3="KOR",
                    is_point=False,
                    geom=km_box(5, 5, 20, 20),
                ),
                ProtectedArea(
                    site_id=3,
                    parcel_id="3",
                    site_type="OECM",
                    status="Established",
                    status_year=None,
                    reported_area_km2=10.0,
                    realm="terrestrial",
                    iso3="KOR",
                    is_point=True,
                    geom=centre,
                ),
            ]
        )
        radius = float(np.sqrt(10.0 * 1e6 / np.pi))
        inside_circle = GEOD.fwd(lon_c, lat_c, 90.0, radius * 0.99)[:2]
        outside_circle = GEOD.fwd(lon_c, lat_c, 0.0, radius * 1.01)[:2]
        p_in, p_both, p_out = km_point(2, 2), km_point(7, 7), km_point(40, 0)
        records = [
            (1, p_in.x, p_in.y, "PRESENT"),
            (3, p_in.x, p_in.y, "PRESENT"),  # one place, two species
            (1, p_both.x, p_both.y, "PRESENT"),
            (2, p_both.x, p_both.y, "PRESENT"),  # synonym: one location
            (3, p_both.x, p_both.y, "PRESENT"),  # in both boxes: the earlier year (1995)
            (1, float(corner[0]), float(corner[1]), "PRESENT"),  # on the boundary: protected
            (3, *inside_circle, "PRESENT"),
            (1, *outside_circle, "PRESENT"),
            (3, p_out.x, p_out.y, "PRESENT"),
            (3, p_out.x, p_out.y, "PRESENT"),  # two records, one location
            (1, p_out.x, p_out.y, "ABSENT"),  # not a presence
        ]
        for i, (taxon_id, lon, lat, status) in enumerate(records):
            session.add(
                Occurrence(
                    record_key=f"p{i}",
                    basis_of_record="HUMAN_OBSERVATION",
                    occurrence_status=status,
                    scientific_name="x",
                    taxon_id=taxon_id,
                    decimal_longitude=lon,
                    decimal_latitude=lat,
                    country_code="KR",
                )
            )
    return [(1 if t == 2 else t, lon, lat, s) for t, lon, lat, s in records]


def _reference_protection(
    records: list[tuple[int, float, float, str]], sites: list[tuple[shapely.Geometry, float, float]]
) -> dict:
    """{(taxon, first year or -1): (locations, records)}, point by point with shapely and pyproj."""
    present = pd.DataFrame(
        [r for r in records if r[3] == "PRESENT"], columns=["taxon_id", "lon", "lat", "status"]
    )
    located = present.groupby(["taxon_id", "lon", "lat"], as_index=False).size()
    out: dict[tuple[int, int], list[int]] = {}
    for row in located.itertuples():
        point = shapely.Point(row.lon, row.lat)
        years = []
        for geom, year, area in sites:
            if geom.geom_type == "Point":
                distance = GEOD.inv(geom.x, geom.y, row.lon, row.lat)[2]
                if distance <= np.sqrt(area * 1e6 / np.pi):
                    years.append(year)
            elif geom.intersects(point):
                years.append(year)
        key = (int(row.taxon_id), int(min(years)) if years else -1)
        out.setdefault(key, [0, 0])
        out[key][0] += 1
        out[key][1] += int(row.size)
    return {k: tuple(v) for k, v in out.items()}


def test_species_protection_loader_equals_point_by_point_reference(engine: Engine) -> None:
    records = _store_protection(engine)
    sites = [
        (km_box(0, 0, 10, 10), 2001, 0.0),
        (km_box(5, 5, 20, 20), 1995, 0.0),
        (km_point(50, 50), 0, 10.0),
    ]
    expected = _reference_protection(records, sites)
    with session_scope(engine) as session:
        loaded = load_species_protection_inputs(session)
    got = {
        (int(r.taxon_id), -1 if pd.isna(r.protected_from) else int(r.protected_from)): (
            int(r.n_locations),
            int(r.n_records),
        )
        for r in loaded["occurrence_protection"].itertuples()
    }
    assert got == expected
    # the shared place counts for both species; the synonym's record joins its accepted name's location
    assert got[(1, 1995)] == (1, 2) and got[(3, 1995)] == (1, 1)
    assert got[(3, -1)] == (1, 2)


def test_each_distinct_place_is_tested_once(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _store_protection(engine)
    seen: list[int] = []
    original = species_protection_inputs._ProtectedSites.first_year

    def counting(self, lon, lat):  # type: ignore[no-untyped-def]
        seen.append(len(lon))
        return original(self, lon, lat)

    monkeypatch.setattr(species_protection_inputs._ProtectedSites, "first_year", counting)
    with session_scope(engine) as session:
        locations = load_species_protection_inputs(session)["occurrence_protection"]["n_locations"].sum()
    assert locations == 8  # (species, place) pairs
    assert sum(seen) == 6  # distinct places: the two shared ones are tested once


boxes_strategy = st.lists(
    st.tuples(st.floats(0, 10), st.floats(0, 10), st.floats(0, 5), st.floats(0, 5)), min_size=1, max_size=8
)


@settings(max_examples=60, deadline=None)
@given(boxes_strategy, st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=1, max_size=40))
def test_box_candidates_equal_brute_force(boxes: list[tuple], points: list[tuple[int, int]]) -> None:
    # points on a half-unit grid so that some fall exactly on box edges
    xy = np.asarray(points, dtype=float) / 2.0
    order = np.argsort(xy[:, 0], kind="stable")
    sorted_points = _SortedPoints(xy[order, 0], xy[order, 1])
    array = np.asarray([(x, y, x + w, y + h) for x, y, w, h in boxes])
    box, point = sorted_points.in_boxes(array)
    got = {(int(b), int(order[p])) for b, p in zip(box, point, strict=True)}
    expected = {
        (b, p)
        for b, (x0, y0, x1, y1) in enumerate(array)
        for p, (x, y) in enumerate(xy)
        if x0 <= x <= x1 and y0 <= y <= y1
    }
    assert got == expected


# --- knowledge digitisation --------------------------------------------------------------------


def test_knowledge_coverage_equals_row_by_row_reference(engine: Engine) -> None:
    rows = [
        # taxon, lat, lon, province, digitised_year, year
        (1, 37.5, 127.0, "11", 2015, 2010),
        (1, 37.6, 127.1, "11", None, 2008),  # first 2008 (record year)
        (2, 37.5, 127.0, "11", 2012, None),  # synonym of 1 in the same province: one species there
        (2, 35.1, 129.0, "26", 2020, None),
        (3, 36.0, 128.0, None, 2019, None),  # georeferenced, no province: national only
        (3, None, None, "26", 2001, None),  # not georeferenced
        (4, 36.5, 127.5, "41", None, None),  # no year at all: first year unknown
        (5, 36.5, 127.5, "41", 2018, None),  # a genus: national count, not the species list
        (7, 35.0, 129.1, "26", 2016, None),  # two synonyms of species 6, without it, in one province:
        (8, 35.2, 129.2, "26", 2017, None),  # one species there
    ]
    with session_scope(engine) as session:
        session.add_all(
            [
                Taxon(id=1, scientific_name="A a", taxon_group="Aves", rank="species"),
                Taxon(
                    id=2,
                    scientific_name="A b",
                    taxon_group="Aves",
                    rank="species",
                    name_status="synonym",
                    accepted_taxon_id=1,
                ),
                Taxon(id=3, scientific_name="B a", taxon_group="Insecta", rank="species"),
                Taxon(id=4, scientific_name="B b", taxon_group="Insecta", rank="species"),
                Taxon(id=5, scientific_name="C", taxon_group="Insecta", rank="genus"),
                Taxon(
                    id=6, scientific_name="C c", taxon_group="Insecta", rank="species"
                ),  # only under synonyms
            ]
        )
        session.flush()
        session.add_all(
            [
                Taxon(
                    id=7,
                    scientific_name="C d",
                    taxon_group="Insecta",
                    rank="species",
                    name_status="synonym",
                    accepted_taxon_id=6,
                ),
                Taxon(
                    id=8,
                    scientific_name="C e",
                    taxon_group="Insecta",
                    rank="species",
                    name_status="synonym",
                    accepted_taxon_id=6,
                ),
            ]
        )
        session.flush()
        for i, (taxon_id, lat, lon, province, digitised, year) in enumerate(rows):
            session.add(
                Occurrence(
                    record_key=f"k{i}",
                    basis_of_record="HUMAN_OBSERVATION",
                    scientific_name="x",
                    taxon_id=taxon_id,
                    decimal_latitude=lat,
                    decimal_longitude=lon,
                    province_code=province,
                    digitised_year=digitised,
                    year=year,
                )
            )
    with session_scope(engine) as session:
        inputs = load_knowledge_inputs(session)
    coverage = inputs["species_coverage"]
    got = {
        (r.taxon_group, None if pd.isna(r.first_year) else int(r.first_year)): int(r.species)
        for r in coverage.itertuples()
    }
    assert got == {("Aves", 2008): 1, ("Insecta", 2016): 1, ("Insecta", 2019): 1, ("Insecta", None): 1}
    provinces = inputs["province_coverage"].set_index("province_code")
    assert provinces.loc["11", "species"] == 1 and provinces.loc["11", "records"] == 3
    assert provinces.loc["26", "species"] == 2 and provinces.loc["26", "records"] == 3
    assert provinces.loc["41", "species"] == 2 and provinces.loc["41", "records"] == 2
    assert set(provinces.index) == {"11", "26", "41"}
    assert set(provinces["national_species"]) == {5}  # accepted taxa 1, 3, 4, 5, 6
    national = inputs["national_species"].set_index("taxon_group")["species"]
    assert national.to_dict() == {"Aves": 1, "Insecta": 3}  # accepted species 1; 3, 4, 6


# --- invasive species establishment ------------------------------------------------------------


def test_recorded_alien_index_predicate_lists_the_alien_establishment_means() -> None:
    listed = tuple(re.findall(r"'([^']+)'", RECORDED_ALIEN))
    assert sorted(listed) == sorted(ALIEN_ESTABLISHMENT_MEANS)
    assert RECORDED_ALIEN in AGGREGATION_INDEXES["ix_occurrence_recorded_alien"]


def test_alien_first_records_from_flags_any_case_and_synonyms(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add_all(
            [
                Taxon(id=1, scientific_name="Native one", taxon_group="Plantae", is_native=True),
                Taxon(id=2, scientific_name="Flagged", taxon_group="Aves", is_native=True),
                Taxon(
                    id=3,
                    scientific_name="Flagged syn",
                    taxon_group="Aves",
                    name_status="synonym",
                    accepted_taxon_id=2,
                ),
                Taxon(id=4, scientific_name="Managed only", taxon_group="Aves", is_native=True),
                Taxon(id=5, scientific_name="Designated", taxon_group="Pisces", is_native=None),
            ]
        )
        session.flush()
        session.add(
            LegalStatus(
                taxon_id=5, scheme="CONCERN_FOR_INTRODUCTION", value="Y", valid_from=dt.date(2020, 1, 1)
            )
        )
        records = [
            (1, 1990, "native", "PRESENT"),
            (
                3,
                2003,
                "Introduced",
                "PRESENT",
            ),  # flag on the synonym, upper case: the accepted taxon is alien
            (2, 1999, None, "ABSENT"),  # absence: not a first record
            (2, 2001, None, "PRESENT"),
            (4, 1980, "managed", "PRESENT"),  # kept, not alien
            (5, 2021, None, "present"),
        ]
        for i, (taxon_id, year, means, status) in enumerate(records):
            session.add(
                Occurrence(
                    record_key=f"i{i}",
                    basis_of_record="HUMAN_OBSERVATION",
                    scientific_name="x",
                    taxon_id=taxon_id,
                    year=year,
                    establishment_means=means,
                    occurrence_status=status,
                )
            )
    with session_scope(engine) as session:
        frame = load_alien_first_records(session)
    assert frame.to_dict("records") == [
        {"taxon_id": 2, "taxon_group": "Aves", "first_year": 2001},
        {"taxon_id": 5, "taxon_group": "Pisces", "first_year": 2021},
    ]
