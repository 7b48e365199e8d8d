"""Decode TopoJSON (as written by topojson-server / world-atlas) into shapely geometries.

GDAL reads TopoJSON too, but drops the CRS and is a heavy path for two small files we ship; this
decoder follows the TopoJSON 1.0 specification: quantised, delta-encoded arcs shared by objects.

Heavily simplified or quantised topologies (the KOSTAT "simple" province file) hold rings that
collapse to fewer than four positions. The specification requires closed rings of at least four
positions, so a ring is closed if it is open, repeated positions are dropped, and a ring still
shorter than four positions (no area) is dropped: a dropped exterior drops its polygon with its
holes, and a geometry left with no polygon decodes as None (a null geometry).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from shapely.geometry import LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

Coordinates = list[tuple[float, float]]


def _decode_arcs(topology: dict[str, Any]) -> list[Coordinates]:
    transform = topology.get("transform")
    arcs: list[Coordinates] = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points: Coordinates = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[Coordinates]) -> Coordinates:
    ring: Coordinates = []
    for index in indexes:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points if not ring else points[1:])
    return ring


def _closed_ring(ring: Coordinates) -> Coordinates | None:
    """`ring` without consecutive repeated positions, closed; None when it encloses no area."""
    points: Coordinates = []
    for point in ring:
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] != points[-1]:
        points.append(points[0])
    return points if len(points) >= 4 else None


def _polygon(rings: list[list[int]], arcs: list[Coordinates]) -> Polygon | None:
    decoded = [_closed_ring(_ring(r, arcs)) for r in rings]
    if not decoded or decoded[0] is None:
        return None
    return Polygon(decoded[0], [hole for hole in decoded[1:] if hole is not None])


def _position(point: list[float], transform: dict[str, Any] | None) -> tuple[float, float]:
    if not transform:
        return (point[0], point[1])
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    return (point[0] * sx + tx, point[1] * sy + ty)


def decode_geometry(obj: dict[str, Any], arcs: list[Coordinates], transform: dict[str, Any] | None) -> BaseGeometry | None:
    """One TopoJSON geometry object as a shapely geometry (None for a null geometry)."""
    kind = obj.get("type")
    if kind == "Polygon":
        return _polygon(obj["arcs"], arcs)
    if kind == "MultiPolygon":
        polygons = [p for p in (_polygon(rings, arcs) for rings in obj["arcs"]) if p is not None]
        return MultiPolygon(polygons) if polygons else None
    if kind == "LineString":
        return LineString(_ring(obj["arcs"], arcs))
    if kind == "MultiLineString":
        return MultiLineString([_ring(line, arcs) for line in obj["arcs"]])
    if kind == "Point":
        return Point(_position(obj["coordinates"], transform))
    if kind == "MultiPoint":
        return MultiPoint([_position(p, transform) for p in obj["coordinates"]])
    if kind is None:
        return None
    raise ValueError(f"unsupported TopoJSON geometry type '{kind}'")


def iter_features(topology: dict[str, Any], object_name: str | None = None) -> Iterator[tuple[dict[str, Any], BaseGeometry | None, Any]]:
    """Yield (properties, geometry, id) for every geometry of one object (default: the first)."""
    if topology.get("type") != "Topology":
        raise ValueError("not a TopoJSON topology (type is not 'Topology')")
    objects = topology.get("objects", {})
    if not objects:
        raise ValueError("the topology has no objects")
    name = object_name or next(iter(objects))
    if name not in objects:
        raise ValueError(f"object '{name}' not in topology; it has {', '.join(objects)}")
    arcs = _decode_arcs(topology)
    transform = topology.get("transform")
    root = objects[name]
    members = root["geometries"] if root.get("type") == "GeometryCollection" else [root]
    for member in members:
        yield member.get("properties") or {}, decode_geometry(member, arcs, transform), member.get("id")
