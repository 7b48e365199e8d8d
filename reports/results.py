"""Indicator results for exports: computed live from the database, or read back from a snapshot.

Every export goes through `indicator_results`, so an export made from a snapshot reproduces the
numbers frozen in it, whatever was imported since.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Engine

from data_access.database import session_factory
from indicators import registry
from indicators.result import IndicatorResult, NoDataError


def compute_live(engine: Engine, indicator_id: str, **options: Any) -> IndicatorResult:
    """One indicator on the current data (raises NoDataError when its tables are empty): the
    result stored for this data version when there is one, else computed and stored."""
    from data_access.database import data_version
    from data_access.result_cache import compute_and_store

    with session_factory(engine)() as session:
        stored = compute_and_store(session, indicator_id, dict(options), data_version(session))
    if stored.result is None:
        raise NoDataError(stored.no_data_message or indicator_id)
    return stored.result


def indicator_results(
    engine: Engine,
    indicator_ids: Iterable[str] | None = None,
    *,
    snapshot: str | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, IndicatorResult]:
    """Results by indicator id (all registered when `indicator_ids` is None); indicators without
    data are left out. With `snapshot`, the results frozen under that name."""
    ids = list(indicator_ids) if indicator_ids is not None else list(registry.INDICATOR_IDS)
    if snapshot is not None:
        from data_access.snapshots import snapshot_results  # filled in by the snapshot work

        frozen = snapshot_results(engine, snapshot)
        return {i: frozen[i] for i in ids if i in frozen}
    results: dict[str, IndicatorResult] = {}
    for indicator_id in ids:
        try:
            results[indicator_id] = compute_live(engine, indicator_id, **dict((options or {}).get(indicator_id, {})))
        except NoDataError:
            continue
    return results
