"""CITES and Wildlife Act permits (`permits`) from the template: one row per permit line.

Permit columns (number, type, status, dates, purpose, source, countries, holder) repeat on each
line of the same permit and must agree; line columns (taxon, appendix, term, quantity, unit) are
one specimen line each, keyed on (permit number, line number). A holder named with a name is
created or updated; one named by ID only must already exist. `parent_permit_no` (offspring
inherit their parent's import permit, Wildlife Act Art. 16(5)) may point at a permit in the same
file. Issue and application dates may not lie in the future; `valid_until` may.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from data_access.importers.cites_codes import PURPOSES, SOURCES, convert_terms_and_units
from data_access.importers.holders import holder_columns, holder_stage
from data_access.importers.pipeline import ImportContext, Plan, Ref, Upsert
from data_access.importers.tables import check_known, read_spec_file
from data_access.importers.taxa import TaxonMatcher
from data_access.importers.validation import INT32_MAX, Column, check_consistent
from data_access.importers.writing import Stage
from data_access.models import Authority, CitesPermit, CitesPermitLine, Holder

PERMIT_TYPES = ("export", "import", "re_export", "take_out", "bring_in", "propagation_certificate", "change_of_use")
PERMIT_TYPE_KO = {"수출": "export", "수입": "import", "재수출": "re_export", "반출": "take_out", "반입": "bring_in",
                  "인공증식증명서": "propagation_certificate", "용도변경": "change_of_use"}
STATUSES = ("submitted", "supplement_requested", "under_review", "issued", "rejected", "withdrawn", "used",
            "partially_used", "expired", "revoked", "surrendered")
STATUS_KO = {"접수": "submitted", "보완요청": "supplement_requested", "심사": "under_review", "허가": "issued", "불허": "rejected",
             "취하": "withdrawn", "사용": "used", "통관": "used", "일부사용": "partially_used", "만료": "expired", "취소": "revoked",
             "반납": "surrendered"}

COLUMNS: tuple[Column, ...] = (
    Column("permit_no", "허가번호", "Permit no.", required=True, max_length=40, example="2025-HAN-00123",
           description_ko="허가서 번호", description_en="Number of the permit"),
    Column("permit_type", "허가 종류", "Permit type", type="code", required=True, codes=PERMIT_TYPES, code_aliases=PERMIT_TYPE_KO,
           example="import", description_ko="수출, 수입, 재수출, 반출, 반입, 인공증식증명서, 용도변경",
           description_en="export, import, re_export, take_out, bring_in, propagation_certificate, change_of_use"),
    Column("status", "상태", "Status", type="code", required=True, codes=STATUSES, code_aliases=STATUS_KO, example="issued",
           description_ko="접수, 보완요청, 심사, 허가, 불허, 취하, 사용, 일부사용, 만료, 취소, 반납", description_en="Permit status"),
    Column("issuing_authority", "발급기관", "Issuing authority", max_length=20, example="HAN",
           description_ko="기관 코드(예: HAN 한강유역환경청)", description_en="Authority code (e.g. HAN)"),
    *holder_columns("", "신청인", "Applicant"),
    Column("applied_on", "신청일", "Applied on", type="date", example="2025-03-02"),
    Column("issued_on", "허가일", "Issued on", type="date", example="2025-03-20"),
    Column("valid_until", "유효기한", "Valid until", type="date", not_future=False, example="2026-03-19"),
    Column("purpose", "거래 목적", "Purpose", type="code", codes=tuple(PURPOSES), example="Z",
           description_ko="CITES 목적 코드(T, Z, G, Q, S, H, P, M, E, N, B, L)", description_en="CITES purpose code"),
    Column("source", "출처", "Source", type="code", codes=tuple(SOURCES), example="C",
           description_ko="CITES 출처 코드(W, R, D, A, C, F, U, I, O, X, Y)", description_en="CITES source code"),
    Column("partner_country", "상대국", "Partner country", type="country", example="DE",
           description_ko="수입이면 수출국, 수출이면 수입국(두 글자 코드)", description_en="Exporter for imports, importer for exports"),
    Column("origin_country", "원산국", "Country of origin", type="country", example="TZ"),
    Column("foreign_permit_no", "상대국 허가번호", "Foreign permit no.", max_length=60),
    Column("parent_permit_no", "원 수입허가번호", "Parent permit no.", max_length=40,
           description_ko="인공증식 개체가 승계하는 수입허가 번호", description_en="Import permit inherited by offspring"),
    Column("conditions", "허가 조건", "Conditions"),
    Column("line_no", "품목 순번", "Line no.", type="int", required=True, minimum=1, maximum=INT32_MAX, example="1"),
    Column("scientific_name", "학명", "Scientific name", required=True, max_length=300, example="Python regius"),
    Column("appendix", "부속서", "Appendix", type="code", codes=("I", "II", "III"), example="II"),
    Column("term", "품목", "Term", required=True, max_length=60, example="LIV",
           description_ko="CITES 품목 코드 또는 영문(예: LIV, live)", description_en="CITES term code or word (LIV, live)"),
    Column("quantity", "수량", "Quantity", type="float", required=True, minimum=0, example="2"),
    Column("unit", "단위", "Unit", max_length=60, description_ko="비우면 개체 수", description_en="Empty = number of specimens"),
    Column("quantity_used", "사용 수량", "Quantity used", type="float", minimum=0),
    Column("description", "설명", "Description"),
)

PERMIT_COLUMNS = [
    "permit_no", "permit_type", "status", "issuing_authority", "holder_id", "applied_on", "issued_on", "valid_until",
    "purpose", "source", "partner_country", "origin_country", "foreign_permit_no", "parent_permit_id", "conditions",
]
LINE_COLUMNS = ["permit_id", "line_no", "taxon_id", "scientific_name", "appendix", "term", "quantity", "unit", "quantity_used", "description"]


def _link_new_parents(ctx: ImportContext, stage: Stage, conn: Connection) -> int:
    """Parents that are new in this same file get linked once every permit exists."""
    table = CitesPermit.__table__
    pending = conn.exec_driver_sql(
        f"SELECT MIN(src_row), permit_no, parent_permit_no FROM {stage.name} "
        "WHERE parent_permit_no IS NOT NULL AND parent_permit_id IS NULL GROUP BY permit_no, parent_permit_no"
    ).all()
    changed = 0
    for row, permit_no, parent in pending:
        parent_id = conn.execute(select(table.c.id).where(table.c.permit_no == parent)).scalar_one_or_none()
        if parent_id is None:
            ctx.log.error("importers.error.unknown_reference", row=row, field="parent_permit_no", value=parent)
            continue
        conn.execute(table.update().where(table.c.permit_no == permit_no).values(parent_permit_id=parent_id))
        changed += 1
    return changed


def read(ctx: ImportContext) -> Plan:
    frame, resolved = read_spec_file(ctx, COLUMNS)
    authorities = set(ctx.conn.execute(select(Authority.code)).scalars())
    check_known(ctx, frame, "issuing_authority", authorities, resolved)
    permit_level = [c.name for c in COLUMNS[: COLUMNS.index(next(c for c in COLUMNS if c.name == "line_no"))]]
    check_consistent(frame, ["permit_no"], [c for c in permit_level if c != "permit_no"], ctx.log, what="permit",
                     labels=resolved.label)
    convert_terms_and_units(ctx, frame, resolved)
    matcher = TaxonMatcher(ctx.conn)
    frame["taxon_id"] = matcher.match(frame["scientific_name"])
    frame["line_no"] = frame["line_no"].map(lambda v: None if v is None else int(v))
    holders = holder_stage(ctx, frame, ("",))
    permits = ctx.stage(
        CitesPermit.__table__,
        columns=PERMIT_COLUMNS,
        keys=["permit_no"],
        consistent_duplicates=True,
        extra=[("holder_key", "VARCHAR(40)"), ("parent_permit_no", "VARCHAR(40)")],
        refs=[
            Ref("holder_id", Holder.__table__, (("holder_key", "holder_key"),)),
            Ref("parent_permit_id", CitesPermit.__table__, (("permit_no", "parent_permit_no"),), required=False),
        ],
    )
    permits.add(frame)
    lines = ctx.stage(
        CitesPermitLine.__table__,
        columns=LINE_COLUMNS,
        keys=["permit_id", "line_no"],
        extra=[("permit_no", "VARCHAR(40)")],
        refs=[Ref("permit_id", CitesPermit.__table__, (("permit_no", "permit_no"),))],
    )
    lines.add(frame)
    steps = [Upsert(holders, count_rows=False, what="holder")] if holders else []
    steps += [Upsert(permits, what="permit_no"), Upsert(lines, what="permit_no / line_no")]
    return Plan(steps=steps, after=[lambda conn, batch_id: _link_new_parents(ctx, permits, conn)])
