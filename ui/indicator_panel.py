"""One indicator on a page: its trend chart with band and "based on N", a map when spatial, notes and metadata."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.trend import trend_chart, value_digits
from data_access.queries.maps import boundary_layer
from i18n import t
from indicators.metadata import IndicatorMetadata
from indicators.result import note_text
from reports.indicator_charts import (
    MAX_SERIES,
    chart_labels,
    default_series,
    fixed_values,
    indicator_provenance,
    named_filters,
    plotted_subset,
    stage_marks,
    target_line,
)
from reports.provenance import filters_text
from ui.area_maps import area_choropleth
from ui.base_map import tile_url
from ui.components import chart, download, empty_state, figure, metadata_sheet
from ui.database import current_data_version
from ui.indicators import IndicatorView, compute_indicator
from ui.stored_queries import load_stored

# What to import for each indicator when it has no data (data-management kinds).
IMPORT_KINDS: dict[str, tuple[str, ...]] = {
    "red_list_index": ("redlist",),
    "living_planet_index": ("lpi",),
    "protected_area_coverage": ("wdpa", "boundaries"),
    "kba_protection_coverage": ("kba", "wdpa"),
    "species_protection": ("wdpa", "occurrences"),
    "invasive_species_establishment": ("species", "occurrences"),
    "cites_trade_volume": ("cites-comptab",),
    "cites_wild_share": ("cites-comptab",),
    "cites_trade_discrepancy": ("cites-comptab",),
    "wildlife_seizures": ("permits",),
    "traded_species_rli": ("redlist", "cites-comptab"),
    "animal_life_cycle": ("animal-events",),
    "captive_population_balance": ("animal-events",),
    "abs_benefits": ("abs",),
    "abs_non_monetary_benefits": ("abs",),
    "abs_permits": ("abs",),
    "biodiversity_oda": ("cooperation",),
    "capacity_cooperation": ("cooperation",),
    "knowledge_digitisation": ("occurrences", "species"),
    "nbsap_implementation": ("nbsap",),
}


def _province_column(frame: pd.DataFrame, dims: tuple[str, ...], province_codes: set[str]) -> str | None:
    for dim in dims:
        if set(frame[dim].astype(str)) & province_codes:
            return dim
    return None


def latest_value(view: IndicatorView, **selection: str) -> tuple[float | None, int | None]:
    """(value, year) of the latest year of the rows matching `selection` (e.g. realm="terrestrial").

    The figure a page shows beside an indicator is read from its result here, never recomputed,
    so a metric and the indicator's chart, table and CSV always agree.
    """
    if view.result is None:
        return None, None
    frame = view.result.frame
    for column, value in selection.items():
        frame = frame.loc[frame[column].astype(str) == str(value)]
    frame = frame.dropna(subset=["value"])
    if frame.empty:
        return None, None
    row = frame.loc[frame["year"] == frame["year"].max()].iloc[0]
    return float(row["value"]), int(row["year"])


def indicator_panel(indicator_id: str, lang: str, *, key: str, map_link: bool = True, **options: object) -> IndicatorView:
    """Render one indicator (or its explained empty state); returns the view for key figures."""
    view = compute_indicator(indicator_id, **options)
    meta = view.metadata
    if meta is None:
        st.warning(t("pg.indicator.not_available", lang, id=indicator_id))
        return view
    st.markdown(f"#### {meta.name(lang)} :small[:gray[({meta.code_label(lang)})]]")
    st.caption(meta.description(lang))
    if view.result is None:
        detail = t(f"pg.indicator.problem.{view.problem}", lang) if view.problem else None
        empty_state(lang, meta.name(lang), kinds=IMPORT_KINDS.get(indicator_id, ()), detail=detail)
    else:
        result = view.result
        frame = result.frame
        dims = result.disaggregations
        series = dims[0] if dims else None
        fixed = fixed_values(frame.loc[frame["value"].notna()], dims[1:], meta)
        for dim, value in fixed.items():
            frame = frame.loc[frame[dim] == value]
        frame, note = chosen_series(frame, series, lang, key=key, meta=meta) if series else (frame, None)
        labels = chart_labels(meta, result, frame, series, lang, title=meta.name(lang), note=note)
        chart(figure(trend_chart, frame, labels, lang, series=series, digits=value_digits(frame["value"]),
                     target_value=target_line(meta, frame, series), stage=stage_marks(meta, frame)), key=f"{key}_trend",
              lang=lang, data=plotted_subset(frame, series), indicator_id=indicator_id,
              provenance=indicator_provenance(result, lang, filters=fixed, data_version=str(current_data_version()),
                                              unit=labels["y"]))
        if fixed:
            shown = named_filters(meta, fixed, lang)
            st.caption(t("pg.chart.fixed", lang, values=filters_text(shown, " · ")))
        if meta.spatial:
            spatial_map(view, lang, key=key, map_link=map_link)
        for note in result.notes:
            st.caption(f"ⓘ {note_text(note, lang)}")
        download(result.output_frame, indicator_id, lang, key=f"{key}_csv")
    with st.expander(t("pg.indicator.metadata", lang)):
        metadata_sheet(meta, lang)
    return view


def chosen_series(frame: pd.DataFrame, series: str, lang: str, *, key: str,
                  meta: IndicatorMetadata) -> tuple[pd.DataFrame, str | None]:
    """The rows of the series the chart draws: all of them when `default_series` keeps them all,
    else those the reader picks (at most MAX_SERIES, one palette colour each; by default the
    metadata's chart series or the headline and the first others), and the note for the chart's
    subtitle saying how many of how many it shows. The CSV below keeps every series."""
    values = sorted(frame[series].unique(), key=str)
    default = default_series(values, meta, series)
    if len(default) == len(values):
        return frame, None
    chosen = st.multiselect(
        t("pg.chart.series_choice", lang, n=MAX_SERIES), values, default=default,
        max_selections=MAX_SERIES, format_func=lambda value: meta.value_name(series, value, lang), key=f"{key}_series",
        placeholder=t("common.choose", lang),
    ) or default
    return frame.loc[frame[series].isin(chosen)], t("pg.chart.series_shown", lang, shown=len(chosen), total=len(values))


def spatial_map(view: IndicatorView, lang: str, *, key: str, map_link: bool = True) -> None:
    """A province map of the latest year when the result is broken down by province."""
    result = view.result
    assert result is not None and view.metadata is not None
    layer = load_stored(boundary_layer, "province")
    column = _province_column(result.frame, result.disaggregations, set(layer["code"]))
    if column is None:
        if not map_link:  # already on the page with the map
            return
        st.caption(t("pg.indicator.map_elsewhere", lang))
        st.page_link("pages/protected_areas.py", label=t("pg.pa.title", lang), icon=":material/map:",
                     query_params={"lang": lang, "view": "coverage"})  # the province map is in its coverage section
        return
    latest = result.frame.loc[result.frame["year"] == result.frame["year"].max()]
    values = latest.rename(columns={column: "code"})[["code", "value"]].assign(code=lambda f: f["code"].astype(str))
    labels = {"title": f"{view.metadata.name(lang)} ({int(latest['year'].iloc[0])})", "legend": view.metadata.unit(lang),
              "value": view.metadata.name(lang), "no_data": t("pg.chart.no_data", lang)}
    chart(area_choropleth("province", lang, values, labels, digits=1, tile_url=tile_url()), key=f"{key}_map")
