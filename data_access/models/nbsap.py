"""NBSAP actions, their links to GBF targets and indicators, yearly progress, status overrides."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, ImportedMixin


class NbsapAction(ImportedMixin, Base):
    """An action (세부실천목표 / sub-action) of the national strategy under a national target."""

    __tablename__ = "nbsap_action"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # e.g. 3-1-2
    national_target_code: Mapped[str] = mapped_column(ForeignKey("national_target.code"), index=True)
    title_ko: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    lead_ministry: Mapped[str] = mapped_column(String(20))  # authority.code
    cooperating_ministries: Mapped[str | None] = mapped_column(String(200))  # ';'-separated codes
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    performance_indicator: Mapped[str | None] = mapped_column(Text)
    target_value: Mapped[str | None] = mapped_column(String(100))


class NbsapActionGbfLink(Base):
    __tablename__ = "nbsap_action_gbf_link"
    action_id: Mapped[int] = mapped_column(ForeignKey("nbsap_action.id", ondelete="CASCADE"), primary_key=True)
    gbf_code: Mapped[str] = mapped_column(ForeignKey("gbf_goal_target.code"), primary_key=True)


class NbsapActionIndicatorLink(Base):
    """An action measured by an indicator (a registered dashboard id or a GBF indicator code)."""

    __tablename__ = "nbsap_action_indicator_link"
    action_id: Mapped[int] = mapped_column(ForeignKey("nbsap_action.id", ondelete="CASCADE"), primary_key=True)
    indicator: Mapped[str] = mapped_column(String(60), primary_key=True)


class ProgressReport(ImportedMixin, Base):
    """Yearly implementation report of one action (preliminary or final)."""

    __tablename__ = "progress_report"
    __table_args__ = (UniqueConstraint("action_id", "year", name="uq_progress_report_action_year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("nbsap_action.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))  # completed | in_progress | delayed | not_started | cancelled
    percent_complete: Mapped[float | None] = mapped_column(Float)
    narrative_ko: Mapped[str | None] = mapped_column(Text)
    narrative_en: Mapped[str | None] = mapped_column(Text)
    is_final: Mapped[bool] = mapped_column(Boolean, default=True)
    reported_by: Mapped[str | None] = mapped_column(String(120))
    reported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ProgressStatusOverride(Base):
    """A staff-set progress status for a GBF or national target, with its justification."""

    __tablename__ = "progress_status_override"
    id: Mapped[int] = mapped_column(primary_key=True)
    target_code: Mapped[str] = mapped_column(String(10), index=True)  # GBF code (1-23, A-D) or NTn
    status: Mapped[str] = mapped_column(String(30))  # 7NR progress scale code
    justification: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    report_year: Mapped[int | None] = mapped_column(Integer)
