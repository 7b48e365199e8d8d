"""Duplicate specimens, books and datasets handed over to partners (`material-transfers`).

One template row is one hand-over, keyed on its transfer ID, with what was handed over and how
many items; the project code, when given, must be a cooperation project already imported. These
feed the `duplicate_specimens`, `books` and `datasets` series of `capacity_cooperation`. Its own
kind for the same reason as `capacity-events`: the collections staff record hand-overs as they
happen, separately from the project sheet.
"""

from __future__ import annotations

from data_access.importers.pipeline import ImportContext, Plan, Ref, Upsert
from data_access.importers.tables import read_spec_file
from data_access.importers.validation import INT32_MAX, Column
from data_access.models import CooperationProject, MaterialTransfer

KINDS = ("duplicate_specimen", "book", "dataset")
KIND_KO = {"중복표본": "duplicate_specimen", "중복 표본": "duplicate_specimen", "표본": "duplicate_specimen", "도서": "book",
           "책": "book", "자료": "dataset", "데이터": "dataset", "데이터셋": "dataset"}

COLUMNS: tuple[Column, ...] = (
    Column("transfer_key", "인계 ID", "Transfer ID", required=True, max_length=40, example="HO-2025-01",
           description_ko="인계 건의 고유 번호", description_en="Unique identifier of the hand-over"),
    Column("project_code", "사업 코드", "Project code", max_length=40, example="NIBR-ODA-2025-01",
           description_ko="cooperation 양식으로 등록된 사업 코드(없으면 비움)", description_en="Cooperation project code, if any"),
    Column("partner_country", "협력국", "Partner country", type="country", required=True, example="VN"),
    Column("partner_institution", "인계 기관", "Partner institution", max_length=300, example="VNMN"),
    Column("handed_over_on", "인계일", "Handed over on", type="date", required=True, example="2025-09-01"),
    Column("kind", "인계 구분", "Kind", type="code", required=True, codes=KINDS, code_aliases=KIND_KO, example="duplicate_specimen",
           description_ko="중복표본, 도서, 자료", description_en="duplicate_specimen, book or dataset"),
    Column("quantity", "수량", "Quantity", type="int", required=True, minimum=0, maximum=INT32_MAX, example="120"),
    Column("description", "설명", "Description"),
)


def read(ctx: ImportContext) -> Plan:
    frame, _resolved = read_spec_file(ctx, COLUMNS)
    frame["year"] = frame["handed_over_on"].map(lambda d: None if d is None else d.year)
    frame["quantity"] = frame["quantity"].map(lambda v: None if v is None else int(v))
    transfers = ctx.stage(
        MaterialTransfer.__table__,
        columns=["transfer_key", "project_id", "partner_country", "partner_institution", "handed_over_on", "kind", "quantity",
                 "description", "year"],
        keys=["transfer_key"],
        extra=[("project_code", "VARCHAR(40)")],
        refs=[Ref("project_id", CooperationProject.__table__, (("code", "project_code"),))],
    )
    transfers.add(frame)
    return Plan(steps=[Upsert(transfers, what="transfer_key")])
