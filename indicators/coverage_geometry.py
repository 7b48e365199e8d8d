"""Geometry steps of the Protected Planet coverage method, shared by the area-based indicators.

Pure functions on shapely arrays (no database): which WDPA rows count, how point sites become
circles of their reported area, how polygons are repaired, and how the dissolved network is
built up year by year and measured in Mollweide (ESRI:54009), as Protected Planet measures it
(shared/methods/data_formats.md §1.3).

>>> import shapely
>>> circle = geodesic_circles([127.0], [37.0], [10.0])[0]
>>> round(float(mollweide_area_km2([circle])[0]), 3)
10.0
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod, Transformer

from indicators.result import InputContractError, Note, require_columns

# Step 1 of the method: which STATUS values count. wdpar's default, which Protected Planet follows.
KEPT_STATUSES: tuple[str, ...] = (
    "Designated",  # legally designated (most Korean sites)
    "Inscribed",  # World Heritage sites
    "Established",  # OECMs and some community areas
)
# Dropped: "Proposed" (not yet protected), "Not Reported" (older releases) and "Adopted", which
# regional seas conventions use for sites not yet designated nationally (wdpar drops it too).
# WDPA's STATUS values as the Korean notes gloss them (the English value stays: it is the data's word).
STATUS_KO: dict[str, str] = {"Designated": "지정", "Inscribed": "등재", "Established": "설정", "Proposed": "제안",
                             "Adopted": "채택", "Not Reported": "미보고"}
MAB_DESIGNATION = "UNESCO-MAB Biosphere Reserve"  # step 2: zoning does not make the whole area protected
SITE_TYPES_BY_KIND: dict[str, tuple[str, ...]] = {
    "pa": ("PA",),  # protected areas only (Protected Planet's percentage_pa_*)
    "oecm": ("OECM",),  # OECMs only
    "both": ("PA", "OECM"),  # GBF headline 3.1 (percentage_oecms_pa_*)
}
KINDS: tuple[str, ...] = tuple(SITE_TYPES_BY_KIND)
SITE_COLUMNS: tuple[str, ...] = (
    "parcel_id", "site_type", "status", "status_year", "designation_en", "reported_area_km2", "geom",
)
CIRCLE_VERTICES = 64  # vertices of a buffered point; the radius is scaled so the polygon keeps the area
MOLLWEIDE = CRS.from_user_input("ESRI:54009")
WGS84_GEOD = Geod(ellps="WGS84")
_RELEASE = re.compile(r"(19|20)\d\d")


@cache
def _mollweide_transformer() -> Transformer:
    return Transformer.from_crs("EPSG:4326", MOLLWEIDE, always_xy=True)


def to_mollweide(geometries: Sequence[shapely.Geometry] | np.ndarray) -> np.ndarray:
    """WGS84 geometries projected to Mollweide metres, vectorised over the whole array."""
    transformer = _mollweide_transformer()

    def project(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack((x, y))

    return shapely.transform(np.asarray(geometries, dtype=object), project)


def mollweide_area_km2(geometries: Sequence[shapely.Geometry] | np.ndarray) -> np.ndarray:
    """Area in km² of WGS84 geometries, measured in Mollweide (how GIS_AREA is computed)."""
    return shapely.area(to_mollweide(geometries)) / 1e6


def circle_radius_m(area_km2: np.ndarray | float, vertices: int = CIRCLE_VERTICES) -> np.ndarray:
    """Radius of a regular polygon with `vertices` corners whose area is `area_km2`.

    sqrt(A/π) (the method's radius) scaled up by the inscribed-polygon factor, so the polygon,
    not the ideal circle, has the reported area (64 corners would otherwise lose 0.16 %).
    """
    area_m2 = np.asarray(area_km2, dtype=float) * 1e6
    return np.sqrt(2.0 * area_m2 / (vertices * np.sin(2.0 * np.pi / vertices)))


def point_radius_m(area_km2: np.ndarray | float) -> np.ndarray:
    """The method's radius of a point site: sqrt(REP_AREA·10⁶/π) metres."""
    return np.sqrt(np.asarray(area_km2, dtype=float) * 1e6 / np.pi)


def geodesic_circles(
    lon: Sequence[float] | np.ndarray, lat: Sequence[float] | np.ndarray, area_km2: Sequence[float] | np.ndarray,
    vertices: int = CIRCLE_VERTICES,
) -> np.ndarray:
    """WGS84 polygons around each point, corners at equal geodesic distance, Mollweide area = `area_km2`.

    Buffering geodesically (the method's advice for GBF work) keeps the circle round at any
    longitude. Protected Planet's Mollweide is spherical (radius = WGS84 semi-major axis), so it
    reads about 0.19 % above the ellipsoidal area at Korea's latitude; the radius is calibrated
    once so the circle measures the reported area in the same Mollweide as everything else.
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    target = np.asarray(area_km2, dtype=float)
    radius = circle_radius_m(target, vertices)
    circles = _circles(lon, lat, radius, vertices)
    measured = mollweide_area_km2(circles)
    radius = radius * np.sqrt(np.divide(target, measured, out=np.ones_like(target), where=measured > 0))
    return _circles(lon, lat, radius, vertices)


def _circles(lon: np.ndarray, lat: np.ndarray, radius: np.ndarray, vertices: int) -> np.ndarray:
    count = lon.size
    azimuths = np.linspace(0.0, 360.0, vertices, endpoint=False)
    x, y, _ = WGS84_GEOD.fwd(
        np.repeat(lon, vertices), np.repeat(lat, vertices), np.tile(azimuths, count), np.repeat(radius, vertices)
    )
    ring = np.stack((x, y), axis=-1).reshape(count, vertices, 2)
    ring = np.concatenate((ring, ring[:, :1, :]), axis=1)  # close each ring
    return shapely.polygons(ring)


def polygonal(geometry: shapely.Geometry | None) -> shapely.Geometry:
    """The polygonal part of a geometry (make_valid may return lines or points beside polygons)."""
    if geometry is None or geometry.is_empty:
        return shapely.MultiPolygon()
    if shapely.get_type_id(geometry) in (3, 6):  # Polygon, MultiPolygon
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if shapely.get_type_id(p) in (3, 6)]
    flat = [q for p in parts for q in shapely.get_parts(p)]
    return shapely.MultiPolygon(flat) if flat else shapely.MultiPolygon()


def repair_polygons(geometries: np.ndarray) -> tuple[np.ndarray, int]:
    """make_valid on every invalid polygon (step 5), keeping polygonal parts; (geometries, repaired)."""
    geometries = np.asarray(geometries, dtype=object).copy()
    invalid = ~shapely.is_valid(geometries)
    for i in np.flatnonzero(invalid):
        geometries[i] = polygonal(shapely.make_valid(geometries[i]))
    return geometries, int(invalid.sum())


@dataclass(frozen=True)
class SiteSelection:
    """The WDPA rows that count for a kind, and how many rows each rule dropped."""

    sites: pd.DataFrame
    excluded: dict[str, int] = field(default_factory=dict)


def select_sites(frame: pd.DataFrame, kind: str = "both") -> SiteSelection:
    """Steps 1, 2 and 4: keep Designated/Inscribed/Established rows of the kind, drop MAB reserves."""
    require_columns(frame, SITE_COLUMNS, name="protected_areas")
    if kind not in SITE_TYPES_BY_KIND:
        raise InputContractError(f"kind must be one of {', '.join(KINDS)}, got '{kind}'")
    of_kind = frame[frame["site_type"].isin(SITE_TYPES_BY_KIND[kind])]
    excluded: dict[str, int] = {}
    status = of_kind["status"].fillna("Not Reported").astype(str)
    dropped_status = ~status.isin(KEPT_STATUSES)
    for value, count in status[dropped_status].value_counts().sort_index().items():
        excluded[f"status {value}"] = int(count)
    kept = of_kind[~dropped_status]
    is_mab = kept["designation_en"].fillna("").astype(str).str.strip() == MAB_DESIGNATION
    if is_mab.any():
        excluded["UNESCO-MAB Biosphere Reserve"] = int(is_mab.sum())
    kept = kept[~is_mab]
    no_geometry = kept["geom"].map(lambda g: g is None or g.is_empty)
    if no_geometry.any():
        excluded["no geometry"] = int(no_geometry.sum())
    return SiteSelection(kept[~no_geometry].reset_index(drop=True), excluded)


@dataclass(frozen=True)
class PreparedSites:
    """Kept sites as Mollweide polygons with their STATUS_YR (NaN = unknown)."""

    geometries: np.ndarray
    years: np.ndarray
    repaired: int
    buffered_points: int
    dropped_points: int


def prepare_sites(sites: pd.DataFrame) -> PreparedSites:
    """Steps 3 and 5: points to circles of their reported area (or dropped), polygons repaired."""
    geoms = np.asarray(sites["geom"].to_numpy(), dtype=object)
    years = pd.to_numeric(sites["status_year"], errors="coerce").astype(float).to_numpy()
    years = np.where(years > 0, years, np.nan)  # WDPA writes 0 for unknown
    area = pd.to_numeric(sites["reported_area_km2"], errors="coerce").astype(float).to_numpy()
    is_point = shapely.get_dimensions(geoms) == 0
    has_area = np.isfinite(area) & (area > 0)

    out_geoms: list[shapely.Geometry] = []
    out_years: list[float] = []
    polygons = geoms[~is_point]
    repaired_polygons, repaired = repair_polygons(polygons)
    out_geoms.extend(repaired_polygons)
    out_years.extend(years[~is_point])

    usable = is_point & has_area
    lon, lat, share, owner = [], [], [], []
    for index in np.flatnonzero(usable):
        points = shapely.get_parts(geoms[index])  # a MultiPoint shares its area equally among its points
        coords = shapely.get_coordinates(points)
        lon.extend(coords[:, 0])
        lat.extend(coords[:, 1])
        share.extend([area[index] / len(coords)] * len(coords))
        owner.extend([index] * len(coords))
    if lon:
        circles = geodesic_circles(lon, lat, share)
        for site in np.unique(owner):
            members = circles[np.asarray(owner) == site]
            out_geoms.append(shapely.union_all(members) if len(members) > 1 else members[0])
            out_years.append(years[site])

    projected = to_mollweide(np.asarray(out_geoms, dtype=object)) if out_geoms else np.asarray([], dtype=object)
    projected, _ = repair_polygons(projected)  # reprojection can rarely make a ring self-touch
    keep = ~shapely.is_empty(projected) if len(projected) else np.asarray([], dtype=bool)
    return PreparedSites(
        geometries=projected[keep],
        years=np.asarray(out_years, dtype=float)[keep],
        repaired=repaired,
        buffered_points=int(usable.sum()),
        dropped_points=int((is_point & ~has_area).sum()),
    )


def prepare_regions(geometries: Sequence[shapely.Geometry] | np.ndarray) -> np.ndarray:
    """Denominator regions (WGS84) as valid Mollweide polygons."""
    projected = to_mollweide(np.asarray(geometries, dtype=object))
    projected, _ = repair_polygons(projected)
    return projected


def series_years(years: np.ndarray, *, last_year: int | None = None) -> list[int]:
    """Every year from the first known STATUS_YR to the last known one (or `last_year` if later)."""
    known = years[np.isfinite(years)]
    if known.size == 0:
        if last_year is None:
            raise InputContractError("no site has a known STATUS_YR and no release year is known")
        return [int(last_year)]
    first, last = int(known.min()), int(known.max())
    if last_year is not None and last_year > last:
        last = int(last_year)
    return list(range(first, last + 1))


def accumulate_protected_area(
    geometries: np.ndarray, years: np.ndarray, regions: np.ndarray, at_years: Sequence[int]
) -> np.ndarray:
    """Protected km² inside each region, for each year: a (len(at_years), len(regions)) array.

    Steps 6 and 7 done incrementally: sites enter in STATUS_YR order (unknown years and years
    before the first one in the first year, later years not at all). Each year the new sites are
    dissolved, the part already protected by earlier sites that touch them is cut away (a local
    difference, never against the whole network), and only that fresh part is intersected with the
    regions and added. Overlaps therefore count once, and the series can never fall.
    """
    geometries = np.asarray(geometries, dtype=object)
    regions = np.asarray(regions, dtype=object)
    shapely.prepare(regions)
    region_tree = shapely.STRtree(regions)
    region_area = shapely.area(regions)
    at = np.asarray(at_years, dtype=float)
    # The first year whose series point includes each site; len(at) = after the last year (never).
    step = np.searchsorted(at, np.where(np.isfinite(years), years, -np.inf), side="left")
    site_tree = shapely.STRtree(geometries)
    protected = np.zeros(len(regions))
    result = np.zeros((len(at), len(regions)))
    for row in range(len(at)):
        members = np.flatnonzero(step == row)
        if members.size:
            added = shapely.union_all(geometries[members])
            earlier = np.asarray([], dtype=int)
            if row > 0:
                touching = np.unique(site_tree.query(geometries[members], predicate="intersects")[1])
                earlier = touching[step[touching] < row]
            fresh = shapely.difference(added, shapely.union_all(geometries[earlier])) if earlier.size else added
            protected += _area_by_region(fresh, regions, region_tree)
        result[row] = np.minimum(protected, region_area)  # guards float noise above 100 %
    return result / 1e6


def _area_by_region(geometry: shapely.Geometry, regions: np.ndarray, tree: shapely.STRtree) -> np.ndarray:
    """Area of `geometry` inside each region (regions prepared); parts wholly inside skip the overlay."""
    areas_by_region = np.zeros(len(regions))
    parts = shapely.get_parts(geometry)
    parts = parts[shapely.area(parts) > 0]
    if not parts.size:
        return areas_by_region
    part_index, region_index = tree.query(parts)  # envelopes; the prepared regions test exactly
    touches = shapely.intersects(regions[region_index], parts[part_index])
    part_index, region_index = part_index[touches], region_index[touches]
    inside = shapely.contains(regions[region_index], parts[part_index])
    areas = shapely.area(parts[part_index])
    if (~inside).any():
        areas[~inside] = shapely.area(
            shapely.intersection(parts[part_index[~inside]], regions[region_index[~inside]])
        )
    np.add.at(areas_by_region, region_index, areas)
    return areas_by_region


def release_year(sites: pd.DataFrame) -> int | None:
    """The year of the latest WDPA release named in the rows (e.g. 'Nov2025' → 2025), if any."""
    if "wdpa_release" not in sites.columns:
        return None
    years = [int(m.group(0)) for r in sites["wdpa_release"].dropna().astype(str) if (m := _RELEASE.search(r))]
    return max(years) if years else None


def site_notes_and_counts(
    sites: pd.DataFrame, excluded: Mapping[str, int], prepared: PreparedSites, kind: str
) -> tuple[tuple[str, ...], dict[str, int]]:
    """Input counts and plain-language notes on what the site rules did."""
    unknown = int(np.isnan(prepared.years).sum())
    counts = {
        "sites": int(sites["site_id"].nunique()) if "site_id" in sites.columns else len(sites),
        "parcels": len(sites),
        "polygons_repaired": prepared.repaired,
        "points_buffered": prepared.buffered_points,
        "points_dropped_no_area": prepared.dropped_points,
        "unknown_status_year": unknown,
        **{f"excluded: {reason}": n for reason, n in excluded.items()},
    }
    kinds_ko = {"pa": "보호지역", "oecm": "자연공존지역(OECM)", "both": "보호지역·자연공존지역"}
    notes = [
        Note(f"{len(sites):,} parcels of kind '{kind}' counted (STATUS {', '.join(KEPT_STATUSES)}); "
             "Proposed, Adopted and Not Reported dropped, as wdpar does",
             f"{kinds_ko.get(kind, kind)} 구역 {len(sites):,}개를 셌습니다 (STATUS {', '.join(map(_status_ko, KEPT_STATUSES))}). "
             f"wdpar와 같이 {', '.join(map(_status_ko, ('Proposed', 'Adopted', 'Not Reported')))}은 제외했습니다"),
        Note(f"{prepared.repaired:,} invalid polygon(s) (self-intersecting outlines) repaired before measuring",
             f"잘못된 폴리곤(경계선이 스스로 교차) {prepared.repaired:,}개를 면적 계산 전에 고쳤습니다"),
        Note(f"{prepared.buffered_points:,} point site(s) buffered geodesically to their reported area; "
             f"{prepared.dropped_points:,} point site(s) without a reported area dropped",
             f"점으로만 등록된 {prepared.buffered_points:,}곳은 보고 면적만큼 원으로 넓혔고, "
             f"보고 면적이 없는 {prepared.dropped_points:,}곳은 제외했습니다"),
        Note(f"{unknown:,} parcel(s) with unknown STATUS_YR counted in every year",
             f"지정 연도(STATUS_YR)를 모르는 {unknown:,}개 구역은 모든 연도에 포함했습니다"),
    ]
    if excluded:
        listed = ", ".join(f"{reason} {n:,}" for reason, n in excluded.items())
        listed_ko = ", ".join(f"{_reason_ko(reason)} {n:,}" for reason, n in excluded.items())
        notes.append(Note(f"excluded rows: {listed}", f"제외한 행: {listed_ko}"))
    return tuple(notes), counts


def input_provenance(inputs: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """Entries the loader recorded (tables, data version, WDPA release, boundary sources)."""
    info = inputs.get("provenance")
    if info is None or info.empty or not {"key", "value"} <= set(info.columns):
        return {}
    return {str(k): str(v) for k, v in zip(info["key"], info["value"], strict=True)}


def _status_ko(status: str) -> str:
    """'Designated' → 'Designated(지정)': the data's word with its Korean gloss."""
    return f"{status}({STATUS_KO[status]})" if status in STATUS_KO else status


def _reason_ko(reason: str) -> str:
    """An exclusion reason of `select_sites` in Korean."""
    if reason.startswith("status "):
        return f"STATUS {_status_ko(reason.removeprefix('status '))}"
    return {MAB_DESIGNATION: "유네스코 생물권보전지역(MAB)", "no geometry": "경계 없음"}.get(reason, reason)
