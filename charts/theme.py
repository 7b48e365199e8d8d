"""One visual style for every chart: Okabe-Ito colours, Noto CJK fonts, sizes readable in a report.

Okabe & Ito (2008) "Color Universal Design": eight colours distinguishable with every common
colour-vision deficiency. Progress statuses also carry a symbol, so colour is never the only cue.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
import plotly.io as pio

from charts.plotly_locale import locale_config

FONT_FAMILY = "'Noto Sans CJK KR', 'Noto Sans KR', sans-serif"
FONT_SIZE = 14
TITLE_SIZE = 17
TEXT_COLOUR = "#222222"
GRID_COLOUR = "#E3E3E3"
MUTED = "#9A9A9A"  # no data, context layers
# A chart across the page's main column holds about this many 12-px ems on a footer line.
FOOTER_EMS = 68.0
FOOTER_LINE_PX = 16
LIGHT = "#EFEFEF"  # background polygons

# Okabe-Ito, in the order series take them (blue first: the app's primary colour).
OKABE_ITO: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish_green": "#009E73",
    "vermillion": "#D55E00",
    "sky_blue": "#56B4E9",
    "reddish_purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
SERIES_COLOURS: tuple[str, ...] = tuple(OKABE_ITO.values())

# Sequential light-to-dark blue for choropleths (ColorBrewer Blues, safe for colour-blind readers).
SEQUENTIAL: tuple[str, ...] = ("#DEEBF7", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C")

# The 7NR progress scale (shared/reference/README.md): colour and a symbol for each code.
PROGRESS_COLOURS: dict[str, str] = {
    "achieved": OKABE_ITO["bluish_green"],
    "on_track": OKABE_ITO["sky_blue"],
    "insufficient_rate": OKABE_ITO["orange"],
    "no_significant_change": OKABE_ITO["yellow"],
    "moving_away": OKABE_ITO["vermillion"],
    "unknown": "#BDBDBD",
    "not_applicable": "#E0E0E0",
}
PROGRESS_SYMBOLS: dict[str, str] = {
    "achieved": "✔",
    "on_track": "▲",
    "insufficient_rate": "◢",
    "no_significant_change": "■",
    "moving_away": "▼",
    "unknown": "?",
    "not_applicable": "–",
}

# Streamlit's plotly config: no logo, a PNG export at report resolution, nothing loaded from a CDN.
PLOTLY_CONFIG: dict[str, object] = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def plotly_config(lang: str) -> dict[str, object]:
    """PLOTLY_CONFIG with plotly's own words (tool-bar tips, month names) in `lang`."""
    return {**PLOTLY_CONFIG, **locale_config(lang)}


# Every figure starts from plotly_white. Set once as the default (applied without re-validation when a
# figure is created) because assigning a template per figure validates it again: ~30 ms a chart, most
# of the time a page spends building its charts.
pio.templates.default = "plotly_white"


def colour_for(index: int) -> str:
    return SERIES_COLOURS[index % len(SERIES_COLOURS)]


def colour_map(values: Sequence[str]) -> dict[str, str]:
    """A stable colour per category, in the order the categories are given."""
    return {value: colour_for(i) for i, value in enumerate(values)}


def number_format(digits: int = 0) -> str:
    """d3 format for hover texts and axes: thousands separators, fixed decimals (both languages)."""
    return f",.{digits}f"


def apply_theme(
    figure: go.Figure,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    footer: str | None = None,
    height: int = 420,
    legend_title: str | None = None,
    legend_width_px: int = 560,
) -> go.Figure:
    """Fonts, colours, margins and legend placement shared by every chart; returns the figure.

    The legend wraps at the plot's width: `legend_width_px` is that width where long category
    labels take most of a chart (the top margin grows by a row for each row the legend needs).
    """
    title_text = f"<b>{title}</b>" if title else None
    legend_rows = _legend_rows(figure, legend_width_px)
    # Plotly does not wrap annotations: a long footer would run off the chart's right edge.
    footer_lines = [part for line in (footer or "").split("<br>") for part in wrap_line(line, FOOTER_EMS)]
    # plotly's own subtitle: a second line in the title text (<br>) pushed its first line off the top.
    title_layout = {"text": title_text, "x": 0, "xanchor": "left", "y": 0.98, "yref": "container", "yanchor": "top",
                    "font": {"size": TITLE_SIZE}, "automargin": True}
    if subtitle:
        title_layout["subtitle"] = {"text": subtitle, "font": {"size": 13, "color": MUTED}}
    figure.update_layout(
        font={"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT_COLOUR},
        title=title_layout if title_text else None,
        height=height,
        # The legend sits between the title and the plot, so long tick labels and footers never hide it.
        margin={"l": 60, "r": 24, "b": 96 + FOOTER_LINE_PX * (len(footer_lines) - 1) if footer else 48,
                "t": (44 if title_text else 12) + (30 if subtitle else 0) + 24 * legend_rows},
        legend={
            "orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "xanchor": "left",
            "title": {"text": legend_title} if legend_title else None, "font": {"size": 13},
        },
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 13}},
        separators=".,",
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    figure.update_xaxes(gridcolor=GRID_COLOUR, linecolor="#BBBBBB", ticks="outside", zeroline=False, automargin=True)
    figure.update_yaxes(gridcolor=GRID_COLOUR, linecolor="#BBBBBB", zeroline=False, automargin=True)
    if footer:
        figure.add_annotation(
            # below the x-axis tick labels and title (the bottom margin leaves room for it)
            text="<br>".join(footer_lines), xref="paper", yref="paper", x=0, y=0, yshift=-58, xanchor="left",
            yanchor="top", showarrow=False, font={"size": 12, "color": MUTED}, align="left",
        )
    return figure


def visual_width(text: str) -> float:
    """Width in ems: wide (Hangul, CJK) characters count 1, others about 0.55."""
    return sum(1.0 if unicodedata.east_asian_width(c) in ("W", "F") else 0.55 for c in text)


def wrap_line(text: str, max_ems: float) -> list[str]:
    """Break a line at spaces (or anywhere in long words) so it fits `max_ems`."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if visual_width(candidate) <= max_ems:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while visual_width(current) > max_ems:
            cut = len(current)
            while cut > 1 and visual_width(current[:cut]) > max_ems:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


def _legend_rows(figure: go.Figure, width_px: int = 560) -> int:
    """Rough number of rows the horizontal legend takes (so the top margin leaves room for it)."""
    names = [str(trace.name) for trace in figure.data
             if getattr(trace, "showlegend", False) is not False and getattr(trace, "name", None)]
    if not names:
        return 0
    return max(1, math.ceil(sum(len(name) * 8 + 40 for name in names) / width_px))


def label(labels: Mapping[str, str], key: str, default: str = "") -> str:
    """A text from the labels mapping, or the default when the caller gave none."""
    value = labels.get(key)
    return default if value is None else str(value)

# Red List categories: colour-blind-safe stand-ins for IUCN's red-to-green scheme, worst first.
RED_LIST_COLOURS: dict[str, str] = {
    "EX": "#000000", "EW": "#4D4D4D", "RE": "#6B3E75", "CR(PE)": "#8C2D04", "CR(PEW)": "#8C2D04",
    "CR": OKABE_ITO["vermillion"], "EN": OKABE_ITO["orange"], "VU": OKABE_ITO["yellow"],
    "NT": OKABE_ITO["sky_blue"], "LC": OKABE_ITO["bluish_green"], "DD": "#A6A6A6", "NA": "#D0D0D0", "NE": "#E6E6E6",
}
