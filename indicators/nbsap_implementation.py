"""Implementation of Korea's 5th NBSAP (2024–2028): status of its actions per report year.

For each report year Y, every action takes the status of its latest report of year ≤ Y
(completed, in_progress, delayed, not_started, cancelled; `not_reported` when it has none yet).
Series (column `series`), overall (`target_kind` = all) and per GBF target and national target:

- `actions`; one count per status;
- `pct_completed` = completed ÷ (actions reported on − cancelled) × 100 (the implementation
  report's 이행률: 2024, 253 of 294 = 86.1 %);
- `overdue`: actions whose end year has passed (end_year < Y) and that are not completed or cancelled;
- `no_indicator`: actions linked to no indicator (neither a dashboard id nor a GBF code).

`report_stage` is `final` when every report of the year is final, else `preliminary` (a year
still being reported: mid-year statuses look like a fall in completion, so the progress rule
reads final years only).

>>> actions = pd.DataFrame({"action_id": [1, 2], "national_target": "NT3", "end_year": [2024, 2028],
...     "indicator_links": [1, 0]})
>>> reports = pd.DataFrame({"action_id": [1, 2], "year": 2024, "status": ["completed", "in_progress"]})
>>> links = pd.DataFrame({"action_id": [1, 2], "gbf_code": "3"})
>>> r = compute({"nbsap_actions": actions, "nbsap_reports": reports, "nbsap_gbf_links": links}).frame
>>> r.query("series == 'pct_completed' and target_kind == 'all'")["value"].tolist()
[50.0]
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

import pandas as pd

from indicators.result import IndicatorResult, NoDataError, require_columns
from indicators.tidy_frames import ALL, finish

INDICATOR_ID = "nbsap_implementation"
INPUTS: tuple[str, ...] = ("nbsap_actions", "nbsap_reports", "nbsap_gbf_links")
KEYS = ("series", "target_kind", "target_code", "report_stage")
STATUSES: tuple[str, ...] = ("completed", "in_progress", "delayed", "not_started", "cancelled", "not_reported")
CLOSED = ("completed", "cancelled")


def latest_status(actions: pd.DataFrame, reports: pd.DataFrame, year: int) -> pd.Series:
    """Status per action_id as of report year `year` (its latest report of year ≤ `year`)."""
    upto = reports[reports["year"] <= year].sort_values(["action_id", "year"])
    latest = upto.drop_duplicates("action_id", keep="last").set_index("action_id")["status"]
    return latest.reindex(actions["action_id"]).fillna("not_reported")


def completion_rate(statuses: pd.Series) -> float | None:
    """% completed as the implementation report counts it: completed ÷ (actions reported on −
    cancelled) × 100 (2024: 253 of 294 = 86.1 %); None when no action counts. The NBSAP tracker's
    key figure is this same rate over the actions its filters keep.

    >>> completion_rate(pd.Series(["completed", "in_progress", "cancelled", "not_reported"]))
    50.0
    """
    counts = statuses.value_counts()
    eligible = len(statuses) - counts.get("cancelled", 0) - counts.get("not_reported", 0)
    return float(100.0 * counts.get("completed", 0) / eligible) if eligible > 0 else None


def summarise(group: pd.DataFrame, year: int) -> list[dict]:
    rows = [{"series": "actions", "value": float(len(group))}]
    counts = group["status"].value_counts()
    for status in STATUSES:
        rows.append({"series": status, "value": float(counts.get(status, 0))})
    completed = completion_rate(group["status"])
    if completed is not None:
        rows.append({"series": "pct_completed", "value": completed})
    overdue = (group["end_year"] < year) & ~group["status"].isin(CLOSED)
    rows.append({"series": "overdue", "value": float(overdue.sum())})
    rows.append({"series": "no_indicator", "value": float((group["indicator_links"] == 0).sum())})
    return rows


def compute(inputs: Mapping[str, pd.DataFrame], *, final_only: bool = False) -> IndicatorResult:
    actions = inputs.get("nbsap_actions", pd.DataFrame())
    reports = inputs.get("nbsap_reports", pd.DataFrame())
    links = inputs.get("nbsap_gbf_links", pd.DataFrame(columns=["action_id", "gbf_code"]))
    if actions.empty or reports.empty:
        raise NoDataError(f"{INDICATOR_ID}: no NBSAP actions or progress reports")
    require_columns(actions, ("action_id", "national_target", "end_year", "indicator_links"), name="nbsap_actions")
    require_columns(reports, ("action_id", "year", "status"), name="nbsap_reports")
    if final_only and "is_final" in reports.columns:
        reports = reports[reports["is_final"].astype(bool)]
    rows: list[dict] = []
    final = reports["is_final"].fillna(True).astype(bool) if "is_final" in reports.columns else pd.Series(True, index=reports.index)
    for year in sorted(reports["year"].dropna().astype(int).unique()):
        stage = "final" if final[reports["year"] == year].all() else "preliminary"
        state = actions.assign(status=latest_status(actions, reports, year).to_numpy())
        groups = [("all", ALL, state)]
        groups += [("national", code, part) for code, part in state.groupby("national_target")]
        with_gbf = state.merge(links, on="action_id")
        groups += [("gbf", str(code), part) for code, part in with_gbf.groupby("gbf_code")]
        for kind, code, part in groups:
            rows.extend({**row, "target_kind": kind, "target_code": code, "report_stage": stage, "year": year}
                        for row in summarise(part, year))
    frame = pd.DataFrame(rows)
    counts = {"actions": len(actions), "reports": len(reports)}
    return IndicatorResult(INDICATOR_ID, finish(frame, KEYS), KEYS, counts)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--final-only", action="store_true", help="ignore preliminary reports")
