"""Species and Red List page: name search, one species' status history, threatened species by group."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from data_access.models import LegalStatus, RedListAssessment, Taxon

THREATENED = ("CR", "EN", "VU", "CR(PE)", "CR(PEW)")
# Display order of Red List categories (worst first), for stacked bars.
CATEGORY_ORDER: tuple[str, ...] = ("EX", "EW", "RE", "CR(PE)", "CR(PEW)", "CR", "EN", "VU", "NT", "LC", "DD", "NA", "NE")


def _frame(session: Session, statement) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def search_species(session: Session, text: str, *, limit: int = 50) -> pd.DataFrame:
    """Accepted taxa whose Korean or scientific name contains `text` (case-insensitive), exact matches first."""
    text = (text or "").strip()
    if not text:
        return pd.DataFrame(columns=["id", "ktsn", "scientific_name", "korean_name", "taxon_group", "family"])
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"  # % and _ typed by a user are searched for, not wildcards
    exact = func.lower(Taxon.scientific_name) == text.lower()
    return _frame(
        session,
        select(Taxon.id, Taxon.ktsn, Taxon.scientific_name, Taxon.korean_name, Taxon.taxon_group, Taxon.family)
        .where(
            Taxon.name_status == "accepted",
            or_(func.lower(Taxon.scientific_name).like(pattern, escape="\\"),
                func.lower(Taxon.korean_name).like(pattern, escape="\\")),
        )
        .order_by(exact.desc(), (Taxon.korean_name == text).desc(), func.length(Taxon.scientific_name), Taxon.scientific_name)
        .limit(limit),
    )


def species_profile(session: Session, taxon_id: int) -> dict[str, object] | None:
    row = session.execute(
        select(Taxon.id, Taxon.ktsn, Taxon.scientific_name, Taxon.authorship, Taxon.korean_name, Taxon.taxon_group,
               Taxon.family, Taxon.order_name, Taxon.class_name, Taxon.is_endemic, Taxon.is_native, Taxon.year_listed)
        .where(Taxon.id == taxon_id)
    ).mappings().first()
    return dict(row) if row else None


def species_status_history(session: Session, taxon_id: int) -> pd.DataFrame:
    """Every dated status of one species, oldest first.

    Columns: scheme (national_red_list | global_red_list | CITES_APPENDIX | KR_ENDANGERED | ... ),
    value, start (year or date as text), end (or None), detail (criteria / legal instrument).
    """
    red = _frame(
        session,
        select(RedListAssessment.scope, RedListAssessment.year, RedListAssessment.category,
               RedListAssessment.criteria, RedListAssessment.is_backcast)
        .where(RedListAssessment.taxon_id == taxon_id)
        .order_by(RedListAssessment.year),
    )
    legal = _frame(
        session,
        select(LegalStatus.scheme, LegalStatus.value, LegalStatus.valid_from, LegalStatus.valid_to,
               LegalStatus.legal_instrument, LegalStatus.annotation)
        .where(LegalStatus.taxon_id == taxon_id)
        .order_by(LegalStatus.valid_from),
    )
    rows = [
        {"scheme": f"{r.scope}_red_list", "value": r.category, "start": str(r.year), "end": None,
         "detail": r.criteria or "", "sort": str(r.year), "backcast": bool(r.is_backcast)}
        for r in red.itertuples()
    ] + [
        {"scheme": r.scheme, "value": r.value, "start": r.valid_from.isoformat() if r.valid_from else "",
         "end": r.valid_to.isoformat() if r.valid_to else None,
         "detail": r.legal_instrument or r.annotation or "", "sort": str(r.valid_from), "backcast": False}
        for r in legal.itertuples()
    ]
    columns = ["scheme", "value", "start", "end", "detail", "backcast"]
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(rows).sort_values(["scheme", "sort"]).loc[:, columns].reset_index(drop=True)


def red_list_scopes(session: Session) -> list[str]:
    return list(session.scalars(select(RedListAssessment.scope).distinct().order_by(RedListAssessment.scope)))


def categories_by_group(session: Session, scope: str = "national") -> pd.DataFrame:
    """Species per group and category in each group's latest assessment year: group, year, category, species."""
    latest = (
        select(RedListAssessment.taxon_group, func.max(RedListAssessment.year).label("year"))
        .where(RedListAssessment.scope == scope)
        .group_by(RedListAssessment.taxon_group)
        .subquery()
    )
    return _frame(
        session,
        select(RedListAssessment.taxon_group.label("group"), RedListAssessment.year, RedListAssessment.category,
               func.count(func.distinct(RedListAssessment.taxon_key)).label("species"))
        .join(latest, and_(latest.c.taxon_group == RedListAssessment.taxon_group, latest.c.year == RedListAssessment.year))
        .where(RedListAssessment.scope == scope)
        .group_by(RedListAssessment.taxon_group, RedListAssessment.year, RedListAssessment.category)
        .order_by(RedListAssessment.taxon_group),
    )


def legal_designation_counts(session: Session) -> pd.DataFrame:
    """Species currently holding each legal designation: scheme, value, species."""
    return _frame(
        session,
        select(LegalStatus.scheme, LegalStatus.value, func.count(func.distinct(LegalStatus.taxon_id)).label("species"))
        .where(LegalStatus.valid_to.is_(None))
        .group_by(LegalStatus.scheme, LegalStatus.value)
        .order_by(LegalStatus.scheme, LegalStatus.value),
    )
