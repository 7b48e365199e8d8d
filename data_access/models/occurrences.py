"""Specimen and occurrence records in Darwin Core terms, and the datasets they come from."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, ImportedMixin


class SourceDataset(ImportedMixin, Base):
    """A published dataset or download (GBIF datasetKey or download DOI), for citation."""

    __tablename__ = "source_dataset"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    doi: Mapped[str | None] = mapped_column(String(200))
    licence: Mapped[str | None] = mapped_column(String(60))
    citation: Mapped[str | None] = mapped_column(Text)


class Occurrence(ImportedMixin, Base):
    """A specimen or observation record (Darwin Core Occurrence core).

    Keyed on gbifID where present (occurrenceID repeats in real downloads), else occurrenceID,
    else the institution+collection+catalogue triplet: `record_key` holds whichever applies.
    """

    __tablename__ = "occurrence"
    __table_args__ = (
        Index("ix_occurrence_taxon_year", "taxon_id", "year"),
        Index("ix_occurrence_group_year", "taxon_group", "year"),
        Index("ix_occurrence_province", "province_code"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[str] = mapped_column(String(300), unique=True)
    gbif_id: Mapped[str | None] = mapped_column(String(30))
    occurrence_id: Mapped[str | None] = mapped_column(String(300))
    basis_of_record: Mapped[str] = mapped_column(String(30))  # PRESERVED_SPECIMEN, HUMAN_OBSERVATION ...
    occurrence_status: Mapped[str] = mapped_column(String(10), default="PRESENT")
    scientific_name: Mapped[str] = mapped_column(String(300))
    verbatim_scientific_name: Mapped[str | None] = mapped_column(String(300))
    taxon_id: Mapped[int | None] = mapped_column(ForeignKey("taxon.id"))
    taxon_group: Mapped[str | None] = mapped_column(String(40))
    taxon_rank: Mapped[str | None] = mapped_column(String(20))
    kingdom: Mapped[str | None] = mapped_column(String(60))
    phylum: Mapped[str | None] = mapped_column(String(80))
    class_name: Mapped[str | None] = mapped_column(String(80))
    order_name: Mapped[str | None] = mapped_column(String(80))
    family: Mapped[str | None] = mapped_column(String(80))
    genus: Mapped[str | None] = mapped_column(String(80))
    decimal_latitude: Mapped[float | None] = mapped_column(Float)
    decimal_longitude: Mapped[float | None] = mapped_column(Float)
    coordinate_uncertainty_m: Mapped[float | None] = mapped_column(Float)
    country_code: Mapped[str | None] = mapped_column(String(2))
    province_code: Mapped[str | None] = mapped_column(String(4))  # NGII sido code, derived on import
    locality: Mapped[str | None] = mapped_column(Text)
    event_date: Mapped[str | None] = mapped_column(String(60))  # ISO 8601 date or interval, as given
    event_date_start: Mapped[dt.date | None] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer)
    institution_code: Mapped[str | None] = mapped_column(String(100))
    collection_code: Mapped[str | None] = mapped_column(String(100))
    catalog_number: Mapped[str | None] = mapped_column(String(100))
    recorded_by: Mapped[str | None] = mapped_column(Text)
    establishment_means: Mapped[str | None] = mapped_column(String(40))
    degree_of_establishment: Mapped[str | None] = mapped_column(String(40))
    license: Mapped[str | None] = mapped_column(String(40))
    is_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)  # shared with GBIF/KBIF
    digitised_year: Mapped[int | None] = mapped_column(Integer)
    dataset_id: Mapped[int | None] = mapped_column(ForeignKey("source_dataset.id"))
    issues: Mapped[str | None] = mapped_column(Text)  # GBIF quality flags, ';'-separated
