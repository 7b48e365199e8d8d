"""Monetary benefits received under access and benefit-sharing agreements (GBF headline C.1).

Amounts received per year, by kind of payment (upfront, milestone, royalty, licence fee, research
funding) and `all`, in USD and in KRW (column `currency`). Each record carries the exchange rates
used for it (`usd_per_unit`, `krw_per_unit`), so the conversion is done per record with the
stored rate and never with a single rate for all years:

    value(USD) = Σ amount × usd_per_unit            value(KRW) = Σ amount × krw_per_unit

>>> rows = pd.DataFrame({"year": 2023, "kind": "royalty", "currency_code": ["EUR", "KRW"],
...     "usd": [100.0 * 1.08, 1_300_000 * 0.00077], "krw": [100.0 * 1400, 1_300_000.0], "records": 1})
>>> r = compute({"abs_monetary_benefits": rows}).frame
>>> r.query("currency == 'USD' and kind == 'all'")["value"].round(2).tolist()
[1109.0]
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

import pandas as pd

from indicators.result import IndicatorResult, NoDataError, Note, require_columns
from indicators.tidy_frames import add_totals, finish

INDICATOR_ID = "abs_benefits"
INPUTS: tuple[str, ...] = ("abs_monetary_benefits",)
KEYS = ("currency", "kind")


def compute(inputs: Mapping[str, pd.DataFrame]) -> IndicatorResult:
    rows = inputs.get(INPUTS[0], pd.DataFrame())
    if rows.empty:
        raise NoDataError(f"{INDICATOR_ID}: no monetary benefits recorded")
    require_columns(rows, ("year", "kind", "usd", "krw", "records"), name=INPUTS[0])
    by_kind = rows.groupby(["kind", "year"], as_index=False)[["usd", "krw", "records"]].sum()
    by_kind = add_totals(by_kind, "kind", by=["year"], sums=["usd", "krw", "records"])
    long = by_kind.melt(id_vars=["kind", "year", "records"], value_vars=["usd", "krw"], var_name="currency", value_name="value")
    long["currency"] = long["currency"].str.upper()
    counts = {"payments": int(rows["records"].sum())}
    notes = (Note("Converted per record with the exchange rates stored with it (US dollars and won per unit of its currency).",
                  "기록마다 함께 저장된 환율(1단위당 미화·원화 환산율)로 환산했습니다."),)
    return IndicatorResult(INDICATOR_ID, finish(long, KEYS), KEYS, counts, notes)


def add_arguments(parser: argparse.ArgumentParser) -> None:  # noqa: ARG001
    return None
