"""Choropleths of provinces or countries, cached on the small value frame rather than the boundary layer.

A boundary layer holds its rings as lists, which Streamlit cannot hash column by column: handed
to `ui.components.figure` it would be pickled on every rerun to compute the cache key (tens of
milliseconds for the world layer). Here the layer is read inside the cached function, so the key
is the level, the language, the values, the labels and the options. Like every cached figure the
result is shared between sessions: callers must not change it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from charts.maps import choropleth_map
from data_access.queries.maps import boundary_layer
from ui.database import load
from ui.stored_queries import load_stored


def area_choropleth(level: str, lang: str, values: pd.DataFrame, labels: Mapping[str, str], **options: Any) -> go.Figure:
    """`values` (`code`, `value`) over the `level` layer ("province", "world_country"), names in `lang`."""
    return load(_area_choropleth, level, lang, values, tuple(labels.items()), tuple(sorted(options.items())))


def _area_choropleth(
    _session: Any, level: str, lang: str, values: pd.DataFrame, labels: tuple, options: tuple
) -> go.Figure:
    layer = load_stored(boundary_layer, level)  # projected once per data version, not per server start
    shown = layer.assign(name=layer["name_ko" if lang == "ko" else "name_en"])
    return choropleth_map(shown, values, dict(labels), lang, **dict(options))
