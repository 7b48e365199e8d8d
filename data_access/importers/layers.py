"""Reading GIS layers for import: shapefiles (loose or zipped, incl. nested zips), GeoPackage,
File Geodatabase (zipped), GeoJSON and TopoJSON, always ending in WGS84 shapely geometries.

GDAL only ever sees files in the import's private scratch folder (archive members are copied there
under sanitised names after the archive passed the bomb and traversal checks) or the file the user
gave. Layers are read in slices of features so a country-sized layer does not sit in memory twice.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pyogrio
import pyogrio.raw
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from data_access.importers.pipeline import ImportContext
from data_access.importers.reading import SafeZip, copy_members_to_scratch, safe_basename
from data_access.topojson import iter_features

SLICE = 20_000
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
POINT_TYPES = {"Point", "MultiPoint", "Point Z", "MultiPoint Z", "3D Point", "3D MultiPoint"}


@dataclass
class LayerSlice:
    """Features of one layer: attribute columns, WGS84 geometries and 1-based feature numbers."""

    layer: str
    fields: dict[str, np.ndarray]
    geoms: np.ndarray
    rows: np.ndarray
    is_point: bool


@dataclass(frozen=True)
class LayerRef:
    path: Path
    layer: str | None
    label: str
    geometry_type: str | None = None


def _is_spatial(geometry_type: str | None) -> bool:
    """Layers with a geometry column ('Unknown' = mixed types, e.g. GDAL's TopoJSON layers)."""
    return geometry_type is not None


def layers_in(ctx: ImportContext, path: Path, label: str) -> list[LayerRef]:
    """Every layer with geometry in a GDAL-readable file (a .shp has one, a GPKG/GDB several)."""
    try:
        found = pyogrio.list_layers(path)
    except Exception:  # GDAL raises DataSourceError and friends for unreadable files
        raise ctx.log.refuse("importers.error.gis_unreadable", value=label) from None
    return [LayerRef(path, str(name), f"{label}:{name}" if len(found) > 1 else label, geometry_type=gtype)
            for name, gtype in found if _is_spatial(gtype)]


def _shapefile_sets(archive: SafeZip, names: list[str]) -> list[list[str]]:
    stems: dict[str, list[str]] = {}
    for name in names:
        lower = name.lower()
        for ext in SHAPEFILE_PARTS:
            if lower.endswith(ext):
                stems.setdefault(name[: -len(ext)], []).append(name)
    return [members for stem, members in sorted(stems.items()) if any(m.lower().endswith(".shp") for m in members)]


def _zip_layers(ctx: ImportContext, path: Path, label: str, depth: int = 0) -> list[LayerRef]:
    archive = SafeZip(path, ctx.limits, ctx.log, label=label)
    names = archive.names()
    refs: list[LayerRef] = []
    scratch = ctx.scratch / f"z{depth}_{len(list(ctx.scratch.iterdir()))}"
    scratch.mkdir(parents=True, exist_ok=True)
    gdb_members = [n for n in names if ".gdb/" in n.replace("\\", "/").lower()]
    if gdb_members:
        folders = sorted({n.replace("\\", "/").lower().split(".gdb/")[0] for n in gdb_members})
        for index, folder in enumerate(folders):
            target = scratch / f"layer{index}_{safe_basename(folder)}.gdb"
            members = [n for n in gdb_members if n.replace("\\", "/").lower().startswith(folder + ".gdb/")]
            copy_members_to_scratch(archive, members, target)
            refs += layers_in(ctx, target, PurePosixPath(folder).name + ".gdb")
    for index, members in enumerate(_shapefile_sets(archive, names)):
        copied = copy_members_to_scratch(archive, members, scratch, prefix=f"s{index}_")
        shp = next(p for n, p in copied.items() if n.lower().endswith(".shp"))
        shp_name = next(n for n in members if n.lower().endswith(".shp"))
        refs += layers_in(ctx, shp, PurePosixPath(shp_name.replace("\\", "/")).name)
    for name in names:
        lower = name.lower()
        if lower.endswith(".gpkg") or lower.endswith(".geojson") or lower.endswith(".json"):
            copied = copy_members_to_scratch(archive, [name], scratch, prefix=f"f{len(refs)}_")
            refs += layers_in(ctx, copied[name], PurePosixPath(name).name)
        elif lower.endswith(".zip") and depth == 0:
            copied = copy_members_to_scratch(archive, [name], scratch, prefix=f"n{len(refs)}_")
            refs += _zip_layers(ctx, copied[name], PurePosixPath(name).name, depth + 1)
    archive.close()
    return refs


def open_layers(ctx: ImportContext) -> list[LayerRef]:
    """The layers of the import file, whatever container it came in; refuses non-GIS files."""
    if ctx.fmt == "zip":
        refs = _zip_layers(ctx, ctx.path, ctx.path.name)
    elif ctx.fmt in ("shp", "sqlite", "json"):
        refs = layers_in(ctx, ctx.path, ctx.path.name)
    else:
        raise ctx.log.refuse("importers.error.wrong_format", value=ctx.fmt, formats="shapefile (.shp or .zip), GeoPackage, File Geodatabase (.zip), GeoJSON")
    if not refs:
        raise ctx.log.refuse("importers.error.gis_no_layers", value=ctx.path.name)
    return refs


def _transformer(ctx: ImportContext, crs_text: str | None, label: str) -> Transformer | None:
    if not crs_text:
        ctx.log.warning("importers.warning.crs_missing", value=label)
        return None
    try:
        crs = CRS.from_user_input(crs_text)
    except CRSError:
        raise ctx.log.refuse("importers.error.crs_unknown", value=crs_text, source=label) from None
    if crs.equals(CRS.from_epsg(4326), ignore_axis_order=True) or (crs.is_geographic and crs.to_epsg() in (4326, 4019, 4979)):
        return None
    return Transformer.from_crs(crs, CRS.from_epsg(4326), always_xy=True)


def to_wgs84(geoms: np.ndarray, transformer: Transformer | None) -> np.ndarray:
    if transformer is None:
        return geoms
    return shapely.transform(geoms, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def iter_slices(ctx: ImportContext, ref: LayerRef, *, assume_wgs84: bool = False) -> Iterator[LayerSlice]:
    """Features of one layer in slices, attributes as arrays, geometries reprojected to WGS84."""
    try:
        info = pyogrio.read_info(ref.path, layer=ref.layer)
    except Exception:
        raise ctx.log.refuse("importers.error.gis_unreadable", value=ref.label) from None
    transformer = None if assume_wgs84 and not info.get("crs") else _transformer(ctx, info.get("crs"), ref.label)
    total = int(info.get("features") or 0)
    is_point = str(info.get("geometry_type") or "") in POINT_TYPES
    start = 0
    while start < max(total, 1):
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                meta, _fids, wkb, values = pyogrio.raw.read(ref.path, layer=ref.layer, skip_features=start, max_features=SLICE)
        except Exception as exc:
            raise ctx.log.refuse("importers.error.gis_unreadable", value=f"{ref.label}: {exc}"[:200]) from None
        for warning in caught:  # e.g. GDAL auto-correcting ring winding order: worth telling the user
            text = str(warning.message).replace(str(ref.path), ref.label)
            ctx.log.warning("importers.warning.gis_driver", value=text[:300], source=ref.label)
        count = len(wkb) if wkb is not None else (len(values[0]) if values else 0)
        if count == 0:
            break
        geoms = shapely.from_wkb(wkb) if wkb is not None else np.full(count, None, dtype=object)
        geoms = to_wgs84(geoms, transformer)
        fields = {str(name): np.asarray(column) for name, column in zip(meta["fields"], values, strict=True)}
        yield LayerSlice(ref.label, fields, geoms, np.arange(start + 1, start + count + 1), is_point)
        start += count
        if total and start >= total:
            break


def topojson_slices(ctx: ImportContext, data: dict[str, Any]) -> Iterator[LayerSlice]:
    """A TopoJSON topology (decoded by data_access.topojson); TopoJSON carries no CRS: WGS84.

    Degenerate rings (fewer than 4 positions, e.g. in KOSTAT's simplified file) are closed or
    dropped by the decoder; GDAL's TopoJSON driver remains the fallback for topologies the decoder
    cannot read at all (malformed arcs, unknown geometry types).
    """
    try:
        features = list(iter_features(data, ctx.option("object")))
    except (ValueError, KeyError, IndexError, TypeError):
        for ref in layers_in(ctx, ctx.path, ctx.path.name):
            yield from iter_slices(ctx, ref, assume_wgs84=True)
        return
    keys = sorted({k for props, _, _ in features for k in props})
    fields = {k: np.array([props.get(k) for props, _, _ in features], dtype=object) for k in keys}
    geoms = np.array([g for _, g, _ in features], dtype=object)
    yield LayerSlice(ctx.path.name, fields, geoms, np.arange(1, len(features) + 1), False)


def read_json(ctx: ImportContext) -> dict[str, Any] | None:
    """The parsed JSON when the file is TopoJSON; None for GeoJSON (GDAL reads that)."""
    if ctx.path.stat().st_size > 512 * 1024 * 1024:
        return None
    try:
        data = json.loads(ctx.path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ctx.log.refuse("importers.error.gis_unreadable", value=ctx.path.name) from None
    return data if isinstance(data, dict) and data.get("type") == "Topology" else None


def check_bounds(ctx: ImportContext, piece: LayerSlice) -> None:
    """WGS84 coordinates must lie within ±180 / ±90 (a projected file without .prj does not)."""
    present = np.array([g is not None and not g.is_empty for g in piece.geoms], dtype=bool)
    if not present.any():
        return
    bounds = shapely.bounds(piece.geoms[present])
    bad = (bounds[:, 0] < -180.0001) | (bounds[:, 2] > 180.0001) | (bounds[:, 1] < -90.0001) | (bounds[:, 3] > 90.0001)
    for row in piece.rows[present][bad]:
        ctx.log.error("importers.error.coordinates_out_of_range", row=int(row), field="geometry", source=piece.layer)


def field(piece: LayerSlice, *names: str) -> np.ndarray | None:
    """The first attribute present among `names` (case-insensitive), or None."""
    lookup = {k.casefold(): k for k in piece.fields}
    for name in names:
        key = lookup.get(name.casefold())
        if key is not None:
            return piece.fields[key]
    return None


def text_values(values: np.ndarray | None, length: int) -> list[str | None]:
    if values is None:
        return [None] * length
    result: list[str | None] = []
    for value in values.tolist():
        if value is None or (isinstance(value, float) and value != value):
            result.append(None)
        elif isinstance(value, float) and value.is_integer():
            result.append(str(int(value)))
        else:
            text = str(value).strip()
            result.append(text or None)
    return result


def number_values(values: np.ndarray | None, length: int) -> np.ndarray:
    if values is None:
        return np.full(length, np.nan)
    out = np.full(length, np.nan)
    for i, value in enumerate(values.tolist()):
        try:
            out[i] = float(value) if value not in (None, "") else np.nan
        except (TypeError, ValueError):
            out[i] = np.nan
    return out


def count_invalid(ctx: ImportContext, piece: LayerSlice, counter: list[int]) -> None:
    present = np.array([g is not None for g in piece.geoms], dtype=bool)
    if present.any():
        invalid = ~shapely.is_valid(piece.geoms[present])
        counter[0] += int(invalid.sum())
        if invalid.any() and counter[1] < 20:
            for row in piece.rows[present][invalid][: 20 - counter[1]]:
                counter[1] += 1
                ctx.log.warning("importers.warning.invalid_geometry", row=int(row), field="geometry", source=piece.layer,
                                value=shapely.is_valid_reason(piece.geoms[row - piece.rows[0]]))
