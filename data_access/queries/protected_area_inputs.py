"""Input frames of the area-based indicators: protected areas, coverage boundaries, KBAs.

Only the columns the coverage method needs are read, and geometry only for rows the method can
keep (a Proposed site or a MAB reserve arrives with its attributes, so the indicator can count it
as excluded, but without its polygon). The indicators in `indicators/` do the geometry.
Each loader also returns a small `provenance` frame (key, value): tables, filters, data version,
WDPA release and boundary sources, which the indicator copies onto its result.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from data_access.models import AdminBoundary, DataVersion, KeyBiodiversityArea, ProtectedArea
from indicators.coverage_geometry import KEPT_STATUSES, MAB_DESIGNATION, SITE_TYPES_BY_KIND

Frames = dict[str, pd.DataFrame]
DEFAULT_COUNTRY = "KOR"


def _frame(session: Session, statement: Any) -> pd.DataFrame:
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def data_version(session: Session) -> str:
    """The database's data version counter (bumped by every import), as text."""
    version = session.scalar(select(func.max(DataVersion.version)))
    return "0" if version is None else str(version)


def country_filter(country: str) -> Any:
    """Rows of the country (ISO3 or PARENT_ISO3 lists contain it) or with no country recorded."""
    pattern = f"%{country}%"
    return or_(ProtectedArea.iso3.is_(None), ProtectedArea.iso3.like(pattern), ProtectedArea.parent_iso3.like(pattern))


def countable_filter(kind: str | None = None) -> Any:
    """The method's site rules in SQL: status kept, no MAB reserve, (kind), with a geometry."""
    clauses = [
        ProtectedArea.status.in_(KEPT_STATUSES),
        or_(ProtectedArea.designation_en.is_(None), ProtectedArea.designation_en != MAB_DESIGNATION),
        ProtectedArea.geom.is_not(None),
    ]
    if kind is not None:
        clauses.append(ProtectedArea.site_type.in_(SITE_TYPES_BY_KIND[kind]))
    return and_(*clauses)


def load_protected_areas(session: Session, *, country: str = DEFAULT_COUNTRY, kind: str | None = None,
                         countable_only: bool = False) -> pd.DataFrame:
    """One row per WDPA parcel: the attributes the coverage method reads, geometry when countable."""
    geometry = case((countable_filter(), ProtectedArea.geom), else_=None) if not countable_only else ProtectedArea.geom
    statement = select(
        ProtectedArea.site_id,
        ProtectedArea.parcel_id,
        ProtectedArea.site_type,
        ProtectedArea.status,
        ProtectedArea.status_year,
        ProtectedArea.designation_en,
        ProtectedArea.reported_area_km2,
        ProtectedArea.wdpa_release,
        geometry.label("geom"),
    ).where(country_filter(country))
    if kind is not None:
        statement = statement.where(ProtectedArea.site_type.in_(SITE_TYPES_BY_KIND[kind]))
    if countable_only:
        statement = statement.where(countable_filter(kind))
    return _frame(session, statement.order_by(ProtectedArea.parcel_id))


def _eez_rows(session: Session, country: str) -> pd.DataFrame:
    columns = (
        AdminBoundary.level, AdminBoundary.code, AdminBoundary.name_ko, AdminBoundary.name_en,
        AdminBoundary.source, AdminBoundary.geom,
    )
    own = _frame(session, select(*columns).where(AdminBoundary.level == "eez", AdminBoundary.code == country))
    if not own.empty:
        return own
    # An EEZ keyed by MRGID (or a sample one) does not carry the ISO3 code: take every EEZ row.
    return _frame(session, select(*columns).where(AdminBoundary.level == "eez"))


def load_coverage_boundaries(session: Session, *, country: str = DEFAULT_COUNTRY) -> pd.DataFrame:
    """Denominators: the land outline (level 'country'), the EEZ and the current provinces."""
    columns = (
        AdminBoundary.level, AdminBoundary.code, AdminBoundary.name_ko, AdminBoundary.name_en,
        AdminBoundary.source, AdminBoundary.geom,
    )
    land = _frame(session, select(*columns).where(AdminBoundary.level == "country", AdminBoundary.code == country))
    provinces = _frame(
        session,
        select(*columns, AdminBoundary.code_system)
        .where(AdminBoundary.level == "province", AdminBoundary.valid_to.is_(None))
        .order_by(AdminBoundary.code),
    )
    if not provinces.empty and provinces["code_system"].nunique() > 1:
        # One code list only (NGII codes before KOSTAT), so provinces are not counted twice.
        preferred = "NGII" if "NGII" in set(provinces["code_system"]) else sorted(provinces["code_system"])[0]
        provinces = provinces[provinces["code_system"] == preferred]
    frames = [f for f in (land, _eez_rows(session, country), provinces.drop(columns="code_system")) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["level", "code", "name_ko", "name_en", "source", "geom"])
    return pd.concat(frames, ignore_index=True)


def load_key_biodiversity_areas(session: Session, *, country: str = DEFAULT_COUNTRY) -> pd.DataFrame:
    statement = select(
        KeyBiodiversityArea.site_code, KeyBiodiversityArea.name, KeyBiodiversityArea.area_km2, KeyBiodiversityArea.geom
    ).where(
        or_(KeyBiodiversityArea.iso3.is_(None), KeyBiodiversityArea.iso3 == country),
        KeyBiodiversityArea.geom.is_not(None),
    )
    return _frame(session, statement.order_by(KeyBiodiversityArea.site_code))


def provenance_frame(entries: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"key": list(entries), "value": [str(v) for v in entries.values()]})


def _releases(sites: pd.DataFrame) -> str:
    releases = sorted(set(sites["wdpa_release"].dropna().astype(str))) if "wdpa_release" in sites else []
    return ", ".join(releases) or "not recorded"


def _sources(boundaries: pd.DataFrame, level: str) -> str:
    rows = boundaries[boundaries["level"] == level] if "level" in boundaries else boundaries.iloc[0:0]
    return "; ".join(sorted(set(rows["source"].dropna().astype(str)))) or "none"


def load_coverage_inputs(session: Session, *, country: str = DEFAULT_COUNTRY) -> Frames:
    """`protected_area_coverage`: parcels, boundaries and provenance."""
    sites = load_protected_areas(session, country=country)
    boundaries = load_coverage_boundaries(session, country=country)
    provenance = {
        "tables": "protected_area, admin_boundary",
        "country": country,
        "data_version": data_version(session),
        "wdpa_release": _releases(sites),
        "land_boundary": _sources(boundaries, "country"),
        "marine_boundary": _sources(boundaries, "eez"),
        "province_boundary": _sources(boundaries, "province"),
    }
    return {"protected_areas": sites, "coverage_boundaries": boundaries, "provenance": provenance_frame(provenance)}


def load_kba_inputs(session: Session, *, country: str = DEFAULT_COUNTRY) -> Frames:
    """`kba_protection_coverage`: parcels, KBAs and provenance."""
    sites = load_protected_areas(session, country=country)
    provenance = {
        "tables": "protected_area, key_biodiversity_area",
        "country": country,
        "data_version": data_version(session),
        "wdpa_release": _releases(sites),
    }
    return {
        "protected_areas": sites,
        "key_biodiversity_areas": load_key_biodiversity_areas(session, country=country),
        "provenance": provenance_frame(provenance),
    }


def add_country_argument(parser: Any) -> None:
    parser.add_argument(
        "--country", default=DEFAULT_COUNTRY, help="ISO3 code of the country boundary and WDPA rows (default KOR)"
    )
