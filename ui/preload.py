"""Load the dashboard's libraries and modules when the server starts, not when the first visitor arrives.

Streamlit imports nothing of an app until a session first runs ``app.py``, so the first visitor
after a restart waits for pandas, plotly, SQLAlchemy, shapely, pyproj, pyarrow and our own
modules (3–4 s on 2 cores) and for plotly's validators, which are built on first use. ``cli.py
serve`` (what ``make run`` starts) calls :func:`preload` in the server's own process before the
server listens, so the first page is drawn as fast as any later first visit.
"""

from __future__ import annotations

import importlib
import pkgutil
import time

PACKAGES: tuple[str, ...] = ("i18n", "charts", "indicators", "data_access", "ui", "reports")
# Alembic's env.py runs a migration when imported; the rest is imported only to be ready.
SKIPPED: tuple[str, ...] = ("data_access.migrations",)
# Modules that Streamlit, pandas and narwhals import only during the first run (found with
# `python -X importtime cli.py serve` and one visit): the emoji catalog that checks the page icon
# (a large regular expression compiled on import), the material icon names, parquet for the page
# cache's frames, narwhals' pandas backend behind st.dataframe, the CSV writer of the downloads.
FIRST_RUN_IMPORTS: tuple[str, ...] = (
    "streamlit.emojis",
    "streamlit.material_icon_names",
    "streamlit.web.skills",
    "streamlit.dataframe.lazy_df_adapters",
    "streamlit.runtime.scriptrunner.magic_funcs",
    "pyarrow.parquet",
    "pyarrow.dataset",
    "pandas.core.arrays.arrow.extension_types",
    "pandas.io.formats.csvs",
    "narwhals._pandas_like.namespace",
    "narwhals.stable.v1._namespace",
    "narwhals._interchange.dataframe",
    "encodings.utf_8_sig",
)


def preload() -> dict[str, float]:
    """Import every module of the app's packages, build one figure of each trace type, read the
    message catalogs and the indicator metadata; seconds per step."""
    seconds: dict[str, float] = {}
    for name in PACKAGES:
        started = time.perf_counter()
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, f"{name}."):
            if not module.name.startswith(SKIPPED):
                importlib.import_module(module.name)
        seconds[name] = time.perf_counter() - started
    started = time.perf_counter()
    for name in FIRST_RUN_IMPORTS:
        importlib.import_module(name)
    seconds["libraries"] = time.perf_counter() - started
    started = time.perf_counter()
    _build_each_trace_type()
    seconds["plotly"] = time.perf_counter() - started
    started = time.perf_counter()
    from i18n import catalog

    catalog()  # the Korean and English catalogs, parsed from YAML once per process
    from ui.indicators import registered_indicators

    registered_indicators()  # every indicator's metadata sheet, parsed from YAML once per process
    seconds["catalogs"] = time.perf_counter() - started
    started = time.perf_counter()
    from sqlalchemy.orm import configure_mappers

    configure_mappers()  # relationships between the models are resolved on first use otherwise
    seconds["models"] = time.perf_counter() - started
    started = time.perf_counter()
    _fill_inspect_caches()
    seconds["inspect"] = time.perf_counter() - started
    return seconds


def _fill_inspect_caches() -> None:
    """Streamlit's first element of a process calls `inspect.stack()` (is it a REPL?), whose first
    call maps every loaded module to its file (~0.2 s with these libraries); done here, the first
    visitor's run only maps the few modules imported since."""
    import inspect

    inspect.stack()


def _build_each_trace_type() -> None:
    """plotly validates a property with a validator it builds the first time that trace type is used."""
    import plotly.graph_objects as go

    figure = go.Figure(layout={"title": {"text": "warm-up"}, "xaxis": {"title": {"text": "x"}}})
    figure.add_trace(go.Scatter(x=[1, 2], y=[1, 2], fill="toself", mode="lines+markers"))
    figure.add_trace(go.Bar(x=[1, 2], y=[1, 2], orientation="v"))
    figure.add_trace(go.Scattermap(lon=[127.0], lat=[37.5], mode="markers"))
    figure.add_trace(go.Sankey(node={"label": ["a", "b"]}, link={"source": [0], "target": [1], "value": [1]}))
    figure.to_json()
