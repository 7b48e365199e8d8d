"""Opening files other systems produce, safely: limits, formats, encodings, archives, tables.

Everything here refuses hostile or broken input with a logged problem instead of crashing:
files that are empty or too large, zip bombs (declared sizes and compression ratios are checked
before a byte is inflated, and inflation is metered), path traversal (archive members are read as
streams, and the few that GDAL must see on disk are copied under generated names into a private
scratch folder), unknown encodings (strict decoding; never a silent guess) and malformed CSV.

Tables are read in chunks of strings (`dtype=str`, `keep_default_na=False`) so that `NA`
(Namibia) and `NULL` stay text until a column spec decides what they mean.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
import shutil
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

import pandas as pd

from data_access.importers.report import ImportRefused, ProblemLog

MB = 1024 * 1024
CHUNK_ROWS = 200_000
SNIFF_BYTES = 64 * 1024

OpenStream = Callable[[], IO[bytes]]


@dataclass(frozen=True)
class Limits:
    """Size limits; each can be set through an import option of the same name (in MB / ratio)."""

    max_file_mb: float = 2048  # the file as given (CSV, zip, xlsx ...)
    max_uncompressed_mb: float = 8192  # everything an archive would inflate to
    max_ratio: float = 200.0  # inflated / compressed size of any archive member
    max_members: int = 100_000  # a GBIF archive holds one EML file per contributing dataset

    @classmethod
    def from_options(cls, options: Mapping[str, str]) -> Limits:
        values: dict[str, Any] = {}
        for name, kind in (("max_file_mb", float), ("max_uncompressed_mb", float), ("max_ratio", float), ("max_members", int)):
            if options.get(name):
                values[name] = kind(options[name])
        return cls(**values)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(4 * MB), b""):
            digest.update(block)
    return digest.hexdigest()


def check_file(path: Path, limits: Limits, log: ProblemLog) -> None:
    """The file exists, is a file, is not empty and is not larger than the limit."""
    if not path.exists():
        raise log.refuse("importers.error.file_missing", value=str(path))
    if not path.is_file():
        raise log.refuse("importers.error.not_a_file", value=str(path))
    size = path.stat().st_size
    if size == 0:
        raise log.refuse("importers.error.empty_file")
    if size > limits.max_file_mb * MB:
        raise log.refuse("importers.error.file_too_large", size_mb=round(size / MB, 1), limit_mb=limits.max_file_mb)


# --------------------------------------------------------------------------- format sniffing

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
SQLITE_MAGIC = b"SQLite format 3\x00"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc
SHP_MAGIC = b"\x00\x00\x27\x0a"


def sniff_format(path: Path) -> str:
    """'zip', 'xlsx', 'sqlite', 'xls', 'shp', 'json', 'binary' or 'text', from the first bytes."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return "zip"  # SafeZip then refuses it with a message about a damaged archive
        return "xlsx" if "xl/workbook.xml" in names else "zip"
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(OLE_MAGIC):
        return "xls"
    if head.startswith(SHP_MAGIC):
        return "shp"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text"
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped.startswith(b"{"):
        return "json"
    if b"\x00" in head:
        return "binary"
    return "text"


# --------------------------------------------------------------------------- encodings

HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e\u4e00-\u9fff]")


def _strict_decode_ok(open_stream: OpenStream, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with open_stream() as handle:
            for block in iter(lambda: handle.read(4 * MB), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _utf8_before_first_error(open_stream: OpenStream) -> bool:
    """Whether multi-byte UTF-8 characters come before the first byte that is not UTF-8.

    CP949 Hangul starts with a byte UTF-8 forbids as a lead byte, so a real CP949 file fails at
    its first Korean character; valid UTF-8 Hangul before the failure means a mixed file.
    """
    seen_non_ascii = False
    with open_stream() as handle:
        for block in iter(lambda: handle.read(4 * MB), b""):
            try:
                block.decode("utf-8")
            except UnicodeDecodeError as exc:
                if exc.reason == "unexpected end of data" and exc.end == len(block):
                    pass  # a character cut by the block boundary; the next block decides
                else:
                    return seen_non_ascii or any(byte >= 0x80 for byte in block[: exc.start])
            seen_non_ascii = seen_non_ascii or any(byte >= 0x80 for byte in block[:4096]) or not block.isascii()
    return False


def _mostly_korean(sample: bytes, encoding: str) -> bool:
    """Whether the non-ASCII characters of a CP949 decoding are Hangul/Hanja, not mojibake."""
    text = sample.decode(encoding, errors="ignore")
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return True
    korean = sum(1 for c in non_ascii if HANGUL.match(c))
    return korean / len(non_ascii) >= 0.8


def detect_encoding(open_stream: OpenStream, log: ProblemLog, *, forced: str | None = None) -> str:
    """The text encoding of a stream: UTF-8 (with or without BOM), UTF-16 with BOM, or CP949.

    The whole stream is decoded strictly once, so a file that is UTF-8 for a megabyte and CP949
    after it is caught. Anything else is refused unless charset-normalizer names an encoding that
    also decodes the whole file strictly; then a warning names it, so the guess is never silent.
    `forced` (the `encoding` option) skips detection but is still checked.
    """
    with open_stream() as handle:
        sample = handle.read(SNIFF_BYTES * 4)
    if forced:
        try:
            codecs.lookup(forced)
        except LookupError:
            raise log.refuse("importers.error.unknown_encoding_option", value=forced) from None
        if not _strict_decode_ok(open_stream, forced):
            raise log.refuse("importers.error.encoding_mismatch", value=forced)
        return forced
    if sample.startswith(codecs.BOM_UTF8):
        if _strict_decode_ok(open_stream, "utf-8-sig"):
            return "utf-8-sig"
        raise log.refuse("importers.error.encoding_unknown")
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if _strict_decode_ok(open_stream, "utf-16"):
            return "utf-16"
        raise log.refuse("importers.error.encoding_unknown")
    if _strict_decode_ok(open_stream, "utf-8"):
        return "utf-8"
    if _utf8_before_first_error(open_stream):
        # Valid UTF-8 text (Hangul included) followed by bytes that are not: two files pasted
        # together, or an editor that saved part of it in another encoding. Never guess.
        raise log.refuse("importers.error.encoding_unknown")
    if _strict_decode_ok(open_stream, "cp949") and _mostly_korean(sample, "cp949"):
        return "cp949"
    guessed = _guess_with_charset_normalizer(sample)
    if guessed and _strict_decode_ok(open_stream, guessed):
        log.warning("importers.warning.encoding_guessed", value=guessed)
        return guessed
    raise log.refuse("importers.error.encoding_unknown")


def _guess_with_charset_normalizer(sample: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None or best.chaos > 0.2:
        return None
    return best.encoding


# --------------------------------------------------------------------------- archives


def _unsafe_member_name(name: str) -> bool:
    if "\x00" in name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return any(part == ".." for part in re.split(r"[\\/]", name))


class SafeZip:
    """A zip archive whose directory was checked before anything is inflated.

    Refuses archives with unsafe member names (absolute, `..`, drive letters), too many members,
    too much declared inflated data, or any member compressed more than `max_ratio` to 1.
    Members are read as streams; `copy_member` meters what it inflates against the declared size.
    """

    def __init__(self, source: Path | IO[bytes], limits: Limits, log: ProblemLog, *, label: str | None = None) -> None:
        self.limits = limits
        self.log = log
        self.label = label
        try:
            self.archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError):
            raise log.refuse("importers.error.bad_zip", value=label) from None
        self._check_directory()

    def _check_directory(self) -> None:
        infos = self.archive.infolist()
        if len(infos) > self.limits.max_members:
            raise self.log.refuse("importers.error.zip_too_many_members", value=len(infos), limit=self.limits.max_members)
        total = 0
        for info in infos:
            if _unsafe_member_name(info.filename):
                raise self.log.refuse("importers.error.zip_path_traversal", value=info.filename)
            if info.flag_bits & 0x1:
                raise self.log.refuse("importers.error.zip_encrypted", value=info.filename)
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MB and ratio > self.limits.max_ratio:
                raise self.log.refuse("importers.error.zip_bomb", value=info.filename, ratio=round(ratio), limit=self.limits.max_ratio)
        if total > self.limits.max_uncompressed_mb * MB:
            raise self.log.refuse(
                "importers.error.zip_too_large", size_mb=round(total / MB), limit_mb=self.limits.max_uncompressed_mb
            )

    def names(self) -> list[str]:
        return [i.filename for i in self.archive.infolist() if not i.is_dir()]

    def find(self, predicate: Callable[[str], bool]) -> list[str]:
        return sorted(n for n in self.names() if predicate(n))

    def opener(self, name: str) -> OpenStream:
        return lambda: self.archive.open(name)

    def read_bytes(self, name: str, limit_mb: float = 64) -> bytes:
        info = self.archive.getinfo(name)
        if info.file_size > limit_mb * MB:
            raise self.log.refuse("importers.error.member_too_large", value=name, limit_mb=limit_mb)
        return self.archive.read(name)

    def copy_member(self, name: str, target: Path) -> Path:
        """Inflate one member to `target` (a path the caller chose), metering the bytes."""
        info = self.archive.getinfo(name)
        written = 0
        with self.archive.open(info) as source, target.open("wb") as sink:
            for block in iter(lambda: source.read(MB), b""):
                written += len(block)
                if written > info.file_size or written > self.limits.max_uncompressed_mb * MB:
                    raise self.log.refuse("importers.error.zip_bomb", value=name, ratio="?", limit=self.limits.max_ratio)
                sink.write(block)
        return target

    def close(self) -> None:
        self.archive.close()


def safe_basename(name: str) -> str:
    """A file name to use in the scratch folder: the last path part, restricted characters."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.\-]+", "_", base)
    return base.lstrip(".") or "member"


def copy_members_to_scratch(archive: SafeZip, names: list[str], scratch: Path, prefix: str = "") -> dict[str, Path]:
    """Copy members into `scratch` under sanitised, de-duplicated names (never archive paths)."""
    scratch.mkdir(parents=True, exist_ok=True)
    result: dict[str, Path] = {}
    for name in names:
        target = scratch / f"{prefix}{safe_basename(name)}"
        if target.exists():
            raise archive.log.refuse("importers.error.zip_duplicate_member", value=name)
        result[name] = archive.copy_member(name, target)
    return result


def remove_scratch(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class TableSource:
    """A delimited text table (file or archive member) or the first sheet of an XLSX file."""

    label: str  # shown in problems when the input has several parts
    open_stream: OpenStream
    kind: str = "csv"  # csv | xlsx
    delimiter: str | None = None  # None = sniff from the header line
    quoting: int = csv.QUOTE_MINIMAL
    encoding: str | None = None  # None = detect
    header_row: int = 1  # physical line/row of the header (1 = first line)
    names: tuple[str, ...] | None = None  # column names from a descriptor instead of the header
    usecols: tuple[int, ...] | None = None  # positions to read, with `names`
    sheet: str | None = None
    keep: Callable[[list[str]], list[str]] | None = None  # header names worth parsing (others skipped)


@dataclass
class Table:
    """An opened table: its header and an iterator of string chunks with a `_row` column."""

    header: list[str]
    chunks: Iterator[pd.DataFrame]
    encoding: str | None = None


ROW = "_row"


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def clean_header(name: object) -> str:
    return str(name).replace("\ufeff", "").strip().strip('"').strip()


def _first_line(open_stream: OpenStream, encoding: str, skip: int) -> str:
    with open_stream() as raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as text:
        for _ in range(skip):
            text.readline()
        return text.readline().rstrip("\r\n")


def open_table(source: TableSource, log: ProblemLog, *, chunk_rows: int = CHUNK_ROWS, forced_encoding: str | None = None) -> Table:
    """Open a CSV/TSV (any supported encoding) or XLSX table for chunked reading."""
    if source.kind == "xlsx":
        return _open_xlsx(source, log, chunk_rows=chunk_rows)
    encoding = source.encoding or detect_encoding(source.open_stream, log, forced=forced_encoding)
    skip = source.header_row - 1
    first = _first_line(source.open_stream, encoding, skip)
    if not first.strip():
        raise log.refuse("importers.error.no_header", source=source.label)
    delimiter = source.delimiter or _sniff_delimiter(first)
    if source.names is not None:
        header = list(source.names)
    else:
        header = [clean_header(h) for h in next(csv.reader([first], delimiter=delimiter, quoting=source.quoting))]
    selected: list[int] | None = None
    if source.keep is not None and source.names is None:
        wanted = set(source.keep(header))
        selected = [i for i, name in enumerate(header) if name in wanted]
    return Table(header=header, chunks=_csv_chunks(source, log, encoding, delimiter, chunk_rows, selected), encoding=encoding)


def _parser_error_row(message: str, header_row: int) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) + header_row - 1 if match else None


def _csv_chunks(
    source: TableSource, log: ProblemLog, encoding: str, delimiter: str, chunk_rows: int, selected: list[int] | None = None
) -> Iterator[pd.DataFrame]:
    skip = source.header_row - 1
    kwargs: dict[str, Any] = {
        "sep": delimiter,
        "dtype": str,
        "keep_default_na": False,
        "na_filter": False,
        "quoting": source.quoting,
        "encoding": encoding,
        "chunksize": chunk_rows,
        "skip_blank_lines": True,
        "engine": "c",
        "low_memory": False,
        "index_col": False,  # never turn surplus fields into an index (that shifts every column)
    }
    if source.quoting == csv.QUOTE_NONE:
        kwargs["escapechar"] = None
    if source.names is not None:
        kwargs.update(header=None, skiprows=skip + 1)
        if source.usecols is not None:
            kwargs["usecols"] = list(source.usecols)
    else:
        kwargs.update(header=0, skiprows=skip)
        if selected is not None:
            kwargs["usecols"] = selected
    next_row = source.header_row + 1
    with source.open_stream() as raw:
        try:
            reader = pd.read_csv(raw, **kwargs)
            for chunk in _checked(reader, log, source.label):
                if source.names is not None:
                    if source.usecols is not None:
                        order = sorted(source.usecols)
                        chunk.columns = [source.names[source.usecols.index(i)] for i in order]
                    else:
                        chunk.columns = list(source.names)[: len(chunk.columns)]
                else:
                    chunk.columns = [clean_header(c) for c in chunk.columns]
                if chunk.isna().to_numpy().any():  # short rows: missing trailing fields
                    chunk = chunk.fillna("")
                chunk[ROW] = range(next_row, next_row + len(chunk))
                next_row += len(chunk)
                yield chunk
        except pd.errors.ParserError as exc:
            row = _parser_error_row(str(exc), source.header_row)
            raise log.refuse("importers.error.malformed_table", row=row, value=str(exc)[:160], source=source.label) from None
        except UnicodeDecodeError:
            raise log.refuse("importers.error.encoding_unknown", source=source.label) from None
        except pd.errors.EmptyDataError:
            return


def _checked(reader: Iterator[pd.DataFrame], log: ProblemLog, label: str) -> Iterator[pd.DataFrame]:
    """Chunks, refusing the file when pandas reports rows longer than the header (data loss)."""
    while True:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            chunk = next(reader, None)
        if any("does not match length" in str(w.message) for w in caught):
            raise log.refuse("importers.error.malformed_table", value="more fields than columns in the header", source=label)
        if chunk is None:
            return
        yield chunk


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value).strip()


def _open_xlsx(source: TableSource, log: ProblemLog, *, chunk_rows: int) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(source.open_stream(), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken workbook
        raise log.refuse("importers.error.bad_xlsx", source=source.label) from None
    sheet = workbook[source.sheet] if source.sheet and source.sheet in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header: list[str] | None = None
    header_row = 0
    for number, values in enumerate(rows, start=1):
        if values and any(v not in (None, "") for v in values):
            header = [clean_header(_cell_text(v)) for v in values]
            header_row = number
            break
    if header is None:
        workbook.close()
        raise log.refuse("importers.error.no_header", source=source.label)
    while header and header[-1] == "":
        header.pop()
    width = len(header)

    def chunks() -> Iterator[pd.DataFrame]:
        buffer: list[list[str]] = []
        numbers: list[int] = []
        try:
            for number, values in enumerate(rows, start=header_row + 1):
                cells = [_cell_text(v) for v in (values or ())][:width]
                if not any(cells):
                    continue
                cells += [""] * (width - len(cells))
                buffer.append(cells)
                numbers.append(number)
                if len(buffer) >= chunk_rows:
                    yield _frame(buffer, numbers)
                    buffer, numbers = [], []
            if buffer:
                yield _frame(buffer, numbers)
        finally:
            workbook.close()

    def _frame(buffer: list[list[str]], numbers: list[int]) -> pd.DataFrame:
        frame = pd.DataFrame(buffer, columns=header, dtype=object)
        frame[ROW] = numbers
        return frame

    return Table(header=header, chunks=chunks(), encoding=None)


def table_source_for(path: Path, fmt: str, log: ProblemLog, limits: Limits, *, sheet: str | None = None) -> TableSource:
    """A TableSource for a plain CSV/TSV or XLSX file (xlsx is zip: checked for bombs first)."""
    if fmt == "xlsx":
        SafeZip(path, limits, log, label=path.name).close()
        return TableSource(label=path.name, open_stream=lambda: path.open("rb"), kind="xlsx", sheet=sheet)
    if fmt == "xls":
        raise log.refuse("importers.error.legacy_xls")
    if fmt != "text":
        raise log.refuse("importers.error.not_a_table", value=fmt)
    return TableSource(label=path.name, open_stream=lambda: path.open("rb"))


def read_whole_table(table: Table) -> pd.DataFrame:
    """All chunks of a (small) table in one frame: code lists, infiles, derived Red List files."""
    frames = list(table.chunks)
    if not frames:
        return pd.DataFrame(columns=[*table.header, ROW])
    return pd.concat(frames, ignore_index=True)


def refuse_unless(condition: bool, log: ProblemLog, code: str, **kwargs: Any) -> None:
    if not condition:
        raise log.refuse(code, **kwargs)


__all__ = [
    "ROW",
    "ImportRefused",
    "Limits",
    "SafeZip",
    "Table",
    "TableSource",
    "check_file",
    "copy_members_to_scratch",
    "detect_encoding",
    "open_table",
    "read_whole_table",
    "sha256_of",
    "sniff_format",
    "table_source_for",
]
