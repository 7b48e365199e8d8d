"""Training courses, workshops and fellowships (`capacity-events`): trainees for GBF target 20.

One template row is one event, keyed on its event ID. The project code, when given, must be a
cooperation project already imported (`cooperation` template). Women trainees may not exceed
trainees. Its own kind, not a record type of `cooperation`: events are logged by the programme
officers after each course, long after the project and its budget were entered, and the columns
(date, country, trainees) have nothing in common with a project row.
"""

from __future__ import annotations

from data_access.importers.pipeline import ImportContext, Plan, Ref, Upsert
from data_access.importers.tables import read_spec_file
from data_access.importers.validation import INT32_MAX, Column
from data_access.models import CapacityEvent, CooperationProject

COLUMNS: tuple[Column, ...] = (
    Column("event_key", "행사 ID", "Event ID", required=True, max_length=40, example="TR-2025-01",
           description_ko="교육·워크숍의 고유 번호", description_en="Unique identifier of the course or workshop"),
    Column("project_code", "사업 코드", "Project code", max_length=40, example="NIBR-ODA-2025-01",
           description_ko="cooperation 양식으로 등록된 사업 코드(없으면 비움)", description_en="Cooperation project code, if any"),
    Column("title", "교육명", "Title", required=True, example="분류학 역량강화 교육"),
    Column("country", "개최국", "Country", type="country", required=True, example="VN",
           description_ko="교육이 열린 협력국(두 글자 코드)", description_en="Partner country where it was held"),
    Column("held_on", "개최일", "Held on", type="date", required=True, example="2025-05-12"),
    Column("trainees", "교육 인원", "Trainees", type="int", required=True, minimum=0, maximum=INT32_MAX, example="25"),
    Column("women_trainees", "여성 인원", "Women trainees", type="int", minimum=0, maximum=INT32_MAX, example="12"),
)


def read(ctx: ImportContext) -> Plan:
    frame, resolved = read_spec_file(ctx, COLUMNS)
    for row, women, total in zip(frame["src_row"], frame["women_trainees"], frame["trainees"], strict=True):
        if women is not None and total is not None and women > total:
            ctx.log.error("importers.error.part_exceeds_total", row=row, field=resolved.label("women_trainees"), value=women,
                          total=total)
    frame["year"] = frame["held_on"].map(lambda d: None if d is None else d.year)
    for column in ("trainees", "women_trainees"):
        frame[column] = frame[column].map(lambda v: None if v is None else int(v))
    events = ctx.stage(
        CapacityEvent.__table__,
        columns=["event_key", "project_id", "title", "country", "held_on", "trainees", "women_trainees", "year"],
        keys=["event_key"],
        extra=[("project_code", "VARCHAR(40)")],
        refs=[Ref("project_id", CooperationProject.__table__, (("code", "project_code"),))],
    )
    events.add(frame)
    return Plan(steps=[Upsert(events, what="event_key")])
