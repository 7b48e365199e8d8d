"""Rate of invasive alien species establishment (GBF headline indicator 6.1), from first records.

An alien taxon counts as newly established in the year of its first record in Korea (the GRIIS /
Seebens et al. 2017 first-record approach). Series (column `series`):

- `new_establishments`: alien taxa first recorded in the year;
- `cumulative`: alien taxa recorded by the end of the year;
- `establishment_rate_index`: the `window`-year mean of new establishments, as % of that mean in
  the baseline year (the GBF target 6 reads "reduce … rates of introduction and establishment by
  at least 50 %" → target 50 by 2030);
- `designated_ecosystem_disturbing`, `designated_concern_for_introduction`: taxa whose dated
  designation under the Biodiversity Act (생태계교란 생물, 유입주의 생물) is in force on 31 December.

>>> first = pd.DataFrame({"taxon_id": [1, 2, 3], "taxon_group": "Plantae", "first_year": [2001, 2001, 2003]})
>>> r = compute({"alien_first_records": first, "invasive_designations": pd.DataFrame()})
>>> r.frame.query("series == 'cumulative'")["value"].tolist()
[2.0, 2.0, 3.0]
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators.result import IndicatorResult, NoDataError, Note, require_columns
from indicators.tidy_frames import finish, year_range

INDICATOR_ID = "invasive_species_establishment"
INPUTS: tuple[str, ...] = ("alien_first_records", "invasive_designations")
FIRST_RECORD_COLUMNS = ("taxon_id", "first_year")
DESIGNATION_COLUMNS = ("taxon_id", "scheme", "valid_from", "valid_to")
DESIGNATION_SERIES: dict[str, str] = {
    "ECOSYSTEM_DISTURBING": "designated_ecosystem_disturbing",  # 생태계교란 생물, Biodiversity Act Art. 2(8)
    "CONCERN_FOR_INTRODUCTION": "designated_concern_for_introduction",  # 유입주의 생물
}
DEFAULT_BASELINE_YEAR = 2020
DEFAULT_WINDOW = 5


def compute(
    inputs: Mapping[str, pd.DataFrame], *, baseline_year: int = DEFAULT_BASELINE_YEAR, window: int = DEFAULT_WINDOW
) -> IndicatorResult:
    if window < 1:
        raise ValueError("window must be at least 1 year")
    first = inputs.get("alien_first_records", pd.DataFrame())
    designations = inputs.get("invasive_designations", pd.DataFrame())
    parts: list[pd.DataFrame] = []
    notes: list[str] = []
    counts: dict[str, int] = {}
    if not first.empty:
        require_columns(first, FIRST_RECORD_COLUMNS, name="alien_first_records")
        first = first.dropna(subset=["first_year"]).drop_duplicates("taxon_id")
        parts.append(establishment_series(first, baseline_year=baseline_year, window=window, notes=notes))
        counts["alien_taxa"] = int(first["taxon_id"].nunique())
    if not designations.empty:
        require_columns(designations, DESIGNATION_COLUMNS, name="invasive_designations")
        last_year = int(first["first_year"].max()) if not first.empty else None
        parts.append(designation_series(designations, last_year=last_year))
        for scheme, name in DESIGNATION_SERIES.items():
            counts[name] = int(designations.loc[designations["scheme"] == scheme, "taxon_id"].nunique())
    if not parts or all(p.empty for p in parts):
        raise NoDataError(f"{INDICATOR_ID}: no alien-species first records and no designations")
    frame = finish(pd.concat(parts, ignore_index=True), ["series"])
    notes.append(Note("First-record years stand in for establishment years; the latest years are incomplete "
                      "because records are digitised with a lag.",
                      "정착 연도 대신 첫 기록 연도를 씁니다. 기록이 늦게 디지털화되므로 최근 몇 해는 불완전합니다."))
    return IndicatorResult(INDICATOR_ID, frame, ("series",), counts, tuple(notes))


def establishment_series(first: pd.DataFrame, *, baseline_year: int, window: int, notes: list[str]) -> pd.DataFrame:
    years = year_range(first["first_year"].min(), first["first_year"].max())
    new = first["first_year"].astype(int).value_counts().reindex(years, fill_value=0).astype(float)
    frames = [
        pd.DataFrame({"series": "new_establishments", "year": years, "value": new.to_numpy()}),
        pd.DataFrame({"series": "cumulative", "year": years, "value": new.cumsum().to_numpy()}),
    ]
    mean = new.rolling(window, min_periods=window).mean()
    base = mean.get(baseline_year, np.nan)
    if pd.notna(base) and base > 0:
        index = (mean / base * 100.0).dropna()
        frames.append(pd.DataFrame({"series": "establishment_rate_index", "year": index.index, "value": index.to_numpy()}))
    else:
        notes.append(Note(f"No {window}-year mean for the baseline year {baseline_year}: the rate index is not computed.",
                          f"기준연도 {baseline_year}의 {window}년 평균이 없어 정착률 지수를 계산하지 않았습니다."))
    return pd.concat(frames, ignore_index=True)


def designation_series(designations: pd.DataFrame, *, last_year: int | None) -> pd.DataFrame:
    """Taxa with a designation in force on 31 December of each year, per scheme."""
    frame = designations[designations["scheme"].isin(list(DESIGNATION_SERIES))].copy()
    if frame.empty:
        return pd.DataFrame(columns=["series", "year", "value"])
    start = pd.to_datetime(frame["valid_from"]).dt.year
    end = pd.to_datetime(frame["valid_to"], errors="coerce")
    # in force on 31 Dec of year y: valid_from ≤ y-12-31 and (no end or end > y-12-31)
    end_year = np.where(end.isna(), np.inf, np.where((end.dt.month == 12) & (end.dt.day == 31), end.dt.year + 1, end.dt.year) - 1)
    frame = frame.assign(start=start.to_numpy(), stop=end_year)
    last = max(int(start.max()), last_year or 0, int(end.dt.year.max()) if end.notna().any() else 0)
    years = year_range(int(start.min()), last)
    rows = []
    for scheme, name in DESIGNATION_SERIES.items():
        part = frame[frame["scheme"] == scheme]
        if part.empty:
            continue
        for year in years:
            active = part[(part["start"] <= year) & (part["stop"] >= year)]
            rows.append({"series": name, "year": int(year), "value": float(active["taxon_id"].nunique())})
    return pd.DataFrame(rows)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--baseline-year", type=int, default=DEFAULT_BASELINE_YEAR,
                        help="year whose moving mean is 100 in the rate index (default 2020)")
    parser.add_argument("--window", type=int, default=DEFAULT_WINDOW, help="years in the moving mean (default 5)")
