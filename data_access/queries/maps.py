"""Map layers from the boundaries and sites in the database, projected for offline plotly maps.

Each layer is a frame with `code`, `name_ko`, `name_en`, `x`, `y` (exterior rings in projected
metres, rings separated by None) and `cx`, `cy` (a point inside, for tooltips). Projecting here,
once per data version (the page cache), keeps chart building cheap; holes are not drawn.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import AdminBoundary, KeyBiodiversityArea, ProtectedArea

# Korea 2000 / Unified CS (the national map projection) and Equal Earth for world maps.
PROJECTIONS: dict[str, str] = {"korea": "EPSG:5179", "world": "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m"}
LAYER_COLUMNS = ["code", "name_ko", "name_en", "x", "y", "cx", "cy"]
SITE_TOLERANCE_DEG = 0.003  # ~300 m: sites stay recognisable at national scale with few vertices
# Boundary parts smaller than this are left off display layers (square degrees): under a pixel on
# the map the layer is drawn for. Korea's ~3,500 islets under 0.1 km² were 85 % of the province
# rings; the areas and every indicator use the full geometry, never the display layer.
SPECK_DEG2: dict[str, float] = {"korea": 1e-5, "world": 5e-3}  # ~0.1 km² in Korea; ~50 km² at the equator


@cache
def _transformer(projection: str) -> Transformer:
    return Transformer.from_crs("EPSG:4326", PROJECTIONS[projection], always_xy=True)


def project_rings(geometry: BaseGeometry | None, projection: str) -> tuple[list[float | None], list[float | None]]:
    """Exterior rings of (multi)polygons, or a small square for points, as projected coordinate lists."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    if geometry is None or geometry.is_empty:
        return xs, ys
    transformer = _transformer(projection)
    if geometry.geom_type in ("Point", "MultiPoint"):
        geometry = geometry.buffer(0.01)
    polygons = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type in ("Polygon", "MultiPolygon")]
    for polygon in polygons:
        for part in getattr(polygon, "geoms", [polygon]):
            lon, lat = part.exterior.coords.xy
            px, py = transformer.transform(list(lon), list(lat))
            if xs:
                xs.append(None)
                ys.append(None)
            xs += [round(v, 0) for v in px]
            ys += [round(v, 0) for v in py]
    return xs, ys


def _inside_point(geometry: BaseGeometry | None, projection: str) -> tuple[float | None, float | None]:
    if geometry is None or geometry.is_empty:
        return None, None
    point = geometry.representative_point()
    x, y = _transformer(projection).transform(float(point.x), float(point.y))
    return float(x), float(y)


def _polygons(geometry: BaseGeometry | None) -> list[BaseGeometry]:
    """The polygons `project_rings` draws: parts of (multi)polygons, points as small squares."""
    if geometry is None or geometry.is_empty:
        return []
    if geometry.geom_type in ("Point", "MultiPoint"):
        geometry = geometry.buffer(0.01)
    found: list[BaseGeometry] = []
    for member in getattr(geometry, "geoms", [geometry]):
        if member.geom_type in ("Polygon", "MultiPolygon"):
            found.extend(getattr(member, "geoms", [member]))
    return found


def project_layer_rings(
    geometries: list[BaseGeometry | None], projection: str
) -> list[tuple[list[float | None], list[float | None]]]:
    """`project_rings` of every geometry, with one coordinate transform for the whole layer.

    Thousands of sites projected ring by ring cost a pyproj call and a Python `round` per vertex;
    here the rings' vertices are gathered into one array, projected and rounded at once.
    """
    rings: list[BaseGeometry] = []
    owners: list[int] = []
    for index, geometry in enumerate(geometries):
        for polygon in _polygons(geometry):
            rings.append(polygon.exterior)
            owners.append(index)
    projected: list[tuple[list[float | None], list[float | None]]] = [([], []) for _ in geometries]
    if not rings:
        return projected
    coordinates, ring_of = shapely.get_coordinates(np.asarray(rings, dtype=object), return_index=True)
    px, py = _transformer(projection).transform(coordinates[:, 0], coordinates[:, 1])
    px, py = np.round(np.asarray(px, dtype=float), 0), np.round(np.asarray(py, dtype=float), 0)
    starts = np.searchsorted(ring_of, np.arange(len(rings) + 1))
    for ring, owner in enumerate(owners):
        xs, ys = projected[owner]
        if xs:
            xs.append(None)
            ys.append(None)
        xs += px[starts[ring]:starts[ring + 1]].tolist()
        ys += py[starts[ring]:starts[ring + 1]].tolist()
    return projected


def _inside_points(geometries: list[BaseGeometry | None], projection: str) -> list[tuple[float | None, float | None]]:
    """`_inside_point` of every geometry, with one coordinate transform."""
    points = shapely.point_on_surface(np.asarray(geometries, dtype=object))
    present = ~(shapely.is_missing(points) | shapely.is_empty(points))
    inside: list[tuple[float | None, float | None]] = [(None, None)] * len(geometries)
    if present.any():
        # lists: pyproj's single-point shortcut would warn on a one-element array
        x, y = _transformer(projection).transform(shapely.get_x(points[present]).tolist(),
                                                  shapely.get_y(points[present]).tolist())
        for index, px, py in zip(np.flatnonzero(present), x, y, strict=True):
            inside[index] = (float(px), float(py))
    return inside


def without_specks(geometry: BaseGeometry | None, min_area: float) -> BaseGeometry | None:
    """A (multi)polygon without its parts smaller than `min_area`; the largest part always stays.

    >>> from shapely.geometry import MultiPolygon, box
    >>> len(without_specks(MultiPolygon([box(0, 0, 1, 1), box(2, 2, 2.001, 2.001)]), 1e-5).geoms)
    1
    """
    if geometry is None or geometry.is_empty or geometry.geom_type != "MultiPolygon":
        return geometry
    parts = list(geometry.geoms)
    kept = [part for part in parts if part.area >= min_area] or [max(parts, key=lambda part: part.area)]
    return geometry if len(kept) == len(parts) else shapely.MultiPolygon(kept)


def _layer(
    rows: list[tuple], projection: str, tolerance: float | None = None, min_area: float | None = None
) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=LAYER_COLUMNS)
    geometries = np.empty(len(rows), dtype=object)
    geometries[:] = [row[3] if min_area is None else without_specks(row[3], min_area) for row in rows]
    if tolerance:
        geometries = shapely.simplify(geometries, tolerance, preserve_topology=True)
    shapes = list(geometries)
    rings = project_layer_rings(shapes, projection)
    inside = _inside_points(shapes, projection)
    records = [
        (code, name_ko, name_en, xs, ys, cx, cy)
        for (code, name_ko, name_en, _), (xs, ys), (cx, cy) in zip(rows, rings, inside, strict=True)
    ]
    return pd.DataFrame.from_records(records, columns=LAYER_COLUMNS)


def boundary_layer(session: Session, level: str) -> pd.DataFrame:
    """Provinces ('province', national projection), 'country' or 'eez', or 'world_country' (Equal
    Earth), for display: islets under a pixel left off (SPECK_DEG2)."""
    projection = "world" if level == "world_country" else "korea"
    rows = session.execute(
        select(AdminBoundary.code, AdminBoundary.name_ko, AdminBoundary.name_en, AdminBoundary.display_geom)
        .where(AdminBoundary.level == level, AdminBoundary.valid_to.is_(None))
        .order_by(AdminBoundary.code)
    ).all()
    layer = _layer([tuple(r) for r in rows], projection, min_area=SPECK_DEG2[projection])
    return layer.assign(name_ko=layer["name_ko"].fillna(layer["name_en"]))


def protected_area_layer(session: Session) -> pd.DataFrame:
    """One polygon row per protected area or OECM site (parcels merged), simplified, for the map."""
    rows = session.execute(
        select(
            ProtectedArea.site_id, ProtectedArea.name_orig, ProtectedArea.name_en, ProtectedArea.geom,
            ProtectedArea.site_type, ProtectedArea.designation, ProtectedArea.designation_en, ProtectedArea.realm,
            ProtectedArea.reported_area_km2, ProtectedArea.status_year,
        ).where(ProtectedArea.geom.is_not(None)).order_by(ProtectedArea.site_id)
    ).all()
    if not rows:
        return pd.DataFrame(columns=[*LAYER_COLUMNS, "site_type", "designation", "designation_en", "realm",
                                     "area_km2", "status_year"])
    frame = pd.DataFrame(rows, columns=["code", "name_ko", "name_en", "geom", "site_type", "designation",
                                        "designation_en", "realm", "area_km2", "status_year"])
    merged = frame.groupby("code", sort=False).agg(
        name_ko=("name_ko", "first"), name_en=("name_en", "first"),
        site_type=("site_type", "first"), designation=("designation", "first"),
        designation_en=("designation_en", "first"), realm=("realm", "first"), area_km2=("area_km2", "sum"),
        status_year=("status_year", "min"),
    ).reset_index()
    # Most sites are one parcel: their unions (which also mend invalid rings) run in one vectorised
    # call; only sites of several parcels are unioned group by group.
    several = frame["code"].duplicated(keep=False)
    single = np.empty((int((~several).sum()), 1), dtype=object)
    single[:, 0] = frame.loc[~several, "geom"].tolist()
    geometry_of = dict(zip(frame.loc[~several, "code"], shapely.union_all(single, axis=1), strict=True))
    for code, parcels in frame.loc[several].groupby("code", sort=False)["geom"]:
        geometry_of[code] = shapely.union_all(list(parcels))
    merged["geom"] = [geometry_of[code] for code in merged["code"]]
    layer = _layer(
        list(merged[["code", "name_ko", "name_en", "geom"]].itertuples(index=False, name=None)), "korea",
        SITE_TOLERANCE_DEG,
    )
    extra = merged[["site_type", "designation", "designation_en", "realm", "area_km2", "status_year"]]
    # a year stays a whole number (Int64, missing allowed), never "1,967.0" in a tooltip
    extra = extra.assign(status_year=extra["status_year"].round().astype("Int64"))
    layer = pd.concat([layer, extra.reset_index(drop=True)], axis=1)
    return layer.assign(name_ko=layer["name_ko"].fillna(layer["name_en"]), name_en=layer["name_en"].fillna(layer["name_ko"]))


def kba_layer(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(KeyBiodiversityArea.site_code, KeyBiodiversityArea.name, KeyBiodiversityArea.name,
               KeyBiodiversityArea.geom).where(KeyBiodiversityArea.geom.is_not(None))
    ).all()
    return _layer([tuple(r) for r in rows], "korea", SITE_TOLERANCE_DEG)
