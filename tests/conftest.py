"""Shared fixtures: fresh SQLite and PostgreSQL + PostGIS databases, the sample database, shared/.

Where `CI` is set no test may be skipped: a skip (a missing PostgreSQL, Chromium or ../shared)
is turned into a failure, so a green CI run means every test really ran.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine, create_engine, text

from data_access.database import make_engine, upgrade_schema

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"
POSTGRES_ADMIN_URL = os.environ.get(
    "GBF_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
IN_CI = bool(os.environ.get("CI"))
APP_TEST_TIMEOUT = 240  # seconds one AppTest run may take (the first run warms every cache)
OpenPage = Callable[..., "AppTest"]  # the `open_page` fixture: open_page(page, *, lang=…, role=…, …)


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


@pytest.fixture
def open_page(monkeypatch: pytest.MonkeyPatch) -> OpenPage:
    """Open one page of the app in AppTest, the way a browser would; returns the app after the run.

        app = open_page("target", lang="ko", target="4")

    `page` is a file under pages/ (without `.py`). `lang` goes into the URL (`?lang=`), as do the
    other `query` parameters. `role` signs in before the first run (`user` is the account name,
    "tester" by default); without it the visitor is the anonymous viewer. `url` points the app at
    another database (DATABASE_URL, run from the repository); without it the test's `sample_url`
    or `writable_url` fixture has done that. Remaining keyword arguments are session-state values
    (widget keys such as `year=2024`) set after the first run, before the page is drawn. The page
    must run without an exception.
    """
    from streamlit.testing.v1 import AppTest

    def open_(
        page: str,
        *,
        lang: str = "en",
        role: str | None = None,
        user: str | None = None,
        query: Mapping[str, str] | None = None,
        url: str | None = None,
        **state: object,
    ) -> AppTest:
        if url is not None:
            monkeypatch.setenv("DATABASE_URL", url)
            monkeypatch.chdir(REPO_ROOT)
        app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=APP_TEST_TIMEOUT)
        app.query_params["lang"] = lang
        for name, value in (query or {}).items():
            app.query_params[name] = value
        if role is not None:
            app.session_state["gbf_role"] = role
            app.session_state["gbf_user"] = user or "tester"
        app.run()
        app.switch_page(f"pages/{page}.py")
        for key, value in state.items():
            app.session_state[key] = value
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        return app

    return open_
