"""Inputs of `knowledge_digitisation` (target 21), aggregated in SQL over the occurrence table."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from data_access.models import Occurrence, Taxon
from data_access.queries.sql_frames import frame_of

SPECIMEN_BASES = ("PRESERVED_SPECIMEN", "MATERIAL_SAMPLE", "LIVING_SPECIMEN", "FOSSIL_SPECIMEN")


def _georeferenced():  # type: ignore[no-untyped-def]
    return and_(Occurrence.decimal_latitude.is_not(None), Occurrence.decimal_longitude.is_not(None))


def load_digitisation_counts(session: Session) -> pd.DataFrame:
    """year (of digitisation, else of the record), is_specimen, is_published, records.

    Grouped in SQL by the raw columns, in the order of `ix_occurrence_digitisation`, so the
    database aggregates from the index without sorting 3 M rows; the COALESCE and the specimen
    test then apply to the few hundred groups.
    """
    statement = select(
        Occurrence.digitised_year, Occurrence.year, Occurrence.basis_of_record, Occurrence.is_published,
        func.count().label("records"),
    ).group_by(Occurrence.digitised_year, Occurrence.year, Occurrence.basis_of_record, Occurrence.is_published)
    raw = frame_of(session, statement)
    year = raw["digitised_year"].fillna(raw["year"]) if not raw.empty else pd.Series(dtype="float64")
    grouped = (
        pd.DataFrame({
            "year": year,
            "is_specimen": raw["basis_of_record"].isin(SPECIMEN_BASES),
            "is_published": raw["is_published"],
            "records": raw["records"],
        })
        .dropna(subset=["year"])
        .groupby(["year", "is_specimen", "is_published"], as_index=False, dropna=False)["records"].sum()
    )
    grouped["year"] = grouped["year"].astype(int)
    for column in ("is_specimen", "is_published"):
        grouped[column] = grouped[column].astype(bool)
    grouped["records"] = grouped["records"].astype(int)
    return grouped


def _georeferenced_by_taxon_and_province(session: Session) -> pd.DataFrame:
    """accepted taxon_id, province_code, first_year, records of georeferenced occurrences.

    Grouped in SQL by the raw (taxon, province) in the order of the partial index
    `ix_occurrence_georeferenced_taxon`; synonyms are then folded into their accepted taxon here.
    """
    statement = (
        select(
            Occurrence.taxon_id, Occurrence.province_code,
            func.min(func.coalesce(Occurrence.digitised_year, Occurrence.year)).label("first_year"),
            func.count().label("records"),
        )
        .where(_georeferenced(), Occurrence.taxon_id.is_not(None))
        .group_by(Occurrence.taxon_id, Occurrence.province_code)
    )
    raw = frame_of(session, statement)
    taxa = frame_of(session, select(Taxon.id.label("taxon_id"), func.coalesce(Taxon.accepted_taxon_id, Taxon.id).label("accepted")))
    raw = raw.merge(taxa, on="taxon_id", how="inner")  # as the former JOIN taxon
    raw["taxon_id"] = raw.pop("accepted")
    return raw


def load_species_coverage(session: Session, georeferenced: pd.DataFrame | None = None) -> pd.DataFrame:
    """taxon_group, first_year, species: accepted species by the year of their first georeferenced record."""
    georeferenced = _georeferenced_by_taxon_and_province(session) if georeferenced is None else georeferenced
    first = georeferenced.groupby("taxon_id", as_index=False)["first_year"].min()
    species = frame_of(
        session,
        select(Taxon.id.label("taxon_id"), Taxon.taxon_group).where(Taxon.name_status == "accepted", Taxon.rank == "species"),
    )
    joined = first.merge(species, on="taxon_id", how="inner")
    frame = (
        joined.groupby(["taxon_group", "first_year"], dropna=False).size().rename("species").reset_index()
        if not joined.empty else pd.DataFrame(columns=["taxon_group", "first_year", "species"])
    )
    frame["species"] = frame["species"].astype(int)
    return frame


def load_national_species(session: Session) -> pd.DataFrame:
    """taxon_group, species: accepted species of the national list per group."""
    statement = (
        select(Taxon.taxon_group, func.count().label("species"))
        .where(Taxon.name_status == "accepted", Taxon.rank == "species")
        .group_by(Taxon.taxon_group)
    )
    return frame_of(session, statement)


def load_province_coverage(session: Session, georeferenced: pd.DataFrame | None = None) -> pd.DataFrame:
    """province_code, species, records, national_species (species with a georeferenced record anywhere)."""
    georeferenced = _georeferenced_by_taxon_and_province(session) if georeferenced is None else georeferenced
    national = int(georeferenced["taxon_id"].nunique())
    by_taxon = (
        georeferenced.dropna(subset=["province_code"])
        .groupby(["province_code", "taxon_id"], as_index=False)["records"].sum()
    )
    frame = by_taxon.groupby("province_code", as_index=False).agg(
        species=("taxon_id", "size"), records=("records", "sum")
    )
    frame["species"] = frame["species"].astype(int)
    frame["records"] = frame["records"].astype(int)
    frame["national_species"] = national
    return frame


def load_knowledge_inputs(session: Session) -> dict[str, pd.DataFrame]:
    georeferenced = _georeferenced_by_taxon_and_province(session)  # one index scan for both frames
    return {
        "digitisation_counts": load_digitisation_counts(session),
        "species_coverage": load_species_coverage(session, georeferenced),
        "national_species": load_national_species(session),
        "province_coverage": load_province_coverage(session, georeferenced),
    }
