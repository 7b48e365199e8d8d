"""The command line: init, import and compute, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import inspect

from data_access.database import make_engine
from data_access.models import Base

REPO = Path(__file__).resolve().parents[1]


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(REPO / "cli.py"), *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_bare_init_creates_the_schema_with_the_shipped_reference_only(tmp_path: Path) -> None:
    """What a real deployment starts from: the GBF framework, national targets, countries and
    boundaries the project ships, and none of the sample's rows; running it again changes nothing."""
    from sqlalchemy import func, select

    from data_access.database import session_scope
    from data_access.models import AdminBoundary, Country, GbfGoalTarget, NationalTarget, Taxon

    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    for _ in range(2):
        result = run_cli("--db", url, "init")
        assert result.returncode == 0, result.stderr
    assert set(Base.metadata.tables) <= set(inspect(make_engine(url)).get_table_names())
    with session_scope(make_engine(url)) as session:
        count = {model: session.scalar(select(func.count()).select_from(model))
                 for model in (GbfGoalTarget, NationalTarget, Country, AdminBoundary, Taxon)}
        china = session.get(Country, "CN")
    assert count[GbfGoalTarget] == 27 and count[NationalTarget] == 21 and count[Country] >= 250
    assert count[AdminBoundary] >= 17 + 1 + 177 and count[Taxon] == 0
    assert china is not None and china.name_ko == "중국"


def test_init_if_missing_leaves_an_existing_database_alone(sample_copy: Path) -> None:
    before = sample_copy.stat().st_size
    result = run_cli("--db", f"sqlite:///{sample_copy}", "init", "--sample", "--if-missing")
    assert result.returncode == 0 and "already initialised" in result.stdout
    assert sample_copy.stat().st_size == before


def test_init_if_missing_upgrades_a_database_made_by_an_older_version(tmp_path: Path) -> None:
    """`make run` on a sample database built before newer migrations must not start without their tables."""
    from alembic import command

    from data_access.database import alembic_config

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0001")
    assert "indicator_result_cache" not in inspect(engine).get_table_names()
    result = run_cli("--db", url, "init", "--sample", "--if-missing")
    assert result.returncode == 0 and "already initialised" in result.stdout, result.stderr
    assert set(Base.metadata.tables) <= set(inspect(make_engine(url)).get_table_names())


def test_database_url_environment_is_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'env.sqlite'}"
    result = subprocess.run(
        [sys.executable, str(REPO / "cli.py"), "init"], cwd=tmp_path, capture_output=True, text=True,
        env={**__import__("os").environ, "DATABASE_URL": url}, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env.sqlite").exists()


def test_compute_writes_exactly_the_result_frame(sample_copy: Path, tmp_path: Path) -> None:
    from data_access.database import session_scope
    from data_access.indicator_inputs import load_inputs
    from indicators import registry

    out = tmp_path / "rli.csv"
    result = run_cli("--db", f"sqlite:///{sample_copy}", "compute", "red_list_index", "--by", "taxonomic_group",
                     "--format", "csv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    printed = pd.read_csv(out)
    assert list(printed.columns) == ["taxonomic_group", "year", "value", "lower", "upper", "n"]
    with session_scope(make_engine(f"sqlite:///{sample_copy}")) as session:
        inputs = load_inputs(session, "red_list_index")
    expected = registry.get("red_list_index").run(inputs, by="taxonomic_group").frame
    pd.testing.assert_frame_equal(printed, expected.reset_index(drop=True), check_dtype=False, atol=1e-12)


def test_compute_json_carries_counts_and_metadata_code(sample_copy: Path) -> None:
    result = run_cli("--db", f"sqlite:///{sample_copy}", "compute", "red_list_index", "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["gbf_code"] == "A.3" and payload["counts"]["species"] > 0 and payload["data"]


def test_unknown_indicator_is_refused_with_the_list(tmp_path: Path) -> None:
    result = run_cli("--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "compute", "no_such_indicator")
    assert result.returncode != 0
    assert "red_list_index" in result.stderr
