"""User accounts, roles and the append-only audit log (issue 8).

`user_account` holds local accounts (an argon2id hash, salted per password) and accounts that sign
in through the organisation's OpenID Connect provider (no hash; matched by e-mail). The read-only
database role the viewer path uses is refused access to this table and to `audit_event`.

`audit_event` is append-only: the migration adds triggers that reject UPDATE and DELETE (and, on
PostgreSQL, TRUNCATE), so not even a bug in this application can rewrite history.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base
from data_access.roles import ROLES

ROLE_CHECK = "role IN (" + ", ".join(f"'{role}'" for role in ROLES) + ")"


class UserAccount(Base):
    """One person who may sign in, with one role (viewer < analyst < steward < admin)."""

    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint(ROLE_CHECK, name="role_known"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    password_hash: Mapped[str | None] = mapped_column(Text)  # None: signs in through OpenID Connect only
    role: Mapped[str] = mapped_column(String(20), default="viewer")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    created_by: Mapped[str] = mapped_column(String(120), default="system")
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    """Who did what, when and from where; rows are only ever added (see the module docstring)."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    actor: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict | None] = mapped_column(JSON)
    origin: Mapped[str] = mapped_column(String(200), default="")
