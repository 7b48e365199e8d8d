"""Command-line sub-commands for accounts, the read-only role and the audit log (issue 8).

    python cli.py setup-admin NAME [--email E]              # first run: the first administrator
    python cli.py --user ADMIN users list
    python cli.py --user ADMIN users add NAME --role analyst [--email E] [--sso-only]
    python cli.py --user ADMIN users set-role NAME ROLE [--disable | --enable]
    python cli.py --user ADMIN setup-readonly-role [--role gbf_readonly]   # PostgreSQL
    python cli.py --user ADMIN audit [--action A] [--out PATH]             # CSV of the audit log

New passwords come from `GBF_NEW_PASSWORD` or a prompt (asked twice), never from the command line.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from sqlalchemy import Engine

from data_access.accounts import (
    AccountError,
    create_user,
    list_users,
    set_active,
    set_role,
    setup_first_admin,
)
from data_access.audit import ACTIONS, audit_csv, audit_log, record_event
from data_access.database import session_scope
from data_access.identity import AccessDenied, CliIdentity, cli_origin, require
from data_access.roles import ROLES
from i18n import t

COMMANDS = ("setup-admin", "users", "setup-readonly-role", "audit")


def add_access_parsers(sub: argparse._SubParsersAction) -> None:
    admin = sub.add_parser("setup-admin", help="first run: create the first administrator")
    admin.add_argument("name")
    admin.add_argument("--email")
    users = sub.add_parser("users", help="accounts and roles (admin)")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    users_sub.add_parser("list", help="list accounts (no password hashes)")
    add = users_sub.add_parser("add", help="add an account")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="viewer")
    add.add_argument("--email", help="e-mail the OpenID Connect provider reports (single sign-on)")
    add.add_argument("--display-name")
    add.add_argument("--sso-only", action="store_true", help="no local password: signs in through single sign-on")
    role = users_sub.add_parser("set-role", help="change an account's role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    active = role.add_mutually_exclusive_group()
    active.add_argument("--disable", action="store_true")
    active.add_argument("--enable", action="store_true")
    readonly = sub.add_parser("setup-readonly-role", help="PostgreSQL: create the read-only role of the viewer path")
    readonly.add_argument("--role", default="gbf_readonly")
    audit = sub.add_parser("audit", help="export the audit log as CSV (admin)")
    audit.add_argument("--action", choices=ACTIONS)
    audit.add_argument("--out", type=Path, help="write here instead of standard output")


def new_password() -> str:
    value = os.environ.get("GBF_NEW_PASSWORD")
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise AccessDenied("no new password: set GBF_NEW_PASSWORD or run on a terminal")
    first, second = getpass.getpass("New password: "), getpass.getpass("Repeat: ")
    if first != second:
        raise AccessDenied("the two passwords differ")
    return first


def run_access_command(engine: Engine, identity: CliIdentity, args: argparse.Namespace) -> int:
    """Run one of COMMANDS; AccountError and AccessDenied print a message and exit non-zero."""
    origin = cli_origin()
    try:
        if args.command == "setup-admin":
            with session_scope(engine) as session:
                account = setup_first_admin(session, args.name, new_password(), origin=origin)
                if args.email:
                    account.email = args.email.strip().lower()
            print(f"administrator '{args.name}' created")
            return 0
        require(engine, identity, "admin", args.command if args.command != "users" else f"users {args.users_command}")
        if args.command == "users":
            return _users(engine, identity, args, origin)
        if args.command == "setup-readonly-role":
            from data_access.readonly import create_readonly_role, readonly_url

            password = os.environ.get("GBF_READONLY_PASSWORD") or new_password()
            url = create_readonly_role(engine, role=args.role, password=password)
            with session_scope(engine) as session:
                record_event(session, actor=identity.username, action="setup", target=f"read-only role {args.role}",
                             origin=origin)
            print("read-only role ready; start the app with")
            print(f"  DATABASE_URL_READONLY={readonly_url(url, args.role, '***')}  (put the password where *** is)")
            return 0
        if args.command == "audit":
            with session_scope(engine) as session:
                frame = audit_log(session, action=args.action, limit=None)
                record_event(session, actor=identity.username, action="export", target="audit_log",
                             detail={"rows": len(frame), "action": args.action}, origin=origin)
            data = audit_csv(frame)
            if args.out:
                args.out.write_bytes(data)
            else:
                sys.stdout.write(data.decode("utf-8-sig"))
            return 0
    except AccountError as error:
        print(t(error.key, "en", **error.params), file=sys.stderr)
        return 1
    except (AccessDenied, ValueError) as error:
        print(str(error), file=sys.stderr)
        return 2
    raise AssertionError(args.command)


def _users(engine: Engine, identity: CliIdentity, args: argparse.Namespace, origin: str) -> int:
    if args.users_command == "list":
        with session_scope(engine) as session:
            frame = list_users(session)
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
        return 0
    with session_scope(engine) as session:
        if args.users_command == "add":
            password = None if args.sso_only else new_password()
            create_user(session, args.name, password, args.role, display_name=args.display_name, email=args.email,
                        actor=identity.username, origin=origin)
            print(f"account '{args.name}' added as {args.role}")
        elif args.users_command == "set-role":
            set_role(session, args.name, args.role, actor=identity.username, origin=origin)
            if args.disable or args.enable:
                set_active(session, args.name, bool(args.enable), actor=identity.username, origin=origin)
            print(f"account '{args.name}' is now {args.role}")
    return 0
