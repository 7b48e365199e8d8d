"""Small shared steps of the count-type indicators: totals rows and the tidy result shape.

Counts and sums have no sampling interval, so `lower` and `upper` are empty (NaN) for them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

ALL = "all"  # label of a total row in a disaggregation column


def add_totals(frame: pd.DataFrame, column: str, *, by: Sequence[str], sums: Sequence[str], label: str = ALL) -> pd.DataFrame:
    """`frame` plus one row per `by` group with `column` = label and the `sums` added up."""
    if frame.empty:
        return frame
    totals = frame.groupby(list(by), as_index=False, dropna=False)[list(sums)].sum(min_count=1)
    totals[column] = label
    return pd.concat([frame, totals], ignore_index=True)


def finish(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Integer years, empty bounds where none were computed, rows sorted by keys then year."""
    out = frame.copy()
    out["year"] = out["year"].astype(int)
    for bound in ("lower", "upper"):
        if bound not in out.columns:
            out[bound] = np.nan
    order = [*keys, "year"]
    front = [*order, "value", "lower", "upper"]
    out = out[front + [c for c in out.columns if c not in front]]
    return out.sort_values(order, kind="stable").reset_index(drop=True)


def year_range(first: int, last: int) -> np.ndarray:
    return np.arange(int(first), int(last) + 1)
