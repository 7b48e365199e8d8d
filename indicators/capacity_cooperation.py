"""Capacity building and scientific cooperation by partner country (GBF target 20, national).

Per year and partner country (plus `all` and `megadiverse`, the sum over the Like-Minded
Megadiverse Countries flagged in the country table):

- `active_projects`: cooperation projects (joint research, ODA, capacity building) running in
  the year (start year ≤ year ≤ end year, and not after `until_year`, default this year);
- `trainees`, `women_trainees`: people trained in courses, workshops and fellowships;
- `duplicate_specimens`, `books`, `datasets`: items handed over to partner institutions.

>>> projects = pd.DataFrame({"partner_country": ["EC"], "start_year": 2022, "end_year": 2024, "projects": 1,
...     "is_megadiverse": True})
>>> empty = pd.DataFrame(columns=["year", "partner_country", "series", "value", "is_megadiverse"])
>>> r = compute({"cooperation_projects": projects, "cooperation_counts": empty}, until_year=2025)
>>> r.frame.query("partner_country == 'megadiverse'")["value"].tolist()
[1.0, 1.0, 1.0]
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping

import pandas as pd

from indicators.result import IndicatorResult, NoDataError, require_columns
from indicators.tidy_frames import finish

INDICATOR_ID = "capacity_cooperation"
INPUTS: tuple[str, ...] = ("cooperation_projects", "cooperation_counts")
KEYS = ("series", "partner_country")
# material_transfer.kind → series name
TRANSFER_SERIES: dict[str, str] = {"duplicate_specimen": "duplicate_specimens", "book": "books", "dataset": "datasets"}


def active_projects(projects: pd.DataFrame, last_year: int) -> pd.DataFrame:
    """One row per partner country and year with the number of projects running."""
    rows = []
    for record in projects.itertuples(index=False):
        end = int(record.end_year) if pd.notna(record.end_year) else last_year
        for year in range(int(record.start_year), min(end, last_year) + 1):
            rows.append({"partner_country": record.partner_country, "year": year, "value": float(record.projects),
                         "is_megadiverse": bool(record.is_megadiverse)})
    frame = pd.DataFrame(rows, columns=["partner_country", "year", "value", "is_megadiverse"])
    return frame.groupby(["partner_country", "year", "is_megadiverse"], as_index=False)["value"].sum().assign(series="active_projects")


def compute(inputs: Mapping[str, pd.DataFrame], *, until_year: int | None = None) -> IndicatorResult:
    projects = inputs.get("cooperation_projects", pd.DataFrame())
    counts = inputs.get("cooperation_counts", pd.DataFrame())
    if projects.empty and counts.empty:
        raise NoDataError(f"{INDICATOR_ID}: no cooperation projects, trainings or hand-overs")
    parts = []
    if not counts.empty:
        require_columns(counts, ("year", "partner_country", "series", "value", "is_megadiverse"), name="cooperation_counts")
        parts.append(counts.assign(series=counts["series"].replace(TRANSFER_SERIES)))
    if not projects.empty:
        require_columns(projects, ("partner_country", "start_year", "end_year", "projects", "is_megadiverse"), name="cooperation_projects")
        # running projects are counted up to `until_year` (default: this year), never into the future
        last = int(until_year or dt.date.today().year)
        parts.append(active_projects(projects, last))
    frame = pd.concat(parts, ignore_index=True)
    frame["value"] = frame["value"].astype(float)
    frame["is_megadiverse"] = frame["is_megadiverse"].fillna(False).astype(bool)
    frame = frame.groupby(["series", "partner_country", "year"], as_index=False).agg(
        value=("value", "sum"), is_megadiverse=("is_megadiverse", "max"))
    total = frame.groupby(["series", "year"], as_index=False)["value"].sum().assign(partner_country="all")
    mega = frame[frame["is_megadiverse"]].groupby(["series", "year"], as_index=False)["value"].sum().assign(partner_country="megadiverse")
    out = pd.concat([frame, total, mega], ignore_index=True)
    result_counts = {"partner_countries": int(frame["partner_country"].nunique())}
    return IndicatorResult(INDICATOR_ID, finish(out, KEYS), KEYS, result_counts)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--until-year", type=int, default=None, help="last year projects are counted as running (default: this year)")
