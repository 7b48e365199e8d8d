"""Command line: build databases, import files, compute indicators.

    python cli.py [--db URL] init [--sample | --scale national] [--if-missing]
    python cli.py [--db URL] import KIND PATH [--json] [--option key=value ...]
    python cli.py [--db URL] compute INDICATOR_ID [options] [--format csv|json] [--out PATH]
    python cli.py [--db URL] export charts|data|national-report ...   (see: export --help)
    python cli.py [--db URL] export briefing --targets 3 CITES --lang ko --meeting NAME --out DIR [--snapshot NAME]
    python cli.py [--db URL] snapshot create NAME [--note TEXT] | list | diff NAME | delete NAME

    python cli.py [--db URL] serve [--port 8501] [--address A] [-- streamlit options]   (what `make run` starts)

    python cli.py setup-admin NAME | users list|add|set-role | setup-readonly-role | audit   (accounts, issue 8)

`--db` defaults to DATABASE_URL, then to the sample SQLite file under var/. `--user NAME` (or
GBF_USER, with GBF_PASSWORD or a prompt) signs in; without it a command runs as the anonymous
viewer: `compute` output is then masked, `import` needs a steward, account commands an admin.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine

from data_access.access_commands import COMMANDS as ACCESS_COMMANDS
from data_access.access_commands import add_access_parsers, run_access_command
from data_access.database import default_url, is_initialised, make_engine, session_scope, upgrade_schema
from data_access.identity import AccessDenied, CliIdentity, cli_origin, require, resolve_identity
from indicators.result import note_text


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
    parser.add_argument("--user", dest="identity", default=None,
                        help="sign in as this account (default: GBF_USER; password: GBF_PASSWORD or a prompt); "
                             "without it commands run as the anonymous viewer")
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
    imp.add_argument("--user", default=None, help="sign in as this account (same as the global --user)")
    imp.add_argument("--lang", choices=("ko", "en"), default="en", help="language of the messages")
    imp.add_argument("--no-warm", action="store_true", help="do not store the indicators' results for the new data")

    serve = sub.add_parser("serve", help="start the dashboard, its modules loaded before the first visitor (make run)")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--address", default=None, help="address to listen on (default: Streamlit's)")
    serve.add_argument("streamlit_options", nargs=argparse.REMAINDER,
                       help="further `streamlit run` options after --, e.g. -- --server.headless true")

    from reports.batch import add_export_parser

    add_export_parser(sub)
    from reports.snapshot_commands import add_briefing_parser, add_snapshot_parser

    add_briefing_parser(sub)
    add_snapshot_parser(sub)
    add_access_parsers(sub)
    if with_indicators:
        _add_compute_parsers(sub)
    else:
        sub.add_parser("compute", help="compute an indicator from the database (see: compute --help)")
    return parser


def run_init(url: str, scale: str | None, seed: int, if_missing: bool, *, identity: CliIdentity | None = None) -> int:
    engine = make_engine(url)
    if if_missing and is_initialised(engine):
        upgrade_schema(engine)  # a database made by an older version gains the newer tables
        print(f"database already initialised: {url}")
        return 0
    if is_initialised(engine) and _has_accounts(engine):  # once people have accounts, only an admin re-initialises
        require(engine, identity or CliIdentity("anonymous", "viewer"), "admin", "init")
    started = time.perf_counter()
    upgrade_schema(engine)
    if scale is None:
        load_shipped_reference(engine)
        print(f"schema ready, with the shipped reference data (GBF framework, national targets, countries, "
              f"boundaries) and no other rows: {url}")
        return 0
    from sample_data.generator import build_database

    counts = build_database(engine, scale=scale, seed=seed)
    elapsed = time.perf_counter() - started
    print(f"{scale} database built in {elapsed:.1f} s: {url}")
    for table, count in sorted(counts.items()):
        print(f"  {table:32s} {count:>12,}")
    _warm_result_cache(engine)
    return 0


def load_shipped_reference(engine: Engine) -> None:
    """What a real deployment starts from: the reference the project ships (no sample rows). Safe
    to run again; shipped rows are refreshed, imported boundaries are left alone."""
    from data_access.database import bump_data_version
    from sample_data.reference_data import load_reference_data

    with session_scope(engine) as session:
        load_reference_data(session)
        bump_data_version(session)


def _warm_result_cache(engine: Engine, *, quiet: bool = False) -> None:
    """Store every indicator's default result for the current data version (issue 9), so the
    first visitor of the overview does not wait for the whole suite."""
    from data_access.result_cache import warm

    started = time.perf_counter()
    outcome = warm(engine)
    if not quiet:
        stored = sum(1 for status in outcome.values() if not status.startswith("error"))
        print(f"indicator results stored: {stored}/{len(outcome)} in {time.perf_counter() - started:.1f} s")


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
    identity = resolve_identity(engine, args.identity or args.user)
    require(engine, identity, "steward", "import")
    report = import_file(engine, args.kind, args.path, options=_import_options(args), user=identity.username,
                         origin=cli_origin())
    if report.ok and (report.rows_inserted or report.rows_updated) and not args.no_warm:
        _warm_result_cache(engine, quiet=True)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(
            f"{report.kind} {report.file}: read {report.rows_read}, inserted {report.rows_inserted}, "
            f"updated {report.rows_updated}, unchanged {report.rows_unchanged}, rejected {report.rows_rejected}"
        )
        for problem in report.errors:
            print(f"  {problem.message(args.lang)}", file=sys.stderr)  # the message names row and column
    return 0 if report.ok else 1


def run_compute(url: str, args: argparse.Namespace) -> int:
    from data_access.indicator_inputs import load_inputs, split_options
    from indicators import registry
    from indicators.result import NoDataError

    spec = registry.get(args.indicator)
    options = {
        name: value
        for name, value in vars(args).items()
        if name not in {"db", "command", "indicator", "format", "out", "identity"}
    }
    loader_options, compute_options = split_options(spec.id, options)
    engine = make_engine(url)
    identity = resolve_identity(engine, args.identity)
    with session_scope(engine) as session:
        inputs = load_inputs(session, spec.id, **loader_options)
    try:
        result = spec.run(inputs, **compute_options)
    except NoDataError as error:
        print(f"no data for {spec.id}: {error}", file=sys.stderr)
        return 3
    from data_access.audit import log_event
    from data_access.masking import mask_indicator_output

    output = mask_indicator_output(spec.id, result.output_frame, identity.role)
    log_event(engine, actor=identity.username, action="export", target=spec.id, origin=cli_origin(),
              detail={"role": identity.role, "format": args.format, "rows": len(output), "out": str(args.out or "-")})
    if args.format == "csv":
        text = output.to_csv(index=False, lineterminator="\n")
    else:
        text = json.dumps(
            {
                "indicator": spec.id,
                "gbf_code": spec.metadata.gbf_code,
                "counts": dict(result.counts),
                "notes": [str.__str__(note) for note in result.notes],  # English
                "notes_ko": [note_text(note, "ko") for note in result.notes],
                "data": json.loads(output.to_json(orient="records")),
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
    try:
        return _run(url, args)
    except AccessDenied as error:
        print(str(error), file=sys.stderr)
        return 2


def _has_accounts(engine: Engine) -> bool:
    from data_access.accounts import has_accounts

    with session_scope(engine) as session:
        return has_accounts(session)


def run_serve(args: argparse.Namespace) -> int:
    """`streamlit run app.py` in this process, after loading what the first page would import.

    Streamlit imports an app only when the first session runs it, so without this the first
    visitor after a restart waits seconds for the libraries (`ui.preload`).
    """
    import os

    if args.db:
        os.environ["DATABASE_URL"] = args.db
    from ui.preload import preload

    seconds = preload()
    import gc

    gc.freeze()  # what preload built lives as long as the server: later collections need not scan it
    from streamlit.runtime.pages_manager import PagesManager

    # app.py routes every page with st.navigation. Without this, Streamlit's legacy mode for apps
    # with a pages/ folder would run a shared link's page file once on its own before the first
    # run of app.py (ui.routing then reruns it through app.py).
    PagesManager.uses_pages_directory = False
    print(f"dashboard modules loaded in {sum(seconds.values()):.1f} s", flush=True)
    _warm_in_background_if_cold()
    from streamlit.web import cli as streamlit_cli

    address = ["--server.address", args.address] if args.address else []
    extra = args.streamlit_options[1:] if args.streamlit_options[:1] == ["--"] else args.streamlit_options
    options = ["--server.port", str(args.port), *address, *extra]
    sys.argv = ["streamlit", "run", str(Path(__file__).with_name("app.py")), *options]
    return int(streamlit_cli.main() or 0)  # click ends the process with the server's exit code


def _warm_in_background_if_cold() -> None:
    """After an upgrade of the dashboard (new code, same data) no stored result matches the code:
    store them again in a background thread, so the first visitors do not each compute them."""
    import threading

    from data_access.result_cache import has_current_results, warm

    try:
        engine = make_engine(default_url())
        if has_current_results(engine):
            return
    except Exception as error:  # noqa: BLE001 - a database not reachable yet: pages compute on demand
        print(f"stored results not checked: {error.__class__.__name__}", flush=True)
        return
    print("no stored results for this data version and code: storing them in the background", flush=True)
    threading.Thread(target=warm, args=(engine,), name="gbf-warm", daemon=True).start()


def _run(url: str, args: argparse.Namespace) -> int:
    if args.command == "serve":
        return run_serve(args)
    if args.command == "init":
        engine = make_engine(url)
        identity = resolve_identity(engine, args.identity) if args.identity else None
        return run_init(url, args.scale, args.seed, args.if_missing, identity=identity)
    if args.command == "import":
        return run_import(url, args)
    if args.command == "compute":
        return run_compute(url, args)
    if args.command == "export" and args.export_kind == "briefing":
        from reports.snapshot_commands import run_export_briefing

        return run_export_briefing(make_engine(url), args)
    if args.command == "snapshot":
        from reports.snapshot_commands import run_snapshot_command

        engine = make_engine(url)
        return run_snapshot_command(engine, resolve_identity(engine, args.identity), args)
    if args.command == "export":
        from reports.batch import run_export

        engine = make_engine(url)
        identity = resolve_identity(engine, args.identity or (args.user if args.user != "cli" else None))
        args.user, args.role = identity.username, identity.role  # the audit names the signed-in person
        return run_export(url, args)
    if args.command in ACCESS_COMMANDS:
        engine = make_engine(url)
        identity = resolve_identity(engine, args.identity) if args.command != "setup-admin" else CliIdentity("", "viewer")
        return run_access_command(engine, identity, args)
    raise AssertionError(args.command)


if __name__ == "__main__":
    raise SystemExit(main())
