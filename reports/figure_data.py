"""What a plotly figure draws, read back from its traces, for charts that come without a data frame.

Page charts built from query frames (bars, flows, sites) have no indicator result behind them;
their data download is the values in the figure itself: per trace its name and the x and y it
draws (Sankey: source, target, value). Decorative traces (`hoverinfo="skip"`: bands, gap
bridges, plain lines) are left out, so each plotted point appears once.

>>> import plotly.graph_objects as go
>>> f = go.Figure(go.Bar(x=["a", "b"], y=[1, 2], name="n"))
>>> f.update_layout(xaxis_title="kind", yaxis_title="count").data and figure_frame(f).to_dict("records")
[{'series': 'n', 'kind': 'a', 'count': 1}, {'series': 'n', 'kind': 'b', 'count': 2}]
"""

from __future__ import annotations

import html
import re
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from i18n import t
from reports.provenance import Provenance

# Traces on a MapLibre/Mapbox subplot need map tiles and styles that Chromium would fetch.
MAP_TRACE_TYPES: frozenset[str] = frozenset(
    {"scattermap", "choroplethmap", "densitymap", "scattermapbox", "choroplethmapbox", "densitymapbox"}
)
_TAGS = re.compile(r"<[^>]+>")


def plain(text: object, *, line_break: str = " ") -> str:
    """Plotly rich text as plain text: tags dropped, <br> as `line_break`, entities decoded."""
    return html.unescape(_TAGS.sub("", str(text or "").replace("<br>", line_break))).strip()


def _axis_title(figure: go.Figure, name: str, default: str) -> str:
    axis = figure.layout[name]
    text = plain(axis.title.text) if axis and axis.title else ""
    return text or default


def draws_on_map_tiles(figure: go.Figure) -> bool:
    return any(trace.type in MAP_TRACE_TYPES for trace in figure.data)


def figure_frame(figure: go.Figure) -> pd.DataFrame:
    """series, x, y (named after the axis titles) of every trace that carries values."""
    x_name = _axis_title(figure, "xaxis", "x")
    y_name = _axis_title(figure, "yaxis", "y")
    if y_name == x_name:
        y_name = f"{y_name} (y)"
    rows: list[dict[str, object]] = []
    for index, trace in enumerate(figure.data):
        if getattr(trace, "hoverinfo", None) == "skip":
            continue
        name = plain(getattr(trace, "name", None)) or f"trace {index + 1}"
        if trace.type == "sankey":
            labels = list(trace.node.label or [])
            for source, target, value in zip(trace.link.source or (), trace.link.target or (), trace.link.value or (),
                                             strict=False):
                rows.append({"series": name, "source": labels[source] if source < len(labels) else source,
                             "target": labels[target] if target < len(labels) else target, "value": value})
            continue
        if trace.type == "pie":
            for label, value in zip(trace.labels or (), trace.values or (), strict=False):
                rows.append({"series": name, x_name: label, y_name: value})
            continue
        xs, ys = getattr(trace, "x", None), getattr(trace, "y", None)
        if xs is None and ys is None:
            continue
        xs = list(xs) if xs is not None else [None] * len(ys)
        ys = list(ys) if ys is not None else [None] * len(xs)
        # Map markers carry their values only in the hover text ("<b>Seoul</b><br>coverage: 12.5").
        texts = trace.text if isinstance(trace.text, (list, tuple)) and len(trace.text) == len(xs) else None
        for position, (x, y) in enumerate(zip(xs, ys, strict=False)):
            if x is None and y is None:
                continue
            row = {"series": name, x_name: x, y_name: y}
            if texts is not None:
                row["label"] = plain(texts[position], line_break="; ")
            rows.append(row)
    return pd.DataFrame(rows)


def figure_provenance(figure: go.Figure, lang: str, *, data_version: str = "", filters: dict[str, str] | None = None,
                      drawn_on: date | None = None) -> Provenance:
    """Title from the figure's title (first line), unit from the y-axis title, source: this database."""
    title_text = figure.layout.title.text if figure.layout.title else ""
    title = plain(str(title_text or "").split("<br>")[0]) or t("rep.chart.untitled", lang)
    unit = _axis_title(figure, "yaxis", "")
    return Provenance(title=title, unit=unit, source=t("rep.source.database", lang), data_version=data_version,
                      filters=filters or {}, drawn_on=drawn_on or date.today())
