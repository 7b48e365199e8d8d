"""Filters whose values live in the URL, so a view can be shared by copying the address.

Streamlit's own `bind="query-params"` writes the *displayed* label of an option to the URL once
a `format_func` is given, which would make links depend on the reader's language. These helpers
keep the option code in the URL (`?status=delayed&ministry=MCEE`) and show the translated label.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from i18n import t
from ui.language import current_lang


def _by_text(options: Sequence[Any]) -> dict[str, Any]:
    return {str(option): option for option in options}


def _initial(key: str, options: Sequence[Any], *, multi: bool, default: Any) -> None:
    """Seed the widget from the URL the first time it is drawn in this session."""
    if key in st.session_state:
        return
    known = _by_text(options)
    if multi:
        values = [known[v] for v in st.query_params.get_all(key) if v in known]
        st.session_state[key] = values or list(default or [])
    else:
        value = st.query_params.get(key)
        st.session_state[key] = known.get(value, default) if value is not None else default


def _write(key: str, multi: bool) -> None:
    value = st.session_state.get(key)
    if value is None or value == [] or value == "":
        if key in st.query_params:
            del st.query_params[key]
    elif multi:
        st.query_params[key] = [str(v) for v in value]
    else:
        st.query_params[key] = str(value)


def url_selectbox(label: str, options: Sequence[Any], *, key: str, default: Any = None,
                  format_func: Callable[[Any], str] = str, where: Any = None, **kwargs: Any) -> Any:
    default = options[0] if default is None and options else default
    _initial(key, options, multi=False, default=default)
    if st.session_state[key] not in options:
        st.session_state[key] = default
    _write(key, False)
    return (where or st).selectbox(label, options, key=key, format_func=format_func,
                                   on_change=_write, args=(key, False), **kwargs)


def url_multiselect(label: str, options: Sequence[Any], *, key: str, format_func: Callable[[Any], str] = str,
                    where: Any = None, **kwargs: Any) -> list[Any]:
    _initial(key, options, multi=True, default=[])
    st.session_state[key] = [v for v in st.session_state[key] if v in options]
    _write(key, True)
    kwargs.setdefault("placeholder", t("common.all", current_lang()))  # Streamlit's own is English only
    return (where or st).multiselect(label, options, key=key, format_func=format_func,
                                     on_change=_write, args=(key, True), **kwargs)


def url_choice(label: str, options: Sequence[Any], *, key: str, default: Any, format_func: Callable[[Any], str] = str,
               multi: bool = False, where: Any = None, **kwargs: Any) -> Any:
    """A segmented control (one choice) or pills (several), kept in the URL."""
    _initial(key, options, multi=multi, default=default)
    _write(key, multi)
    widget = (where or st).pills if multi else (where or st).segmented_control
    value = widget(label, options, key=key, format_func=format_func, selection_mode="multi" if multi else "single",
                   on_change=_write, args=(key, multi), **kwargs)
    return value if value not in (None, []) else default
