"""GBF Dashboard entry point: navigation, language switch and database connection; nothing else."""

from __future__ import annotations

import streamlit as st

from i18n import t
from ui.access import has_role
from ui.database import current_data_version, database_label, get_engine
from ui.language import language_switch
from ui.sign_in import sign_in_widget

st.set_page_config(page_title="GBF Dashboard", page_icon="🌿", layout="wide")

lang = language_switch()
get_engine()


def page(path: str, key: str, url: str, icon: str, **extra: object) -> st.Page:
    return st.Page(path, title=t(key, lang), url_path=url, icon=icon, **extra)  # type: ignore[arg-type]


# url_path = the file name: Streamlit resolves a fresh link to pages/<name>.py before app.py has run once.
# The overview lives at / (the default page reserves its url_path, which is never shown); its name,
# /overview, leads there too instead of Streamlit's "Page not found".
overview = page("pages/overview.py", "overview.title", "_root", ":material/dashboard:", default=True)
overview_address = st.Page(lambda: st.switch_page(overview, query_params=st.query_params.to_dict()),
                           title=t("overview.title", lang), url_path="overview", visibility="hidden")
pages = {
    t("nav.group.overview", lang): [
        overview,
        overview_address,
        page("pages/target.py", "pg.target.nav", "target", ":material/flag:"),
        page("pages/nbsap.py", "pg.nbsap.title", "nbsap", ":material/checklist:"),
    ],
    t("pg.nav.group.topics", lang): [
        page("pages/species.py", "pg.species.title", "species", ":material/pets:"),
        page("pages/protected_areas.py", "pg.pa.title", "protected_areas", ":material/map:"),
        page("pages/trade.py", "pg.trade.title", "trade", ":material/swap_horiz:"),
        page("pages/specimens.py", "pg.specimens.title", "specimens", ":material/science:"),
        page("pages/cooperation.py", "pg.coop.title", "cooperation", ":material/handshake:"),
    ],
    t("nav.group.data", lang): [
        page("pages/data_management.py", "pg.data.title", "data_management", ":material/upload_file:"),
        page("pages/reports.py", "brf.page.nav", "reports", ":material/description:"),
        # Listed for admins only; a shared /admin link still reaches the page, which explains the refusal.
        page("pages/admin.py", "acc.admin.title", "admin", ":material/admin_panel_settings:",
             visibility="visible" if has_role("admin") else "hidden"),
    ],
}
navigation = st.navigation(pages)
sign_in_widget(lang)
st.sidebar.caption(f"{t('app.database', lang)}: {database_label()}")
st.sidebar.caption(t("app.data_version", lang, version=current_data_version()))
navigation.run()
