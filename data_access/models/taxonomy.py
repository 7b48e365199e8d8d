"""The national species list and species' dated legal statuses."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_access.models.base import Base, ImportedMixin


class Taxon(ImportedMixin, Base):
    """A name on the national species list; synonyms point at their accepted taxon."""

    __tablename__ = "taxon"
    __table_args__ = (
        UniqueConstraint("scientific_name", "authorship", name="uq_taxon_name_authorship"),
        Index("ix_taxon_group_status", "taxon_group", "name_status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    ktsn: Mapped[str | None] = mapped_column(String(20), unique=True)  # Korean Taxonomic Serial Number
    scientific_name: Mapped[str] = mapped_column(String(300), index=True)
    authorship: Mapped[str] = mapped_column(String(200), default="")
    korean_name: Mapped[str | None] = mapped_column(String(200), index=True)
    rank: Mapped[str] = mapped_column(String(20), default="species")
    kingdom: Mapped[str | None] = mapped_column(String(60))
    phylum: Mapped[str | None] = mapped_column(String(80))
    class_name: Mapped[str | None] = mapped_column(String(80))
    order_name: Mapped[str | None] = mapped_column(String(80))
    family: Mapped[str | None] = mapped_column(String(80), index=True)
    genus: Mapped[str | None] = mapped_column(String(80))
    taxon_group: Mapped[str] = mapped_column(String(40), index=True)  # see sample_data taxon groups
    name_status: Mapped[str] = mapped_column(String(20), default="accepted")  # accepted | synonym
    accepted_taxon_id: Mapped[int | None] = mapped_column(ForeignKey("taxon.id"), index=True)
    is_endemic: Mapped[bool] = mapped_column(Boolean, default=False)
    is_native: Mapped[bool] = mapped_column(Boolean, default=True)
    year_listed: Mapped[int | None] = mapped_column(Integer)  # year added to the national list
    is_new_to_science: Mapped[bool] = mapped_column(Boolean, default=False)

    statuses: Mapped[list[LegalStatus]] = relationship(back_populates="taxon")


class LegalStatus(ImportedMixin, Base):
    """A dated legal designation of a taxon (CITES appendix, endangered class, invasive...)."""

    __tablename__ = "legal_status"
    __table_args__ = (Index("ix_legal_status_scheme_taxon", "scheme", "taxon_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    taxon_id: Mapped[int] = mapped_column(ForeignKey("taxon.id", ondelete="CASCADE"))
    # CITES_APPENDIX | KR_ENDANGERED | ECOSYSTEM_DISTURBING | CONCERN_FOR_INTRODUCTION |
    # DESIGNATED_MANAGED | NATURAL_MONUMENT | FACILITY_REGISTRATION_REQUIRED | MARINE_PROTECTED
    scheme: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(40))  # e.g. I, II, III for CITES; I, II for endangered
    annotation: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    legal_instrument: Mapped[str | None] = mapped_column(String(300))

    taxon: Mapped[Taxon] = relationship(back_populates="statuses")
