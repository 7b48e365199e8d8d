"""The engine (one per database URL and process) and query results cached on the data version.

Caches are invalidated by data changes (the data-version counter every import bumps), not by a
timer, and are keyed on the database URL so two databases never share results.
"""

from __future__ import annotations

import copy
import importlib
import itertools
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from streamlit.runtime.scriptrunner import get_script_run_ctx

from data_access.database import data_version, default_url, make_engine, session_factory
from data_access.readonly import make_readonly_engine, readonly_url_setting

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    event.listen(engine, "commit", _forget_data_version)
    return engine


def get_engine() -> Engine:
    return _engine_for(default_url())


@st.cache_resource(show_spinner=False)
def _readonly_engine_for(url: str) -> Engine:
    return make_readonly_engine(url)


def read_engine() -> Engine:
    """The least-privilege engine of the viewer path (issue 8): `DATABASE_URL_READONLY` (the
    read-only PostgreSQL role) when set, else read-only sessions on the main URL."""
    return _readonly_engine_for(readonly_url_setting() or default_url())


_commits = itertools.count()
_last_commit = [0]


def _forget_data_version(_connection: Any) -> None:
    _last_commit[0] = next(_commits) + 1


def current_data_version() -> int:
    """The data version, read once per script run (a page asks for it in every cached call); a
    commit through the app's engine during the run (an import, an edit) makes the next call read it again."""
    ctx = get_script_run_ctx()
    memo = getattr(ctx, "_gbf_data_version", None) if ctx is not None else None
    # `ctx.cursors` is a new dict at the start of every run: the memo belongs to this run only.
    if memo is not None and memo[0] is ctx.cursors and memo[1] == _last_commit[0]:  # type: ignore[union-attr]
        return memo[2]
    with session_factory(get_engine())() as session:
        version = data_version(session)
    if ctx is not None:
        ctx._gbf_data_version = (ctx.cursors, _last_commit[0], version)  # type: ignore[attr-defined]
    return version


def database_label() -> str:
    """The database as shown to users: the SQLite file name or host/database, never a password."""
    url = make_url(str(get_engine().url))
    if url.get_backend_name() == "sqlite":
        return f"SQLite · {url.database.rsplit('/', 1)[-1] if url.database else ':memory:'}"
    return f"PostgreSQL · {url.host}/{url.database}"


def load(query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`query(session, *args, **kwargs)` through a cache keyed on the query, arguments and data version."""
    result = _cached_query(
        default_url(), current_data_version(), query.__module__, query.__qualname__, args, tuple(sorted(kwargs.items()))
    )
    # One shared object per key (cache_resource: no unpickling on every rerun, which cost more
    # than the page itself); frames, lists and dicts are copied (cheaply, not pickled) so a page
    # that adds a column or an item changes only its copy. Other results are immutable values.
    if isinstance(result, pd.DataFrame):
        return result.copy()  # type: ignore[return-value]
    return copy.copy(result) if isinstance(result, (dict, list)) else result


@st.cache_resource(show_spinner=False, max_entries=512)
def _cached_query(url: str, version: int, module: str, name: str, args: tuple, kwargs: tuple) -> Any:
    function: Any = importlib.import_module(module)
    for part in name.split("."):
        function = getattr(function, part)
    # Cached reads never write: they go through the read-only engine, whoever asked (issue 8).
    with session_factory(_readonly_engine_for(readonly_url_setting() or url))() as session:
        return function(session, *args, **dict(kwargs))
