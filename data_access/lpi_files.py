"""Readers for Living Planet Index input files: rlpi population files, rlpi infiles, the LPD CSV.

Pure pandas, no database: an importer calls these and stores the frames. Every reader returns the
long frame that ``indicators.living_planet_index`` takes as ``lpi_populations``
(``file, binomial, population_id, year, value``), and errors name the file, the row (the line
number in the file, header = line 1) and the field, so a person can fix the data.

Formats (see ``shared/realdata/lpi_rlpi_example/README.md``):

- ``*_pops.txt``: tab-separated with a header ``Binomial, ID, year, popvalue``; rows unsorted.
- infile: tab-separated ``FileName, Group, Weighting[, WeightingB]``; header names may be quoted,
  lines may end in CRLF. File names are resolved against the working directory first, then the
  infile's folder (as rlpi's ``check_single_point_populations`` does).
- ``LPI_LPR2016data_public.csv``: one row per population, descriptive columns then one column per
  year (``1950`` ... ``2017``) holding the count or ``NULL``; quoted fields may contain newlines.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

POPULATION_HEADER: tuple[str, ...] = ("Binomial", "ID", "year", "popvalue")
INFILE_HEADER: tuple[str, ...] = ("FileName", "Group", "Weighting")
LONG_COLUMNS: tuple[str, ...] = ("file", "binomial", "population_id", "year", "value")
LPD_KEY_COLUMNS: tuple[str, ...] = ("ID", "Binomial")
LPD_METADATA_COLUMNS: tuple[str, ...] = ("Class", "System", "T_realm", "FW_realm", "M_realm", "Country")
MISSING_MARKERS: tuple[str, ...] = ("", "NA", "NULL", "NaN")


class LpiFileError(ValueError):
    """A Living Planet input file cannot be read; the message names file, row and field."""


def read_population_file(path: str | Path, *, file_label: str | None = None) -> pd.DataFrame:
    """Read an rlpi ``*_pops.txt`` file into the long population frame.

    ``file_label`` is written to the ``file`` column (default: the file name), so populations can be
    matched to the rows of an infile.
    """
    path = Path(path)
    raw = _read_table(path)
    missing = [c for c in POPULATION_HEADER if c not in raw.columns]
    if missing:
        raise LpiFileError(f"{path}: header lacks {', '.join(missing)}; it has {', '.join(raw.columns)}")
    frame = pd.DataFrame(
        {
            "file": file_label if file_label is not None else path.name,
            "binomial": _text_column(raw, "Binomial", path),
            "population_id": _text_column(raw, "ID", path),
            "year": _integer_column(raw, "year", path),
            "value": _number_column(raw, "popvalue", path),
        }
    )
    return frame.loc[:, list(LONG_COLUMNS)]


def read_infile(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read an rlpi infile and the population files it lists.

    Returns ``(populations, files)``: the long population frame (``file`` holds the FileName as
    written in the infile) and one row per file with ``file, group, weighting, weighting_b``.
    """
    path = Path(path)
    raw = _read_table(path)
    missing = [c for c in INFILE_HEADER if c not in raw.columns]
    if missing:
        raise LpiFileError(f"{path}: header lacks {', '.join(missing)}; it has {', '.join(raw.columns)}")
    files = pd.DataFrame(
        {
            "file": _text_column(raw, "FileName", path),
            "group": _integer_column(raw, "Group", path),
            "weighting": _number_column(raw, "Weighting", path, required=True),
            "weighting_b": _number_column(raw, "WeightingB", path)
            if "WeightingB" in raw.columns
            else float("nan"),
        }
    )
    populations = [
        read_population_file(_resolve(name, path, row), file_label=name)
        for row, name in zip(raw.index, files["file"], strict=True)
    ]
    return pd.concat(populations, ignore_index=True), files


def read_lpd_csv(
    path: str | Path, *, metadata_columns: Sequence[str] = LPD_METADATA_COLUMNS, file_label: str | None = None
) -> pd.DataFrame:
    """Read the public Living Planet Database CSV (wide, one column per year) into the long frame.

    Years without a count (``NULL``) are dropped. ``metadata_columns`` that exist in the file are
    kept beside the long columns, lower-cased, so an importer can split populations into files
    (for example by system, realm and class, as rlpi's ``create_infile`` does).
    """
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise LpiFileError(f"{path}: not a readable CSV file ({error})") from error
    missing = [c for c in LPD_KEY_COLUMNS if c not in raw.columns]
    if missing:
        raise LpiFileError(f"{path}: header lacks {', '.join(missing)}")
    year_columns = [c for c in raw.columns if c.strip().isdigit()]
    if not year_columns:
        raise LpiFileError(f"{path}: no year columns (named like 1970) in the header")
    kept = [c for c in metadata_columns if c in raw.columns]
    long = raw.melt(
        id_vars=[*LPD_KEY_COLUMNS, *kept], value_vars=year_columns, var_name="year", value_name="value"
    )
    long = long.loc[~long["value"].str.strip().isin(MISSING_MARKERS)]
    values = pd.to_numeric(long["value"], errors="coerce")
    bad = values.isna()
    if bad.any():
        first = long.loc[bad].iloc[0]
        line = _csv_line_of_population(raw, first["ID"])
        raise LpiFileError(
            f"{path}: population {first['ID']} (row {line}), field '{first['year']}': "
            f"{first['value']!r} is not a number"
        )
    frame = pd.DataFrame(
        {
            "file": file_label if file_label is not None else path.name,
            "binomial": long["Binomial"].to_numpy(),
            "population_id": long["ID"].str.strip().to_numpy(),
            "year": long["year"].astype(int).to_numpy(),
            "value": values.to_numpy(dtype=float),
        }
    )
    for column in kept:
        frame[column.lower()] = long[column].to_numpy()
    return frame.sort_values(["population_id", "year"], kind="stable").reset_index(drop=True)


def _read_table(path: Path) -> pd.DataFrame:
    """A tab-separated table as strings, with quotes and whitespace stripped from the header."""
    if not path.is_file():
        raise LpiFileError(f"{path}: file not found")
    try:
        raw = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise LpiFileError(f"{path}: not a readable tab-separated file ({error})") from error
    raw.columns = [str(c).strip().strip('"').strip() for c in raw.columns]
    raw = raw.apply(lambda column: column.str.strip())
    raw.index = raw.index + 2  # line numbers: the header is line 1
    return raw


def _text_column(raw: pd.DataFrame, field: str, path: Path) -> pd.Series:
    empty = raw[field] == ""
    if empty.any():
        raise LpiFileError(f"{path}: row {empty.idxmax()}, field '{field}' is empty")
    return raw[field]


def _integer_column(raw: pd.DataFrame, field: str, path: Path) -> pd.Series:
    numbers = pd.to_numeric(raw[field], errors="coerce")
    bad = numbers.isna() | (numbers != numbers.round())
    if bad.any():
        row = bad.idxmax()
        raise LpiFileError(
            f"{path}: row {row}, field '{field}': {raw.at[row, field]!r} is not a whole number"
        )
    return numbers.astype(int)


def _number_column(raw: pd.DataFrame, field: str, path: Path, *, required: bool = False) -> pd.Series:
    text = raw[field]
    missing = text.isin(MISSING_MARKERS)
    if required and missing.any():
        raise LpiFileError(f"{path}: row {missing.idxmax()}, field '{field}' is empty")
    numbers = pd.to_numeric(text.where(~missing), errors="coerce")
    bad = numbers.isna() & ~missing
    if bad.any():
        row = bad.idxmax()
        raise LpiFileError(f"{path}: row {row}, field '{field}': {text[row]!r} is not a number")
    return numbers.astype(float)


def _resolve(name: str, infile: Path, row: int) -> Path:
    """rlpi's lookup: the name as given (working directory), then beside the infile."""
    for candidate in (Path(name), infile.parent / name):
        if candidate.is_file():
            return candidate
    raise LpiFileError(
        f"{infile}: row {row}, field 'FileName': {name!r} not found (looked in . and {infile.parent})"
    )


def _csv_line_of_population(raw: pd.DataFrame, population_id: str) -> int:
    """Position of a population's row in the CSV (header = 1), for error messages."""
    matches = raw.index[raw["ID"] == population_id]
    return int(matches[0]) + 2 if len(matches) else -1
