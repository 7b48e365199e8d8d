"""Page queries whose frames are stored in the database per data version (`data_access.page_cache`).

`load_stored(query, *args)` is `ui.database.load` for the few page queries that aggregate
millions of rows: a cold session reads the stored frame (one row) instead of aggregating; the
first session after a data change computes it through the read-only engine and stores it through
the app's engine. Only frames, and arguments JSON can hold, are stored.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pandas as pd

from data_access import page_cache
from data_access.database import data_version, session_factory
from data_access.queries.overview import HeadlineCounts, headline_counts_frame, headline_counts_from_frame
from ui.database import get_engine, load


def load_stored(query: Callable[..., pd.DataFrame], *args: Any, **kwargs: Any) -> pd.DataFrame:
    return load(_stored_or_computed, f"{query.__module__}.{query.__qualname__}", args, tuple(sorted(kwargs.items())))


def _stored_or_computed(session: Any, name: str, args: tuple, kwargs: tuple) -> pd.DataFrame:
    version = data_version(session)
    arguments = {"args": list(args), **dict(kwargs)}
    stored = page_cache.get_frame(session, name, arguments, version)
    if stored is not None:
        return stored
    module, _, function_name = name.rpartition(".")
    frame = getattr(importlib.import_module(module), function_name)(session, *args, **dict(kwargs))
    session.rollback()  # end the read transaction before writing elsewhere
    with session_factory(get_engine())() as writer:
        page_cache.put_frame(writer, name, arguments, version, frame)
    return frame


def load_derived(derive: Callable[..., Any], query: Callable[..., pd.DataFrame], *args: Any) -> Any:
    """`derive(load_stored(query), *args)`, itself cached on the data version like `load`: a rerun
    draws the counts by year or province of a stored summary instead of regrouping it."""
    return load(_derived, f"{derive.__module__}.{derive.__qualname__}", f"{query.__module__}.{query.__qualname__}", args)


def _derived(_session: Any, derive_name: str, query_name: str, args: tuple) -> Any:
    module, _, query_function = query_name.rpartition(".")
    frame = load_stored(getattr(importlib.import_module(module), query_function))
    module, _, derive_function = derive_name.rpartition(".")
    return getattr(importlib.import_module(module), derive_function)(frame, *args)


def headline_counts() -> HeadlineCounts:
    """The overview's national totals (also on the species page), stored per data version."""
    return load_derived(headline_counts_from_frame, headline_counts_frame)
