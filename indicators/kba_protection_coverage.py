"""Protected-area coverage of Key Biodiversity Areas (SDG 15.1.2 / 14.5.1 style; national complement to 3.1).

For each KBA: the share of its area inside the dissolved network of protected areas and OECMs
(the same site rules as `protected_area_coverage`). The value is the mean of those shares over
KBAs, in %; the frame also counts KBAs fully (≥ 98 %, the threshold BirdLife uses for "complete"
coverage to allow for digitising error), partly and not covered (0 %). `by="kba"` lists each KBA
for the latest year (or `year`).

>>> import shapely
>>> sites = pd.DataFrame({"parcel_id": ["1"], "site_type": "PA", "status": "Designated",
...     "status_year": [2000], "designation_en": "National Park", "reported_area_km2": None,
...     "geom": [shapely.box(127.0, 36.0, 127.2, 36.2)]})
>>> kbas = pd.DataFrame({"site_code": ["K1", "K2"], "name": ["a", "b"],
...     "geom": [shapely.box(127.0, 36.0, 127.1, 36.1), shapely.box(128.0, 36.0, 128.1, 36.1)]})
>>> frame = compute({"protected_areas": sites, "key_biodiversity_areas": kbas}).frame
>>> frame[["year", "value", "kba_full", "kba_none"]].to_dict("records")
[{'year': 2000, 'value': 50.0, 'kba_full': 1, 'kba_none': 1}]
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import shapely

from indicators.coverage_geometry import (
    KEPT_STATUSES,
    KINDS,
    MAB_DESIGNATION,
    accumulate_protected_area,
    input_provenance,
    prepare_regions,
    prepare_sites,
    release_year,
    select_sites,
    series_years,
    site_notes_and_counts,
)
from indicators.result import IndicatorResult, InputContractError, NoDataError, require_columns

INDICATOR_ID = "kba_protection_coverage"
INPUTS: tuple[str, ...] = ("protected_areas", "key_biodiversity_areas")
KBA_COLUMNS: tuple[str, ...] = ("site_code", "name", "geom")
BY_OPTIONS: tuple[str, ...] = ("year", "kba")
FULL_COVERAGE_PERCENT = 98.0  # "complete" coverage, allowing for digitising error (BirdLife)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", choices=KINDS, default="both", help="pa, oecm, or both")
    parser.add_argument("--by", choices=BY_OPTIONS, default="year", help="series of the mean, or one row per KBA")
    parser.add_argument("--year", type=int, default=None, help="with --by kba: the year (default latest)")


def classify(percent: np.ndarray) -> np.ndarray:
    """'full' (≥ 98 %), 'partial' (> 0 %) or 'none' for each KBA."""
    rounded = np.round(np.asarray(percent, dtype=float), 6)
    return np.where(rounded >= FULL_COVERAGE_PERCENT, "full", np.where(rounded > 0, "partial", "none"))


def compute(
    inputs: Mapping[str, pd.DataFrame], *, kind: str = "both", by: str = "year", year: int | None = None, **_: Any
) -> IndicatorResult:
    for name in INPUTS:
        if name not in inputs:
            raise InputContractError(f"input '{name}' is missing")
    if by not in BY_OPTIONS:
        raise InputContractError(f"by must be one of {', '.join(BY_OPTIONS)}, got '{by}'")
    kbas = inputs["key_biodiversity_areas"]
    require_columns(kbas, KBA_COLUMNS, name="key_biodiversity_areas")
    kbas = kbas[kbas["geom"].map(lambda g: g is not None and not g.is_empty)].reset_index(drop=True)
    if kbas.empty:
        raise NoDataError(f"{INDICATOR_ID}: no Key Biodiversity Area with a boundary in the database")
    selection = select_sites(inputs["protected_areas"], kind)
    prepared = prepare_sites(selection.sites)
    years = series_years(prepared.years, last_year=release_year(inputs["protected_areas"]))
    if by == "kba":
        years = [year if year is not None else years[-1]]
    regions = prepare_regions(kbas["geom"].to_numpy())
    kba_km2 = shapely.area(regions) / 1e6
    protected = accumulate_protected_area(prepared.geometries, prepared.years, regions, years)
    percent = np.divide(protected, kba_km2, out=np.zeros_like(protected), where=kba_km2 > 0) * 100.0
    notes, counts = site_notes_and_counts(selection.sites, selection.excluded, prepared, kind)
    counts = {"kbas": len(kbas), **counts}
    if by == "kba":
        classes = classify(percent[0])
        table = pd.DataFrame(
            {
                "year": years[0],
                "kba": kbas["site_code"].astype(str).to_numpy(),
                "kba_name": kbas["name"].to_numpy(),
                "kba_km2": kba_km2,
                "protected_km2": protected[0],
                "value": percent[0],
                "coverage_class": classes,
            }
        )
        disaggregations: tuple[str, ...] = ("kba",)
        output = ("year", "kba", "kba_name", "kba_km2", "protected_km2", "value", "coverage_class")
    else:
        rows = []
        for i, at in enumerate(years):
            classes = classify(percent[i])
            rows.append(
                {
                    "year": at,
                    "value": float(percent[i].mean()),
                    "n_kba": len(kbas),
                    "kba_full": int((classes == "full").sum()),
                    "kba_partial": int((classes == "partial").sum()),
                    "kba_none": int((classes == "none").sum()),
                }
            )
        table = pd.DataFrame(rows)
        disaggregations = ()
        output = ("year", "value", "n_kba", "kba_full", "kba_partial", "kba_none")
    table["lower"] = np.nan
    table["upper"] = np.nan
    table["year"] = table["year"].astype(int)
    result = IndicatorResult(INDICATOR_ID, table, disaggregations, counts=counts, notes=notes, output_columns=output)
    return result.with_provenance(
        method="mean % of each KBA's area inside the dissolved PA/OECM network; Mollweide ESRI:54009",
        filters=(
            f"site_type in {kind}; status in {', '.join(KEPT_STATUSES)}; designation_en != '{MAB_DESIGNATION}'; "
            f"full coverage >= {FULL_COVERAGE_PERCENT:g} %"
        ),
        **input_provenance(inputs),
    )
