"""Expensive page query results stored per data version, beside the indicator results (issue 9).

The specimens and trade pages aggregate national-scale tables (3 M occurrences, 1 M animal
events), the protected-areas page merges and projects ~3,000 site polygons and the
data-management page counts every table: even from covering indexes that is seconds of work,
too slow for a cold page. Their frames are stored as Parquet in `indicator_result_cache` under
the name `page:<module>.<query>`
and the query's arguments as the options key, for one data version: an import bumps the version,
so a stored frame is never shown for changed data, and `result_cache.put` purges older versions.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from data_access.models.result_cache import IndicatorResultCache
from data_access.result_cache import stale_rows, stored_key

LOG = logging.getLogger(__name__)
PREFIX = "page:"


def cache_name(query_name: str) -> str:
    """The row's `indicator_id` for a page query (the column holds 80 characters)."""
    return (PREFIX + query_name)[:80]


def get_frame(session: Session, query_name: str, arguments: dict[str, Any], version: int) -> pd.DataFrame | None:
    """The stored frame of this query and arguments at this data version, or None."""
    data = session.scalar(
        select(IndicatorResultCache.frame_parquet).where(
            IndicatorResultCache.indicator_id == cache_name(query_name),
            IndicatorResultCache.options_key == stored_key(arguments),
            IndicatorResultCache.data_version == version,
            IndicatorResultCache.status == "ok",
        )
    )
    if data is None:
        return None
    try:
        return pd.read_parquet(io.BytesIO(data), engine="pyarrow")
    except Exception:  # noqa: BLE001 - an unreadable row is recomputed, never shown
        LOG.warning("stored frame of %s is unreadable; recomputing", query_name, exc_info=True)
        return None


def put_frame(session: Session, query_name: str, arguments: dict[str, Any], version: int, frame: pd.DataFrame) -> bool:
    """Store the frame for this data version (commits); False, without raising, when it cannot be written."""
    try:
        buffer = io.BytesIO()
        frame.to_parquet(buffer, engine="pyarrow", index=True)
    except Exception:  # noqa: BLE001 - an exotic frame is simply not stored
        LOG.info("frame of %s cannot be stored", query_name, exc_info=True)
        return False
    name, key = cache_name(query_name), stored_key(arguments)
    try:
        session.execute(delete(IndicatorResultCache).where(stale_rows(version)))
        session.execute(delete(IndicatorResultCache).where(
            IndicatorResultCache.indicator_id == name, IndicatorResultCache.options_key == key,
            IndicatorResultCache.data_version == version))
        session.add(IndicatorResultCache(indicator_id=name, options_key=key, data_version=version, status="ok",
                                         frame_parquet=buffer.getvalue()))
        session.commit()
    except SQLAlchemyError:
        session.rollback()
        LOG.info("frame of %s not stored", query_name, exc_info=True)
        return False
    return True


# The stored page queries whose arguments do not depend on a filter: what a first visitor of the
# specimens and trade pages reads. Filtered variants are stored when first asked for.
DEFAULT_PAGE_QUERIES: tuple[tuple[str, tuple[Any, ...]], ...] = (
    # overview and species pages: national totals (counts 3 M occurrences)
    ("data_access.queries.overview.headline_counts_frame", ()),
    ("data_access.queries.specimens.occurrence_summary", ()),
    ("data_access.queries.specimens.species_recorded_frame", ()),
    ("data_access.queries.specimens.list_completeness", ()),
    ("data_access.queries.occurrence_records.sensitive_cells", (None,)),
    ("data_access.queries.trade.permits_by_year", ()),
    ("data_access.queries.trade.life_cycle_links", ()),
    ("data_access.queries.trade.late_report_summary", ()),
    ("data_access.queries.trade.late_report_examples", ()),
    # protected-areas page: ~3,000 site polygons merged, simplified and projected (seconds of
    # shapely and pyproj work), and the province outlines under them
    ("data_access.queries.maps.protected_area_layer", ()),
    ("data_access.queries.maps.boundary_layer", ("province",)),
    # trade and cooperation pages: the world's countries (Equal Earth) under the partner maps
    ("data_access.queries.maps.boundary_layer", ("world_country",)),
    # data-management page: rows and newest date of every source (counts 3 M occurrences)
    ("data_access.queries.data_management.data_freshness", ()),
)

# Indicator results a page asks for with options (the result cache's warm-up stores only each
# indicator's default result): the protected-areas page's coverage by province and by KBA.
DEFAULT_INDICATOR_OPTIONS: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = (
    ("protected_area_coverage", (("by", "province"),)),
    ("kba_protection_coverage", (("by", "kba"),)),
)


def warm_pages(session: Session, version: int) -> dict[str, str]:
    """Compute and store the default page queries for this data version (after an import, beside
    the indicator results), so the first visitor of a page does not wait for them."""
    import importlib

    outcome: dict[str, str] = {}
    for name, args in DEFAULT_PAGE_QUERIES:
        arguments = {"args": list(args)}
        if get_frame(session, name, arguments, version) is not None:
            outcome[name] = "ok"
            continue
        module, _, function_name = name.rpartition(".")
        try:
            frame = getattr(importlib.import_module(module), function_name)(session, *args)
            session.rollback()  # end the read transaction before writing
            outcome[name] = "ok" if put_frame(session, name, arguments, version, frame) else "not stored"
        except Exception as error:  # noqa: BLE001 - reported per query; the page computes it instead
            session.rollback()
            LOG.warning("storing page query %s failed: %s", name, error)
            outcome[name] = f"error: {type(error).__name__}: {error}"[:300]
    outcome.update(warm_indicator_options(session, version))
    return outcome


def warm_indicator_options(session: Session, version: int) -> dict[str, str]:
    """Compute and store the indicator results pages ask for with options (DEFAULT_INDICATOR_OPTIONS)."""
    from data_access import result_cache

    outcome: dict[str, str] = {}
    for indicator_id, options in DEFAULT_INDICATOR_OPTIONS:
        name = f"{indicator_id}{dict(options)}"
        try:
            stored = result_cache.compute_and_store(session, indicator_id, dict(options), version)
            outcome[name] = "ok" if stored.result is not None else "no_data"
        except Exception as error:  # noqa: BLE001 - reported per result; the page computes it instead
            session.rollback()
            LOG.warning("storing %s failed: %s", name, error)
            outcome[name] = f"error: {type(error).__name__}: {error}"[:300]
    return outcome
