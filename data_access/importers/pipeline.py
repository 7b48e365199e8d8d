"""One import from file to committed batch: read and validate, stage, merge, record.

Every kind module exposes `read(ctx) -> Plan`. Reading validates the whole file and fills stage
tables; only when no error was logged does the plan run its merges. Everything happens in one
transaction on one connection, so a refused import leaves the database exactly as it was: no data
rows, no `import_batch` row, no data-version bump. A successful import always adds an
`import_batch` row (also when nothing changed) and bumps the data version only when rows changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import logging
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, bindparam, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from data_access.audit import record_event
from data_access.database import bump_data_version
from data_access.importers.reading import Limits, check_file, remove_scratch, sha256_of, sniff_format
from data_access.importers.report import ImportRefused, ImportReport, ProblemLog, RollbackReport
from data_access.importers.writing import (
    INSERTED,
    UPDATED,
    BatchRecord,
    ChildSetStage,
    Ref,
    Stage,
    create_batch,
    finish_batch,
    load_batch,
    prior_row,
    restore_value,
)
from data_access.models import ImportBatch
from data_access.models.imports import ImportPriorValue

LOGGER = logging.getLogger(__name__)

MODULES: Mapping[str, str] = {
    "species": "species",
    "redlist": "red_list",
    "lpi": "living_planet",
    "occurrences": "occurrences",
    "cites-comptab": "cites_comptab",
    "cites-shipments": "cites_shipments",
    "wdpa": "wdpa",
    "boundaries": "boundaries",
    "kba": "kba",
    "permits": "permits",
    "animal-events": "animal_events",
    "abs": "benefit_sharing",
    "abs-benefits": "benefits",
    "cooperation": "cooperation",
    "capacity-events": "capacity_events",
    "material-transfers": "material_transfers",
    "trade-cases": "trade_cases",
    "legal-status": "legal_status",
    "nbsap": "nbsap",
}


# Options every kind takes (size limits, where SQLite stages rows) and those of each kind. Any other
# name is refused: a misspelt `--option encodng=cp949` must not be ignored silently.
COMMON_OPTIONS: tuple[str, ...] = ("max_file_mb", "max_uncompressed_mb", "max_ratio", "max_members", "stage_in_memory")
TABLE_OPTIONS: tuple[str, ...] = ("encoding", "sheet")
KIND_OPTIONS: Mapping[str, tuple[str, ...]] = {
    "species": TABLE_OPTIONS,
    "redlist": (*TABLE_OPTIONS, "scope", "genuine_changes", "assessment_years", "taxon_id", "category", "year", "taxon_group"),
    "lpi": ("encoding",),
    "occurrences": TABLE_OPTIONS,
    "cites-comptab": TABLE_OPTIONS,
    "cites-shipments": TABLE_OPTIONS,
    "wdpa": ("release",),
    "boundaries": ("level", "code_field", "name_field", "name_ko_field", "name_en_field", "code_system", "valid_from",
                   "valid_to", "object"),
    "kba": ("code_field", "name_field", "iso3_field", "criteria_field", "area_field"),
}


def valid_options(kind: str) -> tuple[str, ...]:
    """The option names `kind` accepts (template kinds: encoding and sheet), common ones included."""
    return (*KIND_OPTIONS.get(kind, TABLE_OPTIONS), *COMMON_OPTIONS)


@dataclass
class Upsert:
    """Merge one stage into its table; `count_rows` makes its statuses part of the row counts."""

    stage: Stage
    count_rows: bool = True
    what: str = ""
    count_promoted: bool = True  # False: rows changed only through their children count unchanged


@dataclass
class ChildSet:
    """Replace child sets per parent after `parent` is written (counts, links)."""

    stage: ChildSetStage
    parent: Stage
    count_rows: bool = False


@dataclass
class Plan:
    """The merges to run, in order; `after` runs once the merges are written (derived updates)."""

    steps: list[Upsert | ChildSet] = field(default_factory=list)
    after: list[Callable[[Connection, int], int]] = field(default_factory=list)
    note: str | None = None


@dataclass
class ImportContext:
    """What a kind's reader needs: the file, options, limits, problem log and the connection."""

    kind: str
    path: Path
    options: dict[str, str]
    limits: Limits
    log: ProblemLog
    conn: Connection
    fmt: str
    rows_read: int = 0
    _stages: list[Any] = field(default_factory=list)
    _scratch: Path | None = None

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def dialect(self) -> str:
        return self.conn.dialect.name

    def option(self, name: str, default: str | None = None) -> str | None:
        value = self.options.get(name)
        return value if value not in (None, "") else default

    def stage(self, target: Table, **kwargs: Any) -> Stage:
        stage = Stage(self.conn, target, **kwargs)
        self._stages.append(stage)
        return stage

    def child_stage(self, target: Table, **kwargs: Any) -> ChildSetStage:
        stage = ChildSetStage(self.conn, target, **kwargs)
        self._stages.append(stage)
        return stage

    @property
    def scratch(self) -> Path:
        """A private folder for archive members GDAL must read from disk; removed afterwards."""
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="gbf-import-"))
        return self._scratch

    def cleanup(self) -> None:
        for stage in self._stages:
            with contextlib.suppress(DBAPIError):  # the transaction is gone (PostgreSQL drops ON COMMIT)
                stage.drop()
        if self._scratch is not None:
            remove_scratch(self._scratch)


def _log_missing_refs(ctx: ImportContext, missing: list[tuple[int, str, str]]) -> None:
    for row, column, value in missing:
        ctx.log.error("importers.error.unknown_reference", row=row, field=column, value=value)


def _log_duplicates(ctx: ImportContext, stage: Stage | ChildSetStage, what: str) -> None:
    for row, key in stage.duplicate_rows():
        ctx.log.error("importers.error.duplicate_key", row=row, field=what or stage.target.name, value=key)


def _prepare(ctx: ImportContext, step: Upsert) -> None:
    stage = step.stage
    stage.resolve_constants()
    _log_missing_refs(ctx, stage.resolve_refs())
    stage.resolve_targets()
    _log_duplicates(ctx, stage, step.what)
    stage.classify()


def execute_plan(ctx: ImportContext, plan: Plan, batch_id: int, record: BatchRecord) -> bool:
    """Run the merges in order; returns whether any row changed. Logs problems it finds."""
    changed = False
    steps = list(plan.steps)
    for position, step in enumerate(steps):
        if ctx.log.has_errors:
            return changed
        if isinstance(step, ChildSet):
            continue
        _prepare(ctx, step)
        children = [s for s in steps[position + 1 :] if isinstance(s, ChildSet) and s.parent is step.stage]
        for child in children:
            _log_duplicates(ctx, child.stage, child.stage.target.name)
            child.stage.resolve_refs()
            child.stage.classify()
            step.stage.mark_changed(child.stage.changed_parents_sql())
        if ctx.log.has_errors:
            return changed
        inserted, updated = step.stage.apply(batch_id)
        if inserted or updated:  # only tables this batch wrote block rolling back older batches
            record.tables.append(step.stage.target.name)
        changed |= bool(inserted or updated)
        for child in children:
            count = child.stage.apply(batch_id)
            if count or inserted or updated:
                record.child_tables[child.stage.target.name] = step.stage.target.name
            changed |= bool(count)
            missing = ctx.conn.exec_driver_sql(
                f"SELECT src_row FROM {child.stage.name} WHERE {child.stage.parent_column} IS NULL ORDER BY src_row"
            )
            for (row,) in missing:
                ctx.log.error("importers.error.unknown_reference", row=row, field=child.stage.parent_column)
    for action in plan.after:
        if ctx.log.has_errors:
            return changed
        changed |= bool(action(ctx.conn, batch_id))
    return changed


def row_counts(ctx: ImportContext, plan: Plan) -> dict[str, int]:
    """Inserted / updated / unchanged file rows: a row counts as its most significant change."""
    counted = [s.stage for s in plan.steps if s.count_rows]
    promoted = {id(s.stage): getattr(s, "count_promoted", True) for s in plan.steps}
    if not counted:
        return {"rows_inserted": 0, "rows_updated": 0, "rows_unchanged": 0}
    if len(counted) == 1 and isinstance(counted[0], Stage) and not counted[0].consistent_duplicates and promoted[id(counted[0])]:
        stage = counted[0]
        total, inserted, updated = ctx.conn.exec_driver_sql(
            f"SELECT COUNT(*), SUM(CASE WHEN target_id IS NULL THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN target_id IS NOT NULL AND changed = 1 THEN 1 ELSE 0 END) FROM {stage.name}"
        ).one()
        inserted, updated = int(inserted or 0), int(updated or 0)
        return {"rows_inserted": inserted, "rows_updated": updated, "rows_unchanged": int(total) - inserted - updated}
    parts = [stage.status_sql(promoted=promoted[id(stage)]) if isinstance(stage, Stage) else stage.status_sql() for stage in counted]
    union = " UNION ALL ".join(parts)
    result = ctx.conn.exec_driver_sql(
        f"SELECT status, COUNT(*) FROM (SELECT src_row, MAX(status) AS status FROM ({union}) u GROUP BY src_row) r "
        "GROUP BY status"
    )
    by_status = {int(status): int(count) for status, count in result}
    return {
        "rows_inserted": by_status.get(INSERTED, 0),
        "rows_updated": by_status.get(UPDATED, 0),
        "rows_unchanged": by_status.get(0, 0),
    }


def _reader(kind: str) -> Callable[[ImportContext], Plan]:
    module = importlib.import_module(f"data_access.importers.{MODULES[kind]}")
    return module.read  # type: ignore[no-any-return]


def run_import(
    engine: Engine,
    kind: str,
    path: str | Path,
    *,
    options: Mapping[str, str] | None = None,
    user: str = "cli",
    dry_run: bool = False,
    origin: str = "",
) -> ImportReport:
    """Import one file of `kind`; all or nothing. See the package docstring for the rules."""
    path = Path(path)
    options = {str(k): str(v) for k, v in (options or {}).items()}
    log = ProblemLog()
    sha = ""
    counts = {"rows_inserted": 0, "rows_updated": 0, "rows_unchanged": 0}
    batch_id: int | None = None
    rows_read = 0
    if kind not in MODULES:
        log.error("importers.error.unknown_kind", value=kind, expected=", ".join(MODULES))
        return _report(kind, path, sha, log, rows_read, counts, None, dry_run)
    unknown = [name for name in options if name not in valid_options(kind)]
    if unknown:
        for name in unknown:
            log.error("importers.error.unknown_option", field=name, value=name, kind=kind,
                      expected=", ".join(valid_options(kind)))
        return _report(kind, path, sha, log, rows_read, counts, None, dry_run)
    try:
        limits = Limits.from_options(options)
    except (TypeError, ValueError):
        log.error("importers.error.bad_option", value=str({k: options[k] for k in options if k.startswith("max_")}))
        return _report(kind, path, sha, log, rows_read, counts, None, dry_run)
    try:
        check_file(path, limits, log)
        sha = sha256_of(path)
        fmt = sniff_format(path)
        with engine.connect() as conn:
            _stage_in_memory(conn, options)
            transaction = conn.begin()
            ctx = ImportContext(kind=kind, path=path, options=options, limits=limits, log=log, conn=conn, fmt=fmt)
            try:
                plan = _reader(kind)(ctx)
                rows_read = ctx.rows_read
                if not log.has_errors:
                    batch_id, counts = _write(ctx, plan, sha, user, dry_run, origin)
                if log.has_errors or dry_run:
                    transaction.rollback()
                    batch_id = None
                else:
                    transaction.commit()
            except BaseException:
                transaction.rollback()
                raise
            finally:
                rows_read = ctx.rows_read
                ctx.cleanup()
                _stage_in_memory(conn, options, reset=True)
    except ImportRefused:
        pass
    except DBAPIError as exc:
        LOGGER.exception("import of %s failed in the database", path)
        log.error("importers.error.database", value=str(exc.orig)[:300] if exc.orig else str(exc)[:300])
    except Exception as exc:  # a crash must still come back as a report the user can read
        LOGGER.exception("import of %s failed", path)
        log.error("importers.error.internal", value=f"{type(exc).__name__}: {exc}"[:300])
    if log.has_errors:
        batch_id = None
        counts = {"rows_inserted": 0, "rows_updated": 0, "rows_unchanged": 0}
    return _report(kind, path, sha, log, rows_read, counts, batch_id, dry_run)


def _stage_in_memory(conn: Connection, options: Mapping[str, str], *, reset: bool = False) -> None:
    """SQLite keeps the stage tables in RAM (option `stage_in_memory=no` to spill to a temp file).

    A million staged occurrences take a few hundred MB; writing them to a temp file instead made
    big imports I/O-bound. The pooled connection gets its default back afterwards.
    """
    if conn.dialect.name != "sqlite" or options.get("stage_in_memory", "yes").lower() in ("no", "false", "0"):
        return
    raw = conn.connection.driver_connection
    try:
        raw.execute("PRAGMA temp_store = DEFAULT" if reset else "PRAGMA temp_store = MEMORY")  # type: ignore[union-attr]
    except Exception:  # a pragma that cannot change mid-transaction is harmless
        LOGGER.debug("temp_store pragma not changed", exc_info=True)


def _write(
    ctx: ImportContext, plan: Plan, sha: str, user: str, dry_run: bool, origin: str = ""
) -> tuple[int | None, dict[str, int]]:
    record = BatchRecord(options=dict(ctx.options), warnings=len(ctx.log.warnings))
    batch_id = create_batch(ctx.conn, kind=ctx.kind, file_name=ctx.file_name, sha256=sha, user=user)
    changed = execute_plan(ctx, plan, batch_id, record)
    if ctx.log.has_errors:
        return None, {}
    counts = row_counts(ctx, plan)
    record.warnings = len(ctx.log.warnings)
    finish_batch(
        ctx.conn,
        batch_id,
        {"rows_read": ctx.rows_read, "rows_rejected": 0, **counts},
        record,
        plan.note,
    )
    if changed and not dry_run:
        with Session(bind=ctx.conn) as session:
            bump_data_version(session)
    if not dry_run:  # the audit entry commits or rolls back with the import (issue 8)
        with Session(bind=ctx.conn) as session:
            record_event(session, actor=user, action="import", target=f"{ctx.kind}:{ctx.file_name}", origin=origin,
                         detail={"batch_id": batch_id, "sha256": sha, "rows_read": ctx.rows_read, **counts})
    return batch_id, counts


def _report(
    kind: str,
    path: Path,
    sha: str,
    log: ProblemLog,
    rows_read: int,
    counts: dict[str, int],
    batch_id: int | None,
    dry_run: bool,
) -> ImportReport:
    errors, warnings = log.finish()
    return ImportReport(
        kind=kind,
        file=path.name,
        sha256=sha,
        rows_read=rows_read,
        rows_rejected=len(log.rejected_rows) if errors else 0,
        errors=errors,
        batch_id=batch_id,
        warnings=warnings,
        dry_run=dry_run,
        **counts,
    )


# --------------------------------------------------------------------------- rollback


def rollback_batch(engine: Engine, batch_id: int, *, user: str, origin: str = "") -> RollbackReport:
    """Undo one committed import: delete the rows it inserted, restore the rows it updated.

    Refused (with a message, nothing changed) when the batch is unknown or already rolled back,
    or when a later committed import wrote to the same tables (roll that back first). Previous
    values come from `import_prior_value` (or, for batches written before it existed, from the
    batch's `options["prior"]`), streamed table by table. Once restored they are deleted in the
    same transaction (the batch row keeps `prior_released`, the count), so the table does not
    grow with every rollback; the `import_batch` row and both audit events stay as the record.
    """
    log = ProblemLog()
    deleted = restored = 0
    kind = file_name = ""
    try:
        with engine.connect() as conn, conn.begin() as transaction:
            batch = load_batch(conn, batch_id)
            if batch is None:
                raise log.refuse("importers.error.batch_unknown", value=batch_id)
            kind, file_name = batch["kind"], batch["file_name"]
            if batch["status"] == "rolled_back":
                raise log.refuse("importers.error.batch_already_rolled_back", value=batch_id)
            if batch["status"] != "committed":
                raise log.refuse("importers.error.batch_not_committed", value=batch["status"])
            record = batch["options"] or {}
            if not record.get("prior_complete", True):
                raise log.refuse("importers.error.batch_not_restorable", value=batch_id)
            tables = list(record.get("tables", []))
            children = dict(record.get("child_tables", {}))
            _refuse_if_later_batches(conn, batch_id, set(tables) | set(children), log)
            prior = PriorValues(conn, batch_id, record.get("prior"))
            deleted, restored = _undo(conn, batch_id, tables, children, prior)
            released = prior.release()
            kept_record = {k: v for k, v in record.items() if k != "prior"}
            conn.execute(
                ImportBatch.__table__.update()
                .where(ImportBatch.__table__.c.id == batch_id)
                .values(status="rolled_back", note=f"rolled back by {user} at {dt.datetime.now(dt.UTC).isoformat()}",
                        options={**kept_record, "prior_released": released})
            )
            if deleted or restored:
                with Session(bind=conn) as session:
                    bump_data_version(session)
            with Session(bind=conn) as session:
                record_event(session, actor=user, action="rollback", target=f"{kind}:{file_name}", origin=origin,
                             detail={"batch_id": batch_id, "rows_deleted": deleted, "rows_restored": restored,
                                     "prior_values_released": released})
            transaction.commit()
    except ImportRefused:
        pass
    except DBAPIError as exc:
        log.error("importers.error.rollback_blocked", value=str(exc.orig)[:300] if exc.orig else str(exc)[:300])
    errors, _ = log.finish()
    if errors:
        deleted = restored = 0
    return RollbackReport(batch_id=batch_id, kind=kind, file=file_name, rows_deleted=deleted, rows_restored=restored, errors=errors)


def _refuse_if_later_batches(conn: Connection, batch_id: int, tables: set[str], log: ProblemLog) -> None:
    later = conn.execute(
        text("SELECT id, kind, options FROM import_batch WHERE id > :id AND status = 'committed' ORDER BY id"),
        {"id": batch_id},
    )
    for other_id, other_kind, other_options in later:
        options = other_options if isinstance(other_options, dict) else _json(other_options)
        written = set((options or {}).get("tables", [])) | set((options or {}).get("child_tables", {}))
        if written & tables:
            raise log.refuse("importers.error.batch_has_successor", value=other_id, kind=other_kind)


def _json(value: Any) -> Any:
    import json

    return json.loads(value) if isinstance(value, str) else value


def _table(name: str) -> Table:
    from data_access.models import Base

    return Base.metadata.tables[name]


class PriorValues:
    """The previous rows a batch kept, per table, read in chunks from `import_prior_value`."""

    CHUNK = 5_000

    def __init__(self, conn: Connection, batch_id: int, legacy: dict[str, list[dict[str, Any]]] | None = None) -> None:
        self.conn = conn
        self.batch_id = batch_id
        self.legacy = legacy or {}

    def keys(self, table: str, *, child: bool = False) -> set[int]:
        """Row keys (ids, or parent ids for child sets) kept for `table`."""
        if table in self.legacy:
            return set() if child else {int(r["id"]) for r in self.legacy[table]}
        prior = ImportPriorValue.__table__
        result = self.conn.execute(
            select(prior.c.row_key).distinct().where(prior.c.batch_id == self.batch_id, prior.c.table_name == table)
        )
        return {int(k) for (k,) in result}

    def rows(self, table: str) -> Iterator[list[dict[str, Any]]]:
        """Chunks of previous rows of `table` as flat dicts."""
        if table in self.legacy:
            yield list(self.legacy[table])
            return
        prior = ImportPriorValue.__table__
        last = 0
        while True:
            chunk = self.conn.execute(
                select(prior.c.id, prior.c.prior)
                .where(prior.c.batch_id == self.batch_id, prior.c.table_name == table, prior.c.id > last)
                .order_by(prior.c.id)
                .limit(self.CHUNK)
            ).all()
            if not chunk:
                return
            last = int(chunk[-1][0])
            yield [prior_row(value) for _, value in chunk]

    def release(self) -> int:
        """Delete the kept rows once they have been put back (same transaction as the rollback).

        A rolled-back batch can never be rolled back again, so its previous values would only
        make the table grow. Returns how many were released (legacy rows in the batch options
        included; the caller drops those from the options).
        """
        prior = ImportPriorValue.__table__
        result = self.conn.execute(prior.delete().where(prior.c.batch_id == self.batch_id))
        return int(result.rowcount or 0) + sum(len(rows) for rows in self.legacy.values())


def _undo(conn: Connection, batch_id: int, tables: list[str], children: dict[str, str], prior: PriorValues) -> tuple[int, int]:
    deleted = restored = 0
    restored_ids: dict[str, set[int]] = {}
    for name in tables:
        restored_ids[name] = prior.keys(name)
    # Child sets first: put back the previous sets of the parents this batch changed.
    for child_name, parent_name in children.items():
        child = _table(child_name)
        parent_fk = next(c.name for c in child.columns if c.foreign_keys and any(f.column.table.name == parent_name for f in c.foreign_keys))
        ids = restored_ids.get(parent_name, set())
        replaced = prior.keys(child_name, child=True) | ids
        for start in range(0, len(replaced), 5_000):
            conn.execute(child.delete().where(child.c[parent_fk].in_(sorted(replaced)[start : start + 5_000])))
        for chunk in prior.rows(child_name):
            rows = [{k: restore_value(child, k, v) for k, v in r.items()} for r in chunk]
            rows = [r for r in rows if r[parent_fk] in replaced]
            if rows:
                conn.execute(child.insert(), rows)
        inserted_parents = select_ids(conn, _table(parent_name), batch_id) - ids
        for start in range(0, len(inserted_parents), 5_000):
            chunk_ids = sorted(inserted_parents)[start : start + 5_000]
            conn.execute(child.delete().where(child.c[parent_fk].in_(chunk_ids)))
    for name in reversed(tables):
        table = _table(name)
        keep = restored_ids.get(name, set())
        columns = [c.name for c in table.columns if c.name != "id"]
        statement = (
            table.update()
            .where(table.c.id == bindparam("_prior_id"), table.c.batch_id == batch_id)
            .values({c: bindparam(f"_v_{c}") for c in columns})
        )
        for chunk in prior.rows(name):
            params = [
                {"_prior_id": int(row["id"]), **{f"_v_{c}": restore_value(table, c, row.get(c)) for c in columns}}
                for row in chunk
            ]
            if params:
                result = conn.execute(statement, params)
                restored += int(result.rowcount if result.rowcount is not None and result.rowcount >= 0 else len(params))
        ids = select_ids(conn, table, batch_id) - keep
        for start in range(0, len(ids), 5_000):
            chunk_ids = sorted(ids)[start : start + 5_000]
            result = conn.execute(table.delete().where(table.c.id.in_(chunk_ids)))
            deleted += int(result.rowcount or 0)
    return deleted, restored


def select_ids(conn: Connection, table: Table, batch_id: int) -> set[int]:
    return {int(i) for (i,) in conn.execute(table.select().with_only_columns(table.c.id).where(table.c.batch_id == batch_id))}


__all__ = ["ChildSet", "ImportContext", "Plan", "Ref", "Upsert", "rollback_batch", "run_import"]
