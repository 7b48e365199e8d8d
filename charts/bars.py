"""Bar charts: counts or amounts by a category, optionally stacked by a second category."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.theme import apply_theme, colour_for, label, number_format

# The timeline's plot beside its action labels (code and 24 characters) in half the page.
LABELLED_PLOT_PX = 180


def bar_chart(
    frame: pd.DataFrame,
    labels: Mapping[str, str],
    lang: str,
    *,
    x: str,
    y: str,
    colour: str | None = None,
    horizontal: bool = False,
    stacked: bool = True,
    digits: int = 0,
    order: Sequence[str] | None = None,
    colour_order: Sequence[str] | None = None,
    colours: Mapping[str, str] | None = None,
    height: int = 420,
) -> go.Figure:
    """Bars of `y` by `x`; with `colour`, one trace per colour value, stacked or grouped.

    labels: title, subtitle, footer, x, y, legend, and `name:<value>` for category display names
    (both of `x` values and of `colour` values).

    >>> f = pd.DataFrame({"group": ["birds", "fish"], "n": [3, 4]})
    >>> bar_chart(f, {"name:birds": "Birds"}, "en", x="group", y="n").data[0].x[0]
    'Birds'
    """
    figure = go.Figure()
    value_format = number_format(digits)

    def shown(value: object) -> str:
        return label(labels, f"name:{value}", str(value))

    categories = list(order) if order is not None else list(dict.fromkeys(frame[x].tolist()))
    groups: list[tuple[object, pd.DataFrame]]
    if colour is None:
        groups = [(None, frame)]
    else:
        keys = list(colour_order) if colour_order is not None else list(dict.fromkeys(frame[colour].tolist()))
        groups = [(key, frame.loc[frame[colour] == key]) for key in keys if (frame[colour] == key).any()]
    for index, (key, group) in enumerate(groups):
        totals = group.groupby(x, sort=False)[y].sum().reindex(categories)
        names = [shown(c) for c in categories]
        fill = (colours or {}).get(str(key), colour_for(index)) if key is not None else colour_for(0)
        trace_name = shown(key) if key is not None else label(labels, "y")
        hover = f"%{{{'y' if horizontal else 'x'}}}<br>{trace_name}: %{{{'x' if horizontal else 'y'}:{value_format}}}<extra></extra>"
        figure.add_trace(
            go.Bar(
                x=totals.to_numpy() if horizontal else names,
                y=names if horizontal else totals.to_numpy(),
                orientation="h" if horizontal else "v",
                name=trace_name, marker_color=fill, hovertemplate=hover, showlegend=key is not None,
            )
        )
    figure.update_layout(barmode="stack" if stacked else "group", legend_traceorder="normal")
    value_axis = {"title": label(labels, "y"), "tickformat": value_format}
    category_axis = {"title": label(labels, "x"), "type": "category"}
    if horizontal:
        # Side-by-side small multiples leave the value axis narrow: three level ticks stay legible
    # (rotated ones ran into the axis title and footer).
        figure.update_xaxes(**value_axis, nticks=3, tickangle=0)
        figure.update_yaxes(**category_axis, autorange="reversed")
    else:
        figure.update_xaxes(**category_axis)
        figure.update_yaxes(**value_axis)
    return apply_theme(
        figure, title=labels.get("title"), subtitle=labels.get("subtitle"), footer=labels.get("footer"),
        height=height, legend_title=labels.get("legend"),
    )


def year_bars(
    frame: pd.DataFrame,
    labels: Mapping[str, str],
    lang: str,
    *,
    y: str,
    colour: str | None = None,
    digits: int = 0,
    colour_order: Sequence[str] | None = None,
    colours: Mapping[str, str] | None = None,
    height: int = 400,
) -> go.Figure:
    """Bars per year (a continuous year axis: missing years stay visibly empty)."""
    figure = go.Figure()
    value_format = number_format(digits)
    keys = [None] if colour is None else (
        list(colour_order) if colour_order is not None else list(dict.fromkeys(frame[colour].tolist()))
    )
    for index, key in enumerate(keys):
        group = frame if key is None else frame.loc[frame[colour] == key]
        if group.empty:
            continue
        totals = group.groupby("year")[y].sum()
        name = label(labels, "y") if key is None else label(labels, f"name:{key}", str(key))
        fill = (colours or {}).get(str(key), colour_for(index)) if key is not None else colour_for(0)
        figure.add_trace(
            go.Bar(
                x=totals.index.astype(int), y=totals.to_numpy(), name=name, marker_color=fill,
                showlegend=key is not None,
                hovertemplate=f"%{{x}}<br>{name}: %{{y:{value_format}}}<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack")
    figure.update_xaxes(title=label(labels, "x"), tickformat="d")
    figure.update_yaxes(title=label(labels, "y"), tickformat=value_format)
    return apply_theme(
        figure, title=labels.get("title"), subtitle=labels.get("subtitle"), footer=labels.get("footer"),
        height=height, legend_title=labels.get("legend"),
    )


def timeline_chart(
    frame: pd.DataFrame,
    labels: Mapping[str, str],
    lang: str,
    *,
    colours: Mapping[str, str],
    height: int | None = None,
) -> go.Figure:
    """Horizontal bars from `start` to `end` (years, inclusive) per `label`, coloured by `status`,
    top to bottom in the order of `frame`.

    labels: title, subtitle, footer, x, and `name:<status>` for the legend. The long bar labels push
    the plot (and a footer, which starts at its left edge) to the right: a note belongs in the subtitle.
    """
    figure = go.Figure()
    for status, colour in colours.items():
        group = frame.loc[frame["status"] == status]
        if group.empty:
            continue
        name = label(labels, f"name:{status}", status)
        figure.add_trace(
            go.Bar(
                y=group["label"], x=(group["end"] - group["start"] + 1), base=group["start"],
                orientation="h", marker_color=colour, name=name,
                customdata=group[["start", "end"]].to_numpy(),
                hovertemplate=f"%{{y}}<br>%{{customdata[0]}}–%{{customdata[1]}} · {name}<extra></extra>",
            )
        )
    figure.update_layout(barmode="overlay")
    figure.update_xaxes(title=label(labels, "x"), tickformat="d", dtick=1)
    # in the frame's order (the actions' codes), not grouped by status as the traces are
    figure.update_yaxes(autorange="reversed", type="category", categoryorder="array",
                        categoryarray=list(dict.fromkeys(frame["label"])))
    rows = frame["label"].nunique()
    return apply_theme(
        figure, title=labels.get("title"), subtitle=labels.get("subtitle"), footer=labels.get("footer"),
        height=height or max(300, 120 + 22 * rows), legend_title=labels.get("legend"),
        legend_width_px=LABELLED_PLOT_PX,
    )
