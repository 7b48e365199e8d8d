"""The least-privilege connection of the viewer path (issue 8).

On PostgreSQL the set-up (`python cli.py setup-readonly-role`) creates a LOGIN role, by default
`gbf_readonly`, that may only SELECT from the data tables — not from `user_account` (password
hashes) nor `audit_event` — and whose sessions are read-only by default. The app then reads
through `DATABASE_URL_READONLY` (that role's URL). Without that setting the app still reads
through connections opened with `default_transaction_read_only=on` (on SQLite `PRAGMA
query_only`), which stops accidental writes but is not a privilege boundary: set
`DATABASE_URL_READONLY` in production.

No SQL here is assembled from user text: role names must match IDENTIFIER, and PostgreSQL's own
`format(%I, %L)` quotes the name and the password.
"""

from __future__ import annotations

import os
import re

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from data_access.database import make_engine, normalise_url

READONLY_ROLE = "gbf_readonly"
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Tables the read-only role may not read at all.
PRIVATE_TABLES: tuple[str, ...] = ("user_account", "audit_event")


class ReadOnlySetupError(ValueError):
    """The read-only role cannot be created (not PostgreSQL, or an invalid role name)."""


def readonly_url_setting() -> str | None:
    """`DATABASE_URL_READONLY` when set: the URL of the read-only role."""
    return os.environ.get("DATABASE_URL_READONLY") or None


def make_readonly_engine(url: str) -> Engine:
    """An engine whose connections cannot write: PostgreSQL sessions default to read-only
    transactions; SQLite connections run with `PRAGMA query_only = ON`."""
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = make_engine(url)

        @event.listens_for(engine, "connect")
        def _query_only(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA query_only = ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, connect_args={"options": "-c default_transaction_read_only=on"})


def readonly_url(url: str, role: str, password: str) -> str:
    """`url` with the read-only role's name and password instead of its own."""
    return make_url(normalise_url(url)).set(username=role, password=password).render_as_string(hide_password=False)


def create_readonly_role(engine: Engine, *, role: str = READONLY_ROLE, password: str) -> str:
    """Create (or update) the read-only LOGIN role and its grants; returns its URL.

    Grants: CONNECT on this database, USAGE on schema public, SELECT on every table (and on
    tables created later by the same owner), nothing on PRIVATE_TABLES; sessions read-only.
    """
    if engine.dialect.name != "postgresql":
        raise ReadOnlySetupError("a read-only role is a PostgreSQL feature; SQLite files are protected by file permissions")
    if not IDENTIFIER.match(role):
        raise ReadOnlySetupError(f"invalid role name '{role}' (lower-case letters, digits and _)")
    if len(password or "") < 12:
        raise ReadOnlySetupError("the read-only role's password must have at least 12 characters")
    with engine.begin() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        verb = "ALTER" if exists else "CREATE"
        statements = [
            connection.scalar(text(f"SELECT format('{verb} ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                                   "PASSWORD %L', CAST(:r AS text), CAST(:p AS text))"), {"r": role, "p": password}),
            connection.scalar(text("SELECT format('ALTER ROLE %I SET default_transaction_read_only = on', "
                                   "CAST(:r AS text))"), {"r": role}),
            connection.scalar(text("SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), "
                                   "CAST(:r AS text))"), {"r": role}),
            connection.scalar(text("SELECT format('GRANT USAGE ON SCHEMA public TO %I', CAST(:r AS text))"), {"r": role}),
            connection.scalar(text("SELECT format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I', "
                                   "CAST(:r AS text))"), {"r": role}),
            connection.scalar(text("SELECT format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES "
                                   "TO %I', CAST(:r AS text))"), {"r": role}),
        ]
        for table in PRIVATE_TABLES:
            statements.append(connection.scalar(
                text("SELECT format('REVOKE ALL ON TABLE %I FROM %I', CAST(:t AS text), CAST(:r AS text))"),
                {"t": table, "r": role},
            ))
        driver = connection.connection.driver_connection  # no parameters: a '%' in a password is not a placeholder
        for statement in statements:
            driver.execute(statement)  # type: ignore[union-attr]
    return readonly_url(str(engine.url.render_as_string(hide_password=False)), role, password)
