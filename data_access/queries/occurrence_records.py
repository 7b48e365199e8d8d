"""Occurrence records and sensitive-occurrence points for the specimens page (issue 8).

The frames here are raw material: `data_access.masking` decides what each role sees of them
(viewers: 10 km cell counts of sensitive occurrences only; analysts: records without the
collector's name; stewards: everything).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.masking import sensitive_cell_counts
from data_access.models import Occurrence

RECORD_LIMIT = 500


def _frame(session: Session, statement) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def sensitive_points(session: Session, group: str | None = None) -> pd.DataFrame:
    """decimal_longitude, decimal_latitude, scientific_name, records: sensitive occurrences grouped
    by exact position and species in SQL (the page turns them into 10 km cell counts)."""
    where = [Occurrence.is_sensitive.is_(True), Occurrence.decimal_latitude.is_not(None),
             Occurrence.decimal_longitude.is_not(None)]
    if group:
        where.append(Occurrence.taxon_group == group)
    return _frame(
        session,
        select(Occurrence.decimal_longitude, Occurrence.decimal_latitude, Occurrence.scientific_name,
               func.count().label("records"))
        .where(*where)
        .group_by(Occurrence.decimal_longitude, Occurrence.decimal_latitude, Occurrence.scientific_name),
    )


def sensitive_cells(session: Session, group: str | None = None) -> pd.DataFrame:
    """Sensitive occurrences per 10 km cell (grid_cell, centre, records, species), before any
    suppression: the frame the page stores per data version and suppresses for viewers."""
    return sensitive_cell_counts(sensitive_points(session, group), "analyst")


def sensitive_records(session: Session, group: str | None = None, *, limit: int = RECORD_LIMIT) -> pd.DataFrame:
    """The newest sensitive occurrence records (at most `limit`), with position, locality and collector."""
    where = [Occurrence.is_sensitive.is_(True)]
    if group:
        where.append(Occurrence.taxon_group == group)
    return _frame(
        session,
        select(Occurrence.record_key, Occurrence.scientific_name, Occurrence.taxon_group, Occurrence.basis_of_record,
               Occurrence.year, Occurrence.decimal_longitude, Occurrence.decimal_latitude,
               Occurrence.coordinate_uncertainty_m, Occurrence.province_code, Occurrence.locality,
               Occurrence.recorded_by, Occurrence.is_sensitive)
        .where(*where)
        .order_by(Occurrence.year.desc(), Occurrence.id.desc())
        .limit(limit),
    )
