"""Indicator trend lines: value per year with its uncertainty band, one line per series.

Years without data are never filled in: within a series consecutive years are joined by a solid
line, a gap of missing years by a thin dotted line, and a marker appears only where there is data.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.theme import MUTED, apply_theme, colour_for, label, number_format


def _hex_to_rgba(colour: str, alpha: float) -> str:
    colour = colour.lstrip("#")
    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


def _segments(years: pd.Series) -> list[tuple[int, int]]:
    """Runs of consecutive years as (start index, end index) pairs, inclusive."""
    runs: list[tuple[int, int]] = []
    start = 0
    values = years.tolist()
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[i - 1] + 1:
            runs.append((start, i - 1))
            start = i
    return runs


def missing_years(frame: pd.DataFrame) -> list[int]:
    """Years between the first and last year of the frame that have no value."""
    years = sorted({int(y) for y in frame.loc[frame["value"].notna(), "year"]})
    if not years:
        return []
    return sorted(set(range(years[0], years[-1] + 1)) - set(years))


def missing_years_by_series(frame: pd.DataFrame, series: str | None) -> dict[object, list[int]]:
    """`missing_years` of each series drawn (key None when the frame is one series); series
    without a gap are left out.

    >>> frame = pd.DataFrame({"year": [2020, 2022, 2020, 2021, 2022], "value": 1.0, "d": list("aabbb")})
    >>> missing_years_by_series(frame, "d")
    {'a': [2021]}
    """
    groups = [(None, frame)] if series is None else frame.groupby(series, sort=True)
    gaps = {key: missing_years(group) for key, group in groups}
    return {key: years for key, years in gaps.items() if years}


def value_digits(values: pd.Series) -> int:
    """Decimals to show: none for counts, three for indices and shares up to 1.5, else one.

    >>> value_digits(pd.Series([120.0, 3400.0])), value_digits(pd.Series([0.82, 0.9])), value_digits(pd.Series([17.93]))
    (0, 3, 1)
    """
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    if not numbers.empty and (numbers == numbers.round()).all() and numbers.abs().max() > 1.5:
        return 0
    return 3 if not numbers.empty and numbers.abs().max() <= 1.5 else 1


def trend_chart(
    frame: pd.DataFrame,
    labels: Mapping[str, str],
    lang: str,
    *,
    series: str | None = None,
    digits: int = 2,
    target_value: float | None = None,
    max_series: int = 8,
    height: int = 420,
    from_zero: bool = False,
    stage: tuple[str, str] | None = None,
) -> go.Figure:
    """A line per series (or one line) of `value` by `year`, with `lower`–`upper` bands.

    stage: (column, final value) when the frame holds years whose figures are not final yet
    (`indicators.metadata.StageRule`): those years are drawn as open circles, named
    `labels['provisional']` in the legend and the tooltip.

    labels: title, subtitle, footer, x (year axis), y (value axis, with unit), target (target line),
    gap (legend text for dotted gaps), band (legend text for the band), series_names (optional
    mapping of series value → display name is passed as `labels['series:<value>']`).

    >>> f = pd.DataFrame({"year": [2000, 2001, 2005], "value": [1.0, 0.9, 0.8], "lower": None, "upper": None})
    >>> len(trend_chart(f, {"title": "RLI"}, "en").data) >= 2
    True
    """
    figure = go.Figure()
    data = frame.loc[frame["value"].notna()].copy()
    groups = [(None, data)] if series is None else list(data.groupby(series, sort=True))[:max_series]
    value_format = number_format(digits)
    gap_shown = provisional_shown = False
    for index, (key, group) in enumerate(groups):
        group = group.sort_values("year").reset_index(drop=True)
        colour = colour_for(index)
        name = label(labels, f"series:{key}", str(key)) if key is not None else label(labels, "value_name", label(labels, "y"))
        legend_group = f"s{index}"
        has_band = {"lower", "upper"} <= set(group.columns) and group[["lower", "upper"]].notna().all(axis=1).any()
        if has_band:
            band = group.dropna(subset=["lower", "upper"])
            figure.add_trace(
                go.Scatter(
                    x=[*band["year"], *band["year"][::-1]], y=[*band["upper"], *band["lower"][::-1]],
                    fill="toself", fillcolor=_hex_to_rgba(colour, 0.18), line={"width": 0}, hoverinfo="skip",
                    name=f"{name} · {label(labels, 'band', 'band')}", legendgroup=legend_group, showlegend=False,
                )
            )
        # Dotted bridges across gaps: they show the order of points, not values for the missing years.
        bridge_x: list[float | None] = []
        bridge_y: list[float | None] = []
        runs = _segments(group["year"].astype(int))
        for (_, end), (start, _) in zip(runs, runs[1:], strict=False):
            bridge_x += [group["year"][end], group["year"][start], None]
            bridge_y += [group["value"][end], group["value"][start], None]
        if bridge_x:
            figure.add_trace(
                go.Scatter(
                    x=bridge_x, y=bridge_y, mode="lines", line={"color": colour, "width": 1.2, "dash": "dot"},
                    hoverinfo="skip", name=label(labels, "gap", "no data"), legendgroup="gap",
                    showlegend=not gap_shown,
                )
            )
            gap_shown = True
        provisional = (group[stage[0]].astype(str) != stage[1]).to_numpy() if stage else np.zeros(len(group), bool)
        final = ~provisional
        # Solid runs of final years: break the line between runs with None. A step to or from a
        # provisional year is dashed: that value may still change.
        line_x: list[float | None] = []
        line_y: list[float | None] = []
        for start, end in _final_runs(runs, provisional):
            line_x += [*group["year"][start : end + 1], None]
            line_y += [*group["value"][start : end + 1], None]
        pending_x: list[float | None] = []
        pending_y: list[float | None] = []
        for start, end in runs:
            for i in range(start, end):
                if provisional[i] or provisional[i + 1]:
                    pending_x += [group["year"][i], group["year"][i + 1], None]
                    pending_y += [group["value"][i], group["value"][i + 1], None]
        if pending_x:
            figure.add_trace(
                go.Scatter(x=pending_x, y=pending_y, mode="lines", line={"color": colour, "width": 2, "dash": "dash"},
                           hoverinfo="skip", legendgroup=legend_group, showlegend=False)
            )
        custom = group[["lower", "upper"]].to_numpy() if has_band else None
        band_hover = (
            f"<br>{label(labels, 'band', '')}: %{{customdata[0]:{value_format}}}–%{{customdata[1]:{value_format}}}"
            if has_band else ""
        )
        figure.add_trace(
            go.Scatter(x=line_x, y=line_y, mode="lines", line={"color": colour, "width": 2.5}, hoverinfo="skip",
                       legendgroup=legend_group, showlegend=False)
        )
        figure.add_trace(
            go.Scatter(
                x=group["year"][final], y=group["value"][final], mode="markers", marker={"color": colour, "size": 8},
                name=name, legendgroup=legend_group, customdata=custom[final] if custom is not None else None,
                hovertemplate=f"<b>{name}</b><br>%{{x}}: %{{y:{value_format}}}{band_hover}<extra></extra>",
            )
        )
        if provisional.any():
            mark = label(labels, "provisional", "preliminary")
            figure.add_trace(
                go.Scatter(
                    x=group["year"][provisional], y=group["value"][provisional], mode="markers",
                    marker={"color": "white", "size": 9, "symbol": "circle", "line": {"color": colour, "width": 2}},
                    name=mark, legendgroup="provisional", showlegend=not provisional_shown,
                    customdata=custom[provisional] if custom is not None else None,
                    hovertemplate=f"<b>{name}</b> · {mark}<br>%{{x}}: %{{y:{value_format}}}{band_hover}<extra></extra>",
                )
            )
            provisional_shown = True
    if target_value is not None:
        figure.add_hline(
            y=target_value, line={"color": MUTED, "dash": "dash", "width": 1.5},
            annotation_text=label(labels, "target", ""), annotation_position="top left",
        )
    figure.update_xaxes(title=label(labels, "x"), tickformat="d", dtick=_year_step(data))
    figure.update_yaxes(title=label(labels, "y"), tickformat=number_format(digits) if digits <= 2 else None,
                        rangemode="tozero" if from_zero else None)  # counts and volumes: the axis starts at 0
    return apply_theme(
        figure, title=labels.get("title"), subtitle=labels.get("subtitle"), footer=labels.get("footer"), height=height
    )


def _final_runs(runs: list[tuple[int, int]], provisional: np.ndarray) -> list[tuple[int, int]]:
    """The runs (first, last index) split around provisional points, which none of them holds."""
    kept: list[tuple[int, int]] = []
    for start, end in runs:
        first = None
        for i in range(start, end + 1):
            if provisional[i]:
                if first is not None:
                    kept.append((first, i - 1))
                first = None
            elif first is None:
                first = i
        if first is not None:
            kept.append((first, end))
    return kept


def _year_step(frame: pd.DataFrame) -> int | None:
    if frame.empty:
        return None
    span = int(frame["year"].max()) - int(frame["year"].min())
    return 1 if span <= 10 else 2 if span <= 20 else 5 if span <= 50 else None
