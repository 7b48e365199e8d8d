"""Tables for the 7th national report (7NR) in the shape the CBD Online Reporting Tool takes.

Indicator data: one row per indicator, year and disaggregation, with the ORT's fields (indicator
code, year, value, disaggregation, unit, source, comments; the disaggregation in the report's
language, 'Realm = Terrestrial', its codes beside it, 'realm=terrestrial') for **every** headline and binary
indicator of the monitoring framework: computed values where the dashboard has the indicator,
otherwise a row that says "no data" (headline) or asks for the questionnaire answer (binary).
Component and complementary indicators the dashboard computes follow, as the ORT accepts them
optionally. Section III: for each national target, the level of progress (7NR scale code, staff
override first, as on the overview) and the status of the NBSAP actions under it.

Written as XLSX (one sheet per table) and JSON (the same rows), both from `NationalReport`.

Formula neutralisation: the XLSX goes through `reports.safe_cells` like every export. The JSON
is not opened by a spreadsheet itself, but the ORT (or a person) turns it into a table, where a
cell such as `=cmd|' /C calc'!A0` would run. So the free-text fields of the JSON (names, titles,
units, sources, comments, labels, justifications: `JSON_FREE_TEXT`) get the same leading
apostrophe when they begin with `=`, `+`, `-` or `@`. Codes (indicator, target, action and
status codes), numbers and booleans are left exactly as they are: the ORT matches on them, and a
negative number is data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import Engine, select

from data_access.database import data_version, session_scope
from data_access.models import GbfIndicator
from data_access.queries.nbsap import ACTION_STATUSES, NOT_REPORTED, nbsap_actions, report_years
from data_access.queries.progress import target_progress
from i18n import has, t
from indicators.metadata import load_metadata
from indicators.progress_status import status_label
from indicators.result import IndicatorResult, note_text
from reports.data_package import xlsx_bytes
from reports.indicator_charts import named_filters
from reports.provenance import filters_text
from reports.results import indicator_results
from reports.safe_cells import neutralise

REPORTED_TYPES: tuple[str, ...] = ("headline", "binary")  # expected in the 7NR
OPTIONAL_TYPES: tuple[str, ...] = ("component", "complementary")  # reported when the dashboard computes them
INDICATOR_COLUMNS: tuple[str, ...] = (
    "indicator_code", "year", "value", "disaggregation", "unit", "source", "comments",
    "indicator_name", "indicator_type", "dashboard_indicator", "disaggregation_codes",
)
ACTION_STATUS_COLUMNS: tuple[str, ...] = (*ACTION_STATUSES, NOT_REPORTED)
# The JSON fields that hold free text (from data, staff or the catalogs), per table; every other
# field is a code, a number or a flag and is written unchanged.
JSON_FREE_TEXT: Mapping[str, frozenset[str]] = {
    "indicator_data": frozenset({"disaggregation", "unit", "source", "comments", "indicator_name"}),
    "section_iii": frozenset({"title", "level_of_progress_label", "status_source", "justification", "indicator_statuses"}),
    "nbsap_actions": frozenset({"title", "lead_ministry", "status_label"}),
}


@dataclass(frozen=True)
class NationalReport:
    """The report tables in one language, with the data version they were computed from."""

    lang: str
    indicators: pd.DataFrame
    section_iii: pd.DataFrame
    actions: pd.DataFrame
    data_version: str
    actions_year: int
    generated_on: date = field(default_factory=date.today)
    snapshot: str | None = None


def _code_order(code: str) -> tuple[int, int, str]:
    """A.1 … D.3, then 1.1 … 23.b, as the ORT lists them."""
    head, _, rest = code.partition(".")
    if head.isalpha():
        return (0, ord(head), rest)
    return (1, int(head), rest) if head.isdigit() else (2, 0, code)


def _disaggregation_codes(row: Mapping[str, object], dims: tuple[str, ...]) -> str:
    return "; ".join(f"{dim}={row[dim]}" for dim in dims)


def _comment(row: Mapping[str, object]) -> str:
    lower, upper = row.get("lower"), row.get("upper")
    if isinstance(lower, (int, float)) and isinstance(upper, (int, float)) and pd.notna(lower) and pd.notna(upper):
        return f"interval {lower:.6g}–{upper:.6g}"
    return ""


def result_rows(result: IndicatorResult, code: str, kind: str, name: str, lang: str) -> list[dict[str, object]]:
    """The ORT rows of one computed indicator: every row of its published table."""
    meta = load_metadata(result.indicator_id)
    source = f"{t('rep.nr.national_dataset', lang)}: " + "; ".join(s.name for s in meta.sources)
    frame = result.frame
    rows = []
    for position, row in enumerate(frame.sort_values(list(result.keys)).to_dict("records")):
        notes = "; ".join(note_text(note, lang) for note in result.notes) if position == 0 else ""
        value = row["value"]
        rows.append({
            "indicator_code": code, "year": int(row["year"]),
            "value": None if pd.isna(value) else float(value),
            "disaggregation": filters_text(named_filters(meta, {dim: row[dim] for dim in result.disaggregations}, lang)),
            "unit": meta.unit(lang), "source": source,
            "comments": "; ".join(filter(None, [_comment(row), notes])), "indicator_name": name,
            "indicator_type": kind, "dashboard_indicator": result.indicator_id,
            "disaggregation_codes": _disaggregation_codes(row, result.disaggregations),
        })
    return rows


def indicator_rows(results: Mapping[str, IndicatorResult], gbf_indicators: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Indicator data for every headline and binary indicator, then the optional computed ones.

    `gbf_indicators`: columns code, name, type, unit (the gbf_indicator table).
    """
    by_code: dict[str, IndicatorResult] = {}
    for indicator_id, result in results.items():
        by_code.setdefault(load_metadata(indicator_id).gbf_code, result)
    rows: list[dict[str, object]] = []
    listed = gbf_indicators.loc[
        gbf_indicators["type"].isin(REPORTED_TYPES)
        | (gbf_indicators["type"].isin(OPTIONAL_TYPES) & gbf_indicators["code"].isin(list(by_code)))
    ]
    ordered = sorted(listed.to_dict("records"), key=lambda r: (r["type"] not in REPORTED_TYPES, _code_order(r["code"])))
    for entry in ordered:
        code, kind, name = str(entry["code"]), str(entry["type"]), str(entry["name"])
        result = by_code.get(code)
        if result is not None:
            rows += result_rows(result, code, kind, name, lang)
            continue
        comment = t("rep.nr.binary_question", lang) if kind == "binary" else t("rep.nr.no_data", lang)
        rows.append({
            "indicator_code": code, "year": None, "value": None, "disaggregation": "",
            "unit": entry.get("unit") or "", "source": t("rep.nr.no_data_source", lang), "comments": comment,
            "indicator_name": name, "indicator_type": kind, "dashboard_indicator": "", "disaggregation_codes": "",
        })
    frame = pd.DataFrame(rows, columns=list(INDICATOR_COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    return frame


def action_status_label(code: str, lang: str) -> str:
    key = f"pg.nbsap.status.{code}"
    return t(key, lang) if has(key) else code


def section_iii_rows(progress: pd.DataFrame, actions: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per national target, one row per NBSAP action) for Section III."""
    national = progress.loc[progress["kind"] == "national_target"]
    action_rows = []
    for row in actions.to_dict("records"):
        action_rows.append({
            "national_target": row["national_target_code"], "action_code": row["code"],
            "title": row["title_ko"] if lang == "ko" else row["title_en"],
            "lead_ministry": row["ministry_ko"] if lang == "ko" else row["ministry_en"],
            "status": row["status"], "status_label": action_status_label(str(row["status"]), lang),
            "percent_complete": None if pd.isna(row["percent_complete"]) else float(row["percent_complete"]),
            "report_year": None if pd.isna(row["report_year"]) else int(row["report_year"]),
            # False: the status is from a preliminary report; unknown in snapshots taken before it was kept
            "report_final": bool(row["report_final"]) if "report_final" in row else None,
            "start_year": int(row["start_year"]), "end_year": int(row["end_year"]),
            "overdue": bool(row["overdue"]), "gbf_targets": row["gbf_codes"],
        })
    action_frame = pd.DataFrame(action_rows, columns=[
        "national_target", "action_code", "title", "lead_ministry", "status", "status_label", "percent_complete",
        "report_year", "report_final", "start_year", "end_year", "overdue", "gbf_targets",
    ])
    target_rows = []
    for row in national.to_dict("records"):
        code = row["target_code"]
        mine = action_frame.loc[action_frame["national_target"] == code]
        counts = mine["status"].value_counts()
        staff = row.get("override_status")
        staff_set = isinstance(staff, str) and bool(staff)
        title = row["title_ko"] if lang == "ko" and isinstance(row.get("title_ko"), str) else row["title_en"]
        target_rows.append({
            "national_target": code, "title": title,
            "level_of_progress": row["status"], "level_of_progress_label": status_label(row["status"], lang),
            "status_source": t(f"rep.nr.status_source.{'staff' if staff_set else 'computed'}", lang),
            "computed_status": row["computed_status"],
            "justification": row.get("override_justification") if staff_set else "",
            "indicator_statuses": row.get("indicator_statuses") or "",
            "actions": len(mine),
            **{status: int(counts.get(status, 0)) for status in ACTION_STATUS_COLUMNS},
            "overdue": int(mine["overdue"].sum()),
            "mean_percent_complete": None if mine["percent_complete"].dropna().empty
            else round(float(mine["percent_complete"].mean()), 1),
        })
    return pd.DataFrame(target_rows), action_frame


def gbf_indicator_table(engine: Engine) -> pd.DataFrame:
    """code, name, type, unit of every indicator of the monitoring framework (reference table)."""
    with session_scope(engine) as session:
        rows = session.execute(select(GbfIndicator.code, GbfIndicator.name, GbfIndicator.type, GbfIndicator.unit)).all()
    return pd.DataFrame(rows, columns=["code", "name", "type", "unit"])


def build_national_report(
    engine: Engine,
    lang: str,
    *,
    results: Mapping[str, IndicatorResult] | None = None,
    snapshot: str | None = None,
    year: int | None = None,
) -> NationalReport:
    """The report tables from the database (indicator results computed or taken from `snapshot`).

    `year`: the NBSAP reporting year whose action statuses are shown (default: the latest). With a
    snapshot, the indicator results, the NBSAP action statuses and the data version are the
    frozen ones; the national targets' levels are assessed from the frozen results, and staff
    overrides are the current ones (the snapshot freezes those for the GBF targets only).
    """
    frozen: dict[str, pd.DataFrame] = {}
    version: str | None = None
    if snapshot is not None:
        from data_access.snapshots import NBSAP_ACTIONS, snapshot_frames, snapshot_info

        frozen = snapshot_frames(engine, snapshot)
        version = str(snapshot_info(engine, snapshot)["data_version"])
    if results is None:
        results = indicator_results(engine, snapshot=snapshot)
    with session_scope(engine) as session:
        progress = target_progress(session, results=results, include_national=True)
        if snapshot is not None and NBSAP_ACTIONS in frozen and year is None:
            actions = frozen[NBSAP_ACTIONS]
            reported = actions["report_year"].dropna() if "report_year" in actions else pd.Series(dtype=float)
            actions_year = int(reported.max()) if not reported.empty else date.today().year
        else:
            years = report_years(session)
            actions_year = year or (max(years) if years else date.today().year)
            actions = nbsap_actions(session, actions_year)
        version = version or str(data_version(session))
    indicators = indicator_rows(results, gbf_indicator_table(engine), lang)
    targets, action_frame = section_iii_rows(progress, actions, lang)
    return NationalReport(lang, indicators, targets, action_frame, version, actions_year, snapshot=snapshot)


def about_frame(report: NationalReport) -> pd.DataFrame:
    lang = report.lang
    return pd.DataFrame([
        ("report", "7NR"), ("about", t("rep.nr.about", lang)), ("language", lang),
        ("data_version", report.data_version), ("snapshot", report.snapshot or ""),
        ("nbsap_actions_year", str(report.actions_year)), ("generated_on", report.generated_on.isoformat()),
    ], columns=["field", "value"])


def report_xlsx(report: NationalReport) -> bytes:
    """Sheets: indicator data, Section III targets, NBSAP actions, about."""
    lang = report.lang
    return xlsx_bytes({
        t("rep.nr.sheet.indicators", lang): report.indicators,
        t("rep.nr.sheet.section_iii", lang): report.section_iii,
        t("rep.nr.sheet.actions", lang): report.actions,
        t("rep.nr.sheet.about", lang): about_frame(report),
    })


def _records(frame: pd.DataFrame, table: str) -> list[dict[str, object]]:
    """Rows as JSON objects, with the table's free-text fields neutralised (see the docstring)."""
    free_text = JSON_FREE_TEXT[table]
    records = json.loads(frame.to_json(orient="records", force_ascii=False))
    return [{k: neutralise(v) if k in free_text else v for k, v in record.items()} for record in records]


def report_json(report: NationalReport) -> str:
    """The same tables as JSON: indicator_data rows, and section_iii targets each with its actions.

    Free-text fields are neutralised against spreadsheet formulas; codes and numbers are not.
    """
    actions = _records(report.actions, "nbsap_actions")
    targets = _records(report.section_iii, "section_iii")
    for target in targets:
        target["nbsap_actions"] = [a for a in actions if a["national_target"] == target["national_target"]]
    document = {
        "report": "7NR", "language": report.lang, "about": t("rep.nr.about", report.lang),
        "data_version": report.data_version, "snapshot": report.snapshot,
        "nbsap_actions_year": report.actions_year, "generated_on": report.generated_on.isoformat(),
        "indicator_data": _records(report.indicators, "indicator_data"), "section_iii": targets,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
