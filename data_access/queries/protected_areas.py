"""Protected areas page: site counts and area by designation.

Areas by designation are summed in SQL from the WDPA areas (GIS area, else reported area): they
may double-count overlapping sites, so the page labels them as designated area, not coverage.
Coverage (national, by province, of KBAs) is not computed here: the page shows the results of the
`protected_area_coverage` and `kba_protection_coverage` indicators, so one concept has one figure.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import ProtectedArea


def _frame(session: Session, statement) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def area_by_designation(session: Session) -> pd.DataFrame:
    """Sites and designated area per site type, designation and realm (overlaps not removed)."""
    area = func.coalesce(ProtectedArea.gis_area_km2, ProtectedArea.reported_area_km2, 0)
    return _frame(
        session,
        select(
            ProtectedArea.site_type, func.coalesce(ProtectedArea.designation, "–").label("designation"),
            func.coalesce(ProtectedArea.designation_en, ProtectedArea.designation, "–").label("designation_en"),
            ProtectedArea.designation_type, ProtectedArea.realm,
            func.count(func.distinct(ProtectedArea.site_id)).label("sites"), func.sum(area).label("area_km2"),
        )
        .group_by(ProtectedArea.site_type, ProtectedArea.designation, ProtectedArea.designation_en,
                  ProtectedArea.designation_type, ProtectedArea.realm)
        .order_by(func.sum(area).desc()),
    )


def designations_by_year(session: Session) -> pd.DataFrame:
    """New sites per status year and site type (year of designation)."""
    return _frame(
        session,
        select(ProtectedArea.status_year.label("year"), ProtectedArea.site_type,
               func.count(func.distinct(ProtectedArea.site_id)).label("sites"))
        .where(ProtectedArea.status_year.is_not(None))
        .group_by(ProtectedArea.status_year, ProtectedArea.site_type)
        .order_by(ProtectedArea.status_year),
    )


def site_counts(session: Session) -> dict[str, int]:
    """Sites per site type (PA, OECM)."""
    rows = session.execute(
        select(ProtectedArea.site_type, func.count(func.distinct(ProtectedArea.site_id))).group_by(ProtectedArea.site_type)
    ).all()
    return {str(k): int(v) for k, v in rows}
