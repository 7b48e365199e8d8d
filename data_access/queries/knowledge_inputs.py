"""Inputs of `knowledge_digitisation` (target 21), aggregated in SQL over the occurrence table."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Integer, String, and_, cast, func, literal, null, or_, select, union_all
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


def load_georeferenced_coverage(session: Session) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(species_coverage, province_coverage) from one statement over the georeferenced occurrences.

    The database reads `ix_occurrence_georeferenced_taxon` once, grouping by the raw (taxon,
    province) in index order, and returns only the few hundred rows the indicator reads:
    - `species`: accepted species (national list) by taxon group and the year of their first
      georeferenced record (digitisation year, else record year);
    - `national`: accepted taxa with a georeferenced record anywhere;
    - `province`: per province, accepted taxa with a georeferenced record there and their records.
    Synonyms are folded into their accepted taxon without joining every (taxon, province) group:
    per province, names of one accepted taxon beyond the first are counted among the few taxa
    that have synonyms and subtracted.
    """
    georeferenced = (
        select(
            Occurrence.taxon_id, Occurrence.province_code,
            func.min(func.coalesce(Occurrence.digitised_year, Occurrence.year)).label("first_year"),
            func.count().label("records"),
        )
        .where(_georeferenced(), Occurrence.taxon_id.is_not(None))
        .group_by(Occurrence.taxon_id, Occurrence.province_code)
        .cte("georeferenced")
    )
    accepted = func.coalesce(Taxon.accepted_taxon_id, Taxon.id)
    per_name = (
        select(georeferenced.c.taxon_id, func.min(georeferenced.c.first_year).label("first_year"))
        .group_by(georeferenced.c.taxon_id)
        .subquery("per_name")
    )
    per_taxon = (
        select(accepted.label("accepted"), func.min(per_name.c.first_year).label("first_year"))
        .join_from(per_name, Taxon, Taxon.id == per_name.c.taxon_id)  # as the former JOIN taxon
        .group_by(accepted)
        .cte("per_taxon")
    )
    has_synonym = select(Taxon.accepted_taxon_id).where(Taxon.accepted_taxon_id.is_not(None))
    related = (  # synonyms and the taxa they point to: the only names that can share an accepted taxon
        select(Taxon.id, accepted.label("accepted"))
        .where(or_(Taxon.accepted_taxon_id.is_not(None), Taxon.id.in_(has_synonym)))
        .subquery("related")
    )
    repeated = (
        select(
            georeferenced.c.province_code,
            (func.count() - func.count(related.c.accepted.distinct())).label("extra"),
        )
        .join_from(georeferenced, related, related.c.id == georeferenced.c.taxon_id)
        .where(georeferenced.c.province_code.is_not(None))
        .group_by(georeferenced.c.province_code)
        .subquery("repeated")
    )
    no_text, no_year, no_count = (cast(null(), String), cast(null(), Integer), cast(null(), Integer))
    species = (
        select(literal("species").label("part"), Taxon.taxon_group.label("key"), per_taxon.c.first_year.label("year"),
               func.count().label("taxa"), no_count.label("records"))
        .join_from(per_taxon, Taxon, Taxon.id == per_taxon.c.accepted)
        .where(Taxon.name_status == "accepted", Taxon.rank == "species")
        .group_by(Taxon.taxon_group, per_taxon.c.first_year)
    )
    national = select(literal("national"), no_text, no_year, func.count(), no_count).select_from(per_taxon)
    provinces = (
        select(
            literal("province"), georeferenced.c.province_code, no_year,
            func.count() - func.coalesce(func.max(repeated.c.extra), 0),
            func.sum(georeferenced.c.records),
        )
        .join_from(georeferenced, repeated, repeated.c.province_code == georeferenced.c.province_code, isouter=True)
        .where(georeferenced.c.province_code.is_not(None))
        .group_by(georeferenced.c.province_code)
    )
    rows = frame_of(session, union_all(species, national, provinces))
    part = rows["part"]
    coverage = pd.DataFrame({
        "taxon_group": rows.loc[part == "species", "key"],
        "first_year": pd.to_numeric(rows.loc[part == "species", "year"]).astype("float64"),
        "species": rows.loc[part == "species", "taxa"].astype(int),
    }).sort_values(["taxon_group", "first_year"], ignore_index=True)
    national_species = int(rows.loc[part == "national", "taxa"].sum())
    province = pd.DataFrame({
        "province_code": rows.loc[part == "province", "key"],
        "species": rows.loc[part == "province", "taxa"].astype(int),
        "records": rows.loc[part == "province", "records"].astype(int),
    }).sort_values("province_code", ignore_index=True)
    province["national_species"] = national_species
    return coverage, province


def load_species_coverage(session: Session) -> pd.DataFrame:
    """taxon_group, first_year, species: accepted species by the year of their first georeferenced record."""
    return load_georeferenced_coverage(session)[0]


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
    return load_georeferenced_coverage(session)[1]


def load_knowledge_inputs(session: Session) -> dict[str, pd.DataFrame]:
    species_coverage, province_coverage = load_georeferenced_coverage(session)  # one index scan for both
    return {
        "digitisation_counts": load_digitisation_counts(session),
        "species_coverage": species_coverage,
        "national_species": load_national_species(session),
        "province_coverage": province_coverage,
    }
