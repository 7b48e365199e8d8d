"""Download buttons for exports: a chart as PNG/SVG, its data as a zip, the national report tables.

Files are made only when a button is clicked (Streamlit calls the `data` callable on a worker
thread), so drawing a page never waits for Chromium. The callable cannot read the session, so
the user, engine and language are taken when the page is drawn; each download writes one audit
entry (action "export") with that user.

Filters: a chart's footer and data package record the filters that produced it. Indicator
charts pass them in their provenance; a page wraps its other charts in
`with chart_filters({label: value, ...}):` (labels and values as the user sees them, in the page
language), and every chart drawn inside records them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from numbers import Integral
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy import Engine

from i18n import t
from reports.provenance import Provenance
from ui.access import current_role, current_user
from ui.database import get_engine

IMAGE_MIME: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}
# The filters of the charts being drawn (set by `chart_filters`); each script run is one thread.
_ACTIVE_FILTERS: ContextVar[Mapping[str, str] | None] = ContextVar("chart_filters", default=None)


@contextmanager
def chart_filters(filters: Mapping[str, object]) -> Iterator[None]:
    """Charts drawn inside record `filters` (label → value as shown) in their footer and data.

    Values are shown as text; lists and tuples are joined with ", " (a year range with "–").
    """
    token = _ACTIVE_FILTERS.set({str(name): filter_value(value) for name, value in filters.items()})
    try:
        yield
    finally:
        _ACTIVE_FILTERS.reset(token)


def filter_value(value: object) -> str:
    """A filter's value as one line of text: `(2010, 2020)` → "2010–2020", `["I", "II"]` → "I, II"."""
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, Integral) for v in value):
        return f"{value[0]}–{value[1]}"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _origin() -> str:
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - no request context (tests, worker thread)
        address = None
    return f"web:{address}" if address else "web"


def _audited(build: Callable[[], bytes], engine: Engine, user: str, origin: str, target: str,
             detail: Mapping[str, Any]) -> Callable[[], bytes]:
    """`build` that records the export in the audit log once the file exists."""
    from data_access.audit import log_event

    def run() -> bytes:
        content = build()
        log_event(engine, actor=user, action="export", target=target, detail=dict(detail), origin=origin)
        return content

    return run


def chart_downloads(
    figure: go.Figure,
    *,
    lang: str | None = None,
    key: str | None = None,
    provenance: Provenance | None = None,
    data: pd.DataFrame | None = None,
    indicator_id: str | None = None,
    name: str | None = None,
    filters: Mapping[str, object] | None = None,
) -> None:
    """PNG (300 dpi), SVG and data-zip buttons for one chart, side by side.

    Without `provenance`/`data`, they are read from the figure when a button is clicked. Charts
    on map tiles get the data button only (their tiles would have to be fetched to draw them).
    `filters` (default: those of the enclosing `chart_filters`) go into the provenance unless
    the given provenance already records filters of its own.
    """
    from reports.data_package import data_package
    from reports.figure_data import draws_on_map_tiles, figure_frame, figure_provenance
    from reports.images import render_chart
    from ui.database import current_data_version
    from ui.language import current_lang

    lang = lang or current_lang()
    version = str(current_data_version())
    active = {str(k): filter_value(v) for k, v in filters.items()} if filters is not None else dict(_ACTIVE_FILTERS.get() or {})
    if provenance is None:
        shown = figure_provenance(figure, lang, data_version=version, filters=active)
    else:
        shown = provenance if provenance.filters or not active else replace(provenance, filters=active)
    key = key or f"chart_{abs(hash((shown.title, len(figure.data))))}"
    stem = f"{name or indicator_id or key}_{lang}"
    engine, user, role, origin = get_engine(), current_user(), current_role(), _origin()
    detail = {"lang": lang, "indicator": indicator_id, "filters": dict(shown.filters), "data_version": shown.data_version}
    formats = () if draws_on_map_tiles(figure) else ("png", "svg")
    # One row that wraps, each button as wide as its label: in a half-width column, fixed columns cut
    # the labels short ("PNG 이미지 (…").
    row = st.container(horizontal=True, gap="small")
    for fmt in formats:
        def build(fmt: str = fmt) -> bytes:
            return render_chart(figure, fmt, provenance=shown, lang=lang)

        row.download_button(
            t(f"rep.download.{fmt}", lang), _audited(build, engine, user, origin, f"{stem}.{fmt}", {**detail, "format": fmt}),
            file_name=f"{stem}.{fmt}", mime=IMAGE_MIME[fmt], key=f"{key}_{fmt}", on_click="ignore",
            icon=":material/image:", width="content",
        )
    frame = data.copy() if data is not None else None

    def package() -> bytes:
        rows = frame if frame is not None else figure_frame(figure)
        return data_package(rows, shown, lang, indicator_id=indicator_id, role=role)

    row.download_button(
        t("rep.download.data", lang),
        _audited(package, engine, user, origin, f"{stem}_data.zip", {**detail, "format": "zip"}),
        file_name=f"{stem}_data.zip", mime="application/zip", key=f"{key}_zip", on_click="ignore",
        icon=":material/table:", width="content",
    )


def national_report_downloads(lang: str, *, key: str = "national_report") -> None:
    """The 7NR tables (indicator data, Section III, NBSAP actions) as XLSX and JSON."""
    from reports.national_report import build_national_report, report_json, report_xlsx

    engine, user, origin = get_engine(), current_user(), _origin()

    def xlsx() -> bytes:
        return report_xlsx(build_national_report(engine, lang))

    def json_text() -> bytes:
        return report_json(build_national_report(engine, lang)).encode("utf-8")

    left, right = st.columns(2)
    with left:
        st.download_button(
            t("rep.download.national_report", lang),
            _audited(xlsx, engine, user, origin, "national-report", {"lang": lang, "format": "xlsx"}),
            file_name=f"national_report_{lang}.xlsx", key=f"{key}_xlsx", on_click="ignore",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/description:",
        )
    with right:
        st.download_button(
            t("rep.download.national_report_json", lang),
            _audited(json_text, engine, user, origin, "national-report", {"lang": lang, "format": "json"}),
            file_name=f"national_report_{lang}.json", mime="application/json", key=f"{key}_json", on_click="ignore",
            icon=":material/data_object:",
        )
