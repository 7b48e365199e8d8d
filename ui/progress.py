"""Progress status per GBF target: the computed one and the staff-set one (7NR scale).

`data_access.queries.progress.target_progress` gives both, fed with the indicator results the
pages already computed (so nothing is computed twice); should it fail, the staff-set statuses
are read directly and the computed status is 'unknown'. The computed statuses are cached per data
version; the staff overrides are read fresh on every run (a small table), so a status saved by a
steward shows at once without recomputing any indicator.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from data_access.database import default_url, session_factory
from data_access.queries.target import status_overrides
from ui.database import current_data_version, get_engine
from ui.indicators import compute_indicator, registered_indicators

LOG = logging.getLogger(__name__)
PROGRESS_CODES = ("achieved", "on_track", "insufficient_rate", "no_significant_change", "moving_away", "unknown",
                  "not_applicable")


@dataclass(frozen=True)
class TargetStatus:
    computed: str = "unknown"
    staff: str | None = None
    justification: str | None = None
    author: str | None = None
    at: dt.datetime | None = None  # when the staff status was set (UTC)
    indicators: str = ""  # "indicator_id: status; ..." behind the computed status

    @property
    def shown(self) -> str:
        """The status the grid colours by: staff-set wins, as in the national report."""
        return self.staff or self.computed


def _normalise(code: object) -> str:
    text = str(code or "unknown").strip().lower()
    return text if text in PROGRESS_CODES else "unknown"


def _from_progress_module() -> pd.DataFrame | None:
    try:
        from data_access.queries import progress
    except ImportError:
        return None
    return _progress_frame(default_url(), current_data_version(), progress.__name__)


@st.cache_resource(show_spinner=False, max_entries=8)
def _progress_frame(url: str, version: int, module: str) -> pd.DataFrame | None:
    """target_progress on the indicator results the pages already computed (cached per data version)."""
    from data_access.queries.progress import target_progress

    results = {}
    for indicator_id, _meta in registered_indicators():
        view = compute_indicator(indicator_id)
        if view.result is not None:
            results[indicator_id] = view.result
    try:
        with session_factory(get_engine())() as session:
            frame = target_progress(session, results=results, include_national=False)
    except Exception:  # noqa: BLE001 - a failing progress module must not take the overview down
        LOG.exception("target_progress failed; showing staff-set statuses only")
        return None
    return frame if isinstance(frame, pd.DataFrame) else None


def _latest_overrides() -> pd.DataFrame | None:
    """The latest staff override per target, read now (not cached: it changes without a data version bump)."""
    try:
        from data_access.queries.progress import latest_overrides

        with session_factory(get_engine())() as session:
            return latest_overrides(session)
    except Exception:  # noqa: BLE001 - fall back to the cached frame's overrides
        LOG.exception("reading the staff overrides failed")
        return None


def _when(value: object) -> dt.datetime | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()


def target_statuses() -> dict[str, TargetStatus]:
    """code → TargetStatus for every target that has a computed or staff-set status."""
    progress = _from_progress_module()
    if progress is not None and "target_code" in progress.columns:
        overrides = _latest_overrides()
        if overrides is not None:
            progress = progress.drop(columns=[c for c in overrides.columns if c != "target_code"], errors="ignore")
            progress = progress.merge(overrides, on="target_code", how="left")
        statuses: dict[str, TargetStatus] = {}
        for row in progress.to_dict("records"):
            staff = row.get("override_status")
            has_staff = isinstance(staff, str) and bool(staff)
            statuses[str(row["target_code"])] = TargetStatus(
                computed=_normalise(row.get("computed_status")),
                staff=_normalise(staff) if has_staff else None,
                justification=row.get("override_justification") if has_staff else None,
                author=row.get("override_author") if has_staff else None,
                at=_when(row.get("override_at")) if has_staff else None,
                indicators=str(row.get("indicator_statuses") or ""),
            )
        return statuses
    statuses = {}
    with session_factory(get_engine())() as session:
        overrides = status_overrides(session)
    for row in overrides.to_dict("records"):
        statuses[str(row["target_code"])] = TargetStatus(
            staff=_normalise(row["status"]), justification=row["justification"], author=row["author"],
            at=_when(row.get("created_at")),
        )
    return statuses
