"""Cooperation, ABS and ODA page: partners, project budgets, benefits shared, capacity building."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import (
    AccessPermit,
    BenefitSharingAgreement,
    CapacityEvent,
    CooperationProject,
    Country,
    MonetaryBenefit,
    NonMonetaryBenefit,
    ProjectBudget,
)


def _frame(session: Session, statement) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def projects_by_partner(session: Session) -> pd.DataFrame:
    """code (ISO2), name_en, name_ko, projects, usd (all years)."""
    budget = (
        select(ProjectBudget.project_id, func.sum(ProjectBudget.amount * ProjectBudget.usd_per_unit).label("usd"))
        .group_by(ProjectBudget.project_id).subquery()
    )
    inner = (
        select(CooperationProject.partner_country.label("code"), func.count().label("projects"),
               func.coalesce(func.sum(budget.c.usd), 0).label("usd"))
        .outerjoin(budget, budget.c.project_id == CooperationProject.id)
        .group_by(CooperationProject.partner_country).subquery()
    )
    return _frame(
        session,
        select(inner.c.code, Country.name_en, Country.name_ko, inner.c.projects, inner.c.usd)
        .outerjoin(Country, Country.iso2 == inner.c.code).order_by(inner.c.projects.desc()),
    )


def budgets_by_year(session: Session) -> pd.DataFrame:
    """year, kind (joint_research | oda | capacity_building), usd, projects."""
    return _frame(
        session,
        select(ProjectBudget.year, CooperationProject.kind,
               func.sum(ProjectBudget.amount * ProjectBudget.usd_per_unit).label("usd"),
               func.count(func.distinct(ProjectBudget.project_id)).label("projects"))
        .join(CooperationProject, CooperationProject.id == ProjectBudget.project_id)
        .group_by(ProjectBudget.year, CooperationProject.kind).order_by(ProjectBudget.year),
    )


def project_list(session: Session) -> pd.DataFrame:
    return _frame(
        session,
        select(CooperationProject.code, CooperationProject.title_ko, CooperationProject.title_en, CooperationProject.kind,
               CooperationProject.partner_country, CooperationProject.starts_on, CooperationProject.ends_on,
               CooperationProject.rio_marker).order_by(CooperationProject.starts_on.desc()),
    )


def monetary_benefits_by_year(session: Session) -> pd.DataFrame:
    """C.1: year, kind, usd."""
    return _frame(
        session,
        select(MonetaryBenefit.year, MonetaryBenefit.kind,
               func.sum(MonetaryBenefit.amount * MonetaryBenefit.usd_per_unit).label("usd"))
        .group_by(MonetaryBenefit.year, MonetaryBenefit.kind).order_by(MonetaryBenefit.year),
    )


def non_monetary_benefits_by_year(session: Session) -> pd.DataFrame:
    """C.2: year, benefit_type, benefits (number of reported benefits)."""
    return _frame(
        session,
        select(NonMonetaryBenefit.year, NonMonetaryBenefit.benefit_type, func.count().label("benefits"))
        .group_by(NonMonetaryBenefit.year, NonMonetaryBenefit.benefit_type).order_by(NonMonetaryBenefit.year),
    )


def access_permits_by_year(session: Session) -> pd.DataFrame:
    """year, kind, permits, ircc (permits with an internationally recognised certificate of compliance)."""
    return _frame(
        session,
        select(AccessPermit.year, AccessPermit.kind, func.count().label("permits"),
               func.count(AccessPermit.ircc_id).label("ircc"))
        .group_by(AccessPermit.year, AccessPermit.kind).order_by(AccessPermit.year),
    )


def agreements_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(BenefitSharingAgreement)) or 0)


def capacity_by_year(session: Session) -> pd.DataFrame:
    """year, events, trainees, women_trainees."""
    return _frame(
        session,
        select(CapacityEvent.year, func.count().label("events"), func.sum(CapacityEvent.trainees).label("trainees"),
               func.sum(CapacityEvent.women_trainees).label("women_trainees"))
        .group_by(CapacityEvent.year).order_by(CapacityEvent.year),
    )
