"""Red List assessments (`redlist`): one species' category per assessment year.

Two inputs are accepted:

* a long table, one row per species and assessment year: the IUCN RLI file
  (`sis_taxon_id, red_list_category, year, taxonomic_group`), the national template (Korean or
  English headers), or any file whose columns the options `taxon_id`, `category`, `year`,
  `taxon_group` name;
* today's categories plus the genuine changes (options `genuine_changes` and
  `assessment_years`, the files in `iucn_rli_2023/derived/`). They are back-cast on import with
  `indicators.red_list_index.backcast_categories`, and rows for earlier years are marked
  `is_backcast`.

`scope` is `global` by default for the IUCN file layouts and `national` otherwise. Each
(scope, group, year) also becomes an `assessment_round`, which the assessments point to.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from data_access.importers.pipeline import ImportContext, Plan, Ref, Upsert
from data_access.importers.reading import ROW, open_table, read_whole_table, table_source_for
from data_access.importers.report import ImportRefused
from data_access.importers.tables import converted_chunks, open_file_table, refuse_empty, resolve_or_refuse
from data_access.importers.taxa import TaxonMatcher
from data_access.importers.validation import Column, convert_frame, normalise_header, resolve_columns
from data_access.models import AssessmentRound, RedListAssessment
from indicators.red_list_categories import CATEGORIES, normalise_code

REASONS = ("genuine", "new_information", "taxonomy", "criteria_revision", "error_correction", "other")
IUCN_HEADERS = {"sistaxonid", "redlistcategory", "latestcategory"}

COLUMNS: tuple[Column, ...] = (
    Column("taxon_key", "분류군 ID", "Taxon ID", required=True, max_length=60,
           aliases=("sis_taxon_id", "taxon_id", "KTSN", "국가생물종 ID", "종 ID"),
           description_ko="국가생물종목록의 KTSN 또는 평가기관의 종 ID", description_en="KTSN, SIS id or national species id",
           example="KTSN000123"),
    Column("scientific_name", "학명", "Scientific name", max_length=300,
           description_ko="학명(선택). 종목록과 연결할 때 사용", description_en="Optional; links the row to the species list",
           example="Pteromys volans aluco"),
    Column("taxon_group", "분류군", "Taxon group", required=True, max_length=60, aliases=("taxonomic_group", "group"),
           description_ko="종합 평가의 분류군(예: 포유류)", description_en="Group comprehensively assessed (e.g. Mammal)",
           example="포유류"),
    Column("year", "평가연도", "Assessment year", type="year", required=True, aliases=("assessment_year",),
           description_ko="평가 연도", description_en="Year of the assessment", example="2022"),
    Column("category", "범주", "Category", required=True, aliases=("red_list_category", "적색목록 범주", "IUCN category"),
           codes=tuple(CATEGORIES),
           description_ko="IUCN 범주 코드 또는 국문 명칭(예: VU, 취약)", description_en="IUCN category code or name (e.g. VU)",
           example="VU"),
    Column("criteria", "평가기준", "Criteria", max_length=120, description_ko="예: B1ab(iii)", description_en="e.g. B1ab(iii)",
           example="B1ab(iii)"),
    Column("reason_for_change", "변경 사유", "Reason for change", type="code", codes=REASONS,
           code_aliases={"진정한 변화": "genuine", "새로운 정보": "new_information", "분류 변경": "taxonomy",
                         "기준 개정": "criteria_revision", "오류 수정": "error_correction", "기타": "other"},
           description_ko="이전 평가와 범주가 다른 이유", description_en="Why the category differs from the previous assessment"),
    Column("is_backcast", "역추정 여부", "Back-cast", type="bool",
           description_ko="이후 평가로부터 역추정한 범주이면 Y", description_en="Y when the category was back-cast"),
)

LATEST = (
    Column("sis_taxon_id", "분류군 ID", "Taxon ID", required=True, aliases=("taxon_id", "taxon_key")),
    Column("taxonomic_group", "분류군", "Taxon group", required=True, aliases=("taxon_group",)),
    Column("latest_year", "최근 평가연도", "Latest year", type="year", required=True),
    Column("latest_category", "최근 범주", "Latest category", required=True),
)
CHANGES = (
    Column("sis_taxon_id", "분류군 ID", "Taxon ID", required=True, aliases=("taxon_id", "taxon_key")),
    Column("taxonomic_group", "분류군", "Taxon group", required=True, aliases=("taxon_group",)),
    Column("start_year", "시작 연도", "Start year", type="year", required=True),
    Column("end_year", "종료 연도", "End year", type="year", required=True),
    Column("cat_start", "시작 범주", "Start category", required=True),
    Column("cat_end", "종료 범주", "End category", required=True),
)
YEARS = (
    Column("taxonomic_group", "분류군", "Taxon group", required=True, aliases=("taxon_group",)),
    Column("year", "평가연도", "Assessment year", type="year", required=True),
)

OPTION_COLUMNS = {"taxon_id": "taxon_key", "category": "category", "year": "year", "taxon_group": "taxon_group"}


def _specs_with_options(ctx: ImportContext) -> tuple[Column, ...]:
    """The long-table specs, with the column names the options give added as header spellings."""
    specs = []
    for spec in COLUMNS:
        extra = tuple(ctx.options[o] for o, name in OPTION_COLUMNS.items() if name == spec.name and ctx.options.get(o))
        if extra:
            spec = replace(spec, aliases=(*extra, *spec.aliases))
        specs.append(spec)
    return tuple(specs)


def normalise_categories(ctx: ImportContext, values: pd.Series, raw: pd.Series, rows: pd.Series, field: str, source: str | None = None) -> pd.Series:
    """Canonical category codes (Korean names accepted); unknown labels are errors."""
    text = raw.astype(str).str.strip()
    uniques = pd.unique(text[text != ""])
    mapping = {u: normalise_code(u) for u in uniques}
    codes = text.map(mapping)
    bad = (text != "") & codes.isna()
    for row, value in zip(rows[bad].tolist(), raw[bad].tolist(), strict=True):
        ctx.log.error("importers.error.unknown_code", row=row, field=field, value=value, expected=", ".join(CATEGORIES), source=source)
    return codes.astype(object).where(codes.notna(), None)


def _scope(ctx: ImportContext, header: list[str]) -> str:
    scope = (ctx.option("scope") or "").lower()
    if scope and scope not in ("national", "global"):
        raise ctx.log.refuse("importers.error.bad_option", field="scope", value=scope, expected="national, global")
    if scope:
        return scope
    return "global" if IUCN_HEADERS & {normalise_header(h) for h in header} else "national"


def read(ctx: ImportContext) -> Plan:
    if ctx.option("genuine_changes") or ctx.option("assessment_years"):
        frames = _read_backcast(ctx)
        header = ["sis_taxon_id"]
    else:
        frames, header = _read_long(ctx)
    scope = _scope(ctx, header)
    matcher = TaxonMatcher(ctx.conn)
    rounds = ctx.stage(AssessmentRound.__table__, columns=["scope", "taxon_group", "year"], keys=["scope", "taxon_group", "year"])
    assessments = ctx.stage(
        RedListAssessment.__table__,
        columns=["scope", "taxon_key", "taxon_id", "taxon_group", "year", "category", "criteria", "reason_for_change", "is_backcast", "round_id"],
        keys=["scope", "taxon_group", "taxon_key", "year"],
        refs=[Ref("round_id", AssessmentRound.__table__, (("scope", "scope"), ("taxon_group", "taxon_group"), ("year", "year")))],
    )
    seen_rounds: set[tuple[str, int]] = set()
    for frame in frames:
        frame["scope"] = scope
        frame["taxon_id"] = _match_taxa(matcher, frame, scope)
        frame["src_row"] = frame[ROW]
        assessments.add(frame)
        for group, year in frame[["taxon_group", "year"]].dropna().drop_duplicates().itertuples(index=False):
            seen_rounds.add((group, int(year)))
    refuse_empty(ctx)
    rounds.add(
        pd.DataFrame(
            [{"src_row": i, "scope": scope, "taxon_group": g, "year": y} for i, (g, y) in enumerate(sorted(seen_rounds))],
            columns=["src_row", "scope", "taxon_group", "year"],
        )
    )
    assessments.index(["scope", "taxon_group", "taxon_key", "year"])
    return Plan(
        steps=[Upsert(rounds, count_rows=False, what="assessment round"), Upsert(assessments, what="taxon_key / year")],
        note=f"scope={scope}",
    )


def _match_taxa(matcher: TaxonMatcher, frame: pd.DataFrame, scope: str) -> pd.Series:
    if matcher.empty:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    by_key = frame["taxon_key"].map(lambda k: matcher.by_ktsn.get(k) if scope == "national" else None)
    if "scientific_name" in frame.columns and frame["scientific_name"].notna().any():
        by_name = matcher.match(frame["scientific_name"].where(frame["scientific_name"].notna(), None))
        by_key = by_key.where(by_key.notna(), by_name)
    return by_key.astype(object).where(by_key.notna(), None)


def _read_long(ctx: ImportContext) -> tuple[list[pd.DataFrame], list[str]]:
    table = open_file_table(ctx)
    if "latestcategory" in {normalise_header(h) for h in table.header}:
        raise ctx.log.refuse("importers.error.redlist_needs_changes")
    specs = _specs_with_options(ctx)
    resolved = resolve_or_refuse(ctx, table, specs)
    frames = []
    for frame in converted_chunks(ctx, table, specs, resolved):
        label = resolved.label("category")
        raw = frame["category"].map(lambda v: "" if v is None else v)
        frame["category"] = normalise_categories(ctx, frame["category"], raw, frame[ROW], label)
        frame["is_backcast"] = frame["is_backcast"].map(lambda v: bool(v) if v is not None else False)
        frames.append(frame)
    return frames, table.header


def _other_file(ctx: ImportContext, option: str) -> Path:
    value = ctx.option(option)
    if not value:
        raise ctx.log.refuse("importers.error.missing_option", field=option)
    candidates = [Path(value), ctx.path.parent / value]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ctx.log.refuse("importers.error.file_missing", field=option, value=value)


def _small_table(ctx: ImportContext, path: Path, specs: tuple[Column, ...]) -> pd.DataFrame:
    from data_access.importers.reading import check_file, sniff_format

    check_file(path, ctx.limits, ctx.log)
    source = table_source_for(path, sniff_format(path), ctx.log, ctx.limits)
    table = open_table(source, ctx.log)
    resolved = resolve_columns(table.header, specs, ctx.log, source=path.name)
    if ctx.log.has_errors:
        raise ImportRefused("header")
    frame = read_whole_table(table)
    return convert_frame(frame, specs, resolved, ctx.log, source=path.name)


def _read_backcast(ctx: ImportContext) -> list[pd.DataFrame]:
    """Latest categories + genuine changes + assessment years → every year's category."""
    from indicators.red_list_index import backcast_categories
    from indicators.result import IndicatorError

    latest = _small_table(ctx, ctx.path, LATEST)
    changes = _small_table(ctx, _other_file(ctx, "genuine_changes"), CHANGES)
    years = _small_table(ctx, _other_file(ctx, "assessment_years"), YEARS)
    for frame, columns, name in ((latest, ("latest_category",), ctx.path.name), (changes, ("cat_start", "cat_end"), "genuine_changes")):
        for column in columns:
            raw = frame[column].map(lambda v: "" if v is None else v)
            frame[column] = normalise_categories(ctx, frame[column], raw, frame[ROW], column, source=name)
    if ctx.log.has_errors:
        raise ImportRefused("backcast inputs")
    latest["sis_taxon_id"] = latest["sis_taxon_id"].astype(str)
    changes["sis_taxon_id"] = changes["sis_taxon_id"].astype(str)
    for frame in (latest, changes, years):
        for column in ("latest_year", "start_year", "end_year", "year"):
            if column in frame.columns:
                frame[column] = frame[column].astype("int64")
    try:
        result = backcast_categories(latest.drop(columns=[ROW]), changes.drop(columns=[ROW]), years.drop(columns=[ROW]))
    except (IndicatorError, ValueError, KeyError) as exc:
        raise ctx.log.refuse("importers.error.backcast_failed", value=str(exc)[:300]) from None
    result = result.merge(
        latest[["sis_taxon_id", "taxonomic_group", "latest_year"]].rename(columns={"sis_taxon_id": "taxon_id"}),
        on=["taxon_id", "taxonomic_group"],
        how="left",
    )
    ctx.rows_read = len(result)
    frame = pd.DataFrame(
        {
            "taxon_key": result["taxon_id"].astype(str),
            "taxon_group": result["taxonomic_group"],
            "year": result["year"].astype("int64"),
            "category": result["category"],
            "is_backcast": (result["year"] != result["latest_year"]).to_numpy(dtype=bool),
            "criteria": None,
            "reason_for_change": None,
            ROW: np.arange(2, len(result) + 2, dtype="int64"),
        }
    )
    return [frame]
