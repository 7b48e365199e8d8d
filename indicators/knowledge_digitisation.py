"""Biodiversity knowledge digitised and shared (GBF target 21; complementary indicator 21.CY.2).

Series (column `series`; `taxon_group` and `province_code` are `all` where they do not apply):

- `digitised_records`, `digitised_specimens`, `published_records` per year of digitisation, and
  their `_cumulative` sums (records published = digitised that year and now shared with GBIF/KBIF);
- `taxonomic_completeness` (%): accepted species of the national list with at least one
  georeferenced record digitised by the end of the year, by taxon group and `all`;
- `geographic_completeness` (%), latest year only: species with a georeferenced record in the
  province ÷ species with a georeferenced record anywhere in Korea; `province_records` beside it.

>>> digit = pd.DataFrame({"year": [2020, 2021], "is_specimen": [True, False], "is_published": [True, True], "records": [5, 3]})
>>> r = compute({"digitisation_counts": digit})
>>> r.frame.query("series == 'published_records_cumulative'")["value"].tolist()
[5.0, 8.0]
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators.result import IndicatorResult, NoDataError, Note, require_columns
from indicators.tidy_frames import ALL, finish, year_range

INDICATOR_ID = "knowledge_digitisation"
INPUTS: tuple[str, ...] = ("digitisation_counts", "species_coverage", "national_species", "province_coverage")
KEYS = ("series", "taxon_group", "province_code")


def _series(name: str, years: np.ndarray, values: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"series": name, "taxon_group": ALL, "province_code": ALL, "year": years, "value": values.astype(float)})


def digitisation_series(counts: pd.DataFrame) -> list[pd.DataFrame]:
    counts = counts.dropna(subset=["year"])
    years = year_range(counts["year"].min(), counts["year"].max())
    def per_year(mask: pd.Series) -> np.ndarray:
        return counts[mask].groupby("year")["records"].sum().reindex(years, fill_value=0).to_numpy(float)
    everything = per_year(pd.Series(True, index=counts.index))
    specimens = per_year(counts["is_specimen"].astype(bool))
    published = per_year(counts["is_published"].astype(bool))
    return [
        _series("digitised_records", years, everything),
        _series("digitised_specimens", years, specimens),
        _series("published_records", years, published),
        _series("digitised_records_cumulative", years, np.cumsum(everything)),
        _series("published_records_cumulative", years, np.cumsum(published)),
    ]


def taxonomic_completeness(coverage: pd.DataFrame, national: pd.DataFrame, last_year: int | None) -> pd.DataFrame:
    """% of accepted species per group with a georeferenced record digitised by each year-end."""
    require_columns(coverage, ("taxon_group", "first_year", "species"), name="species_coverage")
    require_columns(national, ("taxon_group", "species"), name="national_species")
    known_years = coverage["first_year"].dropna()
    if known_years.empty and last_year is None:
        return pd.DataFrame()
    last = int(max(known_years.max() if not known_years.empty else 0, last_year or 0))
    first = int(known_years.min()) if not known_years.empty else last
    coverage = coverage.assign(first_year=coverage["first_year"].fillna(last).astype(int))
    totals = national.groupby("taxon_group")["species"].sum()
    totals = pd.concat([totals, pd.Series({ALL: totals.sum()})])
    covered = coverage.groupby(["taxon_group", "first_year"])["species"].sum()
    rows = []
    years = year_range(first, last)
    for group, denominator in totals.items():
        if denominator <= 0:
            continue
        new = covered.groupby(level="first_year").sum() if group == ALL else covered.get(group, pd.Series(dtype=float))
        cumulative = new.reindex(years, fill_value=0).cumsum() if len(new) else pd.Series(0, index=years)
        for year, value in cumulative.items():
            rows.append({"series": "taxonomic_completeness", "taxon_group": group, "province_code": ALL,
                         "year": int(year), "value": 100.0 * float(value) / float(denominator),
                         "species": int(value), "species_total": int(denominator)})
    return pd.DataFrame(rows)


def geographic_completeness(provinces: pd.DataFrame, year: int) -> pd.DataFrame:
    require_columns(provinces, ("province_code", "species", "records", "national_species"), name="province_coverage")
    national = float(provinces["national_species"].max())
    base = provinces.assign(taxon_group=ALL, year=year)
    share = base.assign(series="geographic_completeness", value=100.0 * base["species"] / national if national else np.nan)
    records = base.assign(series="province_records", value=base["records"].astype(float))
    return pd.concat([share, records], ignore_index=True).drop(columns=["national_species"])


def compute(inputs: Mapping[str, pd.DataFrame]) -> IndicatorResult:
    counts = inputs.get("digitisation_counts", pd.DataFrame())
    coverage = inputs.get("species_coverage", pd.DataFrame())
    national = inputs.get("national_species", pd.DataFrame())
    provinces = inputs.get("province_coverage", pd.DataFrame())
    parts: list[pd.DataFrame] = []
    last_year = None
    if not counts.empty:
        require_columns(counts, ("year", "is_specimen", "is_published", "records"), name="digitisation_counts")
        parts.extend(digitisation_series(counts))
        last_year = int(counts["year"].max())
    if not coverage.empty and not national.empty:
        parts.append(taxonomic_completeness(coverage, national, last_year))
    if not provinces.empty:
        snapshot = last_year or (int(coverage["first_year"].max()) if not coverage.empty and coverage["first_year"].notna().any() else None)
        if snapshot is not None:
            parts.append(geographic_completeness(provinces, snapshot))
    parts = [p for p in parts if not p.empty]
    if not parts:
        raise NoDataError(f"{INDICATOR_ID}: no digitised records")
    frame = pd.concat(parts, ignore_index=True)
    result_counts = {"records": int(counts["records"].sum()) if not counts.empty else 0,
                     "species": int(national["species"].sum()) if not national.empty else 0}
    notes = (Note("Digitisation year falls back to the collection/observation year where it is not recorded.",
                  "디지털화 연도가 기록되지 않은 경우 채집·관찰 연도를 대신 씁니다."),)
    return IndicatorResult(INDICATOR_ID, finish(frame, KEYS), KEYS, result_counts, notes)


def add_arguments(parser: argparse.ArgumentParser) -> None:  # noqa: ARG001
    return None
