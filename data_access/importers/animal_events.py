"""Life-cycle events of imported and captive animals (`animal-events`), the WIMS event log.

One template row is one event (import, registration, transfer, birth, death, carcass disposal,
escape, seizure, export) of one animal or lot, keyed on its event ID. The animal's own columns
(specimen ID, species, sex, birth date, origin, import permit, current status) repeat on each of
its events and must agree. Holders and breeding facilities named with a name are created or
updated; ones named by ID only must already exist, and so must referenced permits. Event and
report dates may not lie in the future; the report-before-event rules are compliance
indicators, not import errors.
"""

from __future__ import annotations

from sqlalchemy import select

from data_access.importers.boundaries import NGII as NGII_PROVINCES
from data_access.importers.holders import holder_columns, holder_stage
from data_access.importers.pipeline import ImportContext, Plan, Ref, Upsert
from data_access.importers.tables import check_known, read_spec_file
from data_access.importers.taxa import TaxonMatcher
from data_access.importers.validation import Column, check_consistent
from data_access.models import (
    AdminBoundary,
    AnimalEvent,
    AnimalSpecimen,
    Authority,
    BreedingFacility,
    CitesPermit,
    Holder,
)

ORIGINS = ("imported", "bred_in_captivity", "pre_listing", "confiscated")
ORIGIN_KO = {"수입": "imported", "인공증식": "bred_in_captivity", "지정 전 보유": "pre_listing", "몰수": "confiscated"}
SPECIMEN_STATUSES = ("held", "dead", "disposed", "escaped", "seized", "exported")
SPECIMEN_STATUS_KO = {"보관": "held", "폐사": "dead", "처리": "disposed", "탈출": "escaped", "압류": "seized", "수출": "exported"}
EVENT_TYPES = ("import", "entry", "transfer", "birth", "death", "carcass_disposal", "escape", "seizure", "export")
EVENT_TYPE_KO = {"수입": "import", "등록": "entry", "양도양수": "transfer", "양도": "transfer", "출생": "birth", "폐사": "death",
                 "사체처리": "carcass_disposal", "탈출": "escape", "압류": "seizure", "보호조치": "seizure", "수출": "export"}
DISPOSALS = ("incinerated", "buried", "specimen", "donated")
DISPOSAL_KO = {"소각": "incinerated", "매립": "buried", "표본": "specimen", "기증": "donated"}
FACILITY_TYPES = ("exhibition", "research", "sales", "individual")
FACILITY_TYPE_KO = {"전시": "exhibition", "연구": "research", "판매": "sales", "개인": "individual"}

SPECIMEN_FIELDS = ("specimen_key", "scientific_name", "sex", "born_on", "origin", "import_permit_no", "specimen_status")

COLUMNS: tuple[Column, ...] = (
    Column("event_key", "사건 ID", "Event ID", required=True, max_length=60, example="EV-2025-0001"),
    Column("specimen_key", "개체 ID", "Specimen ID", required=True, max_length=60, example="CHIP-900118000123456",
           description_ko="마이크로칩·링·태그 번호", description_en="Microchip, ring or tag number"),
    Column("scientific_name", "학명", "Scientific name", required=True, max_length=300, example="Python regius"),
    Column("sex", "성별", "Sex", type="code", codes=("M", "F", "U"), code_aliases={"수": "M", "암": "F", "미상": "U"}),
    Column("born_on", "출생일", "Born on", type="date"),
    Column("origin", "개체 출처", "Origin", type="code", required=True, codes=ORIGINS, code_aliases=ORIGIN_KO, example="imported",
           description_ko="수입, 인공증식, 지정 전 보유, 몰수", description_en="imported, bred_in_captivity, pre_listing, confiscated"),
    Column("import_permit_no", "수입허가번호", "Import permit no.", max_length=40),
    Column("specimen_status", "개체 상태", "Specimen status", type="code", codes=SPECIMEN_STATUSES, code_aliases=SPECIMEN_STATUS_KO,
           description_ko="보관, 폐사, 처리, 탈출, 압류, 수출 (비우면 보관)", description_en="Current status (empty = held)"),
    Column("event_type", "사건 종류", "Event type", type="code", required=True, codes=EVENT_TYPES, code_aliases=EVENT_TYPE_KO,
           example="transfer", description_ko="수입, 등록, 양도양수, 출생, 폐사, 사체처리, 탈출, 압류, 수출",
           description_en="import, entry, transfer, birth, death, carcass_disposal, escape, seizure, export"),
    Column("event_date", "발생일", "Event date", type="date", required=True, example="2025-05-01"),
    Column("report_date", "신고일", "Report date", type="date", example="2025-04-28"),
    Column("quantity", "수량", "Quantity", type="float", minimum=0, description_ko="비우면 1", description_en="Empty = 1"),
    *holder_columns("from_", "양도인", "Sender"),
    *holder_columns("to_", "양수인", "Recipient"),
    Column("facility_registration_no", "사육시설 등록번호", "Facility registration no.", max_length=40),
    Column("facility_name", "사육시설 이름", "Facility name", max_length=200),
    Column("facility_type", "사육시설 유형", "Facility type", type="code", codes=FACILITY_TYPES, code_aliases=FACILITY_TYPE_KO),
    Column("permit_no", "관련 허가번호", "Permit no.", max_length=40),
    Column("receiving_authority", "접수기관", "Receiving authority", max_length=20),
    Column("disposal_method", "사체 처리 방법", "Disposal method", type="code", codes=DISPOSALS, code_aliases=DISPOSAL_KO),
    Column("province_code", "시도 코드", "Province code", max_length=4, description_ko="행정구역 시도 코드(NGII, 예: 41)",
           description_en="NGII province code (e.g. 41)"),
    Column("note", "비고", "Note"),
)

SPECIMEN_COLUMNS = ["specimen_key", "taxon_id", "scientific_name", "sex", "born_on", "origin", "import_permit_id", "status"]
EVENT_COLUMNS = [
    "event_key", "specimen_id", "event_type", "event_date", "report_date", "quantity", "from_holder_id", "to_holder_id",
    "facility_id", "permit_id", "receiving_authority", "disposal_method", "province_code", "note", "year",
]


def _permit_ref(column: str, stage_column: str) -> Ref:
    return Ref(column, CitesPermit.__table__, (("permit_no", stage_column),))


def read(ctx: ImportContext) -> Plan:
    frame, resolved = read_spec_file(ctx, COLUMNS)
    check_consistent(frame, ["specimen_key"], [c for c in SPECIMEN_FIELDS if c != "specimen_key"], ctx.log, what="specimen",
                     labels=resolved.label)
    check_consistent(frame, ["facility_registration_no"], ["facility_name", "facility_type"], ctx.log, what="facility",
                     labels=resolved.label)
    check_known(ctx, frame, "receiving_authority", set(ctx.conn.execute(select(Authority.code)).scalars()), resolved)
    provinces = NGII_PROVINCES | set(ctx.conn.execute(
        select(AdminBoundary.code).where(AdminBoundary.level == "province", AdminBoundary.code_system == "NGII")).scalars())
    check_known(ctx, frame, "province_code", provinces, resolved)
    frame["taxon_id"] = TaxonMatcher(ctx.conn).match(frame["scientific_name"])
    frame["status"] = frame["specimen_status"].fillna("held")
    frame["quantity"] = frame["quantity"].map(lambda v: 1.0 if v is None else v)
    frame["year"] = frame["event_date"].map(lambda d: None if d is None else d.year)
    holders = holder_stage(ctx, frame, ("from_", "to_"))
    facilities = None
    named = frame[frame["facility_registration_no"].notna() & frame["facility_name"].notna()]
    if not named.empty:
        facilities = ctx.stage(BreedingFacility.__table__, columns=["registration_no", "name", "facility_type"],
                               keys=["registration_no"], consistent_duplicates=True)
        facilities.add(named.assign(registration_no=named["facility_registration_no"],
                                    name=named["facility_name"], facility_type=named["facility_type"].fillna("individual")))
    specimens = ctx.stage(
        AnimalSpecimen.__table__, columns=SPECIMEN_COLUMNS, keys=["specimen_key"], consistent_duplicates=True,
        extra=[("import_permit_no", "VARCHAR(40)")], refs=[_permit_ref("import_permit_id", "import_permit_no")],
    )
    specimens.add(frame)
    events = ctx.stage(
        AnimalEvent.__table__,
        columns=EVENT_COLUMNS,
        keys=["event_key"],
        extra=[("specimen_key", "VARCHAR(60)"), ("from_holder_key", "VARCHAR(40)"), ("to_holder_key", "VARCHAR(40)"),
               ("facility_registration_no", "VARCHAR(40)"), ("permit_no", "VARCHAR(40)")],
        refs=[
            Ref("specimen_id", AnimalSpecimen.__table__, (("specimen_key", "specimen_key"),)),
            Ref("from_holder_id", Holder.__table__, (("holder_key", "from_holder_key"),)),
            Ref("to_holder_id", Holder.__table__, (("holder_key", "to_holder_key"),)),
            Ref("facility_id", BreedingFacility.__table__, (("registration_no", "facility_registration_no"),)),
            _permit_ref("permit_id", "permit_no"),
        ],
    )
    events.add(frame)
    steps = [Upsert(s, count_rows=False, what=w) for s, w in ((holders, "holder"), (facilities, "facility")) if s is not None]
    steps += [Upsert(specimens, what="specimen_key"), Upsert(events, what="event_key")]
    return Plan(steps=steps)


