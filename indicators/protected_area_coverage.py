"""Coverage of protected areas and OECMs (GBF headline indicator 3.1), as Protected Planet computes it.

Terrestrial coverage = protected land / land area and marine coverage = protected EEZ / EEZ area,
in %, after the steps of shared/methods/data_formats.md §1.3 (see `indicators/coverage_geometry.py`):
only Designated, Inscribed and Established sites; UNESCO-MAB Biosphere Reserves out; points
without a reported area dropped and the rest buffered geodesically to a circle of that area;
polygons repaired; everything dissolved so overlaps count once; intersected with the land
boundary and the EEZ (minus land); areas in Mollweide (ESRI:54009). The split into land and sea
is made by geometry, not by the sites' MARINE/REALM flag, so coastal sites count in both.

`by="year"` gives the series over STATUS_YR (sites with an unknown year counted in every year);
`by="province"` gives terrestrial coverage per province, the province as denominator, for the
latest year or `year`.

>>> import shapely
>>> sites = pd.DataFrame({"parcel_id": ["1", "2"], "site_type": "PA", "status": "Designated",
...     "status_year": [2000, 2010], "designation_en": "National Park", "reported_area_km2": None,
...     "geom": [shapely.box(127.0, 36.0, 127.2, 36.2), shapely.box(127.1, 36.0, 127.3, 36.2)]})
>>> land = pd.DataFrame({"level": ["country"], "code": ["KOR"], "name_ko": ["대한민국"],
...     "name_en": ["Korea"], "geom": [shapely.box(126.0, 35.0, 129.0, 38.0)]})
>>> result = compute({"protected_areas": sites, "coverage_boundaries": land})
>>> result.frame[["year", "realm"]].iloc[[0, -1]].to_dict("records")
[{'year': 2000, 'realm': 'terrestrial'}, {'year': 2010, 'realm': 'terrestrial'}]
>>> bool(result.frame["value"].is_monotonic_increasing)
True
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
from indicators.result import IndicatorResult, InputContractError, NoDataError, Note, require_columns

INDICATOR_ID = "protected_area_coverage"
INPUTS: tuple[str, ...] = ("protected_areas", "coverage_boundaries")
BOUNDARY_COLUMNS: tuple[str, ...] = ("level", "code", "name_ko", "name_en", "geom")
BY_OPTIONS: tuple[str, ...] = ("year", "province")
REALMS: tuple[str, ...] = ("terrestrial", "marine")
PUBLISHED_COLUMNS = ("protected_km2", "total_km2", "value")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind", choices=KINDS, default="both", help="pa, oecm, or both (GBF 3.1 counts PAs and OECMs)"
    )
    parser.add_argument(
        "--by", choices=BY_OPTIONS, default="year", help="series by STATUS_YR, or terrestrial coverage per province"
    )
    parser.add_argument("--year", type=int, default=None, help="with --by province: the year (default latest)")


def land_and_sea(boundaries: pd.DataFrame) -> dict[str, shapely.Geometry]:
    """Denominators: land = the country outline(s); sea = the EEZ minus land, so no area counts twice."""
    require_columns(boundaries, BOUNDARY_COLUMNS, name="coverage_boundaries")
    regions: dict[str, shapely.Geometry] = {}
    land_rows = boundaries.loc[boundaries["level"] == "country", "geom"].dropna()
    eez_rows = boundaries.loc[boundaries["level"] == "eez", "geom"].dropna()
    land = shapely.union_all(prepare_regions(land_rows.to_numpy())) if len(land_rows) else None
    if land is not None:
        regions["terrestrial"] = land
    if len(eez_rows):
        sea = shapely.union_all(prepare_regions(eez_rows.to_numpy()))
        regions["marine"] = shapely.difference(sea, land) if land is not None else sea
    return regions


def provinces(boundaries: pd.DataFrame) -> pd.DataFrame:
    require_columns(boundaries, BOUNDARY_COLUMNS, name="coverage_boundaries")
    rows = boundaries[(boundaries["level"] == "province") & boundaries["geom"].notna()]
    return rows.sort_values("code").reset_index(drop=True)


def compute(
    inputs: Mapping[str, pd.DataFrame], *, kind: str = "both", by: str = "year", year: int | None = None, **_: Any
) -> IndicatorResult:
    """Coverage in % per realm and year (`by='year'`) or per province (`by='province'`)."""
    for name in INPUTS:
        if name not in inputs:
            raise InputContractError(f"input '{name}' is missing")
    if by not in BY_OPTIONS:
        raise InputContractError(f"by must be one of {', '.join(BY_OPTIONS)}, got '{by}'")
    frame = inputs["protected_areas"]
    boundaries = inputs["coverage_boundaries"]
    selection = select_sites(frame, kind)
    if selection.sites.empty:
        raise NoDataError(f"{INDICATOR_ID}: no designated protected area or OECM of kind '{kind}' in the database")
    prepared = prepare_sites(selection.sites)
    years = series_years(prepared.years, last_year=release_year(frame))
    notes, counts = site_notes_and_counts(selection.sites, selection.excluded, prepared, kind)

    if by == "year":
        regions = land_and_sea(boundaries)
        if not regions:
            raise NoDataError(f"{INDICATOR_ID}: no country (land) or EEZ boundary in the database")
        names = list(regions)
        geometries = np.asarray([regions[n] for n in names], dtype=object)
        protected = accumulate_protected_area(prepared.geometries, prepared.years, geometries, years)
        total = shapely.area(geometries) / 1e6
        table = pd.DataFrame(
            {
                "year": np.repeat(years, len(names)),
                "realm": np.tile(names, len(years)),
                "protected_km2": protected.ravel(),
                "total_km2": np.tile(total, len(years)),
            }
        )
        disaggregations: tuple[str, ...] = ("realm",)
        output = ("year", "realm", *PUBLISHED_COLUMNS)
        if "marine" not in regions:
            notes += (Note("no EEZ boundary (level 'eez') in the database: marine coverage not computed",
                           "데이터베이스에 배타적경제수역(EEZ) 경계가 없어 해양 보호 비율은 계산하지 않았습니다"),)
    else:
        units = provinces(boundaries)
        if units.empty:
            raise NoDataError(f"{INDICATOR_ID}: no province boundaries in the database")
        at = year if year is not None else years[-1]
        geometries = prepare_regions(units["geom"].to_numpy())
        # Stepping through the earlier years is faster than one dissolve of every site (local differences).
        steps = [y for y in years if y < at] + [at]
        protected = accumulate_protected_area(prepared.geometries, prepared.years, geometries, steps)[-1:]
        table = pd.DataFrame(
            {
                "year": at,
                "realm": "terrestrial",
                "province": units["code"].astype(str).to_numpy(),
                "province_name_ko": units["name_ko"].to_numpy(),
                "province_name_en": units["name_en"].to_numpy(),
                "protected_km2": protected[0],
                "total_km2": shapely.area(geometries) / 1e6,
            }
        )
        disaggregations = ("realm", "province")
        output = ("year", "realm", "province", *PUBLISHED_COLUMNS)
    table["value"] = np.where(table["total_km2"] > 0, table["protected_km2"] / table["total_km2"] * 100.0, np.nan)
    table["lower"] = np.nan
    table["upper"] = np.nan
    table["year"] = table["year"].astype(int)
    result = IndicatorResult(
        INDICATOR_ID, table, disaggregations, counts=counts, notes=notes, output_columns=output
    )
    return result.with_provenance(
        method="Protected Planet coverage method (data_formats.md §1.3); areas in Mollweide ESRI:54009",
        filters=(
            f"site_type in {kind}; status in {', '.join(KEPT_STATUSES)}; designation_en != '{MAB_DESIGNATION}'; "
            "points without reported area dropped"
        ),
        **input_provenance(inputs),
    )
