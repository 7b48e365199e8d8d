"""Indicator results stored per data version: read before computing, written after (issue 9).

A result is valid for exactly one (indicator, options, data version). Every import, edit and
rollback bumps the data version, so a stored result can never be shown for data that changed;
rows of older versions are purged when a newer result is written. `warm` computes every
registered indicator's default result, which is what `cli.py init` and `cli.py import` run after
the data changed, so the first visitor of the overview reads 20 rows instead of computing.

>>> options_key({"scope": "national", "by": ("a", "b")})
'{"by": ["a", "b"], "scope": "national"}'
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Engine, delete, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from data_access.code_fingerprint import code_fingerprint
from data_access.database import data_version, session_factory
from data_access.models.result_cache import IndicatorResultCache
from indicators.result import IndicatorResult, NoDataError, stored_notes

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredResult:
    """What the cache holds for one key: a result, or the explanation that there was no data."""

    result: IndicatorResult | None
    no_data_message: str | None = None


def options_key(options: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> str:
    """Canonical JSON of an indicator's options (order-independent; tuples become lists)."""
    items = dict(options.items() if isinstance(options, Mapping) else options)
    return json.dumps(items, sort_keys=True, ensure_ascii=False, default=str)


def stored_key(options: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> str:
    """A row's `options_key`: the digest of the code that computed it, then the options."""
    return f"{code_fingerprint()}:{options_key(options)}"


def stale_rows(version: int) -> ColumnElement[bool]:
    """Rows no reader will ask for again: of an older data version, or computed by other code."""
    return or_(
        IndicatorResultCache.data_version < version,
        ~IndicatorResultCache.options_key.startswith(f"{code_fingerprint()}:", autoescape=True),
    )


def _frame_to_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, engine="pyarrow", index=True)
    return buffer.getvalue()


def _frame_from_bytes(data: bytes) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(data), engine="pyarrow")


def get(session: Session, indicator_id: str, options: Mapping[str, Any], version: int) -> StoredResult | None:
    """The stored result for this key, or None when it was never computed for this data version."""
    row = session.scalars(
        select(IndicatorResultCache).where(
            IndicatorResultCache.indicator_id == indicator_id,
            IndicatorResultCache.options_key == stored_key(options),
            IndicatorResultCache.data_version == version,
        )
    ).first()
    if row is None:
        return None
    if row.status == "no_data":
        return StoredResult(None, row.message or "")
    try:
        result = IndicatorResult(
            indicator_id,
            _frame_from_bytes(row.frame_parquet or b""),
            tuple(row.disaggregations or ()),
            dict(row.counts or {}),
            tuple(row.notes or ()),
            dict(row.provenance or {}),
            tuple(row.output_columns) if row.output_columns is not None else None,
        )
    except Exception:  # noqa: BLE001 - an unreadable row is recomputed, never shown
        LOG.warning("stored result of %s is unreadable; recomputing", indicator_id, exc_info=True)
        return None
    return StoredResult(result)


def put(
    session: Session,
    indicator_id: str,
    options: Mapping[str, Any],
    version: int,
    *,
    result: IndicatorResult | None = None,
    no_data_message: str | None = None,
) -> bool:
    """Store a result (or its absence) for this data version and purge older versions.

    Commits its own transaction; returns False, without raising, when the row cannot be written
    (a read-only connection, a concurrent writer of the same key, a frame Parquet cannot hold).
    """
    row = IndicatorResultCache(
        indicator_id=indicator_id,
        options_key=stored_key(options),
        data_version=version,
        status="no_data" if result is None else "ok",
        message=no_data_message,
    )
    try:
        if result is not None:
            row.frame_parquet = _frame_to_bytes(result.frame)
            row.disaggregations = list(result.disaggregations)
            row.counts = {str(k): int(v) for k, v in result.counts.items()}
            row.notes = stored_notes(result.notes)  # Note → {"en", "ko"}, revived on reading
            row.provenance = {str(k): str(v) for k, v in result.provenance.items()}
            row.output_columns = list(result.output_columns) if result.output_columns is not None else None
    except Exception:  # noqa: BLE001 - an exotic frame is simply not persisted
        LOG.info("result of %s cannot be stored", indicator_id, exc_info=True)
        return False
    try:
        session.execute(delete(IndicatorResultCache).where(stale_rows(version)))
        session.execute(
            delete(IndicatorResultCache).where(
                IndicatorResultCache.indicator_id == row.indicator_id,
                IndicatorResultCache.options_key == row.options_key,
                IndicatorResultCache.data_version == version,
            )
        )
        session.add(row)
        session.commit()
    except SQLAlchemyError:
        session.rollback()
        LOG.info("result of %s not stored", indicator_id, exc_info=True)
        return False
    return True


def purge_stale(session: Session, version: int | None = None) -> int:
    """Delete stored results of data versions older than `version` (default: the current one) and
    those other code computed (`stale_rows`)."""
    version = data_version(session) if version is None else version
    deleted = session.execute(delete(IndicatorResultCache).where(stale_rows(version)))
    session.commit()
    return int(getattr(deleted, "rowcount", 0) or 0)


def compute(session: Session, indicator_id: str, options: Mapping[str, Any]) -> IndicatorResult:
    """Load the indicator's inputs and compute it (raises NoDataError, IndicatorError, ...)."""
    from data_access.indicator_inputs import load_inputs, split_options
    from indicators import registry

    loader_options, compute_options = split_options(indicator_id, dict(options))
    inputs = load_inputs(session, indicator_id, **loader_options)
    return registry.get(indicator_id).run(inputs, **compute_options)


def compute_and_store(session: Session, indicator_id: str, options: Mapping[str, Any], version: int) -> StoredResult:
    """The stored result if there is one, else compute it and store it (no-data is stored too)."""
    stored = get(session, indicator_id, options, version)
    if stored is not None:
        return stored
    try:
        result = compute(session, indicator_id, options)
    except NoDataError as error:
        session.rollback()
        put(session, indicator_id, options, version, no_data_message=str(error))
        return StoredResult(None, str(error))
    session.rollback()  # end the read transaction the inputs were loaded in
    put(session, indicator_id, options, version, result=result)
    return StoredResult(result)


def has_current_results(engine: Engine) -> bool:
    """Whether anything is stored for the current data version by this code (after an upgrade
    of the dashboard, nothing is until `warm` runs again)."""
    with session_factory(engine)() as session:
        version = data_version(session)
        return session.scalar(
            select(IndicatorResultCache.id).where(
                IndicatorResultCache.data_version == version, ~stale_rows(version)
            ).limit(1)
        ) is not None


def warm(engine: Engine, indicator_ids: Iterable[str] | None = None) -> dict[str, str]:
    """Compute and store every registered indicator's default result for the current data version.

    Returns indicator id → 'ok' | 'no_data' | 'error: …'; an indicator that fails is logged and
    skipped (the page shows the error when it is opened), never stops the others. Without
    `indicator_ids`, the specimens and trade pages' default aggregates are stored too.
    """
    from indicators import registry

    outcome: dict[str, str] = {}
    with session_factory(engine)() as session:
        version = data_version(session)
        purge_stale(session, version)
        for indicator_id in indicator_ids or registry.INDICATOR_IDS:
            try:
                stored = compute_and_store(session, indicator_id, {}, version)
                outcome[indicator_id] = "ok" if stored.result is not None else "no_data"
            except Exception as error:  # noqa: BLE001 - reported per indicator
                session.rollback()
                LOG.warning("warming %s failed: %s", indicator_id, error)
                outcome[indicator_id] = f"error: {type(error).__name__}: {error}"[:300]
        if indicator_ids is None:  # the whole warm-up also stores the pages' default aggregates
            from data_access.page_cache import warm_pages

            warm_pages(session, version)
    return outcome
