"""NBSAP actions and their yearly progress (`nbsap`), Korea's 5th strategy (2024-2028).

One template row is one action, or one action-year when the progress columns are filled: the
action columns repeat and must agree. `gbf_targets` and `indicators` are `;`-separated lists and
are the action's complete set of links (a corrected file replaces them; the previous set is kept
for rollback). National target, ministry and GBF codes must exist in the reference tables.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from data_access.importers.pipeline import ChildSet, ImportContext, Plan, Ref, Upsert
from data_access.importers.tables import check_known, read_spec_file, split_list
from data_access.importers.validation import Column, check_consistent
from data_access.models import (
    Authority,
    GbfGoalTarget,
    NationalTarget,
    NbsapAction,
    NbsapActionGbfLink,
    NbsapActionIndicatorLink,
    ProgressReport,
)

STATUSES = ("completed", "in_progress", "delayed", "not_started", "cancelled")
STATUS_KO = {"완료": "completed", "추진중": "in_progress", "추진 중": "in_progress", "지연": "delayed", "미착수": "not_started",
             "취소": "cancelled", "정상추진": "in_progress"}
ACTION_FIELDS = ("national_target_code", "title_ko", "title_en", "lead_ministry", "cooperating_ministries", "start_year",
                 "end_year", "performance_indicator", "target_value", "gbf_targets", "indicators")

COLUMNS: tuple[Column, ...] = (
    Column("code", "세부과제 코드", "Action code", required=True, max_length=20, example="3-1-2"),
    Column("national_target_code", "국가목표", "National target", required=True, max_length=10, example="NT3",
           description_ko="국가 목표 코드(NT1 … NT21)", description_en="National target code (NT1 … NT21)"),
    Column("title_ko", "과제명(국문)", "Title (Korean)", required=True, example="보호지역 확대"),
    Column("title_en", "과제명(영문)", "Title (English)", required=True, example="Expand protected areas"),
    Column("lead_ministry", "주관 부처", "Lead ministry", required=True, max_length=20, example="MCEE",
           description_ko="기관 코드(MCEE, MOF, KFS …)", description_en="Authority code (MCEE, MOF, KFS …)"),
    Column("cooperating_ministries", "협조 부처", "Cooperating ministries", max_length=200, example="MOF;KFS",
           description_ko="기관 코드를 ;로 구분", description_en="Authority codes separated by ;"),
    Column("start_year", "시작 연도", "Start year", type="int", required=True, minimum=2000, maximum=2100, example="2024"),
    Column("end_year", "종료 연도", "End year", type="int", required=True, minimum=2000, maximum=2100, example="2028"),
    Column("performance_indicator", "성과지표", "Performance indicator"),
    Column("target_value", "목표값", "Target value", max_length=100),
    Column("gbf_targets", "GBF 실천목표", "GBF targets", example="3;1", description_ko="GBF 목표·실천목표 코드를 ;로 구분",
           description_en="GBF goal/target codes separated by ;"),
    Column("indicators", "지표", "Indicators", example="A.1;3.1", description_ko="지표 코드를 ;로 구분",
           description_en="Indicator codes separated by ;"),
    Column("progress_year", "이행 연도", "Progress year", type="year"),
    Column("progress_status", "이행 상태", "Progress status", type="code", codes=STATUSES, code_aliases=STATUS_KO,
           description_ko="완료, 추진중, 지연, 미착수, 취소", description_en="completed, in_progress, delayed, not_started, cancelled"),
    Column("percent_complete", "진척률(%)", "Percent complete", type="float", minimum=0, maximum=100),
    Column("narrative_ko", "이행 내용(국문)", "Narrative (Korean)"),
    Column("narrative_en", "이행 내용(영문)", "Narrative (English)"),
    Column("is_final", "확정 여부", "Final", type="bool", description_ko="확정 보고면 Y(비우면 Y)", description_en="Y if final (empty = Y)"),
    Column("reported_by", "작성자", "Reported by", max_length=120),
)


def _links(frame: pd.DataFrame, column: str, name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per link, the actions whose cell is empty): an empty cell means "no links"."""
    first = frame.drop_duplicates("code")
    rows = [(row, code, value) for row, code, text in zip(first["src_row"], first["code"], first[column], strict=True)
            for value in dict.fromkeys(split_list(text))]
    empty = first[[not split_list(text) for text in first[column]]]
    return (pd.DataFrame(rows, columns=["src_row", "action_code", name]),
            pd.DataFrame({"src_row": empty["src_row"], "action_code": empty["code"]}))


def read(ctx: ImportContext) -> Plan:
    frame, resolved = read_spec_file(ctx, COLUMNS)
    check_consistent(frame, ["code"], list(ACTION_FIELDS), ctx.log, what="action", labels=resolved.label)
    authorities = set(ctx.conn.execute(select(Authority.code)).scalars())
    check_known(ctx, frame, "national_target_code", set(ctx.conn.execute(select(NationalTarget.code)).scalars()), resolved)
    check_known(ctx, frame, "lead_ministry", authorities, resolved)
    check_known(ctx, frame, "cooperating_ministries", authorities, resolved, split=";")
    check_known(ctx, frame, "gbf_targets", set(ctx.conn.execute(select(GbfGoalTarget.code)).scalars()), resolved, split=";")
    for row, start, end in zip(frame["src_row"], frame["start_year"], frame["end_year"], strict=True):
        if start is not None and end is not None and end < start:
            ctx.log.error("importers.error.end_before_start", row=row, field=resolved.label("end_year"), value=end, start=start)
    frame["cooperating_ministries"] = frame["cooperating_ministries"].map(lambda v: ";".join(split_list(v)) or None)
    for column in ("start_year", "end_year"):
        frame[column] = frame[column].map(lambda v: None if v is None else int(v))
    actions = ctx.stage(
        NbsapAction.__table__,
        columns=["code", "national_target_code", "title_ko", "title_en", "lead_ministry", "cooperating_ministries",
                 "start_year", "end_year", "performance_indicator", "target_value"],
        keys=["code"],
        consistent_duplicates=True,
    )
    actions.add(frame)
    action_ref = Ref("action_id", NbsapAction.__table__, (("code", "action_code"),), required=False)
    gbf = ctx.child_stage(NbsapActionGbfLink.__table__, parent_column="action_id", keys=["gbf_code"], values=[],
                          refs=[action_ref], extra=[("action_code", "VARCHAR(20)")])
    links, empty = _links(frame, "gbf_targets", "gbf_code")
    gbf.add(links)
    gbf.add_empty_sets(empty)
    indicators = ctx.child_stage(NbsapActionIndicatorLink.__table__, parent_column="action_id", keys=["indicator"], values=[],
                                 refs=[action_ref], extra=[("action_code", "VARCHAR(20)")])
    links, empty = _links(frame, "indicators", "indicator")
    indicators.add(links)
    indicators.add_empty_sets(empty)
    steps: list[Upsert | ChildSet] = [
        Upsert(actions, what="code"),
        ChildSet(gbf, parent=actions),
        ChildSet(indicators, parent=actions),
    ]
    progress = frame[frame["progress_year"].notna()].copy()
    for row in progress.loc[progress["progress_status"].isna(), "src_row"]:
        ctx.log.error("importers.error.required", row=row, field=resolved.label("progress_status"))
    if not progress.empty:
        progress["year"] = progress["progress_year"].map(int)
        progress["status"] = progress["progress_status"]
        progress["is_final"] = progress["is_final"].map(lambda v: True if v is None else bool(v))
        progress["action_code"] = progress["code"]
        reports = ctx.stage(
            ProgressReport.__table__,
            columns=["action_id", "year", "status", "percent_complete", "narrative_ko", "narrative_en", "is_final", "reported_by"],
            keys=["action_id", "year"],
            extra=[("action_code", "VARCHAR(20)")],
            refs=[Ref("action_id", NbsapAction.__table__, (("code", "action_code"),))],
        )
        reports.add(progress)
        steps.append(Upsert(reports, what="code / progress_year"))
    return Plan(steps=steps)
