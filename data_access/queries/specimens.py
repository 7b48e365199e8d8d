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


def occurrence_summary(session: Session) -> pd.DataFrame:
    """taxon_group, basis_of_record, year, province_code, is_published, records: every occurrence counted once.

    Grouped by raw columns in the order of `ix_occurrence_specimen_summary`, so the database
    aggregates 3 M rows from the index alone, without sorting; the page's counts by year, group
    and province and its totals are then sums over this small frame (`year_counts`, `group_counts`,
    `province_counts`), for any taxon-group filter, without another scan.
    """
    columns = (Occurrence.taxon_group, Occurrence.basis_of_record, Occurrence.year, Occurrence.province_code,
               Occurrence.is_published)
    return _frame(session, select(*columns, func.count().label("records")).group_by(*columns))


def _with_kind(summary: pd.DataFrame, group: str | None) -> pd.DataFrame:
    rows = summary.loc[summary["taxon_group"] == group] if group else summary
    kind = rows["basis_of_record"].isin(SPECIMEN_BASES).map({True: "specimen", False: "observation"})
    return rows.assign(kind=kind)


def year_counts(summary: pd.DataFrame, group: str | None = None) -> pd.DataFrame:
    """year, kind (specimen | observation), records, from `occurrence_summary`."""
    rows = _with_kind(summary, group).dropna(subset=["year"])
    frame = rows.groupby(["year", "kind"], as_index=False)["records"].sum().sort_values(["year", "kind"], ignore_index=True)
    return frame.astype({"year": int, "records": int})[["year", "kind", "records"]]


def group_counts(summary: pd.DataFrame) -> pd.DataFrame:
    """group, kind, records (most records first), from `occurrence_summary`."""
    rows = _with_kind(summary, None)
    rows = rows.assign(group=rows["taxon_group"].fillna("–"))
    frame = rows.groupby(["group", "kind"], as_index=False)["records"].sum()
    frame = frame.sort_values("records", ascending=False, kind="stable", ignore_index=True)
    return frame.astype({"records": int})[["group", "kind", "records"]]


def province_counts(summary: pd.DataFrame, group: str | None = None) -> pd.DataFrame:
    """code (province), records, from `occurrence_summary`."""
    rows = _with_kind(summary, group).dropna(subset=["province_code"])
    frame = rows.groupby("province_code", as_index=False)["records"].sum().rename(columns={"province_code": "code"})
    return frame.astype({"records": int})[["code", "records"]]


def records_by_year(session: Session, group: str | None = None) -> pd.DataFrame:
    """year, kind (specimen | observation), records."""
    return year_counts(occurrence_summary(session), group)


def records_by_group(session: Session) -> pd.DataFrame:
    """group, kind, records."""
    return group_counts(occurrence_summary(session))


def records_by_province(session: Session, group: str | None = None) -> pd.DataFrame:
    """code (province), records."""
    return province_counts(occurrence_summary(session), group)


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


def species_recorded(session: Session) -> int:
    """Distinct taxa with any occurrence, read from `ix_occurrence_taxon_basis` alone (DISTINCT in a
    subquery: PostgreSQL's COUNT(DISTINCT) would sort the 3 M values instead)."""
    taxa = select(Occurrence.taxon_id).where(Occurrence.taxon_id.is_not(None)).distinct().subquery()
    return int(session.scalar(select(func.count()).select_from(taxa)) or 0)


def species_recorded_frame(session: Session) -> pd.DataFrame:
    """species: `species_recorded` as a one-row frame, so the page can store it per data version."""
    return pd.DataFrame({"species": [species_recorded(session)]})


def totals_of(summary: pd.DataFrame, species: int) -> dict[str, int]:
    """records, specimens, species, published: the page's headline figures from `occurrence_summary`."""
    specimen = summary["basis_of_record"].isin(SPECIMEN_BASES)
    published = summary["is_published"].fillna(False).astype(bool)
    return {"records": int(summary["records"].sum()), "specimens": int(summary.loc[specimen, "records"].sum()),
            "species": int(species), "published": int(summary.loc[published, "records"].sum())}


def record_totals(session: Session) -> dict[str, int]:
    return totals_of(occurrence_summary(session), species_recorded(session))
