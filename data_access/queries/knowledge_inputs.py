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
    """year (of digitisation, else of the record), is_specimen, is_published, records."""
    year = func.coalesce(Occurrence.digitised_year, Occurrence.year)
    specimen = Occurrence.basis_of_record.in_(SPECIMEN_BASES)
    statement = (
        select(year.label("year"), specimen.label("is_specimen"), Occurrence.is_published, func.count().label("records"))
        .where(year.is_not(None))
        .group_by(year, specimen, Occurrence.is_published)
    )
    frame = frame_of(session, statement)
    for column in ("is_specimen", "is_published"):
        frame[column] = frame[column].astype(bool)
    return frame


def load_species_coverage(session: Session) -> pd.DataFrame:
    """taxon_group, first_year, species: accepted species by the year of their first georeferenced record."""
    accepted = func.coalesce(Taxon.accepted_taxon_id, Taxon.id)
    first = (
        select(accepted.label("taxon_id"), func.min(func.coalesce(Occurrence.digitised_year, Occurrence.year)).label("first_year"))
        .select_from(Occurrence)
        .join(Taxon, Taxon.id == Occurrence.taxon_id)
        .where(_georeferenced())
        .group_by(accepted)
        .subquery()
    )
    statement = (
        select(Taxon.taxon_group, first.c.first_year, func.count().label("species"))
        .select_from(first)
        .join(Taxon, Taxon.id == first.c.taxon_id)
        .where(Taxon.name_status == "accepted", Taxon.rank == "species")
        .group_by(Taxon.taxon_group, first.c.first_year)
    )
    return frame_of(session, statement)


def load_national_species(session: Session) -> pd.DataFrame:
    """taxon_group, species: accepted species of the national list per group."""
    statement = (
        select(Taxon.taxon_group, func.count().label("species"))
        .where(Taxon.name_status == "accepted", Taxon.rank == "species")
        .group_by(Taxon.taxon_group)
    )
    return frame_of(session, statement)


def load_province_coverage(session: Session) -> pd.DataFrame:
    """province_code, species, records, national_species (species with a georeferenced record anywhere)."""
    accepted = func.coalesce(Taxon.accepted_taxon_id, Taxon.id)
    georeferenced = (
        select(Occurrence.province_code, accepted.label("taxon_id"), func.count().label("records"))
        .select_from(Occurrence)
        .join(Taxon, Taxon.id == Occurrence.taxon_id)
        .where(_georeferenced())
        .group_by(Occurrence.province_code, accepted)
        .subquery()
    )
    national = session.scalar(select(func.count(func.distinct(georeferenced.c.taxon_id))))
    statement = (
        select(georeferenced.c.province_code, func.count().label("species"), func.sum(georeferenced.c.records).label("records"))
        .where(georeferenced.c.province_code.is_not(None))
        .group_by(georeferenced.c.province_code)
    )
    frame = frame_of(session, statement)
    frame["national_species"] = int(national or 0)
    return frame


def load_knowledge_inputs(session: Session) -> dict[str, pd.DataFrame]:
    return {
        "digitisation_counts": load_digitisation_counts(session),
        "species_coverage": load_species_coverage(session),
        "national_species": load_national_species(session),
        "province_coverage": load_province_coverage(session),
    }
