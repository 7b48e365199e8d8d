"""NBSAP tracker: the 5th NBSAP's actions by national target, GBF target, ministry, status and year.

The filters and key figures on top apply to both sections; only the chosen one runs: `status` (the
status and timeline charts) or `actions` (the action lists and the editors' yearly-progress form).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from charts.bars import bar_chart, timeline_chart
from charts.theme import OKABE_ITO
from data_access.queries.nbsap import ACTION_STATUSES, NOT_REPORTED, nbsap_actions, report_years
from i18n import format_number, format_percent, t
from indicators.nbsap_implementation import completion_rate
from ui.components import chart, download, empty_state, figure, shortened, table
from ui.database import load
from ui.downloads import chart_filters
from ui.filters import url_multiselect
from ui.language import current_lang
from ui.nbsap_form import progress_form
from ui.sections import page_section

STATUS_COLOURS = {
    "completed": OKABE_ITO["bluish_green"], "in_progress": OKABE_ITO["sky_blue"], "delayed": OKABE_ITO["orange"],
    "not_started": OKABE_ITO["vermillion"], "cancelled": "#777777", NOT_REPORTED: "#C8C8C8",
}
STATUSES = [*ACTION_STATUSES, NOT_REPORTED]


def status_names(lang: str) -> dict[str, str]:
    """Each status code with its translated name (legends, filters and tables)."""
    return {s: t(f"pg.nbsap.status.{s}", lang) for s in STATUSES}


def national_order(code: str) -> int:
    """NT2 before NT10: national targets sort by their number."""
    return int(code[2:]) if code[2:].isdigit() else 99


def status_section(shown: pd.DataFrame, shown_filters: dict[str, object], year: int, lang: str) -> None:
    """The status of the shown actions by national target, and their timeline (the page's two charts)."""
    status_name = status_names(lang)
    title_col = "title_ko" if lang == "ko" else "title_en"
    left, right = st.columns(2)
    with left:
        distribution = shown.groupby(["national_target_code", "status"]).size().rename("actions").reset_index()
        labels = {"title": t("pg.nbsap.chart.distribution", lang, year=year), "x": t("pg.nbsap.col.national_target", lang),
                  "y": t("pg.nbsap.chart.actions", lang), **{f"name:{s}": n for s, n in status_name.items()}}
        order = sorted(distribution["national_target_code"].unique(), key=national_order)
        with chart_filters(shown_filters):
            chart(figure(bar_chart, distribution, labels, lang, x="national_target_code", y="actions", colour="status",
                         colour_order=STATUSES, colours=STATUS_COLOURS, order=order), key="nbsap_distribution")
    with right:
        timeline = shown.head(40).assign(label=lambda f: f["code"] + " " + f[title_col].map(shortened),
                                         start=lambda f: f["start_year"], end=lambda f: f["end_year"])
        labels = {"title": t("pg.nbsap.chart.timeline", lang), "x": t("common.year", lang),
                  **{f"name:{s}": n for s, n in status_name.items()}}
        if len(shown) > 40:
            labels["subtitle"] = t("pg.nbsap.chart.timeline_cut", lang, n=len(shown))
        with chart_filters(shown_filters):
            chart(figure(timeline_chart, timeline, labels, lang, colours=STATUS_COLOURS), key="nbsap_timeline")


def action_tabs(shown: pd.DataFrame, year: int, lang: str) -> None:
    """The shown actions in three tabs: all (with the download), overdue, and not linked to a GBF target."""
    columns = {"code": t("pg.nbsap.col.code", lang), "national_target_code": t("pg.nbsap.col.national_target", lang),
               "title": t("pg.nbsap.col.title", lang), "ministry": t("pg.nbsap.col.ministry", lang),
               "start_year": t("pg.nbsap.col.start_year", lang), "end_year": t("pg.nbsap.col.end_year", lang),
               "status_name": t("pg.nbsap.col.status", lang), "percent_complete": t("pg.nbsap.col.percent", lang),
               "gbf_codes": t("pg.nbsap.col.gbf", lang)}
    view = shown.assign(title=shown["title_ko" if lang == "ko" else "title_en"],
                        ministry=shown["ministry_ko" if lang == "ko" else "ministry_en"],
                        status_name=[t("pg.nbsap.status_preliminary", lang, status=name) if not final else name
                                     for name, final in zip(shown["status"].map(status_names(lang)),
                                                            shown["report_final"], strict=True)])
    tab_all, tab_overdue, tab_unlinked = st.tabs([
        t("pg.nbsap.tab.all", lang, n=len(view)), t("pg.nbsap.tab.overdue", lang, n=int(view["overdue"].sum())),
        t("pg.nbsap.tab.unlinked", lang, n=int(view["unlinked"].sum())),
    ])
    with tab_all:
        table(view, columns)
        download(view.drop(columns=["id"]), f"nbsap_actions_{year}", lang)
    with tab_overdue:
        overdue = view.loc[view["overdue"]]
        st.caption(t("pg.nbsap.overdue_help", lang, year=year))
        table(overdue, columns) if not overdue.empty else st.success(t("pg.nbsap.none_overdue", lang))
    with tab_unlinked:
        unlinked = view.loc[view["unlinked"]]
        st.caption(t("pg.nbsap.unlinked_help", lang))
        table(unlinked, columns) if not unlinked.empty else st.success(t("pg.nbsap.none_unlinked", lang))


lang = current_lang()
st.title(t("pg.nbsap.title", lang))
st.caption(t("pg.nbsap.caption", lang))

# Opens on this year (the latest status reported up to now), never on a later year someone entered
# a plan for: "where do we stand" is the tracker's question.
this_year = min(dt.date.today().year, 2030)
years = sorted(set(load(report_years)) | {this_year})
year = st.sidebar.selectbox(t("pg.nbsap.filter.year", lang), years, index=years.index(this_year), key="year",
                            bind="query-params", help=t("pg.nbsap.filter.year_help", lang))
actions = load(nbsap_actions, year)
if actions.empty:
    empty_state(lang, t("pg.nbsap.what", lang), kinds=["nbsap"])
    st.stop()

status_name = status_names(lang)
gbf_options = sorted({c for codes in actions["gbf_codes"] for c in codes.split(";") if c}, key=lambda c: (not c.isdigit(), c.zfill(2)))
ministry_col = "ministry_ko" if lang == "ko" else "ministry_en"
ministries = dict(zip(actions["lead_ministry"], actions[ministry_col], strict=False))
c1, c2, c3, c4 = st.columns(4)
nt = c1.multiselect(t("pg.nbsap.filter.national", lang), sorted(actions["national_target_code"].unique(), key=national_order),
                    key="nt", bind="query-params", placeholder=t("common.all", lang))
gbf = c2.multiselect(t("pg.nbsap.filter.gbf", lang), gbf_options, key="gbf", bind="query-params",
                     placeholder=t("common.all", lang))
ministry = url_multiselect(t("pg.nbsap.filter.ministry", lang), sorted(ministries), key="ministry",
                           format_func=ministries.get, where=c3)
status = url_multiselect(t("pg.nbsap.filter.status", lang), STATUSES, key="status", format_func=status_name.get, where=c4)

shown = actions
if nt:
    shown = shown.loc[shown["national_target_code"].isin(nt)]
if gbf:
    shown = shown.loc[shown["gbf_codes"].map(lambda s: bool(set(s.split(";")) & set(gbf)))]
if ministry:
    shown = shown.loc[shown["lead_ministry"].isin(ministry)]
if status:
    shown = shown.loc[shown["status"].isin(status)]

m1, m2, m3, m4 = st.columns(4)
m1.metric(t("pg.nbsap.metric.actions", lang), format_number(len(shown), lang))
preliminary = int((~shown["report_final"]).sum())
m2.metric(t("pg.nbsap.metric.completed", lang), format_percent(completion_rate(shown["status"]), lang),
          help=t("pg.nbsap.metric.completed_help", lang))
m3.metric(t("pg.nbsap.metric.overdue", lang), format_number(int(shown["overdue"].sum()), lang))
m4.metric(t("pg.nbsap.metric.unlinked", lang), format_number(int(shown["unlinked"].sum()), lang))
if preliminary:
    st.caption(t("pg.nbsap.preliminary", lang, n=format_number(preliminary, lang)))

chosen = {t("pg.nbsap.filter.year", lang): year, t("pg.nbsap.filter.national", lang): nt, t("pg.nbsap.filter.gbf", lang): gbf,
          t("pg.nbsap.filter.ministry", lang): [ministries.get(m, m) for m in ministry],
          t("pg.nbsap.filter.status", lang): [status_name.get(s, s) for s in status]}
shown_filters = {name: value for name, value in chosen.items() if value}  # recorded in each chart's footer

section = page_section("nbsap", lang)
if shown.empty:
    st.info(t("pg.nbsap.no_match", lang))
elif section == "status":
    status_section(shown, shown_filters, year, lang)
else:
    action_tabs(shown, year, lang)
if section == "actions":  # the editors report on any action, whatever the filters show
    with st.expander(t("pg.nbsap.form.title", lang), icon=":material/edit:"):
        progress_form(pd.DataFrame(actions), lang)
