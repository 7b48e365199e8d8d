"""Wildlife trade and permits (CITES): trade by year, taxon, purpose, source and partner; the animal life cycle; anomalies."""

from __future__ import annotations

import streamlit as st

from data_access.queries.trade import trade_by_year, trade_years
from i18n import t
from ui.components import empty_state
from ui.database import load
from ui.downloads import chart_filters
from ui.filters import url_choice
from ui.language import current_lang
from ui.sections import page_section
from ui.stored_queries import load_stored
from ui.trade_sections import (
    anomaly_section,
    life_cycle_section,
    partner_section,
    permit_section,
    shown_filters,
    trade_sections,
)

FILTERED = {"trade", "partners", "followup"}  # the sections the years and appendix filters apply to

lang = current_lang()
st.title(t("pg.trade.title", lang))
st.caption(t("pg.trade.caption", lang))

section = page_section("trade", lang)
years: tuple[int, int] | None = None
appendices: tuple[str, ...] = ()
measure = "records"
if section in FILTERED:
    span = load(trade_years)
    if span is None:
        empty_state(lang, t("pg.trade.what", lang), kinds=["cites-comptab"])
    else:
        c1, c2, c3 = st.columns([1.6, 1, 1.6])  # the measure control: two long labels side by side
        low, high = (span[0], span[1] + 1) if span[0] == span[1] else span
        years = tuple(c1.slider(t("pg.trade.filter.years", lang), low, high, (low, high), key="years",
                                bind="query-params"))
        appendices = tuple(c2.multiselect(t("pg.trade.filter.appendix", lang), ["I", "II", "III"], key="appendix",
                                          bind="query-params", placeholder=t("pg.trade.filter.all", lang)))
        if section != "followup":
            measure = url_choice(t("pg.trade.filter.measure", lang), ["records", "live"], default="records",
                                 key="measure", format_func=lambda m: t(f"pg.trade.measure.{m}", lang), where=c3)

if section == "trade" and years:
    with chart_filters(shown_filters(years, appendices, measure, lang)):
        by_year = load_stored(trade_by_year, years=years, appendices=appendices, measure=measure)
        trade_sections(by_year, years, appendices, measure, lang)
elif section == "partners" and years:
    with chart_filters(shown_filters(years, appendices, measure, lang)):
        partner_section(years, appendices, measure, lang)
elif section == "permits":
    permit_section(lang)
    life_cycle_section(lang)
elif section == "followup":
    anomaly_section(years, appendices, lang)
