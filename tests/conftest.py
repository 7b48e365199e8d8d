"""Shared fixtures: fresh SQLite and PostgreSQL + PostGIS databases, the sample database, shared/.

Where `CI` is set no test may be skipped: a skip (a missing PostgreSQL, Chromium or ../shared)
is turned into a failure, so a green CI run means every test really ran.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from data_access.database import make_engine, upgrade_schema

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"
POSTGRES_ADMIN_URL = os.environ.get(
    "GBF_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
IN_CI = bool(os.environ.get("CI"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"skipped in CI, which is not allowed: {reason}"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the test when shared/ is absent (fails in CI)."""
    path = SHARED_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (real-data tests read ../shared/ beside the repository)")
    return path


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'test.sqlite'}")
    upgrade_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The admin URL of the local PostgreSQL server with PostGIS available, or skip."""
    try:
        engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            available = connection.scalar(
                text("SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'")
            )
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any connection failure means "no server"
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {error.__class__.__name__}")
    if not available:
        pytest.skip("the PostGIS extension is not installed (Debian: postgresql-15-postgis-3)")
    return POSTGRES_ADMIN_URL


@pytest.fixture
def postgres_engine(postgres_server: str) -> Iterator[Engine]:
    """A scratch database for one test, dropped afterwards."""
    name = f"gbf_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = postgres_server.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    upgrade_schema(engine)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Each data-access test runs on both databases."""
    fixture = "sqlite_engine" if request.param == "sqlite" else "postgres_engine"
    return request.getfixturevalue(fixture)


@pytest.fixture(scope="session")
def sample_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample SQLite database, built once per test session by the one seed function."""
    from sample_data.generator import build_database

    path = tmp_path_factory.mktemp("sample") / "gbf_sample.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_schema(engine)
    build_database(engine, scale="sample")
    engine.dispose()
    return path


@pytest.fixture
def sample_copy(sample_database: Path, tmp_path: Path) -> Path:
    """A private copy of the sample database that a test may change."""
    target = tmp_path / "sample.sqlite"
    shutil.copy(sample_database, target)
    return target


@pytest.fixture(autouse=True)
def keep_the_router(monkeypatch: pytest.MonkeyPatch) -> None:
    """AppTest resets Streamlit's legacy `pages/` mode flag before every run, so each run would
    start outside app.py's router and be rerun by `ui.routing` (losing that run's button clicks).
    A server sets the flag once; hand AppTest a subclass so its reset does not reach the real flag.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    monkeypatch.setattr(app_test, "PagesManager", type("PagesManagerForTests", (PagesManager,), {}))


@pytest.fixture
def sample_url(sample_database: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The sample database as the app's DATABASE_URL, run from the repository (for AppTest)."""
    url = f"sqlite:///{sample_database}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(REPO_ROOT)
    return url


@pytest.fixture
def writable_url(sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A private copy of the sample database as the app's DATABASE_URL (tests that write)."""
    url = f"sqlite:///{sample_copy}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(REPO_ROOT)
    return url
