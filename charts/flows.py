"""Flow diagrams: the domestic life cycle of imported animals as a Sankey diagram."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.theme import MUTED, apply_theme, colour_for, label, number_format


def _rgba(colour: str, alpha: float) -> str:
    colour = colour.lstrip("#")
    return "rgba({},{},{},{})".format(*(int(colour[i : i + 2], 16) for i in (0, 2, 4)), alpha)


def sankey_chart(
    links: pd.DataFrame,
    labels: Mapping[str, str],
    lang: str,
    *,
    stages: Sequence[str],
    height: int = 460,
) -> go.Figure:
    """Flows `source` → `target` with `value`; node order and colours follow `stages`.

    labels: title, subtitle, footer, unit (after the number in tooltips), and `name:<stage>`.
    Stages not in `stages` (e.g. "still held") are drawn grey.

    >>> f = pd.DataFrame({"source": ["import"], "target": ["entry"], "value": [3]})
    >>> sankey_chart(f, {}, "en", stages=["import", "entry"]).data[0].type
    'sankey'
    """
    nodes = list(stages) + [n for n in pd.unique(links[["source", "target"]].to_numpy().ravel()) if n not in stages]
    index = {node: i for i, node in enumerate(nodes)}
    node_colours = [colour_for(i) if n in stages else MUTED for i, n in enumerate(nodes)]
    unit = label(labels, "unit")
    value_format = number_format(0)
    figure = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=value_format,
            valuesuffix=f" {unit}" if unit else "",
            node={
                "label": [label(labels, f"name:{n}", n) for n in nodes], "color": node_colours,
                "pad": 18, "thickness": 18, "line": {"width": 0},
            },
            link={
                "source": [index[s] for s in links["source"]],
                "target": [index[t] for t in links["target"]],
                "value": links["value"].tolist(),
                "color": [_rgba(node_colours[index[s]], 0.35) for s in links["source"]],
            },
        )
    )
    return apply_theme(
        figure, title=labels.get("title"), subtitle=labels.get("subtitle"), footer=labels.get("footer"), height=height
    )
