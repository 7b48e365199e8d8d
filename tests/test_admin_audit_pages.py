"""The admin page reads the audit log one page at a time (issues 6 and 9), on both databases.

The log only grows; the page counts it and reads the entries shown, newest first, and the CSV
export still holds the whole filtered log.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from data_access.audit import audit_log, record_event
from data_access.database import make_engine, session_scope
from data_access.queries.audit_log import AUDIT_PAGE_ROWS, audit_event_count, audit_log_page, audit_page_count
from i18n import format_number, t

REPO = Path(__file__).resolve().parents[1]


def add_events(engine: Engine, count: int) -> None:
    """`count` entries: every third an export, the others logins, each with a detail."""
    with session_scope(engine) as session:
        for number in range(count):
            record_event(
                session,
                actor=f"user{number}",
                action="export" if number % 3 == 0 else "login",
                target=f"t{number}",
                detail={"n": number, "이름": "김"},
                origin="test",
            )


def test_pages_are_the_log_newest_first_cut_into_pages(engine: Engine) -> None:
    add_events(engine, 2 * AUDIT_PAGE_ROWS + 30)
    with session_scope(engine) as session:
        everything = audit_log(session, limit=None)
        exports = audit_log(session, action="export", limit=None)
        assert audit_event_count(session) == len(everything) == 2 * AUDIT_PAGE_ROWS + 30
        assert audit_event_count(session, action="export") == len(exports)
        assert audit_event_count(session, action="' OR '1'='1") == 0
        pages = [audit_log_page(session, page=p) for p in range(1, audit_page_count(len(everything)) + 1)]
        assert [len(p) for p in pages] == [AUDIT_PAGE_ROWS, AUDIT_PAGE_ROWS, 30]
        joined = [row for p in pages for row in p["id"]]
        assert joined == everything["id"].tolist()  # every entry once, newest first
        first = pages[0]
        assert first.columns.tolist() == everything.columns.tolist()
        assert first["detail"].tolist() == everything["detail"].head(AUDIT_PAGE_ROWS).tolist()
        assert (
            audit_log_page(session, action="export", page=1)["id"].tolist()
            == exports["id"].head(AUDIT_PAGE_ROWS).tolist()
        )
        assert audit_log_page(session, page=4).empty


def open_admin(url: str, **state: object) -> AppTest:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=240)
    app.query_params["lang"] = "en"
    app.session_state["gbf_role"] = "admin"
    app.session_state["gbf_user"] = "boss"
    app.switch_page("pages/admin.py")
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def audit_table(app: AppTest):  # type: ignore[no-untyped-def]
    return next(d.value for d in app.dataframe if t("acc.col.action", "en") in d.value.columns)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_admin_page_shows_one_page_of_the_log(writable_url: str, lang: str) -> None:
    engine = make_engine(writable_url)
    add_events(engine, AUDIT_PAGE_ROWS + 25)
    app = open_admin(writable_url)
    shown = audit_table(app)
    assert len(shown) == AUDIT_PAGE_ROWS
    ids = shown["#"].tolist()
    assert ids == sorted(ids, reverse=True)
    total = AUDIT_PAGE_ROWS + 25
    caption = t(
        "acc.admin.audit_shown",
        "en",
        first=1,
        last=format_number(AUDIT_PAGE_ROWS, "en"),
        total=format_number(total, "en"),
        page=1,
        pages=2,
    )
    assert caption in [c.value for c in app.caption]
    assert any(b.label == t("acc.admin.download_audit", "en") for b in app.get("download_button"))

    app.number_input(key="audit_page").set_value(2).run()
    second = audit_table(app)
    assert len(second) == 25 and max(second["#"]) < min(ids)

    app.selectbox(key="audit_action").set_value("export").run()  # fewer entries: back to page 1
    assert not app.exception, [e.value for e in app.exception]
    assert app.number_input(key="audit_page").value == 1

    exports = open_admin(writable_url, audit_action="export")
    with session_scope(engine) as session:
        expected = audit_event_count(session, action="export")
    assert set(audit_table(exports)[t("acc.col.action", "en")]) == {"export"}
    assert len(audit_table(exports)) == min(expected, AUDIT_PAGE_ROWS)

    localised = AppTest.from_file(str(REPO / "app.py"), default_timeout=240)
    localised.query_params["lang"] = lang
    localised.session_state["gbf_role"] = "admin"
    localised.session_state["gbf_user"] = "boss"
    localised.switch_page("pages/admin.py")
    localised.run()
    assert not localised.exception
    assert localised.number_input(key="audit_page").label == t("acc.admin.audit_page", lang)


def test_an_empty_log_says_so(writable_url: str) -> None:
    app = open_admin(writable_url)
    assert t("acc.admin.no_events", "en") in [i.value for i in app.info]
    assert not app.get("download_button") or all(
        b.label != t("acc.admin.download_audit", "en") for b in app.get("download_button")
    )
