"""CITES Trade Database comparative tabulations (`cites-comptab`), as trade.cites.org exports them.

Both header generations are accepted: the 2025 web export (with Class..Genus, terms and units as
English words) and older exports (no taxonomy columns, 3-letter codes, `Imp Quantity` /
`(Re-)Exp Quantity`). Terms and units are stored as codes where the word is known, so the same
record keys the same from either export; unknown words are kept as written with a warning.
`NA` is Namibia: cells are never read as missing values. Importer- and exporter-reported
quantities stay in their own columns (never summed). `row_key` is the SHA-256 of the published key
columns (year, appendix, taxon, importer, exporter, origin, term, unit, purpose, source) as written
in the file: the export keeps a blank unit and `Number of specimens` on separate rows, so they must
not collapse into one key even though both are stored as a count (unit NULL).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
from sqlalchemy import select

from data_access.importers.cites_codes import APPENDICES, PURPOSES, SOURCES, term_code, unit_code
from data_access.importers.pipeline import ImportContext, Plan, Upsert
from data_access.importers.reading import ROW
from data_access.importers.tables import converted_chunks, open_file_table, refuse_empty, resolve_or_refuse
from data_access.importers.validation import Column
from data_access.models import CitesTradeRecord, Country

CITES_START = 1975

COLUMNS: tuple[Column, ...] = (
    Column("year", "연도", "Year", type="year", required=True, minimum=CITES_START),
    Column("appendix", "부속서", "App.", type="code", required=True, codes=APPENDICES, aliases=("Appendix",)),
    Column("taxon", "분류군", "Taxon", required=True, max_length=300),
    Column("class_name", "강", "Class", max_length=80),
    Column("order_name", "목", "Order", max_length=80),
    Column("family", "과", "Family", max_length=80),
    Column("genus", "속", "Genus", max_length=80),
    Column("importer", "수입국", "Importer", type="country", required=True),
    Column("exporter", "수출국", "Exporter", type="country", required=True),
    Column("origin", "원산국", "Origin", type="country"),
    Column("importer_quantity", "수입국 보고량", "Importer reported quantity", type="float", minimum=0,
           aliases=("Imp Quantity", "Importer.reported.quantity", "Imp. Qty")),
    Column("exporter_quantity", "수출국 보고량", "Exporter reported quantity", type="float", minimum=0,
           aliases=("(Re-)Exp Quantity", "Exp Quantity", "Exporter.reported.quantity", "Exp. Qty")),
    Column("term", "품목", "Term", required=True, max_length=60),
    Column("unit", "단위", "Unit", max_length=60),
    Column("purpose", "목적", "Purpose", type="code", codes=tuple(PURPOSES)),
    Column("source", "출처", "Source", type="code", codes=tuple(SOURCES)),
)

KEY_COLUMNS = ("year", "appendix", "taxon", "importer", "exporter", "origin", "term", "unit", "purpose", "source")
RECORD_COLUMNS = [
    "row_key", "year", "appendix", "taxon", "class_name", "order_name", "family", "genus", "importer", "exporter",
    "origin", "importer_quantity", "exporter_quantity", "term", "unit", "purpose", "source",
]


class CodeChecks:
    """Maps term/unit words to codes and collects unknown terms, units and countries per value."""

    def __init__(self, ctx: ImportContext) -> None:
        self.ctx = ctx
        self.countries = set(ctx.conn.execute(select(Country.iso2)).scalars())
        self.unknown: dict[tuple[str, str, str], list[int]] = {}

    def _note(self, kind: str, field: str, value: str, row: int, count: int = 1) -> None:
        entry = self.unknown.setdefault((kind, field, value), [row, 0])
        entry[1] += count

    def terms(self, values: pd.Series, rows: pd.Series, field: str) -> pd.Series:
        mapping = {v: term_code(v) for v in pd.unique(values.dropna())}
        for value, (_, known) in mapping.items():
            if not known:
                hits = values == value
                self._note("importers.warning.unknown_term", field, value, int(rows[hits].iloc[0]), int(hits.sum()))
        return values.map(lambda v: None if v is None else mapping[v][0])

    def units(self, values: pd.Series, rows: pd.Series, field: str) -> pd.Series:
        filled = values.fillna("")
        mapping = {v: unit_code(v) for v in pd.unique(filled)}
        for value, (_, known) in mapping.items():
            if not known:
                hits = filled == value
                self._note("importers.warning.unknown_unit", field, value, int(rows[hits].iloc[0]), int(hits.sum()))
        return filled.map(lambda v: mapping[v][0])

    def countries_known(self, values: pd.Series, rows: pd.Series, field: str) -> None:
        if not self.countries:
            return
        for value in pd.unique(values.dropna()):
            if value not in self.countries:
                hits = values == value
                self._note("importers.warning.unknown_country", field, value, int(rows[hits].iloc[0]), int(hits.sum()))

    def report(self) -> None:
        for (code, field, value), (row, count) in self.unknown.items():
            self.ctx.log.warning(code, row=row, field=field, value=value, count=count)


def row_keys(frame: pd.DataFrame) -> pd.Series:
    """SHA-256 of the key columns, joined with '|' (missing values as empty text)."""
    parts = [frame[c].map(lambda v: "" if v is None or v != v else str(v)) for c in KEY_COLUMNS]
    joined = parts[0].str.cat(parts[1:], sep="|")
    return joined.map(lambda text: hashlib.sha256(text.encode("utf-8")).hexdigest())


def read(ctx: ImportContext) -> Plan:
    table = open_file_table(ctx)
    resolved = resolve_or_refuse(ctx, table, COLUMNS)
    if not (resolved.has("importer_quantity") or resolved.has("exporter_quantity")):
        raise ctx.log.refuse("importers.error.missing_column", row=1, field="Importer reported quantity",
                             ko="수입국 보고량", en="Importer / Exporter reported quantity")
    checks = CodeChecks(ctx)
    records = ctx.stage(CitesTradeRecord.__table__, columns=RECORD_COLUMNS, keys=["row_key"])
    for frame in converted_chunks(ctx, table, COLUMNS, resolved):
        rows = frame[ROW]
        frame["year"] = frame["year"].map(lambda v: None if v is None else int(v))
        frame["row_key"] = row_keys(frame)  # from the values as published, before words become codes
        frame["term"] = checks.terms(frame["term"], rows, resolved.label("term"))
        frame["unit"] = checks.units(frame["unit"], rows, resolved.label("unit"))
        for column in ("importer", "exporter", "origin"):
            if resolved.has(column):
                checks.countries_known(frame[column], rows, resolved.label(column))
        none = frame["importer_quantity"].isna() & frame["exporter_quantity"].isna()
        for row in rows[none]:
            ctx.log.error("importers.error.no_quantity", row=row, field=resolved.label("importer_quantity"))
        frame["src_row"] = rows.astype(np.int64)
        if not ctx.log.has_errors:
            records.add(frame)
    refuse_empty(ctx)
    checks.report()
    records.index(["row_key"])
    return Plan(steps=[Upsert(records, what="Year / App. / Taxon / Importer / Exporter / Origin / Term / Unit / Purpose / Source")])
