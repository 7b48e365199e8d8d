"""The reports page (AppTest, sample database): renders in both languages; a steward freezes a
snapshot and sees no change since it; anyone builds a briefing pack whose numbers are the
indicator results; viewers get no snapshot form."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from streamlit.testing.v1 import AppTest

from data_access.database import bump_data_version, make_engine, session_scope
from data_access.models import TradeCase
from data_access.snapshots import changes_since, list_snapshots, snapshot_results
from i18n import format_number, t

REPO = Path(__file__).resolve().parents[1]


def open_reports(lang: str, **state: object) -> AppTest:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=240)
    app.query_params["lang"] = lang
    app.run()
    app.switch_page("pages/reports.py")
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def button(app: AppTest, label: str):  # type: ignore[no-untyped-def]
    found = [b for b in app.button if b.label == label]
    assert found, f"no button '{label}' in {[b.label for b in app.button]}"
    return found[0]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_viewer_sees_the_page_without_the_snapshot_form(writable_url: str, lang: str) -> None:
    app = open_reports(lang)
    assert app.title[0].value == t("brf.page.title", lang)
    assert [h.value for h in app.header][:2] == [t("brf.page.pack", lang), t("brf.page.snapshots", lang)]
    assert t("brf.page.steward_only", lang) in [c.value for c in app.caption]
    assert not [b for b in app.button if b.label == t("brf.page.snapshot_create", lang)]
    assert t("brf.page.no_snapshots", lang) in [i.value for i in app.info]


def test_steward_freezes_a_snapshot_and_builds_a_briefing(writable_url: str) -> None:
    app = open_reports("en", gbf_role="steward", gbf_user="kim.steward")
    app.text_input(key="brf_snap_name").input("CoP20 briefing")
    app.text_input(key="brf_snap_note").input("numbers for CoP20")
    button(app, t("brf.page.snapshot_create", "en")).click().run()
    assert not app.exception, [e.value for e in app.exception]
    engine = make_engine(writable_url)
    listed = list_snapshots(engine)
    assert listed[["name", "created_by", "note"]].to_dict("records") == [
        {"name": "CoP20 briefing", "created_by": "kim.steward", "note": "numbers for CoP20"}]
    # nothing changed since: the page says so and counts zero changed values
    figures = {m.label: m.value for m in app.metric}
    assert figures[t("brf.page.changed_values", "en")] == "0"
    assert figures[t("brf.page.changed_statuses", "en")] == "0"
    assert t("brf.page.no_changes", "en", name="CoP20 briefing") in [i.value for i in app.info]

    # new seizure cases arrive: the page lists exactly the values changes_since finds
    year = int(snapshot_results(engine, "CoP20 briefing")["wildlife_seizures"].frame["year"].max())
    with session_scope(engine) as session:
        for number in range(3):
            session.add(TradeCase(case_no=f"PAGE-{number}", detected_on=dt.date(year, 3, 1 + number), detected_by="customs"))
        bump_data_version(session)
    app.run()
    expected = changes_since(engine, "CoP20 briefing")
    assert len(expected) >= 2 and set(expected["indicator_id"]) == {"wildlife_seizures"}
    assert {m.label: m.value for m in app.metric}[t("brf.page.changed_values", "en")] == str(len(expected))
    shown = next(d.value for d in app.dataframe if t("brf.page.col.old", "en") in d.value.columns)
    assert shown[t("brf.page.col.new", "en")].tolist() == expected["new_value"].tolist()

    app.multiselect(key="brf_targets").set_value(["CITES"])
    app.text_input(key="brf_meeting").input("CITES CoP20")
    app.selectbox(key="brf_source").set_value("CoP20 briefing")
    button(app, t("brf.page.build", "en")).click().run()
    assert not app.exception, [e.value for e in app.exception]
    pack = app.session_state["brf_pack"]
    assert pack.stem == "briefing_CITES-CoP20_en_CoP20-briefing"
    document = docx.Document(io.BytesIO(pack.docx))
    seizures = snapshot_results(engine, "CoP20 briefing")["wildlife_seizures"].frame
    latest = seizures.loc[seizures["detected_by"] == "all"].sort_values("year").iloc[-1]
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    name = "Wildlife seizures and illegal-trade cases"
    assert [name, t("pg.series.all", "en"), str(int(latest["year"])), format_number(latest["value"], "en")] in [r[:4] for r in rows]
    assert any(s.value.startswith("'Briefing pack: CITES CoP20' is ready") for s in app.success)
