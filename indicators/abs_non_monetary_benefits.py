"""Non-monetary benefits under access and benefit-sharing agreements (GBF headline C.2).

Benefit records per year by type (joint research, training, technology transfer, data sharing,
co-authorship, access to collections) and `all`; `quantity` sums the reported quantities
(e.g. people trained), which are not comparable across types and so are not totalled.

>>> rows = pd.DataFrame({"year": 2022, "benefit_type": ["training", "joint_research"], "records": [2, 1],
...     "quantity": [12.0, None]})
>>> compute({"abs_non_monetary": rows}).frame[["benefit_type", "value"]].to_dict("records")
[{'benefit_type': 'all', 'value': 3.0}, {'benefit_type': 'joint_research', 'value': 1.0}, {'benefit_type': 'training', 'value': 2.0}]
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators.result import IndicatorResult, NoDataError, require_columns
from indicators.tidy_frames import add_totals, finish

INDICATOR_ID = "abs_non_monetary_benefits"
INPUTS: tuple[str, ...] = ("abs_non_monetary",)
KEYS = ("benefit_type",)


def compute(inputs: Mapping[str, pd.DataFrame]) -> IndicatorResult:
    rows = inputs.get(INPUTS[0], pd.DataFrame())
    if rows.empty:
        raise NoDataError(f"{INDICATOR_ID}: no non-monetary benefits recorded")
    require_columns(rows, ("year", "benefit_type", "records", "quantity"), name=INPUTS[0])
    grouped = rows.groupby(["benefit_type", "year"], as_index=False).agg(
        records=("records", "sum"), quantity=("quantity", lambda s: s.sum(min_count=1))
    )
    grouped = add_totals(grouped, "benefit_type", by=["year"], sums=["records"])
    grouped["value"] = grouped["records"].astype(float)
    grouped.loc[grouped["benefit_type"] == "all", "quantity"] = np.nan
    return IndicatorResult(INDICATOR_ID, finish(grouped, KEYS), KEYS, {"benefits": int(rows["records"].sum())})


def add_arguments(parser: argparse.ArgumentParser) -> None:  # noqa: ARG001
    return None
