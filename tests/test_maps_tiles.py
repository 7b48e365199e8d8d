"""Issue #6: maps draw the shipped boundaries offline; an optional base-map tile URL may be set.

By default no figure holds any http(s) URL (the browser fetches nothing for a map); with
`GBF_TILE_URL` set, the maps are drawn on a map subplot with that URL as their raster tile source,
the shipped polygons on top.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from charts.maps import KOREA_CRS, WORLD_CRS, choropleth_map, guess_crs, site_map

REPO = Path(__file__).resolve().parents[1]
URL = re.compile(r"https?://[^\s\"']+")


def urls(spec: str) -> list[str]:
    """Every http(s) URL in a figure's JSON (plotly writes "/" as "\\u002f", so decode first)."""
    return URL.findall(json.dumps(json.loads(spec)))
TILES = "http://tiles.nibr.internal/{z}/{x}/{y}.png"


def square_layer(x0: float, y0: float, size: float, code: str = "A") -> pd.DataFrame:
    return pd.DataFrame({"code": [code], "name": [code], "x": [[x0, x0 + size, x0 + size, x0, x0]],
                         "y": [[y0, y0, y0 + size, y0 + size, y0]], "cx": [x0 + size / 2], "cy": [y0 + size / 2]})


# Seoul's area in Korea 2000 / Unified CS (EPSG:5179): around x 953,000, y 1,952,000.
SEOUL = square_layer(950_000, 1_950_000, 10_000)


def test_by_default_a_map_holds_no_url() -> None:
    figure = choropleth_map(SEOUL, pd.DataFrame({"code": ["A"], "value": [3.0]}), {"title": "t"}, "en")
    assert not urls(figure.to_json())
    assert not any(isinstance(trace, go.Scattermap) for trace in figure.data)


def test_with_a_tile_url_the_polygons_sit_on_those_tiles_in_lon_lat() -> None:
    figure = choropleth_map(SEOUL, pd.DataFrame({"code": ["A"], "value": [3.0]}), {"title": "t"}, "en", tile_url=TILES)
    layers = figure.layout.map.layers
    assert len(layers) == 1 and layers[0].sourcetype == "raster" and layers[0].source == (TILES,)
    assert layers[0].below == "traces"
    assert urls(figure.to_json()) == [TILES]  # the tile source and nothing else
    polygon = next(trace for trace in figure.data if trace.fill == "toself")
    assert isinstance(polygon, go.Scattermap)
    lon, lat = np.nanmean(np.asarray(polygon.lon, dtype=float)), np.nanmean(np.asarray(polygon.lat, dtype=float))
    assert 126.9 < lon < 127.2 and 37.4 < lat < 37.7  # Seoul, back in longitude/latitude
    assert 126.9 < figure.layout.map.center.lon < 127.2 and figure.layout.map.zoom > 7


def test_site_map_takes_the_tile_url_too() -> None:
    sites = SEOUL.assign(kind="PA")
    figure = site_map(SEOUL, sites, {"title": "t"}, "en", category="kind", colours={"PA": "#0072B2"}, tile_url=TILES)
    assert figure.layout.map.layers[0].source == (TILES,)
    # on the tiles too, a legend click hides a site type's polygons and dots together
    assert sorted(t.legendgroup for t in figure.data if t.legendgroup) == ["PA", "PA"]
    assert not urls(site_map(SEOUL, sites, {}, "en", category="kind", colours={"PA": "#0072B2"}).to_json())


def test_the_layer_projection_is_recognised() -> None:
    world = square_layer(-10_000_000, -2_000_000, 1_000_000)
    assert guess_crs(np.asarray(SEOUL["x"][0], float), np.asarray(SEOUL["y"][0], float)) == KOREA_CRS
    assert guess_crs(np.asarray(world["x"][0], float), np.asarray(world["y"][0], float)) == WORLD_CRS


def chart_specs(sample_database: Path, monkeypatch: pytest.MonkeyPatch, tile_url: str | None) -> list[str]:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{sample_database}")
    monkeypatch.chdir(REPO)
    if tile_url is None:
        monkeypatch.delenv("GBF_TILE_URL", raising=False)
    else:
        monkeypatch.setenv("GBF_TILE_URL", tile_url)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=240)
    app.query_params["lang"] = "ko"
    app.run()
    app.switch_page("pages/protected_areas.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    specs = [chart.proto.spec for chart in app.get("plotly_chart")]  # the site map (the page's first section)
    for section in ("coverage", "designation"):  # the province map and the trend; the designation bars
        app.segmented_control(key="view").set_value(section).run()
        assert not app.exception, [e.value for e in app.exception]
        specs += [chart.proto.spec for chart in app.get("plotly_chart")]
    return specs


def test_protected_area_maps_fetch_nothing_by_default_and_use_the_configured_tiles(
    sample_database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = chart_specs(sample_database, monkeypatch, None)
    assert len(default) >= 3 and not [url for spec in default for url in urls(spec)]
    configured = chart_specs(sample_database, monkeypatch, TILES)
    with_tiles = [spec for spec in configured if urls(spec) == [TILES]]
    assert len(with_tiles) == 2  # the site map and the province map; charts that are not maps are unchanged
