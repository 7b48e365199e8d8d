"""The domestic life cycle of imported wild animals: holders, facilities, animals and events.

Holders carry personal data (names, addresses); the access-control layer masks them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, ImportedMixin


class Holder(ImportedMixin, Base):
    """A person or organisation that imports, keeps or receives animals (personal data)."""

    __tablename__ = "holder"
    id: Mapped[int] = mapped_column(primary_key=True)
    holder_key: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # individual | corporation | public_body
    name: Mapped[str] = mapped_column(String(200))
    business_reg_no: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(Text)
    province_code: Mapped[str | None] = mapped_column(String(4))
    phone: Mapped[str | None] = mapped_column(String(40))
    is_personal_data: Mapped[bool] = mapped_column(Boolean, default=True)


class BreedingFacility(ImportedMixin, Base):
    """A registered breeding facility (사육시설, Wildlife Act Art. 16-2)."""

    __tablename__ = "breeding_facility"
    id: Mapped[int] = mapped_column(primary_key=True)
    registration_no: Mapped[str] = mapped_column(String(40), unique=True)
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("holder.id"))
    name: Mapped[str] = mapped_column(String(200))
    facility_type: Mapped[str] = mapped_column(String(20))  # exhibition | research | sales | individual
    province_code: Mapped[str | None] = mapped_column(String(4))
    registered_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="registered")  # registered | suspended | closed | revoked
    capacity: Mapped[int | None] = mapped_column(Integer)


class AnimalSpecimen(ImportedMixin, Base):
    """An individual animal (or lot) tracked from import to disposal."""

    __tablename__ = "animal_specimen"
    id: Mapped[int] = mapped_column(primary_key=True)
    specimen_key: Mapped[str] = mapped_column(String(60), unique=True)  # microchip, ring or tag
    taxon_id: Mapped[int | None] = mapped_column(ForeignKey("taxon.id"), index=True)
    scientific_name: Mapped[str] = mapped_column(String(300))
    sex: Mapped[str | None] = mapped_column(String(1))  # M | F | U
    born_on: Mapped[dt.date | None] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(String(20))  # imported | bred_in_captivity | pre_listing | confiscated
    import_permit_id: Mapped[int | None] = mapped_column(ForeignKey("cites_permit.id"))
    parent_specimen_id: Mapped[int | None] = mapped_column(ForeignKey("animal_specimen.id"))
    current_holder_id: Mapped[int | None] = mapped_column(ForeignKey("holder.id"))
    current_facility_id: Mapped[int | None] = mapped_column(ForeignKey("breeding_facility.id"))
    status: Mapped[str] = mapped_column(String(20), default="held")  # held | dead | disposed | escaped | seized | exported


class AnimalEvent(ImportedMixin, Base):
    """One life-cycle event with its event date and the date it was reported."""

    __tablename__ = "animal_event"
    __table_args__ = (
        Index("ix_animal_event_type_date", "event_type", "event_date"),
        Index("ix_animal_event_specimen", "specimen_id", "event_date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    event_key: Mapped[str] = mapped_column(String(60), unique=True)
    specimen_id: Mapped[int] = mapped_column(ForeignKey("animal_specimen.id", ondelete="CASCADE"))
    # import | entry (registration) | transfer | birth | death | carcass_disposal | escape | seizure | export
    event_type: Mapped[str] = mapped_column(String(20))
    event_date: Mapped[dt.date] = mapped_column(Date)
    report_date: Mapped[dt.date | None] = mapped_column(Date)
    quantity: Mapped[float] = mapped_column(Float, default=1)
    from_holder_id: Mapped[int | None] = mapped_column(ForeignKey("holder.id"))
    to_holder_id: Mapped[int | None] = mapped_column(ForeignKey("holder.id"))
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("breeding_facility.id"))
    permit_id: Mapped[int | None] = mapped_column(ForeignKey("cites_permit.id"))
    receiving_authority: Mapped[str | None] = mapped_column(String(20))
    disposal_method: Mapped[str | None] = mapped_column(String(20))  # incinerated | buried | specimen | donated
    province_code: Mapped[str | None] = mapped_column(String(4))
    note: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer, index=True)
