"""Legal designations of species (`legal-status`): endangered classes, invasive and CITES listings.

One template row is one dated designation of one species: scheme (멸종위기 야생생물, 생태계교란 생물,
유입주의 생물, CITES …), value (I급/II급 for endangered species, the appendix for CITES,
`designated` otherwise), the date it took effect and, once lifted or changed, the day it ended.
Rows are keyed on (species, scheme, valid from): a change of class is a new row plus the end date
of the old one, so the history stays dated. The species is found by KTSN or by scientific (or
Korean) name on the national species list, synonyms resolving to their accepted taxon; a name not
on the list is an error (load the species list first). Its own kind rather than columns of
`species`: designations are announced by notices (고시) several times a year, independently of the
species list, and one species has several dated rows.

These rows feed `species_protection` (KR_ENDANGERED I/II valid today) and
`invasive_species_establishment` (ECOSYSTEM_DISTURBING and CONCERN_FOR_INTRODUCTION).
"""

from __future__ import annotations

import re

import pandas as pd

from data_access.importers.pipeline import ImportContext, Plan, Upsert
from data_access.importers.tables import read_spec_file
from data_access.importers.taxa import TaxonMatcher
from data_access.importers.validation import Column, Resolved
from data_access.models import LegalStatus

SCHEMES = ("KR_ENDANGERED", "ECOSYSTEM_DISTURBING", "CONCERN_FOR_INTRODUCTION", "CITES_APPENDIX", "DESIGNATED_MANAGED",
           "NATURAL_MONUMENT", "FACILITY_REGISTRATION_REQUIRED", "MARINE_PROTECTED")
SCHEME_KO = {
    "멸종위기 야생생물": "KR_ENDANGERED", "멸종위기야생생물": "KR_ENDANGERED", "멸종위기종": "KR_ENDANGERED",
    "생태계교란 생물": "ECOSYSTEM_DISTURBING", "생태계교란생물": "ECOSYSTEM_DISTURBING", "생태계교란종": "ECOSYSTEM_DISTURBING",
    "유입주의 생물": "CONCERN_FOR_INTRODUCTION", "유입주의생물": "CONCERN_FOR_INTRODUCTION",
    "국제적 멸종위기종": "CITES_APPENDIX", "CITES": "CITES_APPENDIX", "사이테스": "CITES_APPENDIX",
    "지정관리 야생생물": "DESIGNATED_MANAGED", "천연기념물": "NATURAL_MONUMENT",
    "사육시설 등록 대상": "FACILITY_REGISTRATION_REQUIRED", "해양보호생물": "MARINE_PROTECTED",
}
CLASSES = {"KR_ENDANGERED": ("I", "II"), "CITES_APPENDIX": ("I", "II", "III")}
ROMAN = {"1": "I", "2": "II", "3": "III", "Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "I": "I", "II": "II", "III": "III"}

COLUMNS: tuple[Column, ...] = (
    Column("ktsn", "KTSN", "KTSN", max_length=20, example="120000060001",
           description_ko="국가생물종목록 일련번호(또는 학명)", description_en="Korean Taxonomic Serial Number (or the name)"),
    Column("scientific_name", "학명", "Scientific name", max_length=300, example="Pteromys volans",
           description_ko="KTSN이 없으면 필수; 국명도 인식", description_en="Required without KTSN; Korean names are recognised"),
    Column("scheme", "지정 구분", "Scheme", type="code", required=True, codes=SCHEMES, code_aliases=SCHEME_KO, example="KR_ENDANGERED",
           description_ko="멸종위기 야생생물, 생태계교란 생물, 유입주의 생물, 국제적 멸종위기종(CITES), 지정관리 야생생물, 천연기념물, "
                          "사육시설 등록 대상, 해양보호생물",
           description_en=", ".join(SCHEMES)),
    Column("value", "등급", "Class", max_length=40, example="II",
           description_ko="멸종위기 야생생물은 I급/II급, CITES는 부속서 I/II/III, 그 밖에는 비움(지정)",
           description_en="I or II for endangered species, appendix I/II/III for CITES, empty (designated) otherwise"),
    Column("valid_from", "지정일", "Valid from", type="date", required=True, example="2022-12-09"),
    Column("valid_to", "해제일", "Valid to", type="date", not_future=False,
           description_ko="해제·변경 전날(현재 유효하면 비움)", description_en="Last day in force (empty while in force)"),
    Column("legal_instrument", "근거 고시", "Legal instrument", max_length=300, example="환경부 고시 제2022-262호"),
    Column("annotation", "비고", "Annotation"),
)


def normalise_value(scheme: str | None, value: str | None) -> str | None:
    """'II급', '2급', 'Ⅱ', '부속서 II' → 'II' for classed schemes; empty → 'designated' for the others."""
    if scheme in CLASSES:
        if value is None:
            return None
        text = re.sub(r"^(부속서|appendix|app\.?)\s*", "", value.strip(), flags=re.IGNORECASE)
        text = re.sub(r"\s*급$", "", text).strip().upper()
        return ROMAN.get(text)
    return value or "designated"


def _taxa(ctx: ImportContext, frame: pd.DataFrame, resolved: Resolved) -> pd.Series:
    matcher = TaxonMatcher(ctx.conn)
    by_ktsn = frame["ktsn"].map(lambda k: None if k is None else matcher.by_ktsn.get(k))
    by_name = matcher.match(frame["scientific_name"])
    ids = pd.Series([k if k is not None and not pd.isna(k) else n for k, n in zip(by_ktsn, by_name, strict=True)],
                    index=frame.index, dtype=object)
    for row, ktsn, name, found in zip(frame["src_row"], frame["ktsn"], frame["scientific_name"], ids, strict=True):
        if ktsn is None and name is None:
            ctx.log.error("importers.error.required", row=row, field=f"{resolved.label('ktsn')} / {resolved.label('scientific_name')}")
        elif found is None or pd.isna(found):
            column, value = ("ktsn", ktsn) if ktsn is not None else ("scientific_name", name)
            ctx.log.error("importers.error.unknown_taxon", row=row, field=resolved.label(column), value=value)
    return ids.astype(object).where(ids.notna(), None)


def read(ctx: ImportContext) -> Plan:
    frame, resolved = read_spec_file(ctx, COLUMNS)
    frame["taxon_id"] = _taxa(ctx, frame, resolved)
    values = []
    for row, scheme, value in zip(frame["src_row"], frame["scheme"], frame["value"], strict=True):
        normal = normalise_value(scheme, value)
        if scheme in CLASSES and normal not in CLASSES[scheme]:
            ctx.log.error("importers.error.unknown_code", row=row, field=resolved.label("value"), value=value or "",
                          expected=", ".join(CLASSES[scheme]))
        values.append(normal)
    frame["value"] = values
    for row, start, end in zip(frame["src_row"], frame["valid_from"], frame["valid_to"], strict=True):
        if start is not None and end is not None and end < start:
            ctx.log.error("importers.error.date_before", row=row, field=resolved.label("valid_to"), value=end.isoformat(),
                          start=start.isoformat())
    statuses = ctx.stage(
        LegalStatus.__table__,
        columns=["taxon_id", "scheme", "value", "annotation", "valid_from", "valid_to", "legal_instrument"],
        keys=["taxon_id", "scheme", "valid_from"],
    )
    if not ctx.log.has_errors:
        statuses.add(frame)
    return Plan(steps=[Upsert(statuses, what="KTSN / scheme / valid_from")])
