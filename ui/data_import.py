"""The import workflow of the data-management page: upload → preview and every problem → confirm; rollback.

Uses `data_access.importers` (KINDS, run_import, template_path, rollback_batch) when present;
until then the page says the importers are not installed rather than failing.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from i18n import t, text_or
from ui.access import current_user, has_role, origin
from ui.components import kind_label
from ui.database import get_engine
from ui.filters import url_selectbox
from ui.indicators import store_results_in_background

PREVIEW_ROWS = 10


def importers() -> Any | None:
    try:
        import data_access.importers as module
    except ImportError:
        return None
    return module if hasattr(module, "run_import") and hasattr(module, "KINDS") else None


def kinds(module: Any) -> list[str]:
    return list(module.KINDS)


def preview(path: Path) -> pd.DataFrame | None:
    """The first rows of a CSV/TSV/Excel file as the user will recognise them (text, no type guessing)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt", ".tsv"):
            for encoding in ("utf-8-sig", "cp949"):
                try:
                    return pd.read_csv(path, sep=None, engine="python", nrows=PREVIEW_ROWS, dtype=str, encoding=encoding)
                except UnicodeDecodeError:
                    continue
        if suffix in (".xlsx", ".xls"):
            return pd.read_excel(path, nrows=PREVIEW_ROWS, dtype=str)
    except Exception:  # noqa: BLE001 - a preview that fails is simply not shown; the importer reports why
        return None
    return None


def safe_upload_name(name: str) -> str:
    """The uploaded file's own name reduced to letters, digits, '.', '_' and '-' (no folders, no '..')."""
    base = re.sub(r"[^\w.\-]", "_", Path(str(name).replace("\\", "/")).name).lstrip(".")
    return base[:120] or "upload"


def _saved_upload(upload: Any) -> Path:
    """The upload written into the scratch folder (never elsewhere; never executed, only read)."""
    data = upload.getvalue()
    folder = (Path(tempfile.gettempdir()) / "gbf_uploads" / hashlib.sha256(data).hexdigest()[:16]).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    path = (folder / safe_upload_name(upload.name)).resolve()
    if path.parent != folder:
        raise ValueError(f"upload name escapes the scratch folder: {upload.name!r}")
    path.write_bytes(data)
    return path


def _show_report(report: Any, lang: str) -> None:
    errors = list(getattr(report, "errors", []) or [])
    warnings = list(getattr(report, "warnings", []) or [])
    counts = {k: getattr(report, k) for k in ("rows_read", "rows_inserted", "rows_updated", "rows_unchanged", "rows_rejected")
              if hasattr(report, k)}
    if counts:
        st.caption(" · ".join(f"{text_or(f'pg.data.count.{k}', lang, k)}: {v:,}" for k, v in counts.items()))
    if errors:
        st.error(t("pg.data.import.problems", lang, n=len(errors)))
        st.dataframe(pd.DataFrame({t("pg.data.import.problem", lang): [e.message(lang) for e in errors]}),
                     hide_index=True, width="stretch")
        _problem_download(report, lang)
    for warning in warnings[:200]:
        st.warning(warning.message(lang) if hasattr(warning, "message") else str(warning))


def _problem_download(report: Any, lang: str) -> None:
    """Every problem (file, row, column, value, message, expected) as a CSV, formulas neutralised:
    the values come from the uploaded file and must not run when the report is opened in Excel."""
    if not hasattr(report, "problem_rows"):
        return
    from reports.safe_cells import safe_frame

    frame = pd.DataFrame(report.problem_rows(lang))
    frame.columns = t("importers.report.columns", lang).split("|")
    data = safe_frame(frame).to_csv(index=False).encode("utf-8-sig")
    name = f"{Path(report.file).stem}.problems.{lang}.csv"
    st.download_button(t("importers.report.download", lang), data, file_name=name, mime="text/csv",
                       key=f"problems_{report.sha256[:12]}_{int(report.dry_run)}")


def import_workflow(lang: str) -> None:
    if not has_role("steward"):  # the page checks too; this keeps the widget safe wherever it is used
        return
    module = importers()
    if module is None:
        st.info(t("pg.data.import.unavailable", lang))
        return
    available = kinds(module)
    kind = url_selectbox(t("pg.data.import.kind", lang), available, key="kind",
                         format_func=lambda k: kind_label(k, lang))
    template = getattr(module, "template_path", None)
    if template is not None:
        try:
            path = Path(template(kind, lang))
            st.download_button(t("pg.data.import.template", lang), path.read_bytes(), file_name=path.name,
                               key=f"template_{kind}")
        except Exception:  # noqa: BLE001 - not every kind has a template (e.g. published downloads)
            st.caption(t("pg.data.import.no_template", lang))
    user = current_user()
    upload = st.file_uploader(t("pg.data.import.file", lang), key=f"upload_{kind}")
    if upload is None:
        return
    path = _saved_upload(upload)
    rows = preview(path)
    if rows is not None:
        st.markdown(f"**{t('pg.data.import.preview', lang, n=len(rows))}**")
        st.dataframe(rows, hide_index=True, width="stretch")
    report = module.run_import(get_engine(), kind, path, user=user or "dashboard", dry_run=True)
    _show_report(report, lang)
    if getattr(report, "errors", None):
        st.info(t("pg.data.import.fix_and_retry", lang))
        return
    st.success(t("pg.data.import.ready", lang))
    if st.button(t("pg.data.import.confirm", lang), type="primary", disabled=not user, key="import_confirm"):
        final = module.run_import(get_engine(), kind, path, user=user, dry_run=False, origin=origin())
        _show_report(final, lang)
        if not getattr(final, "errors", None):
            st.success(t("pg.data.import.done", lang))
            store_results_in_background()
    if not user:
        st.caption(t("pg.data.import.need_user", lang))


def rollback_form(log: pd.DataFrame, lang: str) -> None:
    if not has_role("steward"):
        return
    module = importers()
    rollback = getattr(module, "rollback_batch", None) if module else None
    committed = log.loc[log["status"] == "committed"]
    if rollback is None or committed.empty:
        st.caption(t("pg.data.rollback.unavailable", lang))
        return
    labels = {int(r.id): f"#{r.id} · {r.kind} · {r.file_name} · {r.started_at}" for r in committed.itertuples()}
    batch = st.selectbox(t("pg.data.rollback.batch", lang), list(labels), format_func=labels.get, key="rollback_batch")
    sure = st.checkbox(t("pg.data.rollback.confirm", lang), key="rollback_sure")
    user = current_user()
    if st.button(t("pg.data.rollback.button", lang), disabled=not (sure and user), key="rollback_go"):
        report = rollback(get_engine(), batch, user=user, origin=origin())
        if getattr(report, "errors", None):
            st.error(t("pg.data.rollback.failed", lang, error="; ".join(e.message(lang) for e in report.errors)))
        else:
            st.success(t("pg.data.rollback.done", lang, batch=batch))
            store_results_in_background()
