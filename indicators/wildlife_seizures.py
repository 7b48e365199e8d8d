"""Wildlife seizures and illegal-trade cases per year (GBF target 5, national indicator).

Cases (TradeCase rows) by year of detection and by who detected them (customs, inspection,
tip-off, police), with an `all` total. Korea Customs Service counts of smuggling cases detected
were 7, 35, 45 and 31 for 2021–2024 (MoE/NIBR release, 3 Apr 2025).

>>> cases = pd.DataFrame({"year": [2024, 2024], "detected_by": ["customs", "police"], "cases": [3, 1]})
>>> compute({"trade_cases": cases}).frame[["detected_by", "value"]].to_dict("records")
[{'detected_by': 'all', 'value': 4.0}, {'detected_by': 'customs', 'value': 3.0}, {'detected_by': 'police', 'value': 1.0}]
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

import pandas as pd

from indicators.result import IndicatorResult, NoDataError, require_columns
from indicators.tidy_frames import add_totals, finish, year_range

INDICATOR_ID = "wildlife_seizures"
INPUTS: tuple[str, ...] = ("trade_cases",)
INPUT_COLUMNS = ("year", "detected_by", "cases")
KEYS = ("detected_by",)


def compute(inputs: Mapping[str, pd.DataFrame]) -> IndicatorResult:
    frame = inputs.get(INPUTS[0], pd.DataFrame())
    if frame.empty:
        raise NoDataError(f"{INDICATOR_ID}: no seizure or illegal-trade cases")
    require_columns(frame, INPUT_COLUMNS, name=INPUTS[0])
    frame = frame.assign(detected_by=frame["detected_by"].fillna("not_given").astype(str), value=frame["cases"].astype(float))
    grouped = frame.groupby(["detected_by", "year"], as_index=False)["value"].sum()
    years = year_range(grouped["year"].min(), grouped["year"].max())
    full = pd.MultiIndex.from_product([grouped["detected_by"].unique(), years], names=["detected_by", "year"])
    grouped = grouped.set_index(["detected_by", "year"]).reindex(full, fill_value=0.0).reset_index()
    with_total = add_totals(grouped, "detected_by", by=["year"], sums=["value"])
    return IndicatorResult(INDICATOR_ID, finish(with_total, KEYS), KEYS, {"cases": int(frame["cases"].sum())})


def add_arguments(parser: argparse.ArgumentParser) -> None:  # noqa: ARG001 - no options
    return None
