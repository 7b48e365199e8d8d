"""The import framework: report shape, messages in both languages, encodings, hostile input,
all-or-nothing, idempotency, rollback, dry runs and the template files."""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from data_access.importers import KINDS, ImportProblem, rollback_batch, run_import, template_path
from data_access.importers.templates import TEMPLATE_MODULES, columns_of, headers
from data_access.models import CitesTradeRecord, ImportBatch, Taxon
from i18n import has
from tests.fixtures.importers.helpers import FIXTURES, fresh_engine, snapshot, write_csv, zip_bytes

COMPTAB_HEADER = [
    "Year", "App.", "Taxon", "Class", "Order", "Family", "Genus", "Importer", "Exporter", "Origin",
    "Importer reported quantity", "Exporter reported quantity", "Term", "Unit", "Purpose", "Source",
]
ROWS = [
    [2020, "II", "Giraffa camelopardalis", "Mammalia", "Artiodactyla", "Giraffidae", "Giraffa", "KR", "ZA", "", "", 2, "trophies", "", "H", "W"],
    [2021, "II", "Giraffa camelopardalis", "Mammalia", "Artiodactyla", "Giraffidae", "Giraffa", "US", "NA", "", 5, "", "skins", "Number of specimens", "T", "W"],
]
JSON_KEYS = {"kind", "file", "sha256", "rows_read", "rows_inserted", "rows_updated", "rows_unchanged", "rows_rejected",
             "errors", "batch_id", "warnings"}


@pytest.fixture
def engine(tmp_path):
    return fresh_engine(tmp_path)


def comptab(tmp_path: Path, rows=ROWS, name="comptab.csv", **kwargs) -> Path:
    return write_csv(tmp_path / name, COMPTAB_HEADER, rows, **kwargs)


def assert_refused(engine, kind: str, path: Path, code: str, **options: str) -> ImportProblem:
    """The import is refused with `code`, nothing in the database changed, and messages render."""
    before = snapshot(engine)
    report = run_import(engine, kind, path, options=options)
    assert not report.ok
    assert report.batch_id is None and report.rows_inserted == report.rows_updated == 0
    assert snapshot(engine) == before
    codes = [p.code for p in report.errors]
    assert code in codes, [p.message("en") for p in report.errors]
    problem = report.errors[codes.index(code)]
    assert problem.message("ko") and problem.message("en") and problem.message("ko") != problem.message("en")
    return problem


# --------------------------------------------------------------------------- report and messages


def test_kinds_are_the_interface():
    assert KINDS == ("species", "redlist", "lpi", "occurrences", "cites-comptab", "cites-shipments", "wdpa",
                     "boundaries", "kba", "permits", "animal-events", "abs", "abs-benefits", "cooperation",
                     "capacity-events", "material-transfers", "trade-cases", "legal-status", "nbsap")


def test_report_json_has_exactly_the_agreed_keys(engine, tmp_path):
    report = run_import(engine, "cites-comptab", comptab(tmp_path))
    data = report.to_json()
    assert set(data) == JSON_KEYS
    assert data["rows_read"] == 2 and data["rows_inserted"] == 2 and data["batch_id"] is not None
    assert len(data["sha256"]) == 64 and data["file"] == "comptab.csv"


def test_problem_rows_are_spreadsheet_rows_and_messages_are_bilingual(engine, tmp_path):
    rows = [ROWS[0], [*ROWS[1][:14], "X", "W"]]  # unknown purpose on the 2nd data row = row 3
    problem = assert_refused(engine, "cites-comptab", comptab(tmp_path, rows), "importers.error.unknown_code")
    assert problem.row == 3 and problem.field == "Purpose" and problem.value == "X"
    assert "Row 3" in problem.message("en") and "3행" in problem.message("ko")
    error = problem.to_json()
    assert set(error) == {"row", "field", "value", "message", "expected"}
    assert "T" in error["expected"] and "Z" in error["expected"]


def test_every_problem_code_in_the_code_has_both_languages():
    source = "\n".join(p.read_text(encoding="utf-8") for p in Path("data_access/importers").glob("*.py"))
    codes = set(re.findall(r'"(importers\.(?:error|warning)\.[a-z_]+)"', source))
    assert len(codes) > 40
    missing = sorted(code for code in codes if not has(code))
    assert not missing


def test_every_error_is_listed_not_just_the_first(engine, tmp_path):
    rows = [[2020, "IV", "Giraffa", "", "", "", "", "KR", "ZA", "", "", "x", "trophies", "", "Q", "Q"]] * 3
    before = snapshot(engine)
    report = run_import(engine, "cites-comptab", comptab(tmp_path, rows))
    assert snapshot(engine) == before
    assert report.rows_rejected == 3
    by_row = {}
    for problem in report.errors:
        by_row.setdefault(problem.row, set()).add(problem.field)
    # bad appendix, bad quantity (so no quantity at all), unknown source: three rows, four problems each
    expected = {"App.", "Exporter reported quantity", "Importer reported quantity", "Source"}
    assert by_row == {2: expected, 3: expected, 4: expected}


# --------------------------------------------------------------------------- idempotency, updates, rollback


def test_second_import_changes_nothing_and_keeps_the_data_version(engine, tmp_path):
    path = comptab(tmp_path)
    first = run_import(engine, "cites-comptab", path)
    after_first = snapshot(engine)
    second = run_import(engine, "cites-comptab", path)
    after_second = snapshot(engine)
    assert second.ok and second.rows_unchanged == second.rows_read == 2 and second.rows_inserted == 0
    assert after_second["__data_version__"] == after_first["__data_version__"]
    assert after_second["cites_trade_record"] == 2
    assert after_second["import_batch"] == after_first["import_batch"] + 1  # each successful import is logged
    assert second.batch_id != first.batch_id


def test_corrected_file_updates_only_changed_rows_and_their_batch(engine, tmp_path):
    first = run_import(engine, "cites-comptab", comptab(tmp_path))
    corrected = [ROWS[0], [*ROWS[1][:10], 7, *ROWS[1][11:]]]
    version = snapshot(engine)["__data_version__"]
    second = run_import(engine, "cites-comptab", comptab(tmp_path, corrected, name="comptab_v2.csv"))
    assert (second.rows_inserted, second.rows_updated, second.rows_unchanged) == (0, 1, 1)
    assert snapshot(engine)["__data_version__"] == version + 1
    with engine.connect() as conn:
        batches = dict(conn.execute(select(CitesTradeRecord.importer, CitesTradeRecord.batch_id)).all())
        quantity = conn.execute(select(CitesTradeRecord.importer_quantity).where(CitesTradeRecord.importer == "US")).scalar_one()
    assert batches == {"KR": first.batch_id, "US": second.batch_id} and quantity == 7


def test_rollback_deletes_inserted_and_restores_updated_rows(engine, tmp_path):
    first = run_import(engine, "cites-comptab", comptab(tmp_path))
    original = snapshot(engine)
    corrected = [ROWS[0], [*ROWS[1][:10], 7, *ROWS[1][11:]], [2022, *ROWS[0][1:]]]
    second = run_import(engine, "cites-comptab", comptab(tmp_path, corrected, name="v2.csv"))
    assert (second.rows_inserted, second.rows_updated) == (1, 1)
    refused = rollback_batch(engine, first.batch_id, user="kim")
    assert not refused.ok and refused.errors[0].code == "importers.error.batch_has_successor"
    result = rollback_batch(engine, second.batch_id, user="kim")
    assert result.ok and (result.rows_deleted, result.rows_restored) == (1, 1)
    after = snapshot(engine)
    assert after["cites_trade_record"] == original["cites_trade_record"]
    with engine.connect() as conn:
        quantity = conn.execute(select(CitesTradeRecord.importer_quantity, CitesTradeRecord.batch_id).where(CitesTradeRecord.importer == "US")).one()
        status = conn.execute(select(ImportBatch.status).where(ImportBatch.id == second.batch_id)).scalar_one()
    assert tuple(quantity) == (5.0, first.batch_id) and status == "rolled_back"
    assert not rollback_batch(engine, second.batch_id, user="kim").ok  # twice: refused
    assert rollback_batch(engine, first.batch_id, user="kim").ok
    assert snapshot(engine)["cites_trade_record"] == 0


def test_dry_run_reports_counts_but_writes_nothing(engine, tmp_path):
    before = snapshot(engine)
    report = run_import(engine, "cites-comptab", comptab(tmp_path), dry_run=True)
    assert report.ok and report.rows_inserted == 2 and report.batch_id is None
    assert snapshot(engine) == before


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "utf-16"])
def test_korean_text_reads_in_every_supported_encoding(engine, tmp_path, encoding):
    header = ["KTSN", "학명", "명명자", "국명", "분류군"]
    rows = [["1200001", "Pteromys volans", "(Linnaeus, 1758)", "하늘다람쥐", "포유류"]]
    path = write_csv(tmp_path / f"species_{encoding}.csv", header, rows, encoding=encoding)
    report = run_import(engine, "species", path)
    assert report.ok, [p.message("en") for p in report.errors]
    with engine.connect() as conn:
        assert conn.execute(select(Taxon.korean_name, Taxon.taxon_group)).one() == ("하늘다람쥐", "포유류")


def test_mixed_encoding_is_refused_not_guessed(engine, tmp_path):
    good = "KTSN,학명,분류군\n1,Pteromys volans,포유류\n".encode()
    bad = "2,Sciurus vulgaris,설치류\n".encode("cp949")
    path = tmp_path / "mixed.csv"
    path.write_bytes(good + bad)
    assert_refused(engine, "species", path, "importers.error.encoding_unknown")


def test_encoding_option_forces_and_checks(engine, tmp_path):
    path = write_csv(tmp_path / "s.csv", ["KTSN", "학명", "분류군"], [["1", "Pteromys volans", "포유류"]], encoding="cp949")
    assert run_import(engine, "species", path, options={"encoding": "cp949"}).ok
    assert_refused(engine, "species", path, "importers.error.encoding_mismatch", encoding="utf-8")


# --------------------------------------------------------------------------- hostile input


def test_missing_empty_folder_and_binary_files_are_refused(engine, tmp_path):
    assert_refused(engine, "species", tmp_path / "nope.csv", "importers.error.file_missing")
    assert_refused(engine, "species", tmp_path, "importers.error.not_a_file")
    (tmp_path / "empty.csv").write_bytes(b"")
    assert_refused(engine, "species", tmp_path / "empty.csv", "importers.error.empty_file")
    (tmp_path / "header.csv").write_text("KTSN,학명,분류군\n", encoding="utf-8")
    assert_refused(engine, "species", tmp_path / "header.csv", "importers.error.no_rows")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert_refused(engine, "species", tmp_path / "old.xls", "importers.error.legacy_xls")
    (tmp_path / "blob.csv").write_bytes(b"\x00\x01\x02garbage" * 100)
    assert_refused(engine, "species", tmp_path / "blob.csv", "importers.error.not_a_table")


def test_unknown_kind_and_bad_options(engine, tmp_path):
    report = run_import(engine, "whales", comptab(tmp_path))
    assert not report.ok and report.errors[0].code == "importers.error.unknown_kind"
    assert not run_import(engine, "species", comptab(tmp_path), options={"max_file_mb": "lots"}).ok


def test_file_over_the_size_limit_is_refused(engine, tmp_path):
    problem = assert_refused(engine, "cites-comptab", comptab(tmp_path), "importers.error.file_too_large", max_file_mb="0.0001")
    assert "MB" in problem.message("en")


def test_missing_required_columns_are_all_named(engine, tmp_path):
    path = write_csv(tmp_path / "c.csv", ["Year", "Taxon", "Importer"], [[2020, "Giraffa", "KR"]])
    before = snapshot(engine)
    report = run_import(engine, "cites-comptab", path)
    assert snapshot(engine) == before
    missing = {p.field for p in report.errors if p.code == "importers.error.missing_column"}
    assert {"appendix", "exporter", "term"} <= missing
    assert all(p.row == 1 for p in report.errors)


def test_malformed_csv_is_refused_with_its_row(engine, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text(",".join(COMPTAB_HEADER) + "\n" + "2020,II,Giraffa,a,b,c,d,KR,ZA,,,2,trophies,,H,W,extra,more\n", encoding="utf-8")
    assert_refused(engine, "cites-comptab", path, "importers.error.malformed_table")


def test_zip_bomb_is_refused_before_inflating(engine, tmp_path):
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(zip_bytes({"occurrence.csv": b"gbifID\tscientificName\n" + b"0" * (50 * 1024 * 1024)}))
    assert bomb.stat().st_size < 200_000
    assert_refused(engine, "occurrences", bomb, "importers.error.zip_bomb")
    assert_refused(engine, "occurrences", bomb, "importers.error.zip_too_large", max_ratio="100000", max_uncompressed_mb="10")


def test_path_traversal_in_archives_is_refused(engine, tmp_path):
    for name in ("../../evil.csv", "/etc/passwd", "C:/windows/evil.csv", "a/../../b.csv"):
        path = tmp_path / "evil.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(name, "gbifID\tscientificName\n1\tPan troglodytes\n")
        problem = assert_refused(engine, "occurrences", path, "importers.error.zip_path_traversal")
        assert problem.value == name
    assert not list(tmp_path.parent.glob("evil.csv"))


def test_damaged_zip_and_xlsx_are_refused(engine, tmp_path):
    (tmp_path / "x.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert_refused(engine, "occurrences", tmp_path / "x.zip", "importers.error.bad_zip")


# --------------------------------------------------------------------------- XLSX and templates


def test_xlsx_with_dates_and_numbers_reads_like_csv(engine, tmp_path):
    import datetime as dt

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers("abs", "ko"))
    sheet.append(["ABS-1", "확보신고", None, "VN", "KR", "NIBR", None, None, "비상업적", dt.datetime(2025, 6, 30)])
    path = tmp_path / "abs.xlsx"
    workbook.save(path)
    report = run_import(engine, "abs", path)
    assert report.ok and report.rows_inserted == 1, [p.message("en") for p in report.errors]


@pytest.mark.parametrize("kind", sorted(TEMPLATE_MODULES))
def test_shipped_templates_match_the_column_specs(kind):
    for lang in ("ko", "en"):
        csv_path = template_path(kind, lang)
        text = csv_path.read_bytes()
        assert text.startswith(codecs.BOM_UTF8)
        assert text.decode("utf-8-sig").strip().split(",") == headers(kind, lang)
        workbook = openpyxl.load_workbook(template_path(kind, lang, "xlsx"), read_only=True)
        first = next(workbook.worksheets[0].iter_rows(values_only=True))
        assert list(first) == headers(kind, lang)
        assert len(list(workbook.worksheets[1].iter_rows())) == len(columns_of(kind)) + 1


@pytest.mark.parametrize("kind", sorted(TEMPLATE_MODULES))
def test_an_empty_template_is_refused_as_having_no_rows(engine, kind):
    assert_refused(engine, kind, template_path(kind, "ko"), "importers.error.no_rows")


def test_template_path_refuses_non_template_kinds():
    with pytest.raises(KeyError):
        template_path("wdpa", "ko")


def test_fixture_attribution_is_shipped():
    assert (FIXTURES / "ATTRIBUTION.md").exists()
