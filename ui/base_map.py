"""The optional base-map tile URL (issue #6): off by default, so nothing is fetched.

`GBF_TILE_URL` (environment, else `.streamlit/secrets.toml`) is an XYZ raster tile template such
as `http://tiles.example.go.kr/{z}/{x}/{y}.png`, typically an in-house tile server. When set,
maps draw the shipped polygons over those tiles; when unset, maps are drawn from the shipped
boundaries alone and the browser makes no request for a base map.
"""

from __future__ import annotations

import os

import streamlit as st

TILE_URL_SETTING = "GBF_TILE_URL"


def tile_url() -> str | None:
    """The configured tile URL template, or None (the default: no base map, no request)."""
    value = os.environ.get(TILE_URL_SETTING)
    if value is None and st.secrets.load_if_toml_exists():  # no secrets file is the normal case
        value = st.secrets.get(TILE_URL_SETTING)
    value = str(value or "").strip()
    return value or None
