"""Compliance in the domestic life cycle of imported wild animals (national indicator, target 5).

Counts per year (event year) of life-cycle events and of the anomalies the Wildlife Act makes
checkable from the WIMS event log (Art. 6-3, 16, 16-2), with their rates:

- `imports_not_registered`: import events with no registration (`entry`) event of the same animal
  within `grace_days` (default 30) — counted once the grace period has passed;
- `deaths_without_disposal`: deaths with no carcass-disposal event within `disposal_days` (30);
- `transfers_reported_late`: transfers whose report is dated after the transfer, or has no
  date. The Act requires the transfer report *before* the transfer; a report on the day itself
  counts as on time because reports carry dates, not times;
- `deaths_reported_late`: deaths reported more than `death_report_days` (7) after the death, or
  never. The Act says "without delay" (지체 없이); 7 days is this dashboard's reading.

The `*_pct` series are the anomalies as % of the events they belong to. Follow-up lists of the
flagged animals (specimen keys, facility, holder ids — never names) come from
`data_access.queries.life_cycle_inputs`.

>>> counts = pd.DataFrame({"year": [2024, 2024], "series": ["transfers", "transfers_reported_late"], "value": [8, 2]})
>>> compute({"life_cycle_counts": counts}).frame.query("series == 'transfers_reported_late_pct'")["value"].tolist()
[25.0]
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping

import pandas as pd

from indicators.result import IndicatorResult, NoDataError, require_columns
from indicators.tidy_frames import finish

INDICATOR_ID = "animal_life_cycle"
INPUTS: tuple[str, ...] = ("life_cycle_counts",)
KEYS = ("series",)

DEFAULT_GRACE_DAYS = 30  # import → registration (entry); dashboard choice, see metadata
DEFAULT_DISPOSAL_DAYS = 30  # death → carcass disposal; dashboard choice
DEFAULT_DEATH_REPORT_DAYS = 7  # death → death report, reading of "without delay"
TRANSFER_REPORT_DAYS = 0  # transfer report due before (or on) the transfer date

# anomaly series → the event series it is a share of
RATES: dict[str, str] = {
    "imports_not_registered": "imports_due",
    "deaths_without_disposal": "deaths_due",
    "transfers_reported_late": "transfers",
    "deaths_reported_late": "deaths",
}


def report_is_late(event_date: dt.date, report_date: dt.date | None, allowed_days: int) -> bool:
    """The rule the SQL applies: no report date, or reported more than `allowed_days` after the event."""
    return report_date is None or (report_date - event_date).days > allowed_days


def compute(inputs: Mapping[str, pd.DataFrame]) -> IndicatorResult:
    counts = inputs.get(INPUTS[0], pd.DataFrame())
    if counts.empty:
        raise NoDataError(f"{INDICATOR_ID}: no life-cycle events")
    require_columns(counts, ("year", "series", "value"), name=INPUTS[0])
    counts = counts.groupby(["series", "year"], as_index=False)["value"].sum()
    counts["value"] = counts["value"].astype(float)
    wide = counts.pivot(index="year", columns="series", values="value")
    rates = []
    for anomaly, base in RATES.items():
        if anomaly in wide and base in wide:
            share = (100.0 * wide[anomaly].fillna(0) / wide[base]).where(wide[base] > 0).dropna()
            rates.append(pd.DataFrame({"series": f"{anomaly}_pct", "year": share.index, "value": share.to_numpy()}))
    frame = pd.concat([counts, *rates], ignore_index=True)
    totals = counts.groupby("series")["value"].sum()
    return IndicatorResult(INDICATOR_ID, finish(frame, KEYS), KEYS, {k: int(v) for k, v in totals.items()})


def add_arguments(parser: argparse.ArgumentParser) -> None:  # noqa: ARG001 - thresholds are loader options
    return None
