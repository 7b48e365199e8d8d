"""Protected areas and OECMs (WDPA attributes), administrative boundaries, Key Biodiversity Areas."""

from __future__ import annotations

import datetime as dt

from shapely.geometry.base import BaseGeometry
from sqlalchemy import Date, Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data_access.geometry import Geometry
from data_access.models.base import Base, ImportedMixin


class ProtectedArea(ImportedMixin, Base):
    """One WDPA parcel (a site may have several), mapped from the old or the Nov-2025 layout."""

    __tablename__ = "protected_area"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(Integer, index=True)  # WDPAID / SITE_ID
    parcel_id: Mapped[str] = mapped_column(String(40), unique=True)  # WDPA_PID / SITE_PID
    site_type: Mapped[str] = mapped_column(String(4))  # PA | OECM
    name_en: Mapped[str | None] = mapped_column(Text)
    name_orig: Mapped[str | None] = mapped_column(Text)
    designation: Mapped[str | None] = mapped_column(Text)
    designation_en: Mapped[str | None] = mapped_column(Text)
    designation_type: Mapped[str | None] = mapped_column(String(20))  # National | Regional | International
    iucn_category: Mapped[str | None] = mapped_column(String(20))
    realm: Mapped[str] = mapped_column(String(12))  # terrestrial | coastal | marine
    reported_area_km2: Mapped[float | None] = mapped_column(Float)
    reported_marine_area_km2: Mapped[float | None] = mapped_column(Float)
    gis_area_km2: Mapped[float | None] = mapped_column(Float)
    gis_marine_area_km2: Mapped[float | None] = mapped_column(Float)
    no_take: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))  # Designated | Inscribed | Established | Adopted | Proposed
    status_year: Mapped[int | None] = mapped_column(Integer)  # NULL when WDPA gives 0 (unknown)
    governance_type: Mapped[str | None] = mapped_column(Text)
    ownership_type: Mapped[str | None] = mapped_column(Text)
    management_authority: Mapped[str | None] = mapped_column(Text)
    management_plan: Mapped[str | None] = mapped_column(Text)
    verification: Mapped[str | None] = mapped_column(String(40))
    iso3: Mapped[str | None] = mapped_column(String(20))
    parent_iso3: Mapped[str | None] = mapped_column(String(20))
    sub_location: Mapped[str | None] = mapped_column(String(100))
    legal_basis: Mapped[str | None] = mapped_column(Text)  # Korean law (자연공원법 ...)
    responsible_ministry: Mapped[str | None] = mapped_column(String(20))
    wdpa_release: Mapped[str | None] = mapped_column(String(20))  # e.g. Nov2025
    is_point: Mapped[bool] = mapped_column(default=False)
    geom: Mapped[BaseGeometry | None] = mapped_column(Geometry("GEOMETRY"))


class AdminBoundary(ImportedMixin, Base):
    """A boundary used as a map layer or coverage denominator: country, province, land, EEZ."""

    __tablename__ = "admin_boundary"
    # One row per boundary: reloading the reference data or re-importing a file updates it. The
    # code system is part of the key because NGII and KOSTAT reuse numbers (31 = Ulsan / Gyeonggi).
    __table_args__ = (UniqueConstraint("level", "code_system", "code", name="uq_admin_boundary_level_system_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(20), index=True)  # country | province | eez | world_country
    code: Mapped[str] = mapped_column(String(20))
    code_system: Mapped[str] = mapped_column(String(20))  # NGII | KOSTAT | ISO3 | MRGID
    name_ko: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    area_km2: Mapped[float | None] = mapped_column(Float)  # Mollweide (ESRI:54009)
    source: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    geom: Mapped[BaseGeometry] = mapped_column(Geometry("GEOMETRY"))
    display_geom: Mapped[BaseGeometry | None] = mapped_column(Geometry("GEOMETRY"))  # simplified for maps


class KeyBiodiversityArea(ImportedMixin, Base):
    __tablename__ = "key_biodiversity_area"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(Text)
    iso3: Mapped[str | None] = mapped_column(String(3))
    criteria: Mapped[str | None] = mapped_column(String(100))
    area_km2: Mapped[float | None] = mapped_column(Float)
    geom: Mapped[BaseGeometry | None] = mapped_column(Geometry("GEOMETRY"))
