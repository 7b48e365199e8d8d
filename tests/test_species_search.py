"""Species search treats what a user types as text: % and _ are not wildcards; the species page's
sections each show the stored key figures and draw only their own chart, equal to the queries."""

from __future__ import annotations

import base64
import inspect
import json
import re
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from charts.trend import trend_chart
from data_access.database import make_engine, session_factory, session_scope
from data_access.queries.overview import headline_counts
from data_access.queries.species import search_species
from i18n import format_number, series_name, t, text_or
from tests.conftest import OpenPage


def test_percent_and_underscore_match_literally(sample_database: Path) -> None:
    with session_factory(make_engine(f"sqlite:///{sample_database}"))() as session:
        assert len(search_species(session, "a")) > 0  # the sample list has names with an "a"
        assert search_species(session, "%").empty
        assert search_species(session, "_").empty
        assert search_species(session, "a%b_c\\").empty


# The species page in sections (ui.sections): the stored key figures on top of each section, and
# only the chosen section's chart drawn.
SECTIONS = ("rli", "threatened", "search")


def plotted(values: object) -> list[object]:
    """A trace's values from the figure JSON (plotly writes numeric arrays as typed base64)."""
    if isinstance(values, dict) and "bdata" in values:
        array = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]))
        shape = tuple(int(n) for n in str(values.get("shape", "-1")).split(","))
        return array.reshape(shape).tolist()
    return list(values or [])  # type: ignore[call-overload]


def figures(app: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in app.get("plotly_chart")]


def title(spec: dict) -> str:
    """A figure's title without its subtitle and markup."""
    return re.sub(r"<[^>]+>", "", spec["layout"]["title"]["text"].split("<br>")[0])


def sample_query(url: str, function, *args):  # type: ignore[no-untyped-def]
    with session_scope(make_engine(url)) as session:
        return function(session, *args)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("section", SECTIONS)
def test_every_species_section_shows_the_stored_key_figures(
    sample_url: str, open_page: OpenPage, section: str, lang: str
) -> None:
    counts = sample_query(sample_url, headline_counts)
    app = open_page("species", lang=lang, query={"view": section})
    assert app.segmented_control(key="view").value == section
    shown = {metric.label: metric.value for metric in app.metric}
    assert shown[t("overview.species", lang)] == format_number(counts.species, lang)
    assert shown[t("overview.threatened", lang)] == format_number(counts.threatened_species, lang)
    assert shown[t("pg.species.endemic", lang)] == format_number(counts.endemic_species, lang)
    assert [h.value for h in app.header] == [t(f"pg.species.{section}", lang)], "only the chosen section is drawn"
    assert not app.error, [e.value for e in app.error]


def test_the_rli_section_draws_the_red_list_index_only(sample_url: str, open_page: OpenPage) -> None:
    from data_access.indicator_inputs import load_inputs
    from indicators import registry
    from indicators.metadata import load_metadata

    app = open_page("species", lang="en")  # rli is the default section
    assert app.segmented_control(key="view").value == "rli"
    (spec,) = figures(app)
    assert title(spec) == load_metadata("red_list_index").name("en")
    assert not app.text_input, "the search is not drawn"
    inputs = sample_query(sample_url, load_inputs, "red_list_index")
    result = registry.get("red_list_index").run(inputs)
    (group,) = result.disaggregations  # one line per taxon group, named in the legend
    frame = result.frame.dropna(subset=["value"])
    chosen = app.multiselect(key="rli_series").value  # more groups than palette colours: the reader picks
    assert len(chosen) == inspect.signature(trend_chart).parameters["max_series"].default < frame[group].nunique()
    expected = {series_name(name, "en"): sorted(zip(rows["year"], rows["value"].round(9), strict=True))
                for name, rows in frame.groupby(group) if name in chosen}
    drawn = {trace["name"]: sorted((int(x), round(float(y), 9)) for x, y in zip(plotted(trace["x"]), plotted(trace["y"]),
                                                                               strict=True) if y is not None)
             for trace in spec["data"] if trace.get("name") in expected}
    assert len(expected) > 1 and drawn == expected


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_threatened_section_draws_the_counts_by_group_and_category(
    sample_url: str, open_page: OpenPage, lang: str
) -> None:
    from data_access.queries.species import categories_by_group

    app = open_page("species", lang=lang, query={"view": "threatened"})
    (spec,) = figures(app)
    assert title(spec) == t("pg.species.chart.categories", lang)
    by_group = sample_query(sample_url, categories_by_group, "national")
    expected = by_group.groupby("category")["species"].sum()
    drawn = {trace["name"]: np.nansum(plotted(trace["x"])) for trace in spec["data"]}
    assert drawn == {text_or(f"pg.redlist.{c}", lang, c): n for c, n in expected.items()}


def test_the_search_section_draws_no_chart(sample_url: str, open_page: OpenPage) -> None:
    app = open_page("species", lang="ko", query={"view": "search"})
    assert figures(app) == []
    assert app.text_input(key="q").value == ""
    assert any(c.value == t("pg.species.search_help", "ko") for c in app.caption)


def test_a_shared_search_link_opens_the_search(sample_url: str, open_page: OpenPage) -> None:
    """`?q=…` without `view` (a link shared before the page had sections) opens the search, found."""
    name = sample_query(sample_url, search_species, "a")["korean_name"].dropna().iloc[0]
    app = open_page("species", lang="ko", query={"q": name})
    assert app.segmented_control(key="view").value == "search"
    assert app.text_input(key="q").value == name
    assert figures(app) == []
    assert app.selectbox(key="species").options, "the species found are offered"
    chosen = open_page("species", lang="en", query={"q": name, "view": "threatened"})
    assert chosen.segmented_control(key="view").value == "threatened", "a chosen section wins over the search"


def test_an_unknown_species_section_opens_the_rli(sample_url: str, open_page: OpenPage) -> None:
    from indicators.metadata import load_metadata

    app = open_page("species", lang="en", query={"view": "no-such-section"})
    assert app.segmented_control(key="view").value == "rli"
    assert [h.value for h in app.header] == [t("pg.species.rli", "en")]
    assert [title(spec) for spec in figures(app)] == [load_metadata("red_list_index").name("en")]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_rli_chart_says_how_many_groups_it_shows_and_draws_the_chosen(
    sample_url: str, open_page: OpenPage, lang: str
) -> None:
    """More taxon groups than palette colours: none is dropped without a word, and any can be drawn."""
    from data_access.indicator_inputs import load_inputs
    from indicators import registry

    result = registry.get("red_list_index").run(sample_query(sample_url, load_inputs, "red_list_index"))
    (group,) = result.disaggregations
    groups = sorted(result.frame.dropna(subset=["value"])[group].unique(), key=str)
    assert len(groups) > 8

    def drawn(app: AppTest) -> tuple[set[str], str]:
        (spec,) = figures(app)
        names = {trace["name"] for trace in spec["data"] if trace.get("mode") == "markers"}
        title = spec["layout"]["title"]
        return names, re.sub(r"<[^>]+>", "", f"{title['text']} {title.get('subtitle', {}).get('text', '')}")

    app = open_page("species", lang=lang)
    assert app.multiselect(key="rli_series").value == groups[:8]
    names, heading = drawn(app)
    assert names == {series_name(g, lang) for g in groups[:8]}
    assert t("pg.chart.series_shown", lang, shown=8, total=len(groups)) in heading
    app.multiselect(key="rli_series").set_value(groups[-3:]).run()
    names, heading = drawn(app)
    assert names == {series_name(g, lang) for g in groups[-3:]}
    assert t("pg.chart.series_shown", lang, shown=3, total=len(groups)) in heading
