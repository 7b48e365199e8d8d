"""Issue #4: stewards override a computed progress status with a written justification; the
override, its author and time are stored, audited and shown beside the computed status.

Also the target page in sections (performance issue #9): the status stays above a section control
with one section per indicator of the target and a last one for the national links; only the
chosen section is computed and drawn."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from data_access.database import make_engine, session_scope
from data_access.queries.progress import latest_overrides
from i18n import t
from tests.conftest import OpenPage

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def audit_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Every audit entry record_override writes (the audit module may still be a stub)."""
    from data_access.queries import progress

    calls: list[dict] = []
    real = progress.record_event

    def spy(session, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs)
        return real(session, **kwargs)

    monkeypatch.setattr(progress, "record_event", spy)
    return calls


def target_page(lang: str, code: str, **state: object) -> AppTest:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=240)
    app.query_params["lang"] = lang
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    app.switch_page("pages/target.py")
    app.session_state["target"] = code
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def test_steward_override_is_stored_audited_and_shown_beside_the_computed_status(
    writable_url: str, audit_calls: list[dict]
) -> None:
    app = target_page("en", "3", gbf_role="steward", gbf_user="kim.steward")
    computed_before = metric(app, t("pg.target.computed_status", "en"))
    app.selectbox(key="override_form_status").set_value("moving_away")
    app.text_area(key="override_form_justification").set_value("Two national parks were de-gazetted in 2025.")
    app.button(key="override_form_submit").click().run()
    assert not app.exception, [e.value for e in app.exception]

    assert [s.value for s in app.success] == [
        t("progress.form.saved", "en", code="3", status=t("pg.progress.moving_away", "en"))]
    # shown beside the computed one, which is unchanged
    assert metric(app, t("pg.target.staff_status", "en")) == t("pg.progress.moving_away", "en")
    assert metric(app, t("pg.target.computed_status", "en")) == computed_before
    shown = " ".join(c.value for c in app.caption) + " ".join(m.value for m in app.markdown)
    assert "kim.steward" in shown and "Two national parks were de-gazetted in 2025." in shown

    with session_scope(make_engine(writable_url)) as session:
        stored = latest_overrides(session).set_index("target_code").loc["3"]
    assert stored["override_status"] == "moving_away"
    assert stored["override_author"] == "kim.steward"
    assert stored["override_justification"] == "Two national parks were de-gazetted in 2025."
    assert stored["override_at"] is not None
    assert stored["override_at"].strftime("%Y-%m-%d %H:%M UTC") in shown
    assert audit_calls == [{"actor": "kim.steward", "action": "override", "target": "3", "origin": "web",
                            "detail": {"status": "moving_away",
                                       "justification": "Two national parks were de-gazetted in 2025.",
                                       "report_year": None, "override_id": audit_calls[0]["detail"]["override_id"]}}]

    from sqlalchemy import select

    from data_access.models.access import AuditEvent

    with session_scope(make_engine(writable_url)) as session:
        logged = session.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.target, AuditEvent.origin)
                                 .where(AuditEvent.action == "override")).all()
    assert [tuple(row) for row in logged] == [("kim.steward", "override", "3", "web")]

    # a viewer opening the same target sees the steward's status, author and justification, but no form
    viewer = target_page("ko", "3")
    assert metric(viewer, t("pg.target.staff_status", "ko")) == t("pg.progress.moving_away", "ko")
    viewer_text = " ".join(c.value for c in viewer.caption) + " ".join(m.value for m in viewer.markdown)
    assert "kim.steward" in viewer_text and "Two national parks were de-gazetted in 2025." in viewer_text


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_viewer_sees_no_form(writable_url: str, lang: str) -> None:
    app = target_page(lang, "3", gbf_role="viewer")
    keys = {w.key for w in [*app.selectbox, *app.text_area, *app.button]}
    assert not {"override_form_status", "override_form_justification", "override_form_submit"} & keys
    assert t("progress.form.stewards_only", lang) in [c.value for c in app.caption]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_empty_justification_is_refused_in_the_readers_language(
    writable_url: str, audit_calls: list[dict], lang: str
) -> None:
    app = target_page(lang, "3", gbf_role="steward", gbf_user="lee")
    app.selectbox(key="override_form_status").set_value("achieved")
    app.text_area(key="override_form_justification").set_value("   ")
    app.button(key="override_form_submit").click().run()
    assert [e.value for e in app.error] == [t("progress.justification_required", lang)]
    assert metric(app, t("pg.target.staff_status", lang)) == "–"
    assert audit_calls == []
    with session_scope(make_engine(writable_url)) as session:
        assert "3" not in set(latest_overrides(session)["target_code"])


# --- The target page in sections -------------------------------------------------------------

NATIONAL = "national"


def section_ids(code: str) -> list[str]:
    """The section codes the target page offers for `code`: its indicators, then the national links."""
    from ui.indicators import indicators_for_target

    return [indicator_id for indicator_id, _meta in indicators_for_target(code)] + [NATIONAL]


def section_labels(code: str, lang: str) -> list[str]:
    from ui.indicators import indicators_for_target

    return [meta.name(lang) for _id, meta in indicators_for_target(code)] + [t("pg.target.section.national", lang)]


def chart_keys(app: AppTest) -> list[str]:
    """The keys of the plotly charts the run drew (their element id ends with the key)."""
    return [element.proto.id.split("-", 2)[-1] for element in app.get("plotly_chart")]


def numbers(values: object) -> list[float]:
    """Plotly's JSON array: a plain list, or a typed array ({'dtype', 'bdata'}) since plotly 6."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).astype(float).tolist()
    return [float(v) for v in values]  # type: ignore[union-attr]


def drawn_points(app: AppTest, key: str) -> dict[str, dict[int, float]]:
    """{series name: {year: value}} of the markers of the chart with `key`."""
    element = next(e for e in app.get("plotly_chart") if e.proto.id.endswith(f"-{key}"))
    traces = json.loads(element.proto.spec)["data"]
    return {trace["name"]: dict(zip(map(int, numbers(trace["x"])), numbers(trace["y"]), strict=True))
            for trace in traces if trace.get("mode") == "markers"}


def expected_points(indicator_id: str, lang: str) -> dict[str, dict[int, float]]:
    """What the trend chart of `indicator_id` must show, read from the indicator result."""
    from reports.indicator_charts import fixed_values, plotted_subset
    from ui.indicators import compute_indicator

    view = compute_indicator(indicator_id)
    assert view.result is not None and view.metadata is not None, view.problem
    meta, frame, dims = view.metadata, view.result.frame, view.result.disaggregations
    for dim, value in fixed_values(frame.loc[frame["value"].notna()], dims[1:], meta).items():
        frame = frame.loc[frame[dim] == value]  # the panel fixes the other disaggregations
    series = dims[0] if dims else None
    drawn = plotted_subset(frame, series, meta)
    groups = [(meta.name(lang), drawn)] if series is None else [
        (meta.value_name(series, value, lang), rows) for value, rows in drawn.groupby(series, sort=True)]
    return {name: dict(zip(rows["year"].astype(int), rows["value"].astype(float), strict=True)) for name, rows in groups}


@pytest.fixture
def computed_indicators(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the indicators the target page's panels computed during the test."""
    from ui import indicator_panel

    calls: list[str] = []
    real = indicator_panel.compute_indicator

    def spy(indicator_id: str, **options: object):  # type: ignore[no-untyped-def]
        calls.append(indicator_id)
        return real(indicator_id, **options)

    monkeypatch.setattr(indicator_panel, "compute_indicator", spy)
    return calls


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_section_of_the_target_page_opens_in_both_languages(
    sample_url: str, open_page: OpenPage, lang: str
) -> None:
    for code in section_ids("3"):
        app = open_page("target", lang=lang, query={"view": code}, target="3")
        control = app.segmented_control(key="view")
        assert (control.value, control.options) == (code, section_labels("3", lang))
        assert app.title[0].value == t("pg.target.title_target", lang, code="3")
        # the computed and staff-set status stay above the sections
        assert [m.label for m in app.metric] == [t("pg.target.computed_status", lang), t("pg.target.staff_status", lang)]
        assert not app.error, [e.value for e in app.error]


def test_target_3_has_several_indicator_sections() -> None:
    assert len(section_ids("3")) >= 3, "the section tests below need a target with two indicators or more"


@pytest.mark.parametrize("indicator_id", [i for i in section_ids("3") if i != NATIONAL])
def test_an_indicator_section_computes_and_draws_only_that_indicator(
    sample_url: str, open_page: OpenPage, computed_indicators: list[str], indicator_id: str
) -> None:
    app = open_page("target", lang="en", query={"view": indicator_id}, target="3")
    assert computed_indicators and set(computed_indicators) == {indicator_id}
    keys = chart_keys(app)
    assert f"ind_{indicator_id}_trend" in keys
    assert all(key.startswith(f"ind_{indicator_id}_") for key in keys), keys
    drawn, expected = drawn_points(app, f"ind_{indicator_id}_trend"), expected_points(indicator_id, "en")
    assert expected and drawn.keys() == expected.keys()
    for name, points in expected.items():
        assert drawn[name] == pytest.approx(points), name
    assert t("pg.target.national", "en") not in [h.value for h in app.header]


def test_the_national_section_lists_the_links_and_actions_without_indicators(
    sample_url: str, open_page: OpenPage, computed_indicators: list[str]
) -> None:
    from data_access.queries.target import actions_for_target, linked_national_targets
    from tests.test_pages import query

    app = open_page("target", lang="en", query={"view": NATIONAL}, target="3")
    assert computed_indicators == [] and chart_keys(app) == []
    assert t("pg.target.national", "en") in [h.value for h in app.header]
    national = query(sample_url, linked_national_targets, "3")
    actions = query(sample_url, actions_for_target, "3")
    assert not national.empty and not actions.empty, "the sample links target 3 to national targets and actions"
    tables = [d.value for d in app.dataframe]
    assert any(len(frame) == len(national) and t("overview.target_title", "en") in frame.columns for frame in tables)
    assert any(len(frame) == len(actions) and t("pg.nbsap.col.status", "en") in frame.columns for frame in tables)
    counts = actions["status"].fillna("not_reported").value_counts()
    expected = {f"{t(f'pg.nbsap.status.{status}', 'en')} {count}" for status, count in counts.items()}
    assert any(set(c.value.split(" · ")) == expected for c in app.caption), "the actions counted by status"


def test_an_unknown_section_opens_the_first_indicator(
    sample_url: str, open_page: OpenPage, computed_indicators: list[str]
) -> None:
    first = section_ids("3")[0]
    app = open_page("target", lang="en", query={"view": "no-such-section"}, target="3")
    assert app.segmented_control(key="view").value == first
    assert set(computed_indicators) == {first} and f"ind_{first}_trend" in chart_keys(app)


def test_changing_the_target_drops_a_section_of_the_previous_target(sample_url: str, open_page: OpenPage) -> None:
    stale = next(i for i in section_ids("3") if i not in section_ids("4"))
    app = open_page("target", lang="en", query={"view": stale}, target="3")
    assert app.segmented_control(key="view").value == stale
    app.sidebar.selectbox(key="target").set_value("4").run()
    assert not app.exception, [e.value for e in app.exception]
    first = section_ids("4")[0]
    assert app.title[0].value == t("pg.target.title_target", "en", code="4")
    assert app.segmented_control(key="view").value == first
    assert app.query_params["view"] in (first, [first])
    keys = chart_keys(app)
    assert f"ind_{first}_trend" in keys and all(key.startswith(f"ind_{first}_") for key in keys), keys


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_target_without_indicator_opens_the_national_section(
    sample_url: str, open_page: OpenPage, computed_indicators: list[str], lang: str
) -> None:
    from data_access.queries.target import gbf_indicators_for_target
    from tests.test_pages import query

    empty = next(str(c) for c in range(1, 24) if section_ids(str(c)) == [NATIONAL])
    app = open_page("target", lang=lang, query={"view": "protected_area_coverage"}, target=empty)
    control = app.segmented_control(key="view")
    assert (control.value, control.options) == (NATIONAL, [t("pg.target.section.national", lang)])
    assert t("pg.target.no_indicator", lang) in [info.value for info in app.info]
    assert computed_indicators == [] and chart_keys(app) == []
    assert t("pg.target.national", lang) in [h.value for h in app.header]
    framework = query(sample_url, gbf_indicators_for_target, empty)
    expanders = [e.label for e in app.expander]
    assert (t("pg.target.framework", lang, n=len(framework)) in expanders) is not framework.empty
