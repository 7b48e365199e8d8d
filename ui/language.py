"""The reader's language, kept per session and in the URL (`?lang=en`) so a view can be shared."""

from __future__ import annotations

import streamlit as st

from i18n import DEFAULT_LANG, Lang, normalise_lang, t
from ui.routing import ensure_router
from ui.streamlit_words import streamlit_words

LABELS: dict[Lang, str] = {"ko": "한국어", "en": "English"}


def current_lang() -> Lang:
    """The session's language: the URL's `lang` wins, then the session, then Korean.

    Every page starts by asking for the language, so this is also where a run that bypassed the
    router is sent back through app.py (see ui.routing). By the time a page runs through app.py,
    `st.navigation` has been called and nothing is rerun.
    """
    ensure_router()
    return _resolve_lang()


def _resolve_lang() -> Lang:
    if "lang" in st.query_params:
        lang = normalise_lang(st.query_params["lang"])
    else:
        lang = st.session_state.get("lang", DEFAULT_LANG)
        # Keep the language in the URL after a page switch (which drops query parameters), so any
        # view copied from the address bar opens in the language it was read in.
        st.query_params["lang"] = lang
    st.session_state["lang"] = lang
    return lang


def _on_language_change() -> None:
    lang = normalise_lang(st.session_state["language_switch"])
    st.session_state["lang"] = lang
    st.query_params["lang"] = lang


def language_switch() -> Lang:
    """A Korean ⇄ English switch in the sidebar (app.py, before navigation), with Streamlit's own
    words in the chosen language; returns the language."""
    lang = _resolve_lang()
    st.sidebar.radio(
        f"{t('app.language', 'ko')} / {t('app.language', 'en')}",
        options=list(LABELS),
        format_func=LABELS.__getitem__,
        index=list(LABELS).index(lang),
        horizontal=True,
        key="language_switch",
        on_change=_on_language_change,
    )
    lang = _resolve_lang()
    streamlit_words(lang)
    return lang
