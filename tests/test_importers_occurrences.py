"""Occurrences: GBIF Darwin Core Archive (shipped excerpt), SIMPLE_CSV and plain Darwin Core CSV."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from data_access.importers import run_import
from data_access.models import Occurrence, SourceDataset
from tests.fixtures.importers.helpers import FIXTURES, fresh_engine, snapshot, write_csv, zip_bytes

DWCA = FIXTURES / "gbif_dwca_excerpt_0258360.zip"
SIMPLE_HEADER = ["gbifID", "occurrenceID", "basisOfRecord", "scientificName", "verbatimScientificName", "decimalLatitude",
                 "decimalLongitude", "coordinateUncertaintyInMeters", "countryCode", "eventDate", "year", "institutionCode",
                 "collectionCode", "catalogNumber", "license", "issue", "occurrenceStatus"]


def simple_rows() -> list[list[str]]:
    return [
        ["1001", "urn:a", "HUMAN_OBSERVATION", "Hemianax ephippiger (Burmeister, 1839)", "", "37.5665", "126.9780", "25", "KR",
         "2019-07-01T00:00:00", "2019", "", "", "", "CC_BY_4_0", "", "PRESENT"],  # Seoul
        ["1002", "urn:b", "PreservedSpecimen", "Sciuropterus aluco Thomas, 1907", "", "33.38", "126.55", "", "KR",
         "2010-05-03/2010-05-07", "", "NIBR", "MAM", "12", "CC0_1_0", "COORDINATE_ROUNDED", ""],  # Jeju, synonym, range
        ["1003", "", "HUMAN_OBSERVATION", "Unknownia nova", "", "", "", "", "", "1930-04", "", "", "", "", "CC_BY_NC_4_0", "", "ABSENT"],
    ]


def simple_csv_zip(path: Path, rows=None) -> Path:
    lines = ["\t".join(SIMPLE_HEADER)] + ["\t".join(r) for r in (rows or simple_rows())]
    path.write_bytes(zip_bytes({"0000001-230101000000000.csv": ("\n".join(lines) + "\n").encode()}))
    return path


@pytest.fixture
def engine(tmp_path):
    engine = fresh_engine(tmp_path)
    assert run_import(engine, "species", FIXTURES / "species.ko.csv").ok
    return engine


def test_darwin_core_archive_maps_terms_and_cites_the_doi(engine):
    report = run_import(engine, "occurrences", DWCA)
    assert report.ok and report.rows_read == report.rows_inserted == 25, [p.message("en") for p in report.errors]
    with engine.connect() as conn:
        dataset = conn.execute(select(SourceDataset)).one()
        records = conn.execute(select(Occurrence)).all()
    assert dataset.doi == "10.15468/dl.37dp4z" and "doi.org/10.15468/dl.37dp4z" in dataset.citation
    assert all(r.record_key.startswith("gbif:") and r.dataset_id == dataset.id for r in records)
    assert {r.license for r in records} <= {"CC0_1_0", "CC_BY_4_0"}
    matched = [r for r in records if r.taxon_id is not None]
    assert matched and all(r.taxon_group == "포유류" for r in matched)  # Pan troglodytes is on the fixture list
    again = run_import(engine, "occurrences", DWCA)
    assert again.rows_unchanged == 25


def test_simple_csv_matches_synonyms_derives_provinces_and_warns_unmatched(engine, tmp_path):
    report = run_import(engine, "occurrences", simple_csv_zip(tmp_path / "0000001-230101000000000.zip"))
    assert report.ok and report.rows_inserted == 3, [p.message("en") for p in report.errors]
    unmatched = [p for p in report.warnings if p.code == "importers.warning.unmatched_name"]
    assert [p.value for p in unmatched] == ["Unknownia nova"] and unmatched[0].row == 4
    with engine.connect() as conn:
        rows = {r.gbif_id: r for r in conn.execute(select(Occurrence))}
        taxa = dict(conn.execute(select(SourceDataset.key, SourceDataset.citation)).all())
    assert rows["1001"].province_code == "11" and rows["1002"].province_code == "50" and rows["1003"].province_code is None
    assert rows["1002"].taxon_id is not None and rows["1002"].basis_of_record == "PRESERVED_SPECIMEN"
    assert str(rows["1002"].event_date_start) == "2010-05-03" and rows["1002"].year == 2010
    assert str(rows["1003"].event_date_start) == "1930-04-01" and rows["1003"].occurrence_status == "ABSENT"
    assert rows["1001"].coordinate_uncertainty_m == 25 and rows["1002"].coordinate_uncertainty_m is None
    assert "gbif-download:0000001-230101000000000" in taxa


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("decimalLatitude", "95", "importers.error.too_large"),
        ("decimalLongitude", "-181", "importers.error.too_small"),
        ("eventDate", "2999-05-01", "importers.error.date_in_future"),
        ("year", "2999", "importers.error.year_in_future"),
        ("occurrenceStatus", "MAYBE", "importers.error.unknown_code"),
        ("decimalLatitude", "", "importers.error.coordinate_pair"),
        ("scientificName", "", "importers.error.required"),
    ],
)
def test_bad_records_refuse_the_whole_download(engine, tmp_path, column, value, code):
    rows = simple_rows()
    rows[0][SIMPLE_HEADER.index(column)] = value
    before = snapshot(engine)
    report = run_import(engine, "occurrences", simple_csv_zip(tmp_path / "bad.zip", rows))
    assert not report.ok and snapshot(engine) == before
    problem = next(p for p in report.errors if p.code == code)
    assert problem.row == 2


def test_record_without_any_identifier_is_refused(engine, tmp_path):
    rows = simple_rows()
    rows[2][0] = ""
    report = run_import(engine, "occurrences", simple_csv_zip(tmp_path / "x.zip", rows))
    assert [p.code for p in report.errors] == ["importers.error.missing_record_key"]


def test_plain_csv_keys_on_occurrence_id_then_catalogue_triplet(engine, tmp_path):
    header = ["occurrenceID", "basisOfRecord", "scientificName", "위도", "경도", "eventDate", "institutionCode", "collectionCode", "catalogNumber"]
    rows = [["KBIF-1", "HumanObservation", "Pteromys volans", "37.9", "127.7", "2021-06-01", "", "", ""],
            ["", "PreservedSpecimen", "Pteromys volans", "", "", "", "NIBR", "MAM", "0042"]]
    report = run_import(engine, "occurrences", write_csv(tmp_path / "kbif.csv", header, rows))
    assert report.ok, [p.message("en") for p in report.errors]
    with engine.connect() as conn:
        keys = set(conn.execute(select(Occurrence.record_key)).scalars())
        province = conn.execute(select(Occurrence.province_code).where(Occurrence.record_key == "occ:KBIF-1")).scalar_one()
    assert keys == {"occ:KBIF-1", "cat:NIBR:MAM:0042"} and province == "42"


def test_corrected_download_updates_only_changed_records(engine, tmp_path):
    first = run_import(engine, "occurrences", simple_csv_zip(tmp_path / "a.zip"))
    rows = simple_rows()
    rows[1][SIMPLE_HEADER.index("coordinateUncertaintyInMeters")] = "100"
    second = run_import(engine, "occurrences", simple_csv_zip(tmp_path / "a.zip", rows))
    assert (second.rows_inserted, second.rows_updated, second.rows_unchanged) == (0, 1, 2)
    with engine.connect() as conn:
        batches = dict(conn.execute(select(Occurrence.gbif_id, Occurrence.batch_id)).all())
    assert batches == {"1001": first.batch_id, "1002": second.batch_id, "1003": first.batch_id}


def test_unquoted_gbif_files_keep_stray_quotes(engine, tmp_path):
    rows = simple_rows()
    rows[0][SIMPLE_HEADER.index("scientificName")] = 'Hemianax "ephippiger'
    report = run_import(engine, "occurrences", simple_csv_zip(tmp_path / "q.zip", rows))
    assert report.ok and report.rows_inserted == 3


def test_dwca_with_quoted_comma_separated_core(engine, tmp_path):
    meta = (
        '<archive xmlns="http://rs.tdwg.org/dwc/text/"><core encoding="UTF-8" fieldsTerminatedBy="," linesTerminatedBy="\\n" '
        'fieldsEnclosedBy="&quot;" ignoreHeaderLines="1" rowType="http://rs.tdwg.org/dwc/terms/Occurrence">'
        '<files><location>occ.csv</location></files><id index="0"/>'
        '<field index="0" term="http://rs.tdwg.org/dwc/terms/occurrenceID"/>'
        '<field index="1" term="http://rs.tdwg.org/dwc/terms/scientificName"/>'
        '<field index="2" term="http://rs.tdwg.org/dwc/terms/basisOfRecord"/>'
        '<field index="3" term="http://rs.tdwg.org/dwc/terms/locality"/></core></archive>'
    )
    with (tmp_path / "occ.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "sciname", "basis", "where"])
        writer.writerow(["ipt-1", "Pteromys volans", "HumanObservation", "Seoul, Jongno-gu"])
    path = tmp_path / "ipt.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("meta.xml", meta)
        archive.write(tmp_path / "occ.csv", "occ.csv")
    report = run_import(engine, "occurrences", path)
    assert report.ok, [p.message("en") for p in report.errors]
    with engine.connect() as conn:
        assert conn.execute(select(Occurrence.locality)).scalar_one() == "Seoul, Jongno-gu"


def test_archive_with_a_non_occurrence_core_is_refused(engine, tmp_path):
    meta = '<archive><core rowType="http://rs.tdwg.org/dwc/terms/Event"><files><location>e.txt</location></files></core></archive>'
    path = tmp_path / "events.zip"
    path.write_bytes(zip_bytes({"meta.xml": meta.encode(), "e.txt": b"id\n1\n"}))
    report = run_import(engine, "occurrences", path)
    assert [p.code for p in report.errors] == ["importers.error.dwca_not_occurrence"]
