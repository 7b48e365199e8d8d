"""The national species list (`species`): accepted names and synonyms, from the template.

A row is keyed on its KTSN when every row has one, otherwise on scientific name + authorship; the
other key also finds existing rows, so a list that gains KTSNs later updates rather than
duplicates. Accepted names are written first; synonyms then point at their accepted taxon, found by
the accepted KTSN or the accepted scientific name (in the file or already in the database).
"""

from __future__ import annotations

import pandas as pd

from data_access.importers.pipeline import ImportContext, Plan, Ref, Upsert
from data_access.importers.reading import ROW
from data_access.importers.tables import converted_chunks, open_file_table, refuse_empty, resolve_or_refuse
from data_access.importers.validation import Column
from data_access.importers.writing import Stage
from data_access.models import Taxon

RANKS = ("kingdom", "phylum", "class", "order", "family", "genus", "species", "subspecies", "variety", "form")
RANK_ALIASES = {"계": "kingdom", "문": "phylum", "강": "class", "목": "order", "과": "family", "속": "genus",
                "종": "species", "아종": "subspecies", "변종": "variety", "품종": "form", "subsp.": "subspecies",
                "var.": "variety", "f.": "form"}
STATUSES = ("accepted", "synonym")

COLUMNS: tuple[Column, ...] = (
    Column("ktsn", "KTSN", "KTSN", max_length=20, aliases=("국가생물종 ID", "taxon_id"),
           description_ko="국가생물종목록 일련번호", description_en="Korean Taxonomic Serial Number", example="120000012345"),
    Column("scientific_name", "학명", "Scientific name", required=True, max_length=300, aliases=("scientificName",),
           description_ko="명명자를 뺀 학명", description_en="Name without authorship", example="Pteromys volans aluco"),
    Column("authorship", "명명자", "Authorship", max_length=200, aliases=("scientificNameAuthorship", "author"),
           description_ko="명명자와 연도", description_en="Author(s) and year", example="(Thomas, 1907)"),
    Column("korean_name", "국명", "Korean name", max_length=200, aliases=("국문명", "vernacular_name"),
           description_ko="한글 이름", description_en="Korean common name", example="하늘다람쥐"),
    Column("rank", "계급", "Rank", type="code", codes=RANKS, code_aliases=RANK_ALIASES, aliases=("taxonRank",),
           description_ko="분류 계급(기본 species)", description_en="Taxonomic rank (default species)", example="subspecies"),
    Column("kingdom", "계", "Kingdom", max_length=60, example="Animalia"),
    Column("phylum", "문", "Phylum", max_length=80, example="Chordata"),
    Column("class_name", "강", "Class", max_length=80, aliases=("class",), example="Mammalia"),
    Column("order_name", "목", "Order", max_length=80, aliases=("order",), example="Rodentia"),
    Column("family", "과", "Family", max_length=80, example="Sciuridae"),
    Column("genus", "속", "Genus", max_length=80, example="Pteromys"),
    Column("taxon_group", "분류군", "Taxon group", required=True, max_length=40, aliases=("group",),
           description_ko="대시보드 분류군(예: 포유류, 조류, 관속식물)", description_en="Dashboard group (e.g. mammals, birds)",
           example="포유류"),
    Column("name_status", "학명 상태", "Name status", type="code", codes=STATUSES,
           code_aliases={"정명": "accepted", "국명": "accepted", "이명": "synonym", "동물이명": "synonym", "valid": "accepted"},
           aliases=("taxonomicStatus",), description_ko="정명(accepted) 또는 이명(synonym); 비우면 정명",
           description_en="accepted or synonym; empty = accepted", example="accepted"),
    Column("accepted_ktsn", "정명 KTSN", "Accepted KTSN", max_length=20,
           description_ko="이명일 때 정명의 KTSN", description_en="For a synonym: KTSN of the accepted name"),
    Column("accepted_name", "정명 학명", "Accepted name", max_length=300, aliases=("acceptedNameUsage",),
           description_ko="이명일 때 정명의 학명", description_en="For a synonym: the accepted scientific name"),
    Column("is_endemic", "고유종", "Endemic", type="bool", description_ko="한국 고유종이면 Y", description_en="Y if endemic to Korea",
           example="Y"),
    Column("is_native", "자생종", "Native", type="bool", description_ko="자생종이면 Y(비우면 Y)",
           description_en="Y if native (empty = Y)", example="Y"),
    Column("year_listed", "등재연도", "Year listed", type="year", description_ko="국가생물종목록에 등재된 연도",
           description_en="Year added to the national list", example="2015"),
    Column("is_new_to_science", "신종", "New to science", type="bool", description_ko="신종으로 발표되었으면 Y",
           description_en="Y if described as new to science", example="N"),
)

TAXON_COLUMNS = [
    "ktsn", "scientific_name", "authorship", "korean_name", "rank", "kingdom", "phylum", "class_name", "order_name",
    "family", "genus", "taxon_group", "name_status", "accepted_taxon_id", "is_endemic", "is_native", "year_listed",
    "is_new_to_science",
]


def _defaults(frame: pd.DataFrame) -> pd.DataFrame:
    frame["authorship"] = frame["authorship"].map(lambda v: v or "")
    frame["rank"] = frame["rank"].map(lambda v: v or "species")
    frame["name_status"] = frame["name_status"].map(lambda v: v or "accepted")
    for column, default in (("is_endemic", False), ("is_native", True), ("is_new_to_science", False)):
        frame[column] = frame[column].map(lambda v, d=default: d if v is None else bool(v))
    frame["src_row"] = frame[ROW]
    return frame


def _check_synonyms(ctx: ImportContext, frame: pd.DataFrame, labels: dict[str, str]) -> None:
    synonyms = frame["name_status"] == "synonym"
    no_target = synonyms & frame["accepted_ktsn"].isna() & frame["accepted_name"].isna()
    for row in frame.loc[no_target, ROW]:
        ctx.log.error("importers.error.synonym_without_accepted", row=row, field=labels.get("accepted_name", "accepted_name"))


def read(ctx: ImportContext) -> Plan:
    table = open_file_table(ctx)
    resolved = resolve_or_refuse(ctx, table, COLUMNS)
    frames = []
    for frame in converted_chunks(ctx, table, COLUMNS, resolved):
        frame = _defaults(frame)
        _check_synonyms(ctx, frame, resolved.labels)
        frames.append(frame)
    refuse_empty(ctx)
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    by_ktsn = bool(len(data)) and data["ktsn"].notna().all()
    keys, alt = (["ktsn"], [["scientific_name", "authorship"]]) if by_ktsn else (["scientific_name", "authorship"], [["ktsn"]])
    accepted = ctx.stage(Taxon.__table__, columns=TAXON_COLUMNS, keys=keys, alt_keys=alt)
    synonyms = ctx.stage(
        Taxon.__table__,
        columns=TAXON_COLUMNS,
        keys=keys,
        alt_keys=alt,
        extra=[("accepted_ktsn", "VARCHAR(20)"), ("accepted_name", "VARCHAR(300)")],
        refs=[
            Ref("accepted_taxon_id", Taxon.__table__, (("ktsn", "accepted_ktsn"),), required=False),
            Ref("accepted_taxon_id", Taxon.__table__, (("scientific_name", "accepted_name"),), required=False),
        ],
    )
    is_synonym = data["name_status"] == "synonym"
    accepted.add(data[~is_synonym].assign(accepted_taxon_id=None))
    synonyms.add(data[is_synonym])
    return Plan(steps=[Upsert(accepted, what="KTSN / scientific name"), Upsert(synonyms, what="KTSN / scientific name")],
                after=[lambda conn, batch_id: _unresolved_synonyms(ctx, synonyms)])


def _unresolved_synonyms(ctx: ImportContext, stage: Stage) -> int:
    """Synonyms whose accepted name is neither in the file nor in the database are errors."""
    result = ctx.conn.exec_driver_sql(
        f"SELECT src_row, COALESCE(accepted_ktsn, accepted_name) FROM {stage.name} WHERE accepted_taxon_id IS NULL"
    )
    for row, value in result:
        ctx.log.error("importers.error.unknown_reference", row=row, field="accepted_name", value=value)
    return 0
