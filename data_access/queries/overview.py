"""Headline counts for the overview page, aggregated in SQL."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Integer, and_, cast, extract, func, select
from sqlalchemy.orm import Session

from data_access.models import (
    CitesPermit,
    GbfGoalTarget,
    ImportBatch,
    Occurrence,
    ProtectedArea,
    RedListAssessment,
    Taxon,
)

# GBF theme (as in shared/reference/gbf_targets.csv) → i18n key of its label.
THEME_KEYS: dict[str, str] = {
    "2050 goal": "gbf.theme.goal",
    "Reducing threats to biodiversity": "gbf.theme.threats",
    "Meeting people's needs through sustainable use and benefit-sharing": "gbf.theme.use",
    "Tools and solutions for implementation and mainstreaming": "gbf.theme.tools",
}
THREATENED_CATEGORIES = ("CR", "EN", "VU", "CR(PE)", "CR(PEW)")
SPECIMEN_BASES = ("PRESERVED_SPECIMEN", "MATERIAL_SAMPLE", "LIVING_SPECIMEN", "FOSSIL_SPECIMEN")


@dataclass(frozen=True)
class HeadlineCounts:
    species: int
    endemic_species: int
    occurrences: int
    specimens: int
    threatened_species: int
    threatened_year: int | None
    protected_areas: int
    permits_latest_year: int
    permit_year: int | None
    last_import_kind: str | None
    last_import_at: str | None


def count_accepted_species(session: Session) -> tuple[int, int]:
    row = session.execute(
        select(func.count(), func.sum(cast(Taxon.is_endemic, Integer))).where(Taxon.name_status == "accepted")
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


def count_threatened_species(session: Session) -> tuple[int, int | None]:
    """Species whose latest national assessment (latest round of their group) is CR, EN or VU."""
    latest = (
        select(RedListAssessment.taxon_group, func.max(RedListAssessment.year).label("year"))
        .where(RedListAssessment.scope == "national")
        .group_by(RedListAssessment.taxon_group)
        .subquery()
    )
    row = session.execute(
        select(func.count(), func.max(latest.c.year))
        .select_from(RedListAssessment)
        .join(
            latest,
            and_(RedListAssessment.taxon_group == latest.c.taxon_group, RedListAssessment.year == latest.c.year),
        )
        .where(RedListAssessment.scope == "national", RedListAssessment.category.in_(THREATENED_CATEGORIES))
    ).one()
    return int(row[0] or 0), row[1]


def count_permits_latest_year(session: Session) -> tuple[int, int | None]:
    year = session.scalar(select(func.max(extract("year", CitesPermit.issued_on))))
    if year is None:
        return 0, None
    count = session.scalar(
        select(func.count()).where(extract("year", CitesPermit.issued_on) == year)
    )
    return int(count or 0), int(year)


def headline_counts(session: Session) -> HeadlineCounts:
    species, endemic = count_accepted_species(session)
    occurrences, specimens = session.execute(
        select(func.count(), func.count().filter(Occurrence.basis_of_record.in_(SPECIMEN_BASES)))
    ).one()
    threatened, threatened_year = count_threatened_species(session)
    protected = session.scalar(select(func.count(func.distinct(ProtectedArea.site_id)))) or 0
    permits, permit_year = count_permits_latest_year(session)
    last = session.execute(
        select(ImportBatch.kind, ImportBatch.started_at)
        .where(ImportBatch.status == "committed")
        .order_by(ImportBatch.id.desc())
        .limit(1)
    ).first()
    return HeadlineCounts(
        species=species,
        endemic_species=endemic,
        occurrences=int(occurrences or 0),
        specimens=int(specimens or 0),
        threatened_species=threatened,
        threatened_year=threatened_year,
        protected_areas=int(protected),
        permits_latest_year=permits,
        permit_year=permit_year,
        last_import_kind=last[0] if last else None,
        last_import_at=last[1].isoformat(timespec="minutes") if last and last[1] else None,
    )


def headline_counts_frame(session: Session) -> pd.DataFrame:
    """`headline_counts` as a one-row frame, the form in which pages store it per data version
    (`ui.stored_queries`): counting 3 M occurrences takes half a second at national scale."""
    counts = headline_counts(session)
    return pd.DataFrame([{field: getattr(counts, field) for field in HeadlineCounts.__dataclass_fields__}])


def headline_counts_from_frame(frame: pd.DataFrame) -> HeadlineCounts:
    """The counts back from `headline_counts_frame` (missing years and imports as None again)."""
    row = frame.iloc[0]

    def whole(name: str) -> int | None:
        return None if pd.isna(row[name]) else int(row[name])

    def text(name: str) -> str | None:
        return None if pd.isna(row[name]) else str(row[name])

    return HeadlineCounts(
        species=int(row["species"]), endemic_species=int(row["endemic_species"]),
        occurrences=int(row["occurrences"]), specimens=int(row["specimens"]),
        threatened_species=int(row["threatened_species"]), threatened_year=whole("threatened_year"),
        protected_areas=int(row["protected_areas"]), permits_latest_year=int(row["permits_latest_year"]),
        permit_year=whole("permit_year"), last_import_kind=text("last_import_kind"),
        last_import_at=text("last_import_at"),
    )


def gbf_targets(session: Session) -> pd.DataFrame:
    """The 23 targets and 4 goals with their titles, in reference order."""
    result = session.execute(
        select(
            GbfGoalTarget.code, GbfGoalTarget.kind, GbfGoalTarget.theme, GbfGoalTarget.title_en, GbfGoalTarget.title_ko
        ).order_by(GbfGoalTarget.sort_order)
    )
    frame = pd.DataFrame(result.all(), columns=list(result.keys()))
    return frame.assign(theme_key=frame["theme"].map(THEME_KEYS))


def recent_imports(session: Session, limit: int = 5) -> pd.DataFrame:
    """The latest imports and what they changed: kind, file, rows added/changed/rejected, who, when, status."""
    result = session.execute(
        select(ImportBatch.id, ImportBatch.kind, ImportBatch.file_name, ImportBatch.rows_inserted,
               ImportBatch.rows_updated, ImportBatch.rows_rejected, ImportBatch.imported_by,
               ImportBatch.started_at, ImportBatch.status)
        .order_by(ImportBatch.id.desc()).limit(limit)
    )
    return pd.DataFrame(result.all(), columns=list(result.keys()))
