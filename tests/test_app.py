"""The app renders with AppTest on the sample database, in Korean and in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_access.database import make_engine, session_scope
from data_access.queries.overview import headline_counts

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def app(sample_database: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{sample_database}")
    monkeypatch.chdir(REPO)
    return AppTest.from_file(str(REPO / "app.py"), default_timeout=60)


def metric_values(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def test_overview_shows_figures_computed_from_the_database(app: AppTest, sample_database: Path) -> None:
    app.run()
    assert not app.exception, app.exception
    with session_scope(make_engine(f"sqlite:///{sample_database}")) as session:
        counts = headline_counts(session)
    values = metric_values(app)
    assert values["국가생물종목록 종수"] == f"{counts.species:,}"
    assert values["표본·관찰 기록"] == f"{counts.occurrences:,}"
    assert values["멸종우려종 (국가적색목록)"] == f"{counts.threatened_species:,}"
    assert counts.species > 1000 and counts.occurrences > 1000 and counts.threatened_species > 10


def test_language_switch_renders_english(app: AppTest) -> None:
    app.run()
    assert app.title[0].value == "개요"
    app.sidebar.radio(key="language_switch").set_value("en").run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Overview"
    assert "Species on the national list" in metric_values(app)
    assert app.query_params.get("lang") in ("en", ["en"])


def test_language_comes_from_the_url(app: AppTest) -> None:
    app.query_params["lang"] = "en"
    app.run()
    assert app.title[0].value == "Overview"


def test_empty_database_explains_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from data_access.database import upgrade_schema

    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    upgrade_schema(make_engine(url))
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(REPO)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception
    assert any("cli.py init --sample" in info.value for info in app.info)
