"""Knowledge digitisation (T21) and NBSAP implementation: hand tables and loaders on both databases;
the NBSAP tracker page's sections."""

from __future__ import annotations

import io

import docx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from data_access.database import session_scope
from data_access.models import (
    GbfGoalTarget,
    NationalTarget,
    NbsapAction,
    NbsapActionGbfLink,
    NbsapActionIndicatorLink,
    Occurrence,
    ProgressReport,
    Taxon,
)
from data_access.queries.knowledge_inputs import load_knowledge_inputs
from data_access.queries.nbsap import nbsap_actions
from data_access.queries.nbsap_inputs import load_nbsap_inputs
from i18n import format_number, format_percent, t
from indicators import knowledge_digitisation, nbsap_implementation
from indicators.metadata import load_metadata
from indicators.progress_status import assess_result
from tests.conftest import OpenPage
from tests.test_species_search import figures, plotted, title


def test_taxonomic_completeness_by_hand() -> None:
    coverage = pd.DataFrame({"taxon_group": ["Aves", "Aves", "Insecta"], "first_year": [2020, 2022, 2022], "species": [1, 1, 2]})
    national = pd.DataFrame({"taxon_group": ["Aves", "Insecta"], "species": [4, 8]})
    frame = knowledge_digitisation.compute({"species_coverage": coverage, "national_species": national}).frame
    table = frame[frame["series"] == "taxonomic_completeness"].set_index(["taxon_group", "year"])["value"]
    assert table[("Aves", 2020)] == 25.0 and table[("Aves", 2021)] == 25.0 and table[("Aves", 2022)] == 50.0
    assert table[("Insecta", 2022)] == 25.0 and table[("all", 2022)] == pytest.approx(100 * 4 / 12)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(2015, 2024), st.booleans(), st.booleans(), st.integers(1, 50)), min_size=1, max_size=25),
       st.integers(0, 99))
def test_digitised_totals_do_not_depend_on_order(rows, seed) -> None:  # type: ignore[no-untyped-def]
    counts = pd.DataFrame(rows, columns=["year", "is_specimen", "is_published", "records"])
    a = knowledge_digitisation.compute({"digitisation_counts": counts}).frame
    b = knowledge_digitisation.compute({"digitisation_counts": counts.sample(frac=1, random_state=seed)}).frame
    pd.testing.assert_frame_equal(a, b)
    assert a[a["series"] == "digitised_records"]["value"].sum() == counts["records"].sum()
    assert a[a["series"] == "digitised_records_cumulative"]["value"].iloc[-1] == counts["records"].sum()


def test_knowledge_loaders_on_both_databases(engine: Engine) -> None:
    with session_scope(engine) as session:
        taxa = [Taxon(scientific_name=f"Species {i}", taxon_group="Aves" if i < 2 else "Insecta") for i in range(4)]
        session.add_all(taxa)
        session.flush()
        synonym = Taxon(scientific_name="Old name", taxon_group="Insecta", name_status="synonym", accepted_taxon_id=taxa[2].id)
        session.add(synonym)
        session.flush()
        records = [
            (taxa[0], 37.5, 127.0, "11", 2019, "PRESERVED_SPECIMEN", True),
            (taxa[0], 35.1, 129.0, "26", 2021, "HUMAN_OBSERVATION", False),
            (taxa[1], None, None, None, 2020, "PRESERVED_SPECIMEN", True),  # not georeferenced
            (synonym, 36.0, 128.0, "26", 2022, "PRESERVED_SPECIMEN", True),  # counts for Species 2
        ]
        for i, (taxon, lat, lon, province, year, basis, published) in enumerate(records):
            session.add(Occurrence(record_key=f"o{i}", basis_of_record=basis, scientific_name=taxon.scientific_name,
                                   taxon_id=taxon.id, decimal_latitude=lat, decimal_longitude=lon, province_code=province,
                                   digitised_year=year, is_published=published))
    with session_scope(engine) as session:
        inputs = load_knowledge_inputs(session)
    frame = knowledge_digitisation.compute(inputs).frame
    series = frame.set_index(["series", "taxon_group", "province_code", "year"])["value"]
    assert series[("digitised_records", "all", "all", 2019)] == 1
    assert series[("published_records_cumulative", "all", "all", 2022)] == 3
    assert series[("digitised_specimens", "all", "all", 2022)] == 1
    assert series[("taxonomic_completeness", "Aves", "all", 2022)] == 50.0  # 1 of 2 birds georeferenced
    assert series[("taxonomic_completeness", "Insecta", "all", 2022)] == 50.0  # via the synonym
    assert series[("geographic_completeness", "all", "26", 2022)] == 100.0  # both georeferenced species in 26
    assert series[("geographic_completeness", "all", "11", 2022)] == 50.0


def nbsap_frames(statuses: dict[int, list[tuple[int, str]]], end_years: list[int], links: list[int]):  # type: ignore[no-untyped-def]
    actions = pd.DataFrame({"action_id": range(1, len(end_years) + 1), "national_target": "NT1", "end_year": end_years,
                            "indicator_links": links})
    reports = pd.DataFrame([{"action_id": a, "year": y, "status": s} for y, rows in statuses.items() for a, s in rows])
    gbf = pd.DataFrame({"action_id": actions["action_id"], "gbf_code": "1"})
    return {"nbsap_actions": actions, "nbsap_reports": reports, "nbsap_gbf_links": gbf}


def test_nbsap_latest_status_percent_overdue_and_unlinked_by_hand() -> None:
    inputs = nbsap_frames(
        {2024: [(1, "completed"), (2, "in_progress"), (3, "in_progress"), (4, "cancelled")],
         2025: [(2, "completed"), (3, "delayed")]},
        end_years=[2024, 2028, 2024, 2025, 2026], links=[1, 1, 0, 0, 2],
    )
    frame = nbsap_implementation.compute(inputs).frame
    table = frame[frame["target_kind"] == "all"].set_index(["series", "year"])["value"]
    # 2024: 1 completed of 5 − 1 cancelled − 1 not reported (action 5 has no report)
    assert table[("pct_completed", 2024)] == pytest.approx(100 / 3) and table[("not_reported", 2024)] == 1
    # 2025: action 1 keeps its 2024 status → 2 completed of 3
    assert table[("pct_completed", 2025)] == pytest.approx(200 / 3) and table[("completed", 2025)] == 2
    assert table[("overdue", 2024)] == 0 and table[("overdue", 2025)] == 1  # action 3 (end 2024, delayed)
    assert table[("no_indicator", 2025)] == 2
    gbf = frame[(frame["target_kind"] == "gbf") & (frame["series"] == "actions")]
    assert gbf["value"].tolist() == [5.0, 5.0]
    rule = load_metadata("nbsap_implementation").progress
    # 33.3 % (2024) → 66.7 % (2025) against 100 % by 2028: observed CAGR 1.0, required 3 ** 0.25 − 1
    progress = assess_result(nbsap_implementation.compute(inputs), rule)
    assert progress.status == "on_track" and progress.ratio == pytest.approx(1 / (3**0.25 - 1))
    # a year of preliminary reports is marked and left out of the progress series
    preliminary = {**inputs, "nbsap_reports": inputs["nbsap_reports"].assign(is_final=lambda r: r["year"] == 2024)}
    stages = nbsap_implementation.compute(preliminary).frame.groupby("year")["report_stage"].unique()
    assert stages[2024].tolist() == ["final"] and stages[2025].tolist() == ["preliminary"]
    assert assess_result(nbsap_implementation.compute(preliminary), rule).status == "unknown"


def test_nbsap_2024_completion_of_86_1_percent() -> None:
    statuses = {2024: [(i, "completed" if i <= 253 else "in_progress") for i in range(1, 295)]}
    inputs = nbsap_frames(statuses, end_years=[2028] * 294, links=[1] * 294)
    frame = nbsap_implementation.compute(inputs).frame
    pct = frame.query("series == 'pct_completed' and target_kind == 'all'")["value"].iloc[0]
    assert round(pct, 1) == 86.1


def test_nbsap_loader_on_both_databases(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add_all([GbfGoalTarget(code="3", kind="target", theme="t", title_en="30x30"),
                         NationalTarget(code="NT3", title_en="Protected areas")])
        session.flush()
        actions = [NbsapAction(code=f"3-1-{i}", national_target_code="NT3", title_ko="과제", title_en="Action",
                               lead_ministry="ME", start_year=2024, end_year=2024 + i) for i in range(3)]
        session.add_all(actions)
        session.flush()
        session.add_all([NbsapActionGbfLink(action_id=a.id, gbf_code="3") for a in actions])
        session.add(NbsapActionIndicatorLink(action_id=actions[0].id, indicator="protected_area_coverage"))
        session.add_all([
            ProgressReport(action_id=actions[0].id, year=2024, status="completed"),
            ProgressReport(action_id=actions[1].id, year=2024, status="in_progress"),
            ProgressReport(action_id=actions[2].id, year=2024, status="in_progress"),
            ProgressReport(action_id=actions[1].id, year=2025, status="completed", is_final=False),
        ])
    with session_scope(engine) as session:
        inputs = load_nbsap_inputs(session)
    assert inputs["nbsap_actions"]["indicator_links"].tolist() == [1, 0, 0]
    frame = nbsap_implementation.compute(inputs).frame
    table = frame.set_index(["series", "target_kind", "target_code", "year"])["value"]
    assert frame.loc[frame["year"] == 2025, "report_stage"].unique().tolist() == ["preliminary"]
    assert table[("pct_completed", "all", "all", 2024)] == pytest.approx(100 / 3)
    assert table[("pct_completed", "gbf", "3", 2025)] == pytest.approx(200 / 3)
    assert table[("overdue", "national", "NT3", 2025)] == 0  # action 0 completed; action 1 ends 2025
    final = nbsap_implementation.compute(inputs, final_only=True).frame
    assert final["year"].max() == 2024
    # the tracker's frame: each action's latest status and whether it came from a preliminary report
    with session_scope(engine) as session:
        tracker = nbsap_actions(session, 2025).set_index("code")
    assert tracker["report_final"].to_dict() == {"3-1-0": True, "3-1-1": False, "3-1-2": True}
    assert tracker["status"].to_dict() == {"3-1-0": "completed", "3-1-1": "completed", "3-1-2": "in_progress"}
    assert nbsap_implementation.completion_rate(tracker["status"]) == pytest.approx(200 / 3)


# A year still being reported is a property of the year, not a breakdown: charts draw every year
# and mark the preliminary ones (open circle, dashed step to it); tiles and progress read final years.
def _xs(trace) -> list[int | None]:  # type: ignore[no-untyped-def]
    return [None if x is None else int(x) for x in trace["x"]]


def _two_stage_result():  # type: ignore[no-untyped-def]
    inputs = nbsap_frames({2024: [(1, "completed"), (2, "in_progress")], 2025: [(2, "completed")]},
                          end_years=[2024, 2028], links=[1, 1])
    inputs["nbsap_reports"] = inputs["nbsap_reports"].assign(is_final=lambda r: r["year"] == 2024)
    return nbsap_implementation.compute(inputs)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_preliminary_year_is_drawn_marked_not_left_out(lang: str) -> None:
    from reports.indicator_charts import indicator_chart

    export = indicator_chart(_two_stage_result(), lang)
    assert export.data["year"].tolist() == [2024, 2025]  # before: fixed at 'final', 2024 alone
    assert "report_stage" not in str(export.provenance.filters) and t("dim.report_stage", lang) not in export.provenance.filters
    traces = export.figure.data
    mark = t("dim.report_stage.preliminary", lang)
    pending = [trace for trace in traces if trace.name == mark]
    assert len(pending) == 1 and _xs(pending[0]) == [2025] and list(pending[0].y) == [100.0]
    assert pending[0].marker.color == "white"  # an open circle
    filled = [trace for trace in traces if trace.mode == "markers" and trace.name != mark]
    assert [_xs(trace) for trace in filled] == [[2024]]
    dashed = [trace for trace in traces if trace.line.dash == "dash"]
    assert [_xs(trace) for trace in dashed] == [[2024, 2025, None]]
    solid = [trace for trace in traces if trace.mode == "lines" and not trace.line.dash]
    assert solid and all(2025 not in _xs(trace) for trace in solid)
    # the axis and the footer give the unit of the rate drawn, not 'actions / %'
    assert export.figure.layout.yaxis.title.text == "%" and export.provenance.unit == "%"
    # the target line is the NBSAP's own year, not the GBF's 2030
    notes = " ".join(note.get("text", "") for note in export.figure.to_dict()["layout"].get("annotations", []))
    assert t("pg.chart.target", lang, year=2028) in notes and "2030" not in notes


def test_final_years_only_draw_no_preliminary_marks() -> None:
    from reports.indicator_charts import indicator_chart

    inputs = nbsap_frames({2024: [(1, "completed"), (2, "in_progress")], 2025: [(2, "completed")]},
                          end_years=[2024, 2028], links=[1, 1])
    traces = indicator_chart(nbsap_implementation.compute(inputs), "en").figure.data
    assert not [trace for trace in traces if trace.line.dash == "dash"]
    assert t("dim.report_stage.preliminary", "en") not in {trace.name for trace in traces}
    solid = [trace for trace in traces if trace.mode == "lines"]
    assert [_xs(trace) for trace in solid] == [[2024, 2025, None]]


def test_the_progress_status_still_reads_final_years_only() -> None:
    from indicators.metadata import headline_slice

    result = _two_stage_result()
    meta = load_metadata("nbsap_implementation")
    rows, fixed, _free = headline_slice(result.frame, result.disaggregations, meta)
    assert fixed["report_stage"] == "final" and rows["year"].unique().tolist() == [2024]


def test_the_schema_refuses_a_stage_that_is_no_later_disaggregation() -> None:
    from pydantic import ValidationError

    from indicators.metadata import IndicatorMetadata

    data = load_metadata("nbsap_implementation").model_dump()
    for dimension in ("stage", "series"):  # not a disaggregation; the series itself
        with pytest.raises(ValidationError, match="stage.dimension"):
            IndicatorMetadata.model_validate({**data, "stage": {"dimension": dimension, "final": "final"}})


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_target_page_marks_the_preliminary_year(sample_url: str, open_page: OpenPage, lang: str) -> None:
    app = open_page("target", lang=lang, query={"target": "21", "view": "nbsap_implementation"})
    chart = next(spec for spec in figures(app) if title(spec) == load_metadata("nbsap_implementation").name(lang))
    mark = t("dim.report_stage.preliminary", lang)
    drawn = {year for trace in chart["data"] if trace.get("mode") == "markers" for year in plotted(trace["x"])}
    pending = {year for trace in chart["data"] if trace.get("name") == mark for year in plotted(trace["x"])}
    assert pending and pending < drawn  # the sample's latest year is still being reported
    captions = " ".join(c.value for c in app.caption)
    assert t("dim.report_stage", lang) not in captions  # no longer "fixed at: report stage = final"
    assert chart["layout"]["yaxis"]["title"]["text"] == "%"


def test_the_briefing_gives_the_completion_rate_in_percent(sample_url: str) -> None:
    from data_access.database import make_engine
    from reports.briefing import build_briefing
    from tests.test_briefing import figure_rows_docx

    for lang in ("ko", "en"):
        pack = build_briefing(make_engine(sample_url), targets=["21"], lang=lang, meeting="COP-17", charts=False)
        rows = figure_rows_docx(docx.Document(io.BytesIO(pack.docx)), lang)
        name = load_metadata("nbsap_implementation").name(lang)
        assert rows[name] and all(row[6] == "%" for row in rows[name]), rows[name]


# The NBSAP tracker page in sections (ui.sections): the filters and key figures on top apply to
# both; `status` draws the two charts, `actions` the lists and the editors' form, never both.
def sample_actions(url: str, status: list[str] | None = None) -> tuple[int, pd.DataFrame]:
    """The latest reporting year of the sample database and its actions (as the page loads them)."""
    from data_access.database import make_engine
    from data_access.queries.nbsap import nbsap_actions, report_years

    with session_scope(make_engine(url)) as session:
        year = max(report_years(session))
        actions = nbsap_actions(session, year)
    return year, actions.loc[actions["status"].isin(status)] if status else actions


def has_save_button(app: AppTest, lang: str) -> bool:
    return any(b.label == t("pg.nbsap.form.save", lang) for b in app.button)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("section", ["status", "actions"])
def test_every_nbsap_section_shows_the_key_figures_of_the_filters(
    sample_url: str, open_page: OpenPage, section: str, lang: str
) -> None:
    year, actions = sample_actions(sample_url)
    app = open_page("nbsap", lang=lang, role="steward", query={"view": section}, year=year)
    assert app.segmented_control(key="view").value == section
    shown = {metric.label: metric.value for metric in app.metric}
    assert shown[t("pg.nbsap.metric.actions", lang)] == format_number(len(actions), lang)
    assert shown[t("pg.nbsap.metric.completed", lang)] == format_percent(nbsap_implementation.completion_rate(actions["status"]), lang)
    assert shown[t("pg.nbsap.metric.overdue", lang)] == format_number(int(actions["overdue"].sum()), lang)
    assert shown[t("pg.nbsap.metric.unlinked", lang)] == format_number(int(actions["unlinked"].sum()), lang)
    charts = [title(spec) for spec in figures(app)]
    if section == "status":
        assert charts == [t("pg.nbsap.chart.distribution", lang, year=year), t("pg.nbsap.chart.timeline", lang)]
        assert not app.tabs and not has_save_button(app, lang)
    else:
        assert charts == [], "the charts are not drawn in the actions section"
        assert [tab.label for tab in app.tabs] == [
            t("pg.nbsap.tab.all", lang, n=len(actions)), t("pg.nbsap.tab.overdue", lang, n=int(actions["overdue"].sum())),
            t("pg.nbsap.tab.unlinked", lang, n=int(actions["unlinked"].sum()))]
        assert len(app.dataframe[0].value) == len(actions)
        assert has_save_button(app, lang), "the editors' form is in the actions section"
    assert not app.error, [e.value for e in app.error]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_tracker_counts_completion_as_the_implementation_report(sample_url: str, open_page: OpenPage,
                                                                    lang: str) -> None:
    """2024: 253 of the 294 actions reported on are completed, 86.1 % as published and as the indicator
    says; the page once divided by all 300 actions (84 %). 2025's statuses are preliminary and say so."""
    app = open_page("nbsap", lang=lang, year=2024)
    shown = {metric.label: metric.value for metric in app.metric}
    assert shown[t("pg.nbsap.metric.completed", lang)] == "86.1%"
    assert not [c.value for c in app.caption if c.value.startswith(t("pg.nbsap.preliminary", lang, n="X").split("X")[0])]
    year, actions = sample_actions(sample_url)
    pending = int((~actions["report_final"]).sum())
    assert year == 2025 and pending > 0
    app = open_page("nbsap", lang=lang, year=year, query={"view": "actions"})
    assert t("pg.nbsap.preliminary", lang, n=format_number(pending, lang)) in [c.value for c in app.caption]
    statuses = app.dataframe[0].value[t("pg.nbsap.col.status", lang)]
    marked = statuses.str.endswith(t("pg.nbsap.status_preliminary", lang, status="")).sum()
    assert marked == pending


def test_the_nbsap_status_charts_count_the_filtered_actions(sample_url: str, open_page: OpenPage) -> None:
    year, actions = sample_actions(sample_url, ["completed", "delayed"])
    app = open_page("nbsap", lang="en", year=year, status=["completed", "delayed"])  # status is the default section
    distribution, timeline = figures(app)
    drawn = {trace["name"]: np.nansum(plotted(trace["y"])) for trace in distribution["data"]}
    expected = actions.groupby("status").size()
    assert drawn == {t(f"pg.nbsap.status.{s}", "en"): n for s, n in expected.items()}
    targets = {x for trace in distribution["data"] for x in plotted(trace["x"])}
    assert targets == set(actions["national_target_code"])
    assert sum(len(plotted(trace["y"])) for trace in timeline["data"]) == min(40, len(actions))


def test_the_timeline_draws_the_first_actions_as_people_number_them(sample_url: str, open_page: OpenPage) -> None:
    """NT2 before NT10 and 1-1-5 before 1-1-12 (text order put NT10-NT12 among the first 40 and
    left NT2-NT9 out), top to bottom in that order whatever their status."""
    year, actions = sample_actions(sample_url)
    assert len(actions) > 40 and {"NT2", "NT10"} <= set(actions["national_target_code"])
    first = actions.head(40)
    assert first["national_target_code"].iloc[0] == "NT1" and "NT10" not in set(first["national_target_code"])
    numbers = [tuple(int(n) for n in code.split("-")) for code in actions["code"]]
    assert numbers == sorted(numbers)  # the sample's action codes are 'target-strategy-action'
    app = open_page("nbsap", lang="en", year=year)
    _distribution, timeline = figures(app)
    order = timeline["layout"]["yaxis"]["categoryarray"]
    assert [label.split(" ", 1)[0] for label in order] == first["code"].tolist()


def test_the_nbsap_actions_section_lists_the_filtered_actions(sample_url: str, open_page: OpenPage) -> None:
    year, actions = sample_actions(sample_url, ["delayed"])
    app = open_page("nbsap", lang="ko", query={"view": "actions"}, year=year, status=["delayed"])
    assert app.tabs[0].label == t("pg.nbsap.tab.all", "ko", n=len(actions))
    listed = app.dataframe[0].value[t("pg.nbsap.col.code", "ko")]
    assert sorted(listed) == sorted(actions["code"])


def test_an_unknown_nbsap_section_opens_the_status(sample_url: str, open_page: OpenPage) -> None:
    year, _ = sample_actions(sample_url)
    app = open_page("nbsap", lang="en", query={"view": "no-such-section"}, year=year)
    assert app.segmented_control(key="view").value == "status"
    assert [title(spec) for spec in figures(app)] == [t("pg.nbsap.chart.distribution", "en", year=year),
                                                      t("pg.nbsap.chart.timeline", "en")]
