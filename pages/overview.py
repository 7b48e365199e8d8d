"""Overview: key national figures, progress on the 23 GBF targets, and what the last imports changed."""

from __future__ import annotations

import streamlit as st

from data_access.queries.overview import gbf_targets, recent_imports
from i18n import format_number, format_percent, t
from ui.components import import_log_shown, kind_name, table
from ui.database import load
from ui.downloads import national_report_downloads
from ui.indicators import compute_indicator, headline, registered_indicators
from ui.language import current_lang
from ui.progress import target_statuses
from ui.stored_queries import headline_counts
from ui.target_grid import status_legend, target_grid

lang = current_lang()
st.title(t("overview.title", lang))
st.caption(t("app.subtitle", lang))

counts = headline_counts()
if counts.species == 0 and counts.occurrences == 0:
    st.info(t("overview.empty_database", lang))

st.subheader(t("overview.totals", lang))
columns = st.columns(6)
columns[0].metric(
    t("overview.species", lang), format_number(counts.species, lang),
    help=t("overview.species_help", lang, endemic=format_number(counts.endemic_species, lang)),
)
columns[1].metric(
    t("overview.specimens", lang), format_number(counts.occurrences, lang),
    help=t("overview.specimens_help", lang, specimens=format_number(counts.specimens, lang)),
)
columns[2].metric(
    t("overview.threatened", lang), format_number(counts.threatened_species, lang),
    help=t("overview.threatened_help", lang, year=counts.threatened_year or "–"),
)
columns[3].metric(t("overview.protected_areas", lang), format_number(counts.protected_areas, lang))
coverage = None
if "protected_area_coverage" in dict(registered_indicators()):
    coverage = headline(compute_indicator("protected_area_coverage"))
columns[4].metric(
    t("pg.overview.pa_coverage", lang) if coverage is None
    else t("pg.overview.pa_coverage_year", lang, year=coverage.year),
    format_percent(coverage.value if coverage else None, lang),
    help=t("pg.overview.pa_coverage_help", lang),
)
permit_label = (
    t("overview.permits", lang, year=counts.permit_year) if counts.permit_year else t("overview.permits_none", lang)
)
columns[5].metric(permit_label, format_number(counts.permits_latest_year, lang))
if counts.last_import_kind:
    st.caption(t("overview.last_import", lang, kind=kind_name(counts.last_import_kind, lang),
                 when=(counts.last_import_at or "").replace("T", " ")))
else:
    st.caption(t("overview.no_import", lang))

st.subheader(t("pg.overview.progress", lang))
st.caption(t("pg.overview.progress_help", lang))
targets = load(gbf_targets)
status_legend(lang)
target_grid(targets, target_statuses(), lang)
if lang == "ko":
    st.caption(t("overview.title_ko_unofficial", lang))
national_report_downloads(lang)

st.subheader(t("pg.overview.changes", lang))
imports = load(recent_imports)
if imports.empty:
    st.info(t("overview.no_import", lang))
else:
    table(import_log_shown(imports, lang), {
        "started_at": t("pg.data.col.when", lang), "kind": t("pg.data.col.kind", lang),
        "file_name": t("pg.data.col.file", lang), "rows_inserted": t("pg.data.col.inserted", lang),
        "rows_updated": t("pg.data.col.updated", lang), "rows_rejected": t("pg.data.col.rejected", lang),
        "imported_by": t("pg.data.col.who", lang), "status": t("pg.data.col.status", lang),
    })

with st.expander(t("overview.targets", lang)):
    listing = targets.assign(
        title=targets["title_ko"] if lang == "ko" else targets["title_en"],
        theme=targets["theme_key"].map(lambda key: t(key, lang)),
    )
    table(listing, {"code": t("overview.target_code", lang), "theme": t("overview.target_theme", lang),
                    "title": t("overview.target_title", lang)})
