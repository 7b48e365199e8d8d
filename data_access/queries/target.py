"""The target page and overview grid: national targets, NBSAP actions and staff-set statuses per GBF target."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import (
    GbfIndicator,
    GbfIndicatorTarget,
    NationalTarget,
    NationalTargetGbfLink,
    NbsapAction,
    NbsapActionGbfLink,
    ProgressReport,
    ProgressStatusOverride,
)


def _frame(session: Session, statement) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def linked_national_targets(session: Session, gbf_code: str) -> pd.DataFrame:
    """Korea's national targets linked to a GBF target: code, titles, whether the link is inferred."""
    return _frame(
        session,
        select(NationalTarget.code, NationalTarget.title_ko, NationalTarget.title_en, NationalTargetGbfLink.inferred)
        .join(NationalTargetGbfLink, NationalTargetGbfLink.national_target_code == NationalTarget.code)
        .where(NationalTargetGbfLink.gbf_code == gbf_code)
        .order_by(NationalTarget.sort_order),
    )


def latest_reports():  # type: ignore[no-untyped-def]
    """Subquery: each action's latest progress report (year, status, percent)."""
    latest_year = (
        select(ProgressReport.action_id, func.max(ProgressReport.year).label("year"))
        .group_by(ProgressReport.action_id)
        .subquery()
    )
    return (
        select(ProgressReport.action_id, ProgressReport.year, ProgressReport.status, ProgressReport.percent_complete)
        .join(latest_year, (latest_year.c.action_id == ProgressReport.action_id) & (latest_year.c.year == ProgressReport.year))
        .subquery()
    )


def actions_for_target(session: Session, gbf_code: str) -> pd.DataFrame:
    """NBSAP actions linked to a GBF target with their latest reported status."""
    latest = latest_reports()
    return _frame(
        session,
        select(
            NbsapAction.code, NbsapAction.national_target_code, NbsapAction.title_ko, NbsapAction.title_en,
            NbsapAction.lead_ministry, NbsapAction.end_year, latest.c.year.label("report_year"),
            latest.c.status, latest.c.percent_complete,
        )
        .join(NbsapActionGbfLink, NbsapActionGbfLink.action_id == NbsapAction.id)
        .outerjoin(latest, latest.c.action_id == NbsapAction.id)
        .where(NbsapActionGbfLink.gbf_code == gbf_code)
        .order_by(NbsapAction.code),
    )


def gbf_indicators_for_target(session: Session, gbf_code: str) -> pd.DataFrame:
    """The monitoring-framework indicators of a target (headline and binary first)."""
    frame = _frame(
        session,
        select(GbfIndicator.code, GbfIndicator.name, GbfIndicator.type)
        .join(GbfIndicatorTarget, GbfIndicatorTarget.indicator_code == GbfIndicator.code)
        .where(GbfIndicatorTarget.target_code == gbf_code, GbfIndicator.type.in_(("headline", "binary", "component")))
    )
    order = {"headline": 0, "binary": 1, "component": 2}
    return frame.sort_values(["type", "code"], key=lambda s: s.map(order) if s.name == "type" else s).reset_index(drop=True)


def status_overrides(session: Session) -> pd.DataFrame:
    """The latest staff-set status per target: target_code, status, justification, author, created_at."""
    latest = (
        select(ProgressStatusOverride.target_code, func.max(ProgressStatusOverride.id).label("id"))
        .group_by(ProgressStatusOverride.target_code)
        .subquery()
    )
    return _frame(
        session,
        select(
            ProgressStatusOverride.target_code, ProgressStatusOverride.status, ProgressStatusOverride.justification,
            ProgressStatusOverride.author, ProgressStatusOverride.created_at, ProgressStatusOverride.report_year,
        ).join(latest, latest.c.id == ProgressStatusOverride.id),
    )
