"""Benefits received under ABS agreements (`abs-benefits`): GBF headline indicators C.1 and C.2.

One template row is one benefit of one agreement in one year. The benefit type says whether it is
monetary (upfront payment, milestone, royalty, licence fee, research funding → `monetary_benefit`,
with amount, currency and the exchange rates used) or non-monetary (joint research, training,
technology transfer, data sharing, co-authorship, access to collections → `non_monetary_benefit`,
with an optional quantity such as people trained). The agreement must already exist (imported
with the `abs` template). A separate kind rather than more columns of `abs`: benefits are reported
every year for agreements signed once, by the ABS desk's yearly follow-up, and one agreement has
many benefit rows, so one file per yearly report is what staff keep.

Rows are keyed on (agreement, year, benefit type): several payments of one type in one year are
entered as their sum. For KRW amounts `krw_per_unit` defaults to 1, for USD `usd_per_unit` does.
"""

from __future__ import annotations

import pandas as pd

from data_access.importers.pipeline import ImportContext, Plan, Ref, Upsert
from data_access.importers.tables import read_spec_file
from data_access.importers.validation import Column
from data_access.models import BenefitSharingAgreement, MonetaryBenefit, NonMonetaryBenefit

MONETARY = ("upfront", "milestone", "royalty", "licence_fee", "research_funding")
NON_MONETARY = ("joint_research", "training", "technology_transfer", "data_sharing", "co_authorship", "access_to_collections")
TYPE_KO = {
    "선급금": "upfront", "계약금": "upfront", "마일스톤": "milestone", "단계별 기술료": "milestone", "경상기술료": "royalty",
    "로열티": "royalty", "라이선스료": "licence_fee", "license_fee": "licence_fee", "연구비": "research_funding",
    "연구비 지원": "research_funding", "공동연구": "joint_research", "교육훈련": "training", "교육": "training",
    "기술이전": "technology_transfer", "자료 공유": "data_sharing", "자료공유": "data_sharing", "공동저자": "co_authorship",
    "공동 저술": "co_authorship", "소장품 접근": "access_to_collections", "표본 접근": "access_to_collections",
}
CURRENCIES = ("KRW", "USD", "EUR", "JPY", "CNY", "GBP")
MONEY_COLUMNS = ("amount", "currency", "usd_per_unit", "krw_per_unit")

COLUMNS: tuple[Column, ...] = (
    Column("agreement_no", "이익공유 계약번호", "Agreement no.", required=True, max_length=60, example="MAT-2025-01",
           description_ko="abs 양식으로 등록된 계약번호", description_en="Agreement number already imported with the abs template"),
    Column("year", "연도", "Year", type="year", required=True, example="2025"),
    Column("benefit_type", "이익 유형", "Benefit type", type="code", required=True, codes=(*MONETARY, *NON_MONETARY),
           code_aliases=TYPE_KO, example="royalty",
           description_ko="금전적: 선급금, 마일스톤, 경상기술료, 라이선스료, 연구비 / 비금전적: 공동연구, 교육훈련, 기술이전, 자료 공유, 공동저자, 소장품 접근",
           description_en="monetary: upfront, milestone, royalty, licence_fee, research_funding; non-monetary: joint_research, "
                          "training, technology_transfer, data_sharing, co_authorship, access_to_collections"),
    Column("amount", "금액", "Amount", type="float", minimum=0, example="15000000",
           description_ko="금전적 이익만(해당 연도 합계)", description_en="Monetary benefits only (sum for the year)"),
    Column("currency", "통화", "Currency", type="code", codes=CURRENCIES, example="KRW"),
    Column("usd_per_unit", "USD 환율", "USD per unit", type="float", minimum=0, example="0.00072",
           description_ko="통화 1단위의 USD 값(USD는 비우면 1)", description_en="USD value of one currency unit (empty = 1 for USD)"),
    Column("krw_per_unit", "KRW 환율", "KRW per unit", type="float", minimum=0, example="1",
           description_ko="통화 1단위의 원화 값(KRW는 비우면 1)", description_en="KRW value of one currency unit (empty = 1 for KRW)"),
    Column("quantity", "수량", "Quantity", type="float", minimum=0, example="12",
           description_ko="비금전적 이익의 수량(예: 교육 인원)", description_en="Non-monetary benefits: quantity (e.g. people trained)"),
    Column("description", "내용", "Description"),
)


def _rates(frame: pd.DataFrame) -> None:
    """A rate of 1 for the currency itself when the cell is empty."""
    for column, own in (("usd_per_unit", "USD"), ("krw_per_unit", "KRW")):
        frame[column] = [1.0 if rate is None and currency == own else rate
                         for rate, currency in zip(frame[column], frame["currency"], strict=True)]


def read(ctx: ImportContext) -> Plan:
    frame, resolved = read_spec_file(ctx, COLUMNS)
    _rates(frame)
    frame["year"] = frame["year"].map(lambda v: None if v is None else int(v))
    monetary = frame[frame["benefit_type"].isin(MONETARY)].copy()
    non_monetary = frame[frame["benefit_type"].isin(NON_MONETARY)].copy()
    for column in MONEY_COLUMNS:
        for row in monetary.loc[monetary[column].isna(), "src_row"]:
            ctx.log.error("importers.error.required_for", row=row, field=resolved.label(column),
                          what=resolved.label("benefit_type"), expected=", ".join(MONETARY))
        for row, value in zip(non_monetary["src_row"], non_monetary[column], strict=True):
            if value is not None and column in ("amount", "currency"):
                ctx.log.error("importers.error.money_on_non_monetary", row=row, field=resolved.label(column), value=value)
    for row, value in zip(monetary["src_row"], monetary["quantity"], strict=True):
        if value is not None:
            ctx.log.error("importers.error.quantity_on_monetary", row=row, field=resolved.label("quantity"), value=value)
    agreement = Ref("agreement_id", BenefitSharingAgreement.__table__, (("agreement_no", "agreement_no"),))
    steps = []
    if not monetary.empty:
        stage = ctx.stage(
            MonetaryBenefit.__table__,
            columns=["agreement_id", "year", "kind", "amount", "currency", "usd_per_unit", "krw_per_unit"],
            keys=["agreement_id", "year", "kind"],
            extra=[("agreement_no", "VARCHAR(60)")],
            refs=[agreement],
        )
        stage.add(monetary.assign(kind=monetary["benefit_type"]))
        steps.append(Upsert(stage, what="agreement_no / year / benefit_type"))
    if not non_monetary.empty:
        stage = ctx.stage(
            NonMonetaryBenefit.__table__,
            columns=["agreement_id", "year", "benefit_type", "quantity", "description"],
            keys=["agreement_id", "year", "benefit_type"],
            extra=[("agreement_no", "VARCHAR(60)")],
            refs=[agreement],
        )
        stage.add(non_monetary)
        steps.append(Upsert(stage, what="agreement_no / year / benefit_type"))
    return Plan(steps=steps)
