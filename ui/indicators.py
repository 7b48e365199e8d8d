"""Registered indicators for the pages: metadata, results cached on the data version, headlines.

Pages never call `compute` directly: `compute_indicator` turns every way an indicator can be
unavailable (not registered yet, no database loader, no data, an error) into an `IndicatorView`
with a reason the page explains, so a missing indicator never breaks a page.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from data_access.database import default_url, session_factory
from indicators import registry
from indicators.metadata import IndicatorMetadata, headline_slice
from indicators.result import IndicatorResult
from ui.database import current_data_version, get_engine

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndicatorView:
    """An indicator as a page shows it: its metadata and either a result or why there is none."""

    id: str
    metadata: IndicatorMetadata | None
    result: IndicatorResult | None = None
    problem: str | None = None  # no_data | no_loader | error | not_available
    message: str = ""
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.result is not None


def _metadata(indicator_id: str) -> IndicatorMetadata | None:
    try:
        return registry.get(indicator_id).metadata
    except Exception:  # noqa: BLE001 - an indicator being written by someone else may not import yet
        LOG.info("indicator %s is registered but cannot be loaded yet", indicator_id)
        return None


def registered_indicators() -> list[tuple[str, IndicatorMetadata]]:
    """(id, metadata) of every registered indicator that loads, in registry order."""
    found = []
    for indicator_id in registry.INDICATOR_IDS:
        meta = _metadata(indicator_id)
        if meta is not None:
            found.append((indicator_id, meta))
    return found


def indicators_for_target(code: str) -> list[tuple[str, IndicatorMetadata]]:
    return [(i, m) for i, m in registered_indicators() if code in m.gbf_targets]


def compute_indicator(indicator_id: str, **options: Any) -> IndicatorView:
    """The indicator computed on the current data, cached until the data version changes."""
    return _compute(default_url(), current_data_version(), indicator_id, tuple(sorted(options.items())))


@st.cache_resource(show_spinner=False, max_entries=256)
def _compute(url: str, version: int, indicator_id: str, options: tuple) -> IndicatorView:
    # cache_resource, not cache_data: results hold read-only mappings that do not pickle, and a
    # result is immutable, so sharing the object between sessions is safe.
    meta = _metadata(indicator_id)
    kwargs = dict(options)
    if meta is None:
        return IndicatorView(indicator_id, None, problem="not_available", options=kwargs)
    from data_access import result_cache

    try:
        # The stored result of this data version if another process (the CLI, an earlier server)
        # computed it; else compute and store it for the next cold start.
        with session_factory(get_engine())() as session:
            stored = result_cache.compute_and_store(session, indicator_id, kwargs, version)
    except KeyError as error:
        if "no database loader" in str(error):
            return IndicatorView(indicator_id, meta, problem="no_loader", message=str(error), options=kwargs)
        LOG.exception("indicator %s failed", indicator_id)
        return IndicatorView(indicator_id, meta, problem="error", message=str(error), options=kwargs)
    except Exception as error:  # noqa: BLE001 - shown to the user as an explained state, and logged
        LOG.exception("indicator %s failed", indicator_id)
        return IndicatorView(indicator_id, meta, problem="error", message=f"{type(error).__name__}: {error}",
                             options=kwargs)
    if stored.result is None:
        return IndicatorView(indicator_id, meta, problem="no_data", message=stored.no_data_message or "",
                             options=kwargs)
    return IndicatorView(indicator_id, meta, result=stored.result, options=kwargs)


_WARMING = threading.Lock()


def store_results_in_background() -> bool:
    """After an import or rollback through the dashboard: compute and store every indicator's
    default result for the new data version in a background thread (what `cli.py import` does in
    the foreground), so the next visitor of the overview reads stored results. False when a
    warm-up is already running (it reads the data version when it starts each indicator)."""
    if not _WARMING.acquire(blocking=False):
        return False
    engine = get_engine()

    def run() -> None:
        from data_access.result_cache import warm

        try:
            warm(engine)
        except Exception:  # noqa: BLE001 - a failed warm-up only means the first view computes
            LOG.exception("storing indicator results in the background failed")
        finally:
            _WARMING.release()

    threading.Thread(target=run, name="gbf-result-cache-warm", daemon=True).start()
    return True


def headline_series(view: IndicatorView) -> pd.DataFrame | None:
    """The one series a tile shows (`indicators.metadata.headline_slice`, the rule of the charts
    and briefings); None when a breakdown has several values and none is the headline."""
    if view.result is None:
        return None
    frame, _fixed, free = headline_slice(view.result.frame, view.result.disaggregations, view.metadata)
    return frame.sort_values("year") if not free and not frame.empty else None


@dataclass(frozen=True)
class Headline:
    value: float
    year: int
    previous: float | None
    arrow: str  # ↑ ↓ → or ""


def headline(view: IndicatorView) -> Headline | None:
    """Latest value of the headline series, its year and the direction since the value before it."""
    series = headline_series(view)
    return None if series is None else latest_of(series)


def latest_of(series: pd.DataFrame) -> Headline | None:
    """Latest value of one series (`year`, `value`), its year and the direction since the value before it."""
    series = series.dropna(subset=["value"]).sort_values("year")
    if series.empty:
        return None
    last = series.iloc[-1]
    previous = float(series.iloc[-2]["value"]) if len(series) > 1 else None
    arrow = ""
    if previous is not None:
        change = float(last["value"]) - previous
        tolerance = 0.005 * max(abs(previous), 1e-9)
        arrow = "→" if abs(change) <= tolerance else ("↑" if change > 0 else "↓")
    return Headline(float(last["value"]), int(last["year"]), previous, arrow)
