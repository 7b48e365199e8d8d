"""Species protection: the share of each threatened species' known locations inside protected areas.

A Species-Protection-Index-style component for GBF targets 3 and 4 (3.CT.2 is Map of Life's SPI,
which uses modelled habitat ranges; this national version uses occurrence records instead). For
each threatened species, the share of its distinct occurrence locations that fall inside a
counted protected area or OECM; the value is the unweighted mean of those shares over species,
in %, by taxon group and over all groups ("all"), "based on N species". The series follows the
protected-area network over STATUS_YR: a location counts from the first year a site covering it
was designated (sites with an unknown year count in every year); which species are threatened,
and where they were recorded, are today's.

Inputs come pre-aggregated from the data layer (`data_access/queries/species_protection_inputs.py`):
per species, how many locations were first protected in which year.

>>> species = pd.DataFrame({"taxon_id": [1, 2], "taxon_group": ["Birds", "Plants"]})
>>> protection = pd.DataFrame({"taxon_id": [1, 1, 2], "protected_from": [2000, None, 2010],
...                            "n_locations": [1, 3, 2]})
>>> years = pd.DataFrame({"status_year": [2000, 2010]})
>>> frame = compute({"threatened_species": species, "occurrence_protection": protection,
...                  "protected_area_years": years}, year=2010).frame
>>> frame[["taxon_group", "value", "n_species"]].to_dict("records")
[{'taxon_group': 'all', 'value': 62.5, 'n_species': 2}, {'taxon_group': 'Birds', 'value': 25.0, 'n_species': 1}, {'taxon_group': 'Plants', 'value': 100.0, 'n_species': 1}]
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from indicators.coverage_geometry import input_provenance, release_year
from indicators.result import IndicatorResult, InputContractError, NoDataError, Note, require_columns

INDICATOR_ID = "species_protection"
INPUTS: tuple[str, ...] = ("threatened_species", "occurrence_protection", "protected_area_years")
ALL_GROUPS = "all"
OUTPUT_COLUMNS = ("year", "taxon_group", "value", "n_species", "n_locations")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, default=None, help="one year only (default: the whole series)")


def series_years(protected_area_years: pd.DataFrame, species: pd.DataFrame) -> list[int]:
    """The coverage indicator's years: first known STATUS_YR to the last one or the WDPA release year.

    Without any known STATUS_YR: the release year, else the latest Red List round.
    """
    require_columns(protected_area_years, ("status_year",), name="protected_area_years")
    known = pd.to_numeric(protected_area_years["status_year"], errors="coerce")
    known = known[known > 0]
    release = release_year(protected_area_years)
    if not known.empty:
        last = max(int(known.max()), release or 0)
        return list(range(int(known.min()), last + 1))
    if release is not None:
        return [release]
    if "red_list_year" in species.columns and species["red_list_year"].notna().any():
        return [int(species["red_list_year"].max())]
    raise NoDataError(f"{INDICATOR_ID}: no protected area with a known STATUS_YR and no Red List round year")


def protected_shares(protection: pd.DataFrame, years: list[int]) -> tuple[pd.Index, np.ndarray, np.ndarray]:
    """(species ids, locations per species, share protected per species × year)."""
    frame = protection.copy()
    frame["n_locations"] = pd.to_numeric(frame["n_locations"]).astype(float)
    totals = frame.groupby("taxon_id")["n_locations"].sum()
    totals = totals[totals > 0]
    first = pd.to_numeric(frame["protected_from"], errors="coerce")
    year_array = np.asarray(years, dtype=float)
    protected_by_year = np.zeros((len(totals), len(years)))
    index = totals.index
    rows = index.get_indexer(frame["taxon_id"])
    ok = (rows >= 0) & first.notna().to_numpy()
    # A location first protected in year f (0 = unknown year) is protected in every year >= f.
    covered = first.to_numpy()[ok, None] <= year_array[None, :]
    np.add.at(protected_by_year, rows[ok], covered * frame["n_locations"].to_numpy()[ok, None])
    return index, totals.to_numpy(), protected_by_year / totals.to_numpy()[:, None]


def compute(inputs: Mapping[str, pd.DataFrame], *, year: int | None = None, **_: Any) -> IndicatorResult:
    """Mean % of threatened species' locations inside protected areas, per group and year."""
    for name in INPUTS:
        if name not in inputs:
            raise InputContractError(f"input '{name}' is missing")
    species = inputs["threatened_species"]
    protection = inputs["occurrence_protection"]
    require_columns(species, ("taxon_id", "taxon_group"), name="threatened_species")
    require_columns(protection, ("taxon_id", "protected_from", "n_locations"), name="occurrence_protection")
    if species.empty:
        raise NoDataError(f"{INDICATOR_ID}: no threatened species (national Red List CR/EN/VU or endangered class I/II)")
    years = series_years(inputs["protected_area_years"], species)
    if year is not None:
        years = [year]
    threatened = species.drop_duplicates("taxon_id").set_index("taxon_id")["taxon_group"].astype(str)
    protection = protection[protection["taxon_id"].isin(threatened.index)]
    ids, locations, shares = protected_shares(protection, years)
    if len(ids) == 0:
        raise NoDataError(f"{INDICATOR_ID}: no threatened species has an occurrence with coordinates")
    groups = threatened.reindex(ids).to_numpy()

    rows = []
    for label in [ALL_GROUPS, *sorted(set(groups))]:
        members = np.ones(len(ids), bool) if label == ALL_GROUPS else groups == label
        mean = shares[members].mean(axis=0) * 100.0
        for column, at in enumerate(years):
            rows.append(
                {
                    "year": at,
                    "taxon_group": label,
                    "value": float(mean[column]),
                    "lower": np.nan,
                    "upper": np.nan,
                    "n_species": int(members.sum()),
                    "n_locations": int(locations[members].sum()),
                }
            )
    table = pd.DataFrame(rows)
    without = len(threatened) - len(ids)
    notes = (
        Note(f"based on {len(ids):,} threatened species with located occurrences",
             f"위치가 있는 출현 기록을 가진 멸종위기종 {len(ids):,}종 기준"),
        Note(f"{without:,} threatened species have no located occurrence and are left out",
             f"위치가 있는 출현 기록이 없는 멸종위기종 {without:,}종은 제외했습니다"),
        Note("each distinct location of a species counts once; the species' shares are averaged unweighted",
             "한 종의 같은 위치는 한 번만 셉니다. 종별 비율은 가중치 없이 평균합니다"),
        Note("locations protected by a site with unknown STATUS_YR count in every year",
             "지정 연도(STATUS_YR)를 모르는 보호지역 안의 위치는 모든 연도에 보호된 것으로 셉니다"),
    )
    counts = {
        "species": len(ids),
        "threatened_species": len(threatened),
        "species_without_locations": without,
        "locations": int(locations.sum()),
    }
    result = IndicatorResult(
        INDICATOR_ID, table, ("taxon_group",), counts=counts, notes=notes, output_columns=OUTPUT_COLUMNS
    )
    return result.with_provenance(
        method="unweighted mean over threatened species of the share of their distinct locations inside PAs/OECMs",
        **input_provenance(inputs),
    )
