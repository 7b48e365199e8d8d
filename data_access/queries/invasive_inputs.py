"""Inputs of `invasive_species_establishment`: first records of alien taxa and dated designations.

Both are aggregated in SQL: one row per alien taxon (its first record year) and one row per
designation, never the occurrence table itself.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, or_, select, text, union
from sqlalchemy.orm import Session

from data_access.aggregation_indexes import RECORDED_ALIEN
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
NAME_CHUNK = 5000  # taxon ids per IN list


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
    recorded_alien = select(_accepted_id().label("taxon_id")).where(
        Taxon.id.in_(select(Occurrence.taxon_id).where(text(RECORDED_ALIEN)))  # from the partial index alone
    )
    return union(not_native, designated, recorded_alien).subquery()


def load_alien_first_records(session: Session) -> pd.DataFrame:
    """taxon_id, taxon_group, first_year: the first year an alien taxon was recorded (present).

    Which taxa are alien is decided first, without scanning the occurrences: the taxon table,
    the designations, and the records flagged as introduced read from the small partial index
    `ix_occurrence_recorded_alien`. Only those taxa's (and their synonyms') first records are
    then read, grouped by the raw taxon id through `ix_occurrence_taxon_first_record`.
    """
    alien = sorted(int(i) for i in frame_of(session, select(alien_taxon_ids().c.taxon_id))["taxon_id"])
    # Two steps, not one join on COALESCE: PostgreSQL misjudges that join by orders of magnitude
    # and then spends seconds compiling it (JIT) for a few thousand rows.
    names_parts = [
        frame_of(
            session,
            select(Taxon.id.label("taxon_id"), _accepted_id().label("accepted"), Taxon.taxon_group)
            .where(_accepted_id().in_(alien[i : i + NAME_CHUNK])),
        )
        for i in range(0, len(alien), NAME_CHUNK)
    ]
    names = (
        pd.concat(names_parts, ignore_index=True).sort_values("taxon_id", ignore_index=True)
        if names_parts else pd.DataFrame(columns=["taxon_id", "accepted", "taxon_group"])
    )
    firsts = [
        frame_of(
            session,
            select(Occurrence.taxon_id, func.min(Occurrence.year).label("first_year"))
            .where(
                Occurrence.taxon_id.in_(names["taxon_id"].iloc[i : i + NAME_CHUNK].tolist()),
                Occurrence.year.is_not(None),
                or_(Occurrence.occurrence_status.is_(None), func.upper(Occurrence.occurrence_status) != "ABSENT"),
            )
            .group_by(Occurrence.taxon_id),
        )
        for i in range(0, len(names), NAME_CHUNK)
    ]
    first = pd.concat(firsts, ignore_index=True) if firsts else pd.DataFrame(columns=["taxon_id", "first_year"])
    rows = first.merge(names, on="taxon_id", how="inner")
    # Per accepted taxon: the earliest year of any of its names, and the first group in sort order.
    years = rows.groupby("accepted")["first_year"].min()
    groups = rows.sort_values(["accepted", "taxon_group"]).drop_duplicates("accepted").set_index("accepted")["taxon_group"]
    frame = pd.DataFrame({"taxon_id": years.index.astype(int), "taxon_group": groups.reindex(years.index).to_numpy(),
                          "first_year": years.to_numpy().astype(int)})
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
