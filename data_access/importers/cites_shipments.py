"""CITES shipment-level bulk download (`cites-shipments`): `Trade_database_download_v*.zip`.

The zip holds CSVs of 500,000 rows (`trade_db_1.csv` …); a single CSV is accepted too. One row
is a permit line item as reported by one Party (`Reporter.type` E or I): rows are stored as they
are, keyed on `Id`, and E and I rows are never added together. Terms and units are codes here;
unknown ones are warnings (a value longer than the column holds is an error). Row numbers count
within each CSV member, whose name is shown in front of the message.
"""

from __future__ import annotations

import numpy as np

from data_access.importers.cites_codes import APPENDICES, PURPOSES, SOURCES
from data_access.importers.cites_comptab import CodeChecks
from data_access.importers.pipeline import ImportContext, Plan, Upsert
from data_access.importers.reading import ROW, SafeZip, TableSource, open_table, table_source_for
from data_access.importers.tables import converted_chunks, refuse_empty, resolve_or_refuse
from data_access.importers.validation import Column
from data_access.models import CitesShipment

COLUMNS: tuple[Column, ...] = (
    Column("record_id", "ID", "Id", required=True, max_length=40),
    Column("year", "연도", "Year", type="year", required=True, minimum=1975),
    Column("appendix", "부속서", "Appendix", type="code", required=True, codes=APPENDICES, aliases=("App.",)),
    Column("taxon", "분류군", "Taxon", required=True, max_length=300),
    Column("term", "품목", "Term", required=True, max_length=10),
    Column("quantity", "수량", "Quantity", type="float", required=True, minimum=0),
    Column("unit", "단위", "Unit", max_length=10),
    Column("importer", "수입국", "Importer", type="country", required=True),
    Column("exporter", "수출국", "Exporter", type="country", required=True),
    Column("origin", "원산국", "Origin", type="country"),
    Column("purpose", "목적", "Purpose", type="code", codes=tuple(PURPOSES)),
    Column("source", "출처", "Source", type="code", codes=tuple(SOURCES)),
    Column("reporter_type", "보고국 유형", "Reporter.type", type="code", required=True, codes=("E", "I"),
           aliases=("Reporter type", "reporter_type")),
    Column("import_permit_hash", "수입 허가 ID", "Import.permit.RandomID", max_length=20),
    Column("export_permit_hash", "수출 허가 ID", "Export.permit.RandomID", max_length=20),
    Column("origin_permit_hash", "원산 허가 ID", "Origin.permit.RandomID", max_length=20),
)
SHIPMENT_COLUMNS = [c.name for c in COLUMNS]
ROW_STRIDE = 100_000_000


def _sources(ctx: ImportContext) -> list[TableSource]:
    if ctx.fmt == "zip":
        archive = SafeZip(ctx.path, ctx.limits, ctx.log, label=ctx.path.name)
        members = archive.find(lambda n: n.lower().endswith(".csv"))
        if not members:
            raise ctx.log.refuse("importers.error.archive_content", value="trade_db_*.csv")
        return [TableSource(label=m, open_stream=archive.opener(m)) for m in members]
    return [table_source_for(ctx.path, ctx.fmt, ctx.log, ctx.limits)]


def read(ctx: ImportContext) -> Plan:
    sources = _sources(ctx)
    checks = CodeChecks(ctx)
    shipments = ctx.stage(CitesShipment.__table__, columns=SHIPMENT_COLUMNS, keys=["record_id"])
    for number, source in enumerate(sources):
        label = source.label if len(sources) > 1 or ctx.fmt == "zip" else None
        table = open_table(source, ctx.log, forced_encoding=ctx.option("encoding"))
        resolved = resolve_or_refuse(ctx, table, COLUMNS, source=label, warn_unknown=False)
        for frame in converted_chunks(ctx, table, COLUMNS, resolved, source=label):
            rows = frame[ROW]
            for column in ("importer", "exporter", "origin"):
                checks.countries_known(frame[column], rows, resolved.label(column))
            checks.terms(frame["term"], rows, resolved.label("term"))
            frame["year"] = frame["year"].map(lambda v: None if v is None else int(v))
            frame["src_row"] = (rows.astype(np.int64) + number * ROW_STRIDE)
            if not ctx.log.has_errors:
                shipments.add(frame)
    refuse_empty(ctx)
    checks.report()
    shipments.index(["record_id"])
    return Plan(steps=[Upsert(shipments, what="Id")])
