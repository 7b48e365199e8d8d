"""`make bench`: national-scale timings on SQLite and PostgreSQL + PostGIS.

Builds (or reuses) the national database on each backend, then measures with several repetitions
and reports medians:
- the national build and, separately, storing every indicator's default result (what
  `cli.py init --scale national` does after the build); "not measured (reused)" when reused;
- every indicator's compute time from the database and the whole suite;
- every page, cold (first render after start) and warm (rerun), two ways: in a real browser
  (`streamlit run` + Debian's Chromium, see benchmarks/browser_pages.py), beside a blank page
  measured the same way, which is the floor of the warm/blank ratio; and through AppTest (in
  process, no browser, no websocket). The targets are judged on the browser measure;
- import throughput (rows/s) for occurrences, permit lines and WDPA polygons, each into a new
  scratch database of the backend (never into the national databases);
- the peak memory (RSS high-water mark) of the app's streamlit server process.
Writes `benchmarks/results.json` and prints a table; targets are checked and marked met or missed.

    python -m benchmarks.run [--backend sqlite|postgresql|all] [--reps 5] [--browser-reps 3] [--rebuild]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text

REPO = Path(__file__).resolve().parents[1]
RESULTS_PATH = REPO / "benchmarks" / "results.json"
SQLITE_PATH = REPO / "var" / "bench" / "national.sqlite"
POSTGRES_ADMIN_URL = os.environ.get(
    "GBF_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
POSTGRES_DB = "gbf_bench_national"
POSTGRES_IMPORT_DB = f"gbf_bench_import_{os.getpid()}"  # created and dropped around each import measure
BLANK_PAGE = REPO / "benchmarks" / "blank_page.py"

# Targets from the performance issue (seconds, bytes, rows/s); pages and memory are judged on the browser measure.
TARGETS = {
    "page_cold_s": 2.0,
    "page_warm_s": 0.3,
    "page_warm_over_blank": 2.0,
    "indicator_suite_s": 20.0,
    "red_list_index_s": 1.0,
    "living_planet_index_s": 1.0,
    "occurrence_import_1m_s": 120.0,
    "peak_memory_bytes": 1.5 * 1024**3,
    "national_build_s": 300.0,
}


def median_time(function: Callable[[], Any], reps: int) -> float:
    samples = []
    for _ in range(reps):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def ensure_sqlite(rebuild: bool) -> tuple[str, float | None]:
    from data_access.database import make_engine, upgrade_schema
    from sample_data.generator import build_database

    url = f"sqlite:///{SQLITE_PATH}"
    if SQLITE_PATH.exists() and not rebuild:
        bring_schema_up_to_date(url)
        return url, None
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    SQLITE_PATH.unlink(missing_ok=True)
    engine = make_engine(url)
    started = time.perf_counter()
    upgrade_schema(engine)
    build_database(engine, scale="national")
    engine.dispose()
    return url, time.perf_counter() - started


def bring_schema_up_to_date(url: str) -> None:
    """A reused bench database gets the migrations written since it was built; tables whose
    migration was filled in after this database passed that revision are created from the models."""
    from data_access.aggregation_indexes import ensure_aggregation_indexes
    from data_access.database import make_engine, upgrade_schema
    from data_access.models import Base

    engine = make_engine(url)
    upgrade_schema(engine)
    Base.metadata.create_all(engine, checkfirst=True)
    ensure_aggregation_indexes(engine)
    if engine.dialect.name == "postgresql":
        # After a bulk load: sets the visibility map, without which PostgreSQL's index-only scans
        # (the covering aggregation indexes) still visit the table; autovacuum would do it later.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (ANALYZE) occurrence"))
    engine.dispose()


def warm_result_cache(url: str) -> float:
    """What `cli.py init` does after a build: compute and store every indicator's default result."""
    from data_access.database import make_engine
    from data_access.result_cache import warm

    engine = make_engine(url)
    started = time.perf_counter()
    warm(engine)
    engine.dispose()
    return time.perf_counter() - started


def ensure_postgres(rebuild: bool) -> tuple[str, float | None]:
    from data_access.database import make_engine, upgrade_schema
    from data_access.models import Taxon
    from sample_data.generator import build_database

    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{POSTGRES_DB}"
    with admin.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": POSTGRES_DB})
        if exists and rebuild:
            connection.execute(text(f'DROP DATABASE "{POSTGRES_DB}" WITH (FORCE)'))
            exists = False
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{POSTGRES_DB}"'))
    engine = make_engine(url)
    if exists:
        with engine.connect() as connection:
            try:
                built = (connection.scalar(select(func.count()).select_from(Taxon)) or 0) > 50_000
            except Exception:  # noqa: BLE001 - an unfinished build is rebuilt
                built = False
        if built:
            engine.dispose()
            bring_schema_up_to_date(url)
            return url, None
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{POSTGRES_DB}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{POSTGRES_DB}"'))
        engine = make_engine(url)
    started = time.perf_counter()
    upgrade_schema(engine)
    build_database(engine, scale="national")
    engine.dispose()
    elapsed = time.perf_counter() - started
    bring_schema_up_to_date(url)
    return url, elapsed


def bench_indicators(url: str, reps: int) -> dict[str, Any]:
    from data_access.database import make_engine, session_scope
    from data_access.indicator_inputs import load_inputs
    from indicators import registry
    from indicators.result import IndicatorError

    engine = make_engine(url)
    results: dict[str, Any] = {}

    def run(spec: Any) -> None:
        with session_scope(engine) as session:
            inputs = load_inputs(session, spec.id)
        spec.run(inputs)

    def run_suite() -> None:
        for spec in registry.all_specs():
            with contextlib.suppress(IndicatorError):
                run(spec)

    for spec in registry.all_specs():
        try:
            results[spec.id] = round(median_time(lambda spec=spec: run(spec), reps), 4)
        except Exception as error:  # noqa: BLE001 - a failing indicator is reported, not fatal
            results[spec.id] = f"error: {error.__class__.__name__}: {error}"[:300]
    results["_suite"] = round(median_time(run_suite, max(1, reps // 2)), 3)
    engine.dispose()
    return results


def page_paths() -> list[str]:
    return sorted(
        str(p.relative_to(REPO)) for p in (REPO / "pages").rglob("*.py") if not p.name.startswith("_")
    )


def bench_pages_in_browser(url: str, reps: int) -> dict[str, Any]:
    """Every page cold and warm in Chromium against `streamlit run`, or {"skipped": reason}."""
    from benchmarks import browser_pages

    figures = browser_pages.measure_pages(
        url, page_paths(), reps=reps, progress=lambda page: print(f"[bench]   browser: {page}", flush=True)
    )
    if "skipped" in figures:
        print(f"[bench]   browser measure skipped: {figures['skipped']}", flush=True)
    return figures


def bench_pages(url: str, reps: int) -> dict[str, Any]:
    """Every page cold and warm through AppTest, in a fresh process (whose peak RSS is reported too)."""
    import subprocess

    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--pages-only", url, "--reps", str(reps)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        return {"error": completed.stderr[-500:]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _keep_the_router() -> None:
    """As tests/test_pages.py does: AppTest resets Streamlit's legacy pages/ flag before every run,
    which would make `ui.routing` rerun each page once more than a server does."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    app_test.PagesManager = type("PagesManagerForBench", (PagesManager,), {})  # type: ignore[attr-defined]


def measure_pages(url: str, reps: int) -> dict[str, Any]:
    """Cold: Streamlit's caches cleared, a fresh session opening the page directly (nothing rendered
    before it, so no other page warms the caches); warm: the same session run again. The stored
    indicator results in the database stay, as they do when a server restarts."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["DATABASE_URL"] = url
    os.chdir(REPO)
    _keep_the_router()

    def cold_and_warm(make: Callable[[], AppTest]) -> tuple[float, float, float]:
        colds, warms, cpu = [], [], []
        for _ in range(reps):
            st.cache_data.clear()
            st.cache_resource.clear()
            app = make()
            started = time.perf_counter()
            app.run()
            colds.append(time.perf_counter() - started)
            if app.exception:
                raise RuntimeError(str(app.exception[0].value)[:300])
            for _ in range(3):
                started, cpu_started = time.perf_counter(), time.process_time()
                app.run()
                warms.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
        return statistics.median(colds), statistics.median(warms), statistics.median(cpu)

    results: dict[str, Any] = {}
    blank_cold, blank_warm, blank_cpu = cold_and_warm(
        lambda: AppTest.from_file(str(BLANK_PAGE), default_timeout=300)
    )
    results["_blank"] = {
        "cold_s": round(blank_cold, 4),
        "warm_s": round(blank_warm, 4),
        "warm_cpu_s": round(blank_cpu, 4),
    }
    for page in page_paths():

        def make(page: str = page) -> AppTest:
            # Before the first run Streamlit finds a page by its file name (app.py's url_path is
            # the file name), so the first run is the page itself, as when a link is opened.
            app = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
            if page == "pages/admin.py":  # only an admin's navigation has it; others land on the overview
                app.session_state["gbf_role"] = "admin"
                app.session_state["gbf_user"] = "bench-admin"
            app.switch_page(page)
            return app

        try:
            cold, warm, cpu = cold_and_warm(make)
            results[page] = {
                "cold_s": round(cold, 4),
                "warm_s": round(warm, 4),
                "warm_cpu_s": round(cpu, 4),
                "warm_over_blank": round(warm / blank_warm, 2) if blank_warm else None,
            }
        except Exception as error:  # noqa: BLE001
            results[page] = {"error": f"{error.__class__.__name__}: {error}"[:300]}
    results["_peak_memory_bytes"] = peak_memory_bytes()
    return results


def _import_files() -> dict[str, tuple[str, Callable[[Path, int], Any]]]:
    from benchmarks.synthetic_files import write_darwin_core_csv, write_permits_csv, write_wdpa_polygons

    return {
        "occurrences": ("occurrences.csv", write_darwin_core_csv),
        "permits": ("permits.csv", write_permits_csv),
        # Named like Protected Planet's download: the importer reads the release month from the name.
        "wdpa": ("WDPA_WDOECM_Nov2025_Public_KOR_shp.zip", write_wdpa_polygons),
    }


@contextlib.contextmanager
def scratch_database(backend: str, folder: Path) -> Any:
    """A new, migrated database with the reference data, dropped afterwards: imports never touch
    the national bench databases."""
    from data_access.database import make_engine, session_scope, upgrade_schema
    from sample_data.reference_data import load_reference_data

    admin = None
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'import.sqlite'}"
    else:
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{POSTGRES_IMPORT_DB}"
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{POSTGRES_IMPORT_DB}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{POSTGRES_IMPORT_DB}"'))
    engine = make_engine(url)
    try:
        upgrade_schema(engine)
        with session_scope(engine) as session:
            load_reference_data(session)
        yield engine
    finally:
        engine.dispose()
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{POSTGRES_IMPORT_DB}" WITH (FORCE)'))
            admin.dispose()


def bench_import(kind: str, rows: int, backend: str = "sqlite") -> dict[str, Any]:
    """Import a synthetic file of `rows` rows of `kind` (written beforehand, not timed) into a scratch database."""
    from data_access.importers import run_import

    name, writer = _import_files()[kind]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        writer(path, rows)
        size = path.stat().st_size
        with scratch_database(backend, Path(folder)) as engine:
            started, cpu_started = time.perf_counter(), time.process_time()
            report = run_import(engine, kind, path, user="bench")
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    figures: dict[str, Any] = {
        "rows": rows,
        "file_bytes": size,
        "seconds": round(elapsed, 2),
        "cpu_seconds": round(cpu, 2),
        "rows_per_s": round(rows / elapsed),
        "ok": report.ok,
        "inserted": report.rows_inserted,
    }
    if not report.ok:
        figures["errors"] = [problem.message("en") for problem in report.errors[:3]]
    return figures


def peak_memory_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _mark(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _build_rows(backend: str, data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The build and, separately, the stored results `cli.py init` computes after it."""
    if data.get("build_s") is None:
        rows = [(f"{backend}: national build", "not measured (reused)", "-")]
        if isinstance(data.get("result_cache_warm_s"), (int, float)):
            rows.append(
                (
                    f"{backend}: storing indicator results",
                    f"not measured (reused; top-up {data['result_cache_warm_s']:.1f} s)",
                    "-",
                )
            )
        return rows
    build, warm = data["build_s"], data.get("result_cache_warm_s")
    rows = [(f"{backend}: national build", f"{build:.0f} s", _mark(build <= TARGETS["national_build_s"]))]
    if isinstance(warm, (int, float)):
        rows.append((f"{backend}: storing indicator results after the build", f"{warm:.0f} s", "-"))
        total = build + warm
        rows.append(
            (
                f"{backend}: build + stored results (cli.py init)",
                f"{total:.0f} s",
                _mark(total <= TARGETS["national_build_s"]),
            )
        )
    return rows


def _browser_page_rows(backend: str, pages: dict[str, Any]) -> list[tuple[str, str, str]]:
    if "skipped" in pages:
        return [(f"{backend}: pages (browser)", f"not measured: {pages['skipped']}", "not measured")]
    if "error" in pages:
        return [(f"{backend}: pages (browser)", pages["error"], "MISSED")]
    rows: list[tuple[str, str, str]] = []
    blank = pages.get("_blank", {})
    if "warm_s" in blank:
        rows.append(
            (
                f"{backend}: blank page (browser, the floor)",
                f"cold {blank['cold_s']:.2f} s{_returning(blank)}, warm {blank['warm_s']:.3f} s",
                "-",
            )
        )
    for page, figures in pages.items():
        if page.startswith("_") or not isinstance(figures, dict):
            continue
        label = f"{backend}: {page} (browser)"
        if "skipped" in figures:
            rows.append((label, f"not measured: {figures['skipped']}", "-"))
        elif "error" in figures:
            rows.append((label, figures["error"], "MISSED"))
        else:
            ratio = figures.get("warm_over_blank")
            ok = (
                figures["cold_s"] <= TARGETS["page_cold_s"]
                and figures["warm_s"] <= TARGETS["page_warm_s"]
                and ratio is not None
                and ratio <= TARGETS["page_warm_over_blank"]
            )
            rows.append(
                (
                    label,
                    f"cold {figures['cold_s']:.2f} s{_returning(figures)}, warm {figures['warm_s']:.3f} s ({ratio}x blank)",
                    _mark(ok),
                )
            )
    return rows


def _returning(figures: dict[str, Any]) -> str:
    """The returning visitor's cold render, beside the judged first visit (shown, not judged)."""
    return f" (returning visitor {figures['cold_returning_s']:.2f} s)" if "cold_returning_s" in figures else ""


def _apptest_page_rows(backend: str, pages: dict[str, Any]) -> list[tuple[str, str, str]]:
    """AppTest figures, shown beside the browser's but not judged (no browser, no websocket)."""
    rows: list[tuple[str, str, str]] = []
    for page, figures in pages.items():
        if page == "_blank" or not isinstance(figures, dict):
            continue
        label = f"{backend}: {page} (AppTest)"
        if "error" in figures:
            rows.append((label, figures["error"], "-"))
        else:
            rows.append(
                (
                    label,
                    f"cold {figures['cold_s']:.2f} s, warm {figures['warm_s']:.3f} s ({figures.get('warm_over_blank')}x AppTest blank)",
                    "-",
                )
            )
    return rows


def _memory_rows(backend: str, data: dict[str, Any]) -> list[tuple[str, str, str]]:
    limit = TARGETS["peak_memory_bytes"]
    if isinstance(data.get("peak_memory_bytes"), int):
        peak = data["peak_memory_bytes"]
        return [
            (f"{backend}: peak memory (streamlit server)", f"{peak / 1024**2:.0f} MB", _mark(peak <= limit))
        ]
    if isinstance(data.get("peak_memory_apptest_bytes"), int):  # no browser here: the AppTest process instead
        peak = data["peak_memory_apptest_bytes"]
        return [
            (
                f"{backend}: peak memory (AppTest process; no browser)",
                f"{peak / 1024**2:.0f} MB",
                _mark(peak <= limit),
            )
        ]
    return [(f"{backend}: peak memory", "not measured", "not measured")]


def _import_rows(backend: str, imports: dict[str, Any]) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    labels = {"occurrences": "occurrences", "permits": "permit lines", "wdpa": "WDPA polygons"}
    for kind, figures in imports.items():
        label = f"import ({backend}): {labels.get(kind, kind)}"
        if "seconds" not in figures:
            rows.append(
                (label, str(figures.get("skipped") or figures.get("error") or "not measured"), "not measured")
            )
            continue
        if not figures.get("ok", True):
            rows.append((label, f"refused: {'; '.join(figures.get('errors', []))}"[:200], "MISSED"))
            continue
        text = f"{figures['rows_per_s']:,} rows/s ({figures['rows']:,} in {figures['seconds']:.1f} s)"
        if kind == "occurrences":
            scaled = figures["seconds"] * 1_000_000 / figures["rows"]
            rows.append(
                (
                    label,
                    f"{figures['rows_per_s']:,} rows/s (1 M in {scaled:.0f} s)",
                    _mark(scaled <= TARGETS["occurrence_import_1m_s"]),
                )
            )
        else:
            rows.append((label, text, "-"))
    return rows


def summarise(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(measure, figure, met/MISSED/-/not measured) rows for the README and the console."""
    rows: list[tuple[str, str, str]] = []
    for backend, data in results["backends"].items():
        if "error" in data:
            rows.append((f"{backend}: database", data["error"], "not measured"))
            continue
        rows += _build_rows(backend, data)
        indicators = data.get("indicators", {})
        if isinstance(indicators.get("_suite"), (int, float)):
            rows.append(
                (
                    f"{backend}: indicator suite",
                    f"{indicators['_suite']:.2f} s",
                    _mark(indicators["_suite"] <= TARGETS["indicator_suite_s"]),
                )
            )
        for name in ("red_list_index", "living_planet_index"):
            if isinstance(indicators.get(name), (int, float)):
                rows.append(
                    (
                        f"{backend}: {name}",
                        f"{indicators[name]:.3f} s",
                        _mark(indicators[name] <= TARGETS[f"{name}_s"]),
                    )
                )
        if "pages_browser" in data:
            rows += _browser_page_rows(backend, data["pages_browser"])
        rows += _apptest_page_rows(backend, data.get("pages_apptest", {}))
        rows += _memory_rows(backend, data)
    for backend, imports in results.get("imports", {}).items():
        rows += _import_rows(backend, imports)
    example = results.get("lpi_example")
    if isinstance(example, dict) and "cpu_s" in example:
        rows.append(
            (
                "LPI, rlpi terrestrial example (default GAM, 100 bootstraps)",
                f"{example['cpu_s']:.2f} s CPU, {example['wall_s']:.2f} s wall",
                _mark(example["cpu_s"] <= example["target_s"]),
            )
        )
    elif isinstance(example, dict):
        rows.append(("LPI, rlpi terrestrial example", str(example.get("skipped", "not measured")), "not measured"))
    batch = results.get("report_batch")
    if isinstance(batch, dict) and "seconds" in batch:
        rows.append(("report batch: sample database, every chart, ko + en, 300-dpi PNG",
                     f"{batch['charts']} charts in {batch['seconds']:.1f} s", _mark(batch["seconds"] <= batch["target_s"])))
    elif isinstance(batch, dict):
        rows.append(("report batch", str(batch.get("skipped") or batch.get("error") or "not measured"), "not measured"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "all"), default="all")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument(
        "--browser-reps",
        type=int,
        default=3,
        help="server restarts per page in the browser measure (3 reruns each)",
    )
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--permit-rows", type=int, default=50_000)
    parser.add_argument("--wdpa-polygons", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=RESULTS_PATH, help="where to write the results (JSON)")
    parser.add_argument("--skip-imports", action="store_true", help="measure no import throughput")
    parser.add_argument("--skip-browser", action="store_true", help="measure pages through AppTest only")
    parser.add_argument(
        "--pages-only", metavar="URL", help=argparse.SUPPRESS
    )  # the child process of bench_pages
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    if args.pages_only:
        import logging

        logging.disable(logging.WARNING)
        figures = measure_pages(args.pages_only, args.reps)
        print(json.dumps(figures), flush=True)
        return 0

    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "load_average_at_start": os.getloadavg(),
        "backends": {},
    }
    backends = ("sqlite", "postgresql") if args.backend == "all" else (args.backend,)
    for backend in backends:
        print(f"[bench] {backend}: database", flush=True)
        try:
            url, build = ensure_sqlite(args.rebuild) if backend == "sqlite" else ensure_postgres(args.rebuild)
        except Exception as error:  # noqa: BLE001
            results["backends"][backend] = {"error": f"{error.__class__.__name__}: {error}"[:500]}
            continue
        data: dict[str, Any] = {
            "build_s": None if build is None else round(build, 1),
            "database_reused": build is None,
        }
        print(
            f"[bench] {backend}: storing every indicator's default result (as cli.py init does)", flush=True
        )
        data["result_cache_warm_s"] = round(warm_result_cache(url), 1)
        if build is not None:
            data["init_total_s"] = round(build + data["result_cache_warm_s"], 1)
        print(f"[bench] {backend}: indicators", flush=True)
        data["indicators"] = bench_indicators(url, args.reps)
        print(f"[bench] {backend}: pages through AppTest", flush=True)
        data["pages_apptest"] = bench_pages(url, args.reps)
        data["peak_memory_apptest_bytes"] = data["pages_apptest"].pop("_peak_memory_bytes", None)
        if args.skip_browser:
            data["pages_browser"] = {"skipped": "--skip-browser"}
        else:
            print(f"[bench] {backend}: pages in Chromium", flush=True)
            data["pages_browser"] = bench_pages_in_browser(url, args.browser_reps)
        data["peak_memory_bytes"] = data["pages_browser"].pop("_peak_memory_bytes", None)
        results["backends"][backend] = data
    if not args.skip_imports:
        sizes = {"occurrences": args.import_rows, "permits": args.permit_rows, "wdpa": args.wdpa_polygons}
        results["imports"] = {}
        for backend in backends:
            results["imports"][backend] = {}
            for kind, rows in sizes.items():
                print(f"[bench] {backend}: {kind} import ({rows:,} rows)", flush=True)
                try:
                    results["imports"][backend][kind] = bench_import(kind, rows, backend)
                except Exception as error:  # noqa: BLE001 - one failing import is reported, not fatal
                    results["imports"][backend][kind] = {
                        "error": f"{error.__class__.__name__}: {error}"[:300]
                    }
    print("[bench] Living Planet Index on rlpi's terrestrial example", flush=True)
    from benchmarks.lpi_example import bench_lpi_example

    results["lpi_example"] = bench_lpi_example()
    print("[bench] report batch: every chart of the sample database, both languages, PNG", flush=True)
    from benchmarks.report_batch import bench_report_batch

    results["report_batch"] = bench_report_batch()
    results["load_average_at_end"] = os.getloadavg()
    results["summary"] = summarise(results)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(format_table(results["summary"]))
    print(f"results written to {args.out}")
    return 0


def format_table(rows: list[tuple[str, str, str]]) -> str:
    """The summary as aligned plain-text columns: measure, figure, verdict."""
    width = max((len(r[0]) for r in rows), default=10)
    figure_width = max((len(r[1]) for r in rows), default=10)
    return "\n".join(
        f"{measure:<{width}}  {figure:<{figure_width}}  {verdict}" for measure, figure, verdict in rows
    )


if __name__ == "__main__":
    raise SystemExit(main())
