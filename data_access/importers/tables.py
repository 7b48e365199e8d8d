"""Reading a CSV/XLSX import file through its column specs, chunk by chunk."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pandas as pd

from data_access.importers.pipeline import ImportContext
from data_access.importers.reading import ROW, Table, open_table, table_source_for
from data_access.importers.report import ImportRefused
from data_access.importers.validation import Column, Resolved, convert_frame, resolve_columns


def open_file_table(ctx: ImportContext) -> Table:
    """The import file as a table: CSV/TSV in any supported encoding, or an XLSX sheet."""
    source = table_source_for(ctx.path, ctx.fmt, ctx.log, ctx.limits, sheet=ctx.option("sheet"))
    return open_table(source, ctx.log, forced_encoding=ctx.option("encoding"))


def resolve_or_refuse(
    ctx: ImportContext, table: Table, specs: Sequence[Column], *, source: str | None = None, warn_unknown: bool = True
) -> Resolved:
    """Header → spec columns; a file missing required columns is refused before any row is read."""
    resolved = resolve_columns(table.header, specs, ctx.log, source=source, warn_unknown=warn_unknown)
    if ctx.log.has_errors:
        raise ImportRefused("header")
    return resolved


def converted_chunks(
    ctx: ImportContext, table: Table, specs: Sequence[Column], resolved: Resolved, *, source: str | None = None
) -> Iterator[pd.DataFrame]:
    """Typed chunks (columns named by spec) with `_row`; counts the rows read."""
    for chunk in table.chunks:
        ctx.rows_read += len(chunk)
        yield convert_frame(chunk, specs, resolved, ctx.log, source=source)


def src_rows(frame: pd.DataFrame) -> pd.Series:
    return frame[ROW].astype("int64")


def refuse_empty(ctx: ImportContext) -> None:
    if ctx.rows_read == 0 and not ctx.log.has_errors:
        raise ctx.log.refuse("importers.error.no_rows")


def read_spec_file(ctx: ImportContext, specs: Sequence[Column]) -> tuple[pd.DataFrame, Resolved]:
    """A whole template file as one typed frame (templates are small: permits, projects, actions).

    Still read in chunks, so a huge file is refused by its limits rather than by memory.
    """
    table = open_file_table(ctx)
    resolved = resolve_or_refuse(ctx, table, specs)
    frames = list(converted_chunks(ctx, table, specs, resolved))
    refuse_empty(ctx)
    frame = pd.concat(frames, ignore_index=True)
    frame["src_row"] = frame["_row"].astype("int64")
    return frame, resolved


def check_known(
    ctx: ImportContext, frame: pd.DataFrame, column: str, known: set[str], resolved: Resolved, *, split: str | None = None
) -> None:
    """Values (or `split`-separated lists of values) of `column` must be in `known` (from the database)."""
    for row, value in zip(frame["_row"], frame[column], strict=True):
        if value is None:
            continue
        parts = [p.strip() for p in str(value).split(split)] if split else [str(value)]
        for part in parts:
            if part and part not in known:
                ctx.log.error("importers.error.unknown_code", row=row, field=resolved.label(column), value=part,
                              expected=", ".join(sorted(known))[:400])


def split_list(value: object, sep: str = ";") -> list[str]:
    if value is None:
        return []
    return [p.strip() for p in str(value).replace(",", sep).split(sep) if p.strip()]
