"""Progress status (Open SDG method on the 7NR scale), target roll-up and staff overrides."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.database import session_scope
from data_access.models import GbfGoalTarget, NationalTarget, NationalTargetGbfLink, ProgressStatusOverride
from data_access.queries.progress import OverrideError, record_override, target_progress
from i18n import t
from indicators.metadata import ProgressRule
from indicators.progress_status import (
    PROGRESS_SCALE,
    STATUS_CODES,
    assess_result,
    assess_series,
    combine_statuses,
    compound_growth,
    status_label,
)
from indicators.result import IndicatorResult


def rule(**kw) -> ProgressRule:  # type: ignore[no-untyped-def]
    base = {"baseline_year": 2020, "target_year": 2030, "direction": "increase"}
    return ProgressRule(**(base | kw))


def series(values: dict[int, float]) -> pd.Series:
    return pd.Series(values, dtype=float)


def test_compound_growth_by_hand() -> None:
    # (66 / 50) ** (1/4) − 1 = 1.32 ** 0.25 − 1
    assert compound_growth(66, 50, 2024, 2020) == pytest.approx(0.0718734, abs=1e-6)
    with pytest.raises(ValueError):
        compound_growth(1, 0, 2024, 2020)


# Method 2, target 100 by 2030 from 50 in 2020: required CAGR = 2 ** 0.1 − 1 = 0.0717735.
@pytest.mark.parametrize(
    ("current", "status", "ratio"),
    [
        (100.0, "achieved", None),  # reached the target
        (66.0, "on_track", 1.00139),  # 0.0718734 / 0.0717735 ≥ 0.95
        (60.0, "insufficient_rate", 0.64977),  # (1.2 ** 0.25 − 1) / 0.0717735 in [0.6, 0.95)
        (55.0, "no_significant_change", 0.33598),  # (1.1 ** 0.25 − 1) / 0.0717735 in [0, 0.6)
        (45.0, "moving_away", -0.36220),  # (0.9 ** 0.25 − 1) / 0.0717735 < 0
    ],
)
def test_method_2_with_target_value(current: float, status: str, ratio: float | None) -> None:
    result = assess_series(series({2020: 50.0, 2022: 52.0, 2024: current}), rule(target_value=100))
    assert result.status == status
    assert result.base_year == 2020 and result.current_year == 2024
    if ratio is not None:
        assert result.ratio == pytest.approx(ratio, abs=1e-4)


def test_method_2_decrease_invasive_rate_index() -> None:
    # index 100 (2020) → 80 (2024), target 50 by 2030: (0.8**0.25 − 1) / (0.5**0.1 − 1) = 0.8102
    result = assess_series(series({2020: 100.0, 2024: 80.0}), rule(target_value=50, direction="decrease"))
    assert result.ratio == pytest.approx(0.81022, abs=1e-4)
    assert result.status == "insufficient_rate"
    assert assess_series(series({2020: 100.0, 2024: 49.0}), rule(target_value=50, direction="decrease")).status == "achieved"
    assert assess_series(series({2020: 100.0, 2024: 120.0}), rule(target_value=50, direction="decrease")).status == "moving_away"


@pytest.mark.parametrize(
    ("current", "direction", "status"),
    [
        (0.90, "increase", "on_track"),  # 1.125 ** 0.2 − 1 = 0.0238 ≥ 0.015
        (0.84, "increase", "insufficient_rate"),  # 1.05 ** 0.2 − 1 = 0.0098 in [0.005, 0.015)
        (0.81, "increase", "no_significant_change"),  # 0.0025 in [0, 0.005)
        (0.78, "increase", "moving_away"),  # negative
        (0.78, "decrease", "insufficient_rate"),  # −(0.975 ** 0.2 − 1) = 0.00505
    ],
)
def test_method_1_direction_only(current: float, direction: str, status: str) -> None:
    result = assess_series(series({2015: 0.80, 2020: current}), rule(baseline_year=2015, direction=direction))
    assert result.method == "direction"
    assert result.status == status


def test_baseline_missing_uses_first_later_year_and_no_baseline_is_unknown() -> None:
    result = assess_series(series({2021: 50.0, 2024: 66.0}), rule(baseline_year=2019, target_value=100))
    assert result.base_year == 2021
    assert assess_series(series({2020: 1.0, 2024: 2.0}), rule(baseline_year=2025)).status == "unknown"
    assert assess_series(series({2024: 2.0}), rule(baseline_year=2024)).status == "unknown"  # one year only
    assert assess_series(series({}), rule()).status == "unknown"
    assert assess_series(series({2020: 1.0, 2024: 2.0}), None).status == "unknown"
    assert assess_series(series({2020: 0.0, 2024: 2.0}), rule()).status == "unknown"  # CAGR undefined


def test_assess_result_selects_the_headline_series() -> None:
    frame = pd.DataFrame({
        "series": ["pct", "pct", "count", "count"], "year": [2020, 2024, 2020, 2024],
        "value": [50.0, 66.0, 10.0, 1.0], "lower": math.nan, "upper": math.nan,
    })
    result = IndicatorResult("x", frame, ("series",))
    assert assess_result(result, rule(target_value=100, series={"series": "pct"})).status == "on_track"
    assert assess_result(result, rule(target_value=100)).status == "unknown"  # disaggregation left free


def test_combine_takes_the_worst_known_status() -> None:
    assert combine_statuses(["on_track", "insufficient_rate", "unknown"]) == "insufficient_rate"
    assert combine_statuses(["achieved", "moving_away"]) == "moving_away"
    assert combine_statuses(["unknown", "not_applicable"]) == "unknown"
    assert combine_statuses([]) == "unknown"


def test_scale_has_the_seven_7nr_codes_with_both_labels_in_the_catalog() -> None:
    assert STATUS_CODES == (
        "moving_away", "no_significant_change", "insufficient_rate", "on_track", "achieved", "unknown", "not_applicable"
    )
    for code in STATUS_CODES:
        assert t(f"progress.status.{code}", "ko") == status_label(code, "ko")
        assert t(f"progress.status.{code}", "en") == status_label(code, "en") == PROGRESS_SCALE[code][2]


def _reference_rows(session) -> None:  # type: ignore[no-untyped-def]
    session.add_all([
        GbfGoalTarget(code="6", kind="target", theme="threats", title_en="Invasive species", sort_order=1),
        GbfGoalTarget(code="21", kind="target", theme="tools", title_en="Knowledge", sort_order=2),
        NationalTarget(code="NT6", title_en="Invasive alien species", sort_order=1),
    ])
    session.flush()
    session.add(NationalTargetGbfLink(national_target_code="NT6", gbf_code="6"))


def test_override_requires_a_valid_status_and_a_justification(engine: Engine) -> None:
    with session_scope(engine) as session:
        with pytest.raises(OverrideError):
            record_override(session, "6", "on_track", "   ", "kim")
        with pytest.raises(OverrideError):
            record_override(session, "6", "great", "because", "kim")
        with pytest.raises(OverrideError):
            record_override(session, "24", "on_track", "because", "kim")
        with pytest.raises(OverrideError):
            record_override(session, "6", "on_track", "because", "")
        row = record_override(session, "NT6", "insufficient_rate", "2024 survey shows spread", "kim", report_year=2025)
        assert row.id is not None


def test_target_progress_shows_computed_status_beside_the_latest_override(engine: Engine) -> None:
    frame = pd.DataFrame({"series": "establishment_rate_index", "year": [2020, 2024], "value": [100.0, 80.0],
                          "lower": math.nan, "upper": math.nan})
    results = {"invasive_species_establishment": IndicatorResult("invasive_species_establishment", frame, ("series",))}
    with session_scope(engine) as session:
        _reference_rows(session)
        record_override(session, "21", "on_track", "first view", "lee")
        record_override(session, "21", "insufficient_rate", "revised after the 2024 report", "park")
    with session_scope(engine) as session:
        progress = target_progress(session, results=results, indicator_ids=["invasive_species_establishment"])
    by_code = progress.set_index("target_code")
    assert by_code.loc["6", "computed_status"] == "insufficient_rate"  # ratio 0.81, see above
    assert pd.isna(by_code.loc["6", "override_status"]) and by_code.loc["6", "status"] == "insufficient_rate"
    assert by_code.loc["21", "computed_status"] == "unknown"
    assert by_code.loc["21", "override_status"] == "insufficient_rate"
    assert by_code.loc["21", "override_author"] == "park"
    assert by_code.loc["21", "status"] == "insufficient_rate"
    assert by_code.loc["NT6", "computed_status"] == "insufficient_rate"  # from its linked GBF target
    assert session_count(engine) == 2


def session_count(engine: Engine) -> int:
    from sqlalchemy import func, select

    with session_scope(engine) as session:
        return int(session.scalar(select(func.count()).select_from(ProgressStatusOverride)))
