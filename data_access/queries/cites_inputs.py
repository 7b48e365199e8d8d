"""Inputs of the CITES indicators, aggregated in SQL.

- permit volumes: issued permit lines summed by year, direction, taxon group, term, purpose,
  source and *raw* unit (units are normalised by the indicator, which owns the method), and the
  same without taxon group and purpose for the wild share;
- the trade comparison: CITES Trade Database rows with KR as importer or exporter, Korea's own
  reported quantity and the partner's summed in separate columns (never added together);
- trade cases per year and detecting body;
- Red List assessments of traded taxa.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Integer, Select, case, cast, extract, func, literal, select, union
from sqlalchemy.orm import Session

from data_access.models import (
    CitesPermit,
    CitesPermitLine,
    CitesTradeRecord,
    RedListAssessment,
    Taxon,
    TradeCase,
)
from data_access.queries.sql_frames import frame_of

KOREA = "KR"
# Permit types that move specimens across the border (propagation certificates and change-of-use
# approvals do not).
TRADE_PERMIT_TYPES = ("import", "export", "re_export", "take_out", "bring_in")
# Permits that were granted (a rejected or withdrawn application moved nothing). Revoked and
# surrendered permits are left out: the authorisation was withdrawn.
GRANTED_STATUSES = ("issued", "used", "partially_used", "expired")


def _granted_trade_permits() -> tuple[Any, ...]:
    return (
        CitesPermit.issued_on.is_not(None),
        CitesPermit.permit_type.in_(TRADE_PERMIT_TYPES),
        CitesPermit.status.in_(GRANTED_STATUSES),
    )


def load_permit_volumes(session: Session) -> pd.DataFrame:
    """year, direction, taxon_group, term, purpose, source, unit, quantity, quantity_used, lines.

    Summed per taxon id first and only then per taxon group, so the ~400,000 lines are grouped
    without a join to the taxon table; PostgreSQL then hashes them instead of sorting them on
    disk (its estimate of the number of groups is far too high for the one-step grouping).
    """
    year = cast(extract("year", CitesPermit.issued_on), Integer).label("year")
    by_taxon = (
        _granted_line_sums(
            year,
            CitesPermit.permit_type.label("direction"),
            CitesPermitLine.taxon_id,
            CitesPermitLine.term,
            CitesPermit.purpose,
            CitesPermit.source,
            CitesPermitLine.unit,
        )
        .subquery()
    )
    group = func.coalesce(Taxon.taxon_group, literal("not_given"))
    keys = (by_taxon.c.year, by_taxon.c.direction, group, by_taxon.c.term, by_taxon.c.purpose, by_taxon.c.source,
            by_taxon.c.unit)
    statement = (
        select(
            *keys[:2],
            group.label("taxon_group"),
            *keys[3:],
            func.sum(by_taxon.c.quantity).label("quantity"),
            func.sum(by_taxon.c.quantity_used).label("quantity_used"),
            cast(func.sum(by_taxon.c.lines), Integer).label("lines"),  # PostgreSQL sums a count as numeric
        )
        .select_from(by_taxon)
        .outerjoin(Taxon, Taxon.id == by_taxon.c.taxon_id)
        .group_by(*keys)
    )
    return frame_of(session, statement)


def load_source_volumes(session: Session) -> pd.DataFrame:
    """year, direction, term, source, unit, quantity, quantity_used, lines: `load_permit_volumes`
    without taxon group and purpose, for `cites_wild_share` (no taxon join, fewer rows to group)."""
    year = cast(extract("year", CitesPermit.issued_on), Integer).label("year")
    statement = _granted_line_sums(
        year, CitesPermit.permit_type.label("direction"), CitesPermitLine.term, CitesPermit.source, CitesPermitLine.unit
    )
    return frame_of(session, statement)


def load_trade_comparison(session: Session) -> pd.DataFrame:
    """year, direction, partner, taxon, term, unit, kr_quantity, partner_quantity, records.

    Grouped by the raw columns (year, importer, exporter, taxon, term, unit), which
    ix_cites_trade_comparison holds in that order, so both databases aggregate in index order
    without sorting. With KR on exactly one side, (importer, exporter) names the direction and the
    partner one-to-one, so these are the same groups as (year, direction, partner, …); Korea's and
    the partner's quantities are then picked from the importer and exporter sums.
    """
    record = CitesTradeRecord
    grouped = (
        select(
            record.year, record.importer, record.exporter, record.taxon, record.term, record.unit,
            func.sum(record.importer_quantity).label("importer_quantity"),
            func.sum(record.exporter_quantity).label("exporter_quantity"),
            func.count().label("records"),
        )
        .where((record.importer == KOREA) | (record.exporter == KOREA))
        .where(record.importer != record.exporter)
        .group_by(record.year, record.importer, record.exporter, record.taxon, record.term, record.unit)
        .subquery()
    )
    korea_imports = grouped.c.importer == KOREA
    statement = select(
        grouped.c.year,
        case((korea_imports, literal("import")), else_=literal("export")).label("direction"),
        case((korea_imports, grouped.c.exporter), else_=grouped.c.importer).label("partner"),
        grouped.c.taxon,
        grouped.c.term,
        grouped.c.unit,
        case((korea_imports, grouped.c.importer_quantity), else_=grouped.c.exporter_quantity).label("kr_quantity"),
        case((korea_imports, grouped.c.exporter_quantity), else_=grouped.c.importer_quantity).label("partner_quantity"),
        grouped.c.records,
    )
    return frame_of(session, statement)


def load_trade_cases(session: Session) -> pd.DataFrame:
    """year, detected_by, cases."""
    year = cast(extract("year", TradeCase.detected_on), Integer).label("year")
    statement = select(year, TradeCase.detected_by, func.count().label("cases")).group_by(year, TradeCase.detected_by)
    return frame_of(session, statement)


def traded_taxon_ids():  # type: ignore[no-untyped-def]
    """Accepted ids of taxa on permit lines, or named in trade-database rows involving KR."""
    accepted = func.coalesce(Taxon.accepted_taxon_id, Taxon.id)
    on_permits = select(accepted.label("taxon_id")).select_from(CitesPermitLine).join(Taxon, Taxon.id == CitesPermitLine.taxon_id)
    in_trade = (
        select(accepted.label("taxon_id"))
        .select_from(CitesTradeRecord)
        .join(Taxon, Taxon.scientific_name == CitesTradeRecord.taxon)
        .where((CitesTradeRecord.importer == KOREA) | (CitesTradeRecord.exporter == KOREA))
    )
    return union(on_permits, in_trade).subquery()


def resolve_traded_scope(session: Session, scope: str) -> str:
    """'auto' prefers the global Red List (traded species are mostly not Korean), else national."""
    if scope != "auto":
        return scope
    has_global = session.scalar(select(func.count()).select_from(RedListAssessment).where(RedListAssessment.scope == "global"))
    return "global" if has_global else "national"


def load_traded_redlist(session: Session, *, scope: str = "auto") -> pd.DataFrame:
    """taxon_id, taxonomic_group, year, category of assessed taxa that are traded."""
    scope = resolve_traded_scope(session, scope)
    traded = traded_taxon_ids()
    statement = select(
        RedListAssessment.taxon_key.label("taxon_id"),
        RedListAssessment.taxon_group.label("taxonomic_group"),
        RedListAssessment.year,
        RedListAssessment.category,
    ).where(RedListAssessment.scope == scope, RedListAssessment.taxon_id.in_(select(traded.c.taxon_id)))
    return frame_of(session, statement)


def _granted_line_sums(*keys: Any) -> Select[Any]:
    """Quantity, quantity used and line count of granted trade permits' lines, per `keys`."""
    return (
        select(
            *keys,
            func.sum(CitesPermitLine.quantity).label("quantity"),
            func.sum(CitesPermitLine.quantity_used).label("quantity_used"),
            func.count().label("lines"),
        )
        .select_from(CitesPermitLine)
        .join(CitesPermit, CitesPermit.id == CitesPermitLine.permit_id)
        .where(*_granted_trade_permits())
        .group_by(*keys)
    )
