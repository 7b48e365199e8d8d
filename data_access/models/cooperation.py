"""International cooperation: joint research and ODA projects, budgets, training, hand-overs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, ImportedMixin


class CooperationProject(ImportedMixin, Base):
    __tablename__ = "cooperation_project"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title_ko: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))  # joint_research | oda | capacity_building
    partner_country: Mapped[str] = mapped_column(String(2), index=True)
    partner_institution: Mapped[str | None] = mapped_column(String(300))
    funding_agency: Mapped[str | None] = mapped_column(String(100))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    # OECD DAC Rio marker for biodiversity: 0 not targeted, 1 significant, 2 principal
    rio_marker: Mapped[int] = mapped_column(Integer, default=0)


class ProjectBudget(ImportedMixin, Base):
    """Disbursement of a project in one year, with the rate used to express it in USD."""

    __tablename__ = "project_budget"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("cooperation_project.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    amount: Mapped[float] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3))
    usd_per_unit: Mapped[float] = mapped_column(Float)


class CapacityEvent(ImportedMixin, Base):
    """A training course, workshop or fellowship, with the number of trainees."""

    __tablename__ = "capacity_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_key: Mapped[str] = mapped_column(String(40), unique=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("cooperation_project.id"))
    title: Mapped[str] = mapped_column(Text)
    country: Mapped[str] = mapped_column(String(2))
    held_on: Mapped[dt.date] = mapped_column(Date)
    trainees: Mapped[int] = mapped_column(Integer)
    women_trainees: Mapped[int | None] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer, index=True)


class MaterialTransfer(ImportedMixin, Base):
    """Duplicate specimens, books or data handed over to a partner."""

    __tablename__ = "material_transfer"
    id: Mapped[int] = mapped_column(primary_key=True)
    transfer_key: Mapped[str] = mapped_column(String(40), unique=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("cooperation_project.id"))
    partner_country: Mapped[str] = mapped_column(String(2))
    partner_institution: Mapped[str | None] = mapped_column(String(300))
    handed_over_on: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30))  # duplicate_specimen | book | dataset
    quantity: Mapped[int] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer, index=True)
