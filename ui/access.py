"""The signed-in user and role for the pages (issue 8). Without sign-in: an anonymous viewer.

Interface fixed for the other pages: the sign-in code stores the user name and role in
`st.session_state["gbf_user"]` and `st.session_state["gbf_role"]` (server-side state; a browser
cannot set it). Tests set those keys on an AppTest to render a page as a given role.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from data_access.roles import ROLES, role_allows
from i18n import t

USER_KEY = "gbf_user"
ROLE_KEY = "gbf_role"
ANONYMOUS = "anonymous"


def current_role() -> str:
    """The session's role; anything that is not a known role counts as viewer."""
    role = str(st.session_state.get(ROLE_KEY, "viewer"))
    return role if role in ROLES else "viewer"


def current_user() -> str:
    return str(st.session_state.get(USER_KEY, ANONYMOUS))


def has_role(required: str) -> bool:
    return role_allows(current_role(), required)


def sign_in_as(user: str, role: str) -> None:
    """Remember who signed in (called by ui.sign_in after the password or the provider checked them)."""
    st.session_state[USER_KEY] = user
    st.session_state[ROLE_KEY] = role if role in ROLES else "viewer"


def sign_out() -> None:
    st.session_state.pop(USER_KEY, None)
    st.session_state.pop(ROLE_KEY, None)


def origin() -> str:
    """Where the request comes from, for the audit log: `web:<client address>`."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - no request context (tests, bare mode)
        address = None
    return f"web:{address or 'unknown'}"


def audit(action: str, target: str = "", detail: Mapping[str, Any] | None = None) -> None:
    """Write one audit entry for the current user in its own transaction (logins, exports)."""
    from data_access.audit import log_event
    from ui.database import get_engine

    log_event(get_engine(), actor=current_user(), action=action, target=target,
              detail={"role": current_role(), **(detail or {})}, origin=origin())


def require_role(required: str, lang: str, *, stop: bool = True) -> bool:
    """True when the session has `required`; otherwise an explained refusal (and `st.stop()`)."""
    if has_role(required):
        return True
    st.warning(t("acc.refused", lang, required=t(f"acc.role.{required}", lang),
                 role=t(f"acc.role.{current_role()}", lang)), icon=":material/lock:")
    if stop:
        st.stop()
    return False


def uncached(query: Any, *args: Any, **kwargs: Any) -> Any:
    """`query(session, …)` without the cache, through the main connection: accounts and the audit
    log change without a data-version bump and are not readable by the read-only role."""
    from data_access.database import session_scope
    from ui.database import get_engine

    with session_scope(get_engine()) as session:
        return query(session, *args, **kwargs)
