"""Who runs a command-line command, and what that role may do (issue 8).

The command line obeys the same roles as the web app. Identity comes from `--user NAME` or
`GBF_USER`; the password from `GBF_PASSWORD`, else a prompt on a terminal. Without a name the
command runs as the anonymous viewer (aggregates only, small counts suppressed). The local OS
account is *not* trusted as an identity: on a shared server many people share one OS account
or have shell access, and the audit log must name a person. Every sign-in and refusal is audited
with origin `cli:<os user>@<host>`.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import socket
import sys
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from data_access.accounts import authenticate
from data_access.audit import log_event
from data_access.database import session_scope
from data_access.roles import role_allows

ANONYMOUS = "anonymous"


class AccessDenied(PermissionError):
    """The command needs a higher role, or the sign-in failed; the message says which."""


@dataclass(frozen=True)
class CliIdentity:
    username: str
    role: str

    def allows(self, required: str) -> bool:
        return role_allows(self.role, required)


def cli_origin() -> str:
    """`cli:<os user>@<host>` — where a command-line action came from, for the audit log."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (containers): still record the host
        user = "?"
    return f"cli:{user}@{socket.gethostname()}"


def read_password(prompt: str = "Password: ", *, env: str = "GBF_PASSWORD") -> str:
    """The password from `env`, else from a prompt on a terminal; never from the command line."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise AccessDenied(f"no password: set {env} or run on a terminal")
    return getpass.getpass(prompt)


def resolve_identity(engine: Engine, username: str | None) -> CliIdentity:
    """The signed-in identity (password checked against the database) or the anonymous viewer."""
    name = (username or os.environ.get("GBF_USER") or "").strip()
    if not name:
        return CliIdentity(ANONYMOUS, "viewer")
    password = read_password(f"Password for {name}: ")
    with session_scope(engine) as session:
        signed = authenticate(session, name, password, origin=cli_origin())
    if signed is None:
        raise AccessDenied(f"sign-in refused for '{name}': wrong password, unknown or disabled account")
    return CliIdentity(signed.username, signed.role)


def require(engine: Engine, identity: CliIdentity, required: str, command: str) -> None:
    """Raise AccessDenied (after auditing the refusal) unless `identity` has `required`."""
    if identity.allows(required):
        return
    with contextlib.suppress(SQLAlchemyError):  # a database without the audit table still refuses
        log_event(engine, actor=identity.username, action="access_denied", target=command,
                  detail={"role": identity.role, "required": required}, origin=cli_origin())
    raise AccessDenied(f"'{command}' needs the {required} role; you are {identity.username} ({identity.role}). "
                       "Sign in with --user NAME (or GBF_USER) and GBF_PASSWORD.")
