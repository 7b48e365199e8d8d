"""Share of CITES trade that is wild-sourced, from Korea's permits (GBF target 5).

Per year, direction, term and normalised unit: quantity with a wild source code ÷ all quantity,
in %. Source W by default; `--wild-sources W,R,X` adds ranched and marine (introduction from the
sea) specimens. Shares are computed within one term and unit only: kilograms of skins and
numbers of live animals are never mixed. Lines without a source count in the denominator.

The input, `cites_source_volumes`, is the permit volumes without taxon group and purpose (the
share does not split by them), summed in SQL by year, direction, term, source and raw unit. The
`permit_lines` count is the lines of those rows; with `--quantity used`, of the rows that report
a used quantity.

>>> vol = pd.DataFrame({"year": 2024, "direction": "import", "term": "LIV", "source": ["W", "C", "C", "C"],
...     "unit": None, "quantity": [1.0, 1, 1, 1], "quantity_used": None, "lines": 1})
>>> compute({"cites_source_volumes": vol}).frame["value"].tolist()
[25.0]
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators.cites_trade_volume import prepare_volumes
from indicators.cites_units import DEFAULT_WILD_SOURCES, parse_sources
from indicators.result import IndicatorResult, NoDataError, Note
from indicators.tidy_frames import finish

INDICATOR_ID = "cites_wild_share"
INPUTS: tuple[str, ...] = ("cites_source_volumes",)
INPUT_COLUMNS = ("year", "direction", "term", "source", "unit", "quantity", "quantity_used", "lines")
KEYS = ("direction", "term", "unit")


def compute(
    inputs: Mapping[str, pd.DataFrame], *, wild_sources: str | tuple[str, ...] = DEFAULT_WILD_SOURCES, quantity: str = "permitted"
) -> IndicatorResult:
    frame = inputs.get(INPUTS[0], pd.DataFrame())
    if frame.empty:
        raise NoDataError(f"{INDICATOR_ID}: no CITES permit lines")
    sources = parse_sources(wild_sources)
    volumes = prepare_volumes(frame, quantity=quantity, columns=INPUT_COLUMNS, name=INPUTS[0])
    volumes["wild"] = np.where(volumes["source"].isin(sources), volumes["value"], 0.0)
    grouped = volumes.groupby([*KEYS, "year"], as_index=False).agg(
        wild_quantity=("wild", "sum"), total_quantity=("value", "sum")
    )
    grouped = grouped[grouped["total_quantity"] > 0]
    if grouped.empty:
        raise NoDataError(f"{INDICATOR_ID}: no positive quantities")
    grouped["value"] = 100.0 * np.clip(grouped["wild_quantity"] / grouped["total_quantity"], 0.0, 1.0)
    notes = (Note(f"Wild sources counted: {', '.join(sources)}. Shares are within one term and unit.",
                  f"야생 출처로 센 코드: {', '.join(sources)}. 비율은 같은 품목(term)과 단위 안에서 구합니다."),)
    return IndicatorResult(INDICATOR_ID, finish(grouped, KEYS), KEYS, {"permit_lines": int(volumes["lines"].sum())}, notes)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wild-sources", default="W", help="comma-separated source codes counted as wild (default W; e.g. W,R,X)")
    parser.add_argument("--quantity", choices=("permitted", "used"), default="permitted")
