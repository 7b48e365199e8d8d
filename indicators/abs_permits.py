"""Access reports/permits and internationally recognised certificates of compliance (GBF 13.CT.1).

Per year (of issue): access permits and reports by kind (access report, compliance report,
export approval, PIC permit) and `all`, the IRCCs among them (`ircc`), and IRCCs issued for
non-commercial purposes (`ircc_non_commercial`, cf. GBF C.CY.3).

>>> rows = pd.DataFrame({"year": 2021, "kind": ["access_report", "pic_permit"], "purpose": "non_commercial",
...     "permits": [3, 1], "irccs": [0, 1]})
>>> compute({"abs_access_permits": rows}).frame[["series", "value"]].to_dict("records")
[{'series': 'access_report', 'value': 3.0}, {'series': 'all', 'value': 4.0}, {'series': 'ircc', 'value': 1.0}, {'series': 'ircc_non_commercial', 'value': 1.0}, {'series': 'pic_permit', 'value': 1.0}]
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

import pandas as pd

from indicators.result import IndicatorResult, NoDataError, require_columns
from indicators.tidy_frames import finish

INDICATOR_ID = "abs_permits"
INPUTS: tuple[str, ...] = ("abs_access_permits",)
KEYS = ("series",)


def compute(inputs: Mapping[str, pd.DataFrame]) -> IndicatorResult:
    rows = inputs.get(INPUTS[0], pd.DataFrame())
    if rows.empty:
        raise NoDataError(f"{INDICATOR_ID}: no access permits or reports")
    require_columns(rows, ("year", "kind", "purpose", "permits", "irccs"), name=INPUTS[0])
    by_kind = rows.groupby(["kind", "year"], as_index=False)["permits"].sum().rename(columns={"kind": "series", "permits": "value"})
    total = rows.groupby("year", as_index=False)["permits"].sum().rename(columns={"permits": "value"}).assign(series="all")
    ircc = rows.groupby("year", as_index=False)["irccs"].sum().rename(columns={"irccs": "value"}).assign(series="ircc")
    non_commercial = (
        rows.assign(nc=rows["irccs"].where(rows["purpose"] == "non_commercial", 0))
        .groupby("year", as_index=False)["nc"].sum().rename(columns={"nc": "value"}).assign(series="ircc_non_commercial")
    )
    frame = pd.concat([by_kind, total, ircc, non_commercial], ignore_index=True)
    frame["value"] = frame["value"].astype(float)
    counts = {"permits": int(rows["permits"].sum()), "irccs": int(rows["irccs"].sum())}
    return IndicatorResult(INDICATOR_ID, finish(frame, KEYS), KEYS, counts)


def add_arguments(parser: argparse.ArgumentParser) -> None:  # noqa: ARG001
    return None
