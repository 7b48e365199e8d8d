"""Command line: build databases, import files, compute indicators.

    python cli.py [--db URL] init [--sample | --scale national] [--if-missing]
    python cli.py [--db URL] import KIND PATH [--json] [--option key=value ...]
    python cli.py [--db URL] compute INDICATOR_ID [options] [--format csv|json] [--out PATH]

`--db` defaults to DATABASE_URL, then to the sample SQLite file under var/.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from data_access.database import default_url, is_initialised, make_engine, session_scope, upgrade_schema


def _add_compute_parsers(subparsers: argparse._SubParsersAction) -> None:
    from data_access.indicator_inputs import add_input_arguments
    from indicators import registry

    compute = subparsers.add_parser("compute", help="compute an indicator from the database")
    per_indicator = compute.add_subparsers(dest="indicator", required=True, metavar="INDICATOR_ID")
    for spec in registry.all_specs():
        parser = per_indicator.add_parser(spec.id, help=spec.metadata.name.en)
        spec.add_arguments(parser)
        add_input_arguments(spec.id, parser)
        parser.add_argument("--format", choices=("csv", "json"), default="csv")
        parser.add_argument("--out", type=Path, help="write here instead of standard output")


def build_parser(*, with_indicators: bool = True) -> argparse.ArgumentParser:
    """The parser; indicator sub-commands are only imported when `compute` is asked for."""
    parser = argparse.ArgumentParser(prog="cli.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=None, help="database URL (default: DATABASE_URL, then var/gbf_sample.sqlite)")
    sub = parser.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init", help="create the schema; optionally fill it with generated data")
    scale = init.add_mutually_exclusive_group()
    scale.add_argument("--sample", action="store_const", const="sample", dest="scale", help="the sample database")
    scale.add_argument("--scale", choices=("sample", "national"), dest="scale", help="sample or national scale")
    init.add_argument("--seed", type=int, default=20240101)
    init.add_argument("--if-missing", action="store_true", help="do nothing when the database already has a schema")

    imp = sub.add_parser("import", help="import a file (all or nothing)")
    imp.add_argument("kind")
    imp.add_argument("path", type=Path)
    imp.add_argument("--json", action="store_true", help="print one JSON object with the counts and errors")
    imp.add_argument("--genuine-changes", type=Path, help="redlist: genuine changes file (back-casting)")
    imp.add_argument("--assessment-years", type=Path, help="redlist: assessment years file (back-casting)")
    imp.add_argument("--option", action="append", default=[], metavar="KEY=VALUE", help="importer option")
    imp.add_argument("--user", default="cli")
    imp.add_argument("--lang", choices=("ko", "en"), default="en", help="language of the messages")

    if with_indicators:
        _add_compute_parsers(sub)
    else:
        sub.add_parser("compute", help="compute an indicator from the database (see: compute --help)")
    return parser


def run_init(url: str, scale: str | None, seed: int, if_missing: bool) -> int:
    engine = make_engine(url)
    if if_missing and is_initialised(engine):
        print(f"database already initialised: {url}")
        return 0
    started = time.perf_counter()
    upgrade_schema(engine)
    if scale is None:
        print(f"empty schema ready: {url}")
        return 0
    from sample_data.generator import build_database

    counts = build_database(engine, scale=scale, seed=seed)
    elapsed = time.perf_counter() - started
    print(f"{scale} database built in {elapsed:.1f} s: {url}")
    for table, count in sorted(counts.items()):
        print(f"  {table:32s} {count:>12,}")
    return 0


def _import_options(args: argparse.Namespace) -> dict[str, str]:
    options: dict[str, str] = {}
    for item in args.option:
        key, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"--option expects KEY=VALUE, got '{item}'")
        options[key.strip()] = value.strip()
    if args.genuine_changes:
        options["genuine_changes"] = str(args.genuine_changes)
    if args.assessment_years:
        options["assessment_years"] = str(args.assessment_years)
    return options


def run_import(url: str, args: argparse.Namespace) -> int:
    from data_access.importers import KINDS
    from data_access.importers import run_import as import_file

    if args.kind not in KINDS:
        print(f"unknown import kind '{args.kind}'; known: {', '.join(KINDS)}", file=sys.stderr)
        return 2
    engine = make_engine(url)
    upgrade_schema(engine)
    report = import_file(engine, args.kind, args.path, options=_import_options(args), user=args.user)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(
            f"{report.kind} {report.file}: read {report.rows_read}, inserted {report.rows_inserted}, "
            f"updated {report.rows_updated}, unchanged {report.rows_unchanged}, rejected {report.rows_rejected}"
        )
        for problem in report.errors:
            print(f"  row {problem.row}, {problem.field}: {problem.message(args.lang)}", file=sys.stderr)
    return 0 if report.ok else 1


def run_compute(url: str, args: argparse.Namespace) -> int:
    from data_access.indicator_inputs import load_inputs, split_options
    from indicators import registry
    from indicators.result import NoDataError

    spec = registry.get(args.indicator)
    options = {
        name: value
        for name, value in vars(args).items()
        if name not in {"db", "command", "indicator", "format", "out"}
    }
    loader_options, compute_options = split_options(spec.id, options)
    engine = make_engine(url)
    with session_scope(engine) as session:
        inputs = load_inputs(session, spec.id, **loader_options)
    try:
        result = spec.run(inputs, **compute_options)
    except NoDataError as error:
        print(f"no data for {spec.id}: {error}", file=sys.stderr)
        return 3
    if args.format == "csv":
        text = result.output_frame.to_csv(index=False, lineterminator="\n")
    else:
        text = json.dumps(
            {
                "indicator": spec.id,
                "gbf_code": spec.metadata.gbf_code,
                "counts": dict(result.counts),
                "notes": list(result.notes),
                "data": json.loads(result.output_frame.to_json(orient="records")),
            },
            ensure_ascii=False,
            indent=2,
        )
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(with_indicators="compute" in argv).parse_args(argv)
    url = args.db or default_url()
    if args.command == "init":
        return run_init(url, args.scale, args.seed, args.if_missing)
    if args.command == "import":
        return run_import(url, args)
    if args.command == "compute":
        return run_compute(url, args)
    raise AssertionError(args.command)


if __name__ == "__main__":
    raise SystemExit(main())
