"""CITES permits and their lines, CITES Trade Database records as published, and seizures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_access.models.base import Base, ImportedMixin


class CitesPermit(ImportedMixin, Base):
    """A permit issued (or applied for) through the Wildlife Integrated Management System."""

    __tablename__ = "cites_permit"
    __table_args__ = (Index("ix_cites_permit_type_issued", "permit_type", "issued_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    permit_no: Mapped[str] = mapped_column(String(40), unique=True)
    # export | import | re_export | take_out | bring_in | propagation_certificate | change_of_use
    permit_type: Mapped[str] = mapped_column(String(30))
    # submitted | supplement_requested | under_review | issued | rejected | withdrawn |
    # used | partially_used | expired | revoked | surrendered
    status: Mapped[str] = mapped_column(String(30))
    issuing_authority: Mapped[str | None] = mapped_column(String(20))  # authority.code
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("holder.id"))
    applied_on: Mapped[dt.date | None] = mapped_column(Date)
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    purpose: Mapped[str | None] = mapped_column(String(1))  # CITES purpose code T Z G Q S H P M E N B L
    source: Mapped[str | None] = mapped_column(String(1))  # CITES source code W R D A C F U I O X Y
    partner_country: Mapped[str | None] = mapped_column(String(2))  # exporter for imports, importer for exports
    origin_country: Mapped[str | None] = mapped_column(String(2))
    foreign_permit_no: Mapped[str | None] = mapped_column(String(60))
    parent_permit_id: Mapped[int | None] = mapped_column(ForeignKey("cites_permit.id"))
    conditions: Mapped[str | None] = mapped_column(Text)

    lines: Mapped[list[CitesPermitLine]] = relationship(back_populates="permit", cascade="all, delete-orphan")


class CitesPermitLine(ImportedMixin, Base):
    """One specimen line of a permit: taxon, term, quantity and unit."""

    __tablename__ = "cites_permit_line"
    __table_args__ = (UniqueConstraint("permit_id", "line_no", name="uq_cites_permit_line"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    permit_id: Mapped[int] = mapped_column(ForeignKey("cites_permit.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    taxon_id: Mapped[int | None] = mapped_column(ForeignKey("taxon.id"), index=True)
    scientific_name: Mapped[str] = mapped_column(String(300))
    appendix: Mapped[str | None] = mapped_column(String(3))  # I | II | III
    term: Mapped[str] = mapped_column(String(10))  # CITES term code (LIV, SKI, LPS ...)
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(10))  # CITES unit code; NULL = number of specimens
    quantity_used: Mapped[float | None] = mapped_column(Float)
    description: Mapped[str | None] = mapped_column(Text)

    permit: Mapped[CitesPermit] = relationship(back_populates="lines")


class CitesTradeRecord(ImportedMixin, Base):
    """A row of the CITES Trade Database comparative tabulation, as published.

    Importer- and exporter-reported quantities are kept separately; never summed.
    """

    __tablename__ = "cites_trade_record"
    __table_args__ = (Index("ix_cites_trade_year_imp_exp", "year", "importer", "exporter"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    row_key: Mapped[str] = mapped_column(String(64), unique=True)  # hash of the published key columns
    year: Mapped[int] = mapped_column(Integer)
    appendix: Mapped[str] = mapped_column(String(3))
    taxon: Mapped[str] = mapped_column(String(300))
    class_name: Mapped[str | None] = mapped_column(String(80))
    order_name: Mapped[str | None] = mapped_column(String(80))
    family: Mapped[str | None] = mapped_column(String(80))
    genus: Mapped[str | None] = mapped_column(String(80))
    importer: Mapped[str] = mapped_column(String(2))
    exporter: Mapped[str] = mapped_column(String(2))
    origin: Mapped[str | None] = mapped_column(String(2))
    importer_quantity: Mapped[float | None] = mapped_column(Float)
    exporter_quantity: Mapped[float | None] = mapped_column(Float)
    term: Mapped[str] = mapped_column(String(60))  # code, or the word as the web export gives it
    unit: Mapped[str | None] = mapped_column(String(60))
    purpose: Mapped[str | None] = mapped_column(String(1))
    source: Mapped[str | None] = mapped_column(String(1))


class CitesShipment(ImportedMixin, Base):
    """A permit line item reported by one Party (shipment-level bulk download)."""

    __tablename__ = "cites_shipment"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[str] = mapped_column(String(40), unique=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    appendix: Mapped[str] = mapped_column(String(3))
    taxon: Mapped[str] = mapped_column(String(300))
    term: Mapped[str] = mapped_column(String(10))
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(10))
    importer: Mapped[str] = mapped_column(String(2))
    exporter: Mapped[str] = mapped_column(String(2))
    origin: Mapped[str | None] = mapped_column(String(2))
    purpose: Mapped[str | None] = mapped_column(String(1))
    source: Mapped[str | None] = mapped_column(String(1))
    reporter_type: Mapped[str] = mapped_column(String(1))  # E | I
    import_permit_hash: Mapped[str | None] = mapped_column(String(20))
    export_permit_hash: Mapped[str | None] = mapped_column(String(20))
    origin_permit_hash: Mapped[str | None] = mapped_column(String(20))


class TradeCase(ImportedMixin, Base):
    """An illegal-trade case or seizure (customs detection, inspection, tip-off)."""

    __tablename__ = "trade_case"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_no: Mapped[str] = mapped_column(String(40), unique=True)
    detected_on: Mapped[dt.date] = mapped_column(Date, index=True)
    detected_by: Mapped[str] = mapped_column(String(40))  # customs | inspection | tip_off | police
    taxon_id: Mapped[int | None] = mapped_column(ForeignKey("taxon.id"))
    scientific_name: Mapped[str | None] = mapped_column(String(300))
    term: Mapped[str | None] = mapped_column(String(10))
    quantity: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(10))
    origin_country: Mapped[str | None] = mapped_column(String(2))
    article_violated: Mapped[str | None] = mapped_column(String(60))
    outcome: Mapped[str | None] = mapped_column(String(40))  # fine | referral | confiscated | returned
