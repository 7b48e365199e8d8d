"""Wildlife trade page: CITES trade (Korea- vs partner-reported), permits, the animal life cycle, anomalies.

The CITES Trade Database keeps importer- and exporter-reported quantities apart; so do we. For a
row where Korea imports, Korea's figure is the importer quantity and the partner's the exporter
quantity, and the other way round for exports. Quantities are only summed within one term and
unit ("live animals, number of specimens"); otherwise the page counts trade records.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Integer, and_, case, cast, extract, func, literal, or_, select
from sqlalchemy.orm import Session

from data_access.importers.cites_codes import COUNT_UNITS
from data_access.models import AnimalEvent, AnimalSpecimen, CitesPermit, CitesTradeRecord, Country

KOREA = "KR"
LIFE_CYCLE_STAGES: tuple[str, ...] = ("import", "entry", "transfer", "death", "carcass_disposal")
REPORTING_DAYS = 30  # Wildlife Act: transfers, deaths and disposals are reported within 30 days
DISCREPANCY_RATIO = 2.0  # one side reports at least twice the other


def _frame(session: Session, statement) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def _filters(years: tuple[int, int] | None, appendices: tuple[str, ...]) -> list:  # type: ignore[type-arg]
    conditions = [or_(CitesTradeRecord.importer == KOREA, CitesTradeRecord.exporter == KOREA)]
    if years:
        conditions.append(CitesTradeRecord.year.between(years[0], years[1]))
    if appendices:
        conditions.append(CitesTradeRecord.appendix.in_(appendices))
    return conditions


def _quantities():  # type: ignore[no-untyped-def]
    """(Korea-reported, partner-reported) quantity of a record, whichever way it went."""
    korea_imports = CitesTradeRecord.importer == KOREA
    return (
        case((korea_imports, CitesTradeRecord.importer_quantity), else_=CitesTradeRecord.exporter_quantity),
        case((korea_imports, CitesTradeRecord.exporter_quantity), else_=CitesTradeRecord.importer_quantity),
    )


def _measures(measure: str):  # type: ignore[no-untyped-def]
    """(Korea-reported, partner-reported) expressions: record counts or live-animal numbers."""
    korea_q, partner_q = _quantities()
    if measure == "live":
        # Live animals counted in specimens: the importer stores the code LIV and a NULL unit; rows
        # written as the web export spells them ("live", "Number of specimens") count the same.
        live = and_(func.lower(CitesTradeRecord.term).in_(("liv", "live")),
                    or_(CitesTradeRecord.unit.is_(None), func.lower(CitesTradeRecord.unit).in_(sorted(COUNT_UNITS))))
        return (func.sum(case((live, korea_q), else_=0)), func.sum(case((live, partner_q), else_=0)))
    return (func.count(korea_q), func.count(partner_q))


def trade_years(session: Session) -> tuple[int, int] | None:
    low, high = session.execute(
        select(func.min(CitesTradeRecord.year), func.max(CitesTradeRecord.year)).where(*_filters(None, ()))
    ).one()
    return (int(low), int(high)) if low is not None else None


def trade_by_year(session: Session, *, years=None, appendices=(), measure="records") -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """year, direction (import | export), korea, partner; a side's figure is missing (NaN), not
    zero, in a year that side has not reported at all (see `reported_years`)."""
    korea, partner = _measures(measure)
    direction = case((CitesTradeRecord.importer == KOREA, literal("import")), else_=literal("export"))
    frame = _frame(
        session,
        select(CitesTradeRecord.year, direction.label("direction"), korea.label("korea"), partner.label("partner"))
        .where(*_filters(years, appendices))
        .group_by(CitesTradeRecord.year, direction)
        .order_by(CitesTradeRecord.year),
    )
    reported = reported_years(session, years=years)
    for side in ("korea", "partner"):
        frame[side] = frame[side].astype("float64").fillna(0.0).where(frame["year"].isin(reported[side]))
    return frame


def reported_years(session: Session, *, years=None) -> dict[str, set[int]]:  # type: ignore[no-untyped-def]
    """The years in which Korea ("korea") and any partner ("partner") reported a quantity on any of
    Korea's trade records, whatever the appendix. Annual reports reach the CITES Trade Database a
    year or more late: a year Korea has not reported yet must read "not reported", not "no trade"."""
    korea_q, partner_q = _quantities()
    rows = session.execute(
        select(CitesTradeRecord.year, func.count(korea_q), func.count(partner_q))
        .where(*_filters(years, ()))
        .group_by(CitesTradeRecord.year)
    ).all()
    return {"korea": {int(y) for y, k, _ in rows if k}, "partner": {int(y) for y, _, p in rows if p}}


def trade_by(session: Session, column: str, *, years=None, appendices=(), measure="records") -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """Trade by `column` (class_name | purpose | source | appendix) and direction: key, direction, korea, partner."""
    key = func.coalesce(getattr(CitesTradeRecord, column), "–").label("key")
    korea, partner = _measures(measure)
    direction = case((CitesTradeRecord.importer == KOREA, literal("import")), else_=literal("export"))
    return _frame(
        session,
        select(key, direction.label("direction"), korea.label("korea"), partner.label("partner"))
        .where(*_filters(years, appendices))
        .group_by(key, direction)
        .order_by(korea.desc()),
    )


def trade_by_partner(session: Session, *, years=None, appendices=(), measure="records") -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """code (ISO2 of the partner), name_en, name_ko, korea, partner (both directions together)."""
    partner_code = case((CitesTradeRecord.importer == KOREA, CitesTradeRecord.exporter), else_=CitesTradeRecord.importer)
    korea, partner = _measures(measure)
    inner = (
        select(partner_code.label("code"), korea.label("korea"), partner.label("partner"))
        .where(*_filters(years, appendices))
        .group_by(partner_code)
        .subquery()
    )
    return _frame(
        session,
        select(inner.c.code, Country.name_en, Country.name_ko, inner.c.korea, inner.c.partner)
        .outerjoin(Country, Country.iso2 == inner.c.code)
        .order_by(inner.c.korea.desc()),
    )


def trade_discrepancies(session: Session, *, years=None, appendices=(), limit: int = 30) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """Records where Korea's and the partner's reported quantities differ at least twofold (or one is
    missing), in the years both Korea and its partners have reported (`reported_years`)."""
    reported = reported_years(session, years=years)
    compared = reported["korea"] & reported["partner"]
    korea_imports = CitesTradeRecord.importer == KOREA
    korea_q = case((korea_imports, CitesTradeRecord.importer_quantity), else_=CitesTradeRecord.exporter_quantity)
    partner_q = case((korea_imports, CitesTradeRecord.exporter_quantity), else_=CitesTradeRecord.importer_quantity)
    korea_value = func.coalesce(korea_q, 0)
    partner_value = func.coalesce(partner_q, 0)
    gap = func.abs(korea_value - partner_value)
    return _frame(
        session,
        select(
            CitesTradeRecord.year, CitesTradeRecord.taxon, CitesTradeRecord.appendix, CitesTradeRecord.term,
            CitesTradeRecord.unit, CitesTradeRecord.purpose, CitesTradeRecord.source,
            case((korea_imports, CitesTradeRecord.exporter), else_=CitesTradeRecord.importer).label("partner_code"),
            case((korea_imports, literal("import")), else_=literal("export")).label("direction"),
            korea_q.label("korea"), partner_q.label("partner"), gap.label("gap"),
        )
        .where(
            *_filters(years, appendices),
            CitesTradeRecord.year.in_(sorted(compared)),
            or_(korea_value >= DISCREPANCY_RATIO * partner_value, partner_value >= DISCREPANCY_RATIO * korea_value),
            gap > 0,
        )
        .order_by(gap.desc())
        .limit(limit),
    )


def permits_by_year(session: Session) -> pd.DataFrame:
    """Issued permits per year and permit type: year, permit_type, permits."""
    year = cast(extract("year", CitesPermit.issued_on), Integer)
    return _frame(
        session,
        select(year.label("year"), CitesPermit.permit_type, func.count().label("permits"))
        .where(CitesPermit.issued_on.is_not(None))
        .group_by(year, CitesPermit.permit_type)
        .order_by(year),
    )


def life_cycle_links(session: Session) -> pd.DataFrame:
    """Animals flowing through import → registration → transfer → death → disposal: source, target, value.

    One pass over the events, grouped per animal in SQL; only the handful of stage combinations
    comes back to Python.
    """
    flags = [
        func.max(case((AnimalEvent.event_type == stage, 1), else_=0)).label(stage) for stage in LIFE_CYCLE_STAGES
    ]
    per_animal = select(AnimalEvent.specimen_id, *flags).group_by(AnimalEvent.specimen_id).subquery()
    combos = _frame(
        session,
        select(*(per_animal.c[s] for s in LIFE_CYCLE_STAGES), func.count().label("animals"))
        .group_by(*(per_animal.c[s] for s in LIFE_CYCLE_STAGES)),
    )
    links: dict[tuple[str, str], int] = {}

    def add(source: str, target: str, rows: pd.DataFrame) -> None:
        value = int(rows["animals"].sum())
        if value:
            links[(source, target)] = links.get((source, target), 0) + value

    if combos.empty:
        return pd.DataFrame(columns=["source", "target", "value"])
    c = combos.astype({s: bool for s in LIFE_CYCLE_STAGES})
    add("import", "entry", c[c["import"] & c["entry"]])
    add("import", "not_registered", c[c["import"] & ~c["entry"]])
    add("other_origin", "entry", c[~c["import"] & c["entry"]])
    add("entry", "transfer", c[c["entry"] & c["transfer"]])
    add("entry", "death", c[c["entry"] & ~c["transfer"] & c["death"]])
    add("entry", "held", c[c["entry"] & ~c["transfer"] & ~c["death"]])
    add("transfer", "death", c[c["transfer"] & c["death"]])
    add("transfer", "held", c[c["transfer"] & ~c["death"]])
    add("death", "carcass_disposal", c[c["death"] & c["carcass_disposal"]])
    add("death", "no_disposal_report", c[c["death"] & ~c["carcass_disposal"]])
    return pd.DataFrame([(s, t, v) for (s, t), v in links.items()], columns=["source", "target", "value"])


def _days(session: Session, later, earlier):  # type: ignore[no-untyped-def]
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return later - earlier


def _late(session: Session):  # type: ignore[no-untyped-def]
    delay = _days(session, AnimalEvent.report_date, AnimalEvent.event_date)
    late = and_(AnimalEvent.report_date.is_not(None), delay > REPORTING_DAYS,
                AnimalEvent.event_type.in_(("transfer", "death", "carcass_disposal", "entry")))
    return delay, late


def late_report_summary(session: Session) -> pd.DataFrame:
    """event_type, events, late: reports more than 30 days after the event, per event type."""
    _, late = _late(session)
    return _frame(
        session,
        select(AnimalEvent.event_type, func.count().label("events"),
               func.sum(case((late, 1), else_=0)).label("late"))
        .where(AnimalEvent.event_type.in_(("transfer", "death", "carcass_disposal", "entry")))
        .group_by(AnimalEvent.event_type),
    )


def late_report_examples(session: Session, *, limit: int = 30) -> pd.DataFrame:
    """The latest late reports: event_key, event_type, scientific_name, event_date, report_date, days."""
    delay, late = _late(session)
    return _frame(
        session,
        select(AnimalEvent.event_key, AnimalEvent.event_type, AnimalSpecimen.scientific_name, AnimalEvent.event_date,
               AnimalEvent.report_date, cast(delay, Integer).label("days"))
        .join(AnimalSpecimen, AnimalSpecimen.id == AnimalEvent.specimen_id)
        .where(late)
        .order_by(AnimalEvent.event_date.desc())
        .limit(limit),
    )


def late_reports(session: Session, *, limit: int = 30) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(late reports per event type, the latest late reports) – reported more than 30 days after the event."""
    return late_report_summary(session), late_report_examples(session, limit=limit)


def deaths_without_disposal(session: Session) -> int:
    disposed = select(AnimalEvent.specimen_id).where(AnimalEvent.event_type == "carcass_disposal")
    return int(
        session.scalar(
            select(func.count(func.distinct(AnimalEvent.specimen_id)))
            .where(AnimalEvent.event_type == "death", AnimalEvent.specimen_id.not_in(disposed))
        ) or 0
    )
