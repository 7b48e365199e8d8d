"""Protected areas and OECMs in sections: the site map, coverage against 30 % and by province,
area by designation, and Key Biodiversity Areas; the key figures stay above every section.

Every coverage figure on this page is an indicator result (`protected_area_coverage`,
`kba_protection_coverage`), so the page, the overview, the target page and `cli.py compute`
show the same numbers; only the site counts and the designated areas come from plain queries.
Only the chosen section (`?view=`, `ui.sections`) is computed and drawn. The map layers are
stored per data version (`ui.stored_queries`) and the maps cached on the reader's choices
(`ui.site_map`), so neither a cold page nor a rerun merges, projects or hashes every polygon.
"""

from __future__ import annotations

import streamlit as st

from charts.bars import bar_chart
from charts.theme import OKABE_ITO
from data_access.queries.maps import protected_area_layer
from data_access.queries.protected_areas import area_by_designation, site_counts
from i18n import format_number, format_percent, t
from ui.base_map import tile_url
from ui.components import chart, empty_state, figure, table
from ui.database import load
from ui.filters import url_choice
from ui.indicator_panel import indicator_panel, latest_value
from ui.indicators import compute_indicator
from ui.language import current_lang
from ui.sections import page_section
from ui.site_map import protected_area_map, province_coverage_map
from ui.stored_queries import load_stored

SITE_COLOURS = {"PA": OKABE_ITO["blue"], "OECM": OKABE_ITO["bluish_green"]}


def site_names(lang: str) -> dict[str, str]:
    """Legend names of the site types, as the charts' `name:<type>` labels."""
    return {f"name:{k}": t(f"pg.pa.site.{k}", lang) for k in SITE_COLOURS}


def key_figures(lang: str) -> None:
    """Site counts and the latest land and KBA coverage: stored results, cheap on every section."""
    sites = load(site_counts)
    land, land_year = latest_value(compute_indicator("protected_area_coverage"), realm="terrestrial")
    kba_mean, kba_year = latest_value(compute_indicator("kba_protection_coverage"))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("pg.pa.metric.pa", lang), format_number(sites.get("PA", 0), lang))
    m2.metric(t("pg.pa.metric.oecm", lang), format_number(sites.get("OECM", 0), lang))
    m3.metric(t("pg.pa.metric.land_coverage", lang), format_percent(land, lang),
              help=t("pg.pa.metric.land_coverage_help", lang, year=land_year or "–"))
    m4.metric(t("pg.pa.metric.kba", lang), format_percent(kba_mean, lang),
              help=t("pg.pa.metric.kba_help", lang, year=kba_year or "–"))


def map_section(lang: str) -> None:
    """The sites over the provinces, filtered by type (PA, OECM); the filter serves only this map."""
    st.header(t("pg.pa.map", lang))
    layer = load_stored(protected_area_layer)  # merged, simplified and projected once per data version
    if layer.empty:
        empty_state(lang, t("pg.pa.what", lang), kinds=["wdpa"])
        return
    types = url_choice(t("pg.pa.filter.type", lang), list(SITE_COLOURS), default=list(SITE_COLOURS), key="type",
                       multi=True, format_func=lambda s: t(f"pg.pa.site.{s}", lang))
    shown = int(layer["site_type"].isin(types).sum())
    labels = {"title": t("pg.pa.map_title", lang, n=format_number(shown, lang)), "legend": t("pg.pa.legend", lang),
              "base": t("pg.pa.provinces", lang), "footer": t("pg.pa.map_footer", lang), **site_names(lang),
              "column:designation_shown": t("pg.pa.col.designation", lang), "column:area_km2": t("pg.pa.col.area", lang),
              "column:status_year": t("pg.pa.col.year", lang)}
    chart(protected_area_map(lang, types, SITE_COLOURS, labels, tile_url()), key="pa_map")


def coverage_section(lang: str) -> None:
    """Indicator 3.1 over time against 30 %, then the latest year by province (map and table)."""
    st.header(t("pg.pa.coverage", lang))
    with st.container(border=True):
        indicator_panel("protected_area_coverage", lang, key="pa_cov", map_link=False)
    st.header(t("pg.pa.by_province", lang))
    provinces = compute_indicator("protected_area_coverage", by="province")
    if provinces.result is None:
        empty_state(lang, t("pg.pa.by_province", lang), kinds=["wdpa", "boundaries"])
        return
    frame = provinces.result.frame.rename(columns={"province": "code"})
    name_col = "name_ko" if lang == "ko" else "name_en"
    st.caption(t("pg.pa.by_province_caption", lang, year=int(frame["year"].max())))
    left, right = st.columns([3, 2])
    with left:
        labels = {"title": t("pg.pa.province_map", lang), "legend": t("pg.pa.percent", lang),
                  "value": t("pg.pa.percent", lang), "no_data": t("pg.chart.no_data", lang)}
        chart(province_coverage_map(lang, frame, labels, tile_url()), key="pa_province_map")
    with right:
        table(frame.assign(name=frame[f"province_{name_col}"]).round({"total_km2": 0, "protected_km2": 1, "value": 1})
              .sort_values("value", ascending=False),
              {"name": t("pg.pa.col.province", lang), "total_km2": t("pg.pa.col.land", lang),
               "protected_km2": t("pg.pa.col.protected", lang), "value": t("pg.pa.percent", lang)}, height=560)


def designation_section(lang: str) -> None:
    """Designated area of the 15 largest designation types, split into PAs and OECMs."""
    st.header(t("pg.pa.by_designation", lang))
    designations = load(area_by_designation)
    if designations.empty:
        empty_state(lang, t("pg.pa.by_designation", lang), kinds=["wdpa"])
        return
    column = "designation" if lang == "ko" else "designation_en"
    labels = {"title": t("pg.pa.designation_chart", lang), "x": t("pg.pa.col.designation", lang),
              "y": t("pg.pa.col.area", lang), "legend": t("pg.pa.legend", lang),
              "footer": t("pg.pa.designation_footer", lang), **site_names(lang)}
    top = designations.groupby([column, "site_type"], as_index=False)["area_km2"].sum()
    order = top.groupby(column)["area_km2"].sum().sort_values(ascending=False).index[:15].tolist()
    chart(figure(bar_chart, top.loc[top[column].isin(order)], labels, lang, x=column, y="area_km2", colour="site_type",
                 horizontal=True, order=order, colours=SITE_COLOURS, colour_order=list(SITE_COLOURS),
                 height=max(360, 100 + 30 * len(order))), key="pa_designation")


def kba_section(lang: str) -> None:
    """The KBA coverage indicator, then each KBA's share protected (the values behind its mean)."""
    st.header(t("pg.pa.kba", lang))
    with st.container(border=True):
        indicator_panel("kba_protection_coverage", lang, key="pa_kba", map_link=False)
    per_kba = compute_indicator("kba_protection_coverage", by="kba")
    if per_kba.result is None:
        return
    kbas = per_kba.result.frame
    st.caption(t("pg.pa.kba_table_caption", lang, year=int(kbas["year"].max())))
    table(kbas.assign(coverage_class=kbas["coverage_class"].map(lambda c: t(f"pg.pa.kba_class.{c}", lang)))
          .round({"kba_km2": 1, "protected_km2": 1, "value": 1}).sort_values("value", ascending=False),
          {"kba": t("pg.pa.col.kba_code", lang), "kba_name": t("pg.pa.col.kba_name", lang),
           "kba_km2": t("pg.pa.col.area", lang), "protected_km2": t("pg.pa.col.protected", lang),
           "value": t("pg.pa.percent", lang), "coverage_class": t("pg.pa.col.kba_class", lang)}, key="pa_kba_table")


SECTIONS = {"map": map_section, "coverage": coverage_section, "designation": designation_section, "kba": kba_section}

lang = current_lang()
st.title(t("pg.pa.title", lang))
st.caption(t("pg.pa.caption", lang))
key_figures(lang)
SECTIONS[page_section("protected_areas", lang)](lang)
