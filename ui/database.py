"""The engine (one per database URL and process) and query results cached on the data version.

Caches are invalidated by data changes (the data-version counter every import bumps), not by a
timer, and are keyed on the database URL so two databases never share results.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from data_access.database import data_version, default_url, make_engine, session_factory

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def get_engine() -> Engine:
    return _engine_for(default_url())


def current_data_version() -> int:
    with session_factory(get_engine())() as session:
        return data_version(session)


def database_label() -> str:
    """The database as shown to users: the SQLite file name or host/database, never a password."""
    url = make_url(str(get_engine().url))
    if url.get_backend_name() == "sqlite":
        return f"SQLite · {url.database.rsplit('/', 1)[-1] if url.database else ':memory:'}"
    return f"PostgreSQL · {url.host}/{url.database}"


def load(query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`query(session, *args, **kwargs)` through a cache keyed on the query, arguments and data version."""
    return _cached_query(
        default_url(), current_data_version(), query.__module__, query.__qualname__, args, tuple(sorted(kwargs.items()))
    )


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(url: str, version: int, module: str, name: str, args: tuple, kwargs: tuple) -> Any:
    function: Any = importlib.import_module(module)
    for part in name.split("."):
        function = getattr(function, part)
    with session_factory(_engine_for(url))() as session:
        return function(session, *args, **dict(kwargs))
