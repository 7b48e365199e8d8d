"""CITES comparative tabulations (word and code forms, Namibia) and shipment-level downloads."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from data_access.importers import run_import
from data_access.importers.cites_comptab import row_keys
from data_access.models import CitesShipment, CitesTradeRecord
from tests.fixtures.importers.helpers import fresh_engine, snapshot, write_csv, zip_bytes

WEB_HEADER = ["Year", "App.", "Taxon", "Class", "Order", "Family", "Genus", "Importer", "Exporter", "Origin",
              "Importer reported quantity", "Exporter reported quantity", "Term", "Unit", "Purpose", "Source"]
OLD_HEADER = ["Year", "App.", "Taxon", "Importer", "Exporter", "Origin", "Imp Quantity", "(Re-)Exp Quantity", "Term", "Unit",
              "Purpose", "Source"]
SHIP_HEADER = ["Id", "Year", "Appendix", "Taxon", "Class", "Order", "Family", "Genus", "Term", "Quantity", "Unit", "Importer",
               "Exporter", "Origin", "Purpose", "Source", "Reporter.type", "Import.permit.RandomID", "Export.permit.RandomID",
               "Origin.permit.RandomID"]


@pytest.fixture
def engine(tmp_path):
    return fresh_engine(tmp_path)


def test_namibia_is_a_country_not_a_missing_value(engine, tmp_path):
    rows = [[2021, "II", "Giraffa camelopardalis", "Mammalia", "", "", "", "NA", "NA", "NA", "", "1.2", "skins", "kg", "T", "W"],
            [2021, "II", "Giraffa camelopardalis", "Mammalia", "", "", "", "US", "NA", "", "3", "", "trophies", "", "H", "W"]]
    report = run_import(engine, "cites-comptab", write_csv(tmp_path / "na.csv", WEB_HEADER, rows))
    assert report.ok, [p.message("en") for p in report.errors]
    with engine.connect() as conn:
        rows = conn.execute(select(CitesTradeRecord.importer, CitesTradeRecord.exporter, CitesTradeRecord.origin,
                                   CitesTradeRecord.term, CitesTradeRecord.unit, CitesTradeRecord.exporter_quantity)).all()
    assert ("NA", "NA", "NA", "SKI", "KIL", 1.2) in [tuple(r) for r in rows]
    assert {r.exporter for r in rows} == {"NA"}


def test_quantities_stay_per_reporter_and_terms_become_codes(engine, tmp_path):
    rows = [[2020, "II", "Giraffa camelopardalis", "", "", "", "", "KR", "ZA", "", "", "2", "trophies", "Number of specimens", "H", "W"],
            [2020, "II", "Giraffa camelopardalis", "", "", "", "", "KR", "ZA", "", "1", "", "trophies", "", "H", "W"],
            [2020, "II", "Giraffa camelopardalis", "", "", "", "", "KR", "ZA", "", "1", "", "rug", "", "H", "W"]]
    report = run_import(engine, "cites-comptab", write_csv(tmp_path / "kr.csv", WEB_HEADER, rows))
    assert report.ok and report.rows_inserted == 3
    assert [(p.code, p.value, p.row) for p in report.warnings] == [("importers.warning.unknown_term", "rug", 4)]
    with engine.connect() as conn:
        got = conn.execute(select(CitesTradeRecord.term, CitesTradeRecord.unit, CitesTradeRecord.importer_quantity,
                                  CitesTradeRecord.exporter_quantity).order_by(CitesTradeRecord.id)).all()
    assert [tuple(r) for r in got] == [("TRO", None, None, 2.0), ("TRO", None, 1.0, None), ("rug", None, 1.0, None)]


def test_old_code_form_header_is_recognised(engine, tmp_path):
    rows = [[1999, "I", "Loxodonta africana", "JP", "ZW", "", "10", "12", "IVC", "KIL", "T", "O"]]
    report = run_import(engine, "cites-comptab", write_csv(tmp_path / "old.csv", OLD_HEADER, rows))
    assert report.ok and report.rows_inserted == 1, [p.message("en") for p in report.errors]


def test_row_key_is_a_hash_of_the_published_key_columns():
    import pandas as pd

    frame = pd.DataFrame([{"year": 2020, "appendix": "II", "taxon": "G", "importer": "KR", "exporter": "ZA", "origin": None,
                           "term": "trophies", "unit": None, "purpose": "H", "source": "W"}])
    assert row_keys(frame).iloc[0] == __import__("hashlib").sha256(b"2020|II|G|KR|ZA||trophies||H|W").hexdigest()


@pytest.mark.parametrize(("column", "value", "code"), [
    ("Purpose", "X", "importers.error.unknown_code"),
    ("Source", "Z", "importers.error.unknown_code"),
    ("Year", "1960", "importers.error.too_small"),
    ("Exporter", "ZAF", "importers.error.bad_country"),
    ("Exporter reported quantity", "-1", "importers.error.too_small"),
])
def test_bad_codes_refuse_the_file(engine, tmp_path, column, value, code):
    row = [2020, "II", "Giraffa camelopardalis", "", "", "", "", "KR", "ZA", "", "", "2", "trophies", "", "H", "W"]
    row[WEB_HEADER.index(column)] = value
    before = snapshot(engine)
    report = run_import(engine, "cites-comptab", write_csv(tmp_path / "bad.csv", WEB_HEADER, [row]))
    assert not report.ok and snapshot(engine) == before
    assert (report.errors[0].code, report.errors[0].row, report.errors[0].field) == (code, 2, column)


def shipments_zip(tmp_path, second_rows=None):
    def csv_bytes(rows):
        lines = [",".join(SHIP_HEADER)] + [",".join(map(str, r)) for r in rows]
        return ("\n".join(lines) + "\n").encode()

    first = [["a1", 2019, "II", "Python regius", "Reptilia", "", "", "", "LIV", 10, "", "KR", "TG", "", "T", "C", "I", "h1", "h2", ""],
             ["a2", 2019, "II", "Python regius", "Reptilia", "", "", "", "LIV", 10, "", "KR", "TG", "", "T", "C", "E", "h1", "h2", ""]]
    second = second_rows or [["b1", 2020, "I", "Panthera tigris", "Mammalia", "", "", "", "SKI", 1, "", "NA", "IN", "", "L", "I", "I", "", "", ""]]
    path = tmp_path / "Trade_database_download_v2025.1.zip"
    path.write_bytes(zip_bytes({"Trade_database_download_v2025.1/trade_db_1.csv": csv_bytes(first),
                                "Trade_database_download_v2025.1/trade_db_2.csv": csv_bytes(second)}))
    return path


def test_shipments_from_every_csv_in_the_zip_keep_reporter_rows(engine, tmp_path):
    report = run_import(engine, "cites-shipments", shipments_zip(tmp_path))
    assert report.ok and report.rows_inserted == 3, [p.message("en") for p in report.errors]
    with engine.connect() as conn:
        by_reporter = dict(conn.execute(select(CitesShipment.reporter_type, func.count()).group_by(CitesShipment.reporter_type)).all())
    assert by_reporter == {"I": 2, "E": 1}
    assert run_import(engine, "cites-shipments", shipments_zip(tmp_path)).rows_unchanged == 3


def test_shipment_errors_name_the_member(engine, tmp_path):
    bad = [["b1", 2020, "I", "Panthera tigris", "", "", "", "", "SKI", 1, "", "NA", "IN", "", "L", "I", "X", "", "", ""]]
    report = run_import(engine, "cites-shipments", shipments_zip(tmp_path, bad))
    assert not report.ok
    problem = report.errors[0]
    assert problem.row == 2 and problem.source.endswith("trade_db_2.csv") and "trade_db_2.csv" in problem.message("ko")
