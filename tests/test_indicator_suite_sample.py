"""The indicator suite on the sample database: every indicator computes, known figures come out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from data_access.database import make_engine, session_scope
from data_access.indicator_inputs import load_inputs
from data_access.queries.life_cycle_inputs import list_anomalies
from data_access.queries.progress import record_override, target_progress
from indicators import registry
from indicators.progress_status import STATUS_CODES

REPO = Path(__file__).resolve().parents[1]
SUITE = (
    "invasive_species_establishment",
    "cites_trade_volume",
    "cites_wild_share",
    "cites_trade_discrepancy",
    "wildlife_seizures",
    "traded_species_rli",
    "animal_life_cycle",
    "captive_population_balance",
    "abs_benefits",
    "abs_non_monetary_benefits",
    "abs_permits",
    "biodiversity_oda",
    "capacity_cooperation",
    "knowledge_digitisation",
    "nbsap_implementation",
)


@pytest.fixture(scope="module")
def results(sample_database: Path) -> dict:
    engine = make_engine(f"sqlite:///{sample_database}")
    computed = {}
    with session_scope(engine) as session:
        for indicator_id in SUITE:
            computed[indicator_id] = registry.get(indicator_id).run(load_inputs(session, indicator_id))
    engine.dispose()
    return computed


@pytest.mark.parametrize("indicator_id", SUITE)
def test_every_suite_indicator_has_a_result_on_the_sample(results: dict, indicator_id: str) -> None:
    result = results[indicator_id]
    assert not result.frame.empty
    assert result.frame["value"].notna().any()


def test_seizures_per_year_are_the_customs_figures(results: dict) -> None:
    frame = results["wildlife_seizures"].frame
    expected = {2021: 7.0, 2022: 35.0, 2023: 45.0, 2024: 31.0}
    total = frame[frame["detected_by"] == "all"].set_index("year")["value"].to_dict()
    assert {y: total.get(y) for y in expected} == expected


def test_nbsap_2024_completion_is_86_1_percent(results: dict) -> None:
    frame = results["nbsap_implementation"].frame
    row = frame.query("series == 'pct_completed' and target_kind == 'all' and year == 2024")
    assert round(float(row["value"].iloc[0]), 1) == 86.1  # 253 of 294 reported actions
    assert row["report_stage"].tolist() == ["final"]


def test_cites_units_are_normalised_and_discrepancies_found(results: dict) -> None:
    volume = results["cites_trade_volume"].frame
    assert not {"GRM", "KIL", "g"} & set(volume["unit"])
    discrepancy = results["cites_trade_discrepancy"].frame
    assert discrepancy["flagged"].any()
    assert set(discrepancy["status"]) <= {"agree", "differ", "only_partner", "only_korea"}


def test_life_cycle_anomalies_are_found_with_follow_up_lists(sample_database: Path, results: dict) -> None:
    frame = results["animal_life_cycle"].frame
    anomalies = frame[frame["series"].isin(["imports_not_registered", "deaths_without_disposal", "transfers_reported_late"])]
    assert anomalies["value"].sum() > 0
    engine = make_engine(f"sqlite:///{sample_database}")
    with session_scope(engine) as session:
        listed = list_anomalies(session, "transfers_reported_late", limit=50)
    engine.dispose()
    assert not {"name", "address", "phone"} & set(listed.columns)


def test_target_progress_on_the_sample(sample_copy: Path, results: dict) -> None:
    engine = make_engine(f"sqlite:///{sample_copy}")
    with session_scope(engine) as session:
        record_override(session, "5", "insufficient_rate", "Seizures rose in 2022–2023; review at SC78.", "NIBR CITES team")
    with session_scope(engine) as session:
        progress = target_progress(session, results=results)
    engine.dispose()
    assert set(progress["computed_status"]) <= set(STATUS_CODES)
    assert len(progress[progress["kind"] != "national_target"]) >= 27
    five = progress.set_index("target_code").loc["5"]
    assert five["override_status"] == "insufficient_rate" and five["status"] == "insufficient_rate"
    assert isinstance(progress, pd.DataFrame)


@pytest.mark.parametrize("indicator_id", ["wildlife_seizures", "nbsap_implementation", "cites_trade_volume"])
def test_cli_computes_suite_indicators(sample_copy: Path, indicator_id: str) -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / "cli.py"), "--db", f"sqlite:///{sample_copy}", "compute", indicator_id],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].startswith("year") or "year" in run.stdout.splitlines()[0]
