"""Reports: briefing packs (DOCX + PPTX) for CBD and CITES meetings, snapshots, changes since a snapshot."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access.queries.overview import gbf_targets
from data_access.snapshots import (
    TARGET_PROGRESS,
    SnapshotError,
    changes_since,
    create_snapshot,
    list_snapshots,
    snapshot_frames,
    status_changes,
)
from i18n import t
from reports.briefing import build_briefing
from reports.briefing_text import CITES, order_targets
from ui.access import current_user, has_role, origin
from ui.components import table
from ui.database import get_engine, load
from ui.indicators import compute_indicator, registered_indicators
from ui.language import current_lang
from ui.progress import target_statuses

lang = current_lang()
engine = get_engine()
st.title(t("brf.page.title", lang))
st.caption(t("brf.page.caption", lang))
snapshots = list_snapshots(engine)  # not cached: creating a snapshot does not change the data version
names = snapshots["name"].tolist()
LIVE = "__live__"

# --- briefing pack ---------------------------------------------------------------------------
st.header(t("brf.page.pack", lang))
targets = load(gbf_targets)
codes = order_targets([*targets["code"].astype(str), CITES])
titles = {row.code: (row.title_ko if lang == "ko" and row.title_ko else row.title_en) for row in targets.itertuples()}
titles[CITES] = t("brf.cites.title", lang)
with st.form("briefing"):
    chosen = st.multiselect(t("brf.page.targets", lang), codes, default=["3"] if "3" in codes else [],
                            format_func=lambda c: f"{c} · {titles.get(c, '')[:50]}", key="brf_targets",
                            placeholder=t("common.choose", lang))
    left, right = st.columns(2)
    pack_lang = left.radio(t("brf.page.language", lang), ["ko", "en"], index=["ko", "en"].index(lang), horizontal=True,
                           format_func=lambda code: t(f"brf.page.lang.{code}", lang), key="brf_lang")
    meeting = right.text_input(t("brf.page.meeting", lang), placeholder="SBSTTA-27 · COP17 · CITES SC79 · CITES CoP20",
                               key="brf_meeting")
    source = left.selectbox(t("brf.page.source", lang), [LIVE, *names], key="brf_source",
                            format_func=lambda n: t("brf.page.live", lang) if n == LIVE else n)
    since = right.selectbox(t("brf.page.since", lang), [LIVE, *names], key="brf_since",
                            format_func=lambda n: t("brf.page.no_since", lang) if n == LIVE else n)
    build = st.form_submit_button(t("brf.page.build", lang), type="primary")
if build:
    if not chosen:
        st.warning(t("brf.page.choose_target", lang))
    else:
        with st.spinner(t("brf.page.building", lang)):
            try:
                st.session_state["brf_pack"] = build_briefing(
                    engine, targets=chosen, lang=pack_lang, meeting=meeting, actor=current_user(), origin=origin(),
                    snapshot=None if source == LIVE else source, since=None if since == LIVE else since)
            except (SnapshotError, ValueError) as error:
                st.error(str(error))
pack = st.session_state.get("brf_pack")
if pack is not None:
    st.success(t("brf.page.ready", lang, title=pack.content.title, data=pack.content.data_line))
    left, right = st.columns(2)
    left.download_button(t("brf.page.download_docx", lang), pack.docx, file_name=f"{pack.stem}.docx", key="brf_docx",
                         mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    right.download_button(t("brf.page.download_pptx", lang), pack.pptx, file_name=f"{pack.stem}.pptx", key="brf_pptx",
                          mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
    for section in pack.content.sections:
        with st.expander(f"{section.heading} — {section.title}" if section.title else section.heading):
            for number, message in enumerate(section.messages, 1):
                st.markdown(f"{number}. {message}")

# --- national report tables (reports/national_report.py adds its download buttons here) -------

# --- snapshots -------------------------------------------------------------------------------
st.header(t("brf.page.snapshots", lang))
st.caption(t("brf.page.snapshots_help", lang))
if snapshots.empty:
    st.info(t("brf.page.no_snapshots", lang))
else:
    table(snapshots, {"name": t("brf.page.col.name", lang), "note": t("brf.page.col.note", lang),
                      "created_by": t("brf.page.col.created_by", lang), "created_at": t("brf.page.col.created_at", lang),
                      "data_version": t("brf.page.col.data_version", lang), "indicators": t("brf.page.col.indicators", lang)})
if has_role("steward"):
    with st.form("snapshot_create", clear_on_submit=True):
        name = st.text_input(t("brf.page.snapshot_name", lang), placeholder="7NR final · CoP20 briefing", key="brf_snap_name")
        note = st.text_input(t("brf.page.snapshot_note", lang), key="brf_snap_note")
        if st.form_submit_button(t("brf.page.snapshot_create", lang)):
            with st.spinner(t("brf.page.freezing", lang)):
                try:
                    summary = create_snapshot(engine, name, actor=current_user(), note=note, origin=origin())
                except SnapshotError as error:
                    st.error(str(error))
                else:
                    st.success(t("brf.page.snapshot_created", lang, name=summary["name"], n=summary["indicators"],
                                 version=summary["data_version"]))
                    st.rerun()
else:
    st.caption(t("brf.page.steward_only", lang))

# --- changes since a snapshot ----------------------------------------------------------------
if names:
    st.header(t("brf.page.changes", lang))
    base = st.selectbox(t("brf.page.changes_since", lang), names, key="brf_changes")
    current = {i: v.result for i, _m in registered_indicators() if (v := compute_indicator(i)).result is not None}
    changes = changes_since(engine, base, current=current)
    statuses = status_changes(snapshot_frames(engine, base).get(TARGET_PROGRESS, pd.DataFrame()),
                              {code: status.shown for code, status in target_statuses().items()})
    left, right = st.columns(2)
    left.metric(t("brf.page.changed_values", lang), len(changes))
    right.metric(t("brf.page.changed_statuses", lang), len(statuses))
    if not statuses.empty:
        table(statuses.assign(old_status=statuses["old_status"].map(lambda c: t(f"progress.status.{c}", lang)),
                              new_status=statuses["new_status"].map(lambda c: t(f"progress.status.{c}", lang))),
              {"target_code": t("brf.page.col.target", lang), "old_status": t("brf.page.col.old_status", lang),
               "new_status": t("brf.page.col.new_status", lang)})
    if changes.empty:
        st.info(t("brf.page.no_changes", lang, name=base))
    else:
        shown = changes.assign(kind=changes["kind"].map(lambda k: t(f"brf.page.kind.{k}", lang)))
        table(shown, {"indicator_id": t("brf.page.col.indicator", lang), "series": t("brf.col.series", lang),
                      "year": t("brf.year", lang), "old_value": t("brf.page.col.old", lang),
                      "new_value": t("brf.page.col.new", lang), "change": t("brf.col.change", lang),
                      "kind": t("brf.page.col.kind", lang)})
