"""Inputs of `biodiversity_oda` (D.1) and `capacity_cooperation` (target 20), aggregated in SQL."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Integer, cast, extract, func, literal, select, union_all
from sqlalchemy.orm import Session

from data_access.models import CapacityEvent, CooperationProject, Country, MaterialTransfer, ProjectBudget
from data_access.queries.sql_frames import frame_of

ODA_KINDS = ("oda", "capacity_building")  # project kinds that are development cooperation by default


def load_oda_disbursements(session: Session, *, include_joint_research: bool = False) -> pd.DataFrame:
    """year, recipient, rio_marker, kind, usd: disbursements converted with each row's stored rate."""
    kinds = (*ODA_KINDS, "joint_research") if include_joint_research else ODA_KINDS
    statement = (
        select(
            ProjectBudget.year,
            CooperationProject.partner_country.label("recipient"),
            CooperationProject.rio_marker,
            CooperationProject.kind,
            func.sum(ProjectBudget.amount * ProjectBudget.usd_per_unit).label("usd"),
        )
        .join(CooperationProject, CooperationProject.id == ProjectBudget.project_id)
        .where(CooperationProject.kind.in_(kinds))
        .group_by(ProjectBudget.year, CooperationProject.partner_country, CooperationProject.rio_marker, CooperationProject.kind)
    )
    return frame_of(session, statement)


def load_cooperation_projects(session: Session) -> pd.DataFrame:
    """partner_country, start_year, end_year, projects, is_megadiverse."""
    start = cast(extract("year", CooperationProject.starts_on), Integer)
    end = cast(extract("year", CooperationProject.ends_on), Integer)
    statement = (
        select(
            CooperationProject.partner_country,
            start.label("start_year"),
            end.label("end_year"),
            func.count().label("projects"),
            func.coalesce(func.max(Country.is_megadiverse.cast(Integer)), 0).label("is_megadiverse"),
        )
        .outerjoin(Country, Country.iso2 == CooperationProject.partner_country)
        .group_by(CooperationProject.partner_country, start, end)
    )
    frame = frame_of(session, statement)
    frame["is_megadiverse"] = frame["is_megadiverse"].astype(bool)
    return frame


def load_cooperation_counts(session: Session) -> pd.DataFrame:
    """year, partner_country, series, value, is_megadiverse: trainees and hand-overs."""
    trainees = select(
        CapacityEvent.year, CapacityEvent.country.label("partner_country"), literal("trainees").label("series"),
        func.sum(CapacityEvent.trainees).label("value"),
    ).group_by(CapacityEvent.year, CapacityEvent.country)
    women = select(
        CapacityEvent.year, CapacityEvent.country.label("partner_country"), literal("women_trainees").label("series"),
        func.sum(CapacityEvent.women_trainees).label("value"),
    ).where(CapacityEvent.women_trainees.is_not(None)).group_by(CapacityEvent.year, CapacityEvent.country)
    transfers = select(
        MaterialTransfer.year, MaterialTransfer.partner_country, MaterialTransfer.kind.label("series"),
        func.sum(MaterialTransfer.quantity).label("value"),
    ).group_by(MaterialTransfer.year, MaterialTransfer.partner_country, MaterialTransfer.kind)
    counts = union_all(trainees, women, transfers).subquery()
    statement = select(
        counts.c.year, counts.c.partner_country, counts.c.series, counts.c.value,
        func.coalesce(Country.is_megadiverse.cast(Integer), 0).label("is_megadiverse"),
    ).outerjoin(Country, Country.iso2 == counts.c.partner_country)
    frame = frame_of(session, statement)
    frame["is_megadiverse"] = frame["is_megadiverse"].astype(bool)
    return frame
