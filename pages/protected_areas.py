"""Protected areas and OECMs: the map, coverage over time against 30 %, by province and designation, KBAs."""

from __future__ import annotations

import streamlit as st

from charts.bars import bar_chart
from charts.maps import choropleth_map, site_map
from charts.theme import OKABE_ITO
from data_access.queries.maps import boundary_layer, protected_area_layer
from data_access.queries.protected_areas import (
    area_by_designation,
    coverage_by_province,
    kba_coverage,
    site_counts,
)
from i18n import format_number, format_percent, t
from ui.components import chart, empty_state, figure, table
from ui.database import load
from ui.filters import url_choice
from ui.indicator_panel import indicator_panel
from ui.indicators import registered_indicators
from ui.language import current_lang

SITE_COLOURS = {"PA": OKABE_ITO["blue"], "OECM": OKABE_ITO["bluish_green"]}

lang = current_lang()
name_col = "name_ko" if lang == "ko" else "name_en"
st.title(t("pg.pa.title", lang))
st.caption(t("pg.pa.caption", lang))

sites = load(site_counts)
provinces = load(coverage_by_province)
kbas = load(kba_coverage)
m1, m2, m3, m4 = st.columns(4)
m1.metric(t("pg.pa.metric.pa", lang), format_number(sites.get("PA", 0), lang))
m2.metric(t("pg.pa.metric.oecm", lang), format_number(sites.get("OECM", 0), lang))
land = provinces["area_km2"].sum() if not provinces.empty else 0
m3.metric(t("pg.pa.metric.land_coverage", lang),
          format_percent(100 * provinces["protected_km2"].sum() / land if land else None, lang),
          help=t("pg.pa.metric.land_coverage_help", lang))
m4.metric(t("pg.pa.metric.kba", lang), format_percent(kbas["percent"].mean() if not kbas.empty else None, lang),
          help=t("pg.pa.metric.kba_help", lang))

st.header(t("pg.pa.map", lang))
layer = load(protected_area_layer)
base = load(boundary_layer, "province")
if layer.empty:
    empty_state(lang, t("pg.pa.what", lang), kinds=["wdpa"])
else:
    types = url_choice(t("pg.pa.filter.type", lang), list(SITE_COLOURS), default=list(SITE_COLOURS), key="type",
                       multi=True, format_func=lambda s: t(f"pg.pa.site.{s}", lang))
    shown = layer.loc[layer["site_type"].isin(types)].assign(
        name=lambda f: f[name_col], designation_shown=lambda f: f["designation" if lang == "ko" else "designation_en"])
    labels = {"title": t("pg.pa.map_title", lang, n=format_number(len(shown), lang)), "legend": t("pg.pa.legend", lang),
              "base": t("pg.pa.provinces", lang), "footer": t("pg.pa.map_footer", lang),
              **{f"name:{k}": t(f"pg.pa.site.{k}", lang) for k in SITE_COLOURS},
              "column:designation_shown": t("pg.pa.col.designation", lang), "column:area_km2": t("pg.pa.col.area", lang),
              "column:status_year": t("pg.pa.col.year", lang)}
    chart(figure(site_map, base.assign(name=base[name_col]), shown, labels, lang, category="site_type", colours=SITE_COLOURS,
                   hover=("designation_shown", "area_km2", "status_year"), digits=1), key="pa_map")

st.header(t("pg.pa.coverage", lang))
if "protected_area_coverage" in dict(registered_indicators()):
    with st.container(border=True):
        indicator_panel("protected_area_coverage", lang, key="pa_cov", map_link=False)
else:
    empty_state(lang, t("pg.pa.coverage", lang), kinds=["wdpa"], detail=t("pg.pa.coverage_pending", lang))

st.header(t("pg.pa.by_province", lang))
if provinces.empty or provinces["protected_km2"].sum() == 0:
    empty_state(lang, t("pg.pa.by_province", lang), kinds=["wdpa"])
else:
    left, right = st.columns([3, 2])
    with left:
        labels = {"title": t("pg.pa.province_map", lang), "legend": t("pg.pa.percent", lang),
                  "value": t("pg.pa.percent", lang), "no_data": t("pg.chart.no_data", lang)}
        chart(figure(choropleth_map, base.assign(name=base[name_col]), provinces.rename(columns={"percent": "value"}), labels,
                             lang, digits=1), key="pa_province_map")
    with right:
        table(provinces.assign(name=provinces[name_col]).round({"area_km2": 0, "protected_km2": 1, "percent": 1})
              .sort_values("percent", ascending=False),
              {"name": t("pg.pa.col.province", lang), "area_km2": t("pg.pa.col.land", lang),
               "protected_km2": t("pg.pa.col.protected", lang), "percent": t("pg.pa.percent", lang)}, height=560)

st.header(t("pg.pa.by_designation", lang))
designations = load(area_by_designation)
if designations.empty:
    empty_state(lang, t("pg.pa.by_designation", lang), kinds=["wdpa"])
else:
    column = "designation" if lang == "ko" else "designation_en"
    labels = {"title": t("pg.pa.designation_chart", lang), "x": t("pg.pa.col.designation", lang),
              "y": t("pg.pa.col.area", lang), "legend": t("pg.pa.legend", lang),
              "footer": t("pg.pa.designation_footer", lang), **{f"name:{k}": t(f"pg.pa.site.{k}", lang) for k in SITE_COLOURS}}
    top = designations.groupby([column, "site_type"], as_index=False)["area_km2"].sum()
    order = top.groupby(column)["area_km2"].sum().sort_values(ascending=False).index[:15].tolist()
    chart(figure(bar_chart, top.loc[top[column].isin(order)], labels, lang, x=column, y="area_km2", colour="site_type",
                    horizontal=True, order=order, colours=SITE_COLOURS, colour_order=list(SITE_COLOURS),
                    height=max(360, 100 + 30 * len(order))), key="pa_designation")

st.header(t("pg.pa.kba", lang))
if kbas.empty:
    empty_state(lang, t("pg.pa.kba", lang), kinds=["kba"])
else:
    table(kbas.round({"area_km2": 1, "protected_km2": 1, "percent": 1}), {"site_code": t("pg.pa.col.kba_code", lang), "name": t("pg.pa.col.kba_name", lang),
                 "area_km2": t("pg.pa.col.area", lang), "protected_km2": t("pg.pa.col.protected", lang),
                 "percent": t("pg.pa.percent", lang)})
