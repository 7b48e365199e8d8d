"""Sections of the wildlife-trade page (kept here so the page reads like a table of contents)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.bars import bar_chart, year_bars
from charts.flows import sankey_chart
from charts.theme import OKABE_ITO
from charts.trend import trend_chart
from data_access.masking import mask_personal, sees_records, suppress_count
from data_access.queries.trade import (
    LIFE_CYCLE_STAGES,
    REPORTING_DAYS,
    deaths_without_disposal,
    late_report_examples,
    late_report_summary,
    life_cycle_links,
    permits_by_year,
    reported_years,
    trade_by,
    trade_by_partner,
    trade_discrepancies,
)
from i18n import format_number, has, t, text_or
from ui.access import current_role
from ui.area_maps import area_choropleth
from ui.base_map import tile_url
from ui.components import chart, country_label, empty_state, figure, table
from ui.database import load
from ui.stored_queries import load_stored

DIRECTION_COLOURS = {"import": OKABE_ITO["blue"], "export": OKABE_ITO["orange"]}


def term_label(term: object, lang: str) -> str:
    """A CITES term as the reader says it, with its code ('살아 있는 개체 (LIV)'); an unknown one as stored."""
    if pd.isna(term):
        return ""
    key = f"cites.term.{term}"
    return f"{t(key, lang)} ({term})" if has(key) else str(term)


def unit_label(unit: object, lang: str) -> str:
    """A CITES unit in the reader's words; a blank one is a count of specimens."""
    return t("cites.unit.count", lang) if pd.isna(unit) or unit == "" else text_or(f"cites.unit.{unit}", lang, unit)


def _measure_label(measure: str, lang: str) -> str:
    return t(f"pg.trade.measure.{measure}", lang)


def shown_filters(years: tuple[int, int], appendices: tuple[str, ...], measure: str, lang: str) -> dict[str, object]:
    """The active filters as chart footers record them (translated names, only those set)."""
    shown = {t("pg.trade.filter.years", lang): years, t("pg.trade.filter.appendix", lang): appendices,
             t("pg.trade.filter.measure", lang): t(f"pg.trade.measure.{measure}", lang)}
    return {name: value for name, value in shown.items() if value}


def unreported_caption(years: tuple[int, int], lang: str) -> None:
    """Name the years partners reported and Korea has not yet (its annual report is late or not
    imported): Korea-reported totals leave them out, so they are not comparable to partners' there."""
    reported = load(reported_years, years=years)
    missing = sorted(reported["partner"] - reported["korea"])
    if missing:
        st.caption(t("pg.trade.korea_unreported", lang, years=", ".join(str(y) for y in missing)))


def trade_sections(by_year: pd.DataFrame, years: tuple[int, int], appendices: tuple[str, ...], measure: str, lang: str) -> None:
    st.header(t("pg.trade.by_year", lang))
    unreported_caption(years, lang)
    if by_year.empty:
        st.info(t("pg.trade.no_match", lang))
        return
    long = by_year.melt(id_vars=["year", "direction"], value_vars=["korea", "partner"], var_name="reporter")
    long["series"] = long["direction"] + ":" + long["reporter"]
    long = long.assign(lower=None, upper=None)
    labels = {"title": t("pg.trade.chart.by_year", lang), "x": t("common.year", lang), "y": _measure_label(measure, lang),
              "gap": t("pg.chart.gap", lang), "footer": t("pg.trade.chart.reporter_note", lang)}
    for direction in ("import", "export"):
        for reporter in ("korea", "partner"):
            labels[f"series:{direction}:{reporter}"] = (
                f"{t(f'pg.trade.direction.{direction}', lang)} · {t(f'pg.trade.reporter.{reporter}', lang)}")
    chart(figure(trend_chart, long, labels, lang, series="series", digits=0, from_zero=True), key="trade_year")

    left, middle, right = st.columns(3)
    for column, field in zip((left, middle, right), ("class_name", "purpose", "source"), strict=True):
        frame = load_stored(trade_by, field, years=years, appendices=appendices, measure=measure)
        with column:
            if frame.empty:
                st.info(t("pg.trade.no_match", lang))
                continue
            order = frame.groupby("key")["korea"].sum().sort_values(ascending=False).index[:12].tolist()
            labels = {"title": t(f"pg.trade.chart.by_{field}", lang), "y": _measure_label(measure, lang),
                      "footer": t("pg.trade.reporter.korea_note", lang),
                      **{f"name:{d}": t(f"pg.trade.direction.{d}", lang) for d in DIRECTION_COLOURS},
                      **{f"name:{k}": text_or(f"pg.trade.{field}.{k}", lang, k) for k in order}}
            chart(figure(bar_chart, frame.loc[frame["key"].isin(order)], labels, lang, x="key", y="korea", colour="direction",
                            horizontal=True, order=order, colours=DIRECTION_COLOURS, colour_order=list(DIRECTION_COLOURS),
                            height=440), key=f"trade_{field}")


def partner_section(years: tuple[int, int], appendices: tuple[str, ...], measure: str, lang: str) -> None:
    st.header(t("pg.trade.partners", lang))
    unreported_caption(years, lang)
    partners = load_stored(trade_by_partner, years=years, appendices=appendices, measure=measure)
    if partners.empty:
        st.info(t("pg.trade.no_match", lang))
        return
    names = partners["name_ko"].fillna(partners["name_en"]) if lang == "ko" else partners["name_en"]
    partners = partners.assign(name=names.fillna(partners["code"]))
    left, right = st.columns([3, 2])
    with left:
        labels = {"title": t("pg.trade.chart.world", lang), "legend": _measure_label(measure, lang),
                  "value": _measure_label(measure, lang), "no_data": t("pg.chart.no_data", lang),
                  "footer": t("pg.trade.reporter.korea_note", lang)}
        values = partners.loc[:, ["code", "name", "korea"]].rename(columns={"korea": "value"})
        chart(area_choropleth("world_country", lang, values, labels, height=460, tile_url=tile_url()), key="trade_world")
    with right:
        top = partners.head(10)
        labels = {"title": t("pg.trade.chart.top_partners", lang), "y": _measure_label(measure, lang),
                  **{f"name:{c}": n for c, n in zip(top["code"], top["name"], strict=True)},
                  "name:korea": t("pg.trade.reporter.korea", lang), "name:partner": t("pg.trade.reporter.partner", lang)}
        long = top.melt(id_vars=["code"], value_vars=["korea", "partner"], var_name="reporter")
        chart(figure(bar_chart, long, labels, lang, x="code", y="value", colour="reporter", horizontal=True, stacked=False,
                        order=top["code"].tolist(), height=460), key="trade_partners")


def permit_section(lang: str) -> None:
    st.header(t("pg.trade.permits", lang))
    permits = load_stored(permits_by_year)
    if permits.empty:
        empty_state(lang, t("pg.trade.permits", lang), kinds=["permits"])
        return
    types = permits.groupby("permit_type")["permits"].sum().sort_values(ascending=False).index.tolist()
    labels = {"title": t("pg.trade.chart.permits", lang), "x": t("common.year", lang), "y": t("pg.trade.permit_count", lang),
              **{f"name:{p}": text_or(f"pg.trade.permit_type.{p}", lang, p) for p in types}}
    chart(figure(year_bars, permits, labels, lang, y="permits", colour="permit_type", colour_order=types), key="trade_permits")


def life_cycle_section(lang: str) -> None:
    st.header(t("pg.trade.life_cycle", lang))
    st.caption(t("pg.trade.life_cycle_help", lang))
    links = load_stored(life_cycle_links)
    if links.empty:
        empty_state(lang, t("pg.trade.life_cycle", lang), kinds=["animal-events"])
        return
    nodes = [*LIFE_CYCLE_STAGES, "other_origin", "not_registered", "held", "no_disposal_report"]
    labels = {"title": t("pg.trade.chart.life_cycle", lang), "unit": t("pg.trade.animals", lang),
              **{f"name:{n}": t(f"pg.trade.stage.{n}", lang) for n in nodes}}
    chart(figure(sankey_chart, links, labels, lang, stages=list(LIFE_CYCLE_STAGES)), key="trade_sankey")


def _count(value: int, lang: str) -> str:
    """A count of individual animals or events as the role may see it ("<3" for 1–2 to viewers)."""
    shown = suppress_count(int(value), current_role())
    return shown if isinstance(shown, str) else format_number(shown, lang)


def anomaly_section(years: tuple[int, int] | None, appendices: tuple[str, ...], lang: str) -> None:
    st.header(t("pg.trade.anomalies", lang))
    tab_gap, tab_late, tab_disposal = st.tabs([t("pg.trade.tab.discrepancies", lang), t("pg.trade.tab.late", lang),
                                               t("pg.trade.tab.disposal", lang)])
    with tab_gap:
        st.caption(t("pg.trade.discrepancy_help", lang))
        if years:
            reported = load(reported_years, years=years)
            left_out = sorted((reported["korea"] | reported["partner"]) - (reported["korea"] & reported["partner"]))
            if left_out:
                st.caption(t("pg.trade.discrepancy_unreported", lang, years=", ".join(str(y) for y in left_out)))
        gaps = load_stored(trade_discrepancies, years=years, appendices=appendices)
        if gaps.empty:
            st.success(t("pg.trade.none", lang))
        else:
            table(gaps.assign(direction=gaps["direction"].map(lambda d: t(f"pg.trade.direction.{d}", lang)),
                              term=gaps["term"].map(lambda term: term_label(term, lang)),
                              unit=gaps["unit"].map(lambda unit: unit_label(unit, lang)),
                              purpose=gaps["purpose"].map(lambda c: "" if pd.isna(c) else text_or(f"pg.trade.purpose.{c}", lang, c)),
                              source=gaps["source"].map(lambda c: "" if pd.isna(c) else text_or(f"pg.trade.source.{c}", lang, c)),
                              partner_code=gaps["partner_code"].map(country_label(lang)),
                              korea=gaps["korea"].map(lambda v: format_number(v, lang)),
                              partner=gaps["partner"].map(lambda v: format_number(v, lang))),
                  {"year": t("common.year", lang), "taxon": t("pg.trade.col.taxon", lang), "appendix": t("pg.trade.col.appendix", lang),
                   "term": t("pg.trade.col.term", lang), "unit": t("pg.trade.col.unit", lang),
                   "purpose": t("pg.trade.col.purpose", lang), "source": t("pg.trade.col.source", lang),
                   "direction": t("pg.trade.col.direction", lang),
                   "partner_code": t("pg.trade.col.partner", lang), "korea": t("pg.trade.reporter.korea", lang),
                   "partner": t("pg.trade.reporter.partner", lang)})
    with tab_late:
        st.caption(t("pg.trade.late_help", lang, days=REPORTING_DAYS))
        summary, examples = load_stored(late_report_summary), load_stored(late_report_examples)
        if summary.empty:
            empty_state(lang, t("pg.trade.life_cycle", lang), kinds=["animal-events"])
        else:
            columns = st.columns(len(summary))
            for column, row in zip(columns, summary.itertuples(), strict=True):
                column.metric(t(f"pg.trade.stage.{row.event_type}", lang), _count(row.late, lang),
                              help=t("pg.trade.late_of", lang, n=_count(row.events, lang)))
            examples = mask_personal(examples, current_role())
            if not sees_records(current_role()):
                st.caption(t("acc.suppressed_note", lang))
            elif not examples.empty:
                table(examples.assign(event_type=examples["event_type"].map(lambda e: t(f"pg.trade.stage.{e}", lang))),
                      {"event_key": t("pg.trade.col.event", lang), "event_type": t("pg.trade.col.event_type", lang),
                       "scientific_name": t("pg.trade.col.taxon", lang), "event_date": t("pg.trade.col.event_date", lang),
                       "report_date": t("pg.trade.col.report_date", lang), "days": t("pg.trade.col.days", lang)})
    with tab_disposal:
        missing = load(deaths_without_disposal)
        st.metric(t("pg.trade.no_disposal", lang), _count(missing, lang), help=t("pg.trade.no_disposal_help", lang))
