"""`make bench`'s cheap parts: the synthetic import files, the summary verdicts, the browser timing.

The benchmark itself (national scale, minutes) runs in `make bench`, never here; these tests check
that the pieces it is made of say what they claim: the synthetic files are accepted by the
importers, the summary marks targets met or missed from the figures, and the browser timing
measures a real render.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from sqlalchemy import func, select

from benchmarks import browser_pages
from benchmarks.run import TARGETS, bench_import, format_table, summarise
from benchmarks.synthetic_files import (
    KOREA_EXTENT,
    synthetic_site_polygons,
    write_darwin_core_csv,
    write_permits_csv,
    write_wdpa_polygons,
)
from data_access.importers import run_import
from data_access.models import CitesPermitLine, Occurrence, ProtectedArea
from tests.fixtures.importers.helpers import fresh_engine


def count(engine: Any, model: Any) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(model)) or 0)


# --------------------------------------------------------------------------- synthetic files


def test_synthetic_darwin_core_file_is_imported_whole(tmp_path: Path) -> None:
    engine = fresh_engine(tmp_path)
    path = tmp_path / "occurrences.csv"
    write_darwin_core_csv(path, 40, chunk=15)  # several chunks, the last one short
    report = run_import(engine, "occurrences", path, user="test")
    assert report.ok, [p.message("en") for p in report.errors]
    assert report.rows_inserted == 40 and count(engine, Occurrence) == 40


def test_synthetic_permits_file_is_imported_whole(tmp_path: Path) -> None:
    engine = fresh_engine(tmp_path)
    path = tmp_path / "permits.csv"
    write_permits_csv(path, 10)
    report = run_import(engine, "permits", path, user="test")
    assert report.ok, [p.message("en") for p in report.errors]
    assert count(engine, CitesPermitLine) == 10


@pytest.mark.parametrize(
    "name", ["WDPA_WDOECM_Nov2025_Public_KOR_shp.zip", "WDPA_WDOECM_Nov2025_Public_KOR.gpkg"]
)
def test_synthetic_wdpa_polygons_are_imported_as_protected_areas(tmp_path: Path, name: str) -> None:
    engine = fresh_engine(tmp_path)
    path = write_wdpa_polygons(tmp_path / name, 25)
    report = run_import(engine, "wdpa", path, user="test")
    assert report.ok, [p.message("en") for p in report.errors]
    assert report.rows_inserted == 25 and not report.warnings  # no invalid geometry, no unknown code
    with engine.connect() as connection:
        rows = connection.execute(
            select(ProtectedArea.wdpa_release, ProtectedArea.is_point, ProtectedArea.iso3)
        ).all()
    assert {tuple(row) for row in rows} == {("Nov2025", False, "KOR")}


def test_zipped_shapefile_is_named_like_the_protected_planet_download(tmp_path: Path) -> None:
    path = write_wdpa_polygons(tmp_path / "WDPA_WDOECM_Nov2025_Public_KOR_shp.zip", 3)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    stem = "WDPA_WDOECM_Nov2025_Public_KOR_shp-polygons"
    assert {f"{stem}.shp", f"{stem}.shx", f"{stem}.dbf", f"{stem}.prj"} <= names


def test_synthetic_sites_are_valid_polygons_inside_korea_with_realistic_sizes() -> None:
    polygons, areas = synthetic_site_polygons(2000, np.random.default_rng(7))
    assert shapely.is_valid(polygons).all()
    minx, miny, maxx, maxy = shapely.total_bounds(polygons)
    assert (
        KOREA_EXTENT[0] <= minx
        and maxx <= KOREA_EXTENT[2]
        and KOREA_EXTENT[1] <= miny
        and maxy <= KOREA_EXTENT[3]
    )
    # Nominal areas versus the drawn outline (km², at Korea's latitude): same order of magnitude.
    drawn = shapely.area(polygons) * 111.0**2 * np.cos(np.radians(shapely.get_y(shapely.centroid(polygons))))
    assert np.median(drawn / areas) == pytest.approx(1.0, rel=0.25)
    vertices = shapely.get_num_coordinates(polygons)
    assert vertices.min() >= 9 and np.median(vertices) > 30


def test_import_benchmark_uses_a_scratch_database_and_reports_throughput(tmp_path: Path) -> None:
    figures = bench_import("wdpa", 12, "sqlite")
    assert figures["ok"] and figures["inserted"] == 12 and figures["rows"] == 12
    assert figures["rows_per_s"] > 0 and figures["file_bytes"] > 0


# --------------------------------------------------------------------------- the summary


def page(cold: float, warm: float, ratio: float | None) -> dict[str, Any]:
    return {"cold_s": cold, "warm_s": warm, "warm_over_blank": ratio}


RESULTS: dict[str, Any] = {
    "backends": {
        "sqlite": {
            "build_s": 200.0,
            "result_cache_warm_s": 35.0,
            "indicators": {"red_list_index": 0.2, "living_planet_index": 1.5, "_suite": 12.0},
            "pages_browser": {
                "_blank": page(1.0, 0.05, None),
                "pages/fast.py": page(1.5, 0.08, 1.6),
                "pages/slow_cold.py": page(2.5, 0.08, 1.6),
                "pages/slow_warm.py": page(1.0, 0.31, 1.6),
                "pages/far_above_blank.py": page(1.0, 0.2, 4.0),
                "pages/admin.py": {"skipped": "needs an admin sign-in"},
                "pages/broken.py": {"error": "TimeoutError: not rendered"},
            },
            "pages_apptest": {"_blank": page(0.3, 0.003, None), "pages/fast.py": page(9.0, 9.0, 3000.0)},
            "peak_memory_bytes": 600 * 1024**2,
        },
        "postgresql": {
            "build_s": None,
            "result_cache_warm_s": 0.4,
            "indicators": {"_suite": 25.0},
            "pages_browser": {"skipped": "Debian's Chromium is not installed"},
            "pages_apptest": {},
            "peak_memory_bytes": None,
            "peak_memory_apptest_bytes": 2 * 1024**3,
        },
    },
    "imports": {
        "sqlite": {
            "occurrences": {"rows": 100_000, "seconds": 10.0, "rows_per_s": 10_000, "ok": True},
            "permits": {"rows": 1000, "seconds": 1.0, "rows_per_s": 1000, "ok": True},
            "wdpa": {"rows": 10, "seconds": 1.0, "rows_per_s": 10, "ok": False, "errors": ["bad file"]},
        },
        "postgresql": {"occurrences": {"rows": 1_000_000, "seconds": 150.0, "rows_per_s": 6667, "ok": True}},
    },
}


def verdicts(results: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {measure: (figure, verdict) for measure, figure, verdict in summarise(results)}


def test_summary_marks_each_target_met_or_missed() -> None:
    rows = verdicts(RESULTS)
    assert rows["sqlite: national build"] == ("200 s", "met")
    assert rows["sqlite: build + stored results (cli.py init)"] == ("235 s", "met")
    assert rows["sqlite: storing indicator results after the build"][1] == "-"
    assert rows["sqlite: indicator suite"][1] == "met" and rows["postgresql: indicator suite"][1] == "MISSED"
    assert rows["sqlite: red_list_index"][1] == "met" and rows["sqlite: living_planet_index"][1] == "MISSED"
    assert rows["sqlite: pages/fast.py (browser)"][1] == "met"
    for slow in ("slow_cold", "slow_warm", "far_above_blank", "broken"):
        assert rows[f"sqlite: pages/{slow}.py (browser)"][1] == "MISSED", slow
    assert rows["sqlite: pages/admin.py (browser)"][1] == "-"
    assert rows["sqlite: peak memory (streamlit server)"] == ("600 MB", "met")
    assert rows["import (sqlite): occurrences"] == ("10,000 rows/s (1 M in 100 s)", "met")
    assert rows["import (postgresql): occurrences"][1] == "MISSED"
    assert rows["import (sqlite): permit lines"][1] == "-"
    assert rows["import (sqlite): WDPA polygons"][1] == "MISSED"  # the file was refused


def test_a_returning_visitors_cold_render_is_shown_but_the_first_visit_is_judged() -> None:
    results = copy.deepcopy(RESULTS)
    results["backends"]["sqlite"]["pages_browser"]["pages/slow_cold.py"]["cold_returning_s"] = 1.2
    rows = verdicts(results)
    assert rows["sqlite: pages/slow_cold.py (browser)"] == (
        "cold 2.50 s (returning visitor 1.20 s), warm 0.080 s (1.6x blank)", "MISSED")
    assert "returning" not in rows["sqlite: pages/fast.py (browser)"][0]


def test_apptest_pages_are_shown_but_not_judged() -> None:
    rows = verdicts(RESULTS)
    assert rows["sqlite: pages/fast.py (AppTest)"][1] == "-"  # 9 s cold would miss every target


def test_reused_database_and_missing_browser_are_said_not_measured() -> None:
    rows = verdicts(RESULTS)
    assert rows["postgresql: national build"] == ("not measured (reused)", "-")
    assert rows["postgresql: storing indicator results"][0].startswith("not measured (reused")
    assert rows["postgresql: pages (browser)"] == (
        "not measured: Debian's Chromium is not installed",
        "not measured",
    )
    # Without the browser, the memory verdict falls back to the AppTest process, and says so.
    assert rows["postgresql: peak memory (AppTest process; no browser)"] == ("2048 MB", "MISSED")


def test_a_browser_measure_that_failed_is_missed_not_hidden() -> None:
    results = copy.deepcopy(RESULTS)
    results["backends"]["sqlite"]["pages_browser"] = {
        "error": "blank page: RuntimeError: streamlit did not start"
    }
    rows = verdicts(results)
    assert rows["sqlite: pages (browser)"] == ("blank page: RuntimeError: streamlit did not start", "MISSED")
    assert not any(measure.endswith("(browser)") and "pages/" in measure for measure in rows)


def test_build_over_five_minutes_is_missed_and_so_is_build_plus_results() -> None:
    results = copy.deepcopy(RESULTS)
    results["backends"]["sqlite"]["build_s"] = TARGETS["national_build_s"] + 1
    rows = verdicts(results)
    assert rows["sqlite: national build"][1] == "MISSED"
    assert rows["sqlite: build + stored results (cli.py init)"][1] == "MISSED"
    results["backends"]["sqlite"]["build_s"] = 280.0  # in time alone, not with the stored results
    rows = verdicts(results)
    assert rows["sqlite: national build"][1] == "met"
    assert rows["sqlite: build + stored results (cli.py init)"][1] == "MISSED"


def test_table_has_one_aligned_line_per_summary_row() -> None:
    rows = summarise(RESULTS)
    lines = format_table(rows).splitlines()
    assert len(lines) == len(rows)
    verdict_column = {
        line.rindex(verdict) for line, (_, _, verdict) in zip(lines, rows, strict=True) if verdict == "met"
    }
    assert len(verdict_column) == 1


# --------------------------------------------------------------------------- the browser measure


@pytest.mark.browser
@pytest.mark.slow
def test_browser_timing_of_the_blank_page_is_positive(tmp_path: Path) -> None:
    reason = browser_pages.unavailable_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=browser_pages.CHROMIUM, args=browser_pages.CHROMIUM_ARGS
        )
        try:
            figures = browser_pages.measure_script(
                browser,
                browser_pages.BLANK_PAGE,
                "",
                f"sqlite:///{tmp_path / 'unused.sqlite'}",
                reps=1,
                reruns=2,
            )
        finally:
            browser.close()
    assert figures["cold_s"] > 0 and len(figures["cold_samples_s"]) == 1
    # a second fresh server on the same address, opened by the browser that visited the first
    assert figures["cold_returning_s"] > 0 and len(figures["cold_returning_samples_s"]) == 1
    assert len(figures["warm_samples_s"]) == 2 and all(sample > 0 for sample in figures["warm_samples_s"])
    # The render is over when the script finished, not after the quiet window that confirms it.
    assert all(
        sample < figures["cold_s"] + browser_pages.QUIET_MS / 1000 for sample in figures["warm_samples_s"]
    )
    assert figures["peak_rss_bytes"] > 10 * 1024**2  # a Python process running Streamlit


def test_browser_measure_skips_with_a_reason_without_chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser_pages, "CHROMIUM", "/nonexistent/chromium")
    assert "Chromium" in (browser_pages.unavailable_reason() or "")
    assert browser_pages.measure_pages("sqlite://", ["pages/overview.py"], reps=1) == {
        "skipped": browser_pages.unavailable_reason()
    }


def test_peak_rss_of_this_process_is_read_from_proc() -> None:
    import os

    peak = browser_pages.peak_rss_bytes(os.getpid())
    if peak is None:
        pytest.skip("no /proc here")
    assert peak > 10 * 1024**2
    assert browser_pages.peak_rss_bytes(2**22 + 12345) is None  # no such process


def test_url_of_each_page_follows_app_py() -> None:
    """The browser opens each page at the address app.py gives it; the default page is the root."""
    import re

    from benchmarks.run import page_paths

    app = (browser_pages.REPO / "app.py").read_text(encoding="utf-8")
    declared = dict(re.findall(r'page\("(pages/\w+\.py)", "[\w.]+", "(\w+)"', app))
    default = re.search(r'page\("(pages/\w+\.py)"[^)]*default=True', app)
    assert default and set(declared) == set(page_paths())
    for page_file, url in declared.items():
        assert browser_pages.url_path_of(page_file) == ("" if page_file == default.group(1) else url), (
            page_file
        )


def test_every_section_of_a_page_in_sections_is_measured_at_its_own_url() -> None:
    from benchmarks.run import page_paths
    from ui.sections import PAGE_SECTIONS

    views = browser_pages.with_sections(page_paths())
    assert set(page_paths()) <= set(views)
    trade = [v for v in views if v.startswith("pages/trade.py")]
    assert trade == ["pages/trade.py", *(f"pages/trade.py?view={c}" for c in PAGE_SECTIONS["trade"][1:])]
    assert browser_pages.url_path_of("pages/trade.py?view=partners") == "trade?view=partners"
    assert browser_pages.url_path_of("pages/overview.py") == ""


def test_lpi_example_is_judged_on_cpu_seconds_against_its_target() -> None:
    results = copy.deepcopy(RESULTS)
    results["lpi_example"] = {"cpu_s": 0.9, "wall_s": 1.7, "target_s": 1.5}
    label = "LPI, rlpi terrestrial example (default GAM, 100 bootstraps)"
    assert verdicts(results)[label] == ("0.90 s CPU, 1.70 s wall", "met")
    results["lpi_example"]["cpu_s"] = 1.6
    assert verdicts(results)[label][1] == "MISSED"
    results["lpi_example"] = {"skipped": "example data not present"}
    assert verdicts(results)["LPI, rlpi terrestrial example"] == ("example data not present", "not measured")


def test_report_batch_is_judged_against_two_minutes() -> None:
    """The exports issue's "whole batch within two minutes" is measured by make bench, not a timed test."""
    results = copy.deepcopy(RESULTS)
    label = "report batch: sample database, every chart, ko + en, 300-dpi PNG"
    results["report_batch"] = {"charts": 40, "seconds": 71.0, "target_s": 120.0}
    assert verdicts(results)[label] == ("40 charts in 71.0 s", "met")
    results["report_batch"]["seconds"] = 121.0
    assert verdicts(results)[label][1] == "MISSED"
    results["report_batch"] = {"skipped": "Debian's Chromium is not installed"}
    assert verdicts(results)["report batch"] == ("Debian's Chromium is not installed", "not measured")
