"""Protected areas page: area by designation, coverage by province, KBA coverage.

Areas by designation are summed in SQL from the WDPA areas (GIS area, else reported area): they
may double-count overlapping sites, so the page labels them as designated area, not coverage.
Coverage by province and of KBAs dissolves overlaps first (shapely union, measured in Mollweide as
Protected Planet does), once per data version.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.equal_area import area_km2
from data_access.models import AdminBoundary, KeyBiodiversityArea, ProtectedArea

COVERAGE_TOLERANCE_DEG = 0.001  # ~100 m: changes province coverage by well under 0.1 percentage point


def _frame(session: Session, statement) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def area_by_designation(session: Session) -> pd.DataFrame:
    """Sites and designated area per site type, designation and realm (overlaps not removed)."""
    area = func.coalesce(ProtectedArea.gis_area_km2, ProtectedArea.reported_area_km2, 0)
    return _frame(
        session,
        select(
            ProtectedArea.site_type, func.coalesce(ProtectedArea.designation, "–").label("designation"),
            func.coalesce(ProtectedArea.designation_en, ProtectedArea.designation, "–").label("designation_en"),
            ProtectedArea.designation_type, ProtectedArea.realm,
            func.count(func.distinct(ProtectedArea.site_id)).label("sites"), func.sum(area).label("area_km2"),
        )
        .group_by(ProtectedArea.site_type, ProtectedArea.designation, ProtectedArea.designation_en,
                  ProtectedArea.designation_type, ProtectedArea.realm)
        .order_by(func.sum(area).desc()),
    )


def designations_by_year(session: Session) -> pd.DataFrame:
    """New sites per status year and site type (year of designation)."""
    return _frame(
        session,
        select(ProtectedArea.status_year.label("year"), ProtectedArea.site_type,
               func.count(func.distinct(ProtectedArea.site_id)).label("sites"))
        .where(ProtectedArea.status_year.is_not(None))
        .group_by(ProtectedArea.status_year, ProtectedArea.site_type)
        .order_by(ProtectedArea.status_year),
    )


def _polygons(geometry: shapely.Geometry) -> list[shapely.Geometry]:
    """The polygon parts of a geometry (make_valid may leave stray lines or points beside them)."""
    return [g for g in shapely.get_parts(geometry) if g.geom_type == "Polygon" and not g.is_empty]


def _protected_parts(session: Session) -> tuple[np.ndarray, shapely.STRtree] | None:
    """The dissolved protected area (every PA and OECM, overlaps merged) as polygons with a spatial index."""
    geoms = [g for g in session.scalars(select(ProtectedArea.geom).where(ProtectedArea.geom.is_not(None))) if g]
    if not geoms:
        return None
    simplified = [
        part
        for g in geoms
        for part in _polygons(shapely.make_valid(shapely.simplify(g, COVERAGE_TOLERANCE_DEG, preserve_topology=True)))
    ]
    parts = np.array(_polygons(shapely.union_all(simplified)), dtype=object)
    return parts, shapely.STRtree(parts)


def _protected_km2(area: shapely.Geometry, protected: tuple[np.ndarray, shapely.STRtree] | None) -> float:
    """km² of `area` inside the dissolved protected area (only the nearby parts are intersected)."""
    if protected is None or area is None or area.is_empty:
        return 0.0
    parts, tree = protected
    area = shapely.make_valid(area)
    nearby = parts[tree.query(area, predicate="intersects")]
    if not len(nearby):
        return 0.0
    return area_km2(shapely.union_all(shapely.intersection(nearby, area)))


def coverage_by_province(session: Session) -> pd.DataFrame:
    """Land area of each province covered by protected areas and OECMs (overlaps dissolved, display outlines).

    Columns: code, name_ko, name_en, area_km2, protected_km2, percent.
    """
    provinces = session.execute(
        # The display geometry (simplified ~500 m) keeps this fast: full NGII outlines have millions of
        # vertices. The denominator stays the official area of the full outline.
        select(AdminBoundary.code, AdminBoundary.name_ko, AdminBoundary.name_en,
               func.coalesce(AdminBoundary.display_geom, AdminBoundary.geom), AdminBoundary.area_km2)
        .where(AdminBoundary.level == "province", AdminBoundary.valid_to.is_(None))
        .order_by(AdminBoundary.code)
    ).all()
    columns = ["code", "name_ko", "name_en", "area_km2", "protected_km2", "percent"]
    if not provinces:
        return pd.DataFrame(columns=columns)
    protected_parts = _protected_parts(session)
    rows = []
    for code, name_ko, name_en, geom, area in provinces:
        total = area if area else area_km2(geom)
        protected = _protected_km2(geom, protected_parts)
        rows.append((code, name_ko, name_en, total, protected, 100 * protected / total if total else None))
    return pd.DataFrame(rows, columns=columns)


def kba_coverage(session: Session) -> pd.DataFrame:
    """Share of each Key Biodiversity Area inside protected areas or OECMs: site_code, name, area_km2, percent."""
    kbas = session.execute(
        select(KeyBiodiversityArea.site_code, KeyBiodiversityArea.name, KeyBiodiversityArea.geom,
               KeyBiodiversityArea.area_km2)
    ).all()
    columns = ["site_code", "name", "area_km2", "protected_km2", "percent"]
    if not kbas:
        return pd.DataFrame(columns=columns)
    protected_parts = _protected_parts(session)
    rows = []
    for code, name, geom, area in kbas:
        if geom is None:
            rows.append((code, name, area, None, None))
            continue
        total = area_km2(geom)
        protected = _protected_km2(geom, protected_parts)
        rows.append((code, name, area or total, protected, 100 * protected / total if total else None))
    return pd.DataFrame(rows, columns=columns).sort_values("percent", ascending=False, na_position="last")


def site_counts(session: Session) -> dict[str, int]:
    """Sites per site type (PA, OECM)."""
    rows = session.execute(
        select(ProtectedArea.site_type, func.count(func.distinct(ProtectedArea.site_id))).group_by(ProtectedArea.site_type)
    ).all()
    return {str(k): int(v) for k, v in rows}
