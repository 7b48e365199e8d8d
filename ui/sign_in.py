"""The sidebar sign-in: OpenID Connect (`st.login`) when `[auth]` is configured, else local accounts.

* **OpenID Connect** (a government single sign-on): when `.streamlit/secrets.toml` has an `[auth]`
  section, the sidebar offers `st.login()`; the person's role is that of the account with their
  e-mail (`cli.py users add NAME --email … --role …`), otherwise viewer.
* **Local accounts**: a name and password checked against the argon2id hash in `user_account`.
* Nobody signed in: an anonymous viewer, so the sample app needs no set-up.

Every sign-in, refused sign-in and sign-out is written to the audit log.
"""

from __future__ import annotations

import time

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from data_access.accounts import authenticate, has_accounts, role_for_identity
from data_access.database import session_scope
from i18n import t
from ui.access import ANONYMOUS, audit, current_role, current_user, origin, sign_in_as, sign_out
from ui.database import get_engine

OIDC_LOGIN_AUDITED = "gbf_oidc_login_audited"
FAILED_ATTEMPTS = "gbf_failed_sign_ins"


def oidc_configured() -> bool:
    """True when secrets.toml has an `[auth]` section (Streamlit's OpenID Connect settings)."""
    try:
        return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)
    except Exception:  # noqa: BLE001 - an unreadable secrets file means: not configured
        return False


def sign_in_widget(lang: str) -> None:
    """Who is signed in, with sign-in / sign-out, in the sidebar."""
    with st.sidebar.container(key="gbf_sign_in"):
        if oidc_configured():
            _oidc(lang)
        else:
            _local(lang)


def _signed_in_line(lang: str) -> None:
    st.caption(t("acc.signed_in_as", lang, user=current_user(), role=t(f"acc.role.{current_role()}", lang)))


def _oidc(lang: str) -> None:
    if not st.user.get("is_logged_in", False):  # .get: the key is absent until Streamlit sees [auth]
        sign_out()
        st.caption(t("acc.anonymous", lang))
        if st.button(t("acc.sso_sign_in", lang), key="sso_sign_in", icon=":material/login:"):
            st.login()
        return
    identity = str(st.user.get("email") or st.user.get("sub") or "")
    if st.session_state.get(OIDC_LOGIN_AUDITED) != identity:
        with session_scope(get_engine()) as session:
            role = role_for_identity(session, email=st.user.get("email"), username=st.user.get("preferred_username"))
        sign_in_as(identity, role)
        audit("login", detail={"via": "oidc"})
        st.session_state[OIDC_LOGIN_AUDITED] = identity
    _signed_in_line(lang)
    if st.button(t("acc.sign_out", lang), key="sso_sign_out", icon=":material/logout:"):
        audit("logout")
        st.session_state.pop(OIDC_LOGIN_AUDITED, None)
        sign_out()
        st.logout()


def _local(lang: str) -> None:
    if current_user() != ANONYMOUS:
        _signed_in_line(lang)
        if st.button(t("acc.sign_out", lang), key="sign_out", icon=":material/logout:"):
            audit("logout")
            sign_out()
            st.rerun()
        return
    st.caption(t("acc.anonymous", lang))
    try:
        with session_scope(get_engine()) as session:
            any_account = has_accounts(session)
    except SQLAlchemyError:  # a database from before the access-control migration
        st.caption(t("acc.schema_outdated", lang))
        return
    if not any_account:
        st.caption(t("acc.no_accounts", lang))
        return
    with st.popover(t("acc.sign_in", lang), icon=":material/login:"):
        with st.form("gbf_sign_in_form", clear_on_submit=True, border=False):
            username = st.text_input(t("acc.username", lang), key="sign_in_username")
            password = st.text_input(t("acc.password", lang), type="password", key="sign_in_password")
            submitted = st.form_submit_button(t("acc.sign_in", lang), type="primary")
        if submitted:
            # Each refused attempt in this session waits a little longer (slows password guessing).
            failures = int(st.session_state.get(FAILED_ATTEMPTS, 0))
            time.sleep(min(failures, 5) * 0.5)
            with session_scope(get_engine()) as session:
                signed = authenticate(session, username, password, origin=origin())
            if signed is None:
                st.session_state[FAILED_ATTEMPTS] = failures + 1
                st.error(t("acc.sign_in_failed", lang))
            else:
                st.session_state[FAILED_ATTEMPTS] = 0
                sign_in_as(signed.username, signed.role)
                st.rerun()
