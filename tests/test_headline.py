"""One headline rule for the overview's tiles, the target pages' charts and the briefings: a result
whose total is spelled '전체' shows that total everywhere, not the total on a tile and the fullest
country on the chart beside it."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from pydantic import ValidationError

from indicators.metadata import IndicatorMetadata, headline_value, load_metadata
from indicators.result import IndicatorResult
from reports.briefing_text import headline_frame
from reports.indicator_charts import fixed_values, gaps_subtitle
from ui.indicators import IndicatorView, headline_series


def _result() -> IndicatorResult:
    """Seizures by a breakdown whose total is '전체' and whose fullest value is a country (3 rows)."""
    nan = math.nan
    frame = pd.DataFrame({
        "year": [2020, 2021, 2022, 2020, 2021],
        "region": ["CO", "CO", "CO", "전체", "전체"],
        "value": [1.0, 2.0, 3.0, 10.0, 12.0],
        "lower": nan, "upper": nan,
    })
    return IndicatorResult("wildlife_seizures", frame, disaggregations=("region",))


def test_tile_chart_and_briefing_draw_the_same_total() -> None:
    result = _result()
    meta = load_metadata("wildlife_seizures")
    assert fixed_values(result.frame, ["region"], meta) == {"region": "전체"}
    tile = headline_series(IndicatorView("wildlife_seizures", meta, result))
    assert tile is not None and tile["value"].tolist() == [10.0, 12.0]
    briefing, series, _label = headline_frame(result, meta, "ko")
    assert series is None and briefing["value"].tolist() == [10.0, 12.0]


def test_the_metadata_selection_comes_before_the_total() -> None:
    meta = load_metadata("cites_wild_share")  # headline: imports of live animals, counted in numbers
    assert headline_value(["all", "number", "kg"], "unit", meta) == "number"
    assert headline_value(["kg", "all"], "unit", meta) == "all"  # the selection absent: the total
    assert headline_value(["kg", "g"], "unit", meta) is None


def test_a_chart_of_no_rows_fixes_nothing() -> None:
    empty = _result().frame.iloc[0:0]
    assert fixed_values(empty, ["region"], load_metadata("wildlife_seizures")) == {}


def test_the_schema_refuses_series_that_name_no_disaggregation() -> None:
    data = load_metadata("capacity_cooperation").model_dump()
    with pytest.raises(ValidationError, match="chart_series"):
        IndicatorMetadata.model_validate({**data, "disaggregations": [], "value_names": {}, "progress": None})
    data = load_metadata("cites_wild_share").model_dump()
    data["headline"]["series"]["realm"] = "marine"
    with pytest.raises(ValidationError, match=r"headline\.series names \['realm'\]"):
        IndicatorMetadata.model_validate(data)


def test_the_gap_line_names_the_series_that_lack_years() -> None:
    meta = load_metadata("cites_trade_volume")
    frame = pd.DataFrame({
        "year": [2015, 2016, 2017, 2015, 2017],
        "direction": ["import", "import", "import", "export", "export"],
        "value": [10.0, 12.0, 11.0, 1.0, 2.0],
    })
    # imports have every year: the line says which series lacks 2016, not that the chart does
    assert gaps_subtitle(frame, "direction", meta, "ko") == "자료 없는 연도 — 수출 허가 2016"
    assert gaps_subtitle(frame, "direction", meta, "en") == "Years without data — Export 2016"
    both = frame.loc[frame["year"] != 2016]
    assert gaps_subtitle(both, "direction", meta, "en") == "Years without data: 2016"
    assert gaps_subtitle(frame.loc[frame["direction"] == "import"], "direction", meta, "en") is None
    rounds = pd.DataFrame({  # three series assessed in different rounds: the dotted lines say it
        "year": [2010, 2014, 2011, 2015, 2012, 2016], "direction": ["import", "import", "export", "export", "re_export", "re_export"],
        "value": 1.0,
    })
    assert gaps_subtitle(rounds, "direction", meta, "en") is None


def test_a_chart_of_counts_shows_whole_numbers(sample_database: Path) -> None:
    from data_access.database import make_engine
    from data_access.snapshots import compute_results
    from reports.indicator_charts import indicator_chart

    engine = make_engine(f"sqlite:///{sample_database}")
    try:
        computed, _skipped = compute_results(engine)
    finally:
        engine.dispose()
    counts = indicator_chart(computed["cites_trade_volume"], "en").figure
    assert counts.layout.yaxis.tickformat == ",.0f"
    assert all(",.0f}" in trace.hovertemplate for trace in counts.data if trace.hovertemplate)
    index = indicator_chart(computed["red_list_index"], "en").figure
    assert all(",.3f}" in trace.hovertemplate for trace in index.data if trace.hovertemplate)


def test_a_selected_value_that_is_absent_leaves_no_headline() -> None:
    """The traded-species RLI's headline is taxonomic_group = all: a result with birds only has no
    headline on the tile or in the briefing, rather than the birds passed off as the total."""
    meta = load_metadata("traded_species_rli")
    frame = pd.DataFrame({"year": [2020, 2024], "taxonomic_group": "Birds", "value": [0.8, 0.7],
                          "lower": math.nan, "upper": math.nan})
    result = IndicatorResult("traded_species_rli", frame, disaggregations=("taxonomic_group",))
    assert headline_series(IndicatorView("traded_species_rli", meta, result)) is None
    briefing, _series, _label = headline_frame(result, meta, "en")
    assert briefing.empty
