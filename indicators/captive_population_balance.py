"""Captive population balance of imported wild animals by species (and facility) over time.

Stock at the end of each year = running sum since the first recorded year of
imports + births − deaths − exports − escapes − seizures (national level, facility `all`).
With the facility breakdown, a transfer also moves the animals from the facility of the animal's
previous event to the facility of the transfer event. Registration (`entry`) events are not
flows: they register animals already counted by their import.

>>> flows = pd.DataFrame({"year": [2020, 2021, 2021], "scientific_name": "Python regius", "facility": "all",
...     "flow": ["import", "birth", "death"], "quantity": [10.0, 3.0, 2.0]})
>>> compute({"captive_flows": flows}).frame["value"].tolist()
[10.0, 11.0]
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

import pandas as pd

from indicators.result import IndicatorResult, NoDataError, Note, require_columns
from indicators.tidy_frames import finish, year_range

INDICATOR_ID = "captive_population_balance"
INPUTS: tuple[str, ...] = ("captive_flows",)
KEYS = ("scientific_name", "facility")
# flow → sign in the balance
FLOW_SIGNS: dict[str, int] = {
    "import": 1,
    "birth": 1,
    "transfer_in": 1,
    "death": -1,
    "export": -1,
    "escape": -1,
    "seizure": -1,
    "transfer_out": -1,
}


def compute(inputs: Mapping[str, pd.DataFrame]) -> IndicatorResult:
    flows = inputs.get(INPUTS[0], pd.DataFrame())
    if flows.empty:
        raise NoDataError(f"{INDICATOR_ID}: no animal movements")
    require_columns(flows, ("year", "scientific_name", "facility", "flow", "quantity"), name=INPUTS[0])
    flows = flows[flows["flow"].isin(list(FLOW_SIGNS))].copy()
    flows["facility"] = flows["facility"].fillna("unassigned").astype(str)
    wide = flows.pivot_table(index=[*KEYS, "year"], columns="flow", values="quantity", aggfunc="sum", fill_value=0.0)
    for flow in FLOW_SIGNS:
        if flow not in wide:
            wide[flow] = 0.0
    years = year_range(flows["year"].min(), flows["year"].max())
    full = pd.MultiIndex.from_tuples(
        [(*key, int(y)) for key in wide.index.droplevel("year").unique() for y in years], names=[*KEYS, "year"]
    )
    wide = wide.reindex(full, fill_value=0.0)
    wide["net"] = sum(wide[f] * s for f, s in FLOW_SIGNS.items())
    wide["value"] = wide.groupby(level=list(KEYS))["net"].cumsum()
    frame = wide[[*FLOW_SIGNS, "net", "value"]].reset_index()
    frame.columns.name = None
    counts = {"species": int(flows["scientific_name"].nunique())}
    notes = (Note("The balance starts at zero in the first recorded year: animals held before the event log began are not counted.",
                  "수지는 첫 기록 연도에 0에서 시작합니다. 사건 기록이 시작되기 전부터 사육 중이던 개체는 세지 않습니다."),)
    return IndicatorResult(INDICATOR_ID, finish(frame, KEYS), KEYS, counts, notes)


def add_arguments(parser: argparse.ArgumentParser) -> None:  # noqa: ARG001 - the breakdown is a loader option
    return None
