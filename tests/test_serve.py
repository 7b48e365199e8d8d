"""`cli.py serve` (what `make run` starts): modules loaded before the server listens, options passed on."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

import cli
from ui import preload


def test_preload_imports_every_app_module_and_reads_the_catalogs() -> None:
    seconds = preload.preload()
    assert set(seconds) == {*preload.PACKAGES, "libraries", "plotly", "catalogs", "models", "inspect"}
    for module in ("charts.maps", "data_access.queries.trade", "indicators.living_planet_index", "ui.components",
                   "reports.briefing", "i18n", *preload.FIRST_RUN_IMPORTS):
        assert module in sys.modules
    assert not any(name.startswith("data_access.migrations.versions") for name in sys.modules)
    from i18n import catalog

    assert catalog.cache_info().currsize == 1  # parsed once, ready for the first visitor
    from indicators.metadata import load_metadata
    from indicators.registry import INDICATOR_IDS

    assert load_metadata.cache_info().currsize >= len(INDICATOR_IDS)


def test_serve_starts_streamlit_on_app_py_with_the_options(monkeypatch: pytest.MonkeyPatch) -> None:
    started: dict[str, list[str]] = {}
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli as streamlit_cli

    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)  # as in a new process

    monkeypatch.setattr(preload, "preload", lambda: {"ui": 0.0})
    monkeypatch.setattr(gc, "freeze", lambda: None)
    monkeypatch.setattr(cli, "_warm_in_background_if_cold", lambda: None)
    monkeypatch.setattr(streamlit_cli, "main", lambda: started.setdefault("argv", list(sys.argv)) and 0)
    monkeypatch.setattr(sys, "argv", ["cli.py"])
    monkeypatch.delenv("DATABASE_URL", raising=False)
    code = cli.main(["--db", "sqlite:///x.sqlite", "serve", "--port", "8600", "--address", "127.0.0.1",
                     "--", "--server.headless", "true"])
    assert code == 0
    argv = started["argv"]
    assert argv[:2] == ["streamlit", "run"] and argv[2].endswith("app.py")
    assert argv[3:] == ["--server.port", "8600", "--server.address", "127.0.0.1", "--server.headless", "true"]
    # every run goes through app.py's router at once: no legacy run of pages/<file>.py first
    assert PagesManager.uses_pages_directory is False
    import os

    assert os.environ["DATABASE_URL"] == "sqlite:///x.sqlite"


def test_serve_stores_the_results_again_after_an_upgrade(sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """New code on the same data: nothing stored matches, so serve stores it all in the background."""
    import threading

    from data_access import result_cache
    from data_access.database import make_engine

    url = f"sqlite:///{sample_copy}"
    monkeypatch.setenv("DATABASE_URL", url)
    engine = make_engine(url)
    assert not result_cache.has_current_results(engine)  # the test's sample database stores nothing
    result_cache.warm(engine, ["red_list_index"])
    assert result_cache.has_current_results(engine)
    monkeypatch.setattr(result_cache, "code_fingerprint", lambda: "0123456789ab")  # as after an upgrade
    assert not result_cache.has_current_results(engine)
    cli._warm_in_background_if_cold()
    workers = [thread for thread in threading.enumerate() if thread.name == "gbf-warm"]
    assert len(workers) == 1
    workers[0].join(timeout=600)
    assert result_cache.has_current_results(engine)
    with result_cache.session_factory(engine)() as session:
        version = result_cache.data_version(session)
        assert result_cache.get(session, "red_list_index", {}, version) is not None
    engine.dispose()
