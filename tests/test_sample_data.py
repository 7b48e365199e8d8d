"""The seeded sample database: deterministic, sized as documented, and faithful to the figures of
shared/methods/korea_domain.md that the dashboard shows (absolute ones checked exactly)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from sqlalchemy import Engine, create_engine, inspect, text

from data_access.bulk_insert import insert_rows
from data_access.database import make_engine
from data_access.equal_area import MOLLWEIDE, to_mollweide
from data_access.geometry import Geometry
from data_access.models import Base
from sample_data.generator import EEZ_AREA_KM2, build_database

SEED = 20240101
TO_MOLLWEIDE = Transformer.from_crs("EPSG:4326", MOLLWEIDE, always_xy=True)

# Documented sample-scale sizes (sample_data/generator.py module docstring): (min, max) rows.
EXPECTED_RANGES: dict[str, tuple[int, int]] = {
    "taxon": (6_000, 8_000),
    "occurrence": (60_000, 60_000),
    "protected_area": (250, 450),
    "cites_permit": (3_500, 5_000),
    "cites_permit_line": (15_000, 30_000),
    "animal_event": (18_000, 35_000),
    "nbsap_action": (300, 300),
    "population": (300, 300),
    "legal_status": (300, 800),
    "red_list_assessment": (2_000, 5_000),
    "trade_case": (118, 118),
    "key_biodiversity_area": (3, 20),
}
# §2.5 ecosystem-disturbing taxa in force at year-end; absolute at every scale.
ECOSYSTEM_DISTURBING_BY_YEAR = {2015: 18, 2020: 30, 2022: 34, 2024: 40}
# §2.6 wildlife smuggling cases detected by customs.
SEIZURES_BY_YEAR = {2021: 7, 2022: 35, 2023: 45, 2024: 31}
CHECKSUM_TABLES = ("taxon", "legal_status", "red_list_assessment", "protected_area", "cites_permit_line",
                   "animal_event", "progress_report")


def build(path: Path, seed: int = SEED) -> tuple[Engine, dict[str, int]]:
    engine = make_engine(f"sqlite:///{path}")
    return engine, build_database(engine, scale="sample", seed=seed)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, dict[str, int]]:
    return build(tmp_path_factory.mktemp("sample") / "sample.sqlite")


@pytest.fixture(scope="module")
def engine(built: tuple[Engine, dict[str, int]]) -> Engine:
    return built[0]


def scalar(engine: Engine, sql: str, **params: object) -> object:
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar_one()


def rows(engine: Engine, sql: str, **params: object) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql), params)]


def table_checksum(engine: Engine, table: str) -> str:
    """sha256 of every column of every row in id order (geometry as stored bytes)."""
    digest = hashlib.sha256()
    with engine.connect() as connection:
        columns = [c["name"] for c in inspect(connection).get_columns(table)]
        for row in connection.execute(text(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id")):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


# --- determinism and sizes ----------------------------------------------------------------------


def test_same_seed_gives_identical_database(built: tuple[Engine, dict[str, int]], tmp_path: Path) -> None:
    engine, counts = built
    again, counts_again = build(tmp_path / "again.sqlite")
    assert counts_again == counts
    for table in CHECKSUM_TABLES:
        assert table_checksum(again, table) == table_checksum(engine, table), table
    batch_hashes = "SELECT kind, sha256, rows_inserted FROM import_batch ORDER BY id"
    assert rows(again, batch_hashes) == rows(engine, batch_hashes)


@pytest.mark.parametrize("table", sorted(EXPECTED_RANGES))
def test_row_counts_are_within_documented_ranges(built: tuple[Engine, dict[str, int]], table: str) -> None:
    low, high = EXPECTED_RANGES[table]
    assert low <= built[1][table] <= high


def test_a_second_build_on_the_same_database_is_refused(engine: Engine) -> None:
    with pytest.raises(ValueError, match="empty schema"):
        build_database(engine, scale="sample", seed=SEED)


def test_every_generated_row_has_its_import_batch(engine: Engine) -> None:
    batches = {kind: (name, sha) for kind, name, sha in rows(engine, "SELECT kind, file_name, sha256 FROM import_batch")}
    assert {"species", "redlist", "occurrences", "wdpa", "permits", "animal-events", "abs", "cooperation", "nbsap",
            "lpi", "cites-comptab"} <= set(batches)
    for kind, (file_name, sha) in batches.items():
        assert file_name == f"sample:{kind}"
        assert re.fullmatch(r"[0-9a-f]{64}", sha)
    with engine.connect() as connection:
        tables = [t for t in Base.metadata.sorted_tables if "batch_id" in t.c]
        for table in tables:
            missing = connection.execute(text(f"SELECT COUNT(*) FROM {table.name} WHERE batch_id IS NULL"
                                              + (" AND source NOT LIKE 'shipped:%'" if table.name == "admin_boundary" else "")))
            assert missing.scalar_one() == 0, table.name
            dangling = connection.execute(text(f"SELECT COUNT(*) FROM {table.name} WHERE batch_id IS NOT NULL "
                                               "AND batch_id NOT IN (SELECT id FROM import_batch)"))
            assert dangling.scalar_one() == 0, table.name


# --- figures of korea_domain.md ------------------------------------------------------------------


@pytest.mark.parametrize(("year", "expected"), sorted(ECOSYSTEM_DISTURBING_BY_YEAR.items()))
def test_ecosystem_disturbing_designations_follow_the_official_series(engine: Engine, year: int, expected: int) -> None:
    count = scalar(engine, """
        SELECT COUNT(DISTINCT taxon_id) FROM legal_status
        WHERE scheme = 'ECOSYSTEM_DISTURBING' AND valid_from <= :end AND (valid_to IS NULL OR valid_to >= :end)
    """, end=f"{year}-12-31")
    assert count == expected


def test_seizures_per_year_are_the_customs_figures(engine: Engine) -> None:
    found = dict(rows(engine, "SELECT CAST(strftime('%Y', detected_on) AS INTEGER), COUNT(*) FROM trade_case GROUP BY 1"))
    assert found == SEIZURES_BY_YEAR


def test_nbsap_2024_completion_rate_is_86_1_percent(engine: Engine) -> None:
    completed, total = rows(engine, """
        SELECT SUM(status = 'completed'), COUNT(*) FROM progress_report WHERE year = 2024 AND is_final
    """)[0]
    assert total == 294
    assert 100 * completed / total == pytest.approx(86.1, abs=0.5)
    assert scalar(engine, "SELECT COUNT(*) FROM progress_report WHERE year = 2025 AND is_final") == 0
    assert scalar(engine, "SELECT COUNT(*) FROM progress_report WHERE year = 2025 AND status = 'delayed'") > 0


def test_namibia_is_stored_as_na_never_as_null(engine: Engine) -> None:
    assert scalar(engine, "SELECT COUNT(*) FROM cites_permit WHERE partner_country = 'NA'") > 0
    assert scalar(engine, "SELECT COUNT(*) FROM cites_permit WHERE permit_type IN ('import', 'export', 're_export') "
                          "AND partner_country IS NULL") == 0
    assert scalar(engine, "SELECT COUNT(*) FROM country WHERE iso2 = 'NA'") == 1


def test_permit_counts_grow_like_the_official_series(engine: Engine) -> None:
    issued = dict(rows(engine, "SELECT CAST(strftime('%Y', issued_on) AS INTEGER), COUNT(*) FROM cites_permit "
                               "WHERE issued_on IS NOT NULL GROUP BY 1"))
    assert issued[2022] == round(7280 / 20) and issued[2023] == round(7472 / 20) and issued[2024] == round(11535 / 20)
    leather = scalar(engine, "SELECT AVG(term IN ('LPS', 'LPL', 'SKI', 'HAN', 'SHO', 'WAT')) FROM cites_permit_line")
    assert 0.6 <= leather <= 0.8


def test_permit_lines_carry_the_appendix_in_force(engine: Engine) -> None:
    grey_parrot = dict(rows(engine, """
        SELECT p.applied_on >= '2017-01-02', GROUP_CONCAT(DISTINCT l.appendix) FROM cites_permit_line l
        JOIN cites_permit p ON p.id = l.permit_id WHERE l.scientific_name = 'Psittacus erithacus' GROUP BY 1
    """))
    assert grey_parrot.get(1) in (None, "I") and grey_parrot.get(0) in (None, "II")
    assert grey_parrot


def test_endangered_lists_are_dated_and_large_enough(engine: Engine) -> None:
    on = dict(rows(engine, """
        SELECT d, COUNT(DISTINCT taxon_id) FROM legal_status, (SELECT '2013-01-01' AS d UNION SELECT '2020-01-01'
        UNION SELECT '2024-01-01')
        WHERE scheme = 'KR_ENDANGERED' AND valid_from <= d AND (valid_to IS NULL OR valid_to >= d) GROUP BY d
    """))
    assert min(on.values()) >= 60
    assert len({v for v in on.values()}) > 1  # the lists differ between re-designations
    assert scalar(engine, "SELECT COUNT(*) FROM legal_status WHERE scheme = 'KR_ENDANGERED' AND valid_to IS NOT NULL") > 0


def test_species_list_grows_like_the_national_totals(engine: Engine) -> None:
    listed = dict(rows(engine, """
        SELECT y, (SELECT COUNT(*) FROM taxon WHERE is_native AND name_status = 'accepted' AND year_listed <= y)
        FROM (SELECT 2016 AS y UNION SELECT 2025)
    """))
    assert listed[2016] / listed[2025] == pytest.approx(47003 / 62604, abs=0.03)
    endemic = scalar(engine, "SELECT AVG(is_endemic) FROM taxon WHERE is_native AND name_status = 'accepted'")
    assert 0.025 <= endemic <= 0.05
    assert scalar(engine, "SELECT COUNT(*) FROM taxon t JOIN taxon a ON t.accepted_taxon_id = a.id "
                          "WHERE t.name_status = 'synonym' AND a.name_status = 'accepted'") > 100


def test_red_list_rounds_keep_a_fixed_species_set(engine: Engine) -> None:
    groups = rows(engine, "SELECT taxon_group, COUNT(*) FROM assessment_round WHERE scope = 'national' GROUP BY 1")
    assert groups and all(n == 4 for _, n in groups)
    per_round = rows(engine, """
        SELECT taxon_group, year, COUNT(*), SUM(is_backcast), SUM(COALESCE(reason_for_change, '') = 'genuine')
        FROM red_list_assessment WHERE scope = 'national' GROUP BY 1, 2
    """)
    sizes: dict[str, set[int]] = {}
    for group, _year, n, _backcast, _genuine in per_round:
        sizes.setdefault(group, set()).add(n)
    assert all(len(s) == 1 for s in sizes.values())
    assert sum(r[3] for r in per_round) > 0 and sum(r[4] for r in per_round) > 0
    categories = {c for (c,) in rows(engine, "SELECT DISTINCT category FROM red_list_assessment")}
    assert {"DD", "NA", "RE", "CR", "LC"} <= categories


def test_life_cycle_contains_the_deliberate_anomalies(engine: Engine) -> None:
    never_registered = scalar(engine, """
        SELECT COUNT(*) FROM animal_specimen WHERE origin = 'imported'
        AND id NOT IN (SELECT specimen_id FROM animal_event WHERE event_type = 'entry')
    """)
    undisposed = scalar(engine, """
        SELECT COUNT(*) FROM animal_event WHERE event_type = 'death'
        AND specimen_id NOT IN (SELECT specimen_id FROM animal_event WHERE event_type = 'carcass_disposal')
    """)
    late = scalar(engine, "SELECT COUNT(*) FROM animal_event WHERE event_type = 'transfer' AND report_date > event_date")
    total = scalar(engine, "SELECT COUNT(*) FROM animal_specimen")
    assert 0 < never_registered < 0.05 * total
    assert undisposed > 0
    assert late > 0
    assert scalar(engine, "SELECT COUNT(*) FROM animal_event WHERE event_date > '2025-12-31'") == 0


def test_occurrences_lie_in_their_provinces(engine: Engine) -> None:
    provinces = {code: shapely.from_wkb(geom) for code, geom in
                 rows(engine, "SELECT code, geom FROM admin_boundary WHERE level = 'province'")}
    sample = rows(engine, "SELECT province_code, decimal_longitude, decimal_latitude FROM occurrence "
                          "WHERE decimal_latitude IS NOT NULL ORDER BY id LIMIT 2000")
    inside = [shapely.contains_xy(provinces[code], x, y) for code, x, y in sample]
    assert all(inside)
    assert scalar(engine, "SELECT COUNT(*) FROM occurrence WHERE decimal_latitude IS NULL") > 0
    assert scalar(engine, "SELECT COUNT(*) FROM occurrence WHERE establishment_means = 'introduced'") > 0
    assert scalar(engine, "SELECT COUNT(DISTINCT record_key) FROM occurrence") == 60_000


# --- protected areas ----------------------------------------------------------------------------


def coverage_shares(engine: Engine, *, include_mab: bool = False) -> tuple[float, float]:
    """Dissolved PA+OECM coverage of land and EEZ, as Protected Planet computes it (data_formats.md §1.3)."""
    land = to_mollweide(shapely.from_wkb(scalar(engine, "SELECT geom FROM admin_boundary WHERE level = 'country'")))
    eez = to_mollweide(shapely.from_wkb(scalar(engine, "SELECT geom FROM admin_boundary WHERE level = 'eez'")))
    footprints = []
    for geom, is_point, reported in rows(engine, """
        SELECT geom, is_point, reported_area_km2 FROM protected_area
        WHERE status IN ('Designated', 'Inscribed', 'Established')
    """ + ("" if include_mab else " AND designation_en <> 'UNESCO-MAB Biosphere Reserve'")):
        shape = shapely.make_valid(shapely.from_wkb(geom))
        if is_point:
            if not reported:
                continue
            x, y = TO_MOLLWEIDE.transform(shape.x, shape.y)
            shape = shapely.Point(x, y).buffer(np.sqrt(reported * 1e6 / np.pi))
        else:
            shape = to_mollweide(shape)
        footprints.append(shape)
    union = shapely.union_all(footprints)
    return union.intersection(land).area / land.area, union.intersection(eez).area / eez.area


def test_dissolved_land_coverage_is_about_17_percent(engine: Engine) -> None:
    land, marine = coverage_shares(engine)
    assert 0.15 <= land <= 0.20
    assert 0.01 <= marine <= 0.03
    with_mab, _ = coverage_shares(engine, include_mab=True)
    assert with_mab > land + 0.005  # biosphere reserves would inflate coverage if not excluded


def test_protected_areas_have_wdpa_attributes_and_traps(engine: Engine) -> None:
    assert scalar(engine, "SELECT COUNT(*) FROM protected_area WHERE wdpa_release <> 'Nov2025' OR iso3 <> 'KOR'") == 0
    assert scalar(engine, "SELECT COUNT(*) FROM protected_area WHERE status = 'Proposed'") > 0
    assert scalar(engine, "SELECT COUNT(*) FROM protected_area WHERE site_type = 'OECM' AND status_year < 2023") == 0
    assert scalar(engine, "SELECT COUNT(*) FROM protected_area WHERE site_type = 'OECM'") > 0
    assert scalar(engine, "SELECT COUNT(*) FROM protected_area WHERE is_point") > 0
    assert scalar(engine, "SELECT MIN(status_year) FROM protected_area WHERE name_en = 'Jirisan National Park'") == 1967
    invalid = [g for (g,) in rows(engine, "SELECT geom FROM protected_area WHERE NOT is_point")
               if not shapely.is_valid(shapely.from_wkb(g))]
    assert 1 <= len(invalid) <= 3
    eez_area = scalar(engine, "SELECT area_km2 FROM admin_boundary WHERE level = 'eez' AND code = 'KOR-EEZ'")
    assert eez_area == pytest.approx(EEZ_AREA_KM2, rel=0.005)


# --- bulk insert ---------------------------------------------------------------------------------


def test_insert_rows_converts_columns_by_sql_type() -> None:
    from sqlalchemy import Boolean, Column, Date, Float, Integer, MetaData, String, Table

    metadata = MetaData()
    table = Table("t", metadata, Column("id", Integer, primary_key=True), Column("n", Integer), Column("x", Float),
                  Column("flag", Boolean), Column("day", Date), Column("label", String), Column("g", Geometry()))
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as connection:
        written = insert_rows(connection, table, ["id", "n", "x", "flag", "day", "label", "g"], {
            "id": np.array([1, 2]), "n": np.array([5.0, np.nan]), "x": np.array([np.nan, 1.5]),
            "flag": np.array([True, False]), "day": np.array(["2024-02-29", "NaT"], dtype="datetime64[D]"),
            "label": np.array(["NA", None], dtype=object), "g": np.array([shapely.Point(127, 37), None], dtype=object),
        }, chunk=1)
        assert written == 2
        insert_rows(connection, table, ["id", "day", "label"], [(3, dt.date(2025, 1, 1), "KR")])
    with engine.connect() as connection:
        got = connection.execute(table.select().order_by(table.c.id)).all()
    assert got[0].n == 5 and got[1].n is None and got[0].x is None and got[1].x == 1.5
    assert got[0].flag is True and got[0].day == dt.date(2024, 2, 29) and got[1].day is None
    assert got[0].label == "NA" and got[1].label is None and got[0].g.equals(shapely.Point(127, 37))
    assert got[2].day == dt.date(2025, 1, 1)


def test_cites_trade_records_are_stored_as_the_importer_stores_a_web_export(engine: Engine, tmp_path: Path) -> None:
    """Generated records written out as the Trade Database web export writes them (terms and units
    as words) and imported again: every row is found unchanged, none added."""
    import shutil

    from data_access.importers import run_import
    from sample_data.generator import term_words
    from tests.fixtures.importers.helpers import write_csv
    from tests.test_importers_trade import WEB_HEADER

    sample = rows(engine, "SELECT year, appendix, taxon, class_name, order_name, family, genus, importer, exporter, origin, "
                          "importer_quantity, exporter_quantity, term, unit, purpose, source FROM cites_trade_record "
                          "WHERE id % 97 = 0 ORDER BY id")
    assert {row[12] for row in sample} <= set(term_words()) and "LIV" in {row[12] for row in sample}  # codes, not words
    words, unit_words = term_words(), {None: "Number of specimens", "KIL": "kg"}
    published = [["" if v is None else v for v in head]
                 + [words[term], unit_words.get(unit, unit), purpose or "", source or ""]
                 for *head, term, unit, purpose, source in sample]
    path = write_csv(tmp_path / "comptab_web_export.csv", WEB_HEADER, published)
    copy = tmp_path / "copy.sqlite"
    shutil.copy(engine.url.database, copy)
    report = run_import(make_engine(f"sqlite:///{copy}"), "cites-comptab", path)
    assert report.ok, [p.message("en") for p in report.errors]
    assert (report.rows_inserted, report.rows_updated, report.rows_unchanged) == (0, 0, len(sample))
