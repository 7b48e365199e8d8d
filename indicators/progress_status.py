"""Progress status of an indicator towards its target, on the 7th national report (7NR) scale.

The method is Open SDG's (open-sdg/sdg-build `sdg/ProgressMeasure.py`, commit 27c0bf0), which
implements the progress assessment the UK Office for National Statistics and Statistics Canada
publish for SDG indicators (itself adapted from UN ESCAP's *Asia and the Pacific SDG Progress
Report* methodology):

    base year t0 = the rule's baseline year, or the first year after it that has data;
    current year t = the latest year with data; at least one year apart, else "unknown".

    CAGR(a, b, t1, t2) = (a / b) ** (1 / (t1 − t2)) − 1        (compound annual growth rate)

    Method 1, no target value (direction only):
        g = CAGR(x_t, x_t0, t, t0), negated when the desired direction is "decrease";
        g ≥ 0.015  → on_track ("substantial progress")
        0.005 ≤ g < 0.015 → insufficient_rate ("progress needs acceleration")
        0 ≤ g < 0.005 → no_significant_change ("limited progress")
        g < 0 → moving_away ("deterioration")

    Method 2, with a target value x* for target year T:
        achieved when x_t has reached x* (≥ for increase, ≤ for decrease);
        ratio = CAGR(x_t, x_t0, t, t0) / CAGR(x*, x_t0, T, t0)   (observed / required growth);
        ratio ≥ 0.95 → on_track; 0.6 ≤ ratio < 0.95 → insufficient_rate;
        0 ≤ ratio < 0.6 → no_significant_change; ratio < 0 → moving_away.
        A target value of 0 is replaced by 0.001, as Open SDG does, so the ratio exists.

Open SDG's four growth labels map onto the 7NR scale (shared/reference/README.md) one to one:
target_achieved → achieved, on_track → on_track, progress_needs_acceleration → insufficient_rate,
limited_progress → no_significant_change, deterioration → moving_away. Where the CAGR is
undefined (a non-positive base or current value, fewer than two years, the baseline after the
latest data, no rule) the status is "unknown". "not_applicable" is only ever set by staff.

>>> rule = ProgressRule(baseline_year=2020, target_year=2030, target_value=100, direction="increase")
>>> assess_series(pd.Series({2020: 50.0, 2024: 66.0}), rule).status
'on_track'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from indicators.metadata import ProgressRule
from indicators.result import IndicatorResult

# The 7NR level-of-progress scale (shared/reference/README.md, "7NR progress scale").
# code → (rank from worst to best, for combining; Korean label; English label).
# Unknown and not applicable have no rank: they never win a "worst of" comparison.
PROGRESS_SCALE: dict[str, tuple[int | None, str, str]] = {
    "moving_away": (0, "목표에서 멀어짐", "Moving away from target"),  # 6NR term, assumed kept for 7NR
    "no_significant_change": (1, "유의미한 변화 없음", "No significant change"),
    "insufficient_rate": (2, "진전은 있으나 속도 불충분", "Progress towards target but at an insufficient rate"),
    "on_track": (3, "목표 달성 궤도", "On track to achieve target"),
    "achieved": (4, "목표 달성", "Target achieved"),
    "unknown": (None, "알 수 없음", "Unknown"),
    "not_applicable": (None, "해당 없음", "Not applicable"),  # staff overrides only
}
STATUS_CODES: tuple[str, ...] = tuple(PROGRESS_SCALE)

# Open SDG default thresholds (sdg-build update_progress_thresholds): high, med, low.
THRESHOLDS_NO_TARGET: tuple[float, float, float] = (0.015, 0.005, 0.0)  # on CAGR per year
THRESHOLDS_TARGET: tuple[float, float, float] = (0.95, 0.6, 0.0)  # on observed / required CAGR
ZERO_TARGET_REPLACEMENT = 0.001  # sdg-build config_defaults

# Open SDG label → 7NR code.
OPEN_SDG_TO_7NR: dict[str, str] = {
    "target_achieved": "achieved",
    "on_track": "on_track",
    "progress_needs_acceleration": "insufficient_rate",
    "limited_progress": "no_significant_change",
    "deterioration": "moving_away",
}


@dataclass(frozen=True)
class ProgressAssessment:
    """A computed status with the numbers behind it, so staff can check and override it."""

    status: str
    method: str  # "target" | "direction" | "none"
    reason: str
    base_year: int | None = None
    current_year: int | None = None
    base_value: float | None = None
    current_value: float | None = None
    observed_cagr: float | None = None
    required_cagr: float | None = None
    ratio: float | None = None

    def label(self, lang: str) -> str:
        return status_label(self.status, lang)


def status_label(code: str, lang: str) -> str:
    _, ko, en = PROGRESS_SCALE[code]
    return ko if lang == "ko" else en


def validate_status(code: str) -> str:
    if code not in PROGRESS_SCALE:
        raise ValueError(f"unknown progress status '{code}'; use one of {', '.join(STATUS_CODES)}")
    return code


def compound_growth(current: float, base: float, current_year: float, base_year: float) -> float:
    """(current / base) ** (1 / (t − t0)) − 1; both values must be positive, t > t0."""
    if not (current > 0 and base > 0):
        raise ValueError("compound growth needs positive values")
    if current_year <= base_year:
        raise ValueError("compound growth needs the current year after the base year")
    return (current / base) ** (1.0 / (current_year - base_year)) - 1.0


def classify(value: float, thresholds: tuple[float, float, float]) -> str:
    """Open SDG get_progress_status, returned as a 7NR code."""
    high, med, low = thresholds
    if value >= high:
        label = "on_track"
    elif value >= med:
        label = "progress_needs_acceleration"
    elif value >= low:
        label = "limited_progress"
    else:
        label = "deterioration"
    return OPEN_SDG_TO_7NR[label]


def headline_series(result: IndicatorResult, rule: ProgressRule) -> pd.Series:
    """value by year for the disaggregation values the rule selects (every disaggregation must be fixed)."""
    frame = result.frame
    for column, wanted in rule.series.items():
        if column not in frame.columns:
            raise ValueError(f"{result.indicator_id}: progress series column '{column}' is not in the result")
        frame = frame[frame[column].astype(str) == str(wanted)]
    free = [c for c in result.disaggregations if c not in rule.series]
    if free:
        raise ValueError(f"{result.indicator_id}: the progress rule must fix disaggregation(s) {free}")
    values = pd.to_numeric(frame["value"], errors="coerce")
    series = pd.Series(values.to_numpy(), index=frame["year"].astype(int).to_numpy()).dropna()
    return series.sort_index()


def assess_series(series: pd.Series, rule: ProgressRule | None, *, thresholds: Mapping[str, tuple] | None = None) -> ProgressAssessment:
    """The status of one year → value series against a rule (Open SDG methods 1 and 2)."""
    if rule is None:
        return ProgressAssessment("unknown", "none", "no progress rule in the metadata")
    series = series.dropna()
    if series.empty:
        return ProgressAssessment("unknown", "none", "no data in the headline series")
    years = series.index.astype(int)
    current_year = int(years.max())
    if rule.baseline_year > current_year:
        return ProgressAssessment("unknown", "none", f"baseline {rule.baseline_year} is after the latest data ({current_year})")
    base_year = rule.baseline_year if rule.baseline_year in years else int(years[years > rule.baseline_year].min())
    base_value, current_value = float(series.loc[base_year]), float(series.loc[current_year])
    common = {"base_year": base_year, "current_year": current_year, "base_value": base_value, "current_value": current_value}
    if current_year - base_year < 1:
        return ProgressAssessment("unknown", "none", "fewer than two years from the baseline on", **common)
    sign = 1.0 if rule.direction == "increase" else -1.0
    if rule.target_value is not None:
        target = ZERO_TARGET_REPLACEMENT if rule.target_value == 0 else float(rule.target_value)
        reached = current_value >= target if rule.direction == "increase" else current_value <= target
        if reached:
            return ProgressAssessment("achieved", "target", "the latest value has reached the target", **common)
        if base_value <= 0 or current_value <= 0 or target <= 0:
            return ProgressAssessment("unknown", "target", "growth rates need positive values", **common)
        if rule.target_year <= base_year:
            return ProgressAssessment("unknown", "target", "the target year is not after the base year", **common)
        observed = compound_growth(current_value, base_value, current_year, base_year)
        required = compound_growth(target, base_value, rule.target_year, base_year)
        if required == 0 or (required > 0) != (rule.direction == "increase"):
            # the base value already lies beyond the target in the desired direction: any move away
            # from it is the wrong way; staying is no change
            status = "moving_away" if observed * sign < 0 else "no_significant_change"
            return ProgressAssessment(status, "target", "the base value was already beyond the target", observed_cagr=observed, required_cagr=required, **common)
        ratio = observed / required
        cut = tuple((thresholds or {}).get("target", THRESHOLDS_TARGET))
        return ProgressAssessment(classify(ratio, cut), "target", "observed vs required compound growth (Open SDG method 2)",
                                  observed_cagr=observed, required_cagr=required, ratio=ratio, **common)
    if base_value <= 0 or current_value <= 0:
        return ProgressAssessment("unknown", "direction", "growth rates need positive values", **common)
    observed = compound_growth(current_value, base_value, current_year, base_year)
    cut = tuple((thresholds or {}).get("direction", THRESHOLDS_NO_TARGET))
    return ProgressAssessment(classify(sign * observed, cut), "direction", "compound growth in the desired direction (Open SDG method 1)",
                              observed_cagr=observed, **common)


def assess_result(result: IndicatorResult, rule: ProgressRule | None) -> ProgressAssessment:
    """The status of an indicator result's headline series (unknown when there is no rule)."""
    if rule is None:
        return ProgressAssessment("unknown", "none", "no progress rule in the metadata")
    try:
        series = headline_series(result, rule)
    except ValueError as error:
        return ProgressAssessment("unknown", "none", str(error))
    return assess_series(series, rule)


def combine_statuses(statuses: Iterable[str]) -> str:
    """Several indicators of one target → the worst ranked status (precautionary).

    Unknown and not-applicable statuses are ignored; with nothing ranked the result is unknown.
    """
    ranked = [s for s in statuses if PROGRESS_SCALE[validate_status(s)][0] is not None]
    if not ranked:
        return "unknown"
    return min(ranked, key=lambda s: PROGRESS_SCALE[s][0])  # type: ignore[arg-type,return-value]
