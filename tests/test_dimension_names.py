"""Charts name what they draw in the reader's language: every disaggregation of every indicator and
every value a legend or a filter line shows, and the slice a chart is fixed at is the headline or
the total, not whatever row came first."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data_access.database import make_engine
from data_access.snapshots import compute_results
from i18n import has, t
from indicators.metadata import load_metadata
from indicators.result import IndicatorResult
from reports.indicator_charts import (
    MAX_SERIES,
    default_series,
    fixed_values,
    indicator_chart,
    plotted_rows,
    target_line,
)
from tests.conftest import OpenPage
from tests.test_override_form import drawn_points

# Disaggregations whose values are codes or names shown as stored: countries (ISO codes), taxa
# (scientific names), currencies, target codes, provinces (administrative codes), KBAs and facilities.
CODES = {"partner", "partner_country", "recipient", "taxon", "scientific_name", "currency", "target_code",
         "province_code", "kba", "facility", "province"}


@pytest.fixture(scope="module")
def results(sample_database: Path) -> dict[str, IndicatorResult]:
    engine = make_engine(f"sqlite:///{sample_database}")
    try:
        computed, _skipped = compute_results(engine)
    finally:
        engine.dispose()
    return computed


def test_every_disaggregation_and_value_on_the_sample_has_a_korean_name(results: dict[str, IndicatorResult]) -> None:
    unnamed: list[tuple[str, str, str]] = []
    dimensions = 0
    for indicator_id, result in results.items():
        meta = load_metadata(indicator_id)
        for dim in result.disaggregations:
            dimensions += 1
            assert has(f"dim.{dim}"), (indicator_id, dim)
            for value in result.frame[dim].dropna().unique():
                if (dim not in CODES or value == "all") and meta.value_name(dim, value, "ko") == str(value):
                    unnamed.append((indicator_id, dim, str(value)))
    assert dimensions >= 30
    assert not unnamed, unnamed


def test_value_names_point_at_catalog_prefixes_that_exist() -> None:
    from i18n import catalog
    from indicators import registry

    keys = list(catalog())
    for indicator_id in registry.INDICATOR_IDS:
        meta = load_metadata(indicator_id)
        for dim, prefixes in meta.value_names.items():
            assert dim in meta.disaggregations, (indicator_id, dim)
            for prefix in prefixes:
                assert any(key.startswith(prefix + ".") for key in keys), (indicator_id, prefix)


def test_fixed_values_take_the_headline_then_the_total_then_the_fullest_value() -> None:
    meta = load_metadata("capacity_cooperation")  # progress rule: series trainees, partner_country all
    frame = pd.DataFrame({
        "year": [2020, 2021, 2020, 2021, 2020],
        "series": "trainees",
        "partner_country": ["CO", "CO", "all", "all", "VN"],
        "value": [1.0, 2.0, 3.0, 5.0, 9.0],
    })
    assert fixed_values(frame, ["partner_country"], meta) == {"partner_country": "all"}
    plain = load_metadata("wildlife_seizures")  # no headline selection, no total: most rows, then largest total
    frame = pd.DataFrame({
        "year": [2020, 2021, 2022, 2020, 2021, 2020, 2021],
        "term": ["SKI", "SKI", "SKI", "LIV", "LIV", "LIV", "LIV"],
        "unit": ["number", "number", "number", "kg", "kg", "number", "number"],
        "value": [1.0, 1.0, 1.0, 50.0, 50.0, 2.0, 2.0],
    })
    assert fixed_values(frame, ["term", "unit"], plain) == {"term": "LIV", "unit": "kg"}  # 4 rows > 3; kg 100 > 4
    trade = load_metadata("cites_trade_volume")  # its headline counts specimens: unit = number
    assert fixed_values(frame, ["term", "unit"], trade) == {"term": "LIV", "unit": "number"}


def test_a_korean_export_names_its_filters_in_korean(results: dict[str, IndicatorResult]) -> None:
    result = results["cites_trade_volume"]
    _rows, series, filters = plotted_rows(result)
    assert series == "direction" and set(filters) == {"taxon_group", "term", "purpose", "source", "unit"}
    meta = load_metadata("cites_trade_volume")
    for lang in ("ko", "en"):
        shown = indicator_chart(result, lang).provenance.filters
        assert list(shown) == [t(f"dim.{dim}", lang) for dim in filters]
        assert shown[t("dim.term", lang)] == t(f"cites.term.{filters['term']}", lang)
        assert shown[t("dim.purpose", lang)] == t(f"pg.trade.purpose.{filters['purpose']}", lang)
        assert shown[t("dim.taxon_group", lang)] == meta.value_name("taxon_group", filters["taxon_group"], lang)
    footer = indicator_chart(result, "ko").provenance.footer("ko")
    assert "품목 = " in footer and "term" not in footer and "taxon_group" not in footer


def test_charts_draw_series_of_one_quantity_and_keep_the_headline(results: dict[str, IndicatorResult]) -> None:
    result = results["nbsap_implementation"]  # action counts per status beside the completion rate
    rows, series, filters = plotted_rows(result)
    assert set(rows[series]) == {"pct_completed"} and filters[series] == ("pct_completed",)
    assert set(rows["target_kind"]) == {"all"} and "report_stage" not in filters  # a year's stage is marked, not fixed
    assert rows.groupby("year")["report_stage"].nunique().eq(1).all()
    shown = indicator_chart(result, "ko").provenance.filters
    assert shown[t("dim.series", "ko")] == t("series.nbsap_implementation.pct_completed", "ko")
    groups = [f"Group {n}" for n in range(12)] + ["all"]  # more groups than colours: the total stays
    drawn = default_series(groups, load_metadata("traded_species_rli"), "taxonomic_group")
    assert len(drawn) == MAX_SERIES and drawn[0] == "all"


def test_the_target_line_needs_the_series_it_belongs_to() -> None:
    meta = load_metadata("invasive_species_establishment")  # 2030 value 50 of the rate index
    index = pd.DataFrame({"year": [2024], "series": ["establishment_rate_index"], "value": [120.0]})
    counts = index.assign(series="new_establishments", value=4.0)
    assert target_line(meta, index, "series") == 50
    assert target_line(meta, counts, "series") is None


def test_the_target_page_draws_the_total_and_names_its_series_in_korean(
    sample_url: str, open_page: OpenPage, results: dict[str, IndicatorResult],
) -> None:
    app = open_page("target", lang="ko", target="20", query={"view": "capacity_cooperation"})
    meta = load_metadata("capacity_cooperation")
    assert f"{meta.name('ko')} :small[:gray[(국가 지표)]]" in [m.value.removeprefix("#### ") for m in app.markdown]
    drawn = drawn_points(app, "ind_capacity_cooperation_trend")
    frame = results["capacity_cooperation"].frame
    totals = frame.loc[(frame["partner_country"] == "all") & frame["value"].notna()]
    assert meta.chart_series == ["trainees", "women_trainees"]  # people; projects and items handed over are added by hand
    assert set(drawn) == {meta.value_name("series", value, "ko") for value in meta.chart_series}
    for value, rows in totals.groupby("series"):
        name = meta.value_name("series", value, "ko")
        assert name != value  # named, not the column value
        if value in meta.chart_series:
            assert drawn[name] == pytest.approx(dict(zip(rows["year"].astype(int), rows["value"], strict=True))), name
    fixed = t("pg.chart.fixed", "ko", values=f"{t('dim.partner_country', 'ko')} = {t('pg.series.all', 'ko')}")
    assert fixed in [caption.value for caption in app.caption]
    picker = app.multiselect(key="ind_capacity_cooperation_series")
    assert picker.value == meta.chart_series
    picker.set_value([*meta.chart_series, "books"]).run()
    books = totals.loc[totals["series"] == "books"]
    assert drawn_points(app, "ind_capacity_cooperation_trend")[meta.value_name("series", "books", "ko")] == pytest.approx(
        dict(zip(books["year"].astype(int), books["value"], strict=True)))
