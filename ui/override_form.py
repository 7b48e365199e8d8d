"""A target's progress status: the computed one, the staff-set one beside it, and the stewards' form.

Everyone sees both statuses and, for a staff-set one, its author, time and justification (issue
#4). Only stewards (`ui.access.has_role("steward")`) get the form; the author recorded is the
signed-in user, never a name typed into the form. Saving goes through
`data_access.queries.progress.record_override`, which validates and writes the audit entry in the
same transaction; a refused entry is explained in the reader's language.
"""

from __future__ import annotations

import streamlit as st

from data_access.database import session_scope
from data_access.queries.progress import OverrideError, record_override
from i18n import t
from ui.access import current_user, has_role
from ui.database import get_engine
from ui.progress import PROGRESS_CODES, TargetStatus, target_statuses

FORM_KEY = "override_form"


def _save(code: str, lang: str) -> tuple[str, str] | None:
    """Record the submitted override; ("success"|"error", message) for the page, None when nothing was sent."""
    if not st.session_state.get(f"{FORM_KEY}_submit"):
        return None
    status = st.session_state.get(f"{FORM_KEY}_status")
    justification = st.session_state.get(f"{FORM_KEY}_justification") or ""
    try:
        with session_scope(get_engine()) as session:
            record_override(session, code, str(status), justification, current_user(), origin="web")
    except OverrideError as error:
        return "error", t(error.key, lang, **error.params)
    return "success", t("progress.form.saved", lang, code=code, status=t(f"pg.progress.{status}", lang))


def target_status_section(code: str, lang: str) -> TargetStatus:
    """Computed and staff-set status side by side, then (stewards only) the form to set the latter."""
    steward = has_role("steward")
    outcome = _save(code, lang) if steward else None  # before reading: a saved status shows in this run
    status = target_statuses().get(code, TargetStatus())
    left, right = st.columns(2)
    left.metric(t("pg.target.computed_status", lang), t(f"pg.progress.{status.computed}", lang),
                help=t("pg.target.computed_help", lang))
    right.metric(t("pg.target.staff_status", lang), t(f"pg.progress.{status.staff}", lang) if status.staff else "–",
                 help=t("pg.target.staff_help", lang))
    if status.staff:
        at = status.at.strftime("%Y-%m-%d %H:%M UTC") if status.at else "–"
        right.caption(t("progress.set_by", lang, author=status.author or "–", at=at))
        right.markdown(f"**{t('progress.justification', lang)}**: {status.justification or '–'}")
    else:
        right.caption(t("progress.no_override", lang))
    if outcome is not None:
        kind, message = outcome
        (st.success if kind == "success" else st.error)(message)
    if not steward:
        st.caption(t("progress.form.stewards_only", lang))
        return status
    expanded = outcome is not None and outcome[0] == "error"
    with st.expander(t("progress.form.title", lang), expanded=expanded), st.form(FORM_KEY, clear_on_submit=True):
        st.caption(t("progress.form.help", lang))
        st.selectbox(t("progress.form.status", lang), PROGRESS_CODES, key=f"{FORM_KEY}_status",
                     index=PROGRESS_CODES.index(status.staff or status.computed),
                     format_func=lambda c: t(f"pg.progress.{c}", lang))
        st.text_area(t("progress.justification", lang), key=f"{FORM_KEY}_justification", max_chars=4000)
        st.form_submit_button(t("progress.form.save", lang), type="primary", key=f"{FORM_KEY}_submit")
    return status
