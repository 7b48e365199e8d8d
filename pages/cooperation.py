"""Cooperation, ABS and ODA, in sections: partners on a world map with the project list, budgets over
time, benefits shared (C.1/C.2) with access permits, capacity building."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.bars import year_bars
from data_access.queries.cooperation import (
    access_permits_by_year,
    agreements_count,
    budgets_by_year,
    capacity_by_year,
    monetary_benefits_by_year,
    non_monetary_benefits_by_year,
    project_list,
    projects_by_partner,
)
from i18n import format_number, t, text_or
from ui.area_maps import area_choropleth
from ui.base_map import tile_url
from ui.components import chart, country_label, empty_state, figure, table
from ui.database import load
from ui.downloads import chart_filters
from ui.filters import url_choice
from ui.language import current_lang
from ui.sections import page_section


def key_figures(partners: pd.DataFrame, budgets: pd.DataFrame, lang: str) -> None:
    """Projects, partner countries, budget to date and agreements: small cached queries, shown above every section."""
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("pg.coop.metric.projects", lang), format_number(int(partners["projects"].sum()) if not partners.empty else 0, lang))
    m2.metric(t("pg.coop.metric.countries", lang), format_number(len(partners), lang))
    m3.metric(t("pg.coop.metric.usd", lang), format_number(budgets["usd"].sum() / 1e6 if not budgets.empty else 0, lang, digits=1))
    m4.metric(t("pg.coop.metric.agreements", lang), format_number(load(agreements_count), lang))


def partners_section(partners: pd.DataFrame, lang: str) -> None:
    """Partner countries on a world map (projects or budget, the reader's choice), and the projects behind them."""
    st.header(t("pg.coop.partners", lang))
    if partners.empty:
        empty_state(lang, t("pg.coop.what", lang), kinds=["cooperation"])
        return
    measure = url_choice(t("pg.coop.filter.measure", lang), ["projects", "usd"], default="projects", key="measure",
                         format_func=lambda m: t(f"pg.coop.measure.{m}", lang))
    labels = {"title": t("pg.coop.chart.world", lang), "legend": t(f"pg.coop.measure.{measure}", lang),
              "value": t(f"pg.coop.measure.{measure}", lang), "no_data": t("pg.chart.no_data", lang)}
    with chart_filters({t("pg.coop.filter.measure", lang): t(f"pg.coop.measure.{measure}", lang)}):
        values = partners.rename(columns={measure: "value"}).loc[:, ["code", "value"]]
        chart(area_choropleth("world_country", lang, values, labels, height=480, tile_url=tile_url()), key="coop_world")
    with st.expander(t("pg.coop.project_list", lang)):
        projects = load(project_list)
        table(projects.assign(title=projects["title_ko" if lang == "ko" else "title_en"],
                              kind=projects["kind"].map(lambda k: text_or(f"pg.coop.kind.{k}", lang, k)),
                              partner_country=projects["partner_country"].map(country_label(lang))),
              {"code": t("pg.coop.col.code", lang), "title": t("pg.coop.col.title", lang), "kind": t("pg.coop.col.kind", lang),
               "partner_country": t("pg.coop.col.country", lang), "starts_on": t("pg.coop.col.start", lang),
               "ends_on": t("pg.coop.col.end", lang), "rio_marker": t("pg.coop.col.rio", lang)})


def funding_section(budgets: pd.DataFrame, lang: str) -> None:
    """Disbursements by year and kind of project, in US dollars."""
    st.header(t("pg.coop.budgets", lang))
    if budgets.empty:
        empty_state(lang, t("pg.coop.budgets", lang), kinds=["cooperation"])
        return
    kinds = sorted(budgets["kind"].unique())
    labels = {"title": t("pg.coop.chart.budgets", lang), "x": t("common.year", lang), "y": t("pg.coop.usd", lang),
              "footer": t("pg.coop.usd_note", lang), **{f"name:{k}": text_or(f"pg.coop.kind.{k}", lang, k) for k in kinds}}
    chart(figure(year_bars, budgets, labels, lang, y="usd", colour="kind", colour_order=kinds), key="coop_budgets")


def benefits_section(lang: str) -> None:
    """Monetary (C.1) and non-monetary (C.2) benefits from genetic resources, and access permits by year."""
    st.header(t("pg.coop.benefits", lang))
    left, right = st.columns(2)
    with left:
        money = load(monetary_benefits_by_year)
        if money.empty:
            empty_state(lang, t("pg.coop.chart.monetary", lang), kinds=["abs"])
        else:
            labels = {"title": t("pg.coop.chart.monetary", lang), "x": t("common.year", lang), "y": t("pg.coop.usd", lang),
                      **{f"name:{k}": text_or(f"pg.coop.benefit.{k}", lang, k) for k in money["kind"].unique()}}
            chart(figure(year_bars, money, labels, lang, y="usd", colour="kind"), key="coop_money")
    with right:
        other = load(non_monetary_benefits_by_year)
        if other.empty:
            empty_state(lang, t("pg.coop.chart.non_monetary", lang), kinds=["abs"])
        else:
            labels = {"title": t("pg.coop.chart.non_monetary", lang), "x": t("common.year", lang),
                      "y": t("pg.coop.benefit_count", lang),
                      **{f"name:{k}": text_or(f"pg.coop.benefit.{k}", lang, k) for k in other["benefit_type"].unique()}}
            chart(figure(year_bars, other, labels, lang, y="benefits", colour="benefit_type"), key="coop_other")
    permits = load(access_permits_by_year)
    if not permits.empty:
        labels = {"title": t("pg.coop.chart.access", lang), "x": t("common.year", lang), "y": t("pg.coop.permit_count", lang),
                  **{f"name:{k}": text_or(f"pg.coop.access.{k}", lang, k) for k in permits["kind"].unique()}}
        chart(figure(year_bars, permits, labels, lang, y="permits", colour="kind", height=340), key="coop_access")


def capacity_section(lang: str) -> None:
    """Trainees by year, women apart from men and those who did not say."""
    st.header(t("pg.coop.capacity", lang))
    capacity = load(capacity_by_year)
    if capacity.empty:
        empty_state(lang, t("pg.coop.capacity", lang), kinds=["cooperation"])
        return
    women = capacity["women_trainees"].fillna(0)
    long = capacity.assign(men=capacity["trainees"] - women, women=women)[["year", "women", "men"]].melt(
        id_vars=["year"], var_name="who", value_name="trainees")
    labels = {"title": t("pg.coop.chart.capacity", lang), "x": t("common.year", lang), "y": t("pg.coop.trainees", lang),
              "name:women": t("pg.coop.women", lang), "name:men": t("pg.coop.men", lang)}
    chart(figure(year_bars, long, labels, lang, y="trainees", colour="who", colour_order=["women", "men"], height=340),
          key="coop_capacity")


lang = current_lang()
st.title(t("pg.coop.title", lang))
st.caption(t("pg.coop.caption", lang))

partners = load(projects_by_partner)
budgets = load(budgets_by_year)
key_figures(partners, budgets, lang)
section = page_section("cooperation", lang)
if section == "partners":
    partners_section(partners, lang)
elif section == "funding":
    funding_section(budgets, lang)
elif section == "benefits":
    benefits_section(lang)
else:
    capacity_section(lang)
