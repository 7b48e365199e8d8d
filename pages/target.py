"""One GBF target (?target=3): its progress status, then one section per indicator and one for the
linked national targets and NBSAP actions (?view=<indicator id> | national)."""

from __future__ import annotations

import streamlit as st

from data_access.queries.overview import gbf_targets
from data_access.queries.target import actions_for_target, gbf_indicators_for_target, linked_national_targets
from i18n import t, text_or
from ui.components import table
from ui.database import load
from ui.filters import url_selectbox
from ui.indicator_panel import indicator_panel
from ui.indicators import indicators_for_target
from ui.language import current_lang
from ui.override_form import target_status_section
from ui.sections import choose_section

NATIONAL = "national"  # the last section: linked national targets, NBSAP actions, framework indicators


def framework_indicators(code: str, lang: str) -> None:
    """The GBF monitoring-framework indicators of the target (ours or not), folded away."""
    framework = load(gbf_indicators_for_target, code)
    if framework.empty:
        return
    with st.expander(t("pg.target.framework", lang, n=len(framework))):
        table(framework.assign(type=framework["type"].map(lambda v: text_or(f"pg.indicator_type.{v}", lang, v))),
              {"code": t("overview.target_code", lang), "name": t("pg.target.indicator_name", lang),
               "type": t("pg.target.indicator_type", lang)})


def national_targets(code: str, lang: str) -> None:
    """The national targets linked to the GBF target (an inferred link is marked as such)."""
    st.header(t("pg.target.national", lang))
    national = load(linked_national_targets, code)
    if national.empty:
        st.info(t("pg.target.no_national", lang))
        return
    title = national["title_ko"].fillna(national["title_en"]) if lang == "ko" else national["title_en"]
    table(national.assign(title=title, inferred=national["inferred"].map(lambda v: t("pg.target.inferred", lang) if v else "")),
          {"code": t("overview.target_code", lang), "title": t("overview.target_title", lang),
           "inferred": t("pg.target.link", lang)})


def nbsap_actions(code: str, lang: str) -> None:
    """The NBSAP actions linked to the target with their latest reported status, counted by status."""
    st.subheader(t("pg.target.actions", lang))
    actions = load(actions_for_target, code)
    if actions.empty:
        st.info(t("pg.target.no_actions", lang))
        st.page_link("pages/nbsap.py", label=t("pg.nbsap.title", lang), icon=":material/checklist:", query_params={"lang": lang})
        return
    status_text = actions["status"].fillna("not_reported").map(lambda s: t(f"pg.nbsap.status.{s}", lang))
    st.caption(" · ".join(f"{name} {count}" for name, count in status_text.value_counts().items()))
    table(actions.assign(title=actions["title_ko"] if lang == "ko" else actions["title_en"], status=status_text),
          {"code": t("pg.nbsap.col.code", lang), "national_target_code": t("pg.nbsap.col.national_target", lang),
           "title": t("pg.nbsap.col.title", lang), "lead_ministry": t("pg.nbsap.col.ministry", lang),
           "end_year": t("pg.nbsap.col.end_year", lang), "report_year": t("pg.nbsap.col.report_year", lang),
           "status": t("pg.nbsap.col.status", lang), "percent_complete": t("pg.nbsap.col.percent", lang)})


lang = current_lang()
targets = load(gbf_targets)
titles = {row.code: (row.title_ko if lang == "ko" and row.title_ko else row.title_en) for row in targets.itertuples()}
codes = [c for c in targets["code"] if c.isdigit()] + [c for c in targets["code"] if not c.isdigit()]
if not codes:
    st.title(t("pg.target.title_generic", lang))
    st.info(t("overview.empty_database", lang))
    st.stop()
code = url_selectbox(t("pg.target.choose", lang), codes, key="target", where=st.sidebar,
                     default="3" if "3" in codes else codes[0], format_func=lambda c: f"{c} · {titles[c][:40]}")
kind = "goal" if not code.isdigit() else "target"
st.title(t(f"pg.target.title_{kind}", lang, code=code))
st.markdown(f"**{titles[code]}**")
if lang == "ko":
    st.caption(t("overview.title_ko_unofficial", lang))

target_status_section(code, lang)

# One section per indicator of ours (only the chosen one is computed and drawn), then the national links.
names = {indicator_id: meta.name(lang) for indicator_id, meta in indicators_for_target(code)}
section = choose_section([*names, NATIONAL], lang,
                         format_func=lambda c: names.get(c) or t(f"pg.target.section.{c}", lang))
if not names:
    st.info(t("pg.target.no_indicator", lang))
if section == NATIONAL:
    framework_indicators(code, lang)
    national_targets(code, lang)
    nbsap_actions(code, lang)
else:
    with st.container(border=True):
        indicator_panel(section, lang, key=f"ind_{section}")
