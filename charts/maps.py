"""Maps drawn offline: polygons already projected to a flat CRS, as plotly scatter fills.

By default no tiles, no CDN topojson, no geo subplot: a boundary layer is a frame with one row per area,
`code`, `name`, `x` and `y` (projected coordinate lists, rings separated by None) and `cx`, `cy`
(a point inside the area, for the tooltip). `data_access.queries.maps` builds such layers from
the boundaries in the database; values are classed into a few bins so the legend is readable on
paper and each bin is one trace (fast to draw, whatever the number of areas).

Optional base map (issue #6): given `tile_url` (an XYZ raster template, the `GBF_TILE_URL`
setting), the same traces are drawn on a MapLibre map subplot with those tiles under the shipped
polygons; coordinates are projected back to longitude/latitude for it. Without `tile_url` the
figure holds no URL, so the browser fetches nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from pyproj import Transformer

from charts.theme import LIGHT, MUTED, SEQUENTIAL, apply_theme, label, number_format

# The flat CRSs the boundary layers come in (data_access.queries.maps.PROJECTIONS).
KOREA_CRS = "EPSG:5179"  # Korea 2000 / Unified CS: all coordinates positive, below ~3,000 km
WORLD_CRS = "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m"  # Equal Earth, centred on 0°
TILE_ATTRIBUTION_DEFAULT = ""


def _concat(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """All rings of the rows in two float arrays, NaN between rings (a gap: plotly starts a new shape).

    Arrays rather than lists: plotly validates and serialises them (as typed arrays) far faster.
    """
    gap = np.array([np.nan])
    xs = [part for x in rows["x"] for part in (np.asarray(x, dtype=float), gap)]
    ys = [part for y in rows["y"] for part in (np.asarray(y, dtype=float), gap)]
    return (np.concatenate(xs), np.concatenate(ys)) if xs else (np.empty(0), np.empty(0))


def _nice(value: float) -> float:
    """Round a class break to two significant digits so legends read well."""
    if value <= 0 or not math.isfinite(value):
        return value
    magnitude = 10 ** (math.floor(math.log10(value)) - 1)
    return round(value / magnitude) * magnitude


def class_breaks(values: Sequence[float], classes: int = 5) -> list[float]:
    """Upper bounds of up to `classes` quantile classes over the positive values (rounded, unique).

    >>> class_breaks([1, 2, 3, 4, 100], 2)
    [3, 100]
    """
    positive = np.sort(np.asarray([v for v in values if v is not None and v > 0], dtype=float))
    if positive.size == 0:
        return []
    quantiles = [float(np.quantile(positive, q)) for q in np.linspace(0, 1, classes + 1)[1:]]
    breaks: list[float] = []
    for q in quantiles[:-1]:
        nice = _nice(q)
        if not breaks or nice > breaks[-1]:
            breaks.append(nice)
    top = float(positive[-1])
    if not breaks or top > breaks[-1]:
        breaks.append(top)
    return [int(b) if float(b).is_integer() else b for b in breaks]


def _finish(figure: go.Figure, labels: Mapping[str, str], height: int, *, tile_url: str | None = None,
            crs: str | None = None) -> go.Figure:
    if tile_url:
        figure = on_tiles(figure, tile_url, crs=crs, attribution=labels.get("tiles", TILE_ATTRIBUTION_DEFAULT))
    figure.update_xaxes(visible=False, showgrid=False)
    figure.update_yaxes(visible=False, showgrid=False, scaleanchor="x", scaleratio=1)
    apply_theme(
        figure, title=labels.get("title"), subtitle=labels.get("subtitle"), footer=labels.get("footer"),
        height=height, legend_title=labels.get("legend"),
    )
    figure.update_layout(legend={"orientation": "v", "y": 0.02, "yanchor": "bottom", "x": 1.01, "xanchor": "left",
                                 "bgcolor": "rgba(255,255,255,0.85)"},
                         margin={"t": 48 if labels.get("title") else 12, "r": 24, "l": 12},
                         hovermode="closest", dragmode="pan")
    return figure


def _format(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}"


def choropleth_map(
    layer: pd.DataFrame,
    values: pd.DataFrame,
    labels: Mapping[str, str],
    lang: str,
    *,
    digits: int = 0,
    classes: int = 5,
    height: int = 560,
    tile_url: str | None = None,
    crs: str | None = None,
) -> go.Figure:
    """Areas of `layer` coloured by `values` (`code`, `value`), classed into quantile bins.

    labels: title, subtitle, footer, legend, value (tooltip name of the value), no_data.
    Areas without a value are drawn light grey and listed as "no data" in the legend.
    `tile_url`: optional raster tiles under the polygons (see the module docstring); `crs`: the
    layer's flat CRS, guessed from the coordinates when not given.

    >>> layer = pd.DataFrame({"code": ["A"], "name": ["a"], "x": [[0, 1, 1]], "y": [[0, 0, 1]], "cx": [0.7], "cy": [0.3]})
    >>> len(choropleth_map(layer, pd.DataFrame({"code": ["A"], "value": [5]}), {}, "en").data)
    2
    """
    merged = layer.merge(values[["code", "value"]], on="code", how="left")
    figure = go.Figure()
    breaks = class_breaks(merged["value"].dropna().tolist(), classes)
    palette = SEQUENTIAL[-len(breaks):] if len(breaks) < len(SEQUENTIAL) else SEQUENTIAL
    missing = merged.loc[merged["value"].isna() | (merged["value"] <= 0)]
    if not missing.empty:
        xs, ys = _concat(missing)
        figure.add_trace(go.Scatter(
            x=xs, y=ys, fill="toself", fillcolor=LIGHT, mode="lines", line={"color": "white", "width": 0.6},
            hoverinfo="skip", name=label(labels, "no_data", "–"),
        ))
    lower = 0.0
    for upper, colour in zip(breaks, palette, strict=False):
        rows = merged.loc[(merged["value"] > lower) & (merged["value"] <= upper)]
        if not rows.empty:
            xs, ys = _concat(rows)
            figure.add_trace(go.Scatter(
                x=xs, y=ys, fill="toself", fillcolor=colour, mode="lines", line={"color": "white", "width": 0.6},
                hoverinfo="skip", name=f"{_format(lower, digits)} – {_format(upper, digits)}",
            ))
        lower = upper
    shown = merged.dropna(subset=["cx"])
    value_name = label(labels, "value")
    texts = [
        f"<b>{name}</b><br>{value_name}: {'–' if pd.isna(v) else _format(v, digits)}"
        for name, v in zip(shown["name"], shown["value"], strict=True)
    ]
    figure.add_trace(go.Scatter(
        x=shown["cx"], y=shown["cy"], mode="markers", marker={"size": 6, "color": "rgba(0,0,0,0)"},
        text=texts, hovertemplate="%{text}<extra></extra>", showlegend=False,
    ))
    return _finish(figure, labels, height, tile_url=tile_url, crs=crs)


def site_map(
    base: pd.DataFrame,
    sites: pd.DataFrame,
    labels: Mapping[str, str],
    lang: str,
    *,
    category: str,
    colours: Mapping[str, str],
    hover: Sequence[str] = (),
    digits: int = 0,
    height: int = 620,
    tile_url: str | None = None,
    crs: str | None = None,
) -> go.Figure:
    """Sites (polygons, same layer format) over a light base layer, coloured by `category`.

    labels: title, subtitle, footer, legend, `name:<category value>`, and `column:<hover column>`.
    Each site also has a dot (small sites are invisible as polygons at national scale) that
    carries its tooltip; the dots of a category are one trace of one colour, in the category's
    legend group, so a legend click hides a category's polygons and dots together.
    """
    figure = go.Figure()
    if not base.empty:
        xs, ys = _concat(base)
        figure.add_trace(go.Scatter(
            x=xs, y=ys, fill="toself", fillcolor=LIGHT, mode="lines", line={"color": MUTED, "width": 0.7},
            hoverinfo="skip", name=label(labels, "base", ""), showlegend=bool(labels.get("base")),
        ))
        figure.add_trace(go.Scatter(
            x=base["cx"], y=base["cy"], mode="markers", marker={"size": 4, "color": "rgba(0,0,0,0)"},
            text=base["name"], hovertemplate="%{text}<extra></extra>", showlegend=False,
        ))
    shown = {key: sites.loc[sites[category] == key] for key in colours}
    shown = {key: rows for key, rows in shown.items() if not rows.empty}
    for key, rows in shown.items():
        xs, ys = _concat(rows)
        figure.add_trace(go.Scatter(
            x=xs, y=ys, fill="toself", fillcolor=colours[key], opacity=0.75, mode="lines",
            line={"color": colours[key], "width": 0.8}, hoverinfo="skip", name=label(labels, f"name:{key}", str(key)),
            legendgroup=str(key),
        ))
    # One colour per trace, not a colour per site: plotly validates every colour of a list (~0.1 s
    # for 3,000 sites), and a single colour is checked once.
    for key, rows in shown.items():
        figure.add_trace(go.Scatter(
            x=rows["cx"], y=rows["cy"], mode="markers", marker={"size": 5, "color": colours[key], "opacity": 0.9},
            text=hover_texts(rows, hover, labels, digits), hovertemplate="%{text}<extra></extra>",
            name=label(labels, f"name:{key}", str(key)), legendgroup=str(key), showlegend=False,
        ))
    return _finish(figure, labels, height, tile_url=tile_url, crs=crs)


def _hover_value(value: object, digits: int) -> str:
    """A tooltip value: floats with `digits` decimals, missing values as "–", anything else as text."""
    if value is None or value is pd.NA:
        return "–"
    if isinstance(value, float):
        return "–" if math.isnan(value) else _format(value, digits)
    return str(value)


def hover_texts(sites: pd.DataFrame, hover: Sequence[str], labels: Mapping[str, str], digits: int) -> list[str]:
    """One tooltip per site: the name in bold, then `label: value` per hover column.

    Built column by column (thousands of sites in milliseconds, not a row-by-row loop).

    >>> hover_texts(pd.DataFrame({"name": ["A", "B"], "area": [1234.5, None],
    ...                           "year": pd.array([1967, None], dtype="Int64")}), ["area", "year"], {"column:area": "Area"}, 1)
    ['<b>A</b><br>Area: 1,234.5<br>year: 1967', '<b>B</b><br>Area: –<br>year: –']
    """
    texts = "<b>" + sites["name"].astype(str) + "</b>"
    for column in hover:
        # astype(object): whole numbers (Int64 years) stay ints; `map` would hand them over as floats
        shown = [_hover_value(value, digits) for value in sites[column].astype(object)]
        texts = texts + f"<br>{label(labels, f'column:{column}', column)}: " + pd.Series(shown, index=sites.index)
    return texts.tolist()


def value_format(digits: int) -> str:
    return number_format(digits)


def guess_crs(xs: np.ndarray, ys: np.ndarray) -> str:
    """KOREA_CRS when every coordinate fits the Korean grid (positive, < 4,000 km), else WORLD_CRS."""
    finite = np.concatenate([xs[np.isfinite(xs)], ys[np.isfinite(ys)]])
    if finite.size and finite.min() >= 0 and finite.max() < 4_000_000:
        return KOREA_CRS
    return WORLD_CRS


def _zoom(lon: np.ndarray, lat: np.ndarray, height: int, width: int = 700) -> tuple[dict[str, float], float]:
    """Centre and the zoom that fits the extent into about `width` × `height` px.

    MapLibre's zoom 0 shows the whole web-mercator world in 512 px; margins and title take ~120 px.
    """
    lon, lat = lon[np.isfinite(lon)], lat[np.isfinite(lat)]
    if not lon.size:
        return {"lon": 127.8, "lat": 36.3}, 5.5
    west, east = float(lon.min()), float(lon.max())
    south, north = max(float(lat.min()), -85.0), min(float(lat.max()), 85.0)

    def mercator(value: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(value) / 2))

    span_lon = max(east - west, 1e-3)
    span_y = max(mercator(north) - mercator(south), 1e-5)
    usable = max(height - 120, 200)
    zoom = min(math.log2(width * 360 / (512 * span_lon)), math.log2(usable * 2 * math.pi / (512 * span_y))) - 0.1
    centre_lat = math.degrees(2 * math.atan(math.exp((mercator(north) + mercator(south)) / 2)) - math.pi / 2)
    return {"lon": (west + east) / 2, "lat": centre_lat}, max(0.0, min(zoom, 16.0))


def on_tiles(figure: go.Figure, tile_url: str, *, crs: str | None = None, attribution: str = "") -> go.Figure:
    """The figure's scatter traces redrawn on a MapLibre map with `tile_url` raster tiles below them.

    >>> fig = go.Figure(go.Scatter(x=[1_000_000, 1_010_000], y=[1_900_000, 1_910_000], fill="toself"))
    >>> on_tiles(fig, "http://tiles.local/{z}/{x}/{y}.png").layout.map.layers[0].source
    ('http://tiles.local/{z}/{x}/{y}.png',)
    """
    traces = [t for t in figure.data if isinstance(t, go.Scatter)]
    all_x = np.concatenate([np.asarray(t.x, dtype=float) for t in traces if t.x is not None] or [np.empty(0)])
    all_y = np.concatenate([np.asarray(t.y, dtype=float) for t in traces if t.y is not None] or [np.empty(0)])
    transformer = Transformer.from_crs(crs or guess_crs(all_x, all_y), "EPSG:4326", always_xy=True)
    mapped = go.Figure(layout=figure.layout)
    lons: list[np.ndarray] = []
    lats: list[np.ndarray] = []
    for trace in traces:
        x = np.asarray(trace.x if trace.x is not None else [], dtype=float)
        y = np.asarray(trace.y if trace.y is not None else [], dtype=float)
        # (lists for a single point: pyproj's point shortcut would warn on a 1-element array)
        lon, lat = transformer.transform(x, y) if x.size > 1 else transformer.transform(x.tolist(), y.tolist())
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        lon[~np.isfinite(x)] = np.nan  # keep the gaps between rings
        lat[~np.isfinite(y)] = np.nan
        lons.append(lon)
        lats.append(lat)
        line = trace.line.to_plotly_json() if trace.line else {}
        marker = {k: v for k, v in (trace.marker.to_plotly_json() if trace.marker else {}).items()
                  if k in ("size", "color", "opacity")}
        mapped.add_trace(go.Scattermap(
            lon=lon, lat=lat, mode=trace.mode, fill=trace.fill if trace.fill == "toself" else None,
            fillcolor=trace.fillcolor, line={k: v for k, v in line.items() if k in ("color", "width")} or None,
            marker=marker or None, opacity=trace.opacity, name=trace.name, showlegend=trace.showlegend,
            legendgroup=trace.legendgroup,
            hoverinfo=trace.hoverinfo, hovertemplate=trace.hovertemplate, text=trace.text,
        ))
    height = int(figure.layout.height or 560)
    center, zoom = _zoom(np.concatenate(lons or [np.empty(0)]), np.concatenate(lats or [np.empty(0)]), height)
    layer = {"below": "traces", "sourcetype": "raster", "source": [tile_url]}
    if attribution:
        layer["sourceattribution"] = attribution
    mapped.update_layout(map={"style": "white-bg", "center": center, "zoom": zoom, "layers": [layer]})
    return mapped
