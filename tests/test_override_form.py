"""Issue #4: stewards override a computed progress status with a written justification; the
override, its author and time are stored, audited and shown beside the computed status."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_access.database import make_engine, session_scope
from data_access.queries.progress import latest_overrides
from i18n import t

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
