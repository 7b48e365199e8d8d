"""International public funding for biodiversity, incl. ODA (GBF headline D.1).

Disbursements of Korea's cooperation projects per year and recipient (partner country, and
`all`) up to `until_year` (default: last complete year; later budget rows are plans), in USD with the
exchange rate stored on each budget row, weighted by the project's OECD
DAC Rio marker for biodiversity:

    principal (2) × 100 %   significant (1) × 40 %   not targeted (0) × 0 %

The 100/40/0 coefficients are the European Union's practice for tracking biodiversity (and
climate) spending from Rio markers (European Commission, biodiversity tracking methodology for the
2021–2027 EU budget), also used in EU reporting to the CBD. The OECD DAC itself publishes marker
data unweighted and warns that principal and significant amounts are not to be summed as if both
were fully biodiversity-related; the unweighted `principal_usd` and `significant_usd` columns are
kept for that reason.

>>> rows = pd.DataFrame({"year": 2023, "recipient": "EC", "rio_marker": [1, 2, 0], "usd": [100.0, 50.0, 70.0]})
>>> compute({"oda_disbursements": rows}, until_year=2024).frame.query("recipient == 'EC'")["value"].tolist()
[90.0]
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators.result import IndicatorResult, NoDataError, Note, require_columns
from indicators.tidy_frames import add_totals, finish

INDICATOR_ID = "biodiversity_oda"
INPUTS: tuple[str, ...] = ("oda_disbursements",)
KEYS = ("recipient",)
# OECD DAC Rio marker for biodiversity → share of the disbursement counted (EU practice)
RIO_MARKER_WEIGHTS: dict[int, float] = {
    2: 1.0,  # principal objective
    1: 0.4,  # significant objective
    0: 0.0,  # not targeted
}


def compute(
    inputs: Mapping[str, pd.DataFrame], *, significant_weight: float = RIO_MARKER_WEIGHTS[1], until_year: int | None = None
) -> IndicatorResult:
    rows = inputs.get(INPUTS[0], pd.DataFrame())
    if rows.empty:
        raise NoDataError(f"{INDICATOR_ID}: no project disbursements")
    require_columns(rows, ("year", "recipient", "rio_marker", "usd"), name=INPUTS[0])
    if not 0 <= significant_weight <= 1:
        raise ValueError("significant_weight must lie in [0, 1]")
    last = int(until_year or dt.date.today().year - 1)
    rows = rows[rows["year"] <= last]  # the current year is incomplete; later budget rows are plans
    if rows.empty:
        raise NoDataError(f"{INDICATOR_ID}: no disbursements up to {last}")
    weights = {**RIO_MARKER_WEIGHTS, 1: significant_weight}
    marker = pd.to_numeric(rows["rio_marker"]).fillna(0).astype(int)
    unknown = sorted(set(marker) - set(weights))
    if unknown:
        raise ValueError(f"unknown Rio marker value(s) {unknown}; expected 0, 1 or 2")
    frame = rows.assign(
        value=rows["usd"] * marker.map(weights),
        principal_usd=np.where(marker == 2, rows["usd"], 0.0),
        significant_usd=np.where(marker == 1, rows["usd"], 0.0),
        gross_usd=rows["usd"],
    )
    sums = ["value", "principal_usd", "significant_usd", "gross_usd"]
    grouped = frame.groupby(["recipient", "year"], as_index=False)[sums].sum()
    grouped = add_totals(grouped, "recipient", by=["year"], sums=sums)
    notes = (Note(
        f"Rio-marker weights: principal 100 %, significant {significant_weight:.0%}, not targeted 0 % (EU practice).",
        f"리우 마커 가중치: 주요 목적 100 %, 중요 목적 {significant_weight:.0%}, 해당 없음 0 % (EU 방식).",
    ),)
    counts = {"recipients": int(rows["recipient"].nunique())}
    return IndicatorResult(INDICATOR_ID, finish(grouped, KEYS), KEYS, counts, notes)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--significant-weight", type=float, default=0.4,
                        help="share counted for Rio marker 1 'significant' (default 0.4, EU practice)")
    parser.add_argument("--until-year", type=int, default=None,
                        help="last year counted (default: last complete year; later budget rows are plans)")
