"""Korea-reported vs partner-reported CITES trade, with discrepancy flags (GBF target 5).

From the CITES Trade Database comparative tabulation, rows where KR is importer or exporter.
Korea's quantity is the importer-reported one when KR imports and the exporter-reported one when
KR exports; the partner's is the other column. The two are compared, never added.

Per row (year, direction, [partner, taxon,] term, normalised unit):

    relative difference d = (Korea − partner) / max(Korea, partner)      (a missing side counts as 0)

`value` is d (−1: only the partner reported; +1: only Korea reported). Years that Korea, or every
partner, has not reported at all (a missing annual report) are left out and named in a note. A row is flagged when
|d| > threshold (default 0.2: the smaller report is under 80 % of the larger one). `status` says
agree / differ / only_partner / only_korea. The threshold is this dashboard's choice: neither the
CITES Secretariat nor UNEP-WCMC publishes one.

>>> rows = pd.DataFrame({"year": 2023, "direction": "import", "partner": "ID", "taxon": "Python reticulatus",
...     "term": "skins", "unit": None, "kr_quantity": [100.0], "partner_quantity": [130.0], "records": 1})
>>> r = compute({"cites_trade_comparison": rows})
>>> round(float(r.frame["value"].iloc[0]), 3), bool(r.frame["flagged"].iloc[0])
(-0.231, True)
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators.cites_units import normalise_quantities
from indicators.result import IndicatorResult, NoDataError, Note, require_columns
from indicators.tidy_frames import finish

INDICATOR_ID = "cites_trade_discrepancy"
INPUTS: tuple[str, ...] = ("cites_trade_comparison",)
INPUT_COLUMNS = ("year", "direction", "partner", "taxon", "term", "unit", "kr_quantity", "partner_quantity")
LEVELS: dict[str, tuple[str, ...]] = {
    "detail": ("direction", "partner", "taxon", "term", "unit"),
    "partner": ("direction", "partner", "term", "unit"),
    "summary": ("direction", "term", "unit"),
}
DEFAULT_THRESHOLD = 0.2


def relative_difference(korea: np.ndarray, partner: np.ndarray) -> np.ndarray:
    larger = np.maximum(korea, partner)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(larger > 0, (korea - partner) / larger, np.nan)


def years_both_reported(grouped: pd.DataFrame) -> tuple[set[int], list[int]]:
    """(years in which Korea and at least one partner reported a quantity, the other years).

    A year for which a side has no report at all is a missing annual report (they reach the
    Trade Database about two years late), not trade that side left out: comparing it would flag
    every row of that year as one-sided."""
    korea = set(grouped.loc[grouped["kr_reported"], "year"].astype(int))
    partner = set(grouped.loc[grouped["partner_reported"], "year"].astype(int))
    both = korea & partner
    return both, sorted(set(grouped["year"].astype(int)) - both)


def compute(
    inputs: Mapping[str, pd.DataFrame], *, level: str = "detail", threshold: float = DEFAULT_THRESHOLD
) -> IndicatorResult:
    frame = inputs.get(INPUTS[0], pd.DataFrame())
    if frame.empty:
        raise NoDataError(f"{INDICATOR_ID}: no CITES Trade Database rows with KR as importer or exporter")
    require_columns(frame, INPUT_COLUMNS, name=INPUTS[0])
    if level not in LEVELS:
        raise ValueError(f"level must be one of {tuple(LEVELS)}")
    keys = LEVELS[level]
    rows = normalise_quantities(frame, quantity=["kr_quantity", "partner_quantity"])
    rows["term"] = rows["term"].fillna("").astype(str)
    quantities = rows.groupby([*keys, "year"], as_index=False, dropna=False)[["kr_quantity", "partner_quantity"]]
    grouped = quantities.sum(min_count=1)  # NaN = that side did not report
    grouped["kr_reported"] = grouped["kr_quantity"].notna()
    grouped["partner_reported"] = grouped["partner_quantity"].notna()
    compared, unreported = years_both_reported(grouped)
    grouped = grouped[grouped["year"].isin(compared)].copy()
    if grouped.empty:
        raise NoDataError(f"{INDICATOR_ID}: no year that both Korea and its partners reported")
    korea = grouped["kr_quantity"].fillna(0.0).to_numpy(float)
    partner = grouped["partner_quantity"].fillna(0.0).to_numpy(float)
    grouped["value"] = relative_difference(korea, partner)
    grouped = grouped[grouped["value"].notna()].copy()
    if grouped.empty:
        raise NoDataError(f"{INDICATOR_ID}: every compared quantity is zero")
    with np.errstate(invalid="ignore", divide="ignore"):
        grouped["ratio"] = np.where(grouped["partner_quantity"] > 0, grouped["kr_quantity"] / grouped["partner_quantity"], np.nan)
    grouped["flagged"] = grouped["value"].abs() > threshold
    grouped["status"] = np.select(
        [grouped["kr_quantity"].fillna(0.0) <= 0, grouped["partner_quantity"].fillna(0.0) <= 0, grouped["flagged"]],
        ["only_partner", "only_korea", "differ"],
        "agree",
    )
    counts = {"rows": len(frame), "flagged": int(grouped["flagged"].sum())}
    notes: tuple[Note, ...] = (Note(
        f"Flagged when |Korea − partner| / max > {threshold:g}; quantities compared within one term and normalised unit.",
        f"|한국 보고량 − 상대국 보고량| / 둘 중 큰 값이 {threshold:g}을 넘으면 불일치로 표시합니다. "
        "물량은 같은 품목(term)과 통일된 단위 안에서만 비교합니다.",
    ),)
    if unreported:
        years = ", ".join(str(year) for year in unreported)
        notes += (Note(
            f"Not compared: {years}, which Korea or its partners have not reported at all yet (annual reports lag).",
            f"비교하지 않은 연도: {years} (한국 또는 상대국의 연례보고가 아직 없음).",
        ),)
    return IndicatorResult(INDICATOR_ID, finish(grouped, keys), keys, counts, notes)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--level", choices=tuple(LEVELS), default="detail",
                        help="detail (partner and taxon), partner, or summary (direction, term, unit)")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                        help="flag when the relative difference exceeds this (default 0.2)")
