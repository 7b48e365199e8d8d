"""Numbers survive an import digit for digit: integers exactly, floats as `float(text)` reads them.

pandas' fast string parser can be off in the last bit of a double, and a float round-trip loses
integers above 2**53; both once changed the 17th significant digit of imported values.
"""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest
from sqlalchemy import select

from data_access.importers import run_import
from data_access.importers.report import ProblemLog
from data_access.importers.templates import headers
from data_access.importers.validation import Column, convert_column, parse_number
from data_access.models import MaterialTransfer, TradeCase
from tests.fixtures.importers.helpers import FIXTURES, fresh_engine, write_csv, write_xlsx

# Texts pandas.to_numeric reads one bit off, and 16/17-digit values: each must read as float(text).
FLOAT_TEXTS = [
    "0.12345678901234567",
    "2.2250738585072014e-308",
    "1234567.8901234567",
    "98765.432109876543",
    "12345678901234567",
    "3.141592653589793",
    "1,234,567.8901234567",
]
# Integers above 2**53 (9007199254740992) that a float cannot hold.
INTEGER_TEXTS = ["12345678901234567", "9007199254740993", "1234567890123456", "99,999,999,999,999,999"]


def convert(kind: str, texts: list[str]) -> tuple[list[object], ProblemLog]:
    log = ProblemLog()
    raw = pd.Series(texts, dtype=object)
    values = convert_column(Column("n", "n", "n", type=kind), raw, pd.Series(range(2, 2 + len(texts))), log)
    return values.tolist(), log


def test_floats_are_read_exactly_as_python_reads_them():
    values, log = convert("float", FLOAT_TEXTS)
    assert not log.errors
    assert values == [float(t.replace(",", "")) for t in FLOAT_TEXTS]
    # the first value is one pandas.to_numeric reads differently: the test would catch a return to it
    assert pd.to_numeric(pd.Series([FLOAT_TEXTS[0]])).iloc[0] != float(FLOAT_TEXTS[0])


def test_integers_are_exact_python_ints_at_any_size():
    values, log = convert("int", INTEGER_TEXTS)
    assert not log.errors
    assert values == [12345678901234567, 9007199254740993, 1234567890123456, 99_999_999_999_999_999]
    assert all(type(v) is int for v in values)


def test_number_checks_are_unchanged_for_bad_and_empty_cells():
    texts = ["", "  ", "abc", "1_000", "NaN", "inf", "1.5", " 42 ", "1e3"]
    values, log = convert("int", texts)
    assert values == [None, None, None, None, None, None, None, 42, 1000]
    assert sorted(p.row for p in log.errors) == [4, 5, 6, 7, 8]
    floats, empty, bad = parse_number(pd.Series(texts, dtype=object))
    assert empty.tolist() == [True, True, False, False, False, False, False, False, False]
    assert bad.tolist() == [False, False, True, True, True, True, False, False, False]
    assert floats.iloc[6:].tolist() == [1.5, 42.0, 1000.0]


def test_an_integer_beyond_64_bits_is_refused_not_crashed():
    texts = [
        "123456789012345678901234567890",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
    ]
    values, log = convert("int", texts)
    assert [(p.row, p.code) for p in log.errors] == [
        (2, "importers.error.too_large"),
        (4, "importers.error.too_large"),
        (6, "importers.error.too_small"),
    ]
    assert values[1] == 2**63 - 1 and values[3] == -(2**63)  # the edges themselves are exact and accepted


@pytest.fixture
def engine(tmp_path):
    engine = fresh_engine(tmp_path)
    report = run_import(engine, "cooperation", FIXTURES / "cooperation.ko.csv")
    assert report.ok, [p.message("en") for p in report.errors]
    return engine


# Quantities are PostgreSQL `integer` columns: the largest they hold is accepted exactly, more is refused.
TRANSFERS = [
    ["HO-1", "", "VN", "VNMN", "2025-09-01", "dataset", "2147483647", ""],
    ["HO-2", "", "VN", "VNMN", "2025-09-01", "dataset", "2147483646", ""],
    ["HO-3", "", "VN", "VNMN", "2025-09-01", "dataset", "0", ""],
]
TOO_LARGE = [["HO-4", "", "VN", "VNMN", "2025-09-01", "dataset", "12345678901234567", ""]]
CASES = [
    ["C-1", "2024-03-02", "customs", "", "", "0.12345678901234567", "kg", "", "", ""],
    ["C-2", "2024-03-02", "customs", "", "", "1234567.8901234567", "kg", "", "", ""],
    ["C-3", "2024-03-02", "customs", "", "", "12345678901234567", "", "", "", ""],
]


def stored(engine, column, key) -> dict[str, object]:
    with engine.connect() as conn:
        return dict(conn.execute(select(key, column)).all())


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_integers_and_floats_are_stored_exactly_through_a_real_import(engine, tmp_path, fmt):
    write = write_csv if fmt == "csv" else write_xlsx
    transfers = write(tmp_path / f"transfers.{fmt}", headers("material-transfers", "en"), TRANSFERS)
    report = run_import(engine, "material-transfers", transfers)
    assert report.ok, [p.message("en") for p in report.errors]
    assert stored(engine, MaterialTransfer.quantity, MaterialTransfer.transfer_key) == {
        "HO-1": 2147483647,
        "HO-2": 2147483646,
        "HO-3": 0,
    }
    refused = run_import(engine, "material-transfers", write(tmp_path / f"large.{fmt}", headers("material-transfers", "en"), TOO_LARGE))
    assert not refused.ok
    assert [p.message("en") for p in refused.errors] == [
        "Row 2, column 'Quantity': '12345678901234567' is too large (maximum 2147483647)."
    ]
    assert "HO-4" not in stored(engine, MaterialTransfer.quantity, MaterialTransfer.transfer_key)
    cases = write(tmp_path / f"cases.{fmt}", headers("trade-cases", "en"), CASES)
    report = run_import(engine, "trade-cases", cases)
    assert report.ok, [p.message("en") for p in report.errors]
    assert stored(engine, TradeCase.quantity, TradeCase.case_no) == {
        "C-1": float("0.12345678901234567"),
        "C-2": float("1234567.8901234567"),
        "C-3": float("12345678901234567"),
    }
    # the same file again finds every row unchanged (the stored value equals the re-read one)
    again = run_import(engine, "trade-cases", cases)
    assert again.ok and again.rows_unchanged == len(CASES) and again.rows_updated == 0


def numeric_xlsx(path, header, rows, exact: dict[str, str]):
    """A workbook whose numeric cells hold the full digits of `exact` (text as written → value).

    openpyxl's writer keeps only 16 significant digits, so the sheet XML is patched afterwards
    to what a spreadsheet that writes round-trip values (Excel, LibreOffice) stores.
    """
    write_xlsx(path, header, rows)
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    xml = members[member].decode()
    for written, full in exact.items():
        assert f"<v>{written}</v>" in xml
        xml = xml.replace(f"<v>{written}</v>", f"<v>{full}</v>")
    members[member] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_xlsx_numeric_cells_keep_full_precision(engine, tmp_path):
    """Numbers typed into a workbook (numeric cells, not text) come through exactly."""
    rows = [[*TRANSFERS[0][:6], 2147483647, ""]]
    path = numeric_xlsx(tmp_path / "numeric.xlsx", headers("material-transfers", "en"), rows, {})
    assert run_import(engine, "material-transfers", path).ok
    case = [[*CASES[0][:5], 0.12345678901234567, *CASES[0][6:]]]
    path = numeric_xlsx(
        tmp_path / "numeric-cases.xlsx",
        headers("trade-cases", "en"),
        case,
        {"0.1234567890123457": "0.12345678901234567"},
    )
    assert run_import(engine, "trade-cases", path).ok
    assert stored(engine, MaterialTransfer.quantity, MaterialTransfer.transfer_key) == {"HO-1": 2147483647}
    assert stored(engine, TradeCase.quantity, TradeCase.case_no) == {"C-1": float("0.12345678901234567")}
