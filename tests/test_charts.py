"""Chart builders: pure functions, one offline style, both languages, no value invented for missing years."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from charts.bars import bar_chart, timeline_chart, year_bars
from charts.flows import sankey_chart
from charts.maps import choropleth_map, class_breaks, site_map
from charts.theme import FONT_FAMILY, OKABE_ITO, PROGRESS_COLOURS, SERIES_COLOURS
from charts.trend import missing_years, trend_chart

SQUARE = {"x": [[0.0, 1.0, 1.0, 0.0]], "y": [[0.0, 0.0, 1.0, 1.0]]}


def layer(codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame({
        "code": codes, "name": [f"name {c}" for c in codes],
        "x": [[i, i + 1, i + 1, i] for i in range(len(codes))], "y": [[0, 0, 1, 1] for _ in codes],
        "cx": [i + 0.5 for i in range(len(codes))], "cy": [0.5 for _ in codes],
    })


def all_figures() -> list[go.Figure]:
    trend = pd.DataFrame({"year": [2000, 2001, 2005], "value": [0.9, 0.8, 0.7], "lower": [0.85, 0.75, 0.6],
                          "upper": [0.95, 0.85, 0.8]})
    bars = pd.DataFrame({"group": ["조류", "어류"], "kind": ["a", "b"], "n": [3, 4], "year": [2020, 2021]})
    return [
        trend_chart(trend, {"title": "적색목록지수", "subtitle": "자료 없는 연도: 2002", "footer": "출처: IUCN"}, "ko"),
        bar_chart(bars, {"title": "종 수", "footer": "42개 종 기준", "legend": "범주"}, "ko", x="group", y="n", colour="kind"),
        year_bars(bars, {"title": "연도별"}, "ko", y="n"),
        timeline_chart(pd.DataFrame({"label": ["a"], "start": [2024], "end": [2026], "status": ["done"]}), {}, "ko",
                       colours={"done": OKABE_ITO["blue"]}),
        sankey_chart(pd.DataFrame({"source": ["import"], "target": ["entry"], "value": [3]}), {}, "ko",
                     stages=["import", "entry"]),
        choropleth_map(layer(["A", "B"]), pd.DataFrame({"code": ["A"], "value": [5.0]}), {}, "ko"),
        site_map(layer(["P"]), layer(["S"]).assign(kind="PA"), {}, "ko", category="kind", colours={"PA": "#0072B2"}),
    ]


def test_every_chart_uses_the_korean_capable_font_and_needs_nothing_online() -> None:
    assert FONT_FAMILY.startswith("'Noto Sans CJK KR', 'Noto Sans KR'")
    for figure in all_figures():
        assert figure.layout.font.family == FONT_FAMILY
        spec = json.loads(figure.to_json())
        kinds = {trace["type"] for trace in spec["data"]}
        # geo and map subplots fetch topojson or tiles from a CDN; the charts must not use them
        assert not kinds & {"choropleth", "scattergeo", "choroplethmap", "scattermap", "choroplethmapbox",
                            "scattermapbox", "densitymap"}
        assert "geo" not in spec["layout"] and "mapbox" not in spec["layout"] and "map" not in spec["layout"]


def test_palette_is_okabe_ito_and_statuses_have_distinct_colours() -> None:
    assert SERIES_COLOURS[:3] == ("#0072B2", "#E69F00", "#009E73")
    assert len(set(PROGRESS_COLOURS.values())) == len(PROGRESS_COLOURS)


def test_trend_does_not_carry_values_into_years_without_data() -> None:
    frame = pd.DataFrame({"year": [2000, 2001, 2005, 2006], "value": [1.0, 0.9, 0.8, 0.7],
                          "lower": None, "upper": None})
    assert missing_years(frame) == [2002, 2003, 2004]
    figure = trend_chart(frame, {"gap": "no data"}, "en")
    plotted_years = {x for trace in figure.data if trace.mode == "markers" for x in trace.x}
    assert plotted_years == {2000, 2001, 2005, 2006}
    solid = next(tr for tr in figure.data if tr.mode == "lines" and tr.line.dash is None)
    assert None in solid.x  # the solid line breaks at the gap
    dotted = [tr for tr in figure.data if tr.line.dash == "dot"]
    assert len(dotted) == 1 and list(dotted[0].x) == [2001, 2005, None]
    assert dotted[0].name == "no data"


def test_trend_draws_the_uncertainty_band_and_one_line_per_series() -> None:
    frame = pd.DataFrame({
        "year": [2000, 2010, 2000, 2010], "group": ["birds", "birds", "fish", "fish"],
        "value": [0.9, 0.8, 0.7, 0.6], "lower": [0.85, 0.75, 0.6, 0.5], "upper": [0.95, 0.85, 0.8, 0.7],
    })
    figure = trend_chart(frame, {"series:birds": "조류", "series:fish": "어류"}, "ko", series="group")
    bands = [tr for tr in figure.data if tr.fill == "toself"]
    assert len(bands) == 2
    names = [tr.name for tr in figure.data if tr.mode == "markers"]
    assert names == ["조류", "어류"]


def test_trend_shows_the_target_line() -> None:
    frame = pd.DataFrame({"year": [2020, 2021], "value": [17.0, 18.0], "lower": None, "upper": None})
    figure = trend_chart(frame, {"target": "2030 목표"}, "ko", target_value=30)
    assert figure.layout.shapes[0].y0 == 30


def test_trend_of_counts_starts_its_axis_at_zero() -> None:
    frame = pd.DataFrame({"year": [2020, 2021], "value": [650.0, 700.0], "lower": None, "upper": None})
    assert trend_chart(frame, {}, "en", from_zero=True).layout.yaxis.rangemode == "tozero"
    assert trend_chart(frame, {}, "en").layout.yaxis.rangemode is None  # an index keeps its own range


def test_a_long_footer_wraps_inside_the_chart() -> None:
    """Plotly does not wrap annotations: the theme breaks a footer into lines that fit and makes room."""
    from charts.theme import FOOTER_EMS, FOOTER_LINE_PX, visual_width

    frame = pd.DataFrame({"year": [2020, 2021], "value": [1.0, 2.0], "lower": None, "upper": None})
    short = trend_chart(frame, {"footer": "Source: CITES Trade Database"}, "en")
    assert short.layout.annotations[-1].text == "Source: CITES Trade Database" and short.layout.margin.b == 96
    footer = " ".join(["Korea- and partner-reported figures are shown apart, never summed."] * 3)
    long = trend_chart(frame, {"footer": footer}, "en")
    lines = long.layout.annotations[-1].text.split("<br>")
    assert len(lines) > 1 and " ".join(lines) == footer
    assert all(visual_width(line) <= FOOTER_EMS for line in lines)
    assert long.layout.margin.b == 96 + FOOTER_LINE_PX * (len(lines) - 1)
    korean = trend_chart(frame, {"footer": "한국 보고와 상대국 보고는 따로 표시합니다. " * 6}, "ko")
    assert all(visual_width(line) <= FOOTER_EMS for line in korean.layout.annotations[-1].text.split("<br>"))


def test_bars_translate_categories_and_keep_order() -> None:
    frame = pd.DataFrame({"group": ["birds", "fish", "birds"], "status": ["CR", "CR", "EN"], "n": [1, 2, 3]})
    labels = {"name:birds": "조류", "name:fish": "어류", "name:CR": "위급", "name:EN": "위기"}
    figure = bar_chart(frame, labels, "ko", x="group", y="n", colour="status", order=["fish", "birds"])
    assert [tr.name for tr in figure.data] == ["위급", "위기"]
    assert list(figure.data[0].x) == ["어류", "조류"]
    assert list(figure.data[0].y) == [2, 1]


@pytest.mark.parametrize(("values", "classes", "expected"), [
    ([1, 2, 3, 4, 100], 2, [3, 100]),
    ([5, 5, 5], 5, [5]),
    ([], 5, []),
    ([0, 0, 7], 3, [7]),
])
def test_class_breaks(values: list[float], classes: int, expected: list[float]) -> None:
    assert class_breaks(values, classes) == expected


def test_choropleth_colours_every_area_once_and_marks_areas_without_data() -> None:
    figure = choropleth_map(layer(["A", "B", "C"]), pd.DataFrame({"code": ["A", "B"], "value": [1.0, 10.0]}),
                            {"no_data": "자료 없음", "value": "기록 수"}, "ko")
    filled = [tr for tr in figure.data if tr.fill == "toself"]
    assert filled[0].name == "자료 없음"
    rings = sum(int(pd.isna(tr.x).sum()) for tr in filled)
    assert rings == 3  # one ring per area, each closed by a gap
    hover = next(tr for tr in figure.data if tr.mode == "markers")
    assert any("기록 수: 10" in text for text in hover.text)
    assert figure.layout.yaxis.scaleanchor == "x"


def test_site_map_dots_share_their_type_s_colour_and_legend_entry() -> None:
    sites = layer(["S1", "S2", "S3"]).assign(kind=["PA", "OECM", "PA"])
    figure = site_map(layer(["P"]), sites, {"name:PA": "Protected area", "name:OECM": "OECM"}, "en",
                      category="kind", colours={"PA": "#0072B2", "OECM": "#009E73"})
    polygons = {t.legendgroup: t for t in figure.data if t.fill == "toself" and t.legendgroup}
    dots = {t.legendgroup: t for t in figure.data if t.mode == "markers" and t.legendgroup}
    assert set(polygons) == set(dots) == {"PA", "OECM"}
    for key, colour in {"PA": "#0072B2", "OECM": "#009E73"}.items():
        assert dots[key].marker.color == colour == polygons[key].fillcolor  # one colour, not one per site
        assert polygons[key].showlegend is not False and dots[key].showlegend is False
    assert [text.split("</b>")[0] for text in dots["PA"].text] == ["<b>name S1", "<b>name S3"]
    assert list(dots["OECM"].x) == [1.5]
    # dots are drawn over every polygon, so no site's fill hides another's tooltip
    last_polygon = max(i for i, t in enumerate(figure.data) if t.fill == "toself")
    assert all(i > last_polygon for i, t in enumerate(figure.data) if t.legendgroup and t.mode == "markers")


def test_sankey_keeps_stage_order_and_greys_other_nodes() -> None:
    links = pd.DataFrame({"source": ["import", "import"], "target": ["entry", "not_registered"], "value": [8, 2]})
    figure = sankey_chart(links, {"name:import": "수입", "name:entry": "등록"}, "ko", stages=["import", "entry"])
    node = figure.data[0].node
    assert list(node.label)[:2] == ["수입", "등록"]
    assert node.color[2] != node.color[0]
