"""GBF reference (goals, targets, indicators), Korea's national targets, countries, authorities."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base


class GbfGoalTarget(Base):
    """A GBF goal (A-D) or target (1-23)."""

    __tablename__ = "gbf_goal_target"
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # goal | target
    theme: Mapped[str] = mapped_column(String(120))
    title_en: Mapped[str] = mapped_column(Text)
    title_ko: Mapped[str | None] = mapped_column(Text)
    title_ko_is_official: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(default=0)


class GbfIndicator(Base):
    """An indicator of the GBF monitoring framework, with its 7NR (ORT) code."""

    __tablename__ = "gbf_indicator"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(20), index=True)
    unit: Mapped[str | None] = mapped_column(Text)
    custodian: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class GbfIndicatorTarget(Base):
    __tablename__ = "gbf_indicator_target"
    indicator_code: Mapped[str] = mapped_column(ForeignKey("gbf_indicator.code"), primary_key=True)
    target_code: Mapped[str] = mapped_column(ForeignKey("gbf_goal_target.code"), primary_key=True)


class NationalTarget(Base):
    """A national target of Korea's 5th NBSAP (NT1-NT21)."""

    __tablename__ = "national_target"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    title_en: Mapped[str] = mapped_column(Text)
    title_ko: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(default=0)


class NationalTargetGbfLink(Base):
    __tablename__ = "national_target_gbf_link"
    national_target_code: Mapped[str] = mapped_column(ForeignKey("national_target.code"), primary_key=True)
    gbf_code: Mapped[str] = mapped_column(ForeignKey("gbf_goal_target.code"), primary_key=True)
    inferred: Mapped[bool] = mapped_column(Boolean, default=True)


class Country(Base):
    """A country or CITES trade-database code (ISO 3166-1 alpha-2 plus CITES codes like XX)."""

    __tablename__ = "country"
    iso2: Mapped[str] = mapped_column(String(2), primary_key=True)
    iso3: Mapped[str | None] = mapped_column(String(3), index=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ko: Mapped[str | None] = mapped_column(String(200))
    is_megadiverse: Mapped[bool] = mapped_column(Boolean, default=False)
    is_cites_code_only: Mapped[bool] = mapped_column(Boolean, default=False)


class Authority(Base):
    """A ministry, agency or office, with validity dates (ministries are renamed)."""

    __tablename__ = "authority"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name_ko: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))  # ministry | agency | regional_office | local_government
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    successor_code: Mapped[str | None] = mapped_column(String(20))
