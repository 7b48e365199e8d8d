"""Each role on each page (issue 8): what is shown, what is refused, what is masked, and that
sign-ins, edits and account changes reach the audit log. AppTest on the sample database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from data_access.accounts import create_user
from data_access.database import make_engine, session_scope
from data_access.masking import MASK, SUPPRESSED
from data_access.models import Taxon
from data_access.models.access import AuditEvent, UserAccount
from i18n import t
from tests.conftest import OpenPage

REPO = Path(__file__).resolve().parents[1]
ROLES = ("viewer", "analyst", "steward", "admin")
PAGES = ["overview", "target", "nbsap", "species", "protected_areas", "trade", "specimens", "cooperation",
         "data_management", *(["reports"] if (REPO / "pages" / "reports.py").exists() else [])]
PASSWORD = "correct horse battery staple"
INJECTIONS = (
    "' OR '1'='1",
    "'; DROP TABLE taxon; --",
    "\" OR \"\"=\"",
    "x' UNION SELECT password_hash, 1, 1, 1, 1, 1 FROM user_account --",
    "1; UPDATE data_version SET version = 999",
)


def refused(app: AppTest, required: str, role: str, lang: str = "en") -> bool:
    """True when the page shows the explained refusal for `required` to `role`."""
    message = t("acc.refused", lang, required=t(f"acc.role.{required}", lang), role=t(f"acc.role.{role}", lang))
    return any(w.value == message for w in app.warning)


def audit_rows(url: str, action: str) -> list[AuditEvent]:
    with session_scope(make_engine(url)) as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_for_every_role(sample_url: str, page: str, role: str, open_page: OpenPage) -> None:
    app = open_page(page, role=role)
    assert app.title and not app.error, [e.value for e in app.error]


def test_anonymous_visitor_is_a_viewer_without_set_up(sample_url: str) -> None:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=240)
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception
    sidebar = " ".join(c.value for c in app.sidebar.caption)
    assert t("acc.anonymous", "en") in sidebar
    assert t("acc.no_accounts", "en") in sidebar  # the sample database has no accounts: explains set-up


@pytest.mark.parametrize("role", ROLES)
def test_data_management_by_role(sample_url: str, role: str, open_page: OpenPage) -> None:
    app = open_page("data_management", role=role)
    steward = role in ("steward", "admin")
    assert refused(app, "steward", role) is not steward
    assert any(s.key == "kind" for s in app.selectbox) is steward, "the import workflow is for stewards"
    assert any(b.key == "rollback_go" for b in app.button) is steward
    assert refused(app, "analyst", role) is (role == "viewer")
    headers = [c for d in app.dataframe for c in d.value.columns]
    assert (t("pg.data.col.who", "en") in headers) is (role != "viewer"), "the import log lists staff: analysts up"
    assert (t("pg.data.col.unchanged", "en") in headers) is (role != "viewer"), "re-imports show as unchanged rows"
    assert t("pg.data.col.source", "en") in headers, "freshness is an aggregate every role sees"


@pytest.mark.parametrize("role", ROLES)
def test_nbsap_form_only_for_stewards(sample_url: str, role: str, open_page: OpenPage) -> None:
    app = open_page("nbsap", role=role, query={"view": "actions"})
    has_save = any(b.label == t("pg.nbsap.form.save", "en") for b in app.button)
    assert has_save is (role in ("steward", "admin"))


def test_nbsap_edit_is_audited_with_the_signed_in_user(writable_url: str, open_page: OpenPage) -> None:
    from data_access.queries.nbsap import nbsap_actions

    with session_scope(make_engine(writable_url)) as session:
        actions = nbsap_actions(session, 2030)
    code = actions.loc[actions["start_year"] <= 2025, "code"].iloc[0]
    app = open_page("nbsap", role="steward", user="steward.kim", query={"view": "actions"}, nbsap_form_action=code)
    next(w for w in app.number_input if w.label == "Year").set_value(2025)
    next(s for s in app.selectbox if s.label == "Status").set_value("delayed")
    next(w for w in app.text_input if w.label == "Reported by").set_value(INJECTIONS[1])
    next(b for b in app.button if b.label == "Save").click()
    app.run()
    assert not app.exception
    (entry,) = audit_rows(writable_url, "edit")
    assert entry.actor == "steward.kim" and entry.target == f"nbsap_progress:{code}:2025"
    assert entry.detail["reported_by"] == INJECTIONS[1], "text is stored as data, never run as SQL"
    assert entry.origin.startswith("web:")
    with session_scope(make_engine(writable_url)) as session:
        assert session.scalar(select(func.count()).select_from(Taxon)) > 0


@pytest.mark.parametrize("role", ROLES)
def test_trade_anomalies_by_role(sample_url: str, role: str, open_page: OpenPage) -> None:
    app = open_page("trade", role=role, query={"view": "followup"})
    columns = [c for d in app.dataframe for c in d.value.columns]
    lists_records = t("pg.trade.col.event", "en") in columns
    assert lists_records is (role != "viewer"), "individual late reports are for analysts and above"
    assert any(c.value == t("acc.suppressed_note", "en") for c in app.caption) is (role == "viewer")


@pytest.mark.parametrize("role", ROLES)
def test_sensitive_occurrences_by_role(sample_url: str, role: str, open_page: OpenPage) -> None:
    app = open_page("specimens", role=role, query={"view": "records"})  # the sensitive records follow the group filter
    frames = [frame.value for frame in app.dataframe]
    cell_tables = [f for f in frames if t("acc.sensitive.col.cell", "en") in f.columns]
    record_tables = [f for f in frames if t("acc.rec.record_key", "en") in f.columns]
    if role == "viewer":
        assert len(cell_tables) == 1 and not record_tables
        cells = cell_tables[0]
        assert cells[t("acc.sensitive.col.cell", "en")].str.match(r"^10kmE\d+N\d+$").all()
        records = cells[t("pg.specimens.records", "en")]
        assert (records == SUPPRESSED).any() and not records.isin(["1", "2"]).any()
        return
    assert len(record_tables) == 1 and not cell_tables
    recorded_by = record_tables[0][t("acc.rec.recorded_by", "en")].dropna()
    assert len(recorded_by) > 0
    if role == "analyst":
        assert (recorded_by == MASK).all(), "analysts see records without personal data"
    else:
        assert not (recorded_by == MASK).any(), "stewards see the collector's name"


@pytest.mark.parametrize("role", ["viewer", "analyst", "steward"])
def test_admin_page_is_refused_below_admin(sample_url: str, role: str, open_page: OpenPage) -> None:
    app = AppTest.from_file(str(REPO / "pages" / "admin.py"), default_timeout=120)
    app.query_params["lang"] = "ko"
    app.session_state["gbf_role"] = role
    app.run()
    assert not app.exception
    assert refused(app, "admin", role, "ko") and not app.dataframe and not app.button
    # Through the router (a shared /admin link): the same refusal, not a silent jump to the overview.
    routed = open_page("admin", role=role, lang="en")
    assert not routed.exception
    assert refused(routed, "admin", role, "en") and not routed.dataframe
    assert [button.key for button in routed.button] == ["sign_out"]  # the sidebar's, nothing of the page
    assert not any(title.value == t("overview.title", "en") for title in routed.title)


def test_admin_adds_an_account_and_sees_the_audit_log(writable_url: str, open_page: OpenPage) -> None:
    app = open_page("admin", role="admin", user="boss")
    assert not app.warning
    app.text_input(key="admin_new_name").set_value("analyst.lee")
    app.text_input(key="admin_new_password").set_value(PASSWORD)
    app.selectbox(key="admin_new_role").set_value("analyst")
    next(b for b in app.button if b.label == t("acc.admin.add_button", "en")).click()
    app.run()
    assert not app.exception and app.success
    with session_scope(make_engine(writable_url)) as session:
        account = session.scalar(select(UserAccount).where(UserAccount.username == "analyst.lee"))
        assert account is not None and account.role == "analyst" and account.created_by == "boss"
    (entry,) = audit_rows(writable_url, "user_add")
    assert entry.actor == "boss" and entry.target == "analyst.lee"
    app.run()
    audit = next(d.value for d in app.dataframe if t("acc.col.action", "en") in d.value.columns)
    assert "user_add" in audit[t("acc.col.action", "en")].tolist()
    assert any(b.label == t("acc.admin.download_audit", "en") for b in app.get("download_button"))


@pytest.mark.parametrize("name", INJECTIONS)
def test_admin_add_user_refuses_hostile_names(writable_url: str, name: str, open_page: OpenPage) -> None:
    app = open_page("admin", role="admin", user="boss")
    app.text_input(key="admin_new_name").set_value(name)
    app.text_input(key="admin_new_password").set_value(PASSWORD)
    next(b for b in app.button if b.label == t("acc.admin.add_button", "en")).click()
    app.run()
    assert any(e.value.startswith(t("acc.error.username", "en", value="")[:10]) for e in app.error)
    with session_scope(make_engine(writable_url)) as session:
        assert session.scalar(select(func.count()).select_from(UserAccount)) == 0


def _sign_in(app: AppTest, username: str, password: str) -> AppTest:
    app.text_input(key="sign_in_username").set_value(username)
    app.text_input(key="sign_in_password").set_value(password)
    next(b for b in app.button if b.label == t("acc.sign_in", "en")).click()
    return app.run()


def test_local_sign_in_sets_the_role_and_is_audited(writable_url: str) -> None:
    with session_scope(make_engine(writable_url)) as session:
        create_user(session, "steward.kim", PASSWORD, "steward", actor="test")
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=240)
    app.query_params["lang"] = "en"
    app.run()
    _sign_in(app, "steward.kim", "wrong password")
    assert "gbf_role" not in app.session_state
    assert any(e.value == t("acc.sign_in_failed", "en") for e in app.error)
    _sign_in(app, "steward.kim", PASSWORD)
    assert not app.exception
    assert app.session_state["gbf_role"] == "steward" and app.session_state["gbf_user"] == "steward.kim"
    assert any(t("acc.signed_in_as", "en", user="steward.kim", role=t("acc.role.steward", "en")) == c.value
               for c in app.sidebar.caption)
    assert [e.actor for e in audit_rows(writable_url, "login_failed")] == ["steward.kim"]
    (login,) = audit_rows(writable_url, "login")
    assert login.actor == "steward.kim" and login.origin.startswith("web:")
    next(b for b in app.button if b.label == t("acc.sign_out", "en")).click()
    app.run()
    assert "gbf_role" not in app.session_state
    assert [e.actor for e in audit_rows(writable_url, "logout")] == ["steward.kim"]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_sign_in_with_injection_text_is_refused(writable_url: str, payload: str) -> None:
    with session_scope(make_engine(writable_url)) as session:
        create_user(session, "admin.park", PASSWORD, "admin", actor="test")
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=240)
    app.query_params["lang"] = "en"
    app.run()
    _sign_in(app, payload, payload)
    assert "gbf_role" not in app.session_state
    _sign_in(app, "admin.park", payload)
    assert "gbf_role" not in app.session_state


@pytest.mark.parametrize("payload", INJECTIONS)
def test_species_search_treats_injection_as_text(sample_url: str, payload: str, open_page: OpenPage) -> None:
    with session_scope(make_engine(sample_url)) as session:
        before = session.scalar(select(func.count()).select_from(Taxon))
    app = open_page("species", role="viewer", q=payload)
    assert any("No species on the national list matches" in i.value for i in app.info)
    assert not app.dataframe or all("password_hash" not in d.value.columns for d in app.dataframe)
    with session_scope(make_engine(sample_url)) as session:
        assert session.scalar(select(func.count()).select_from(Taxon)) == before


def test_single_sign_on_is_offered_when_auth_is_configured(sample_url: str) -> None:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=240)
    app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                           "client_id": "gbf", "client_secret": "secret",
                           "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert [b.label for b in app.sidebar.button] == [t("acc.sso_sign_in", "en")]
    assert not any(w.key == "sign_in_password" for w in app.text_input), "no local passwords beside the SSO"
    assert "gbf_role" not in app.session_state


@pytest.mark.parametrize(("email", "role"), [("park@korea.kr", "steward"), ("stranger@korea.kr", "viewer")])
def test_a_single_sign_on_person_gets_their_accounts_role(writable_url: str, email: str, role: str) -> None:
    """After the provider's login (st.user seeded as Streamlit would), the person has the role of the
    account with their e-mail, or viewer, and the sign-in is audited once."""
    with session_scope(make_engine(writable_url)) as session:
        create_user(session, "park", None, "steward", email="Park@Korea.kr", actor="test")
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=240)
    app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                           "client_id": "gbf", "client_secret": "secret",
                           "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
    app.user = {"is_logged_in": True, "email": email}
    app.query_params["lang"] = "en"
    app.run()
    app.run()  # a rerun must not audit the same sign-in again
    assert not app.exception, [e.value for e in app.exception]
    assert app.session_state["gbf_role"] == role and app.session_state["gbf_user"] == email
    assert [b.label for b in app.sidebar.button] == [t("acc.sign_out", "en")]
    with session_scope(make_engine(writable_url)) as session:
        logins = session.scalars(select(AuditEvent).where(AuditEvent.action == "login")).all()
        assert [(e.actor, (e.detail or {}).get("via")) for e in logins] == [(email, "oidc")]
