"""`make bench`: national-scale timings on SQLite and PostgreSQL + PostGIS.

Builds (or reuses) the national database on each backend, then measures with several repetitions
and reports medians: every indicator's compute time from the database and the whole suite, every
page's cold and warm render through AppTest beside a blank page (the floor), import throughput,
and the peak memory of the process that rendered the pages. Writes `benchmarks/results.json`
and prints a table; targets are checked and marked met or missed.

    python -m benchmarks.run [--backend sqlite|postgresql|all] [--reps 5] [--rebuild]
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
POSTGRES_ADMIN_URL = os.environ.get("GBF_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
POSTGRES_DB = "gbf_bench_national"
BLANK_PAGE = REPO / "benchmarks" / "blank_page.py"

# Targets from the performance issue (seconds, bytes, rows/s).
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
        return url, None
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    SQLITE_PATH.unlink(missing_ok=True)
    engine = make_engine(url)
    started = time.perf_counter()
    upgrade_schema(engine)
    build_database(engine, scale="national")
    engine.dispose()
    return url, time.perf_counter() - started


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
                if (connection.scalar(select(func.count()).select_from(Taxon)) or 0) > 50_000:
                    return url, None
            except Exception:  # noqa: BLE001 - an unfinished build is rebuilt
                pass
    started = time.perf_counter()
    upgrade_schema(engine)
    build_database(engine, scale="national")
    engine.dispose()
    return url, time.perf_counter() - started


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
    return sorted(str(p.relative_to(REPO)) for p in (REPO / "pages").rglob("*.py") if not p.name.startswith("_"))


def bench_pages(url: str, reps: int) -> dict[str, Any]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["DATABASE_URL"] = url
    os.chdir(REPO)

    def cold_and_warm(make: Callable[[], AppTest]) -> tuple[float, float]:
        colds, warms = [], []
        for _ in range(reps):
            st.cache_data.clear()
            st.cache_resource.clear()
            app = make()
            started = time.perf_counter()
            app.run()
            colds.append(time.perf_counter() - started)
            if app.exception:
                raise RuntimeError(str(app.exception[0].value)[:300])
            started = time.perf_counter()
            app.run()
            warms.append(time.perf_counter() - started)
        return statistics.median(colds), statistics.median(warms)

    results: dict[str, Any] = {}
    blank_cold, blank_warm = cold_and_warm(lambda: AppTest.from_file(str(BLANK_PAGE), default_timeout=120))
    results["_blank"] = {"cold_s": round(blank_cold, 4), "warm_s": round(blank_warm, 4)}
    for page in page_paths():
        def make(page: str = page) -> AppTest:
            app = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
            app.run()
            app.switch_page(page)
            return app

        try:
            cold, warm = cold_and_warm(make)
            results[page] = {
                "cold_s": round(cold, 4),
                "warm_s": round(warm, 4),
                "warm_over_blank": round(warm / blank_warm, 2) if blank_warm else None,
            }
        except Exception as error:  # noqa: BLE001
            results[page] = {"error": f"{error.__class__.__name__}: {error}"[:300]}
    return results


def bench_occurrence_import(rows: int) -> dict[str, Any]:
    """Import `rows` synthetic Darwin Core rows into a fresh SQLite database."""
    try:
        from data_access.importers import run_import
    except ImportError:
        return {"skipped": "importers not available"}
    from benchmarks.synthetic_files import write_darwin_core_csv
    from data_access.database import make_engine, session_scope, upgrade_schema
    from sample_data.reference_data import load_reference_data

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "occurrences.csv"
        write_darwin_core_csv(path, rows)
        engine = make_engine(f"sqlite:///{Path(folder) / 'import.sqlite'}")
        upgrade_schema(engine)
        with session_scope(engine) as session:
            load_reference_data(session)
        started = time.perf_counter()
        report = run_import(engine, "occurrences", path, user="bench")
        elapsed = time.perf_counter() - started
        engine.dispose()
    return {
        "rows": rows,
        "seconds": round(elapsed, 2),
        "rows_per_s": round(rows / elapsed),
        "ok": report.ok,
        "inserted": report.rows_inserted,
    }


def peak_memory_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def summarise(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(measure, figure, met/missed) rows for the README and the console."""
    rows: list[tuple[str, str, str]] = []

    def mark(ok: bool) -> str:
        return "met" if ok else "MISSED"

    for backend, data in results["backends"].items():
        if data.get("build_s") is not None:
            rows.append((f"{backend}: national build", f"{data['build_s']:.0f} s", mark(data["build_s"] <= TARGETS["national_build_s"])))
        indicators = data.get("indicators", {})
        if isinstance(indicators.get("_suite"), float):
            rows.append((f"{backend}: indicator suite", f"{indicators['_suite']:.2f} s", mark(indicators["_suite"] <= TARGETS["indicator_suite_s"])))
        for name in ("red_list_index", "living_planet_index"):
            if isinstance(indicators.get(name), float):
                rows.append((f"{backend}: {name}", f"{indicators[name]:.3f} s", mark(indicators[name] <= TARGETS[f"{name}_s"])))
        for page, figures in data.get("pages", {}).items():
            if page == "_blank" or "error" in figures:
                if "error" in figures:
                    rows.append((f"{backend}: {page}", figures["error"], "MISSED"))
                continue
            ok = (
                figures["cold_s"] <= TARGETS["page_cold_s"]
                and figures["warm_s"] <= TARGETS["page_warm_s"]
                and (figures["warm_over_blank"] or 0) <= TARGETS["page_warm_over_blank"]
            )
            rows.append((f"{backend}: {page}", f"cold {figures['cold_s']:.2f} s, warm {figures['warm_s']:.3f} s ({figures['warm_over_blank']}x blank)", mark(ok)))
        if "peak_memory_bytes" in data:
            rows.append((f"{backend}: peak memory", f"{data['peak_memory_bytes'] / 1024**2:.0f} MB", mark(data["peak_memory_bytes"] <= TARGETS["peak_memory_bytes"])))
    occurrences = results.get("imports", {}).get("occurrences", {})
    if "seconds" in occurrences:
        scaled = occurrences["seconds"] * 1_000_000 / occurrences["rows"]
        rows.append(("import: occurrences", f"{occurrences['rows_per_s']:,} rows/s (1 M in {scaled:.0f} s)", mark(scaled <= TARGETS["occurrence_import_1m_s"])))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "all"), default="all")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))

    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
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
        data: dict[str, Any] = {"build_s": None if build is None else round(build, 1)}
        print(f"[bench] {backend}: indicators", flush=True)
        data["indicators"] = bench_indicators(url, args.reps)
        print(f"[bench] {backend}: pages", flush=True)
        data["pages"] = bench_pages(url, args.reps)
        data["peak_memory_bytes"] = peak_memory_bytes()
        results["backends"][backend] = data
    print("[bench] occurrence import", flush=True)
    results["imports"] = {"occurrences": bench_occurrence_import(args.import_rows)}
    results["summary"] = summarise(results)
    RESULTS_PATH.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    width = max((len(r[0]) for r in results["summary"]), default=10)
    for measure, figure, verdict in results["summary"]:
        print(f"{measure:<{width}}  {figure:<60}  {verdict}")
    print(f"results written to {RESULTS_PATH.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
