"""Download buttons on the pages: PNG, SVG and data zip under every indicator chart, the national
report tables on the overview; each download writes an audit entry with the signed-in user."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from data_access.audit import audit_log
from data_access.database import session_scope
from i18n import t
from tests.conftest import OpenPage
from ui.indicators import indicators_for_target


def download_labels(app: AppTest) -> list[str]:
    return [element.proto.label for element in app.get("download_button")]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_target_page_offers_image_and_data_downloads(sample_database: Path, open_page: OpenPage, lang: str) -> None:
    app = open_page("target", lang=lang, url=f"sqlite:///{sample_database}", target="3")
    labels = download_labels(app)
    charts = labels.count(t("rep.download.png", lang))
    with_data = len([i for i, _ in indicators_for_target("3")])
    assert charts >= 1 and charts <= with_data
    assert labels.count(t("rep.download.svg", lang)) == charts
    assert labels.count(t("rep.download.data", lang)) == charts


def test_overview_offers_the_national_report(sample_database: Path, open_page: OpenPage) -> None:
    app = open_page("overview", lang="en", url=f"sqlite:///{sample_database}")
    labels = download_labels(app)
    assert t("rep.download.national_report", "en") in labels
    assert t("rep.download.national_report_json", "en") in labels


def test_a_download_is_audited_with_the_user(sqlite_engine: Engine) -> None:
    from ui.downloads import _audited

    build = _audited(lambda: b"PNG-bytes", sqlite_engine, "park", "web:10.0.0.7", "red_list_index_en.png",
                     {"format": "png", "lang": "en"})
    with session_scope(sqlite_engine) as session:
        assert audit_log(session, action="export").empty  # nothing before the click
    assert build() == b"PNG-bytes"
    with session_scope(sqlite_engine) as session:
        events = audit_log(session, action="export")
    assert len(events) == 1
    event = events.iloc[0]
    assert (event["actor"], event["origin"], event["target"]) == ("park", "web:10.0.0.7", "red_list_index_en.png")
    assert json.loads(event["detail"]) == {"format": "png", "lang": "en"}


def test_every_chart_on_a_page_has_its_downloads(sample_database: Path, open_page: OpenPage) -> None:
    """Page charts without an indicator behind them (species bars) get the same three buttons."""
    app = open_page("species", lang="en", query={"view": "threatened"}, url=f"sqlite:///{sample_database}")
    labels = download_labels(app)
    charts = len(app.get("plotly_chart"))
    assert charts >= 1
    assert labels.count(t("rep.download.png", "en")) == charts
    assert labels.count(t("rep.download.data", "en")) == charts


def test_figure_frame_reads_plotted_values_back() -> None:
    import pandas as pd
    import plotly.graph_objects as go

    from charts.bars import year_bars
    from charts.flows import sankey_chart
    from reports.figure_data import draws_on_map_tiles, figure_frame, figure_provenance

    frame = pd.DataFrame({"year": [2020, 2021, 2020, 2021], "kind": ["a", "a", "b", "b"], "n": [1, 2, 3, 4]})
    bars = year_bars(frame, {"title": "Permits<br><span>sub</span>", "y": "permits", "x": "Year"}, "en", y="n", colour="kind")
    data = figure_frame(bars)
    assert sorted(zip(data["series"], data.iloc[:, 1], data.iloc[:, 2], strict=True)) == [
        ("a", 2020, 1), ("a", 2021, 2), ("b", 2020, 3), ("b", 2021, 4)]
    provenance = figure_provenance(bars, "ko", data_version="5")
    assert provenance.title == "Permits" and provenance.data_version == "5"
    assert "GBF 대시보드" in provenance.source
    links = pd.DataFrame({"source": ["import", "import"], "target": ["kept", "died"], "value": [5, 2]})
    flows = sankey_chart(links, {"title": "Life cycle"}, "en", stages=["import", "kept", "died"])
    assert figure_frame(flows)["value"].sum() == 7
    assert not draws_on_map_tiles(bars)
    assert draws_on_map_tiles(go.Figure(go.Scattermap(lat=[37.5], lon=[127.0])))


def test_map_data_carries_the_area_values() -> None:
    import pandas as pd

    from charts.maps import choropleth_map
    from reports.figure_data import figure_frame

    layer = pd.DataFrame({"code": ["11", "26"], "name": ["Seoul", "Busan"], "x": [[0, 1, 1], [2, 3, 3]],
                          "y": [[0, 0, 1], [2, 2, 3]], "cx": [0.7, 2.7], "cy": [0.3, 2.3]})
    values = pd.DataFrame({"code": ["11", "26"], "value": [12.5, 40.0]})
    data = figure_frame(choropleth_map(layer, values, {"value": "coverage"}, "en", digits=1))
    assert data["label"].tolist() == ["Seoul; coverage: 12.5", "Busan; coverage: 40.0"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_trade_chart_footer_records_the_page_filters(
    sample_url: str, open_page: OpenPage, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A chart drawn under the trade filters records them, as the user sees them, in its export."""
    import reports.figure_data
    from data_access.database import make_engine
    from data_access.queries.trade import trade_years
    from reports.provenance import Provenance

    drawn: list[tuple[object, Provenance]] = []
    original = reports.figure_data.figure_provenance

    def spy(figure, lang, **kwargs):  # type: ignore[no-untyped-def]
        provenance = original(figure, lang, **kwargs)
        drawn.append((figure, provenance))
        return provenance

    monkeypatch.setattr(reports.figure_data, "figure_provenance", spy)
    with session_scope(make_engine(sample_url)) as session:
        _, last = trade_years(session)
    app = open_page("trade", lang=lang, years=(last, last), appendix=["I"], measure="live")
    assert not app.error
    years, appendix, measure = (t(f"pg.trade.filter.{k}", lang) for k in ("years", "appendix", "measure"))
    expected = {years: f"{last}–{last}", appendix: "I", measure: t("pg.trade.measure.live", lang)}
    titles = {p.title: p for _, p in drawn}
    filtered = [p for p in titles.values() if p.filters]
    assert filtered, "the trade charts under the filters record them"
    assert all(dict(p.filters) == expected for p in filtered)
    # the footer drawn into the exported image (reports.images draws Provenance.footer; see test_reports_images)
    footer = filtered[0].footer(lang)
    label = "필터" if lang == "ko" else "Filters"
    assert f"{label}: {years} = {last}–{last}; {appendix} = I; {measure} = {t('pg.trade.measure.live', lang)}" in footer
    # the permit and life-cycle charts (their own section) are not filtered by them, so they record none
    drawn.clear()
    app = open_page("trade", lang=lang, query={"view": "permits"})
    assert not app.error
    assert drawn and all(not p.filters for _, p in drawn)
