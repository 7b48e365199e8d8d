"""Specimens and data, in sections: records by year and province (with the sensitive records),
records by taxon group and the completeness of the species list, duplicates handed over."""

from __future__ import annotations

import streamlit as st

from charts.bars import bar_chart, year_bars
from charts.theme import OKABE_ITO
from data_access.queries.specimens import (
    duplicates_handed_over,
    group_counts,
    list_completeness,
    occurrence_summary,
    province_counts,
    species_recorded_frame,
    taxon_groups,
    totals_of,
    year_counts,
)
from i18n import format_number, series_name, t
from ui.area_maps import area_choropleth
from ui.base_map import tile_url
from ui.components import chart, country_label, empty_state, figure, table
from ui.database import load
from ui.downloads import chart_filters
from ui.filters import url_selectbox
from ui.language import current_lang
from ui.occurrence_records import sensitive_section
from ui.sections import page_section
from ui.stored_queries import load_derived, load_stored

KIND_COLOURS = {"specimen": OKABE_ITO["blue"], "observation": OKABE_ITO["sky_blue"]}


def kind_names(lang: str) -> dict[str, str]:
    """Chart labels of the two kinds of record (specimen, observation)."""
    return {f"name:{k}": t(f"pg.specimens.kind.{k}", lang) for k in KIND_COLOURS}


def key_figures(lang: str) -> None:
    """Records, specimens, species and published records: sums over one stored index scan
    (occurrence_summary), cached per data version, so they stay above every section."""
    totals = load_derived(totals_of, occurrence_summary, int(load_stored(species_recorded_frame)["species"].iloc[0]))
    for column, name in zip(st.columns(4), ("records", "specimens", "species", "published"), strict=True):
        column.metric(t(f"pg.specimens.metric.{name}", lang), format_number(totals[name], lang))
    if totals["records"] == 0:
        empty_state(lang, t("pg.specimens.what", lang), kinds=["occurrences"])


def records_section(lang: str) -> None:
    """Records by year and by province for the chosen taxon group, then the sensitive records
    (the group filter applies to all three, so it lives in this section only)."""
    group = url_selectbox(t("pg.specimens.filter.group", lang), ["", *load(taxon_groups)], key="group",
                          where=st.columns([1, 2])[0],
                          format_func=lambda g: t("pg.specimens.all_groups", lang) if not g else series_name(g, lang))
    group_name = series_name(group, lang) if group else t("pg.specimens.all_groups", lang)
    left, right = st.columns(2)
    with chart_filters({t("pg.specimens.filter.group", lang): group_name}):  # recorded in the charts' footers
        with left:
            by_year = load_derived(year_counts, occurrence_summary, group or None)
            if by_year.empty:
                st.info(t("pg.specimens.none", lang))
            else:
                labels = {"title": t("pg.specimens.chart.by_year", lang, group=group_name), "x": t("common.year", lang),
                          "y": t("pg.specimens.records", lang), **kind_names(lang)}
                chart(figure(year_bars, by_year, labels, lang, y="records", colour="kind", colour_order=list(KIND_COLOURS),
                             colours=KIND_COLOURS), key="specimens_year")
        with right:
            by_province = load_derived(province_counts, occurrence_summary, group or None)
            if by_province.empty:
                st.info(t("pg.specimens.none", lang))
            else:
                labels = {"title": t("pg.specimens.chart.by_province", lang, group=group_name),
                          "legend": t("pg.specimens.records", lang), "value": t("pg.specimens.records", lang),
                          "no_data": t("pg.chart.no_data", lang)}
                values = by_province.rename(columns={"records": "value"})
                chart(area_choropleth("province", lang, values, labels, height=480, tile_url=tile_url()), key="specimens_map")
    sensitive_section(group or None, lang)


def groups_section(lang: str) -> None:
    """Records by taxon group (all groups), and how much of the national species list has records."""
    by_group = load_derived(group_counts, occurrence_summary)
    if not by_group.empty:
        order = by_group.groupby("group")["records"].sum().sort_values(ascending=False).index.tolist()
        labels = {"title": t("pg.specimens.chart.by_group", lang), "y": t("pg.specimens.records", lang), **kind_names(lang),
                  **{f"name:{g}": series_name(g, lang) for g in order}}
        chart(figure(bar_chart, by_group, labels, lang, x="group", y="records", colour="kind", order=order,
                     colour_order=list(KIND_COLOURS), colours=KIND_COLOURS), key="specimens_group")
    st.header(t("pg.specimens.completeness", lang))
    st.caption(t("pg.specimens.completeness_help", lang))
    completeness = load_stored(list_completeness)
    if completeness.empty:
        empty_state(lang, t("pg.specimens.completeness", lang), kinds=["species"])
        return
    shown = completeness.round({"percent_records": 1, "percent_specimen": 1})
    table(shown.assign(group=completeness["group"].map(lambda g: series_name(g, lang))),
          {"group": t("pg.species.group", lang), "species": t("pg.specimens.col.species", lang),
           "with_records": t("pg.specimens.col.with_records", lang),
           "percent_records": t("pg.specimens.col.percent_records", lang),
           "with_specimen": t("pg.specimens.col.with_specimen", lang),
           "percent_specimen": t("pg.specimens.col.percent_specimen", lang)})


def duplicates_section(lang: str) -> None:
    """Duplicate specimens handed over to partner countries, by year."""
    st.header(t("pg.specimens.duplicates", lang))
    duplicates = load(duplicates_handed_over)
    if duplicates.empty:
        empty_state(lang, t("pg.specimens.duplicates", lang), kinds=["cooperation"])
        return
    name = country_label(lang)
    labels = {"title": t("pg.specimens.chart.duplicates", lang), "x": t("common.year", lang),
              "y": t("pg.specimens.col.handed", lang), "legend": t("pg.coop.col.country", lang),
              **{f"name:{code}": name(code) for code in duplicates["partner_country"].unique()}}
    chart(figure(year_bars, duplicates, labels, lang, y="specimens", colour="partner_country"), key="specimens_duplicates")


SECTIONS = {"records": records_section, "groups": groups_section, "duplicates": duplicates_section}

lang = current_lang()
st.title(t("pg.specimens.title", lang))
st.caption(t("pg.specimens.caption", lang))
key_figures(lang)
SECTIONS[page_section("specimens", lang)](lang)
