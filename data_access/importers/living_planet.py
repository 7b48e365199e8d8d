"""Living Planet population time series (`lpi`): rlpi population files, infiles, the LPD CSV.

The file is read by `data_access.lpi_files` (the readers the indicator's oracle tests use), so the
database holds exactly what the indicator would read from the files. Three inputs:

* an rlpi population file (`Binomial, ID, year, popvalue`): one `population_dataset` named after
  the file; a file row is one count;
* an rlpi infile (`FileName, Group, Weighting[, WeightingB]`): every listed file becomes a
  dataset named by its FileName as written, with its group and weights; names resolve against the
  working directory, then the infile's folder, and may not leave them (no absolute paths, no
  `..`); a row of the report is one count line of a population file;
* the wide Living Planet Database CSV: one dataset named after the file; a row is one population.

Each population's counts are its complete series: a corrected file replaces the series of the
populations it lists (previous values are kept for rollback). The readers stop at the first bad
cell, so an LPI file reports one problem at a time (with file, row and field in the message).
"""

from __future__ import annotations

import codecs
from pathlib import Path, PurePath

import numpy as np
import pandas as pd

from data_access.importers.pipeline import ChildSet, ImportContext, Plan, Ref, Upsert
from data_access.importers.reading import detect_encoding
from data_access.importers.report import ImportRefused
from data_access.importers.taxa import TaxonMatcher
from data_access.models import Population, PopulationCount, PopulationDataset

LPD_METADATA = ("Class", "System", "T_realm", "Country", "Location", "Latitude", "Longitude", "Units", "Method")
ROW_STRIDE = 10_000_000  # src_row = file number * stride + line, unique across an infile's files


def _lpi_files():  # type: ignore[no-untyped-def]
    from data_access import lpi_files

    return lpi_files


def _first_line(path: Path, encoding: str) -> str:
    with path.open("r", encoding=encoding, newline="") as handle:
        return handle.readline()


def _utf8_copy(ctx: ImportContext, path: Path) -> Path:
    """The readers expect UTF-8: other detected encodings (CP949 ...) are transcoded to scratch."""
    encoding = detect_encoding(lambda: path.open("rb"), ctx.log, forced=ctx.option("encoding"))
    if encoding in ("utf-8", "utf-8-sig"):
        return path
    target = ctx.scratch / f"utf8_{path.name}"
    with path.open("r", encoding=encoding, newline="") as source, target.open("w", encoding="utf-8", newline="") as sink:
        for block in iter(lambda: source.read(1 << 20), ""):
            sink.write(block)
    return target


def detect_layout(ctx: ImportContext, path: Path) -> str:
    """'pops', 'infile' or 'lpd' from the header line."""
    if ctx.fmt not in ("text",):
        raise ctx.log.refuse("importers.error.wrong_format", value=ctx.fmt, formats="rlpi *_pops.txt, infile, LPD CSV")
    header = codecs.decode(_first_line(path, "utf-8").encode(), "utf-8").replace('"', "").replace("\ufeff", "")
    names = {h.strip().casefold() for h in header.replace("\t", ",").split(",")}
    if {"binomial", "id", "year", "popvalue"} <= names:
        return "pops"
    if "filename" in names and "group" in names:
        return "infile"
    if {"id", "binomial"} <= names and any(n.isdigit() for n in names):
        return "lpd"
    raise ctx.log.refuse("importers.error.lpi_layout", value=header.strip()[:120])


def _check_infile_paths(ctx: ImportContext, path: Path) -> None:
    """Infile names may point only below the working directory or the infile's folder."""
    frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    frame.columns = [str(c).strip().strip('"') for c in frame.columns]
    for row, name in zip(range(2, len(frame) + 2), frame.get("FileName", pd.Series(dtype=str)), strict=False):
        pure = PurePath(str(name).strip())
        if pure.is_absolute() or ".." in pure.parts or str(name).startswith(("\\", "/")):
            ctx.log.error("importers.error.zip_path_traversal", row=row, field="FileName", value=name)
    if ctx.log.has_errors:
        raise ImportRefused("infile paths")


def _lpd_populations(path: Path, label: str) -> pd.DataFrame:
    """Every population row of the LPD CSV, also those without a single count."""
    wanted = {"ID", "Binomial", "Location", "Latitude", "Longitude", "Units", "Method"}
    meta = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=lambda c: str(c).strip() in wanted)
    meta.columns = [str(c).strip().lower() for c in meta.columns]
    meta = meta.rename(columns={"id": "population_id"})
    meta["population_id"] = meta["population_id"].str.strip()
    meta["file"] = label
    meta["src_row"] = np.arange(2, len(meta) + 2, dtype="int64")
    return meta


def _read(ctx: ImportContext) -> tuple[str, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(layout, long frame with src_row, populations frame, datasets frame)."""
    lpi_files = _lpi_files()
    path = _utf8_copy(ctx, ctx.path)
    layout = detect_layout(ctx, path)
    try:
        if layout == "pops":
            long = lpi_files.read_population_file(path, file_label=ctx.path.name)
            long["src_row"] = np.arange(2, len(long) + 2, dtype="int64")
            files = pd.DataFrame({"file": [ctx.path.name], "group": [None], "weighting": [None], "weighting_b": [None]})
        elif layout == "infile":
            _check_infile_paths(ctx, path)
            long, files = lpi_files.read_infile(path if path == ctx.path else ctx.path)
            line = long.groupby("file", sort=False).cumcount() + 2
            number = long["file"].map({name: i for i, name in enumerate(files["file"])})
            long["src_row"] = (number * ROW_STRIDE + line).astype("int64")
        else:
            long = lpi_files.read_lpd_csv(path, metadata_columns=LPD_METADATA, file_label=ctx.path.name)
            populations = _lpd_populations(path, ctx.path.name)
            rows = dict(zip(populations["population_id"], populations["src_row"], strict=False))
            long["src_row"] = long["population_id"].map(rows).astype("int64")
            files = pd.DataFrame({"file": [ctx.path.name], "group": [None], "weighting": [None], "weighting_b": [None]})
    except lpi_files.LpiFileError as exc:
        raise ctx.log.refuse("importers.error.lpi_file", value=str(exc)[:400]) from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ctx.log.refuse("importers.error.lpi_file", value=str(exc)[:400]) from None
    if layout != "lpd":
        populations = long.drop_duplicates(["file", "population_id"])
    return layout, long, populations, files


def _check_values(ctx: ImportContext, long: pd.DataFrame) -> pd.DataFrame:
    missing = long["value"].isna()
    if missing.any():
        ctx.log.warning("importers.warning.lpi_missing_values", value=int(missing.sum()), count=int(missing.sum()))
    negative = long["value"] < 0
    for row, value in zip(long.loc[negative, "src_row"], long.loc[negative, "value"], strict=True):
        ctx.log.error("importers.error.too_small", row=int(row) % ROW_STRIDE, field="popvalue", value=value, minimum=0)
    from data_access.importers.validation import today

    future = long["year"] > today().year
    for row, value in zip(long.loc[future, "src_row"], long.loc[future, "year"], strict=True):
        ctx.log.error("importers.error.year_in_future", row=int(row) % ROW_STRIDE, field="year", value=value, maximum=today().year)
    return long[~missing]


def _populations(first: pd.DataFrame, matcher: TaxonMatcher) -> pd.DataFrame:
    pops = pd.DataFrame(
        {
            "src_row": first["src_row"],
            "dataset_name": first["file"],
            "population_key": first["population_id"].astype(str),
            "binomial": first["binomial"],
        }
    )
    names = pops["binomial"].str.replace("_", " ", regex=False)
    pops["taxon_id"] = matcher.match(names) if not matcher.empty else None
    for column, source in (("location", "location"), ("units", "units"), ("method", "method")):
        pops[column] = first[source].replace({"": None, "NULL": None}) if source in first.columns else None
    for column in ("latitude", "longitude"):
        pops[column] = pd.to_numeric(first[column], errors="coerce") if column in first.columns else np.nan
    return pops


def read(ctx: ImportContext) -> Plan:
    layout, long, population_rows, files = _read(ctx)
    ctx.rows_read = len(population_rows) if layout == "lpd" else len(long)
    if ctx.rows_read == 0:
        raise ctx.log.refuse("importers.error.no_rows")
    long = _check_values(ctx, long)
    matcher = TaxonMatcher(ctx.conn)
    with_weights = layout == "infile"
    dataset_columns = ["name", "group_id", "weighting", "weighting_b"]
    datasets = ctx.stage(
        PopulationDataset.__table__,
        columns=dataset_columns,
        keys=["name"],
        compare=["group_id", "weighting", "weighting_b"] if with_weights else [],
    )
    datasets.add(
        pd.DataFrame(
            {
                "src_row": np.arange(len(files), dtype="int64"),
                "name": files["file"].astype(str),
                "group_id": files["group"].fillna(1).astype("int64") if with_weights else 1,
                "weighting": files["weighting"].fillna(1.0).astype(float) if with_weights else 1.0,
                "weighting_b": files["weighting_b"].astype(float) if with_weights else np.nan,
            }
        )
    )
    dataset_ref = Ref("dataset_id", PopulationDataset.__table__, (("name", "dataset_name"),), required=False)
    populations = ctx.stage(
        Population.__table__,
        columns=["dataset_id", "population_key", "binomial", "taxon_id", "location", "latitude", "longitude", "units", "method"],
        keys=["dataset_id", "population_key"],
        extra=[("dataset_name", "VARCHAR(300)")],
        refs=[Ref("dataset_id", PopulationDataset.__table__, (("name", "dataset_name"),))],
    )
    populations.add(_populations(population_rows, matcher))
    empty = ~population_rows["population_id"].isin(long["population_id"])
    if empty.any():
        ctx.log.warning("importers.warning.lpi_population_without_counts", value=", ".join(population_rows.loc[empty, "population_id"].head(20)), count=int(empty.sum()))
    counts = ctx.child_stage(
        PopulationCount.__table__,
        parent_column="population_id",
        keys=["year"],
        values=["value"],
        extra=[("dataset_name", "VARCHAR(300)"), ("population_key", "VARCHAR(40)"), ("dataset_id", "INTEGER")],
        refs=[
            dataset_ref,
            Ref("population_id", Population.__table__, (("dataset_id", "dataset_id"), ("population_key", "population_key")), required=False),
        ],
    )
    counts.add(
        pd.DataFrame(
            {
                "src_row": long["src_row"].to_numpy(),
                "year": long["year"].astype("int64").to_numpy(),
                "value": long["value"].astype(float).to_numpy(),
                "dataset_name": long["file"].to_numpy(),
                "population_key": long["population_id"].astype(str).to_numpy(),
            }
        )
    )
    counts.index(["dataset_name", "population_key", "year"])
    per_count = layout != "lpd"
    return Plan(
        steps=[
            Upsert(datasets, count_rows=False, what="FileName"),
            Upsert(populations, count_rows=True, what="ID", count_promoted=not per_count),
            ChildSet(counts, parent=populations, count_rows=per_count),
        ],
        note=f"layout={layout}",
    )


