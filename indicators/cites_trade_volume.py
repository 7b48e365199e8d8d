"""CITES trade volumes from Korea's own permits, in comparable units (GBF target 5).

Quantities of issued permit lines, by year of issue, direction (permit type), taxon group, term,
purpose, source and *normalised* unit (`indicators.cites_units`: mass → kg, volume → litres,
blank → number of specimens, any other unit kept apart). Quantities in different units are
never added. Korea's permits are one reporter's view, so the importer-vs-exporter problem of the
CITES Trade Database does not arise here; `cites_trade_discrepancy` compares the two.

>>> lines = pd.DataFrame({"year": [2024, 2024], "direction": "import", "taxon_group": "Reptilia",
...     "term": "SKI", "purpose": "T", "source": "W", "unit": ["GRM", "KIL"], "quantity": [500.0, 2.0],
...     "quantity_used": [None, None], "lines": [1, 1]})
>>> compute({"cites_permit_volumes": lines}).frame[["unit", "value"]].to_dict("records")
[{'unit': 'kg', 'value': 2.5}]
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

import pandas as pd

from indicators.cites_units import normalise_quantities
from indicators.result import IndicatorResult, NoDataError, Note, require_columns
from indicators.tidy_frames import finish

INDICATOR_ID = "cites_trade_volume"
INPUTS: tuple[str, ...] = ("cites_permit_volumes",)
INPUT_COLUMNS = ("year", "direction", "taxon_group", "term", "purpose", "source", "unit", "quantity", "quantity_used", "lines")
KEYS = ("direction", "taxon_group", "term", "purpose", "source", "unit")
QUANTITIES = ("permitted", "used")
NOT_GIVEN = "not_given"  # label for a missing purpose, source or taxon group


def prepare_volumes(
    frame: pd.DataFrame, *, quantity: str = "permitted", columns: tuple[str, ...] = INPUT_COLUMNS, name: str = INPUTS[0]
) -> pd.DataFrame:
    """Input rows with normalised units, filled labels and the chosen quantity as `value`.

    `columns` and `name` are the caller's input contract (`cites_wild_share` reads a frame
    without taxon group and purpose); labels are filled in whichever of the key columns it has.
    """
    require_columns(frame, columns, name=name)
    if quantity not in QUANTITIES:
        raise ValueError(f"quantity must be one of {QUANTITIES}")
    column = "quantity" if quantity == "permitted" else "quantity_used"
    out = normalise_quantities(frame, quantity=column)
    out = out.assign(value=out[column]).dropna(subset=["value", "year"])
    for key in ("taxon_group", "term", "purpose", "source", "direction"):
        if key in out.columns:
            out[key] = out[key].fillna(NOT_GIVEN).astype(str).replace("", NOT_GIVEN)
    return out


def compute(inputs: Mapping[str, pd.DataFrame], *, quantity: str = "permitted") -> IndicatorResult:
    frame = inputs.get(INPUTS[0], pd.DataFrame())
    if frame.empty:
        raise NoDataError(f"{INDICATOR_ID}: no CITES permit lines")
    volumes = prepare_volumes(frame, quantity=quantity)
    grouped = volumes.groupby([*KEYS, "year"], as_index=False).agg(value=("value", "sum"), lines=("lines", "sum"))
    result = finish(grouped, KEYS)
    permitted = quantity == "permitted"
    notes = (Note(
        f"Quantities are {'permitted on issued permits' if permitted else 'reported as used'}; "
        "units normalised (mass → kg, volume → l, blank → number of specimens); other units kept apart.",
        f"물량은 {'발급된 허가서의 허가 물량' if permitted else '실제 사용으로 보고된 물량'}입니다. "
        "단위는 통일했고(질량 → kg, 부피 → l, 빈칸 → 개체 수) 그 밖의 단위는 따로 집계합니다.",
    ),)
    counts = {"permit_lines": int(pd.to_numeric(volumes["lines"]).sum())}
    return IndicatorResult(INDICATOR_ID, result, KEYS, counts, notes)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quantity", choices=QUANTITIES, default="permitted",
                        help="quantity permitted on issued permits (default) or quantity reported as used")
