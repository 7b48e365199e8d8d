"""Inputs of the CITES indicators, aggregated in SQL.

- permit volumes: issued permit lines summed by year, direction, taxon group, term, purpose,
  source and *raw* unit (units are normalised by the indicator, which owns the method);
- the trade comparison: CITES Trade Database rows with KR as importer or exporter, Korea's own
  reported quantity and the partner's summed in separate columns (never added together);
- trade cases per year and detecting body;
- Red List assessments of traded taxa.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Integer, case, cast, extract, func, literal, select, union
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


def load_permit_volumes(session: Session) -> pd.DataFrame:
    """year, direction, taxon_group, term, purpose, source, unit, quantity, quantity_used, lines."""
    year = cast(extract("year", CitesPermit.issued_on), Integer).label("year")
    group = func.coalesce(Taxon.taxon_group, literal("not_given"))
    statement = (
        select(
            year,
            CitesPermit.permit_type.label("direction"),
            group.label("taxon_group"),
            CitesPermitLine.term,
            CitesPermit.purpose,
            CitesPermit.source,
            CitesPermitLine.unit,
            func.sum(CitesPermitLine.quantity).label("quantity"),
            func.sum(CitesPermitLine.quantity_used).label("quantity_used"),
            func.count().label("lines"),
        )
        .select_from(CitesPermitLine)
        .join(CitesPermit, CitesPermit.id == CitesPermitLine.permit_id)
        .outerjoin(Taxon, Taxon.id == CitesPermitLine.taxon_id)
        .where(
            CitesPermit.issued_on.is_not(None),
            CitesPermit.permit_type.in_(TRADE_PERMIT_TYPES),
            CitesPermit.status.in_(GRANTED_STATUSES),
        )
        .group_by(year, CitesPermit.permit_type, group, CitesPermitLine.term, CitesPermit.purpose,
                  CitesPermit.source, CitesPermitLine.unit)
    )
    return frame_of(session, statement)


def load_trade_comparison(session: Session) -> pd.DataFrame:
    """year, direction, partner, taxon, term, unit, kr_quantity, partner_quantity, records."""
    korea_imports = CitesTradeRecord.importer == KOREA
    direction = case((korea_imports, literal("import")), else_=literal("export"))
    partner = case((korea_imports, CitesTradeRecord.exporter), else_=CitesTradeRecord.importer)
    korea_quantity = case((korea_imports, CitesTradeRecord.importer_quantity), else_=CitesTradeRecord.exporter_quantity)
    partner_quantity = case((korea_imports, CitesTradeRecord.exporter_quantity), else_=CitesTradeRecord.importer_quantity)
    statement = (
        select(
            CitesTradeRecord.year,
            direction.label("direction"),
            partner.label("partner"),
            CitesTradeRecord.taxon,
            CitesTradeRecord.term,
            CitesTradeRecord.unit,
            func.sum(korea_quantity).label("kr_quantity"),
            func.sum(partner_quantity).label("partner_quantity"),
            func.count().label("records"),
        )
        .where((CitesTradeRecord.importer == KOREA) | (CitesTradeRecord.exporter == KOREA))
        .where(CitesTradeRecord.importer != CitesTradeRecord.exporter)
        .group_by(CitesTradeRecord.year, direction, partner, CitesTradeRecord.taxon, CitesTradeRecord.term, CitesTradeRecord.unit)
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
