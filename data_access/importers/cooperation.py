"""International cooperation projects (`cooperation`): joint research, ODA and capacity building.

One template row is one project, or one project-year when the budget columns are filled: the
project columns repeat and must agree, and each (project, year) holds one disbursement with the
exchange rate used to express it in USD. Start and end dates may lie in the future (planned
projects); budget years up to ten years ahead are accepted.
"""

from __future__ import annotations

from data_access.importers.pipeline import ImportContext, Plan, Ref, Upsert
from data_access.importers.tables import read_spec_file
from data_access.importers.validation import Column, check_consistent, today
from data_access.models import CooperationProject, ProjectBudget

KINDS = ("joint_research", "oda", "capacity_building")
KIND_KO = {"공동연구": "joint_research", "ODA": "oda", "공적개발원조": "oda", "역량강화": "capacity_building"}
PROJECT_FIELDS = ("title_ko", "title_en", "kind", "partner_country", "partner_institution", "funding_agency", "starts_on", "ends_on", "rio_marker")

COLUMNS: tuple[Column, ...] = (
    Column("code", "사업 코드", "Project code", required=True, max_length=40, example="NIBR-ODA-2025-01"),
    Column("title_ko", "사업명(국문)", "Title (Korean)", required=True, example="베트남 생물자원 공동조사"),
    Column("title_en", "사업명(영문)", "Title (English)", required=True, example="Joint survey of biological resources in Viet Nam"),
    Column("kind", "사업 유형", "Kind", type="code", required=True, codes=KINDS, code_aliases=KIND_KO, example="oda",
           description_ko="공동연구, ODA, 역량강화", description_en="joint_research, oda, capacity_building"),
    Column("partner_country", "협력국", "Partner country", type="country", required=True, example="VN"),
    Column("partner_institution", "협력기관", "Partner institution", max_length=300),
    Column("funding_agency", "재원 기관", "Funding agency", max_length=100),
    Column("starts_on", "시작일", "Starts on", type="date", required=True, not_future=False, example="2025-01-01"),
    Column("ends_on", "종료일", "Ends on", type="date", not_future=False),
    Column("rio_marker", "리우마커", "Rio marker", type="int", minimum=0, maximum=2,
           description_ko="생물다양성 리우마커: 0 해당없음, 1 부차적, 2 주요", description_en="OECD DAC biodiversity marker 0/1/2"),
    Column("budget_year", "예산 연도", "Budget year", type="int", minimum=1990, maximum=today().year + 10),
    Column("amount", "금액", "Amount", type="float", minimum=0),
    Column("currency", "통화", "Currency", type="code", codes=("KRW", "USD", "EUR", "JPY", "CNY", "GBP"),
           description_ko="통화 코드(KRW, USD …)", description_en="Currency code (KRW, USD …)"),
    Column("usd_per_unit", "USD 환율", "USD per unit", type="float", minimum=0,
           description_ko="통화 1단위의 USD 값(예: KRW 0.00072)", description_en="USD value of one currency unit"),
)


def read(ctx: ImportContext) -> Plan:
    frame, resolved = read_spec_file(ctx, COLUMNS)
    check_consistent(frame, ["code"], list(PROJECT_FIELDS), ctx.log, what="project", labels=resolved.label)
    frame["rio_marker"] = frame["rio_marker"].map(lambda v: 0 if v is None else int(v))
    projects = ctx.stage(
        CooperationProject.__table__,
        columns=["code", *PROJECT_FIELDS],
        keys=["code"],
        consistent_duplicates=True,
    )
    projects.add(frame)
    steps = [Upsert(projects, what="code")]
    budgets = frame[frame["budget_year"].notna()].copy()
    for column in ("amount", "currency", "usd_per_unit"):
        for row in budgets.loc[budgets[column].isna(), "src_row"]:
            ctx.log.error("importers.error.required", row=row, field=resolved.label(column))
    if not budgets.empty:
        budgets["year"] = budgets["budget_year"].map(int)
        stage = ctx.stage(
            ProjectBudget.__table__,
            columns=["project_id", "year", "amount", "currency", "usd_per_unit"],
            keys=["project_id", "year"],
            extra=[("code", "VARCHAR(40)")],
            refs=[Ref("project_id", CooperationProject.__table__, (("code", "code"),))],
        )
        stage.add(budgets)
        steps.append(Upsert(stage, what="code / budget_year"))
    return Plan(steps=steps)
