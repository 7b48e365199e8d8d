"""The append-only audit log: who did what, when, from where (issue 8).

Every login (and refused login), import, rollback, edit, status override, snapshot, export and
account change adds one `audit_event` row. The database refuses UPDATE and DELETE on that table
(triggers of migration 0003), so entries can be read and exported but never changed.

    >>> with session_scope(engine) as session:  # doctest: +SKIP
    ...     record_event(session, actor="kim", action="import", target="species.csv", origin="cli")
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from data_access.models.access import AuditEvent

# The actions the application writes, one line each (the admin page filters on them).
ACTIONS: tuple[str, ...] = (
    "login",            # a successful sign-in (web form, OpenID Connect or command line)
    "login_failed",     # a refused sign-in: unknown user, wrong password or inactive account
    "logout",           # a sign-out from the web app
    "import",           # a committed file import (not dry runs)
    "rollback",         # an import batch rolled back
    "edit",             # a record changed by hand (e.g. NBSAP progress)
    "override",         # a progress status set by staff
    "snapshot",         # a named snapshot of report data
    "export",           # a download or command-line export
    "user_add",         # an account created
    "role_change",      # an account's role or active flag changed
    "password_change",  # an account's password set or reset
    "setup",            # first-run administrator, read-only database role
    "access_denied",    # a page, export or command refused for the role
)


def _json_safe(detail: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Detail as plain JSON (dates and numpy numbers become strings), so any backend stores it."""
    if detail is None:
        return None
    return json.loads(json.dumps(dict(detail), default=str, ensure_ascii=False))


def record_event(
    session: Session,
    *,
    actor: str,
    action: str,
    target: str = "",
    detail: Mapping[str, Any] | None = None,
    origin: str = "",
) -> None:
    """Append one audit entry in the caller's transaction (action e.g. login, import, edit,
    override, snapshot, export; origin e.g. "cli", "web:<ip>").

    Being in the caller's transaction is the point: an import that rolls back leaves no entry
    claiming it happened, and a committed one cannot lose its entry.
    """
    session.add(
        AuditEvent(
            occurred_at=dt.datetime.now(dt.UTC),
            actor=(actor or "anonymous")[:200],
            action=action[:40],
            target=str(target or "")[:2000],
            detail=_json_safe(detail),
            origin=(origin or "")[:200],
        )
    )
    session.flush()


def log_event(engine: Engine, **event: Any) -> None:
    """`record_event` in a transaction of its own (for events with no other writes: logins, exports)."""
    with Session(engine) as session, session.begin():
        record_event(session, **event)


def audit_log(
    session: Session,
    *,
    action: str | None = None,
    actor: str | None = None,
    since: dt.datetime | None = None,
    limit: int | None = 5000,
) -> pd.DataFrame:
    """The newest entries first, optionally one action, one actor (exact match) or since a time.

    Filters are bound parameters, never pasted into SQL.
    """
    statement = select(
        AuditEvent.id, AuditEvent.occurred_at, AuditEvent.actor, AuditEvent.action,
        AuditEvent.target, AuditEvent.detail, AuditEvent.origin,
    ).order_by(AuditEvent.id.desc())
    if action:
        statement = statement.where(AuditEvent.action == action)
    if actor:
        statement = statement.where(AuditEvent.actor == actor)
    if since is not None:
        statement = statement.where(AuditEvent.occurred_at >= since)
    if limit is not None:
        statement = statement.limit(limit)
    rows = session.execute(statement).all()
    frame = pd.DataFrame(rows, columns=["id", "occurred_at", "actor", "action", "target", "detail", "origin"])
    frame["detail"] = frame["detail"].map(
        lambda d: "" if d is None else json.dumps(d if not isinstance(d, str) else json.loads(d), ensure_ascii=False)
    )
    return frame


def audit_csv(frame: pd.DataFrame) -> bytes:
    """The audit log as CSV (UTF-8 with BOM so Excel shows Korean), for the admin export."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")
