"""Administration (admin only): accounts and roles, and the append-only audit log (one page of
entries at a time) with its CSV export of the whole log."""

from __future__ import annotations

import streamlit as st

from data_access.accounts import AccountError, change_account, create_user, list_users
from data_access.audit import ACTIONS, audit_csv, audit_log
from data_access.database import session_scope
from data_access.queries.audit_log import AUDIT_PAGE_ROWS, audit_event_count, audit_log_page, audit_page_count
from data_access.roles import ROLES
from i18n import format_number, t
from ui.access import audit, current_user, origin, require_role, uncached
from ui.components import table
from ui.database import get_engine
from ui.language import current_lang

lang = current_lang()
st.title(t("acc.admin.title", lang))
require_role("admin", lang)
st.caption(t("acc.admin.caption", lang))
role_name = {r: t(f"acc.role.{r}", lang) for r in ROLES}

st.header(t("acc.admin.users", lang))
users = uncached(list_users)
table(users.assign(role=users["role"].astype(str).map(role_name)),
      {"username": t("acc.col.username", lang), "display_name": t("acc.col.display_name", lang),
       "email": t("acc.admin.email", lang), "role": t("acc.admin.role", lang), "is_active": t("acc.admin.active", lang),
       "local": t("acc.col.local", lang), "created_at": t("acc.col.created_at", lang),
       "last_login_at": t("acc.col.last_login_at", lang)})

left, right = st.columns(2)
with left, st.form("admin_add_user", clear_on_submit=True):
    st.subheader(t("acc.admin.add", lang))
    name = st.text_input(t("acc.username", lang), key="admin_new_name")
    email = st.text_input(t("acc.admin.email", lang), key="admin_new_email")
    password = st.text_input(t("acc.password", lang), type="password", key="admin_new_password")
    role = st.selectbox(t("acc.admin.role", lang), ROLES, format_func=role_name.get, key="admin_new_role")
    if st.form_submit_button(t("acc.admin.add_button", lang), type="primary"):
        try:
            uncached(create_user, name, password or None, role, email=email or None, actor=current_user(), origin=origin())
        except AccountError as error:
            st.error(t(error.key, lang, **error.params))
        else:
            st.success(t("acc.admin.added", lang, user=name, role=role_name[role]))
with right, st.form("admin_change_role"):
    st.subheader(t("acc.admin.change", lang))
    account = st.selectbox(t("acc.admin.account", lang), users["username"].tolist(), key="admin_account")
    new_role = st.selectbox(t("acc.admin.role", lang), ROLES, format_func=role_name.get, key="admin_role")
    active = st.checkbox(t("acc.admin.active", lang), value=True, key="admin_active")
    if st.form_submit_button(t("acc.admin.save", lang)) and account:
        try:
            uncached(change_account, account, new_role, active, actor=current_user(), origin=origin())
        except AccountError as error:
            st.error(t(error.key, lang, **error.params))
        else:
            st.success(t("acc.admin.changed", lang, user=account, role=role_name[new_role], active=active))

st.header(t("acc.admin.audit", lang))
st.caption(t("acc.admin.audit_help", lang))
action = st.selectbox(t("acc.admin.filter_action", lang), ["", *ACTIONS], key="audit_action",
                      format_func=lambda a: a or t("acc.admin.all_actions", lang))
# The log only grows: count it, read the page shown; the CSV reads the whole log when clicked.
total = uncached(audit_event_count, action=action or None)
if not total:
    st.info(t("acc.admin.no_events", lang))
else:
    pages = audit_page_count(total)
    if int(st.session_state.get("audit_page", 1)) > pages:  # a narrower filter has fewer pages
        st.session_state["audit_page"] = 1
    page = int(st.number_input(t("acc.admin.audit_page", lang), min_value=1, max_value=pages, value=1, step=1,
                               key="audit_page"))
    events = uncached(audit_log_page, action=action or None, page=page)
    first = (page - 1) * AUDIT_PAGE_ROWS + 1
    st.caption(t("acc.admin.audit_shown", lang, first=format_number(first, lang), total=format_number(total, lang),
                 last=format_number(first + len(events) - 1, lang), page=page, pages=pages))
    table(events, {"id": "#", "occurred_at": t("acc.col.occurred_at", lang), "actor": t("acc.col.actor", lang),
                   "action": t("acc.col.action", lang), "target": t("acc.col.target", lang),
                   "detail": t("acc.col.detail", lang), "origin": t("acc.col.origin", lang)})
    engine, chosen = get_engine(), action or None

    def whole_log_csv() -> bytes:
        with session_scope(engine) as session:
            return audit_csv(audit_log(session, action=chosen, limit=None))

    st.download_button(t("acc.admin.download_audit", lang), whole_log_csv, file_name="gbf_audit_log.csv",
                       mime="text/csv", key="download_audit",
                       on_click=lambda: audit("export", "audit_log.csv", {"rows": total}))
