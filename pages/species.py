"""Species and Red List: find a species and its status history; Red List Index and threatened species by group.

The key figures on top are stored counts; below them only the chosen section runs: `rli` (the Red
List Index panel), `threatened` (species by group and category) or `search` (a species' history).
A shared link with a search (`?q=수달`) but no section opens the search.
"""

from __future__ import annotations

import streamlit as st

from charts.bars import bar_chart
from charts.theme import RED_LIST_COLOURS
from data_access.queries.species import (
    CATEGORY_ORDER,
    categories_by_group,
    red_list_scopes,
    search_species,
    species_profile,
    species_status_history,
)
from i18n import format_number, series_name, t, text_or
from ui.components import chart, empty_state, figure, table
from ui.database import load
from ui.downloads import chart_filters
from ui.filters import url_choice, url_selectbox
from ui.indicator_panel import indicator_panel
from ui.indicators import registered_indicators
from ui.language import current_lang
from ui.sections import page_section
from ui.stored_queries import headline_counts


def search_section(lang: str) -> None:
    """Search the national species list; the chosen species' profile and Red List / legal status history."""
    st.header(t("pg.species.search", lang))
    query = st.text_input(t("pg.species.search_label", lang), key="q", bind="query-params",
                          placeholder=t("pg.species.search_placeholder", lang))
    if not query:
        st.caption(t("pg.species.search_help", lang))
        return
    found = load(search_species, query)
    if found.empty:
        st.info(t("pg.species.not_found", lang, q=query))
        return
    names = {str(r.id): f"{r.korean_name or '–'} · {r.scientific_name}" for r in found.itertuples()}
    chosen = url_selectbox(t("pg.species.choose", lang, n=len(found)), list(names), format_func=names.get, key="species")
    profile = load(species_profile, int(chosen)) if chosen else None
    if not profile:
        return
    group_name = series_name(profile["taxon_group"], lang)
    st.markdown(
        f"### {profile['korean_name'] or ''} *{profile['scientific_name']}* {profile['authorship'] or ''}\n"
        f"{t('pg.species.group', lang)}: {group_name}"
        f" · {t('pg.species.family', lang)}: {profile['family'] or '–'} · KTSN {profile['ktsn'] or '–'}"
        + (f" · {t('pg.species.endemic_one', lang)}" if profile["is_endemic"] else "")
    )
    history = load(species_status_history, int(chosen))
    if history.empty:
        st.info(t("pg.species.no_status", lang))
        return
    table(history.assign(
        scheme=history["scheme"].map(lambda s: text_or(f"pg.species.scheme.{s}", lang, s)),
        value=history["value"].map(lambda v: text_or(f"pg.redlist.{v}", lang, v)),
        end=history["end"].fillna(t("pg.species.current", lang)),
        backcast=history["backcast"].map(lambda b: t("pg.species.backcast", lang) if b else ""),
    ), {"scheme": t("pg.species.col.scheme", lang), "value": t("pg.species.col.value", lang),
        "start": t("pg.species.col.start", lang), "end": t("pg.species.col.end", lang),
        "detail": t("pg.species.col.detail", lang), "backcast": t("pg.species.col.note", lang)})


def rli_section(lang: str) -> None:
    """The Red List Index by taxon group (the registered indicator's panel)."""
    st.header(t("pg.species.rli", lang))
    if "red_list_index" in dict(registered_indicators()):
        with st.container(border=True):
            indicator_panel("red_list_index", lang, key="rli")
    else:
        empty_state(lang, t("pg.species.rli", lang), kinds=["redlist"])


def threatened_section(lang: str) -> None:
    """Species by taxon group and Red List category, on the national or the global list (a choice of this section)."""
    st.header(t("pg.species.threatened", lang))
    scopes = sorted(load(red_list_scopes) or ["national"], key=lambda s: s != "national")  # national first
    scope = url_choice(t("pg.species.scope", lang), scopes, default=scopes[0], key="scope",
                       format_func=lambda s: t(f"pg.species.scope.{s}", lang))
    by_group = load(categories_by_group, scope)
    if by_group.empty:
        empty_state(lang, t("pg.species.threatened", lang), kinds=["redlist"])
        return
    groups = by_group.groupby("group")["species"].sum().sort_values(ascending=False).index.tolist()
    labels = {"title": t("pg.species.chart.categories", lang), "x": t("pg.species.group", lang),
              "y": t("pg.species.chart.species", lang), "legend": t("pg.species.chart.category", lang),
              "footer": t("pg.species.chart.latest", lang),
              **{f"name:{c}": text_or(f"pg.redlist.{c}", lang, c) for c in CATEGORY_ORDER},
              **{f"name:{g}": series_name(g, lang) for g in groups}}
    present = [c for c in CATEGORY_ORDER if c in set(by_group["category"])]
    with chart_filters({t("pg.species.scope", lang): t(f"pg.species.scope.{scope}", lang)}):
        chart(figure(bar_chart, by_group, labels, lang, x="group", y="species", colour="category", horizontal=True,
                     order=groups, colour_order=present, colours=RED_LIST_COLOURS, height=max(360, 90 + 34 * len(groups))),
              key="species_categories")


def asks_for_a_species() -> bool:
    """True when the address (or a search already typed) names a species: such a link opens the search."""
    return bool(st.query_params.get("q") or st.session_state.get("q"))


lang = current_lang()
st.title(t("pg.species.title", lang))
st.caption(t("pg.species.caption", lang))

counts = headline_counts()
m1, m2, m3 = st.columns(3)
m1.metric(t("overview.species", lang), format_number(counts.species, lang))
m2.metric(t("overview.threatened", lang), format_number(counts.threatened_species, lang),
          help=t("overview.threatened_help", lang, year=counts.threatened_year or "–"))
m3.metric(t("pg.species.endemic", lang), format_number(counts.endemic_species, lang))

section = page_section("species", lang, default="search" if asks_for_a_species() else None)
if section == "rli":
    rli_section(lang)
elif section == "threatened":
    threatened_section(lang)
else:
    search_section(lang)
