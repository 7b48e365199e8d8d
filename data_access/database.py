"""Engine, sessions and schema set-up for SQLite (embedded default) and PostgreSQL + PostGIS.

The URL comes from `--db`, then `DATABASE_URL`, then the sample SQLite file under `var/`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from data_access.models import DataVersion

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "gbf_sample.sqlite"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def default_url() -> str:
    """`DATABASE_URL` if set, else the embedded sample SQLite file."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for bare postgresql:// URLs (what most deployments write)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for the URL; SQLite gets foreign keys, WAL and a parent folder; PostgreSQL no JIT."""
    url = normalise_url(url or default_url())
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and "options" not in parsed.query:
        # PostgreSQL JIT-compiles a query whose estimated cost is high; for the dashboard's short
        # aggregations compiling cost more than it saved (up to 1.5 s measured on one loader).
        return create_engine(url, pool_pre_ping=True, connect_args={"options": "-c jit=off"})
    return create_engine(url, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed together or not at all."""
    session = session_factory(engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade_schema(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates every table on an empty database)."""
    command.upgrade(alembic_config(engine), "head")


def is_initialised(engine: Engine) -> bool:
    """True when the schema exists (the data-version row is written by the first migration)."""
    from sqlalchemy import inspect

    return inspect(engine).has_table("data_version")


def data_version(session: Session) -> int:
    """The counter that every import, edit and rollback bumps; caches key on it."""
    return session.scalar(select(DataVersion.version).where(DataVersion.id == 1)) or 0


def bump_data_version(session: Session) -> int:
    row = session.get(DataVersion, 1)
    if row is None:
        row = DataVersion(id=1, version=0)
        session.add(row)
    row.version += 1
    session.flush()
    return row.version
