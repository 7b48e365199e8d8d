"""Inputs of `nbsap_implementation`: actions (with indicator-link counts), reports and GBF links.

The NBSAP tables are small (about 300 actions, one report per action and year), so they are read
with the needed columns only; the indicator-link count is aggregated in SQL.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import NbsapAction, NbsapActionGbfLink, NbsapActionIndicatorLink, ProgressReport
from data_access.queries.sql_frames import frame_of


def load_nbsap_inputs(session: Session) -> dict[str, pd.DataFrame]:
    links = (
        select(NbsapActionIndicatorLink.action_id, func.count().label("n"))
        .group_by(NbsapActionIndicatorLink.action_id)
        .subquery()
    )
    actions = frame_of(
        session,
        select(
            NbsapAction.id.label("action_id"),
            NbsapAction.code,
            NbsapAction.national_target_code.label("national_target"),
            NbsapAction.start_year,
            NbsapAction.end_year,
            func.coalesce(links.c.n, 0).label("indicator_links"),
        ).outerjoin(links, links.c.action_id == NbsapAction.id),
    )
    reports = frame_of(
        session,
        select(ProgressReport.action_id, ProgressReport.year, ProgressReport.status, ProgressReport.percent_complete,
               ProgressReport.is_final),
    )
    gbf = frame_of(session, select(NbsapActionGbfLink.action_id, NbsapActionGbfLink.gbf_code))
    return {"nbsap_actions": actions, "nbsap_reports": reports, "nbsap_gbf_links": gbf}
