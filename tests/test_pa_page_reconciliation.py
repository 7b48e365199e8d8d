"""The protected-areas page shows the indicator results, not figures of its own, one section at a time.

It used to show 23.6 % land covered and 44.2 % mean KBA coverage on the sample database beside an
indicator at 17.9 % and 30.6 %: its own query dissolved *every* site (proposed sites and UNESCO-MAB
Biosphere Reserves included, point sites dropped instead of buffered) over the sum of province
areas. Now every coverage figure on the page is read from `protected_area_coverage` /
`kba_protection_coverage` results, and these tests compare them figure by figure, in the section
that shows them (`?view=`: map, coverage, designation, kba). The key figures stay above every
section; the charts of a section that is not chosen are not drawn.
"""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data_access.database import make_engine, session_scope
from data_access.indicator_inputs import load_inputs
from i18n import format_percent, t
from indicators import registry
from tests.conftest import OpenPage
from ui.sections import KEY, PAGE_SECTIONS

SECTIONS = PAGE_SECTIONS["protected_areas"]
# The charts each section draws, by key, in order (the panels add `_trend` to theirs).
SECTION_CHARTS = {
    "map": ["pa_map"],
    "coverage": ["pa_cov_trend", "pa_province_map"],
    "designation": ["pa_designation"],
    "kba": ["pa_kba_trend"],
}



def indicator(url: str, indicator_id: str, **options: object):  # type: ignore[no-untyped-def]
    with session_scope(make_engine(url)) as session:
        inputs = load_inputs(session, indicator_id)
    return registry.get(indicator_id).run(inputs, **options)


def charts(app: AppTest) -> list[dict]:
    """The figures the run drew (each plotly chart's JSON spec)."""
    return [json.loads(element.proto.spec) for element in app.get("plotly_chart")]


def chart_title(spec: dict) -> str:
    title = spec.get("layout", {}).get("title", {})
    return re.sub(r"<[^>]+>", "", title.get("text", "") if isinstance(title, dict) else str(title))


def chart_keys(app: AppTest) -> list[str]:
    """The keys of the plotly charts the run drew (an element's id ends with its key)."""
    return [element.proto.id.rpartition("-")[2] for element in app.get("plotly_chart")]


def numbers(values: object) -> list[float]:
    """A trace's `x` or `y` as numbers: a plain list, or plotly's base64 typed array."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return [float(v) for v in values or [] if isinstance(v, (int, float))]  # type: ignore[union-attr]


def key_figures(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def tables(app: AppTest) -> dict[tuple, pd.DataFrame]:
    return {tuple(d.value.columns): d.value for d in app.dataframe}


def test_pa_page_figures_equal_the_indicator_results(sample_url: str, open_page: OpenPage) -> None:
    coverage = indicator(sample_url, "protected_area_coverage").frame
    land = coverage.loc[coverage["realm"] == "terrestrial"].sort_values("year").iloc[-1]
    kba = indicator(sample_url, "kba_protection_coverage").frame.sort_values("year").iloc[-1]
    provinces = indicator(sample_url, "protected_area_coverage", by="province").frame
    per_kba = indicator(sample_url, "kba_protection_coverage", by="kba").frame
    # the sample database's known values, so a change of method shows up here too
    assert float(land["value"]) == pytest.approx(17.93, abs=0.05)
    assert float(kba["value"]) == pytest.approx(30.55, abs=0.05)

    shown = {code: open_page("protected_areas", lang="en", query={KEY: code}) for code in SECTIONS}
    for code, app in shown.items():  # the key figures stand above every section
        figures = key_figures(app)
        assert figures[t("pg.pa.metric.land_coverage", "en")] == format_percent(float(land["value"]), "en"), code
        assert figures[t("pg.pa.metric.kba", "en")] == format_percent(float(kba["value"]), "en"), code

    by_province = tables(shown["coverage"])[(t("pg.pa.col.province", "en"), t("pg.pa.col.land", "en"),
                                             t("pg.pa.col.protected", "en"), t("pg.pa.percent", "en"))]
    expected = provinces.set_index("province_name_en")["value"].round(1)
    got = by_province.set_index(t("pg.pa.col.province", "en"))[t("pg.pa.percent", "en")]
    assert got.to_dict() == expected.to_dict()
    trend = charts(shown["coverage"])[chart_keys(shown["coverage"]).index("pa_cov_trend")]
    assert chart_title(trend) == registry.get("protected_area_coverage").metadata.name("en")
    drawn = [y for trace in trend["data"] for y in numbers(trace.get("y"))]
    assert any(y == pytest.approx(float(land["value"]), abs=0.01) for y in drawn)  # the metric's point is drawn

    by_kba = next(v for k, v in tables(shown["kba"]).items() if t("pg.pa.col.kba_code", "en") in k)
    got = by_kba.set_index(t("pg.pa.col.kba_code", "en"))[t("pg.pa.percent", "en")]
    assert got.to_dict() == per_kba.set_index("kba")["value"].round(1).to_dict()
    assert got.mean() == pytest.approx(float(kba["value"]), abs=0.1)  # the metric is the mean of this table
    for code in ("map", "designation"):  # neither indicator table is drawn outside its section
        assert not shown[code].dataframe, code


def test_the_designation_chart_sums_the_designated_areas(sample_url: str, open_page: OpenPage) -> None:
    from data_access.queries.protected_areas import area_by_designation

    with session_scope(make_engine(sample_url)) as session:
        designations = area_by_designation(session)
    totals = designations.groupby("designation_en")["area_km2"].sum().sort_values(ascending=False).head(15)
    app = open_page("protected_areas", lang="en", query={KEY: "designation"})
    (spec,) = charts(app)
    assert chart_title(spec) == t("pg.pa.designation_chart", "en")
    drawn: dict[str, float] = {}
    for trace in spec["data"]:
        for area, name in zip(numbers(trace.get("x")), trace.get("y") or [], strict=True):
            if not np.isnan(area):  # a type without that designation
                drawn[name] = drawn.get(name, 0.0) + area
    assert drawn.keys() == set(totals.index)
    assert drawn == pytest.approx(totals.to_dict(), rel=1e-6)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("code", SECTIONS)
def test_each_section_draws_only_its_own_charts(sample_url: str, open_page: OpenPage, code: str, lang: str) -> None:
    app = open_page("protected_areas", lang=lang, query={KEY: code})
    assert app.segmented_control(key=KEY).value == code
    assert not app.error, [e.value for e in app.error]
    assert [m.label for m in app.metric] == [t(f"pg.pa.metric.{k}", lang) for k in ("pa", "oecm", "land_coverage", "kba")]
    assert chart_keys(app) == SECTION_CHARTS[code]
    assert ("type" in {w.key for w in app.get("button_group")}) == (code == "map")  # the site-type filter: map only


def test_an_unknown_section_opens_the_map(sample_url: str, open_page: OpenPage) -> None:
    app = open_page("protected_areas", lang="en", query={KEY: "no-such-section"})
    assert app.segmented_control(key=KEY).value == "map"
    assert chart_keys(app) == SECTION_CHARTS["map"]


def test_a_language_switch_keeps_the_kba_section(sample_url: str, open_page: OpenPage) -> None:
    kba = registry.get("kba_protection_coverage").metadata
    app = open_page("protected_areas", lang="ko", query={KEY: "kba"})
    assert [chart_title(spec) for spec in charts(app)] == [kba.name("ko")]
    app.sidebar.radio(key="language_switch").set_value("en").run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == t("pg.pa.title", "en")
    assert app.segmented_control(key=KEY).value == "kba"
    assert app.query_params[KEY] in ("kba", ["kba"])
    assert chart_keys(app) == SECTION_CHARTS["kba"]
    assert [chart_title(spec) for spec in charts(app)] == [kba.name("en")]
    assert any(t("pg.pa.col.kba_code", "en") in columns for columns in tables(app))
