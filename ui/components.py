"""Small page building blocks: headers, explained empty states, charts, tables, metadata sheets."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from charts.theme import plotly_config
from i18n import t, text_or
from indicators.metadata import IndicatorMetadata

DATA_PAGE = "pages/data_management.py"


def shortened(text: object, width: int = 24) -> str:
    """`text` cut to `width` characters, the cut marked with an ellipsis (long chart category labels).

    >>> shortened("Pilot projects on national ecological maps"), shortened("짧은 제목")
    ('Pilot projects on natio…', '짧은 제목')
    """
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def kind_name(kind: str, lang: str) -> str:
    """An import kind ('cites-comptab') as users know it."""
    return text_or(f"pg.kind.{kind.replace('-', '_')}", lang, kind)


def kind_label(kind: str, lang: str) -> str:
    """A kind by its name with the code `cli.py import` takes: "NBSAP actions (nbsap)"."""
    return f"{kind_name(kind, lang)} ({kind})"


def import_log_shown(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Import-log rows as users read them: each kind as the import form names it (`kind_label`),
    each status in the reader's language."""
    return log.assign(kind=log["kind"].map(lambda kind: kind_label(kind, lang)),
                      status=log["status"].map(lambda status: text_or(f"pg.data.status.{status}", lang, status)))


def header(title: str, lang: str, *, caption: str | None = None) -> None:
    st.title(title)
    if caption:
        st.caption(caption)


def empty_state(lang: str, what: str, *, kinds: Iterable[str] = (), detail: str | None = None) -> None:
    """Never a blank area: say what is missing and what to import, with a link to the import page."""
    kinds = list(kinds)
    message = t("pg.empty.no_data", lang, what=what)
    if kinds:
        message += " " + t("pg.empty.import", lang, kinds=", ".join(kind_name(k, lang) for k in kinds))
    if detail:
        message += f"\n\n{detail}"
    st.info(message, icon=":material/info:")
    if kinds:
        st.page_link(DATA_PAGE, label=t("pg.empty.go_import", lang), icon=":material/upload_file:",
                     query_params={"lang": lang, "kind": kinds[0]})


def country_label(lang: str) -> Callable[[object], str]:
    """code → "중국 (CN)" / "China (CN)": the name in the reader's language (English where no
    Korean name is known) with the code staff search the trade database by; unknown codes as written."""
    from data_access.queries.countries import country_names
    from ui.database import load

    names = load(country_names)
    shown = dict(zip(names["code"], names["name_ko" if lang == "ko" else "name_en"].fillna(names["name_en"]), strict=True))

    def label_of(code: object) -> str:
        if code is None or code is pd.NA or (isinstance(code, float) and code != code):
            return ""
        return f"{shown[code]} ({code})" if code in shown else str(code)

    return label_of


def figure(builder: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> go.Figure:
    """`builder(*args, **kwargs)` (a charts.* function), cached on its inputs.

    Building a plotly figure costs ~0.1 s (validation); a cached copy comes back in milliseconds,
    which keeps reruns (a filter click, a language switch back) well under 0.3 s.
    """
    return _cached_figure(builder.__module__, builder.__qualname__, args, tuple(sorted(kwargs.items())))


# cache_resource, not cache_data: unpickling a cached figure re-validates every property (the
# cost the cache was meant to save); st.plotly_chart only reads the figure (to_dict copies it).
# Callers must not change a returned figure: it is shared by every session.
@st.cache_resource(show_spinner=False, max_entries=512)
def _cached_figure(module: str, name: str, args: tuple, kwargs: tuple) -> go.Figure:
    return getattr(importlib.import_module(module), name)(*args, **dict(kwargs))


def chart(
    figure: go.Figure,
    *,
    key: str | None = None,
    lang: str | None = None,
    provenance: Any = None,
    data: pd.DataFrame | None = None,
    indicator_id: str | None = None,
) -> None:
    """The chart with PNG/SVG download buttons and a CSV/XLSX/README zip of its data.

    `provenance` (reports.provenance.Provenance) and `data` (exactly the plotted rows) come from
    the caller where it has them (indicator charts); otherwise title and unit are read from the
    figure and the data from its traces (`reports.figure_data`).
    """
    from ui.downloads import chart_downloads
    from ui.language import current_lang

    lang = lang or current_lang()
    st.plotly_chart(figure, width="stretch", config=plotly_config(lang), key=key)

    chart_downloads(figure, lang=lang, key=key, provenance=provenance, data=data, indicator_id=indicator_id)


def table(frame: pd.DataFrame, columns: dict[str, str], *, height: int | str = "auto", key: str | None = None) -> None:
    """A frame with only `columns` (name → translated header), no index; counts and measures with
    thousands separators (1,328,407), years and ids as written."""
    kept = frame.loc[:, [c for c in columns if c in frame.columns]]
    st.dataframe(kept.rename(columns=columns), hide_index=True, width="stretch", height=height, key=key,
                 column_config=number_formats(kept, columns))


def is_label_number(column: str) -> bool:
    """A numeric column shown as written: a year or an id (2024, not 2,024), a coordinate (all its
    decimals; the locale format keeps three)."""
    name = column.lower()
    return name == "id" or name.endswith("_id") or any(word in name for word in ("year", "latitude", "longitude"))


def number_format(values: pd.Series) -> str:
    """The grid's format of a count or measure: thousands grouped, and a column of decimals written
    with as many as its values have (at most three), so 100.0 lines up under 69.8.

    >>> number_format(pd.Series([1328407, 20])), number_format(pd.Series([69.8, 100.0])), number_format(pd.Series([3.0]))
    ('localized', '%,.1f', 'localized')
    """
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    if not pd.api.types.is_float_dtype(values) or numbers.empty:
        return "localized"
    for decimals in range(4):
        scaled = numbers * 10**decimals
        if ((scaled - scaled.round()).abs() < 1e-6).all():
            return "localized" if decimals == 0 else f"%,.{decimals}f"
    return "%,.3f"


def number_formats(frame: pd.DataFrame, columns: dict[str, str]) -> dict[str, Any]:
    """st.dataframe's column config (by shown header) giving counts and measures the reader's
    locale grouping; the grid's default shows integers ungrouped."""
    return {
        columns[name]: st.column_config.NumberColumn(format=number_format(frame[name]))
        for name in frame.columns
        if pd.api.types.is_numeric_dtype(frame[name]) and not pd.api.types.is_bool_dtype(frame[name])
        and not is_label_number(name)
    }


def download(frame: pd.DataFrame, name: str, lang: str, *, key: str | None = None) -> None:
    """The frame as CSV, exactly as shown (pages mask before showing); each download is audited."""
    from ui.access import audit

    st.download_button(
        t("common.download_csv", lang), frame.to_csv(index=False).encode("utf-8-sig"),
        file_name=f"{name}.csv", mime="text/csv", key=key or f"download_{name}",
        on_click=lambda: audit("export", f"{name}.csv", {"rows": len(frame)}),
    )


def metadata_sheet(meta: IndicatorMetadata, lang: str) -> None:
    """The indicator's metadata sheet: what, unit, method, sources, caveats, simplifications."""
    st.markdown(f"**{t('pg.meta.gbf_code', lang)}**: {meta.code_label(lang)} · "
                f"**{t('pg.meta.targets', lang)}**: {', '.join(meta.gbf_targets)}")
    st.markdown(f"**{t('pg.meta.description', lang)}**  \n{meta.description(lang)}")
    st.markdown(f"**{t('common.unit', lang)}**: {meta.unit(lang)}")
    st.markdown(f"**{t('pg.meta.method', lang)}**  \n{meta.method(lang)}")
    if meta.disaggregations:
        st.markdown(f"**{t('pg.meta.disaggregations', lang)}**: {meta.dimensions_text(lang)}")
    st.markdown(f"**{t('common.source', lang)}**")
    for source in meta.sources:
        licence = f" ({source.licence})" if source.licence else ""
        st.markdown(f"- {source.citation}{licence}")
    if meta.caveats:
        st.markdown(f"**{t('pg.meta.caveats', lang)}**")
        for caveat in meta.caveats:
            st.markdown(f"- {caveat(lang)}")
    if meta.simplifications:
        st.markdown(f"**{t('pg.meta.simplifications', lang)}**")
        for item in meta.simplifications:
            st.markdown(f"- {item(lang)}")
    if meta.progress:
        rule = meta.progress
        target = "–" if rule.target_value is None else f"{rule.target_value:g}"
        st.markdown(
            f"**{t('pg.meta.progress', lang)}**: "
            + t("pg.meta.progress_rule", lang, baseline=rule.baseline_year, target_year=rule.target_year,
                target=target, direction=t(f"pg.meta.direction.{rule.direction}", lang))
        )
