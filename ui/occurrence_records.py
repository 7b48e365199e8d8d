"""The sensitive-occurrence section of the specimens page, shaped by the role (issue 8).

Viewers get counts per 10 km cell of the EPSG:5179 grid (counts below 3 shown as "<3"), never a
record or an exact position; analysts get the records with exact positions but without the
collector's name; stewards and admins also see names. Downloads carry exactly what is shown.
"""

from __future__ import annotations

import streamlit as st

from data_access.masking import mask_personal, sees_records, suppress_small_counts
from data_access.queries.occurrence_records import RECORD_LIMIT, sensitive_cells, sensitive_records
from i18n import t
from ui.access import audit, current_role
from ui.components import table
from ui.database import load
from ui.stored_queries import load_stored


def sensitive_section(group: str | None, lang: str) -> None:
    st.header(t("acc.sensitive.title", lang))
    role = current_role()
    if not sees_records(role):
        st.caption(t("acc.sensitive.viewer_help", lang))
        # cells stored per data version (grouping 0.2 M positions costs seconds), suppressed per role
        cells = suppress_small_counts(load_stored(sensitive_cells, group), role, ["records", "species"])
        if cells.empty:
            st.info(t("acc.sensitive.none", lang))
            return
        columns = {"grid_cell": t("acc.sensitive.col.cell", lang), "centre_longitude": t("acc.sensitive.col.lon", lang),
                   "centre_latitude": t("acc.sensitive.col.lat", lang), "records": t("pg.specimens.records", lang),
                   "species": t("pg.specimens.col.species", lang)}
        table(cells, columns, key="sensitive_cells")
        _download(cells, "sensitive_occurrences_10km", lang)
        return
    records = mask_personal(load(sensitive_records, group), role)
    if records.empty:
        st.info(t("acc.sensitive.none", lang))
        return
    st.caption(t("acc.sensitive.records_help", lang, n=RECORD_LIMIT))
    if role in ("viewer", "analyst"):
        st.caption(t("acc.masked_note", lang))
    table(records, {c: t(f"acc.rec.{c}", lang) for c in records.columns if c != "is_sensitive"}, key="sensitive_records")
    _download(records.drop(columns=["is_sensitive"]), "sensitive_occurrence_records", lang)


def _download(frame, name: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    st.download_button(t("common.download_csv", lang), frame.to_csv(index=False).encode("utf-8-sig"),
                       file_name=f"{name}.csv", mime="text/csv", key=f"download_{name}",
                       on_click=lambda: audit("export", f"{name}.csv", {"rows": len(frame)}))
