"""NBSAP tracker: actions with their yearly status, and recording a year's progress (validated)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.database import bump_data_version
from data_access.models import Authority, NbsapAction, NbsapActionGbfLink, ProgressReport

# Reported status of an action in a year (ProgressReport.status), in display order.
ACTION_STATUSES: tuple[str, ...] = ("completed", "in_progress", "delayed", "not_started", "cancelled")
NOT_REPORTED = "not_reported"
FIRST_YEAR, LAST_YEAR = 2024, 2030  # the 5th NBSAP runs 2024-2028; reports may run to the GBF's 2030
MAX_NARRATIVE = 4000


def _frame(session: Session, statement) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def nbsap_actions(session: Session, year: int) -> pd.DataFrame:
    """Every action with its status as of `year` (latest report in or before it), GBF links and flags.

    Columns: id, code, national_target_code, title_ko, title_en, lead_ministry, ministry_ko, ministry_en,
    start_year, end_year, report_year, status, percent_complete, report_final (False: the status
    comes from a preliminary report), gbf_codes ('3;4'), overdue, unlinked.
    """
    latest_year = (
        select(ProgressReport.action_id, func.max(ProgressReport.year).label("year"))
        .where(ProgressReport.year <= year)
        .group_by(ProgressReport.action_id)
        .subquery()
    )
    report = (
        select(ProgressReport.action_id, ProgressReport.year, ProgressReport.status, ProgressReport.percent_complete,
               ProgressReport.is_final)
        .join(latest_year, (latest_year.c.action_id == ProgressReport.action_id) & (latest_year.c.year == ProgressReport.year))
        .subquery()
    )
    links = (
        select(NbsapActionGbfLink.action_id, func.aggregate_strings(NbsapActionGbfLink.gbf_code, ";").label("gbf_codes"))
        .group_by(NbsapActionGbfLink.action_id)
        .subquery()
    )
    frame = _frame(
        session,
        select(
            NbsapAction.id, NbsapAction.code, NbsapAction.national_target_code, NbsapAction.title_ko,
            NbsapAction.title_en, NbsapAction.lead_ministry, Authority.name_ko.label("ministry_ko"),
            Authority.name_en.label("ministry_en"), NbsapAction.start_year, NbsapAction.end_year,
            report.c.year.label("report_year"), report.c.status, report.c.percent_complete,
            report.c.is_final.label("report_final"), links.c.gbf_codes,
        )
        .outerjoin(Authority, Authority.code == NbsapAction.lead_ministry)
        .outerjoin(report, report.c.action_id == NbsapAction.id)
        .outerjoin(links, links.c.action_id == NbsapAction.id)
    )
    if frame.empty:
        return frame.assign(report_final=pd.Series(dtype=bool), overdue=pd.Series(dtype=bool),
                            unlinked=pd.Series(dtype=bool))
    frame["status"] = frame["status"].fillna(NOT_REPORTED)
    frame["report_final"] = frame["report_final"].astype("boolean").fillna(True).astype(bool)  # no report: nothing preliminary
    frame["ministry_ko"] = frame["ministry_ko"].fillna(frame["lead_ministry"])
    frame["ministry_en"] = frame["ministry_en"].fillna(frame["lead_ministry"])
    frame["gbf_codes"] = frame["gbf_codes"].fillna("").map(lambda s: ";".join(sorted(set(filter(None, s.split(";"))), key=_gbf_order)))
    frame["overdue"] = (frame["end_year"] < year) & ~frame["status"].isin(("completed", "cancelled"))
    frame["unlinked"] = frame["gbf_codes"] == ""
    keys = [(code_order(str(target)), code_order(str(code))) for target, code in zip(frame["national_target_code"], frame["code"], strict=True)]
    return frame.iloc[sorted(range(len(frame)), key=keys.__getitem__)].reset_index(drop=True)


def code_order(code: str) -> tuple[object, ...]:
    """Codes in the order people number them: NT2 before NT10, 1-1-5 before 1-1-12.

    >>> sorted(["NT10", "NT2", "1-1-12", "1-1-5"], key=code_order)
    ['1-1-5', '1-1-12', 'NT2', 'NT10']
    """
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code))


def _gbf_order(code: str) -> tuple[int, str]:
    return (0, f"{int(code):02d}") if code.isdigit() else (1, code)


def report_years(session: Session) -> list[int]:
    years = session.scalars(select(ProgressReport.year).distinct().order_by(ProgressReport.year)).all()
    return [int(y) for y in years]


class ProgressValidationError(ValueError):
    """A progress report that cannot be recorded; `key` and `params` give the translated message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class RecordedProgress:
    action_code: str
    year: int
    status: str
    created: bool  # False when an existing report for that year was replaced


def record_progress(
    session: Session,
    *,
    action_code: str,
    year: int,
    status: str,
    percent_complete: float | None,
    narrative_ko: str | None,
    narrative_en: str | None,
    is_final: bool,
    reported_by: str,
) -> RecordedProgress:
    """Validate and write one action's report for one year (replacing that year's report), bump the data version.

    Raises ProgressValidationError with an i18n key (`pg.nbsap.error.*`) for the form to show.
    """
    action = session.scalar(select(NbsapAction).where(NbsapAction.code == action_code))
    if action is None:
        raise ProgressValidationError("pg.nbsap.error.unknown_action", code=action_code)
    if status not in ACTION_STATUSES:
        raise ProgressValidationError("pg.nbsap.error.status", status=status)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ProgressValidationError("pg.nbsap.error.year", year=year, first=FIRST_YEAR, last=LAST_YEAR)
    if year < action.start_year:
        raise ProgressValidationError("pg.nbsap.error.before_start", year=year, start=action.start_year)
    if percent_complete is not None and not 0 <= percent_complete <= 100:
        raise ProgressValidationError("pg.nbsap.error.percent", percent=percent_complete)
    if status == "completed" and percent_complete is not None and percent_complete < 100:
        raise ProgressValidationError("pg.nbsap.error.completed_percent", percent=percent_complete)
    if status == "not_started" and percent_complete not in (None, 0):
        raise ProgressValidationError("pg.nbsap.error.not_started_percent", percent=percent_complete)
    if not (reported_by or "").strip():
        raise ProgressValidationError("pg.nbsap.error.reporter")
    narrative_ko = (narrative_ko or "").strip() or None
    narrative_en = (narrative_en or "").strip() or None
    if any(len(n) > MAX_NARRATIVE for n in (narrative_ko, narrative_en) if n):
        raise ProgressValidationError("pg.nbsap.error.narrative", limit=MAX_NARRATIVE)
    report = session.scalar(
        select(ProgressReport).where(ProgressReport.action_id == action.id, ProgressReport.year == year)
    )
    created = report is None
    if report is None:
        report = ProgressReport(action_id=action.id, year=year)
        session.add(report)
    report.status = status
    report.percent_complete = percent_complete
    report.narrative_ko = narrative_ko
    report.narrative_en = narrative_en
    report.is_final = is_final
    report.reported_by = reported_by.strip()
    report.batch_id = None  # entered by hand, not by an import
    session.flush()
    bump_data_version(session)
    return RecordedProgress(action_code, year, status, created)


def action_reports(session: Session, action_code: str) -> pd.DataFrame:
    """Every yearly report of one action (for the form's history)."""
    return _frame(
        session,
        select(ProgressReport.year, ProgressReport.status, ProgressReport.percent_complete, ProgressReport.is_final,
               ProgressReport.reported_by, ProgressReport.narrative_ko, ProgressReport.narrative_en)
        .join(NbsapAction, NbsapAction.id == ProgressReport.action_id)
        .where(NbsapAction.code == action_code)
        .order_by(ProgressReport.year),
    )
