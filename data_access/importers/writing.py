"""The idempotent upsert every importer shares: stage, compare, write, remember, roll back.

An import first copies its validated rows into a temporary *stage* table (executemany through the
raw DBAPI cursor on SQLite, COPY on PostgreSQL), one stage per target table. Set-based SQL then
finds each row's existing twin by its natural key, marks rows whose values differ, inserts the new
ones and updates the changed ones (setting their `batch_id`), all in the caller's transaction.
Re-importing a file therefore changes nothing, and a corrected file touches only the rows it
corrects.

Before a row is updated its previous values are copied, in SQL, into `import_prior_value` (one
JSON object per row, geometry as WKB hex), so `rollback` can restore updated rows and delete
inserted ones whatever the size of the import; a successful rollback deletes them again (they
can never be used twice: a rolled-back batch cannot be rolled back again). Child sets without their own `batch_id`
(population counts, action-to-target links) are replaced per parent and their previous contents
are kept the same way, keyed on the parent id.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Connection, Table, insert, select, update
from sqlalchemy.types import Boolean, Date, DateTime, Float, Integer

from data_access.geometry import Geometry
from data_access.models import ImportBatch

STAGE_BATCH = 50_000
_counter = itertools.count(1)

UNCHANGED, UPDATED, INSERTED = 0, 1, 2


def q(name: str) -> str:
    """A quoted SQL identifier (columns such as `year`, `key`, `value` are keywords somewhere)."""
    return '"' + name.replace('"', '""') + '"'


def is_postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def _distinct(conn: Connection) -> str:
    return "IS DISTINCT FROM" if is_postgres(conn) else "IS NOT"


@dataclass(frozen=True)
class Ref:
    """A foreign key the stage resolves by natural key: `column` ← `table`.id matched on `match`.

    `match` pairs (column in the referenced table, column in the stage). Unresolved non-empty
    references are errors when `required`.
    """

    column: str
    table: Table
    match: tuple[tuple[str, str], ...]
    required: bool = True


class _TempTable:
    """A temporary table in the import's connection, filled through the raw DBAPI cursor."""

    conn: Connection
    target: Table
    name: str
    refs: list[Ref]

    def _insert_rows(self, names: list[str], rows: list[tuple[Any, ...]]) -> None:
        raw = self.conn.connection.driver_connection
        cursor = raw.cursor()  # type: ignore[union-attr]
        columns = ", ".join(q(n) for n in names)
        try:
            if is_postgres(self.conn):
                with cursor.copy(f"COPY {self.name} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in names)
                sql = f"INSERT INTO {self.name} ({columns}) VALUES ({marks})"
                for start in range(0, len(rows), STAGE_BATCH):
                    cursor.executemany(sql, rows[start : start + STAGE_BATCH])
        finally:
            cursor.close()

    def index(self, columns: Sequence[str]) -> None:
        cols = ", ".join(q(c) for c in columns)
        self.conn.exec_driver_sql(f"CREATE INDEX {self.name}_ix{next(_counter)} ON {self.name} ({cols})")

    def analyze(self) -> None:
        """PostgreSQL never auto-analyzes temp tables, and a freshly filled target may have no
        statistics either; without them the planner loops over whole tables per staged row."""
        if is_postgres(self.conn):
            self.conn.exec_driver_sql(f"ANALYZE {self.name}")
            self.conn.exec_driver_sql(f"ANALYZE {self.target.name}")

    def _fill_from(self, column: str, table: str, pairs: Sequence[tuple[str, str]], where: str) -> None:
        """Set `column` to the id of the row of `table` matching `pairs` (its column, stage column)."""
        if is_postgres(self.conn):
            cond = " AND ".join(f"r.{q(rc)} = s.{q(sc)}" for rc, sc in pairs)
            self.conn.exec_driver_sql(
                f"UPDATE {self.name} AS s SET {q(column)} = r.id FROM {table} r WHERE {cond} AND "
                + where.replace("{s}", "s.")
            )
            return
        cond = " AND ".join(f"r.{q(rc)} = {self.name}.{q(sc)}" for rc, sc in pairs)
        self.conn.exec_driver_sql(
            f"UPDATE {self.name} SET {q(column)} = (SELECT MIN(r.id) FROM {table} r WHERE {cond}) WHERE "
            + where.replace("{s}", "")
        )

    def resolve_refs(self) -> list[tuple[int, str, str]]:
        """Fill foreign keys from natural keys; (src_row, ref column, value) for unresolved ones."""
        missing: list[tuple[int, str, str]] = []
        for ref in self.refs:
            present = " AND ".join(f"{q(sc)} IS NOT NULL" for _, sc in ref.match)
            where = " AND ".join([f"{{s}}{q(ref.column)} IS NULL", *(f"{{s}}{q(sc)} IS NOT NULL" for _, sc in ref.match)])
            self._fill_from(ref.column, ref.table.name, ref.match, where)
            if ref.required:
                shown = " || ' / ' || ".join(f"CAST({q(sc)} AS TEXT)" for _, sc in ref.match)
                result = self.conn.exec_driver_sql(
                    f"SELECT src_row, {shown} FROM {self.name} WHERE {q(ref.column)} IS NULL AND {present} ORDER BY src_row"
                )
                missing += [(row, ref.column, value) for row, value in result]
        return missing

    def drop(self) -> None:
        self.conn.exec_driver_sql(f"DROP TABLE IF EXISTS {self.name}")


class Stage(_TempTable):
    """A temporary table holding what one import wants `target` to contain.

    `columns` are target columns the import sets (keys included); `extra` are stage-only text or
    integer columns that refs read. With `consistent_duplicates`, several file rows may describe
    the same record (a permit repeated on each of its lines) provided they agree.
    """

    def __init__(
        self,
        conn: Connection,
        target: Table,
        *,
        columns: Sequence[str],
        keys: Sequence[str],
        alt_keys: Sequence[Sequence[str]] = (),
        refs: Sequence[Ref] = (),
        extra: Sequence[tuple[str, str]] = (),
        consistent_duplicates: bool = False,
        compare: Sequence[str] | None = None,
        label: str | None = None,
        constants: Mapping[str, Callable[[Connection], Any]] | None = None,
    ) -> None:
        self.conn = conn
        self.target = target
        self.columns = list(columns)
        self.keys = list(keys)
        self.alt_keys = [list(k) for k in alt_keys]
        self.refs = list(refs)
        self.extra = list(extra)
        self.consistent_duplicates = consistent_duplicates
        self.compare = list(compare) if compare is not None else [c for c in self.columns if c not in self.keys]
        self.label = label or target.name
        self.name = f"imp_stage_{target.name}_{next(_counter)}"
        # Columns whose value is the same for every row and known only once earlier steps ran
        # (e.g. the id of the dataset row this import wrote): computed once, never staged per row.
        self.constant_getters = dict(constants or {})
        self.constant_values: dict[str, Any] = {}
        # Python-side column defaults (SQLAlchemy `default=`) the raw INSERT must supply itself.
        self.defaults = {
            column.name: column.default.arg
            for column in target.columns
            if column.name not in self.columns and column.name not in ("id", "batch_id")
            and column.default is not None and getattr(column.default, "is_scalar", False)
        }
        self.rows = 0
        self._create()

    # ------------------------------------------------------------------ set-up and loading

    def _sql_type(self, column: str) -> str:
        col_type = self.target.c[column].type
        if isinstance(col_type, Geometry):
            return "BYTEA" if is_postgres(self.conn) else "BLOB"
        return col_type.compile(dialect=self.conn.dialect)

    def _create(self) -> None:
        parts = ["src_row BIGINT NOT NULL"]
        parts += [f"{q(c)} {self._sql_type(c)}" for c in self.columns if c not in self.constant_getters]
        parts += [f"{q(c)} {kind}" for c, kind in self.extra]
        parts += ["target_id INTEGER", "changed INTEGER NOT NULL DEFAULT 0", "own_changed INTEGER NOT NULL DEFAULT 0"]
        suffix = " ON COMMIT DROP" if is_postgres(self.conn) else ""
        self.conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {self.name} ({', '.join(parts)}){suffix}")

    @property
    def data_columns(self) -> list[str]:
        staged = [c for c in self.columns if c not in self.constant_getters]
        return ["src_row", *staged, *(c for c, _ in self.extra)]

    def resolve_constants(self) -> None:
        self.constant_values = {name: getter(self.conn) for name, getter in self.constant_getters.items()}

    def _staged_or_constant(self, column: str, alias: str) -> str:
        """SQL for a column's new value: the stage column, or a constant as a literal."""
        if column in self.constant_values:
            return _literal(self.constant_values[column])
        value = f"{alias}.{q(column)}"
        if isinstance(self.target.c[column].type, Geometry) and is_postgres(self.conn):
            return f"ST_GeomFromWKB({value}, 4326)"
        return value

    def target_is_empty(self) -> bool:
        return self.conn.exec_driver_sql(f"SELECT 1 FROM {self.target.name} LIMIT 1").first() is None

    def add(self, frame: pd.DataFrame) -> None:
        """Append rows: `frame` has `src_row` and any of the stage's columns (missing = NULL)."""
        if frame.empty:
            return
        names = self.data_columns
        values = [self._db_values(name, frame[name] if name in frame.columns else None, len(frame)) for name in names]
        rows = list(zip(*values, strict=True))
        self._insert_rows(names, rows)
        self.rows += len(rows)

    def _db_values(self, name: str, series: pd.Series | None, length: int) -> list[Any]:
        """One column as plain Python values for the driver, converted column-wise (no per-cell calls)."""
        if series is None:
            return [None] * length
        col_type = self.target.c[name].type if name in self.target.c else None
        if isinstance(col_type, Geometry):
            geoms = series.to_numpy(dtype=object)
            return [None if g is None else bytes(g) for g in shapely.to_wkb(geoms)] if length else []
        values = python_values(series, sqlite_dates=isinstance(col_type, Date) and not is_postgres(self.conn))
        if isinstance(col_type, Integer) and not isinstance(col_type, Boolean):
            # Ids that passed through a float column (NaN for "none") must reach the driver as ints:
            # PostgreSQL's COPY refuses "4.0" for an integer.
            return [int(v) if isinstance(v, float) else v for v in values]
        return values

    def resolve_targets(self) -> None:
        """Find each staged row's existing twin by its key (then by each alternative key)."""
        if self.target_is_empty():
            return
        self.analyze()
        for keys in [self.keys, *self.alt_keys]:
            where = " AND ".join(["{s}target_id IS NULL", *(f"{{s}}{q(k)} IS NOT NULL" for k in keys)])
            self._fill_from("target_id", self.target.name, [(k, k) for k in keys], where)

    def duplicate_rows(self) -> list[tuple[int, str]]:
        """(src_row, key text) of rows that repeat a key (inconsistently, if repeats are allowed)."""
        keys = ", ".join(q(k) for k in self.keys)
        shown = " || ' / ' || ".join(f"CAST(s.{q(k)} AS TEXT)" for k in self.keys)
        if self.consistent_duplicates:
            cols = ", ".join(
                q(c) for c in [*self.keys, *self.compare]
                if not isinstance(self.target.c[c].type, Geometry) and c not in self.constant_getters
            )
            dup = f"SELECT {keys} FROM (SELECT DISTINCT {cols} FROM {self.name}) d GROUP BY {keys} HAVING COUNT(*) > 1"
        else:
            dup = f"SELECT {keys} FROM {self.name} GROUP BY {keys} HAVING COUNT(*) > 1"
        join = " AND ".join(f"s.{q(k)} = d.{q(k)}" for k in self.keys)
        result = self.conn.exec_driver_sql(
            f"SELECT s.src_row, {shown} FROM {self.name} s JOIN ({dup}) d ON {join} ORDER BY s.src_row"
        )
        rows = list(result)
        if not self.alt_keys:
            return rows
        # Two different keys that found the same existing row (e.g. a KTSN and a name) collide too.
        result = self.conn.exec_driver_sql(
            f"SELECT s.src_row, CAST(s.target_id AS TEXT) FROM {self.name} s WHERE s.target_id IN ("
            f"SELECT target_id FROM (SELECT DISTINCT target_id, {keys} FROM {self.name} WHERE target_id IS NOT NULL) x "
            f"GROUP BY target_id HAVING COUNT(*) > 1) ORDER BY s.src_row"
        )
        return rows + list(result)

    def classify(self) -> None:
        """Mark rows whose existing twin differs in any compared column."""
        if not self.compare:
            return
        distinct = _distinct(self.conn)
        terms = [f"t.{q(c)} {distinct} {self._staged_or_constant(c, self.name)}" for c in self.compare]
        self.conn.exec_driver_sql(
            f"UPDATE {self.name} SET changed = 1, own_changed = 1 WHERE target_id IS NOT NULL AND EXISTS ("
            f"SELECT 1 FROM {self.target.name} t WHERE t.id = {self.name}.target_id AND ({' OR '.join(terms)}))"
        )

    def mark_changed(self, target_ids_sql: str) -> None:
        """Count rows as updated because something hanging off them (children) changed."""
        self.conn.exec_driver_sql(
            f"UPDATE {self.name} SET changed = 1 WHERE changed = 0 AND target_id IN ({target_ids_sql})"
        )

    def status_sql(self, *, promoted: bool = True) -> str:
        """SELECT src_row, status: 2 inserted, 1 updated, 0 unchanged (before `apply`).

        `promoted=False` counts a row as updated only when its own columns changed, not when it
        was marked because rows hanging off it (e.g. its counts, which have their own rows) did.
        """
        flag = "changed" if promoted else "own_changed"
        return (
            f"SELECT src_row, CASE WHEN target_id IS NULL THEN {INSERTED} WHEN {flag} = 1 THEN {UPDATED} "
            f"ELSE {UNCHANGED} END AS status FROM {self.name}"
        )

    def pending(self) -> tuple[int, int]:
        """(records to insert, records to update), counting repeated keys once."""
        keys = ", ".join(q(k) for k in self.keys)
        if self.consistent_duplicates:
            sql = f"SELECT COUNT(*) FROM (SELECT DISTINCT {keys} FROM {self.name} WHERE target_id IS NULL) x"
        else:
            sql = f"SELECT COUNT(*) FROM {self.name} WHERE target_id IS NULL"
        new = self.conn.exec_driver_sql(sql).scalar_one()
        changed = self.conn.exec_driver_sql(
            f"SELECT COUNT(DISTINCT target_id) FROM {self.name} WHERE changed = 1"
        ).scalar_one()
        return int(new), int(changed)

    # ------------------------------------------------------------------ writing

    def _select_value(self, column: str, alias: str = "s") -> str:
        return self._staged_or_constant(column, alias)

    def apply(self, batch_id: int) -> tuple[int, int]:
        """Update changed rows (keeping their previous values) and insert new ones."""
        inserted, updated = self.pending()
        if updated:
            ids = f"SELECT target_id FROM {self.name} WHERE changed = 1"
            keep_prior(self.conn, batch_id, self.target, f"id IN ({ids})", key="id")
            sets = ", ".join(f"{q(c)} = {self._select_value(c)}" for c in self.columns if c not in self.keys)
            sets = f"{sets}, batch_id = {int(batch_id)}" if sets else f"batch_id = {int(batch_id)}"
            self.conn.exec_driver_sql(
                f"UPDATE {self.target.name} SET {sets} FROM {self.name} s "
                f"WHERE s.target_id = {self.target.name}.id AND s.changed = 1"
            )
        if inserted:
            cols = ", ".join(q(c) for c in [*self.columns, *self.defaults])
            values = ", ".join([*(self._select_value(c) for c in self.columns), *(_literal(v) for v in self.defaults.values())])
            first = ""
            if self.consistent_duplicates:
                keys = ", ".join(q(k) for k in self.keys)
                first = f" AND s.src_row IN (SELECT MIN(src_row) FROM {self.name} WHERE target_id IS NULL GROUP BY {keys})"
            self.conn.exec_driver_sql(
                f"INSERT INTO {self.target.name} ({cols}, batch_id) SELECT {values}, {int(batch_id)} "
                f"FROM {self.name} s WHERE s.target_id IS NULL{first}"
            )
        return inserted, updated


class ChildSetStage(_TempTable):
    """Rows of a table without its own id or batch (counts, links), replaced per parent.

    The staged rows for one parent are the parent's complete set: rows missing from the file are
    removed, and the previous set is kept for rollback. `parent_column` is filled by `refs`. A
    parent whose set the file states as empty is staged through `add_empty_sets` (a placeholder
    row with no key), so a corrected file with an empty cell clears the old set.
    """

    def __init__(
        self,
        conn: Connection,
        target: Table,
        *,
        parent_column: str,
        keys: Sequence[str],
        values: Sequence[str],
        refs: Sequence[Ref],
        extra: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.conn = conn
        self.target = target
        self.parent_column = parent_column
        self.keys = list(keys)
        self.values = list(values)
        self.refs = list(refs)
        self.extra = list(extra)
        self.name = f"imp_stage_{target.name}_{next(_counter)}"
        self.rows = 0
        cols = ["src_row BIGINT NOT NULL", f"{q(parent_column)} INTEGER"]
        cols += [f"{q(c)} {target.c[c].type.compile(dialect=conn.dialect)}" for c in [*self.keys, *self.values]]
        cols += [f"{q(c)} {kind}" for c, kind in self.extra]
        cols += ["status INTEGER", "fresh INTEGER NOT NULL DEFAULT 0", "placeholder INTEGER NOT NULL DEFAULT 0"]
        suffix = " ON COMMIT DROP" if is_postgres(conn) else ""
        conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {self.name} ({', '.join(cols)}){suffix}")

    @property
    def data_columns(self) -> list[str]:
        return ["src_row", *self.keys, *self.values, *(c for c, _ in self.extra)]

    def add(self, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        names = self.data_columns
        rows = list(zip(*[_column_values(frame, n) for n in names], strict=True))
        self._insert_rows(names, rows)
        self.rows += len(rows)

    def add_empty_sets(self, frame: pd.DataFrame) -> None:
        """Parents (rows with `src_row` and the `extra` columns naming them) whose set is empty."""
        if frame.empty:
            return
        names = ["src_row", *(c for c, _ in self.extra), "placeholder"]
        rows = list(zip(*[_column_values(frame, n) for n in names[:-1]], [1] * len(frame), strict=True))
        self._insert_rows(names, rows)
        self.rows += len(rows)

    def duplicate_rows(self) -> list[tuple[int, str]]:
        """Rows repeating a child key of the same parent (checked on the stage's own columns)."""
        own = [c for c, _ in self.extra] + self.keys
        keys = ", ".join(q(k) for k in own)
        join = " AND ".join(f"s.{q(k)} = d.{q(k)}" for k in own)
        shown = " || ' / ' || ".join(f"CAST(s.{q(k)} AS TEXT)" for k in own)
        result = self.conn.exec_driver_sql(
            f"SELECT s.src_row, {shown} FROM {self.name} s JOIN (SELECT {keys} FROM {self.name} WHERE placeholder = 0 "
            f"GROUP BY {keys} HAVING COUNT(*) > 1) d ON {join} WHERE s.placeholder = 0 ORDER BY s.src_row"
        )
        return list(result)

    def classify(self) -> None:
        """Status per staged row: inserted (no twin), updated (values differ) or unchanged."""
        self.index([self.parent_column, *self.keys])
        if is_postgres(self.conn):
            self.conn.exec_driver_sql(f"ANALYZE {self.name}")
            self.conn.exec_driver_sql(f"ANALYZE {self.target.name}")
        match = " AND ".join(
            [f"c.{q(self.parent_column)} = {self.name}.{q(self.parent_column)}"]
            + [f"c.{q(k)} = {self.name}.{q(k)}" for k in self.keys]
        )
        distinct = _distinct(self.conn)
        differs = " OR ".join(f"c.{q(v)} {distinct} {self.name}.{q(v)}" for v in self.values) or "1 = 0"
        self.conn.exec_driver_sql(
            f"UPDATE {self.name} SET status = CASE WHEN placeholder = 1 THEN {UNCHANGED} "
            f"WHEN NOT EXISTS (SELECT 1 FROM {self.target.name} c WHERE {match}) THEN {INSERTED} "
            f"WHEN EXISTS (SELECT 1 FROM {self.target.name} c WHERE {match} AND ({differs})) THEN {UPDATED} "
            f"ELSE {UNCHANGED} END"
        )

    def changed_parents_sql(self) -> str:
        """Parent ids whose child set differs: a staged row is new/changed, or a row would go."""
        keys_match = " AND ".join(f"s.{q(k)} = c.{q(k)}" for k in self.keys)
        pc = q(self.parent_column)
        return (
            f"SELECT {pc} FROM {self.name} WHERE status > 0 AND {pc} IS NOT NULL "
            f"UNION SELECT c.{pc} FROM {self.target.name} c WHERE c.{pc} IN (SELECT {pc} FROM {self.name}) "
            f"AND NOT EXISTS (SELECT 1 FROM {self.name} s WHERE s.{pc} = c.{pc} AND {keys_match})"
        )

    def status_sql(self) -> str:
        return f"SELECT src_row, status FROM {self.name}"

    def apply(self, batch_id: int) -> int:
        """Replace the sets of changed parents and add the sets of parents new in this import."""
        pc = q(self.parent_column)
        marker = f"imp_parents_{next(_counter)}"
        suffix = " ON COMMIT DROP" if is_postgres(self.conn) else ""
        self.conn.exec_driver_sql(
            f"CREATE TEMPORARY TABLE {marker}{suffix} AS SELECT x.{pc} AS id FROM ({self.changed_parents_sql()}) x"
        )
        try:
            keep_prior(self.conn, batch_id, self.target, f"{pc} IN (SELECT id FROM {marker})", key=self.parent_column)
            self.conn.exec_driver_sql(f"DELETE FROM {self.target.name} WHERE {pc} IN (SELECT id FROM {marker})")
            # Rows of parents this import inserted: their parent id exists only now.
            self.conn.exec_driver_sql(f"UPDATE {self.name} SET fresh = 1 WHERE {pc} IS NULL")
            self.resolve_refs()
            cols = ", ".join(q(c) for c in [self.parent_column, *self.keys, *self.values])
            result = self.conn.exec_driver_sql(
                f"INSERT INTO {self.target.name} ({cols}) SELECT {cols} FROM {self.name} "
                f"WHERE placeholder = 0 AND {pc} IS NOT NULL AND ({pc} IN (SELECT id FROM {marker}) OR fresh = 1)"
            )
            return int(result.rowcount or 0)
        finally:
            self.conn.exec_driver_sql(f"DROP TABLE IF EXISTS {marker}")


def _literal(value: Any) -> str:
    """A constant as SQL text (numbers, NULL or a quoted string)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # both SQLite (3.23+) and PostgreSQL
    if isinstance(value, (int, float, np.integer, np.floating)):
        return repr(_plain(value))
    return "'" + str(value).replace("'", "''") + "'"


def _plain(value: Any) -> Any:
    """Numpy and pandas scalars as plain Python values the drivers accept."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        return value.item()
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    return value


def python_values(series: pd.Series, *, sqlite_dates: bool = False) -> list[Any]:
    """A column as a list of plain Python values with None for missing, converted column-wise."""
    kind = series.dtype.kind
    if kind == "f":
        array = series.to_numpy(dtype="float64")
        values = array.astype(object)
        values[np.isnan(array)] = None
        return values.tolist()
    if kind in "iub":
        return series.tolist()
    values = series.to_numpy(dtype=object)
    missing = pd.isna(values)
    if missing.any():
        values = values.copy()
        values[missing] = None
    if sqlite_dates:
        return [v.isoformat() if isinstance(v, dt.date) else v for v in values.tolist()]
    result = values.tolist()
    if result and isinstance(next((v for v in result if v is not None), None), np.generic):
        return [_plain(v) for v in result]
    return result


def _column_values(frame: pd.DataFrame, name: str) -> list[Any]:
    if name not in frame.columns:
        return [None] * len(frame)
    return python_values(frame[name])


# --------------------------------------------------------------------------- snapshots & rollback


MAX_JSON_PAIRS = 50  # SQLite functions take at most 127 arguments; wider rows are split in parts


def _json_row_sql(conn: Connection, table: Table) -> str:
    """SQL building one JSON object of a row of `table` (alias t); geometry as {"hex": WKB}."""
    geometry = [c.name for c in table.columns if isinstance(c.type, Geometry)]
    if is_postgres(conn):
        sql = "to_jsonb(t)"
        for name in geometry:
            col = f"t.{q(name)}"
            sql += (f" || jsonb_build_object('{name}', CASE WHEN {col} IS NULL THEN NULL "
                    f"ELSE jsonb_build_object('hex', encode(ST_AsBinary({col}), 'hex')) END)")
        return sql
    pairs = []
    for column in table.columns:
        col = f"t.{q(column.name)}"
        value = col
        if column.name in geometry:
            value = f"CASE WHEN {col} IS NULL THEN NULL ELSE json_object('hex', hex({col})) END"
        elif isinstance(column.type, Float):
            # SQLite's JSON writes 15 significant digits; '%!.17g' as text round-trips a double exactly.
            value = f"CASE WHEN {col} IS NULL THEN NULL ELSE printf('%!.17g', {col}) END"
        pairs.append(f"'{column.name}', {value}")
    if len(pairs) <= MAX_JSON_PAIRS:
        return f"json_object({', '.join(pairs)})"
    parts = [pairs[i : i + MAX_JSON_PAIRS] for i in range(0, len(pairs), MAX_JSON_PAIRS)]
    return "json_object(" + ", ".join(f"'_part{n}', json_object({', '.join(p)})" for n, p in enumerate(parts)) + ")"


def keep_prior(conn: Connection, batch_id: int, table: Table, where_sql: str, *, key: str) -> int:
    """Copy the rows of `table` matching `where_sql` into `import_prior_value`, in one statement."""
    cast = "::json" if is_postgres(conn) else ""
    result = conn.exec_driver_sql(
        f"INSERT INTO import_prior_value (batch_id, table_name, row_key, prior) "
        f"SELECT {int(batch_id)}, '{table.name}', CAST(t.{q(key)} AS VARCHAR(40)), ({_json_row_sql(conn, table)}){cast} "
        f"FROM {table.name} t WHERE {where_sql}"
    )
    return int(result.rowcount or 0)


def prior_row(value: Any) -> dict[str, Any]:
    """A stored prior row as a flat dict (wide rows were stored in parts)."""
    import json

    row = json.loads(value) if isinstance(value, str) else dict(value)
    if any(k.startswith("_part") for k in row):
        flat: dict[str, Any] = {}
        for part in row.values():
            flat.update(part)
        return flat
    return row


def restore_value(table: Table, column: str, value: Any) -> Any:
    """A snapshot value back as what the column type expects (used by rollback)."""
    if value is None:
        return None
    col_type = table.c[column].type
    if isinstance(value, dict) and "hex" in value:
        raw = bytes.fromhex(value["hex"])
        return shapely.from_wkb(raw) if isinstance(col_type, Geometry) else raw
    if isinstance(col_type, DateTime) and isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    if isinstance(col_type, Date) and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if isinstance(col_type, Boolean):
        return bool(value)
    if isinstance(col_type, Integer) and not isinstance(value, bool):
        return int(value)
    if isinstance(col_type, Float):
        return float(value)
    return value


@dataclass
class BatchRecord:
    """What the import_batch row remembers besides its counts (stored in its `options` JSON)."""

    options: dict[str, str]
    tables: list[str] = field(default_factory=list)  # tables written, in order
    child_tables: dict[str, str] = field(default_factory=dict)  # child table -> parent table
    warnings: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "options": self.options,
            "tables": self.tables,
            "child_tables": self.child_tables,
            "prior_in": "import_prior_value",
            "warnings": self.warnings,
        }


def create_batch(conn: Connection, *, kind: str, file_name: str, sha256: str, user: str) -> int:
    result = conn.execute(
        insert(ImportBatch.__table__).values(
            kind=kind, file_name=file_name[:500], sha256=sha256, imported_by=user[:120], status="running",
            rows_read=0, rows_inserted=0, rows_updated=0, rows_unchanged=0, rows_rejected=0,
        )
    )
    return int(result.inserted_primary_key[0])


def finish_batch(conn: Connection, batch_id: int, counts: dict[str, int], record: BatchRecord, note: str | None) -> None:
    conn.execute(
        update(ImportBatch.__table__)
        .where(ImportBatch.__table__.c.id == batch_id)
        .values(
            status="committed",
            finished_at=dt.datetime.now(dt.UTC),
            options=record.as_json(),
            note=note,
            **counts,
        )
    )


def load_batch(conn: Connection, batch_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(ImportBatch.__table__).where(ImportBatch.__table__.c.id == batch_id)).mappings().first()
    return dict(row) if row else None
