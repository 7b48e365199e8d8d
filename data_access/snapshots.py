"""Snapshots: freeze the indicator results behind a report under a name, read them back, compare.

`create_snapshot` computes every registered indicator on the current data and stores each
result (frame, counts, notes, provenance) together with the progress status per target and the
NBSAP action status, under a unique name and the data version it was taken at. Exports made with
`snapshot=NAME` read those frozen results back (`snapshot_results`), so they reproduce the same
numbers whatever is imported later; `changes_since` lists every value that differs today.

Frames are stored as JSON written by Python's `json` (shortest repr of each float, which reads
back bit for bit) with their column dtypes, not with pandas' `to_json` (10 significant digits).

>>> bool(decode_frame(encode_frame(pd.DataFrame({"year": [2020], "value": [0.1 + 0.2]})))["value"][0] == 0.1 + 0.2)
True
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from data_access.audit import record_event
from data_access.database import data_version, session_factory, session_scope
from data_access.models.snapshots import Snapshot, SnapshotFrame, SnapshotResult
from indicators import registry
from indicators.result import IndicatorResult, NoDataError, stored_notes

LOG = logging.getLogger(__name__)
MAX_NAME = 120
# Values closer than this (relative) count as unchanged in `changes_since`: results recomputed on
# unchanged data are identical, so this only absorbs floating-point noise across databases.
RELATIVE_TOLERANCE = 1e-9
TARGET_PROGRESS = "target_progress"
NBSAP_ACTIONS = "nbsap_actions"


class SnapshotError(ValueError):
    """A snapshot cannot be created (empty or duplicate name) or does not exist."""


class SnapshotNotFound(SnapshotError, LookupError):
    """No snapshot has this name."""


# ---------------------------------------------------------------------------------------------
# Exact frame encoding


def _plain(value: Any) -> Any:
    """A JSON-ready Python value: numpy scalars unwrapped, NaN/NaT/None as None, dates as ISO text."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        return value.isoformat()
    return value


def encode_frame(frame: pd.DataFrame) -> str:
    """The frame as JSON text that `decode_frame` turns back into an equal frame (values, dtypes, order)."""
    payload = {
        "columns": [str(c) for c in frame.columns],
        "dtypes": [str(t) for t in frame.dtypes],
        "data": [[_plain(v) for v in row] for row in frame.itertuples(index=False, name=None)],
    }
    return json.dumps(payload, ensure_ascii=False, allow_nan=True)


def decode_frame(text: str) -> pd.DataFrame:
    """The frame `encode_frame` wrote."""
    payload = json.loads(text)
    frame = pd.DataFrame(payload["data"], columns=payload["columns"], dtype=object)
    for column, dtype in zip(payload["columns"], payload["dtypes"], strict=True):
        series = frame[column]
        try:
            if dtype.startswith(("float", "int", "uint")):
                numeric = pd.to_numeric(series)
                frame[column] = numeric.astype(dtype) if not (dtype.startswith(("int", "uint")) and numeric.isna().any()) else numeric
            elif dtype == "bool":
                frame[column] = series.astype(bool)
            elif dtype.startswith("datetime64"):
                frame[column] = pd.to_datetime(series).astype(dtype)
            elif dtype != "object":
                frame[column] = series.astype(dtype)
        except (TypeError, ValueError):
            LOG.warning("snapshot column %s kept as object (stored dtype %s)", column, dtype)
    return frame


# ---------------------------------------------------------------------------------------------
# Computing what a snapshot freezes


def compute_results(engine: Engine) -> tuple[dict[str, IndicatorResult], dict[str, str]]:
    """Every registered indicator on the current data; (results, skipped id → reason)."""
    from data_access.indicator_inputs import load_inputs, split_options

    results: dict[str, IndicatorResult] = {}
    skipped: dict[str, str] = {}
    for indicator_id in registry.INDICATOR_IDS:
        try:
            loader_options, compute_options = split_options(indicator_id, {})
            with session_factory(engine)() as session:
                inputs = load_inputs(session, indicator_id, **loader_options)
            results[indicator_id] = registry.get(indicator_id).run(inputs, **compute_options)
        except NoDataError as error:
            skipped[indicator_id] = f"no data: {error}"
        except Exception as error:  # noqa: BLE001 - recorded in the snapshot, never silently lost
            LOG.exception("snapshot: indicator %s failed", indicator_id)
            skipped[indicator_id] = f"{type(error).__name__}: {error}"
    return results, skipped


def derived_frames(session: Session, results: Mapping[str, IndicatorResult], *, year: int | None = None) -> dict[str, pd.DataFrame]:
    """The frames a briefing reads besides indicator results: progress per target, action status."""
    from data_access.queries.nbsap import nbsap_actions
    from data_access.queries.progress import target_progress

    year = year or dt.date.today().year
    frames = {TARGET_PROGRESS: target_progress(session, results=results, include_national=False)}
    frames[NBSAP_ACTIONS] = nbsap_actions(session, year)
    for name, frame in frames.items():  # timestamps are stored as ISO text; keep dtypes simple
        for column in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[column]):
                frame[column] = frame[column].map(lambda v: None if pd.isna(v) else v.isoformat())
        frames[name] = frame
    return frames


# ---------------------------------------------------------------------------------------------
# Public API


def _validate_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise SnapshotError("a snapshot needs a name, e.g. '7NR final' or 'CoP20 briefing'")
    if len(cleaned) > MAX_NAME:
        raise SnapshotError(f"a snapshot name has at most {MAX_NAME} characters")
    return cleaned


def create_snapshot(
    engine: Engine,
    name: str,
    *,
    actor: str,
    note: str = "",
    origin: str = "",
    results: Mapping[str, IndicatorResult] | None = None,
) -> dict[str, Any]:
    """Freeze every indicator's result (or the given `results`) under `name`; returns a summary.

    Raises SnapshotError when the name is empty or already taken. The audit log records it.
    """
    name = _validate_name(name)
    if not (actor or "").strip():
        raise SnapshotError("the author of a snapshot is required")
    with session_factory(engine)() as session:
        if session.scalar(select(Snapshot.id).where(Snapshot.name == name)) is not None:
            raise SnapshotError(f"a snapshot named '{name}' already exists")
    skipped: dict[str, str] = {}
    if results is None:
        results, skipped = compute_results(engine)
    with session_scope(engine) as session:
        version = data_version(session)
        frames = derived_frames(session, results)
        snapshot = Snapshot(name=name, note=note.strip(), created_by=actor.strip(), data_version=version,
                            skipped=skipped or None, created_at=dt.datetime.now(dt.UTC))
        for indicator_id, result in results.items():
            snapshot.results.append(SnapshotResult(
                indicator_id=indicator_id,
                frame=encode_frame(result.frame),
                disaggregations=list(result.disaggregations),
                counts={k: int(v) for k, v in result.counts.items()},
                notes=stored_notes(result.notes),  # Note → {"en", "ko"}, revived on reading
                provenance={str(k): str(v) for k, v in result.provenance.items()},
                output_columns=list(result.output_columns) if result.output_columns is not None else None,
            ))
        for frame_name, frame in frames.items():
            snapshot.frames.append(SnapshotFrame(name=frame_name, frame=encode_frame(frame)))
        session.add(snapshot)
        session.flush()
        summary = {"name": name, "data_version": version, "indicators": len(results), "skipped": sorted(skipped)}
        record_event(session, actor=actor.strip(), action="snapshot", target=name, detail=summary, origin=origin)
    return summary


def list_snapshots(engine: Engine) -> pd.DataFrame:
    """name, note, created_by, created_at, data_version, indicators — newest first."""
    counts = (
        select(SnapshotResult.snapshot_id, func.count().label("indicators"))
        .group_by(SnapshotResult.snapshot_id)
        .subquery()
    )
    statement = (
        select(Snapshot.name, Snapshot.note, Snapshot.created_by, Snapshot.created_at, Snapshot.data_version,
               func.coalesce(counts.c.indicators, 0).label("indicators"))
        .outerjoin(counts, counts.c.snapshot_id == Snapshot.id)
        .order_by(Snapshot.created_at.desc(), Snapshot.id.desc())
    )
    with session_factory(engine)() as session:
        result = session.execute(statement)
        return pd.DataFrame(result.all(), columns=list(result.keys()))


def _snapshot_id(session: Session, name: str) -> int:
    found = session.scalar(select(Snapshot.id).where(Snapshot.name == name))
    if found is None:
        raise SnapshotNotFound(f"no snapshot named '{name}'")
    return found


def snapshot_info(engine: Engine, name: str) -> dict[str, Any]:
    """name, note, created_by, created_at, data_version and skipped indicators of one snapshot."""
    with session_factory(engine)() as session:
        row = session.get(Snapshot, _snapshot_id(session, name))
        assert row is not None
        return {"name": row.name, "note": row.note, "created_by": row.created_by, "created_at": row.created_at,
                "data_version": row.data_version, "skipped": dict(row.skipped or {})}


def snapshot_results(engine: Engine, name: str) -> dict[str, IndicatorResult]:
    """The indicator results frozen under `name`, by indicator id (registry order)."""
    with session_factory(engine)() as session:
        snapshot_id = _snapshot_id(session, name)
        rows = session.scalars(select(SnapshotResult).where(SnapshotResult.snapshot_id == snapshot_id)).all()
        results = {
            row.indicator_id: IndicatorResult(
                row.indicator_id,
                decode_frame(row.frame),
                tuple(row.disaggregations),
                dict(row.counts),
                tuple(row.notes),
                {**row.provenance, "snapshot": name},
                tuple(row.output_columns) if row.output_columns is not None else None,
            )
            for row in rows
        }
    order = {i: n for n, i in enumerate(registry.INDICATOR_IDS)}
    return dict(sorted(results.items(), key=lambda item: order.get(item[0], len(order))))


def snapshot_frames(engine: Engine, name: str) -> dict[str, pd.DataFrame]:
    """The derived frames frozen under `name` (target_progress, nbsap_actions)."""
    with session_factory(engine)() as session:
        snapshot_id = _snapshot_id(session, name)
        rows = session.scalars(select(SnapshotFrame).where(SnapshotFrame.snapshot_id == snapshot_id)).all()
        return {row.name: decode_frame(row.frame) for row in rows}


def delete_snapshot(engine: Engine, name: str, *, actor: str, origin: str = "") -> None:
    """Remove a snapshot and its frozen results (raises SnapshotNotFound)."""
    with session_scope(engine) as session:
        snapshot_id = _snapshot_id(session, name)
        session.execute(delete(SnapshotResult).where(SnapshotResult.snapshot_id == snapshot_id))
        session.execute(delete(SnapshotFrame).where(SnapshotFrame.snapshot_id == snapshot_id))
        session.execute(delete(Snapshot).where(Snapshot.id == snapshot_id))
        record_event(session, actor=actor, action="snapshot_delete", target=name, origin=origin)


def series_label(row: Mapping[str, Any], dims: tuple[str, ...]) -> str:
    """'direction=import · term=live' for a disaggregated row, '' for an undisaggregated one."""
    return " · ".join(f"{d}={row[d]}" for d in dims)


def _long(result: IndicatorResult) -> pd.DataFrame:
    dims = tuple(result.disaggregations)
    frame = result.frame
    return pd.DataFrame({
        "series": [series_label(r, dims) for r in frame[list(dims)].to_dict("records")] if dims else [""] * len(frame),
        "year": frame["year"].astype(int).to_numpy(),
        "value": pd.to_numeric(frame["value"], errors="coerce").to_numpy(dtype=float),
    })


CHANGE_COLUMNS = ("indicator_id", "series", "year", "old_value", "new_value", "change", "kind")


def compare_results(old: Mapping[str, IndicatorResult], new: Mapping[str, IndicatorResult]) -> pd.DataFrame:
    """Every (indicator, series, year) whose value differs between two sets of results.

    kind: 'changed' (both have a value and they differ), 'added' (only new), 'removed' (only old).
    """
    parts = []
    for indicator_id in [*old, *(i for i in new if i not in old)]:
        before = _long(old[indicator_id]) if indicator_id in old else pd.DataFrame(columns=["series", "year", "value"])
        after = _long(new[indicator_id]) if indicator_id in new else pd.DataFrame(columns=["series", "year", "value"])
        merged = before.merge(after, on=["series", "year"], how="outer", suffixes=("_old", "_new"))
        old_value = pd.to_numeric(merged["value_old"], errors="coerce")
        new_value = pd.to_numeric(merged["value_new"], errors="coerce")
        both = old_value.notna() & new_value.notna()
        differs = both & ~np.isclose(old_value.fillna(0), new_value.fillna(0), rtol=RELATIVE_TOLERANCE, atol=0.0)
        kind = pd.Series(np.where(differs, "changed", ""), index=merged.index, dtype=object)
        kind[old_value.isna() & new_value.notna()] = "added"
        kind[old_value.notna() & new_value.isna()] = "removed"
        changed = merged.loc[kind != ""]
        if changed.empty:
            continue
        parts.append(pd.DataFrame({
            "indicator_id": indicator_id,
            "series": changed["series"].astype(str),
            "year": changed["year"].astype(int),
            "old_value": old_value[changed.index],
            "new_value": new_value[changed.index],
            "change": (new_value - old_value)[changed.index],
            "kind": kind[changed.index],
        }))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("indicator_id", "series", "kind") else float)
                             for c in CHANGE_COLUMNS})
    return pd.concat(parts, ignore_index=True).sort_values(["indicator_id", "series", "year"], ignore_index=True)


def changes_since(
    engine: Engine, name: str, *, current: Mapping[str, IndicatorResult] | None = None
) -> pd.DataFrame:
    """What changed since the snapshot: indicator_id, series, year, old_value, new_value, change, kind.

    `current` (results on today's data) is computed when not given.
    """
    frozen = snapshot_results(engine, name)
    if current is None:
        current, _ = compute_results(engine)
    return compare_results(frozen, current)


def status_changes(frozen_progress: pd.DataFrame, current: Mapping[str, str]) -> pd.DataFrame:
    """Targets whose progress status (staff-set where there is one, else computed) differs from the
    snapshot: target_code, old_status, new_status. `current` maps target code → status today."""
    rows = []
    if "target_code" in frozen_progress.columns:
        shown = frozen_progress["status"] if "status" in frozen_progress.columns else frozen_progress["computed_status"]
        old = dict(zip(frozen_progress["target_code"].astype(str), shown.fillna("unknown").astype(str), strict=True))
        for code in [*old, *(c for c in current if c not in old)]:
            before, after = old.get(code, "unknown"), str(current.get(code, "unknown"))
            if before != after:
                rows.append({"target_code": code, "old_status": before, "new_status": after})
    return pd.DataFrame(rows, columns=["target_code", "old_status", "new_status"])
