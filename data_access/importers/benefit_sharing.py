"""Access and benefit-sharing records (`abs`): access reports/permits and their agreements.

One template row is one access record (keyed on its reference number), optionally with the
benefit-sharing agreement (mutually agreed terms) concluded under it (keyed on the agreement
number). The species, when given, is matched to the national species list. Monetary and
non-monetary benefits per year are reported with the `abs-benefits` template.
"""

from __future__ import annotations

from data_access.importers.pipeline import ImportContext, Plan, Ref, Upsert
from data_access.importers.tables import read_spec_file
from data_access.importers.taxa import TaxonMatcher
from data_access.importers.validation import Column
from data_access.models import AccessPermit, BenefitSharingAgreement

KINDS = ("access_report", "compliance_report", "export_approval", "pic_permit")
KIND_KO = {"확보신고": "access_report", "준수신고": "compliance_report", "반출승인": "export_approval", "사전승인": "pic_permit"}
PURPOSES = ("commercial", "non_commercial")
PURPOSE_KO = {"상업적": "commercial", "비상업적": "non_commercial", "상업": "commercial", "비상업": "non_commercial"}

COLUMNS: tuple[Column, ...] = (
    Column("reference_no", "접수번호", "Reference no.", required=True, max_length=60, example="ABS-2025-0001"),
    Column("kind", "구분", "Kind", type="code", required=True, codes=KINDS, code_aliases=KIND_KO, example="access_report",
           description_ko="확보신고, 준수신고, 반출승인, 사전승인", description_en="access_report, compliance_report, export_approval, pic_permit"),
    Column("ircc_id", "IRCC ID", "IRCC ID", max_length=60, example="ABSCH-IRCC-KR-000001-1",
           description_ko="국제준수인증서 번호", description_en="Internationally recognised certificate of compliance"),
    Column("provider_country", "제공국", "Provider country", type="country", required=True, example="VN"),
    Column("user_country", "이용국", "User country", type="country", required=True, example="KR"),
    Column("user_name", "이용자", "User", max_length=200),
    Column("resource_description", "유전자원 설명", "Genetic resource"),
    Column("scientific_name", "학명", "Scientific name", max_length=300),
    Column("purpose", "이용 목적", "Purpose", type="code", codes=PURPOSES, code_aliases=PURPOSE_KO),
    Column("issued_on", "발급일", "Issued on", type="date", required=True, example="2025-06-30"),
    Column("agreement_no", "이익공유 계약번호", "Agreement no.", max_length=60),
    Column("partner_name", "계약 상대방", "Agreement partner", max_length=200),
    Column("partner_country", "상대방 국가", "Partner country", type="country"),
    Column("signed_on", "계약 체결일", "Signed on", type="date"),
    Column("agreement_description", "계약 내용", "Agreement description"),
)


def read(ctx: ImportContext) -> Plan:
    frame, resolved = read_spec_file(ctx, COLUMNS)
    frame["taxon_id"] = TaxonMatcher(ctx.conn).match(frame["scientific_name"])
    frame["year"] = frame["issued_on"].map(lambda d: None if d is None else d.year)
    permits = ctx.stage(
        AccessPermit.__table__,
        columns=["reference_no", "kind", "ircc_id", "provider_country", "user_country", "user_name", "resource_description",
                 "taxon_id", "purpose", "issued_on", "year"],
        keys=["reference_no"],
    )
    permits.add(frame)
    agreements = frame[frame["agreement_no"].notna()].copy()
    for row in agreements.loc[agreements["partner_name"].isna() | agreements["partner_country"].isna() | agreements["signed_on"].isna(), "src_row"]:
        ctx.log.error("importers.error.agreement_incomplete", row=row, field=resolved.label("agreement_no"))
    steps = [Upsert(permits, what="reference_no")]
    if not agreements.empty:
        stage = ctx.stage(
            BenefitSharingAgreement.__table__,
            columns=["agreement_no", "access_permit_id", "partner_name", "partner_country", "signed_on", "description"],
            keys=["agreement_no"],
            extra=[("reference_no", "VARCHAR(60)")],
            refs=[Ref("access_permit_id", AccessPermit.__table__, (("reference_no", "reference_no"),))],
        )
        stage.add(agreements.assign(description=agreements["agreement_description"]))
        steps.append(Upsert(stage, what="agreement_no"))
    return Plan(steps=steps)
