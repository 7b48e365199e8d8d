"""The data behind a chart: CSV and XLSX of exactly the plotted rows, a README with metadata,
citation and licences, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from data_access.database import make_engine
from indicators.metadata import load_metadata
from reports.data_package import csv_bytes, data_package, xlsx_bytes
from reports.indicator_charts import MAX_SERIES, indicator_chart, plotted_rows
from reports.provenance import Provenance
from reports.results import indicator_results
from reports.safe_cells import neutralise, safe_frame

HOSTILE = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "plain", "a=b"]


@pytest.fixture(scope="module")
def sample_results(sample_database: Path) -> dict:
    engine = make_engine(f"sqlite:///{sample_database}")
    try:
        return indicator_results(engine, ["red_list_index", "cites_trade_discrepancy", "protected_area_coverage"])
    finally:
        engine.dispose()


def unzip(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_neutralise_prefixes_formula_text_only() -> None:
    assert [neutralise(v) for v in HOSTILE] == [
        "'=HYPERLINK(\"http://evil\",\"x\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'\t=1", "plain", "a=b",
    ]
    assert neutralise(-3.5) == -3.5 and neutralise(None) is None


def test_csv_and_xlsx_carry_no_formula() -> None:
    frame = pd.DataFrame({"name": HOSTILE, "value": [-1.5, 2, 3, 4, 5, 6, 7], "=evil": ["x"] * 7})
    text = csv_bytes(frame).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert list(back.columns) == ["name", "value", "'=evil"]
    assert back["name"].tolist()[:5] == ["'=HYPERLINK(\"http://evil\",\"x\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'\t=1"]
    assert back["value"].tolist() == [-1.5, 2, 3, 4, 5, 6, 7]  # numbers, negative ones too, untouched
    for line in text.splitlines():
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "@")), cell
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"data": frame})))
    sheet = workbook["data"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a formula cell reached the XLSX"
    assert [c.value for c in sheet["A"]][1:6] == back["name"].tolist()[:5]
    assert sheet["B2"].value == -1.5 and sheet["B2"].data_type == "n"
    assert frame["name"].tolist() == HOSTILE  # the caller's frame is not changed
    assert safe_frame(frame)["name"].iloc[5] == "plain"


def test_package_holds_plotted_rows_and_readme(sample_results: dict) -> None:
    result = sample_results["red_list_index"]
    chart = indicator_chart(result, "en", data_version="7", drawn_on=date(2026, 2, 3))
    files = unzip(data_package(chart.data, chart.provenance, "en", indicator_id="red_list_index"))
    assert sorted(files) == ["README.md", "data.csv", "data.xlsx"]

    csv = pd.read_csv(io.BytesIO(files["data.csv"]), encoding="utf-8-sig")
    groups = sorted(result.frame.loc[result.frame["value"].notna(), "taxonomic_group"].unique(), key=str)[:MAX_SERIES]
    expected = result.frame.loc[result.frame["taxonomic_group"].isin(groups) & result.frame["value"].notna()]
    expected = expected.sort_values(["taxonomic_group", "year"]).reset_index(drop=True)
    assert len(csv) == len(expected) > 0
    assert csv["taxonomic_group"].tolist() == expected["taxonomic_group"].tolist()
    assert csv["year"].tolist() == expected["year"].tolist()
    assert csv["value"].tolist() == pytest.approx(expected["value"].tolist())

    xlsx = pd.read_excel(io.BytesIO(files["data.xlsx"]), sheet_name=None)
    assert xlsx["data"]["value"].tolist() == pytest.approx(expected["value"].tolist())
    meta = dict(zip(xlsx["metadata"]["field"], xlsx["metadata"]["value"], strict=True))
    assert meta["GBF indicator code"] == "A.3"
    assert str(meta["Data version"]) == "7"

    readme = files["README.md"].decode("utf-8")
    metadata = load_metadata("red_list_index")
    assert metadata.name("en") in readme and "A.3" in readme
    assert metadata.unit("en") in readme
    for source in metadata.sources:
        assert source.citation.strip()[:40] in readme
        if source.licence:
            assert source.licence in readme
    assert "Data version**: 7" in readme and "2026-02-03" in readme
    assert "Citation" in readme and "National Institute of Biological Resources" in readme


def test_korean_readme_and_fixed_filters(sample_results: dict) -> None:
    result = sample_results["cites_trade_discrepancy"]
    rows, series, filters = plotted_rows(result)
    assert series == "direction"
    fixed = [d for d in result.disaggregations[1:]]
    assert list(filters) == fixed
    for dim, value in filters.items():
        assert set(rows[dim]) == {value}  # only the fixed value is plotted
    chart = indicator_chart(result, "ko", data_version="3")
    readme = unzip(data_package(chart.data, chart.provenance, "ko", indicator_id=result.indicator_id))["README.md"].decode()
    # dimensions and values in the reader's language; codes and scientific names as stored
    assert "적용한 필터" in readme and f"상대국 = {filters['partner']}" in readme and f"학명 = {filters['taxon']}" in readme
    assert "품목 = " in readme and "term = " not in readme
    assert "상대국 (partner), 학명 (taxon), 품목 (term), 단위 (unit)" in readme  # names beside the CSV's columns
    assert load_metadata(result.indicator_id).name("ko") in readme


def test_package_without_indicator_uses_provenance() -> None:
    frame = pd.DataFrame({"year": [2020, 2021], "count": [3, 4]})
    provenance = Provenance("Permits", "permits", "Ministry records", data_version="9", drawn_on=date(2026, 1, 1))
    files = unzip(data_package(frame, provenance, "en"))
    assert pd.read_csv(io.BytesIO(files["data.csv"]), encoding="utf-8-sig").equals(frame)
    assert "Ministry records" in files["README.md"].decode()


def test_data_packages_obey_the_role() -> None:
    """A viewer's download of counts of individuals shows small counts as suppressed; an analyst's
    keeps them; indicators that are not counts of individuals are never altered."""
    from data_access.masking import SUPPRESSED

    balance = pd.DataFrame({"scientific_name": ["A", "A"], "facility": ["F1", "F2"], "year": [2024, 2024],
                            "value": [2.0, 7.0]})
    provenance = Provenance("Captive population", "animals", "test")

    def values(role: str, indicator_id: str = "captive_population_balance") -> list[str]:
        files = unzip(data_package(balance, provenance, "en", indicator_id=indicator_id, role=role))
        return pd.read_csv(io.BytesIO(files["data.csv"]), encoding="utf-8-sig", dtype=str)["value"].tolist()

    assert values("viewer") == [SUPPRESSED, "7"]
    assert values("analyst") == ["2.0", "7.0"]
    assert values("viewer", "red_list_index") == ["2.0", "7.0"]
