"""Inputs of `invasive_species_establishment`: first records of alien taxa and dated designations.

Both are aggregated in SQL: one row per alien taxon (its first record year) and one row per
designation, never the occurrence table itself.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, or_, select, union
from sqlalchemy.orm import Session

from data_access.models import LegalStatus, Occurrence, Taxon
from data_access.queries.sql_frames import frame_of

INVASIVE_SCHEMES = ("ECOSYSTEM_DISTURBING", "CONCERN_FOR_INTRODUCTION")
# Darwin Core establishmentMeans values (current vocabulary and the older one) meaning "alien, not
# merely kept": 'managed' (cultivated or captive) is left out on purpose. Compared lower-cased.
ALIEN_ESTABLISHMENT_MEANS = (
    "introduced",
    "introducedassistedcolonisation",
    "naturalised",
    "naturalized",
    "invasive",
)


def _accepted_id():  # type: ignore[no-untyped-def]
    return func.coalesce(Taxon.accepted_taxon_id, Taxon.id)


def alien_taxon_ids():  # type: ignore[no-untyped-def]
    """Ids (accepted where known) of taxa that are alien by any of three signals."""
    not_native = select(_accepted_id().label("taxon_id")).where(Taxon.is_native.is_(False))
    designated = (
        select(_accepted_id().label("taxon_id"))
        .select_from(LegalStatus)
        .join(Taxon, Taxon.id == LegalStatus.taxon_id)
        .where(LegalStatus.scheme.in_(INVASIVE_SCHEMES))
    )
    recorded_alien = (
        select(_accepted_id().label("taxon_id"))
        .select_from(Occurrence)
        .join(Taxon, Taxon.id == Occurrence.taxon_id)
        .where(func.lower(Occurrence.establishment_means).in_(ALIEN_ESTABLISHMENT_MEANS))
    )
    return union(not_native, designated, recorded_alien).subquery()


def load_alien_first_records(session: Session) -> pd.DataFrame:
    """taxon_id, taxon_group, first_year: the first year an alien taxon was recorded (present).

    The occurrence table is read twice, each time grouped by the raw taxon id in the order of
    `ix_occurrence_taxon_first_record` (an index-only scan, no sort of 3 M rows); which taxa are
    alien and how synonyms fold into their accepted taxon is then decided on ~60,000 rows here.
    """
    first = frame_of(
        session,
        select(Occurrence.taxon_id, func.min(Occurrence.year).label("first_year"))
        .where(
            Occurrence.year.is_not(None),
            or_(Occurrence.occurrence_status.is_(None), func.upper(Occurrence.occurrence_status) != "ABSENT"),
        )
        .group_by(Occurrence.taxon_id),
    )
    recorded_alien = frame_of(
        session,
        select(Occurrence.taxon_id)
        .where(func.lower(Occurrence.establishment_means).in_(ALIEN_ESTABLISHMENT_MEANS))
        .group_by(Occurrence.taxon_id),
    )
    taxa = frame_of(
        session, select(Taxon.id.label("taxon_id"), _accepted_id().label("accepted"), Taxon.taxon_group, Taxon.is_native)
    )
    designated = frame_of(
        session, select(LegalStatus.taxon_id).where(LegalStatus.scheme.in_(INVASIVE_SCHEMES)).distinct()
    )
    accepted_of = taxa.set_index("taxon_id")["accepted"]
    alien = set(taxa.loc[taxa["is_native"].eq(False) & taxa["is_native"].notna(), "accepted"])
    alien |= set(accepted_of.reindex(designated["taxon_id"]).dropna())
    alien |= set(accepted_of.reindex(recorded_alien["taxon_id"].dropna()).dropna())
    rows = first.merge(taxa[["taxon_id", "accepted", "taxon_group"]], on="taxon_id", how="inner")
    rows = rows.loc[rows["accepted"].isin(alien)]
    frame = (
        rows.groupby("accepted", as_index=False)
        .agg(taxon_group=("taxon_group", "min"), first_year=("first_year", "min"))
        .rename(columns={"accepted": "taxon_id"})
    )
    frame["taxon_id"] = frame["taxon_id"].astype(int)
    frame["first_year"] = frame["first_year"].astype(int)
    return frame[["taxon_id", "taxon_group", "first_year"]]


def load_invasive_designations(session: Session) -> pd.DataFrame:
    """taxon_id, scheme, valid_from, valid_to of every invasive-species designation."""
    statement = select(
        LegalStatus.taxon_id, LegalStatus.scheme, LegalStatus.valid_from, LegalStatus.valid_to
    ).where(LegalStatus.scheme.in_(INVASIVE_SCHEMES))
    return frame_of(session, statement)


def load_invasive_inputs(session: Session) -> dict[str, pd.DataFrame]:
    return {
        "alien_first_records": load_alien_first_records(session),
        "invasive_designations": load_invasive_designations(session),
    }
