"""Wildlife seizures and illegal-trade cases (`trade-cases`): the `wildlife_seizures` indicator.

One template row is one case, keyed on its case number (e.g. the customs case number). The species
is matched to the national species list (an unmatched name is kept, with a warning); the term and
unit are CITES codes or English words (`LIV`, `live`, `kg`), unknown ones kept with a warning as
for permits. Its own kind, not part of `permits`: cases come from customs and enforcement reports,
not from the permit system, and have no permit number.
"""

from __future__ import annotations

from data_access.importers.cites_codes import convert_terms_and_units
from data_access.importers.pipeline import ImportContext, Plan, Upsert
from data_access.importers.tables import read_spec_file
from data_access.importers.taxa import TaxonMatcher
from data_access.importers.validation import Column
from data_access.models import TradeCase

DETECTED_BY = ("customs", "inspection", "tip_off", "police")
DETECTED_KO = {"세관": "customs", "관세청": "customs", "점검": "inspection", "단속": "inspection", "합동단속": "inspection",
               "제보": "tip_off", "신고": "tip_off", "경찰": "police", "tip-off": "tip_off"}
OUTCOMES = ("fine", "referral", "confiscated", "returned")
OUTCOME_KO = {"과태료": "fine", "벌금": "fine", "고발": "referral", "송치": "referral", "몰수": "confiscated", "압수": "confiscated",
              "반송": "returned", "반환": "returned"}

COLUMNS: tuple[Column, ...] = (
    Column("case_no", "사건 번호", "Case no.", required=True, max_length=40, example="KCS-2025-001"),
    Column("detected_on", "적발일", "Detected on", type="date", required=True, example="2025-04-03"),
    Column("detected_by", "적발 기관", "Detected by", type="code", required=True, codes=DETECTED_BY, code_aliases=DETECTED_KO,
           example="customs", description_ko="세관, 점검(단속), 제보(신고), 경찰", description_en="customs, inspection, tip_off, police"),
    Column("scientific_name", "학명", "Scientific name", max_length=300, example="Testudo horsfieldii"),
    Column("term", "품목", "Term", max_length=60, example="LIV",
           description_ko="CITES 품목 코드 또는 영문(예: LIV, live)", description_en="CITES term code or word (LIV, live)"),
    Column("quantity", "수량", "Quantity", type="float", minimum=0, example="12"),
    Column("unit", "단위", "Unit", max_length=60, description_ko="비우면 개체 수", description_en="Empty = number of specimens"),
    Column("origin_country", "원산국", "Country of origin", type="country", example="TH"),
    Column("article_violated", "위반 조항", "Article violated", max_length=60, example="야생생물법 제16조제1항"),
    Column("outcome", "처분", "Outcome", type="code", codes=OUTCOMES, code_aliases=OUTCOME_KO, example="confiscated",
           description_ko="과태료, 고발, 몰수, 반송", description_en="fine, referral, confiscated, returned"),
)


def read(ctx: ImportContext) -> Plan:
    frame, resolved = read_spec_file(ctx, COLUMNS)
    convert_terms_and_units(ctx, frame, resolved, term_optional=True)
    frame["taxon_id"] = TaxonMatcher(ctx.conn).match(frame["scientific_name"])
    unmatched = frame[frame["scientific_name"].notna() & frame["taxon_id"].isna()]
    for name, rows in unmatched.groupby("scientific_name")["src_row"]:
        ctx.log.warning("importers.warning.unmatched_name", row=int(rows.iloc[0]), field=resolved.label("scientific_name"),
                        value=name, count=len(rows))
    cases = ctx.stage(
        TradeCase.__table__,
        columns=["case_no", "detected_on", "detected_by", "taxon_id", "scientific_name", "term", "quantity", "unit",
                 "origin_country", "article_violated", "outcome"],
        keys=["case_no"],
    )
    cases.add(frame)
    return Plan(steps=[Upsert(cases, what="case_no")])
