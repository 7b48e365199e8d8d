"""The admin page's audit log, one page of entries at a time.

The log only grows (every sign-in, import, export and account change adds a row), so the page
never reads all of it: it counts the entries of the chosen action and reads the page shown,
newest first. The CSV export reads the whole filtered log when the button is clicked
(`data_access.audit.audit_log`), not on every render.
"""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models.access import AuditEvent

AUDIT_PAGE_ROWS = 100  # entries per page: a screenful, and a query that stays milliseconds
COLUMNS = ["id", "occurred_at", "actor", "action", "target", "detail", "origin"]


def audit_event_count(session: Session, *, action: str | None = None) -> int:
    """How many entries the log holds (of one action when given; a bound parameter)."""
    statement = select(func.count()).select_from(AuditEvent)
    if action:
        statement = statement.where(AuditEvent.action == action)
    return int(session.scalar(statement) or 0)


def audit_page_count(total: int, rows: int = AUDIT_PAGE_ROWS) -> int:
    """Pages needed for `total` entries (at least one, so an empty log still has page 1).

    >>> audit_page_count(0), audit_page_count(100), audit_page_count(101)
    (1, 1, 2)
    """
    return max(1, -(-total // rows))


def audit_log_page(
    session: Session, *, action: str | None = None, page: int = 1, rows: int = AUDIT_PAGE_ROWS
) -> pd.DataFrame:
    """Entries of page `page` (1 = the newest `rows` entries), as `data_access.audit.audit_log`
    returns them (same columns, detail as JSON text)."""
    statement = select(
        AuditEvent.id,
        AuditEvent.occurred_at,
        AuditEvent.actor,
        AuditEvent.action,
        AuditEvent.target,
        AuditEvent.detail,
        AuditEvent.origin,
    ).order_by(AuditEvent.id.desc())
    if action:
        statement = statement.where(AuditEvent.action == action)
    statement = statement.offset((max(1, int(page)) - 1) * rows).limit(rows)
    frame = pd.DataFrame(session.execute(statement).all(), columns=COLUMNS)
    frame["detail"] = frame["detail"].map(
        lambda d: ""
        if d is None
        else json.dumps(d if not isinstance(d, str) else json.loads(d), ensure_ascii=False)
    )
    return frame
