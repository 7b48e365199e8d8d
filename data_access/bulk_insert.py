"""Fast bulk loading of many rows on SQLite and PostgreSQL, inside the caller's transaction.

The ORM costs ~50 µs per row; the sample generator writes millions of rows, so it goes to the
driver directly: `executemany` of plain tuples on SQLite (the engine already set WAL and
`synchronous=NORMAL`) and `COPY ... FROM STDIN` on PostgreSQL (psycopg 3). Both run on the
session's own DBAPI connection, so the rows commit or roll back with the rest of the session.

Rows come either as an iterable of tuples (already Python values) or as columns: a mapping from
column name to a numpy array or list. Columns are converted chunk by chunk, driven by the SQL type
of the target column, so memory stays bounded and no per-row Python objects are built beyond
the tuple stream:

| SQL type   | accepted input                                   | written as (SQLite / PostgreSQL)     |
|------------|--------------------------------------------------|--------------------------------------|
| Integer    | int array; float array with NaN for NULL; objects | int or None                          |
| Float      | float array (NaN → NULL)                         | float or None                        |
| Boolean    | bool array                                       | bool                                 |
| Date       | datetime64 array (NaT → NULL), dates, ISO text   | 'YYYY-MM-DD' text                    |
| DateTime   | datetime objects                                 | SQLAlchemy's text format / datetime  |
| Geometry   | shapely geometries (WGS84)                       | WKB bytes / hex EWKB with SRID 4326  |
| JSON       | dicts/lists                                      | JSON text                            |
| other      | str array or objects (None for NULL)             | unchanged                            |

Explicit ids are allowed (the generator assigns them to build foreign keys without round
trips); on PostgreSQL the id sequence is moved past the largest id afterwards.

Helpers for big loads: `deferred_indexes` (drop secondary indexes, and foreign keys on
PostgreSQL, then rebuild them once), `bulk_load_settings` (page cache / maintenance memory for
the load) and `prepare_rows` (convert in a producer thread, insert with `prepared=True`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import shapely
from sqlalchemy import JSON, Boolean, Connection, Date, DateTime, Float, Integer, Table
from sqlalchemy.orm import Session

from data_access.geometry import WGS84, Geometry

DEFAULT_CHUNK = 50_000

Converter = Callable[[Any], list[Any]]


def insert_rows(
    target: Session | Connection,
    table: Table | type,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]] | Mapping[str, Any],
    *,
    chunk: int = DEFAULT_CHUNK,
    prepared: bool = False,
) -> int:
    """Insert rows into `table` through the raw driver and return how many were written.

    `rows` is an iterable of tuples in `columns` order, or a mapping column → array/list (all of
    the same length). Works inside the transaction of `target` (a Session or a Connection).
    `prepared=True` says the tuples already come from `prepare_rows` (no conversion at all).
    """
    sa_table = _as_table(table)
    connection = target.connection() if isinstance(target, Session) else target
    if isinstance(target, Session):
        target.flush()
    dialect = connection.dialect.name
    converters = [_converter(sa_table.c[name].type, dialect) for name in columns]
    if prepared:
        batches = _prepared_batches(rows, chunk)  # type: ignore[arg-type]
    elif isinstance(rows, Mapping):
        batches = _column_batches(rows, columns, converters, chunk)
    else:
        batches = _tuple_batches(rows, columns, converters, chunk, sa_table)
    dbapi_connection = connection.connection.dbapi_connection
    if dialect == "postgresql":
        written = _copy_postgresql(dbapi_connection, sa_table.name, columns, batches)
        if "id" in columns and written:
            sync_id_sequence(connection, sa_table.name)
    else:
        written = _executemany(dbapi_connection, sa_table.name, columns, batches)
    return written


@contextmanager
def deferred_indexes(target: Session | Connection, table: Table | type) -> Iterator[None]:
    """Drop a table's secondary indexes (and, on PostgreSQL, its foreign keys) for a bulk load.

    They are recreated from their own definitions on exit, inside the same transaction, so a
    failure rolls everything back. Rebuilding an index once is several times faster than
    maintaining it row by row, and PostgreSQL validates a re-added foreign key with one join
    instead of one trigger call per row. Unique and primary-key indexes stay in place.
    """
    connection = target.connection() if isinstance(target, Session) else target
    if isinstance(target, Session):
        target.flush()
    name = _as_table(table).name
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        if connection.dialect.name == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = %s AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
                (name,),
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
                (name,),
            )
            foreign_keys = cursor.fetchall()
            for constraint, _ in foreign_keys:
                cursor.execute(f"ALTER TABLE {_quote(name)} DROP CONSTRAINT {_quote(constraint)}")
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
                (name,),
            )
            indexes = cursor.fetchall()
            foreign_keys = []
        for index, _ in indexes:
            cursor.execute(f"DROP INDEX {_quote(index)}")
    finally:
        cursor.close()
    yield
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        for _, definition in indexes:
            cursor.execute(definition)
        for constraint, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {_quote(name)} ADD CONSTRAINT {_quote(constraint)} {definition}")
    finally:
        cursor.close()


@contextmanager
def bulk_load_settings(target: Session | Connection, *, sqlite_cache_mb: int = 256) -> Iterator[None]:
    """Connection settings for a large load, restored afterwards.

    SQLite: a bigger page cache, so a long transaction does not keep spilling dirty index pages
    to the WAL (about 25 % faster for millions of rows). PostgreSQL: more memory for index
    rebuilds and no wait for the WAL flush at commit; both are session settings a normal user may set.
    """
    connection = target.connection() if isinstance(target, Session) else target
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        if connection.dialect.name == "postgresql":
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
            previous = None
        else:
            previous = cursor.execute("PRAGMA cache_size").fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = -{int(sqlite_cache_mb) * 1024}")
    finally:
        cursor.close()
    try:
        yield
    finally:
        if previous is not None:
            cursor = connection.connection.dbapi_connection.cursor()
            try:
                cursor.execute(f"PRAGMA cache_size = {int(previous)}")
            finally:
                cursor.close()


def sync_id_sequence(connection: Connection, table_name: str) -> None:
    """Move a PostgreSQL serial sequence past the largest id (explicit ids do not advance it)."""
    if connection.dialect.name != "postgresql":
        return
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {_quote(table_name)}), 0) + 1, false)"
        )
    finally:
        cursor.close()


# --- drivers ---------------------------------------------------------------------------------


def _executemany(dbapi_connection: Any, table: str, columns: Sequence[str], batches: Iterator[list[tuple]]) -> int:
    placeholders = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {_quote(table)} ({', '.join(map(_quote, columns))}) VALUES ({placeholders})"
    cursor = dbapi_connection.cursor()
    written = 0
    try:
        for batch in batches:
            cursor.executemany(sql, batch)
            written += len(batch)
    finally:
        cursor.close()
    return written


def _copy_postgresql(dbapi_connection: Any, table: str, columns: Sequence[str], batches: Iterator[list[tuple]]) -> int:
    sql = f"COPY {_quote(table)} ({', '.join(map(_quote, columns))}) FROM STDIN"
    written = 0
    with dbapi_connection.cursor() as cursor, cursor.copy(sql) as copy:
        for batch in batches:
            for row in batch:
                copy.write_row(row)
            written += len(batch)
    return written


# --- batching --------------------------------------------------------------------------------


def _column_batches(
    columns_data: Mapping[str, Any], columns: Sequence[str], converters: list[Converter], chunk: int
) -> Iterator[list[tuple]]:
    arrays = [columns_data[name] for name in columns]
    lengths = {len(array) for array in arrays}
    if len(lengths) > 1:
        raise ValueError(f"columns have different lengths: {dict(zip(columns, map(len, arrays), strict=True))}")
    total = lengths.pop() if lengths else 0
    for start in range(0, total, chunk):
        stop = min(start + chunk, total)
        lists = [convert(array[start:stop]) for convert, array in zip(converters, arrays, strict=True)]
        yield list(zip(*lists, strict=True))


def prepare_rows(table: Table | type, columns: Sequence[str], data: Mapping[str, Any], dialect: str) -> list[tuple]:
    """Driver-ready tuples for columnar data, as insert_rows would make them.

    Lets a producer thread do the conversion while the connection's thread inserts the previous
    batch (`insert_rows(..., prepared=True)`); the drivers release the GIL while they write.
    """
    sa_table = _as_table(table)
    converters = [_converter(sa_table.c[name].type, dialect) for name in columns]
    total = len(data[columns[0]]) if columns else 0
    return [row for batch in _column_batches(data, columns, converters, max(total, 1)) for row in batch]


def _prepared_batches(rows: Iterable[tuple], chunk: int) -> Iterator[list[tuple]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, chunk)):
        yield batch


def _tuple_batches(
    rows: Iterable[Sequence[Any]], columns: Sequence[str], converters: list[Converter], chunk: int, table: Table
) -> Iterator[list[tuple]]:
    # Tuples hold Python values already; only geometry, date and JSON columns need converting.
    needs = [i for i, name in enumerate(columns) if isinstance(table.c[name].type, Geometry | Date | DateTime | JSON)]
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, chunk)):
        if needs:
            transposed = list(map(list, zip(*batch, strict=True)))
            for i in needs:
                transposed[i] = converters[i](transposed[i])
            yield list(zip(*transposed, strict=True))
        else:
            yield [tuple(row) for row in batch]


# --- value conversion ------------------------------------------------------------------------


def _converter(sql_type: Any, dialect: str) -> Converter:
    """The function that turns one column slice into a list of driver-ready Python values."""
    if isinstance(sql_type, Geometry):
        return _geometry_postgresql if dialect == "postgresql" else _geometry_sqlite
    if isinstance(sql_type, Boolean):
        return _booleans
    if isinstance(sql_type, Integer):
        return _integers
    if isinstance(sql_type, Float):
        return _floats
    if isinstance(sql_type, DateTime):
        return _datetimes_postgresql if dialect == "postgresql" else _datetimes_sqlite
    if isinstance(sql_type, Date):
        return _dates
    if isinstance(sql_type, JSON):
        return _json
    return _plain


def _plain(values: Any) -> list[Any]:
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def _integers(values: Any) -> list[Any]:
    if isinstance(values, np.ndarray) and values.dtype.kind in "iub":
        return values.tolist()
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        missing = np.isnan(values)
        if not missing.any():
            return values.astype(np.int64).tolist()
        out = np.full(len(values), None, dtype=object)
        out[~missing] = values[~missing].astype(np.int64).tolist()
        return out.tolist()
    return [None if v is None or v != v else int(v) for v in _plain(values)]


def _floats(values: Any) -> list[Any]:
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        missing = np.isnan(values) if values.dtype.kind == "f" else None
        if missing is None or not missing.any():
            return values.astype(float).tolist()
        out = values.astype(object)
        out[missing] = None
        return out.tolist()
    return [None if v is None or v != v else float(v) for v in _plain(values)]


def _booleans(values: Any) -> list[Any]:
    if isinstance(values, np.ndarray) and values.dtype.kind == "b":
        return values.tolist()
    return [None if v is None else bool(v) for v in _plain(values)]


def _dates(values: Any) -> list[Any]:
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        days = values.astype("datetime64[D]")
        text = np.datetime_as_string(days, unit="D").astype(object)
        text[np.isnat(days)] = None
        return text.tolist()
    return [None if v is None else (v.isoformat() if isinstance(v, dt.date) else str(v)) for v in _plain(values)]


def _datetimes_sqlite(values: Any) -> list[Any]:
    # SQLAlchemy's SQLite DateTime storage format, so the ORM reads the values back.
    return [None if v is None else v.strftime("%Y-%m-%d %H:%M:%S.%f") for v in _plain(values)]


def _datetimes_postgresql(values: Any) -> list[Any]:
    return _plain(values)


def _json(values: Any) -> list[Any]:
    return [None if v is None else json.dumps(v, ensure_ascii=False) for v in _plain(values)]


def _geometry_sqlite(values: Any) -> list[Any]:
    return [None if g is None else shapely.to_wkb(g) for g in _plain(values)]


def _geometry_postgresql(values: Any) -> list[Any]:
    # Hex EWKB carries the SRID, which the geometry(…, 4326) column requires.
    return [
        None if g is None else shapely.to_wkb(shapely.set_srid(g, WGS84), hex=True, include_srid=True)
        for g in _plain(values)
    ]


def _as_table(table: Table | type) -> Table:
    if isinstance(table, Table):
        return table
    return table.__table__  # type: ignore[attr-defined, no-any-return]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
