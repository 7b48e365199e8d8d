"""Command-line sub-commands for snapshots and briefing packs (wired into cli.py).

    python cli.py [--user NAME] snapshot create NAME [--note TEXT]     (steward)
    python cli.py snapshot list
    python cli.py snapshot diff NAME [--out FILE.csv]
    python cli.py [--user NAME] snapshot delete NAME                   (steward)
    python cli.py export briefing --targets 3 CITES --lang ko --meeting "CITES CoP20" --out DIR [--snapshot NAME] [--since NAME]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy import Engine

SNAPSHOT_COMMAND = "snapshot"


def add_snapshot_parser(subparsers: argparse._SubParsersAction) -> None:
    """`snapshot create|list|diff|delete`."""
    snapshot = subparsers.add_parser("snapshot", help="freeze the indicator results behind a report under a name")
    actions = snapshot.add_subparsers(dest="snapshot_action", required=True, metavar="create|list|diff|delete")
    create = actions.add_parser("create", help="freeze every indicator's result now (steward)")
    create.add_argument("name")
    create.add_argument("--note", default="")
    actions.add_parser("list", help="the snapshots, newest first")
    diff = actions.add_parser("diff", help="every value that changed since the snapshot")
    diff.add_argument("name")
    diff.add_argument("--out", type=Path, help="write the changes as CSV here instead of standard output")
    delete = actions.add_parser("delete", help="remove a snapshot (steward)")
    delete.add_argument("name")


def add_briefing_parser(subparsers: argparse._SubParsersAction) -> None:
    """`export briefing`, added to the `export` command's sub-commands."""
    export = subparsers.choices["export"]
    kinds = next(a for a in export._actions if isinstance(a, argparse._SubParsersAction))
    kinds.metavar = f"{kinds.metavar}|briefing" if kinds.metavar else None
    briefing = kinds.add_parser("briefing", help="a DOCX and a PPTX briefing pack for a meeting")
    briefing.add_argument("--targets", nargs="+", required=True, metavar="CODE",
                          help="GBF goals/targets and/or CITES, e.g. 3 5 CITES")
    briefing.add_argument("--lang", choices=("ko", "en"), default="ko")
    briefing.add_argument("--meeting", required=True, help='e.g. "SBSTTA-27" or "CITES CoP20"')
    briefing.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the two files (created)")
    briefing.add_argument("--snapshot", metavar="NAME", help="use the results frozen in this snapshot")
    briefing.add_argument("--since", metavar="NAME", help="key messages give the change since this snapshot")
    briefing.add_argument("--no-charts", action="store_true", help="leave the chart images out (faster)")
    briefing.add_argument("--user", default="cli", help="who exports (recorded in the audit log)")


def run_snapshot_command(engine: Engine, identity, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    """Run `snapshot …` as `identity` (a data_access.identity.CliIdentity); returns the exit code."""
    from data_access.identity import cli_origin, require
    from data_access.snapshots import (
        SnapshotError,
        changes_since,
        create_snapshot,
        delete_snapshot,
        list_snapshots,
    )

    try:
        if args.snapshot_action == "create":
            require(engine, identity, "steward", "snapshot create")
            started = time.perf_counter()
            summary = create_snapshot(engine, args.name, actor=identity.username, note=args.note, origin=cli_origin())
            print(f"snapshot '{summary['name']}': {summary['indicators']} indicators at data version "
                  f"{summary['data_version']} in {time.perf_counter() - started:.1f} s"
                  + (f"; no result for {', '.join(summary['skipped'])}" if summary["skipped"] else ""))
        elif args.snapshot_action == "list":
            frame = list_snapshots(engine)
            sys.stdout.write(frame.to_csv(index=False, lineterminator="\n") if not frame.empty else "no snapshots\n")
        elif args.snapshot_action == "diff":
            changes = changes_since(engine, args.name)
            text = changes.to_csv(index=False, lineterminator="\n")
            if args.out:
                args.out.write_text(text, encoding="utf-8")
                print(f"{len(changes)} changed values written: {args.out}")
            else:
                sys.stdout.write(text)
        elif args.snapshot_action == "delete":
            require(engine, identity, "steward", "snapshot delete")
            delete_snapshot(engine, args.name, actor=identity.username, origin=cli_origin())
            print(f"snapshot '{args.name}' deleted")
    except SnapshotError as error:
        print(str(error), file=sys.stderr)
        return 1
    return 0


def run_export_briefing(engine: Engine, args: argparse.Namespace) -> int:
    """`export briefing`: writes <stem>.docx and <stem>.pptx into --out and prints their paths."""
    from data_access.identity import cli_origin
    from data_access.snapshots import SnapshotError
    from reports.briefing import build_briefing

    started = time.perf_counter()
    try:
        pack = build_briefing(engine, targets=args.targets, lang=args.lang, meeting=args.meeting,
                              snapshot=args.snapshot, since=args.since, actor=args.user, origin=cli_origin(),
                              charts=not args.no_charts)
    except (SnapshotError, ValueError) as error:
        print(str(error), file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for suffix, data in (("docx", pack.docx), ("pptx", pack.pptx)):
        path = args.out / f"{pack.stem}.{suffix}"
        path.write_bytes(data)
        print(f"written: {path} ({len(data) // 1024} kB)")
    print(f"briefing built in {time.perf_counter() - started:.1f} s")
    return 0
