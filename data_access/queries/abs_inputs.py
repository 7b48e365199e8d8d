"""Inputs of the access and benefit-sharing indicators (C.1, C.2, 13.CT.1), aggregated in SQL."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import AccessPermit, MonetaryBenefit, NonMonetaryBenefit
from data_access.queries.sql_frames import frame_of


def load_monetary_benefits(session: Session) -> pd.DataFrame:
    """year, kind, usd, krw, records — each amount converted with the rates stored on its record."""
    statement = select(
        MonetaryBenefit.year,
        MonetaryBenefit.kind,
        func.sum(MonetaryBenefit.amount * MonetaryBenefit.usd_per_unit).label("usd"),
        func.sum(MonetaryBenefit.amount * MonetaryBenefit.krw_per_unit).label("krw"),
        func.count().label("records"),
    ).group_by(MonetaryBenefit.year, MonetaryBenefit.kind)
    return frame_of(session, statement)


def load_non_monetary_benefits(session: Session) -> pd.DataFrame:
    """year, benefit_type, records, quantity."""
    statement = select(
        NonMonetaryBenefit.year,
        NonMonetaryBenefit.benefit_type,
        func.count().label("records"),
        func.sum(NonMonetaryBenefit.quantity).label("quantity"),
    ).group_by(NonMonetaryBenefit.year, NonMonetaryBenefit.benefit_type)
    return frame_of(session, statement)


def load_access_permits(session: Session) -> pd.DataFrame:
    """year, kind, purpose, permits, irccs (permits that carry an IRCC id)."""
    statement = select(
        AccessPermit.year,
        AccessPermit.kind,
        func.coalesce(AccessPermit.purpose, "not_given").label("purpose"),
        func.count().label("permits"),
        func.count(AccessPermit.ircc_id).label("irccs"),
    ).group_by(AccessPermit.year, AccessPermit.kind, AccessPermit.purpose)
    return frame_of(session, statement)
