"""The protected-areas page's maps, cached on the data version and the reader's choices.

The site map's input is the stored layer of ~3,000 projected site polygons
(`ui.stored_queries.load_stored`); handing that frame to `ui.components.figure` would hash it on
every rerun (~50 ms at national scale). Keyed on the language, the chosen site types and the
labels instead, a rerun finds the figure at once. The province coverage map likewise reads the
stored province layer inside its cached function, keyed on the small value frame. Like every
cached figure they are shared between sessions: callers must not change them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from charts.maps import choropleth_map, site_map
from data_access.queries.maps import boundary_layer, protected_area_layer
from ui.database import load
from ui.stored_queries import load_stored

HOVER = ("designation_shown", "area_km2", "status_year")


def protected_area_map(
    lang: str,
    types: Sequence[str],
    colours: Mapping[str, str],
    labels: Mapping[str, str],
    tile_url: str | None,
) -> go.Figure:
    """Sites of `types` (PA, OECM) over the provinces, names and designations in `lang`."""
    return load(
        _protected_area_map, lang, tuple(types), tuple(colours.items()), tuple(labels.items()), tile_url
    )


def _protected_area_map(
    _session: Any, lang: str, types: tuple[str, ...], colours: tuple, labels: tuple, tile_url: str | None
) -> go.Figure:
    name_column = "name_ko" if lang == "ko" else "name_en"
    layer = load_stored(protected_area_layer)
    base = load_stored(boundary_layer, "province")
    shown = layer.loc[layer["site_type"].isin(types)].assign(
        name=lambda f: f[name_column],
        designation_shown=lambda f: f["designation" if lang == "ko" else "designation_en"],
    )
    return site_map(
        base.assign(name=base[name_column]),
        shown,
        dict(labels),
        lang,
        category="site_type",
        colours=dict(colours),
        hover=HOVER,
        digits=1,
        tile_url=tile_url,
    )


def province_coverage_map(
    lang: str, values: pd.DataFrame, labels: Mapping[str, str], tile_url: str | None
) -> go.Figure:
    """`values` (`code`, `value`: % of each province protected) over the stored province layer."""
    return load(
        _province_coverage_map, lang, values[["code", "value"]], tuple(labels.items()), tile_url
    )


def _province_coverage_map(
    _session: Any, lang: str, values: pd.DataFrame, labels: tuple, tile_url: str | None
) -> go.Figure:
    base = load_stored(boundary_layer, "province")
    shown = base.assign(name=base["name_ko" if lang == "ko" else "name_en"])
    return choropleth_map(shown, values, dict(labels), lang, digits=1, tile_url=tile_url)
