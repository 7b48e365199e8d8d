"""Red List assessment rounds and species assessments (national and global scope)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, ImportedMixin


class AssessmentRound(ImportedMixin, Base):
    """A comprehensive assessment of one taxon group in one year (an RLI time point)."""

    __tablename__ = "assessment_round"
    __table_args__ = (UniqueConstraint("scope", "taxon_group", "year", name="uq_assessment_round"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(10))  # national | global
    taxon_group: Mapped[str] = mapped_column(String(60))
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    published_on: Mapped[dt.date | None] = mapped_column(Date)


class RedListAssessment(ImportedMixin, Base):
    """One species' category in one assessment year; back-cast rows are marked."""

    __tablename__ = "red_list_assessment"
    __table_args__ = (
        UniqueConstraint("scope", "taxon_group", "taxon_key", "year", name="uq_red_list_assessment"),
        Index("ix_red_list_group_year", "scope", "taxon_group", "year"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(10), default="national")  # national | global
    taxon_key: Mapped[str] = mapped_column(String(60))  # KTSN, SIS id or national id as text
    taxon_id: Mapped[int | None] = mapped_column(ForeignKey("taxon.id"), index=True)
    taxon_group: Mapped[str] = mapped_column(String(60))
    year: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(10))  # IUCN code: LC NT VU EN CR CR(PE) ... DD NE NA
    criteria: Mapped[str | None] = mapped_column(String(120))
    # reason the category differs from the previous assessment: genuine | new_information |
    # taxonomy | criteria_revision | error_correction | other; NULL when unchanged or first
    reason_for_change: Mapped[str | None] = mapped_column(String(30))
    is_backcast: Mapped[bool] = mapped_column(Boolean, default=False)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("assessment_round.id"))
