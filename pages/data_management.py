"""Data management: import files (preview, problems, confirm), templates, the import log with rollback, freshness."""

from __future__ import annotations

import streamlit as st

from data_access.queries.data_management import data_freshness, import_log
from i18n import format_number, t
from ui.access import has_role, require_role
from ui.components import import_log_shown, table
from ui.data_import import import_workflow, rollback_form
from ui.database import current_data_version, load
from ui.language import current_lang
from ui.stored_queries import load_stored

lang = current_lang()
st.title(t("pg.data.title", lang))
st.caption(t("pg.data.caption", lang, version=current_data_version()))

st.header(t("pg.data.import", lang))
if require_role("steward", lang, stop=False):
    import_workflow(lang)

st.header(t("pg.data.log", lang))
log = load(import_log) if require_role("analyst", lang, stop=False) else None
if log is None:
    pass
elif log.empty:
    st.info(t("overview.no_import", lang))
else:
    shown = import_log_shown(log, lang).assign(sha256=log["sha256"].str.slice(0, 12))
    table(shown, {"id": "#", "started_at": t("pg.data.col.when", lang), "kind": t("pg.data.col.kind", lang),
                  "file_name": t("pg.data.col.file", lang), "imported_by": t("pg.data.col.who", lang),
                  "sha256": t("pg.data.col.hash", lang), "rows_read": t("pg.data.col.read", lang),
                  "rows_inserted": t("pg.data.col.inserted", lang), "rows_updated": t("pg.data.col.updated", lang),
                  "rows_unchanged": t("pg.data.col.unchanged", lang), "rows_rejected": t("pg.data.col.rejected", lang), "status": t("pg.data.col.status", lang)})
    if has_role("steward"):
        with st.expander(t("pg.data.rollback", lang), icon=":material/undo:"):
            rollback_form(log, lang)

st.header(t("pg.data.freshness", lang))
freshness = load_stored(data_freshness)  # counts every table: stored per data version
table(freshness.assign(source=freshness["source"].map(lambda s: t(f"pg.data.source.{s}", lang)),
                       rows=freshness["rows"].map(lambda n: format_number(n, lang)),
                       last_import=freshness["last_import"].astype(str).replace({"None": "–", "NaT": "–"}),
                       latest=freshness["latest"].fillna("–")),
      {"source": t("pg.data.col.source", lang), "rows": t("pg.data.col.rows", lang),
       "latest": t("pg.data.col.latest", lang), "last_import": t("pg.data.col.last_import", lang)})
