"""Batch exports for the command line: `python cli.py export charts|data|national-report …`.

    python cli.py export charts --out DIR [--lang ko|en|both] [--format png|svg|both]
                                [--targets CODE ...] [--indicators ID ...] [--with-data] [--snapshot NAME]
    python cli.py export data INDICATOR_ID --out FILE.zip [--lang ko|en] [--snapshot NAME]
    python cli.py export national-report --out DIR [--lang ko|en|both] [--year YEAR] [--snapshot NAME]

Indicator results are computed once per batch (or read from the snapshot) and one warm Chromium
renders every image. Each export adds one audit entry (action "export", origin "cli:<os user>@<host>").
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from data_access.database import data_version, make_engine, session_scope

LANG_CHOICES = ("ko", "en", "both")


def languages(choice: str) -> tuple[str, ...]:
    return ("ko", "en") if choice == "both" else (choice,)


def add_export_parser(subparsers: argparse._SubParsersAction) -> None:
    """The `export` command and its three sub-commands."""
    export = subparsers.add_parser(
        "export", help="export charts (PNG/SVG), chart data (zip) or the national report tables",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    kinds = export.add_subparsers(dest="export_kind", required=True, metavar="charts|data|national-report")

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--snapshot", metavar="NAME", help="use the results frozen in this snapshot")
        parser.add_argument("--user", default="cli", help="sign in as this account (as the global --user); "
                            "the audit log records who exported")

    charts = kinds.add_parser("charts", help="every indicator chart as PNG (300 dpi) and/or SVG")
    charts.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the files (created)")
    charts.add_argument("--lang", choices=LANG_CHOICES, default="both")
    charts.add_argument("--format", choices=("png", "svg", "both"), default="png", dest="image_format")
    charts.add_argument("--targets", nargs="+", metavar="CODE", help="only indicators of these GBF goals/targets, e.g. 3 A")
    charts.add_argument("--indicators", nargs="+", metavar="ID", help="only these indicators")
    charts.add_argument("--with-data", action="store_true", help="also write each chart's data package (zip)")
    charts.add_argument("--dpi", type=int, default=300)
    common(charts)

    data = kinds.add_parser("data", help="the data behind an indicator's chart: CSV, XLSX and README, zipped")
    data.add_argument("indicator")
    data.add_argument("--out", type=Path, required=True, metavar="FILE.zip")
    data.add_argument("--lang", choices=("ko", "en"), default="ko")
    common(data)

    report = kinds.add_parser("national-report", help="7NR indicator tables and Section III, as XLSX and JSON")
    report.add_argument("--out", type=Path, required=True, metavar="DIR")
    report.add_argument("--lang", choices=LANG_CHOICES, default="both")
    report.add_argument("--year", type=int, help="NBSAP reporting year of the action statuses (default: latest)")
    common(report)


@dataclass
class BatchOutcome:
    """What a batch wrote and how long it took (printed, and kept in manifest.json)."""

    files: list[Path] = field(default_factory=list)
    seconds_total: float = 0.0
    charts: int = 0


def _version(engine: Engine, snapshot: str | None = None) -> str:
    """The data version the exported numbers come from: the snapshot's, or the current one."""
    if snapshot is not None:
        from data_access.snapshots import snapshot_info

        return str(snapshot_info(engine, snapshot)["data_version"])
    with session_scope(engine) as session:
        return str(data_version(session))


def _audit(engine: Engine, user: str, target: str, detail: dict[str, object]) -> None:
    from data_access.audit import log_event
    from data_access.identity import cli_origin

    log_event(engine, actor=user, action="export", target=target, detail=detail, origin=cli_origin())


def chart_indicator_ids(indicator_ids: Iterable[str] | None, targets: Iterable[str] | None) -> list[str]:
    """The indicators a chart batch covers: the given ones (default all), of `targets` when given."""
    from indicators import registry
    from indicators.metadata import load_metadata

    ids = list(indicator_ids) if indicator_ids else list(registry.INDICATOR_IDS)
    wanted = {str(code) for code in targets} if targets else None
    return [i for i in ids if wanted is None or wanted & set(load_metadata(i).gbf_targets)]


def export_charts(
    engine: Engine,
    out: Path,
    *,
    langs: Sequence[str],
    formats: Sequence[str],
    targets: Iterable[str] | None = None,
    indicator_ids: Iterable[str] | None = None,
    snapshot: str | None = None,
    with_data: bool = False,
    dpi: int = 300,
    drawn_on: date | None = None,
    role: str = "viewer",
) -> BatchOutcome:
    """Every chart in every language and format under `out/<lang>/`, with a manifest.json.

    A pipeline: one worker thread computes the indicators one after another while the main
    thread has Chromium render the charts of those already computed, so the batch takes about
    the longer of the two rather than their sum.
    """
    from reports.data_package import data_package
    from reports.images import embed_font, render_charts, svg_characters, warm_up
    from reports.indicator_charts import indicator_chart
    from reports.results import indicator_results

    outcome = BatchOutcome()
    started = time.perf_counter()
    version = _version(engine, snapshot)
    ids = chart_indicator_ids(indicator_ids, targets)

    def charts_of(indicator_id: str) -> list:  # type: ignore[type-arg]
        results = indicator_results(engine, [indicator_id], snapshot=snapshot)
        if indicator_id not in results:
            return []
        return [indicator_chart(results[indicator_id], lang, data_version=version, snapshot=snapshot, drawn_on=drawn_on)
                for lang in langs]

    manifest: list[dict[str, object]] = []
    plain_svgs: list[tuple[Path, bytes]] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-results") as pool:
        pending = [pool.submit(charts_of, indicator_id) for indicator_id in ids]
        warm_up()  # Chromium starts while the worker computes the first indicators
        for future in pending:
            charts = future.result()
            for chart in charts:
                folder = out / chart.lang
                folder.mkdir(parents=True, exist_ok=True)
                entry = {"indicator": chart.indicator_id, "lang": chart.lang, "rows": len(chart.data), "files": [],
                         **chart.provenance.as_dict()}
                for fmt in formats:
                    path = folder / f"{chart.file_stem()}.{fmt}"
                    # SVGs get their font at the end: one subset for the whole batch (~1 s each saved).
                    image = render_charts([(chart.figure, chart.provenance, chart.lang)], fmt, dpi=dpi,
                                          embed=fmt != "svg")[0]
                    if fmt == "svg":
                        plain_svgs.append((path, image))
                    else:
                        path.write_bytes(image)
                    entry["files"].append(str(path.relative_to(out)))  # type: ignore[attr-defined]
                    outcome.files.append(path)
                if with_data:
                    path = folder / f"{chart.file_stem()}_data.zip"
                    path.write_bytes(data_package(chart.data, chart.provenance, chart.lang,
                                                 indicator_id=chart.indicator_id, role=role))
                    entry["files"].append(str(path.relative_to(out)))  # type: ignore[attr-defined]
                    outcome.files.append(path)
                manifest.append(entry)
                outcome.charts += 1
    if plain_svgs:
        characters = frozenset().union(*(svg_characters(image) for _, image in plain_svgs))
        for path, image in plain_svgs:
            path.write_bytes(embed_font(image, characters))
    outcome.seconds_total = time.perf_counter() - started
    out.mkdir(parents=True, exist_ok=True)
    (out / "manifest.json").write_text(json.dumps({
        "charts": manifest, "seconds_total": round(outcome.seconds_total, 2), "indicators": ids,
    }, ensure_ascii=False, indent=2), encoding="utf-8")
    return outcome


def export_data(engine: Engine, indicator_id: str, out: Path, *, lang: str, snapshot: str | None = None,
                role: str = "viewer") -> Path:
    """The data package of one indicator's chart (what the chart plots) as a zip file."""
    from indicators.result import NoDataError
    from reports.data_package import data_package
    from reports.indicator_charts import indicator_chart
    from reports.results import indicator_results

    results = indicator_results(engine, [indicator_id], snapshot=snapshot)
    if indicator_id not in results:
        raise NoDataError(f"{indicator_id}: no data to export")
    chart = indicator_chart(results[indicator_id], lang, data_version=_version(engine, snapshot), snapshot=snapshot)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data_package(chart.data, chart.provenance, lang, indicator_id=indicator_id, role=role))
    return out


def export_national_report(
    engine: Engine, out: Path, *, langs: Sequence[str], snapshot: str | None = None, year: int | None = None
) -> list[Path]:
    """national_report_<lang>.xlsx and .json per language under `out`."""
    from reports.national_report import build_national_report, report_json, report_xlsx
    from reports.results import indicator_results

    results = indicator_results(engine, snapshot=snapshot)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in langs:
        report = build_national_report(engine, lang, results=results, snapshot=snapshot, year=year)
        xlsx, text = out / f"national_report_{lang}.xlsx", out / f"national_report_{lang}.json"
        xlsx.write_bytes(report_xlsx(report))
        text.write_text(report_json(report), encoding="utf-8")
        written += [xlsx, text]
    return written


def run_export(url: str, args: argparse.Namespace) -> int:
    """The `export` command; returns the exit code (3 when there is nothing to export)."""
    from indicators.result import NoDataError

    try:
        return _run_export(make_engine(url), args)
    except (NoDataError, LookupError) as error:  # no data, unknown indicator or snapshot
        print(f"nothing exported: {error}", file=sys.stderr)
        return 3


def _run_export(engine: Engine, args: argparse.Namespace) -> int:
    snapshot = args.snapshot
    if args.export_kind == "charts":
        formats = ("png", "svg") if args.image_format == "both" else (args.image_format,)
        outcome = export_charts(engine, args.out, langs=languages(args.lang), formats=formats, targets=args.targets,
                                indicator_ids=args.indicators, snapshot=snapshot, with_data=args.with_data, dpi=args.dpi,
                                role=getattr(args, "role", "viewer"))
        print(f"{outcome.charts} charts, {len(outcome.files)} files in {outcome.seconds_total:.1f} s "
              f"(indicators computed and charts drawn): {args.out}")
        _audit(engine, args.user, str(args.out), {"kind": "charts", "lang": args.lang, "format": args.image_format,
                                                  "charts": outcome.charts, "snapshot": snapshot, "targets": args.targets})
        return 0
    if args.export_kind == "data":
        path = export_data(engine, args.indicator, args.out, lang=args.lang, snapshot=snapshot,
                           role=getattr(args, "role", "viewer"))
        print(f"data package written: {path}")
        _audit(engine, args.user, args.indicator, {"kind": "data", "lang": args.lang, "file": str(path), "snapshot": snapshot})
        return 0
    if args.export_kind == "national-report":
        paths = export_national_report(engine, args.out, langs=languages(args.lang), snapshot=snapshot, year=args.year)
        for path in paths:
            print(f"written: {path}")
        _audit(engine, args.user, "national-report", {"kind": "national-report", "lang": args.lang,
                                                      "files": [str(p) for p in paths], "snapshot": snapshot})
        return 0
    raise AssertionError(args.export_kind)
