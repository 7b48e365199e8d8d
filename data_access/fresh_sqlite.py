"""Build a new SQLite database beside its file and move it into place when it is complete.

The national build writes ~2.6 GB in one transaction. In WAL mode (how the dashboard opens SQLite)
every page goes to the WAL first and is copied into the file again at commit, and each page read
during the index builds is looked up in the WAL's index. Written to a sibling file with the journal
in memory and no fsync, each page is written once: about 25 % faster on 2 cores (measured: 3 M
rows and four indexes, 25.3 s in WAL mode, 19.3 s this way). The rename keeps the build
all-or-nothing: the target file is either the empty schema it was or the finished database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, func, select

from data_access.database import upgrade_schema
from data_access.models import Base

# Tables an empty schema already fills (the migrations' bookkeeping).
SCHEMA_TABLES = frozenset({"data_version", "alembic_version"})


@contextmanager
def built_aside(engine: Engine) -> Iterator[Engine]:
    """An engine to build on: for a SQLite file holding no rows, one on a sibling file with the same
    (newest) schema that replaces it when the block ends without error (and is deleted when it
    fails); otherwise `engine` itself.

    A file that holds rows (accounts made on an empty schema, say) is built in place, so nothing
    in it is lost.
    """
    target = sqlite_file(engine)
    if target is None or holds_rows(engine):
        yield engine
        return
    aside = target.with_name(f"{target.name}.building")
    _remove_with_journals(aside)
    bulk = create_engine(f"sqlite:///{aside}", connect_args={"check_same_thread": False})
    event.listen(bulk, "connect", _bulk_pragmas)
    try:
        upgrade_schema(bulk)
        yield bulk
        with bulk.connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")  # as every later connection opens it
    except BaseException:
        bulk.dispose()
        _remove_with_journals(aside)
        raise
    bulk.dispose()
    engine.dispose()  # the last connection to close checkpoints and deletes the target's WAL
    os.replace(aside, target)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)  # a leftover WAL would be replayed into the new file


def sqlite_file(engine: Engine) -> Path | None:
    """The file of a SQLite engine; None for other databases and in-memory or URI databases."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def holds_rows(engine: Engine) -> bool:
    """True when any table of the schema, besides the migrations' bookkeeping, has a row."""
    with engine.connect() as connection:
        return any(
            connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
            if table.name not in SCHEMA_TABLES
        )


def _bulk_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=MEMORY")  # rollback still works; a crash only loses the aside file
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.close()


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
