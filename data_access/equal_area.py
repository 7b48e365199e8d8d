"""Areas in km² measured as Protected Planet measures them: in Mollweide (ESRI:54009)."""

from __future__ import annotations

from functools import cache

import shapely
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

MOLLWEIDE = CRS.from_user_input("ESRI:54009")


@cache
def _to_mollweide() -> Transformer:
    return Transformer.from_crs("EPSG:4326", MOLLWEIDE, always_xy=True)


def to_mollweide(geometry: BaseGeometry) -> BaseGeometry:
    """Project a WGS84 geometry to Mollweide metres."""
    return shapely.transform(geometry, lambda xy: _stack(_to_mollweide().transform(xy[:, 0], xy[:, 1])))


def area_km2(geometry: BaseGeometry) -> float:
    """Area of a WGS84 geometry in km², measured in Mollweide."""
    return float(to_mollweide(geometry).area) / 1e6


def _stack(xy):  # type: ignore[no-untyped-def]
    import numpy as np

    return np.column_stack(xy)
