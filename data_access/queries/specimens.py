"""Specimens and data page: records by year, group and province, species-list completeness, duplicates handed over."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from data_access.models import MaterialTransfer, Occurrence, Taxon

SPECIMEN_BASES = ("PRESERVED_SPECIMEN", "MATERIAL_SAMPLE", "LIVING_SPECIMEN", "FOSSIL_SPECIMEN")


def _frame(session: Session, statement) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def _kind():  # type: ignore[no-untyped-def]
    return case((Occurrence.basis_of_record.in_(SPECIMEN_BASES), literal("specimen")), else_=literal("observation"))


def _where(group: str | None) -> list:  # type: ignore[type-arg]
    return [Occurrence.taxon_group == group] if group else []


def taxon_groups(session: Session) -> list[str]:
    return [g for g in session.scalars(select(Taxon.taxon_group).distinct().order_by(Taxon.taxon_group)) if g]


def records_by_year(session: Session, group: str | None = None) -> pd.DataFrame:
    """year, kind (specimen | observation), records."""
    kind = _kind()
    return _frame(
        session,
        select(Occurrence.year, kind.label("kind"), func.count().label("records"))
        .where(Occurrence.year.is_not(None), *_where(group))
        .group_by(Occurrence.year, kind)
        .order_by(Occurrence.year),
    )


def records_by_group(session: Session) -> pd.DataFrame:
    """group, kind, records."""
    kind = _kind()
    group = func.coalesce(Occurrence.taxon_group, "–")
    return _frame(
        session,
        select(group.label("group"), kind.label("kind"), func.count().label("records"))
        .group_by(group, kind)
        .order_by(func.count().desc()),
    )


def records_by_province(session: Session, group: str | None = None) -> pd.DataFrame:
    """code (province), records."""
    return _frame(
        session,
        select(Occurrence.province_code.label("code"), func.count().label("records"))
        .where(Occurrence.province_code.is_not(None), *_where(group))
        .group_by(Occurrence.province_code),
    )


def list_completeness(session: Session) -> pd.DataFrame:
    """Per group: species on the national list, with any record, with a specimen; percent with a specimen."""
    recorded = (
        select(Occurrence.taxon_id, func.max(case((Occurrence.basis_of_record.in_(SPECIMEN_BASES), 1), else_=0)).label("has_specimen"))
        .where(Occurrence.taxon_id.is_not(None))
        .group_by(Occurrence.taxon_id)
        .subquery()
    )
    frame = _frame(
        session,
        select(
            Taxon.taxon_group.label("group"), func.count().label("species"),
            func.count(recorded.c.taxon_id).label("with_records"),
            func.coalesce(func.sum(recorded.c.has_specimen), 0).label("with_specimen"),
        )
        .outerjoin(recorded, recorded.c.taxon_id == Taxon.id)
        .where(Taxon.name_status == "accepted")
        .group_by(Taxon.taxon_group)
        .order_by(Taxon.taxon_group),
    )
    if not frame.empty:
        frame["percent_specimen"] = 100 * frame["with_specimen"] / frame["species"]
        frame["percent_records"] = 100 * frame["with_records"] / frame["species"]
    return frame


def duplicates_handed_over(session: Session) -> pd.DataFrame:
    """Duplicate specimens handed over per year and partner country: year, partner_country, transfers, specimens."""
    return _frame(
        session,
        select(MaterialTransfer.year, MaterialTransfer.partner_country, func.count().label("transfers"),
               func.sum(MaterialTransfer.quantity).label("specimens"))
        .where(MaterialTransfer.kind == "duplicate_specimen")
        .group_by(MaterialTransfer.year, MaterialTransfer.partner_country)
        .order_by(MaterialTransfer.year),
    )


def record_totals(session: Session) -> dict[str, int]:
    row = session.execute(
        select(func.count(), func.count().filter(Occurrence.basis_of_record.in_(SPECIMEN_BASES)),
               func.count(func.distinct(Occurrence.taxon_id)), func.count().filter(Occurrence.is_published.is_(True)))
    ).one()
    return {"records": int(row[0] or 0), "specimens": int(row[1] or 0), "species": int(row[2] or 0),
            "published": int(row[3] or 0)}
