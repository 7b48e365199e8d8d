"""Inputs of `animal_life_cycle` and `captive_population_balance`, and the anomaly lists.

Counts are aggregated in SQL (GROUP BY event year); the follow-up lists return only flagged
animals, with specimen keys, species, facility registration numbers and holder *ids* — never
holder names, addresses or phone numbers (personal data stay behind the access-control layer).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import and_, func, literal, or_, select, true, union_all
from sqlalchemy.orm import Session, aliased

from data_access.models import AnimalEvent, AnimalSpecimen, BreedingFacility
from data_access.queries.sql_frames import add_days, days_between, frame_of
from indicators.animal_life_cycle import (
    DEFAULT_DEATH_REPORT_DAYS,
    DEFAULT_DISPOSAL_DAYS,
    DEFAULT_GRACE_DAYS,
    TRANSFER_REPORT_DAYS,
)

BALANCE_EVENTS = ("import", "birth", "death", "export", "escape", "seizure")


def _follow_up_missing(session: Session, event: Any, follow_type: str, days: int) -> Any:
    """No `follow_type` event of the same animal from the event date up to `days` later.

    Written as a date range on (specimen_id, event_type, event_date), the columns of
    ix_animal_event_specimen_type_date, so each check is one search of that index and reads no
    table row (the subquery selects the id, which SQLite keeps in every index; PostgreSQL plans
    NOT EXISTS as an anti-join whatever it selects).
    """
    later = aliased(AnimalEvent)
    return ~(
        select(later.id)
        .where(
            later.specimen_id == event.specimen_id,
            later.event_type == follow_type,
            later.event_date >= event.event_date,
            later.event_date <= add_days(session, event.event_date, days),
        )
        .exists()
    )


def _late_report(session: Session, event: Any, allowed_days: int) -> Any:
    return or_(event.report_date.is_(None), days_between(session, event.event_date, event.report_date) > allowed_days)


def anomaly_conditions(
    session: Session,
    *,
    as_of: dt.date,
    grace_days: int = DEFAULT_GRACE_DAYS,
    disposal_days: int = DEFAULT_DISPOSAL_DAYS,
    death_report_days: int = DEFAULT_DEATH_REPORT_DAYS,
) -> dict[str, tuple[str, Any]]:
    """series → (event type, condition on AnimalEvent) for every counted series."""
    event = AnimalEvent
    import_due = event.event_date <= as_of - dt.timedelta(days=grace_days)
    death_due = event.event_date <= as_of - dt.timedelta(days=disposal_days)
    return {
        "imports": ("import", true()),
        "imports_due": ("import", import_due),
        "imports_not_registered": ("import", and_(import_due, _follow_up_missing(session, event, "entry", grace_days))),
        "deaths": ("death", true()),
        "deaths_due": ("death", death_due),
        "deaths_without_disposal": (
            "death", and_(death_due, _follow_up_missing(session, event, "carcass_disposal", disposal_days))
        ),
        "deaths_reported_late": ("death", _late_report(session, event, death_report_days)),
        "transfers": ("transfer", true()),
        "transfers_reported_late": ("transfer", _late_report(session, event, TRANSFER_REPORT_DAYS)),
    }


def load_life_cycle_counts(
    session: Session,
    *,
    grace_days: int = DEFAULT_GRACE_DAYS,
    disposal_days: int = DEFAULT_DISPOSAL_DAYS,
    death_report_days: int = DEFAULT_DEATH_REPORT_DAYS,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """year, series, value: events and anomalies per event year.

    Each part reads ix_animal_event_type_year_dates alone, in (event type, year) order, so the
    counts per year need no sort and no table row.
    """
    as_of = as_of or dt.date.today()
    conditions = anomaly_conditions(
        session, as_of=as_of, grace_days=grace_days, disposal_days=disposal_days, death_report_days=death_report_days
    )
    parts = [
        select(AnimalEvent.year.label("year"), literal(series).label("series"), func.count().label("value"))
        .where(AnimalEvent.event_type == event_type, condition)
        .group_by(AnimalEvent.year)
        for series, (event_type, condition) in conditions.items()
    ]
    frame = frame_of(session, union_all(*parts))
    return frame[frame["value"] > 0].reset_index(drop=True) if not frame.empty else frame


def list_anomalies(
    session: Session,
    series: str,
    *,
    grace_days: int = DEFAULT_GRACE_DAYS,
    disposal_days: int = DEFAULT_DISPOSAL_DAYS,
    death_report_days: int = DEFAULT_DEATH_REPORT_DAYS,
    as_of: dt.date | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """The flagged events of one anomaly series, for follow-up by the regional offices.

    Columns: event_key, specimen_key, taxon_id, scientific_name, event_type, event_date,
    report_date, days_to_report, facility (registration no.), holder_id (current holder), from_holder_id,
    to_holder_id, province_code. Holder ids only — no names.
    """
    as_of = as_of or dt.date.today()
    conditions = anomaly_conditions(
        session, as_of=as_of, grace_days=grace_days, disposal_days=disposal_days, death_report_days=death_report_days
    )
    if series not in conditions or series in {"imports", "imports_due", "deaths", "deaths_due", "transfers"}:
        anomalies = [s for s in conditions if s not in {"imports", "imports_due", "deaths", "deaths_due", "transfers"}]
        raise ValueError(f"unknown anomaly '{series}'; use one of {', '.join(anomalies)}")
    event_type, condition = conditions[series]
    statement = (
        select(
            AnimalEvent.event_key,
            AnimalSpecimen.specimen_key,
            AnimalSpecimen.taxon_id,
            AnimalSpecimen.scientific_name,
            AnimalEvent.event_type,
            AnimalEvent.event_date,
            AnimalEvent.report_date,
            days_between(session, AnimalEvent.event_date, AnimalEvent.report_date).label("days_to_report"),
            BreedingFacility.registration_no.label("facility"),
            AnimalSpecimen.current_holder_id.label("holder_id"),
            AnimalEvent.from_holder_id,
            AnimalEvent.to_holder_id,
            AnimalEvent.province_code,
        )
        .select_from(AnimalEvent)
        .join(AnimalSpecimen, AnimalSpecimen.id == AnimalEvent.specimen_id)
        .outerjoin(BreedingFacility, BreedingFacility.id == func.coalesce(AnimalEvent.facility_id, AnimalSpecimen.current_facility_id))
        .where(AnimalEvent.event_type == event_type, condition)
        .order_by(AnimalEvent.event_date, AnimalEvent.event_key)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return frame_of(session, statement)


def load_captive_flows(session: Session, *, by_facility: bool = False) -> pd.DataFrame:
    """year, scientific_name, facility, flow, quantity: movements in and out of captivity in Korea.

    Nationally (facility 'all'): imports, births, deaths, exports, escapes, seizures. By facility,
    transfers are added: in at the transfer's facility, out at the facility of the animal's previous
    event (window function LAG, available in SQLite ≥ 3.25 and PostgreSQL). The national flows
    read the events from ix_animal_event_type_year_dates alone (it holds the quantity).
    """
    if not by_facility:
        statement = (
            select(
                AnimalEvent.year,
                AnimalSpecimen.scientific_name,
                literal("all").label("facility"),
                AnimalEvent.event_type.label("flow"),
                func.sum(AnimalEvent.quantity).label("quantity"),
            )
            .join(AnimalSpecimen, AnimalSpecimen.id == AnimalEvent.specimen_id)
            .where(AnimalEvent.event_type.in_(BALANCE_EVENTS))
            .group_by(AnimalEvent.year, AnimalSpecimen.scientific_name, AnimalEvent.event_type)
        )
        return frame_of(session, statement)
    ordered = (
        select(
            AnimalEvent.specimen_id,
            AnimalEvent.year,
            AnimalEvent.event_type,
            AnimalEvent.quantity,
            AnimalEvent.facility_id,
            func.lag(AnimalEvent.facility_id)
            .over(partition_by=AnimalEvent.specimen_id, order_by=(AnimalEvent.event_date, AnimalEvent.id))
            .label("previous_facility_id"),
        )
        .where(AnimalEvent.event_type.in_((*BALANCE_EVENTS, "transfer", "entry")))
        .subquery()
    )
    moves = union_all(
        select(ordered.c.specimen_id, ordered.c.year, ordered.c.facility_id.label("facility_id"),
               ordered.c.event_type.label("flow"), ordered.c.quantity).where(ordered.c.event_type.in_(BALANCE_EVENTS)),
        select(ordered.c.specimen_id, ordered.c.year, ordered.c.facility_id, literal("transfer_in"), ordered.c.quantity)
        .where(ordered.c.event_type == "transfer"),
        select(ordered.c.specimen_id, ordered.c.year, ordered.c.previous_facility_id, literal("transfer_out"), ordered.c.quantity)
        .where(ordered.c.event_type == "transfer"),
    ).subquery()
    facility = func.coalesce(BreedingFacility.registration_no, literal("unassigned"))
    statement = (
        select(moves.c.year, AnimalSpecimen.scientific_name, facility.label("facility"), moves.c.flow,
               func.sum(moves.c.quantity).label("quantity"))
        .select_from(moves)
        .join(AnimalSpecimen, AnimalSpecimen.id == moves.c.specimen_id)
        .outerjoin(BreedingFacility, BreedingFacility.id == moves.c.facility_id)
        .group_by(moves.c.year, AnimalSpecimen.scientific_name, facility, moves.c.flow)
    )
    return frame_of(session, statement)
