"""What each role may see of personal data, sensitive locations and small counts (issue 8). Pure.

* **Personal data** (names, addresses, phone numbers, e-mail of holders of captive wild animals,
  permit applicants, collectors) is replaced by `MASK` for roles below steward; the column stays,
  so tables and exports keep their shape.
* **Sensitive occurrences** (`is_sensitive`: threatened species whose locations are withheld) are
  moved, for viewers, to the centre of their **10 km cell of the EPSG:5179 grid** (Korea 2000 /
  Unified CS, the projection of Korea's national point-number grid 국가지점번호; cells aligned on
  multiples of 10,000 m of that projection). Cell codes follow the EEA reference-grid convention
  on that projection: `10kmE{easting/10 km}N{northing/10 km}`. The stated uncertainty becomes
  the cell's half-diagonal (7,072 m). Non-sensitive points are left alone.
* **Small counts** (1 and 2) in tables of individuals are shown as `SUPPRESSED` ("<3") to viewers,
  so that no holder or animal can be singled out; 0 and counts of 3 or more are shown.

    >>> mask_personal(pd.DataFrame({"name": ["김철수"], "n": [1]}), "analyst")["name"].tolist()
    ['***']
    >>> grid_cell(126.9780, 37.5665)
    '10kmE95N195'
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd
from pyproj import Transformer

from data_access.roles import role_allows

MASK = "***"
SUPPRESSED = "<3"
SUPPRESS_BELOW = 3
CELL_METRES = 10_000
GRID_CRS = "EPSG:5179"
CELL_HALF_DIAGONAL_M = math.ceil(CELL_METRES * math.sqrt(2) / 2)
# Columns that hold personal data wherever they appear (lower-case names).
PERSONAL_COLUMNS: frozenset[str] = frozenset({
    "name", "holder_name", "holder", "owner", "owner_name", "applicant", "applicant_name", "user_name",
    "address", "holder_address", "phone", "telephone", "email", "e_mail", "recorded_by", "identified_by",
    "contact", "contact_name", "reported_by_name",
})


@lru_cache(maxsize=2)
def _transformers() -> tuple[Transformer, Transformer]:
    to_grid = Transformer.from_crs("EPSG:4326", GRID_CRS, always_xy=True)
    from_grid = Transformer.from_crs(GRID_CRS, "EPSG:4326", always_xy=True)
    return to_grid, from_grid


def sees_personal_data(role: str) -> bool:
    """Stewards and admins see names and addresses; viewers and analysts do not."""
    return role_allows(role, "steward")


def sees_records(role: str) -> bool:
    """Analysts and above see individual records; viewers see aggregates only."""
    return role_allows(role, "analyst")


def mask_personal(frame: pd.DataFrame, role: str, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """A copy with personal columns (`columns`, or every PERSONAL_COLUMNS name present) masked for the role."""
    if sees_personal_data(role):
        return frame
    wanted = {c.lower() for c in columns} if columns is not None else PERSONAL_COLUMNS
    hidden = [c for c in frame.columns if str(c).lower() in wanted]
    if not hidden:
        return frame
    masked = frame.copy()
    for column in hidden:
        masked[column] = masked[column].map(lambda v: v if v is None or (isinstance(v, float) and math.isnan(v)) else MASK)
        masked[column] = masked[column].astype(object)
    return masked


def _transform(transformer: Transformer, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # pyproj takes a one-element array for a scalar (and NumPy deprecates that); pad it to two.
    if xs.size == 1:
        x, y = transformer.transform(np.repeat(xs, 2), np.repeat(ys, 2))
        return np.asarray(x)[:1], np.asarray(y)[:1]
    x, y = transformer.transform(xs, ys)
    return np.asarray(x), np.asarray(y)


def _cell_indices(lon: Iterable[float], lat: Iterable[float]) -> tuple[np.ndarray, np.ndarray]:
    x, y = _transform(_transformers()[0], np.asarray(list(lon), dtype=float), np.asarray(list(lat), dtype=float))
    return np.floor(np.asarray(x) / CELL_METRES).astype(int), np.floor(np.asarray(y) / CELL_METRES).astype(int)


def grid_cells(lon: Iterable[float], lat: Iterable[float]) -> list[str]:
    """EEA-style codes of the 10 km EPSG:5179 cells holding each (lon, lat), vectorised."""
    ix, iy = _cell_indices(lon, lat)
    return [f"10kmE{e}N{n}" for e, n in zip(ix.tolist(), iy.tolist(), strict=True)]


def cell_centres(lon: Iterable[float], lat: Iterable[float]) -> tuple[np.ndarray, np.ndarray]:
    """(lons, lats) of the centres of the 10 km EPSG:5179 cells holding each point, vectorised."""
    ix, iy = _cell_indices(lon, lat)
    centre_lon, centre_lat = _transform(_transformers()[1], (ix + 0.5) * CELL_METRES, (iy + 0.5) * CELL_METRES)
    return np.round(np.asarray(centre_lon), 6), np.round(np.asarray(centre_lat), 6)


def grid_cell(lon: float, lat: float) -> str:
    """The EEA-style code of the 10 km EPSG:5179 cell that holds (lon, lat)."""
    return grid_cells([lon], [lat])[0]


def cell_centre(lon: float, lat: float) -> tuple[float, float]:
    """(lon, lat) of the centre of the 10 km EPSG:5179 cell that holds (lon, lat)."""
    lons, lats = cell_centres([lon], [lat])
    return float(lons[0]), float(lats[0])


def generalise_occurrences(
    frame: pd.DataFrame,
    role: str,
    *,
    lon: str = "decimal_longitude",
    lat: str = "decimal_latitude",
    sensitive: str = "is_sensitive",
    uncertainty: str = "coordinate_uncertainty_m",
    locality: str = "locality",
) -> pd.DataFrame:
    """For viewers, sensitive rows moved to their 10 km cell centre (plus a `grid_cell` column),
    their locality text removed and their uncertainty widened; others get the frame unchanged.
    """
    if sees_records(role) or frame.empty or sensitive not in frame.columns:
        return frame
    out = frame.copy()
    rows = out[sensitive].fillna(False).astype(bool) & out[lon].notna() & out[lat].notna()
    out["grid_cell"] = pd.Series([None] * len(out), index=out.index, dtype=object)
    if rows.any():
        lons, lats = out.loc[rows, lon].astype(float), out.loc[rows, lat].astype(float)
        out.loc[rows, "grid_cell"] = grid_cells(lons, lats)
        centre_lon, centre_lat = cell_centres(lons, lats)
        out[lon], out[lat] = out[lon].astype(float), out[lat].astype(float)
        out.loc[rows, lon], out.loc[rows, lat] = centre_lon, centre_lat
        if uncertainty in out.columns:
            out[uncertainty] = out[uncertainty].astype(float)
            out.loc[rows, uncertainty] = float(CELL_HALF_DIAGONAL_M)
        if locality in out.columns:
            out[locality] = out[locality].astype(object)
            out.loc[rows, locality] = None
    return out


def sensitive_cell_counts(frame: pd.DataFrame, role: str, *, lon: str = "decimal_longitude",
                          lat: str = "decimal_latitude", species: str = "scientific_name") -> pd.DataFrame:
    """Records and species per 10 km cell (grid_cell, cell centre, records, species), the aggregate a
    viewer sees of sensitive occurrences; record counts 1–2 suppressed for viewers."""
    columns = ["grid_cell", "centre_longitude", "centre_latitude", "records", "species"]
    points = frame.dropna(subset=[lon, lat])
    if points.empty:
        return pd.DataFrame(columns=columns)
    centre_lon, centre_lat = cell_centres(points[lon], points[lat])
    cells = points.assign(grid_cell=grid_cells(points[lon], points[lat]), centre_longitude=centre_lon,
                          centre_latitude=centre_lat)
    if "records" not in cells.columns:  # one row per record; else rows already carry record counts
        cells = cells.assign(records=1)
    counts = (cells.groupby(["grid_cell", "centre_longitude", "centre_latitude"])
              .agg(records=("records", "sum"), species=(species, "nunique")).reset_index()
              .sort_values(["records", "grid_cell"], ascending=[False, True], ignore_index=True))
    return suppress_small_counts(counts, role, ["records", "species"])


def suppress_small_counts(frame: pd.DataFrame, role: str, columns: Iterable[str]) -> pd.DataFrame:
    """For viewers, counts 1 and 2 in `columns` become SUPPRESSED ("<3"); others see the counts.

    A suppressed column holds text for every row (e.g. "12", "<3", missing stays missing): one
    type per column keeps tables and CSV exports consistent.
    """
    if sees_records(role):
        return frame
    out = frame.copy()
    for column in columns:
        if column in out.columns:
            out[column] = out[column].map(_suppressed_text).astype(object)
    return out


def _suppressed_text(value: object) -> str | None:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    number = float(value)  # type: ignore[arg-type]
    if 0 < abs(number) < SUPPRESS_BELOW:
        return SUPPRESSED
    return str(int(number)) if number.is_integer() else str(value)


def suppress_count(value: int, role: str) -> int | str:
    """One count as a viewer may see it: SUPPRESSED when 1 or 2."""
    return SUPPRESSED if not sees_records(role) and 0 < abs(value) < SUPPRESS_BELOW else value


# Indicator outputs that count individual animals, holders or cases: their count columns (and,
# for long tables, which rows are counts rather than percentages) are suppressed for viewers.
INDIVIDUAL_COUNT_OUTPUTS: dict[str, tuple[str, ...]] = {
    "captive_population_balance": ("value", "import", "birth", "transfer_in", "death", "export", "escape",
                                   "seizure", "transfer_out", "net"),  # animals per species × facility
    "animal_life_cycle": ("value",),   # imported animals, deaths, transfers (not the *_pct series)
    "wildlife_seizures": ("value",),   # seizure cases
}


def mask_indicator_output(indicator_id: str, frame: pd.DataFrame, role: str) -> pd.DataFrame:
    """An indicator's output frame as the role may export it (command line and downloads)."""
    frame = mask_personal(frame, role)
    columns = INDIVIDUAL_COUNT_OUTPUTS.get(indicator_id)
    if not columns or sees_records(role):
        return frame
    if "series" in frame.columns:
        counts = ~frame["series"].astype(str).str.endswith("_pct")
        out = frame.copy()
        for column in columns:
            if column in out.columns:
                suppressed = suppress_small_counts(frame.loc[counts, [column]], role, [column])[column]
                out[column] = out[column].astype(object)
                out.loc[counts, column] = suppressed
        return out
    return suppress_small_counts(frame, role, columns)
