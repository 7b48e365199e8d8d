"""Column specs and vectorised value checks shared by every importer.

A `Column` says what one column of an import file means in both languages and what values it
takes; the same spec recognises the file's header (Korean or English, any case or spacing),
converts a chunk of strings to typed values, and generates the import templates. Conversions work
on whole columns; only the offending cells are visited in Python, to log one problem each.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from data_access.importers.reading import ROW
from data_access.importers.report import ProblemLog

EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Column:
    """One column of an import file.

    `type` is one of text, int, float, date, year, code, bool, country. `codes` lists the allowed
    values of a code column (compared case-insensitively) and `code_aliases` maps other labels
    (Korean words, long English names) onto them. `aliases` are further header spellings.
    """

    name: str
    ko: str
    en: str
    type: str = "text"
    required: bool = False
    codes: tuple[str, ...] = ()
    description_ko: str = ""
    description_en: str = ""
    aliases: tuple[str, ...] = ()
    code_aliases: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    not_future: bool = True  # dates and years after today are refused
    example: str = ""

    def headers(self) -> tuple[str, ...]:
        return (self.name, self.ko, self.en, *self.aliases)


def normalise_header(text: str) -> str:
    """Header spelling that ignores case, spaces, underscores, hyphens, dots and brackets."""
    return re.sub(r"[\s_\-\.\(\)\[\]/:]+", "", str(text).replace("\ufeff", "")).casefold()


@dataclass
class Resolved:
    """Which file header holds which spec column (`labels[name]` = header as written)."""

    labels: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.labels

    def label(self, name: str) -> str:
        return self.labels.get(name, name)


def resolve_columns(
    header: Sequence[str], specs: Sequence[Column], log: ProblemLog, *, source: str | None = None, warn_unknown: bool = True
) -> Resolved:
    """Match a file's header against the specs; log missing required and duplicated columns."""
    lookup: dict[str, str] = {}
    for spec in specs:
        for label in spec.headers():
            lookup.setdefault(normalise_header(label), spec.name)
    resolved = Resolved()
    for label in header:
        name = lookup.get(normalise_header(label))
        if name is None:
            if label:
                resolved.unknown.append(label)
            continue
        if name in resolved.labels:
            log.error("importers.error.duplicate_column", row=1, field=label, value=label, other=resolved.labels[name], source=source)
            continue
        resolved.labels[name] = label
    for spec in specs:
        if spec.required and spec.name not in resolved.labels:
            log.error(
                "importers.error.missing_column",
                row=1,
                field=spec.name,
                expected=f"{spec.ko} / {spec.en}",
                ko=spec.ko,
                en=spec.en,
                source=source,
            )
    if resolved.unknown and warn_unknown:
        log.warning("importers.warning.unknown_columns", row=1, value=", ".join(resolved.unknown[:20]), source=source)
    return resolved


# --------------------------------------------------------------------------- converters


def _report(
    log: ProblemLog,
    bad: np.ndarray,
    raw: pd.Series,
    rows: pd.Series,
    code: str,
    field: str,
    *,
    warn: bool = False,
    source: str | None = None,
    **params: object,
) -> None:
    if not bad.any():
        return
    emit = log.warning if warn else log.error
    for row, value in zip(rows[bad].tolist(), raw[bad].tolist(), strict=True):
        emit(code, row=row, field=field, value=value, source=source, **params)


def stripped(raw: pd.Series) -> pd.Series:
    """Cells without surrounding spaces (read_csv gives strings already; no copy to str first)."""
    text = raw if raw.dtype == object else raw.astype(str)
    return text.str.strip()


def text_values(raw: pd.Series) -> pd.Series:
    """Stripped strings; empty cells become None."""
    stripped = raw.astype(str).str.strip()
    return stripped.where(stripped != "", None).astype(object)


_NUMBER_TEXT = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_GROUPED_TEXT = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
_INTEGER_TEXT = re.compile(r"[-+]?\d+")
EXACT_FLOAT_LIMIT = 2**53  # every integer below this has an exact float64; above it, ints need int(text)
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1  # what an integer database column holds
INT32_MAX = 2**31 - 1  # a PostgreSQL `integer` column: more is an input error, not a database crash


def _exact_floats(cells: np.ndarray) -> np.ndarray:
    """float64 of each cell as Python's `float(text)` reads it: the correctly rounded double.

    (`pd.to_numeric` uses a faster string parser that can be off in the last bit, so a value
    with 17 significant digits would not come back as written.) numpy's object→float cast calls
    `float()` on each cell in C; the per-cell loop only runs for a chunk that has a cell `float()`
    refuses, which the callers have already filtered out.
    """
    try:
        return cells.astype(np.float64)
    except (TypeError, ValueError):
        out = np.full(len(cells), np.nan)
        for i, cell in enumerate(cells):
            try:
                out[i] = float(cell)
            except (TypeError, ValueError):
                continue
        return out


def parse_number(raw: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """(floats, empty mask, bad mask). Accepts surrounding spaces and thousands separators (1,234.5).

    Each float is exactly `float(text)`: 17 significant digits round-trip. Which texts count as
    numbers is decided by pandas' fast parser (so `1_000`, full-width digits and `NaN` stay
    refused); the value itself is read by Python. Integers above 2**53 need `exact_integers`.
    """
    accepted = pd.to_numeric(raw, errors="coerce").notna().to_numpy()
    cells = raw.to_numpy(dtype=object)
    if accepted.all():
        array = _exact_floats(cells)
    else:
        array = np.full(len(raw), np.nan)
        array[accepted] = _exact_floats(cells[accepted])
    failed = ~accepted
    empty = np.zeros(len(raw), dtype=bool)
    if failed.any():
        # Slow path only for cells the fast parser refused: blanks, spaces, 1,234 and real garbage.
        subset = raw[failed].astype(str).str.strip()
        empty[failed] = (subset == "").to_numpy()
        array[failed] = [_number_or_nan(text) for text in subset.tolist()]
    values = pd.Series(array, index=raw.index, dtype="float64")
    bad = ~empty & (np.isnan(array) | ~np.isfinite(array))
    return values, empty, bad


def _number_or_nan(text: str) -> float:
    if _GROUPED_TEXT.fullmatch(text):
        text = text.replace(",", "")
    return float(text) if _NUMBER_TEXT.fullmatch(text) else np.nan


def exact_integers(raw: pd.Series, floats: pd.Series, ok: np.ndarray) -> pd.Series:
    """Python ints of the `ok` cells (None elsewhere), exact at any size.

    Below 2**53 the float already is the exact integer; above it, an integer as written
    ("12345678901234567") is read by `int()`, digit for digit, and only a number written with a
    decimal point or exponent ("1.5e16") takes the value of its float.
    """
    array = floats.to_numpy(dtype="float64")
    small = ok & (np.abs(np.nan_to_num(array, nan=0.0)) < EXACT_FLOAT_LIMIT)
    out = pd.Series(array, index=raw.index).where(small).astype("Int64").astype(object).where(small, None)
    large = np.flatnonzero(ok & ~small)
    if len(large):
        cells = raw.to_numpy(dtype=object)
        values = out.to_numpy(dtype=object)
        for i in large:
            text = str(cells[i]).strip()
            if _GROUPED_TEXT.fullmatch(text):
                text = text.replace(",", "")
            values[i] = int(text) if _INTEGER_TEXT.fullmatch(text) else int(array[i])
        out = pd.Series(values, index=raw.index, dtype=object)
    return out


def _report_outside_int64(
    integers: pd.Series, unchecked: np.ndarray, floats: pd.Series, raw: pd.Series, rows: pd.Series, log: ProblemLog,
    field: str, source: str | None,
) -> None:
    """Exact 64-bit range check of the few values whose float sits at the edge (the float
    comparison cannot tell 2**63 - 1 from 2**63)."""
    edge = unchecked & (np.abs(floats.fillna(0).to_numpy(dtype="float64")) >= 2.0**62)
    if not edge.any():
        return
    above = np.zeros(len(integers), dtype=bool)
    below = np.zeros(len(integers), dtype=bool)
    for i in np.flatnonzero(edge):
        above[i] = integers.iat[i] > INT64_MAX
        below[i] = integers.iat[i] < INT64_MIN
    _report(log, above, raw, rows, "importers.error.too_large", field, source=source, maximum=INT64_MAX, expected=f"<= {INT64_MAX}")
    _report(log, below, raw, rows, "importers.error.too_small", field, source=source, minimum=INT64_MIN, expected=f">= {INT64_MIN}")


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def _parse_date(text: str) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_dates(raw: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """(dates as datetime.date objects or None, empty mask, bad mask); parsed once per distinct text.

    Python dates, not pandas timestamps: a typo like 2999-01-01 must read as a (future) date,
    not fall outside pandas' nanosecond range and be called "not a date".
    """
    text = stripped(raw).str.rstrip(".")
    empty = (text == "").to_numpy()
    mapping = {value: _parse_date(value) for value in pd.unique(text[~empty])}
    dates = text.map(mapping).astype(object)
    dates = dates.where(dates.notna(), None)
    bad = ~empty & dates.isna().to_numpy()
    return dates, empty, bad


TRUE_WORDS = {"y", "yes", "true", "t", "1", "예", "o", "네", "참"}
FALSE_WORDS = {"n", "no", "false", "f", "0", "아니오", "x", "아니요", "거짓"}


def today() -> dt.date:
    return dt.date.today()


def convert_column(
    spec: Column,
    raw: pd.Series,
    rows: pd.Series,
    log: ProblemLog,
    *,
    field: str | None = None,
    source: str | None = None,
    strip: bool = True,
) -> pd.Series:
    """Typed values of one column; every bad cell is logged as an error (row, column, value).

    `strip=False` keeps text cells as written (machine-written GBIF files have no padding, and
    stripping a million cells per column is the largest cost of a big import).
    """
    field = field or spec.name
    text = stripped(raw) if (strip or spec.type not in ("text",)) else raw
    empty = (text == "").to_numpy()
    if spec.required:
        _report(log, empty, raw, rows, "importers.error.required", field, source=source)
    kind = spec.type
    if kind in ("int", "year", "float"):
        values, empty, bad = parse_number(raw)
        code = "importers.error.not_number" if kind == "float" else "importers.error.not_integer"
        if kind != "float":
            fractional = ~empty & ~bad & (values.fillna(0) % 1 != 0).to_numpy()
            bad = bad | fractional
        _report(log, bad, raw, rows, code, field, source=source)
        ok = ~empty & ~bad
        low = spec.minimum
        high = spec.maximum
        below = above = np.zeros(len(raw), dtype=bool)
        if kind == "year":
            low = 1500 if low is None else low
            high = today().year if (high is None and spec.not_future) else high
        if kind != "float":  # an integer column holds 64 bits
            low = INT64_MIN if low is None else low
            high = INT64_MAX if high is None else high
        if low is not None:
            below = ok & (values < low).to_numpy()
            _report(log, below, raw, rows, "importers.error.too_small", field, source=source, minimum=low, expected=f">= {low:g}")
        if high is not None:
            above = ok & (values > high).to_numpy()
            code = "importers.error.year_in_future" if kind == "year" and spec.not_future else "importers.error.too_large"
            _report(log, above, raw, rows, code, field, source=source, maximum=high, expected=f"<= {high:g}")
        if kind == "float":
            return values.astype(object).where(ok, None)
        integers = exact_integers(raw, values, ok)
        _report_outside_int64(integers, ok & ~below & ~above, values, raw, rows, log, field, source)
        return integers
    if kind == "date":
        dates, empty, bad = parse_dates(raw)
        _report(log, bad, raw, rows, "importers.error.not_date", field, source=source)
        if spec.not_future:
            limit = today()
            future = np.array([d is not None and d > limit for d in dates], dtype=bool)
            _report(log, future, raw, rows, "importers.error.date_in_future", field, source=source, today=limit.isoformat())
        return dates
    if kind == "bool":
        lowered = text.str.casefold()
        truthy = lowered.isin(TRUE_WORDS).to_numpy()
        falsy = lowered.isin(FALSE_WORDS).to_numpy()
        bad = ~empty & ~truthy & ~falsy
        _report(log, bad, raw, rows, "importers.error.not_bool", field, source=source)
        return pd.Series(np.where(truthy, True, np.where(falsy, False, None)), index=raw.index, dtype=object)
    if kind in ("code", "country"):
        return convert_codes(spec, text, empty, raw, rows, log, field=field, source=source)
    values = text.where(~pd.Series(empty, index=text.index), None).astype(object)
    if spec.max_length:
        too_long = ~empty & (text.str.len() > spec.max_length).to_numpy()
        _report(log, too_long, raw, rows, "importers.error.too_long", field, source=source, max_length=spec.max_length)
    return values


def code_lookup(spec: Column) -> dict[str, str]:
    lookup = {c.casefold(): c for c in spec.codes}
    lookup.update({k.strip().casefold(): v for k, v in spec.code_aliases.items()})
    return lookup


def convert_codes(
    spec: Column,
    text: pd.Series,
    empty: np.ndarray,
    raw: pd.Series,
    rows: pd.Series,
    log: ProblemLog,
    *,
    field: str,
    source: str | None = None,
) -> pd.Series:
    if spec.type == "country":
        values = text.str.upper()
        bad = ~empty & ~values.str.fullmatch(r"[A-Z]{2}").to_numpy()
        _report(log, bad, raw, rows, "importers.error.bad_country", field, source=source)
        return values.where(~pd.Series(empty | bad, index=values.index), None).astype(object)
    lookup = code_lookup(spec)
    uniques = pd.unique(text[~empty])
    mapping = {u: lookup.get(u.casefold()) for u in uniques}
    mapped = text.map(mapping)
    bad = ~empty & mapped.isna().to_numpy()
    _report(log, bad, raw, rows, "importers.error.unknown_code", field, source=source, expected=", ".join(spec.codes))
    return mapped.where(~pd.Series(empty | bad, index=mapped.index), None).astype(object)


def convert_frame(
    chunk: pd.DataFrame,
    specs: Iterable[Column],
    resolved: Resolved,
    log: ProblemLog,
    *,
    source: str | None = None,
    strip: bool = True,
) -> pd.DataFrame:
    """A frame of typed values (column = spec name) for every spec the file has, plus `_row`."""
    rows = chunk[ROW]
    out = pd.DataFrame(index=chunk.index)
    for spec in specs:
        if not resolved.has(spec.name):
            out[spec.name] = None
            continue
        label = resolved.label(spec.name)
        out[spec.name] = convert_column(spec, chunk[label], rows, log, field=label, source=source, strip=strip)
    out[ROW] = rows
    return out


def check_consistent(
    frame: pd.DataFrame,
    key: Sequence[str],
    columns: Sequence[str],
    log: ProblemLog,
    *,
    what: str,
    labels: Callable[[str], str] = lambda name: name,
) -> None:
    """Rows that share `key` must agree on `columns` (e.g. a permit repeated on each line)."""
    if frame.empty:
        return
    present = [c for c in columns if c in frame.columns]
    for column in present:
        sub = frame[[*key, column, ROW]].copy()
        sub["_v"] = sub[column].map(lambda v: "" if v is None else str(v))
        counts = sub.groupby(list(key), dropna=False)["_v"].nunique()
        conflicting = counts[counts > 1]
        if conflicting.empty:
            continue
        bad = sub.set_index(list(key)).index.isin(conflicting.index)
        for _, record in sub[bad].iterrows():
            log.error(
                "importers.error.inconsistent_value",
                row=record[ROW],
                field=labels(column),
                value=record[column],
                what=what,
                key=" / ".join(str(record[k]) for k in key),
            )
