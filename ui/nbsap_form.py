"""The editors' form on the NBSAP tracker: record one action's progress for one year."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from data_access.audit import record_event
from data_access.database import session_scope
from data_access.queries.nbsap import (
    ACTION_STATUSES,
    FIRST_YEAR,
    LAST_YEAR,
    ProgressValidationError,
    action_reports,
    record_progress,
)
from i18n import t
from ui.access import current_user, origin, require_role
from ui.components import table
from ui.database import get_engine, load


def progress_form(actions: pd.DataFrame, lang: str) -> None:
    """Pick an action and a year, then status, % complete, narrative (ko/en), final or preliminary.

    Stewards only; each save is audited in the same transaction as the change.
    """
    if not require_role("steward", lang, stop=False):
        return
    if actions.empty:
        st.info(t("pg.nbsap.form.no_actions", lang))
        return
    titles = dict(zip(actions["code"], actions["title_ko"] if lang == "ko" else actions["title_en"], strict=True))
    code = st.selectbox(t("pg.nbsap.form.action", lang), list(titles), format_func=lambda c: f"{c} · {titles[c][:60]}",
                        key="nbsap_form_action")
    history = load(action_reports, code)
    if not history.empty:
        table(history.assign(status=history["status"].map(lambda s: t(f"pg.nbsap.status.{s}", lang))),
              {"year": t("common.year", lang), "status": t("pg.nbsap.col.status", lang),
               "percent_complete": t("pg.nbsap.col.percent", lang), "reported_by": t("pg.nbsap.form.reporter", lang)})
    this_year = min(max(dt.date.today().year, FIRST_YEAR), LAST_YEAR)
    with st.form("nbsap_progress_form", clear_on_submit=False):
        left, middle, right = st.columns(3)
        year = left.number_input(t("common.year", lang), min_value=FIRST_YEAR, max_value=LAST_YEAR, value=this_year, step=1)
        status = middle.selectbox(t("pg.nbsap.col.status", lang), ACTION_STATUSES,
                                  format_func=lambda s: t(f"pg.nbsap.status.{s}", lang))
        percent = right.number_input(t("pg.nbsap.col.percent", lang), min_value=0.0, max_value=100.0, value=None, step=5.0)
        narrative_ko = st.text_area(t("pg.nbsap.form.narrative_ko", lang), max_chars=4000)
        narrative_en = st.text_area(t("pg.nbsap.form.narrative_en", lang), max_chars=4000)
        left, right = st.columns(2)
        reporter = left.text_input(t("pg.nbsap.form.reporter", lang))
        final = right.toggle(t("pg.nbsap.form.final", lang), value=False, help=t("pg.nbsap.form.final_help", lang))
        submitted = st.form_submit_button(t("pg.nbsap.form.save", lang), type="primary")
    if submitted:
        try:
            with session_scope(get_engine()) as session:
                saved = record_progress(
                    session, action_code=code, year=int(year), status=status, percent_complete=percent,
                    narrative_ko=narrative_ko, narrative_en=narrative_en, is_final=final, reported_by=reporter,
                )
                record_event(session, actor=current_user(), action="edit", target=f"nbsap_progress:{code}:{int(year)}",
                             detail={"status": status, "percent_complete": percent, "is_final": final,
                                     "reported_by": reporter, "created": saved.created}, origin=origin())
        except ProgressValidationError as error:
            st.error(t(error.key, lang, **error.params))
        else:
            key = "pg.nbsap.form.saved" if saved.created else "pg.nbsap.form.replaced"
            st.success(t(key, lang, code=saved.action_code, year=saved.year))
